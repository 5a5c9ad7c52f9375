/**
 * `npm run manifest` (scripts/manifest.ts) writes the manifest that creates the Slack app in one
 * step, so a typo there surfaces only when someone pastes it into api.slack.com. The schema below
 * follows Slack's app manifest reference (schema version 1: field names, required fields, length
 * limits, `https?://` URLs) for the parts tune uses; it is strict, so an unknown or misspelt key
 * fails here instead of there. The scopes and events are checked against what src/slack calls and
 * listens to, so the app asks Slack for no more than the code uses, and for everything it does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ManifestError,
  oslsFailure,
  SLACK_EVENTS_PATH,
  SLACK_OAUTH_REDIRECT_PATH,
  slackEventsUrlInInfo,
  slackManifest,
  slackRequestUrl,
} from '../../../scripts/manifest.js';
import { SUBCOMMANDS } from '../../../src/core/commands/registry.js';
import { loadServerlessConfig, projectRoot } from './serverless-template.js';

const url = z
  .string()
  .regex(/^https?:\/\//)
  .max(3500);

const manifestSchema = z
  .object({
    _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }).strict(),
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().min(1).max(140),
        long_description: z.string().min(175).max(4000),
        background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/),
      })
      .strict(),
    features: z
      .object({
        app_home: z
          .object({
            home_tab_enabled: z.boolean(),
            messages_tab_enabled: z.boolean(),
            messages_tab_read_only_enabled: z.boolean(),
          })
          .strict(),
        bot_user: z
          .object({
            display_name: z
              .string()
              .min(1)
              .max(80)
              .regex(/^[a-z0-9._-]+$/),
            always_online: z.boolean(),
          })
          .strict(),
        slash_commands: z
          .array(
            z
              .object({
                command: z.string().min(2).max(32).regex(/^\//),
                url,
                description: z.string().min(1).max(2000),
                usage_hint: z.string().min(1).max(1000),
                should_escape: z.boolean(),
              })
              .strict(),
          )
          .min(1)
          .max(50),
      })
      .strict(),
    oauth_config: z
      .object({
        // Slack's schema: at most 1000 redirect URLs, https.
        redirect_urls: z.array(z.string().startsWith('https://')).max(1000).optional(),
        scopes: z.object({ bot: z.array(z.string().max(50)).max(255) }).strict(),
      })
      .strict(),
    settings: z
      .object({
        event_subscriptions: z
          .object({ request_url: url, bot_events: z.array(z.string().max(50)).max(100) })
          .strict(),
        interactivity: z.object({ is_enabled: z.boolean(), request_url: url }).strict(),
        org_deploy_enabled: z.boolean(),
        socket_mode_enabled: z.boolean(),
        token_rotation_enabled: z.boolean(),
      })
      .strict(),
  })
  .strict();

const REQUEST_URL = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/slack/events';
const raw: unknown = JSON.parse(JSON.stringify(slackManifest(REQUEST_URL)));
const manifest = manifestSchema.parse(raw);

/**
 * The scopes each Web API method tune calls needs (Slack's method reference). A method missing
 * here fails the scope test below until its scopes are added.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  // files.info, then the url_private download with the bot token
  'files.info': ['files:read'],
  // files.getUploadURLExternal and files.completeUploadExternal
  filesUploadV2: ['files:write'],
  'usergroups.users.list': ['usergroups:read'],
  // is a channel private: public and private channels (the bot never asks about DMs)
  'conversations.info': ['channels:read', 'groups:read'],
  // a thread's earlier questions and answers, in public and private channels
  'conversations.replies': ['channels:history', 'groups:history'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
};

/** The manifest events behind each Bolt `app.event(...)` tune registers. */
const LISTENED_EVENTS: Record<string, string[]> = {
  app_mention: ['app_mention'],
  app_home_opened: ['app_home_opened'],
  // file shares in public and private channels the bot is in (src/slack/listeners/events/file-share.ts)
  message: ['message.channels', 'message.groups'],
  // a workspace removing tune or revoking its token (src/slack/listeners/events/app-uninstalled.ts)
  app_uninstalled: ['app_uninstalled'],
  tokens_revoked: ['tokens_revoked'],
};

