/**
 * The whole of tune on one machine: dynalite, s3rver, the Bedrock emulator, a local AWS price list
 * and the Slack sandbox,
 * with the three Lambda handlers composed exactly as on AWS (same build functions, same config
 * parsing) and wired by local stand-ins for what AWS would do: an HTTP server in front of the
 * `slack` handler (API Gateway), an in-process queue feeding the `worker` (SQS), and a timer
 * calling `watch` (the schedule). Used by `npm start` and by the integration and e2e tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import { type AwsClients, createAwsClients } from '../aws/clients.js';
import { type Config, loadConfig } from '../config.js';
import type { Clock, Logger } from '../core/ports.js';
import { buildInstallHandler } from '../handlers/install.js';
import {
  type ModelRegistry,
  pricesRefresherFor,
  resolveBaseRuntime,
  resolveRuntime,
  slackEdgeDependencies,
} from '../handlers/runtime.js';
import { buildSlackHandler } from '../handlers/slack.js';
import { buildWatch } from '../handlers/watch.js';
import { buildWorker } from '../handlers/worker.js';
import { installationStoreFor } from '../handlers/workspaces.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { INSTALL_BOT_SCOPES } from '../slack/install/scopes.js';
import { registerListeners } from '../slack/listeners/index.js';
import type { Task } from '../slack/tasks.js';
import type { WatchRunResult } from '../slack/watch-run.js';
import {
  ensureTable,
  LOCAL_CREDENTIALS,
  type LocalServer,
  startDynalite,
  startS3rver,
} from './aws-servers.js';
import {
  type BedrockEmulator,
  type FaultSettings,
  startBedrockEmulator,
  WORLDS,
  type World,
} from './bedrock-emulator/index.js';
import { consoleLogger } from './console-logger.js';
import { InProcessQueue } from './in-process-queue.js';
import { serveLambdas } from './lambda-http.js';
import { type PriceListServer, startPriceListServer } from './price-list/index.js';
import { type SlackSandbox, startSlackSandbox } from './slack-sandbox/index.js';

/** Fixed local secrets: the sandbox and the bot must agree, and nothing here is reachable from outside. */
export const SANDBOX_SIGNING_SECRET = 'tune-local-sandbox-signing-secret';
export const SANDBOX_BOT_TOKEN = 'xoxb-tune-local-sandbox';
/** The app's OAuth credentials the sandbox accepts for "Add to Slack" (TUNE_SLACK_WORKSPACES=many). */
export const SANDBOX_CLIENT_ID = '0000000000.0000000000';
export const SANDBOX_CLIENT_SECRET = 'tune-local-sandbox-client-secret';
/** The seeded `@tune-admins` user group of the sandbox. */
export const SANDBOX_ADMINS_GROUP = 'S0TUNEADMINS';
/**
 * The region tune is deployed to (docs/bedrock-models.md): the Nova models fine-tune there and are
 * served on demand. Titan Text, which made us-west-2 the local choice, is past its end of life.
 */
const LOCAL_REGION = 'us-east-1';
const LOCAL_TABLE = 'tune-local';
const LOCAL_BUCKET = 'tune-local';

