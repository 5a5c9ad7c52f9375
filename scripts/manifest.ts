/**
 * `npm run manifest`: writes the Slack app manifest for a deployed stack to `manifest.json` (not
 * committed: it holds that deployment's URL), ready for api.slack.com → Create New App → From an
 * app manifest, or for the App Manifest page of an existing app.
 *
 * Slack refuses a manifest whose request URLs it cannot reach ("URL isn't verified"), so there is
 * no placeholder version of this file in the repository: the URL comes from the deployed stack,
 *   npm run manifest -- --url https://<api-id>.execute-api.us-east-1.amazonaws.com/slack/events
 *     (the `SlackEventsUrl` output `osls deploy --verbose` prints; the API's base URL works too), or
 *   npm run manifest -- --stage prod
 *     (asks `osls info --verbose` for that output, with the AWS credentials of the shell).
 *
 * What the manifest asks of Slack follows what the code does: test/unit/deploy/manifest.test.ts
 * derives the scopes and events from the Web API methods and events src/slack uses.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The one route of the slack function (serverless.yml `httpApi.path`; a test keeps them equal). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The stage serverless.yml deploys when none is given (`${opt:stage, 'dev'}`). */
const DEFAULT_STAGE = 'dev';

/** Bot scopes, each needed by a Web API method tune calls or an event it subscribes to. */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'files:read',
  'files:write',
  'usergroups:read',
] as const;

export const BOT_EVENTS = [
  'app_mention',
  'message.channels',
  'message.groups',
  'app_home_opened',
  // A workspace removing tune, or revoking its token: its installation is deleted.
  'app_uninstalled',
  'tokens_revoked',
] as const;

/** Where Slack sends a person back after "Add to Slack": the install function, beside the events route. */
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The manifest with every request URL (slash command, interactivity, events) set to `requestUrl`. */
export function slackManifest(requestUrl: string) {
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'tune',
      description:
        'Fine-tune Amazon Bedrock models from Slack: share a dataset, check it, see the cost, start a job, follow it to the end.',
      long_description:
        "tune lets a team customize Amazon Bedrock foundation models without leaving Slack. Share a JSONL dataset in a channel and tune validates it line by line against the chosen base model's rules, converts what it can, stores it and reports tokens and the estimated cost. /tune start launches a fine-tuning or continued pre-training job after an explicit confirmation, every state change is posted to the job's thread, and the App Home lists your jobs and tuned models.",
      background_color: '#232f3e',
    },
    features: {
      app_home: {
        home_tab_enabled: true,
        messages_tab_enabled: false,
        messages_tab_read_only_enabled: false,
      },
      bot_user: { display_name: 'tune', always_online: true },
      slash_commands: [
        {
          command: '/tune',
          url: requestUrl,
          description: 'Validate datasets, start and follow Bedrock fine-tuning jobs',
          usage_hint:
            'help | datasets | upload | start | status | list | eval | stop | models | deploy | undeploy | ask | use | share',
          // Escaped, so that `#channel` arrives as `<#C…|name>`: `/tune share` needs the channel's
          // id. Links Slack wraps on the way are unwrapped by src/core/commands/parse.ts.
          should_escape: true,
        },
      ],
    },
    oauth_config: {
      redirect_urls: [new URL(SLACK_OAUTH_REDIRECT_PATH, requestUrl).href],
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { request_url: requestUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/**
 * The request URL from what a person typed: the full `SlackEventsUrl`, or the API's base URL, to
 * which the route is added. Anything Slack would refuse (not https, another path) is an error.
 */
export function slackRequestUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ManifestError(`"${text}" is not a URL: pass the SlackEventsUrl output of the deployed stack.`);
  }
  if (url.protocol !== 'https:') {
    throw new ManifestError(`${url.href} is not https: Slack sends requests to https URLs only.`);
  }
  if (url.search || url.hash) {
    throw new ManifestError(`${url.href} has a query or fragment: pass the SlackEventsUrl output as it is.`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') return `${url.origin}${SLACK_EVENTS_PATH}`;
  if (path === SLACK_EVENTS_PATH) return `${url.origin}${SLACK_EVENTS_PATH}`;
  throw new ManifestError(
    `${url.href} does not end in ${SLACK_EVENTS_PATH}, the one route the slack function serves.`,
  );
}

/** The `SlackEventsUrl` stack output in what `osls info --verbose` printed, if it is there. */
export function slackEventsUrlInInfo(output: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the terminal's colour codes.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return /^\s*SlackEventsUrl:\s*(https:\/\/\S+)\s*$/m.exec(plain)?.[1];
}

/** What osls said went wrong: the line after its `Error:` heading, not Node's warnings. */
export function oslsFailure(error: unknown): string {
  const printed =
    typeof error === 'object' && error !== null
      ? ['stdout', 'stderr'].map((stream) => String(Reflect.get(error, stream) ?? '')).join('\n')
      : '';
  const lines = printed.split('\n').map((line) => line.trim());
  const heading = lines.findIndex((line) => /^Error:?$/.test(line));
  const said = heading >= 0 ? lines.slice(heading + 1).find((line) => line.length > 0) : undefined;
  return said ?? (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
}

async function slackEventsUrlOfStage(stage: string): Promise<string> {
  const osls = join(root, 'node_modules', '.bin', 'osls');
  let output: string;
  try {
    const result = await promisify(execFile)(osls, ['info', '--verbose', '--stage', stage], {
      cwd: root,
      timeout: 120_000,
      maxBuffer: 10 * 1024 * 1024,
    });
    output = `${result.stdout}\n${result.stderr}`;
  } catch (error) {
    const detail = oslsFailure(error);
    throw new ManifestError(
      `could not read the outputs of stage ${stage} with osls info (${detail}). Deploy first, with AWS credentials in this shell, or pass the URL: npm run manifest -- --url <SlackEventsUrl>`,
    );
  }
  const url = slackEventsUrlInInfo(output);
  if (!url) {
    throw new ManifestError(
      `osls info printed no SlackEventsUrl output for stage ${stage}: is the stack deployed? Pass the URL with --url otherwise.`,
    );
  }
  return url;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      stage: { type: 'string', default: DEFAULT_STAGE },
      out: { type: 'string', default: 'manifest.json' },
    },
  });
  const requestUrl = slackRequestUrl(values.url ?? (await slackEventsUrlOfStage(values.stage)));
  const path = resolve(root, values.out);
  await writeFile(path, `${JSON.stringify(slackManifest(requestUrl), null, 2)}\n`);
  process.stdout.write(
    `Wrote ${relative(process.cwd(), path)} with request URL ${requestUrl}.\n` +
      'Create the app from it at https://api.slack.com/apps (Create New App → From an app manifest),\n' +
      'or paste it into the App Manifest page of the app you already have.\n',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    const message = error instanceof ManifestError ? error.message : String(error);
    process.stderr.write(`manifest: ${message}\n`);
    process.exitCode = 1;
  });
}
