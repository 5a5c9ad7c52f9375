/**
 * manifest.json creates the Slack app in one step, so a typo there surfaces only when someone
 * pastes it into api.slack.com. The schema below follows Slack's app manifest reference (schema
 * version 1: field names, required fields, length limits, `https?://` URLs) for the parts tune uses;
 * it is strict, so an unknown or misspelt key fails here instead of there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
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
      .object({ scopes: z.object({ bot: z.array(z.string().max(50)).max(255) }).strict() })
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

const raw: unknown = JSON.parse(readFileSync(join(projectRoot, 'manifest.json'), 'utf8'));
const manifest = manifestSchema.parse(raw);

/** Every bot scope tune may ask for, and what needs it. A scope not listed here is refused. */
const SCOPE_REASONS: Record<string, string> = {
  commands: 'the /tune slash command',
  'chat:write': 'posting job threads, answers and chat.update of progress messages',
  'app_mentions:read': 'the app_mention event (questions to a tuned model by @tune)',
  'channels:history': 'the message.channels event: follow-ups in a job thread in public channels',
  'groups:history': 'the message.groups event: the same in private channels',
  'channels:read': 'the member_joined_channel event and conversations.info for public channels',
  'groups:read': 'the member_joined_channel event and conversations.info for private channels',
  'files:read': 'the file_shared event and downloading the shared dataset',
  'files:write': 'uploading loss curves and evaluation reports to the job thread',
  'usergroups:read': 'usergroups.users.list, to check TUNE_AUTHORIZED_USERGROUP membership',
};

/** The scopes Slack requires before it delivers each event (Slack's event reference). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  file_shared: ['files:read'],
  app_home_opened: [],
  member_joined_channel: ['channels:read', 'groups:read'],
};

describe('manifest.json', () => {
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
    for (const subcommand of SUBCOMMANDS) expect(hinted).toContain(subcommand.name);
  });

  it('sends commands, interactions and events to the one route the slack function serves', () => {
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
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toBe(`https://<your-api-id>.execute-api.<region>.amazonaws.com${path}`);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the events the features need and holds every scope those events require', () => {
    // Act
    const events = manifest.settings.event_subscriptions.bot_events;

    // Assess
    expect([...events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    for (const event of events) {
      for (const scope of EVENT_SCOPES[event] ?? [])
        expect(manifest.oauth_config.scopes.bot, event).toContain(scope);
    }
  });

  it('asks only for scopes on the allow-list, each with its reason', () => {
    const scopes = manifest.oauth_config.scopes.bot;
    expect(new Set(scopes).size).toBe(scopes.length);
    for (const scope of scopes) expect(SCOPE_REASONS[scope], `no reason recorded for ${scope}`).toBeTruthy();
  });

  it('uses HTTP request URLs, a long-lived bot token and the home tab, without Socket Mode or DMs', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(false);
  });
});