export interface LocalStackOptions {
  /** Keeps everything (DynamoDB, S3, emulator, sandbox) here across restarts; a temp dir when absent. */
  directory?: string;
  /** Port of the bot's HTTP endpoint; 0 picks a free one. */
  botPort?: number;
  /** Port of the sandbox page; 0 picks a free one. */
  sandboxPort?: number;
  /** Where Slack comes from: the sandbox, or a real workspace (HTTP or Socket Mode). */
  slack?: { mode: 'sandbox' } | { mode: 'real'; botToken: string; signingSecret: string; appToken?: string };
  /** Where AWS comes from: local stand-ins, or real AWS with the given environment. */
  aws?: { mode: 'local' } | { mode: 'real'; environment: Record<string, string | undefined> };
  emulator?: {
    /** Which Bedrock the emulator plays: today's (the default) or the 2024 workshop's. */
    world?: World;
    trainingMs?: number;
    stoppingMs?: number;
    provisioningMs?: number;
    deploymentMs?: number;
    /** Between ConverseStream text deltas, in real time. */
    streamIntervalMs?: number;
    now?: () => number;
    faults?: FaultSettings;
  };
  /** Replaces the Bedrock clients' request timeouts (src/aws/clients.ts): short, for tests whose emulator hangs. */
  bedrockRequestTimeoutMs?: number;
  /**
   * The custom model registry and the directory of what serves each model, for asking tuned
   * models; the serving side builds the real ones. Without them, asking says it is not set up.
   */
  registry?: ModelRegistry;
  /** How often the watch runs; 0 disables the timer (tests call runWatch). */
  watchIntervalMs?: number;
  /** Queue redelivery delay (SQS visibility timeout stand-in). */
  retryDelayMs?: number;
  /** tune's time for the worker and the watch (a test's manual clock); the Slack edge keeps the wall clock. */
  clock?: Clock;
  logger?: Logger;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Extra configuration (e.g. TUNE_AUTHORIZED_USERS); in the sandbox, the @tune-admins group is authorized by default. */
  environment?: Record<string, string>;
}

export interface LocalStack {
  config: Config;
  clients: AwsClients;
  /** The URL Slack (or the sandbox) posts to. */
  botUrl: string | undefined;
  /** The "Add to Slack" page of the install function (with TUNE_SLACK_WORKSPACES=many). */
  installUrl: string | undefined;
  sandbox: SlackSandbox | undefined;
  emulator: BedrockEmulator | undefined;
  /** The local AWS price list (undefined with real AWS). */
  priceList: PriceListServer | undefined;
  queue: InProcessQueue<Task>;
  /** Runs the watch once, as the 5-minute schedule would. */
  runWatch(): Promise<WatchRunResult>;
  /** Resolves when the queue is empty and nothing is running. */
  idle(): Promise<void>;
  describe(): string[];
  close(): Promise<void>;
}

/**
 * `TUNE_EMULATOR_WORLD` read for `npm start`: `today` (also when unset) or `2024`. Anything else
 * stops the start with the variable's name, rather than silently playing a world nobody chose.
 */