/** The scopes Slack requires before it delivers each event (Slack's event reference). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  app_home_opened: [],
  app_uninstalled: [],
  tokens_revoked: [],
};

/** What src/slack uses of Slack, read from its source. */
function slackUsage() {
  const folder = join(projectRoot, 'src', 'slack');
  const sources = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => ({ path: `src/slack/${path}`, text: readFileSync(join(folder, path), 'utf8') }));
  const matches = (pattern: RegExp) =>
    sources.flatMap(({ path, text }) =>
      [...text.matchAll(pattern)].map((match) => ({ path, name: match[1] ?? '' })),
    );
  return {
    methods: matches(/\bclient\.((?:[a-z][A-Za-z]*\.)*[a-z][A-Za-z0-9]*)\(/g),
    events: matches(/\bapp\.event\(\s*'([a-z_]+)'/g),
    commands: matches(/\bapp\.command\(\s*'([^']+)'/g),
  };
}

describe('the Slack app manifest', () => {
  it('follows the app manifest schema for every field it sets', () => {
    expect(manifestSchema.safeParse(raw).error?.issues ?? []).toEqual([]);
    expect(manifest.display_information.name).toBe('tune');
    expect(manifest.features.bot_user).toEqual({ display_name: 'tune', always_online: true });
  });

  it('declares the /tune command with a usage hint naming every subcommand that exists', () => {
    // Act
    const [tune, ...others] = manifest.features.slash_commands;
    const hinted = tune?.usage_hint.split('|').map((part) => part.trim()) ?? [];

    // Assess
    expect(others).toEqual([]);
    expect(tune?.command).toBe('/tune');
    expect(slackUsage().commands.map((command) => command.name)).toEqual(['/tune']);
    for (const subcommand of SUBCOMMANDS) expect(hinted).toContain(subcommand.name);
  });

  it('sends commands, interactions and events to the deployed URL, on the route the slack function serves', () => {
    // Prepare
    const route = loadServerlessConfig().functions.slack?.events[0];
    const path = z.object({ httpApi: z.object({ path: z.string() }) }).parse(route).httpApi.path;

    // Act
    const urls = [
      manifest.features.slash_commands[0]?.url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];

    // Assess
    expect(path).toBe(SLACK_EVENTS_PATH);
    expect(urls).toEqual([REQUEST_URL, REQUEST_URL, REQUEST_URL]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("sends people back after Add to Slack to the install function's redirect route", () => {
    // Prepare
    const routes = z
      .array(z.object({ httpApi: z.object({ method: z.string(), path: z.string() }) }))
      .parse(loadServerlessConfig().functions.install?.events);

    // Assess
    expect(manifest.oauth_config.redirect_urls).toEqual([
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/slack/oauth_redirect',
    ]);
    expect(routes.map((route) => route.httpApi.path)).toContain(SLACK_OAUTH_REDIRECT_PATH);
  });

  it('subscribes to exactly the events src/slack listens to', () => {
    // Act
    const listened = slackUsage().events.map((event) => event.name);

    // Assess
    for (const event of listened)
      expect(LISTENED_EVENTS, `src/slack listens to ${event}`).toHaveProperty(event);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...new Set(listened.flatMap((event) => LISTENED_EVENTS[event] ?? []))].sort(),
    );
  });

  it('asks for exactly the scopes the methods src/slack calls and the events it gets need', () => {
    // Prepare
    const usage = slackUsage();
    for (const { path, name } of usage.methods) {
      expect(METHOD_SCOPES, `${path} calls ${name}: add its scopes to METHOD_SCOPES`).toHaveProperty([name]);
    }

    // Act
    const needed = new Set([
      ...(usage.commands.length > 0 ? ['commands'] : []),
      ...usage.methods.flatMap(({ name }) => METHOD_SCOPES[name] ?? []),
      ...manifest.settings.event_subscriptions.bot_events.flatMap(
        (event) => EVENT_SCOPES[event] ?? ['unknown'],
      ),
    ]);

    // Assess
    const scopes = manifest.oauth_config.scopes.bot;
    expect(new Set(scopes).size).toBe(scopes.length);
    expect([...scopes].sort()).toEqual([...needed].sort());
  });

  it('uses HTTP request URLs, a long-lived bot token and the home tab, without Socket Mode or DMs', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(false);
  });

  it('is generated, never committed: a placeholder URL is what Slack refuses at import', () => {
    const ignored = readFileSync(join(projectRoot, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('/manifest.json');
  });
});

describe('the request URL npm run manifest takes', () => {
  it('accepts the SlackEventsUrl output, or the API base URL to which it adds the route', () => {
    const base = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com';
    expect(slackRequestUrl(`${base}/slack/events`)).toBe(`${base}/slack/events`);
    expect(slackRequestUrl(`${base}/slack/events/`)).toBe(`${base}/slack/events`);
    expect(slackRequestUrl(base)).toBe(`${base}/slack/events`);
    expect(slackRequestUrl(` ${base}/ `)).toBe(`${base}/slack/events`);
  });

  it('refuses what Slack would refuse or the slack function does not serve', () => {
    expect(() =>
      slackRequestUrl('https://<your-api-id>.execute-api.<region>.amazonaws.com/slack/events'),
    ).toThrowError(ManifestError);
    expect(() =>
      slackRequestUrl('http://a1b2.execute-api.us-east-1.amazonaws.com/slack/events'),
    ).toThrowError(/not https/);
    expect(() => slackRequestUrl('https://a1b2.execute-api.us-east-1.amazonaws.com/events')).toThrowError(
      /does not end in \/slack\/events/,
    );
  });

  it('finds the SlackEventsUrl output in what osls info --verbose prints', () => {
    // Prepare: the shape of osls 4.3.1's info output, colours included.
    const printed = [
      'service: tune',
      'stage: prod',
      'region: us-east-1',
      'endpoint: POST - https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/slack/events',
      '',
      '\u001b[90mStack Outputs\u001b[39m',
      '  TableName: tune-prod-Table-1A2B3C',
      '  SlackEventsUrl: https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/slack/events',
      '  BucketName: tune-prod-bucket-1a2b3c',
    ].join('\n');

    // Assess
    expect(slackEventsUrlInInfo(printed)).toBe(REQUEST_URL);
    expect(slackEventsUrlInInfo('service: tune\nstage: prod')).toBeUndefined();
  });

  it('says why osls info failed in osls’s words, not Node’s warnings', () => {
    // Prepare: what execFile rejects with when osls finds no credentials.
    const failure = Object.assign(new Error('Command failed: osls info --verbose --stage prod'), {
      stdout: '',
      stderr: [
        'Error:',
        'AWS provider credentials not found. Learn how to set up AWS provider credentials in our docs here.',
        '(node:1) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)',
      ].join('\n'),
    });

    // Assess
    expect(oslsFailure(failure)).toBe(
      'AWS provider credentials not found. Learn how to set up AWS provider credentials in our docs here.',
    );
    expect(oslsFailure(new Error('spawn osls ENOENT\nmore'))).toBe('spawn osls ENOENT');
  });
});