export function emulatorWorld(value: string | undefined): World {
  if (value === undefined || value === '') return 'today';
  const world = WORLDS.find((known) => known === value);
  if (!world) {
    throw new Error(
      `TUNE_EMULATOR_WORLD is "${value}"; it chooses which Bedrock the emulator plays and must be one of: ${WORLDS.join(', ')}.`,
    );
  }
  return world;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const logLevel = options.logLevel ?? 'INFO';
  const logger = options.logger ?? consoleLogger('tune', logLevel);
  const temporary = options.directory ? undefined : await mkdtemp(join(tmpdir(), 'tune-local-'));
  const directory = options.directory ?? temporary ?? '.tune';
  const closers: (() => Promise<void>)[] = [];
  const lines: string[] = [];

  try {
    // AWS: local stand-ins or the real thing.
    const awsMode = options.aws ?? { mode: 'local' };
    let environment: Record<string, string | undefined>;
    let clients: AwsClients;
    let emulator: BedrockEmulator | undefined;
    let priceList: PriceListServer | undefined;
    if (awsMode.mode === 'local') {
      const dynamodb: LocalServer = await startDynalite({ directory: join(directory, 'dynamodb') });
      closers.push(dynamodb.close);
      const s3: LocalServer = await startS3rver({
        directory: join(directory, 's3'),
        buckets: [LOCAL_BUCKET],
      });
      closers.push(s3.close);
      const s3Only = createAwsClients({
        region: LOCAL_REGION,
        endpoints: { s3: s3.endpoint },
        credentials: LOCAL_CREDENTIALS,
      });
      emulator = await startBedrockEmulator({
        s3: s3Only.s3,
        buckets: [LOCAL_BUCKET],
        directory: join(directory, 'bedrock'),
        region: LOCAL_REGION,
        ...(options.emulator ?? {}),
      });
      closers.push(emulator.close);
      priceList = await startPriceListServer();
      closers.push(priceList.close);
      environment = {
        AWS_REGION: LOCAL_REGION,
        TUNE_TABLE_NAME: LOCAL_TABLE,
        TUNE_BUCKET: LOCAL_BUCKET,
        TUNE_BEDROCK_ROLE_ARN: 'arn:aws:iam::000000000000:role/tune-local-bedrock',
        TUNE_DYNAMODB_ENDPOINT: dynamodb.endpoint,
        TUNE_S3_ENDPOINT: s3.endpoint,
        TUNE_BEDROCK_ENDPOINT: emulator.url,
        TUNE_BEDROCK_RUNTIME_ENDPOINT: emulator.url,
        TUNE_PRICING_ENDPOINT: priceList.url,
      };
      clients = createAwsClients({
        region: LOCAL_REGION,
        endpoints: {
          dynamodb: dynamodb.endpoint,
          s3: s3.endpoint,
          bedrock: emulator.url,
          bedrockRuntime: emulator.url,
          pricing: priceList.url,
        },
        credentials: LOCAL_CREDENTIALS,
        ...(options.bedrockRequestTimeoutMs
          ? { bedrockRequestTimeoutMs: options.bedrockRequestTimeoutMs }
          : {}),
      });
      await ensureTable(clients.dynamodb, LOCAL_TABLE);
      lines.push(
        `AWS: local stand-ins in ${LOCAL_REGION} (data in ${directory}) — DynamoDB ${dynamodb.endpoint} (dynalite), S3 ${s3.endpoint} (s3rver), Bedrock ${emulator.url} (emulator playing ${options.emulator?.world === '2024' ? "the workshop's 2024 Bedrock" : "today's Bedrock"}: NOT a language model), price list ${priceList.url} (published prices where a record was found, docs/bedrock-prices.md)`,
      );
    } else {
      environment = { ...awsMode.environment };
      clients = createAwsClients({
        region: environment.AWS_REGION ?? 'us-east-1',
        endpoints: {},
      });
      lines.push(
        `AWS: real AWS in ${environment.AWS_REGION ?? 'us-east-1'} (table ${environment.TUNE_TABLE_NAME}, bucket ${environment.TUNE_BUCKET})`,
      );
    }

    // Slack: the sandbox, or a real workspace.
    const slackMode = options.slack ?? { mode: 'sandbox' };
    let sandbox: SlackSandbox | undefined;
    if (slackMode.mode === 'sandbox') {
      sandbox = await startSlackSandbox({
        port: options.sandboxPort ?? 0,
        signingSecret: SANDBOX_SIGNING_SECRET,
        botToken: SANDBOX_BOT_TOKEN,
        directory: join(directory, 'slack-sandbox'),
        oauth: { clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET },
      });
      closers.push(sandbox.close);
      environment = {
        ...environment,
        SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
        SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
        TUNE_SLACK_API_URL: sandbox.apiUrl,
        SLACK_CLIENT_ID: SANDBOX_CLIENT_ID,
        SLACK_CLIENT_SECRET: SANDBOX_CLIENT_SECRET,
        SLACK_BOT_ID: sandbox.botId,
        SLACK_BOT_USER_ID: sandbox.botUserId,
        // The sandbox's seeded admins group (alice): bob can try being refused.
        TUNE_AUTHORIZED_USERGROUP: SANDBOX_ADMINS_GROUP,
      };
    } else {
      environment = {
        ...environment,
        SLACK_SIGNING_SECRET: slackMode.signingSecret,
        SLACK_BOT_TOKEN: slackMode.botToken,
      };
    }

    const config = loadConfig({ ...environment, ...options.environment, TUNE_LOG_LEVEL: logLevel });
    const clock = options.clock;
    const overrides = { clients, logger, ...(clock ? { clock } : {}) };
    if (config.slack.workspaces === 'many' && sandbox) {
      // The sandbox's own workspace, as if it had added tune: other workspaces add it on the page.
      await installationStoreFor(config, await resolveBaseRuntime(config, 'tune-install', overrides)).save({
        teamId: sandbox.teamId,
        teamName: undefined,
        enterpriseId: undefined,
        botToken: SANDBOX_BOT_TOKEN,
        botId: sandbox.botId,
        botUserId: sandbox.botUserId,
        installerUserId: 'U0ALICE',
        scopes: [...INSTALL_BOT_SCOPES],
        installedAt: new Date(),
      });
    }
    lines.push(
      config.slack.workspaces === 'many'
        ? 'Slack workspaces: many (TUNE_SLACK_WORKSPACES=many), each with the bot token of its installation'
        : 'Slack workspaces: one (TUNE_SLACK_WORKSPACES=one), with the bot token of SLACK_BOT_TOKEN',
    );
    const queue = new InProcessQueue<Task>({ logger, retryDelayMs: options.retryDelayMs ?? 1000 });
    queue.consumeWith(
      await buildWorker(config, {
        ...overrides,
        queue,
        ...(options.registry ? { registry: options.registry } : {}),
      }),
    );
    const watch = await buildWatch(config, { ...overrides, queue });
    // What the deployed watch did long before anyone shared a file: read the region's prices, so
    // the first estimate already names them. A failure is logged and leaves the catalog's figures.
    await pricesRefresherFor(config, await resolveRuntime(config, 'tune-watch', overrides))();

    let botUrl: string | undefined;
    let installUrl: string | undefined;
    if (slackMode.mode === 'real' && slackMode.appToken) {
      // Socket Mode: Slack pushes over a WebSocket; no public URL, no signatures to check.
      const app = new App({
        token: slackMode.botToken,
        appToken: slackMode.appToken,
        socketMode: true,
        logger: boltLogger(logger),
        logLevel: LogLevel.INFO,
      });
      const runtime = await resolveBaseRuntime(config, 'tune-socket', overrides);
      registerListeners(app, slackEdgeDependencies(runtime, queue));
      await app.start();
      closers.push(async () => {
        await app.stop();
      });
      lines.push('Slack: a real workspace over Socket Mode (SLACK_APP_TOKEN)');
    } else {
      // The edge keeps the wall clock even when a test moves tune's: Slack (and the sandbox) sign
      // requests with the wall clock, and the edge checks their five-minute window against it.
      const slackHandler = await buildSlackHandler(config, { clients, logger, queue });
      const install =
        config.slack.workspaces === 'many'
          ? await buildInstallHandler(config, { clients, logger })
          : undefined;
      const server = await serveLambdas(
        {
          '/slack/events': slackHandler,
          ...(install ? { 'GET /slack/install': install, 'GET /slack/oauth_redirect': install } : {}),
        },
        { port: options.botPort ?? 0 },
      );
      closers.push(server.close);
      botUrl = `${server.url}/slack/events`;
      if (install) {
        installUrl = `${server.url}/slack/install`;
        sandbox?.setOAuthUrls({ redirectUrl: `${server.url}/slack/oauth_redirect`, installUrl });
        lines.push(`Add to Slack: ${installUrl} (the install function)`);
      }
      if (sandbox) {
        sandbox.setBotUrl(botUrl);
        lines.push(
          `Slack: the local sandbox — open ${sandbox.url} (not Slack; the bot answers at ${botUrl})`,
        );
      } else {
        lines.push(
          `Slack: a real workspace over HTTP — expose ${botUrl} publicly (e.g. a tunnel) and set it as the app's Request URL`,
        );
      }
    }

    let timer: NodeJS.Timeout | undefined;
    const watchIntervalMs = options.watchIntervalMs ?? 20_000;
    if (watchIntervalMs > 0) {
      timer = setInterval(() => {
        watch({ source: 'local.schedule' }).catch((error: unknown) =>
          logger.error('watch run failed', { error: String(error) }),
        );
      }, watchIntervalMs);
      timer.unref();
    }

    return {
      config,
      clients,
      botUrl,
      installUrl,
      sandbox,
      emulator,
      priceList,
      queue,
      runWatch: () => watch({ source: 'local.schedule' }),
      idle: () => queue.idle(),
      describe: () => [...lines],
      close: async () => {
        if (timer) clearInterval(timer);
        await queue.idle();
        for (const close of closers.reverse()) await close();
        if (temporary) await rm(temporary, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (temporary) await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
