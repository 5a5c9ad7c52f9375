/**
 * A local stand-in for Slack, for `npm start` and the tests: a page a person uses in the browser and
 * a driver tests call, behind which are the Web API methods the bot calls and the signed requests
 * Slack sends the bot. No Slack account is involved; the bot is an ordinary HTTP endpoint (`botUrl`).
 *
 * @example
 * const sandbox = await startSlackSandbox({ signingSecret, botToken, botUrl: 'http://127.0.0.1:3000/slack/events' });
 * const client = new WebClient(botToken, { slackApiUrl: sandbox.apiUrl });
 * await sandbox.slashCommand({ userId: 'U0ALICE', channelId: sandbox.channelId('ml-experiments'), text: 'help' });
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../bedrock-emulator/random.js';
import { BotDelivery, SLACK_RETRY_DELAYS_MS } from './delivery.js';
import { SandboxHttp } from './http-server.js';
import {
  type InteractionResult,
  PersonActions,
  type SlashCommandResult,
  type ViewSubmissionResult,
  type ViewValues,
} from './person-actions.js';

import { SandboxRuntime } from './runtime.js';
import type {
  ApiCallRecord,
  DeliveryRecord,
  SandboxChannel,
  SandboxUser,
  SandboxUsergroup,
  SandboxView,
} from './types.js';
import { presentView } from './web-api.js';
import { SLACKBOT_USER_ID, Workspace } from './workspace.js';

export { signSlackRequest } from './delivery.js';
export type {
  InteractionResult,
  SlashCommandResult,
  ViewSubmissionResult,
  ViewValues,
} from './person-actions.js';
export { SandboxUsageError } from './person-actions.js';
export type { ApiCallRecord, DeliveryRecord, SandboxUser, SandboxView } from './types.js';

/** The bot events tune's manifest subscribes to; pass `events` to mirror a different manifest. */
export const DEFAULT_BOT_EVENTS = [
  'app_mention',
  'message.channels',
  'message.im',
  'file_shared',
  'app_home_opened',
  'member_joined_channel',
] as const;

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;

export interface SandboxChannelSeed {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** People in the channel (the bot is added with `botMember`). */
  members?: string[];
  botMember?: boolean;
  topic?: string;
}

export interface SlackSandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  signingSecret: string;
  /** The only token the Web API and url_private accept. */
  botToken: string;
  /** Where Slack would send commands, interactions and events (the app's Request URL). */
  botUrl?: string;
  teamId?: string;
  teamName?: string;
  /** People in the workspace; default alice (U0ALICE, an admin in @tune-admins) and bob (U0BOB, neither). */
  users?: SandboxUser[];
  /** Channels; default #ml-experiments (bot a member), #general, #random. */
  channels?: SandboxChannelSeed[];
  /** User groups; default `@tune-admins` (S0TUNEADMINS) with alice. */
  usergroups?: SandboxUsergroup[];
  /** Keep the workspace (messages, files, Home tabs) in this directory across restarts. */
  directory?: string;
  /** Retry unacknowledged events like Slack (true: after 0 s, 1 min, 5 min); or give the delays; false: never. */
  retries?: boolean | { delaysMs: number[] };
  /** How long the bot has to answer; Slack gives 3 s. */
  ackTimeoutMs?: number;
  /** Largest file a person may share or the bot may upload; Slack's is 1 GB. */
  maxFileBytes?: number;
  /**
   * The app's Messages tab (manifest `features.app_home.messages_tab_enabled`); default false, as
   * tune's manifest has it: the page then shows the Home tab only.
   */
  messagesTab?: boolean;
  /** The slash command; default `/tune`. */
  command?: string;
  /** Bot events subscribed to (manifest `bot_events`); default {@link DEFAULT_BOT_EVENTS}. */
  events?: readonly string[];
  /** Clock for timestamps, trigger expiry and response_url expiry; default `Date.now`. */
  clock?: () => number;
  /**
   * The app's OAuth credentials, for "Add to Slack" into other workspaces: `/oauth/v2/authorize`
   * sends the person to `redirectUrl` with a code, which `oauth.v2.access` exchanges for a bot token.
   */
  oauth?: { clientId: string; clientSecret: string; redirectUrl?: string };
}

/** Where in the workspace a button or select sits: a message (or ephemeral message) or a view. */
export type ElementLocation =
  | { channelId: string; messageTs: string; viewId?: undefined }
  | { viewId: string; channelId?: undefined; messageTs?: undefined };

export interface SlackSandbox {
  /** The page, e.g. http://127.0.0.1:43210 */
  readonly url: string;
  /** For `new WebClient(token, { slackApiUrl })`; ends with a slash. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Sets (or clears) the bot's Request URL, e.g. once the bot has started on a free port. */
  setBotUrl(url: string | undefined): void;
  /**
   * Sets the app's OAuth redirect URL (the install function's `/slack/oauth_redirect`) and the
   * "Add to Slack" page the sandbox's page links to.
   */
  setOAuthUrls(urls: { redirectUrl: string; installUrl: string }): void;
  /** Slack's authorize page for this app: approving it installs into `team` (default a second workspace). */
  readonly authorizeUrl: string;
  /** The id of a channel by name (`ml-experiments` or `#ml-experiments`). */
  channelId(name: string): string;

  /** Types `/tune <text>`; resolves once the bot answered (or Slack gave up) and the answer is shown. */
  slashCommand(input: {
    userId: string;
    channelId: string;
    text: string;
    threadTs?: string;
  }): Promise<SlashCommandResult>;
  /** Posts a message as a person; `text` as Slack sends it (`<@U0TUNE>` for a mention). Resolves after the events were delivered once. */
  postMessage(input: { userId: string; channelId: string; text: string; threadTs?: string }): Promise<{
    message: Record<string, unknown>;
    deliveries: DeliveryRecord[];
  }>;
  /** Shares a file in a channel as a person (message `file_share` + `file_shared` events when the bot is a member). */
  shareFile(input: {
    userId: string;
    channelId: string;
    filename: string;
    content: Buffer | Uint8Array | string;
    comment?: string;
    threadTs?: string;
  }): Promise<{
    file: Record<string, unknown>;
    message: Record<string, unknown>;
    deliveries: DeliveryRecord[];
  }>;
  /** Presses a button (in a message, ephemeral message, modal or Home tab). Confirm dialogs count as confirmed. */
  clickButton(
    input: ElementLocation & {
      userId: string;
      actionId: string;
      blockId?: string;
      value?: string;
      values?: ViewValues;
    },
  ): Promise<InteractionResult>;
  /** Picks an option (static_select, overflow, radio_buttons), options (checkboxes) or a date (datepicker) by value. */
  selectOption(
    input: ElementLocation & {
      userId: string;
      actionId: string;
      blockId?: string;
      value: string | string[];
      values?: ViewValues;
    },
  ): Promise<InteractionResult>;
  /** Presses submit on the person's top modal with these input values (block_id → action_id → value). */
  submitView(input: { userId: string; viewId?: string; values?: ViewValues }): Promise<ViewSubmissionResult>;
  /** Closes the top modal (back to the previous one) or, with `all`, the whole stack. */
  closeView(input: { userId: string; viewId?: string; all?: boolean }): Promise<{ request?: DeliveryRecord }>;
  /** Opens the bot's Home tab (sends `app_home_opened`). */
  openHome(userId: string): Promise<{ deliveries: DeliveryRecord[] }>;
  /** Adds the bot to a channel as `userId` would (sends `member_joined_channel`). */
  addBotToChannel(input: { userId: string; channelId: string }): Promise<{ deliveries: DeliveryRecord[] }>;
  /** Sends a recorded request again as Slack's retry: same body and event_id, retry headers, fresh signature. */
  resend(requestId: string, retry: { retryNum: number; reason: string }): Promise<DeliveryRecord>;

  /** Top-level messages of a channel, oldest first, as conversations.history returns them (metadata included). */
  messages(channelId: string): Record<string, unknown>[];
  /** A thread's parent and replies, oldest first (metadata included). */
  thread(channelId: string, ts: string): Record<string, unknown>[];
  /** Ephemeral messages one person sees in a channel. */
  ephemerals(channelId: string, userId: string): Record<string, unknown>[];
  /** Plays a Slack outage: the Web API and response URLs answer `status` (503 by default) until called with `false`. */
  setOutage(on: boolean, status?: number): void;
  /**
   * Plays Slack's rate limits: `ratio` of the bot's posts (chat.postMessage, chat.update,
   * chat.postEphemeral unless `methods` says otherwise) are answered 429 `ratelimited` with a
   * Retry-After, chosen by a seeded draw; `undefined` turns it off.
   */
  setRateLimit(
    settings:
      | { ratio: number; retryAfterSeconds?: number; seed?: number; methods?: readonly string[] }
      | undefined,
  ): void;
  /** How many Web API calls were answered `ratelimited`. */
  rateLimitedCount(): number;
  /** What the bot posted through a response_url (a command's or a button's), oldest first, as shown now. */
  responses(responseUrl: string): Record<string, unknown>[];
  /** The person's modal stack, bottom first, with inline `errors` and `failure` as the page shows them. */
  views(userId: string): SandboxView[];
  /** The person's published Home tab. */
  home(userId: string): Record<string, unknown> | undefined;
  /** Every request sent to the bot (oldest first). */
  requests(): DeliveryRecord[];
  /** Every Web API call the bot made (oldest first). */
  apiCalls(): ApiCallRecord[];
  /** Resolves with the first truthy value of `check`, re-checked on every change; rejects after `timeoutMs` (default 5000). */
  waitFor<T>(
    check: () => T | undefined | null | false,
    options?: { timeoutMs?: number; message?: string },
  ): Promise<T>;
  /** Stops the server, abandons pending retries, saves the workspace. */
  close(): Promise<void>;
}

const DEFAULT_USERS: SandboxUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Example', isAdmin: true },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Example' },
];

const DEFAULT_CHANNELS: SandboxChannelSeed[] = [
  {
    id: 'C0MLEXPERIMENTS',
    name: 'ml-experiments',
    botMember: true,
    topic: 'Fine-tuning experiments with tune',
  },
  { id: 'C0GENERAL', name: 'general', topic: 'Company-wide announcements' },
  { id: 'C0RANDOM', name: 'random', topic: 'Anything goes' },
];

/** Starts the sandbox on a local port. */
export async function startSlackSandbox(options: SlackSandboxOptions): Promise<SlackSandbox> {
  const teamId = options.teamId ?? 'T0TUNE';
  const identity = {
    teamId,
    teamName: options.teamName ?? 'tune sandbox',
    teamDomain: 'tune-sandbox',
    botUserId: 'U0TUNE',
    botId: 'B0TUNE',
    appId: 'A0TUNE',
    botName: 'tune',
  };
  const people = options.users ?? DEFAULT_USERS;
  const everyone = people.map((user) => user.id);
  const now = options.clock ?? Date.now;
  const seed = {
    users: [
      ...people,
      { id: identity.botUserId, name: identity.botName, realName: identity.botName, isBot: true },
      { id: SLACKBOT_USER_ID, name: 'slackbot', realName: 'Slackbot', isBot: true },
    ],
    channels: (options.channels ?? DEFAULT_CHANNELS).map(
      (channel): SandboxChannel => ({
        id: channel.id,
        name: channel.name,
        isPrivate: channel.isPrivate ?? false,
        members: [...(channel.members ?? everyone), ...(channel.botMember ? [identity.botUserId] : [])],
        ...(channel.topic ? { topic: channel.topic } : {}),
        created: Math.floor(now() / 1000),
      }),
    ),
    usergroups: options.usergroups ?? [
      { id: 'S0TUNEADMINS', handle: 'tune-admins', name: 'tune admins', users: ['U0ALICE'] },
    ],
  };
  const workspace = new Workspace(identity, seed, options.directory, now);
  await workspace.load(seed);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  const retryDelaysMs =
    options.retries === false
      ? []
      : typeof options.retries === 'object'
        ? options.retries.delaysMs
        : SLACK_RETRY_DELAYS_MS;
  const delivery = new BotDelivery({
    signingSecret: options.signingSecret,
    botUrl: options.botUrl,
    ackTimeoutMs: options.ackTimeoutMs ?? 3_000,
    retryDelaysMs,
    onRecord: () => workspace.changed(),
  });
  const runtime = new SandboxRuntime(workspace, delivery, {
    url,
    command: options.command ?? '/tune',
    events: new Set(options.events ?? DEFAULT_BOT_EVENTS),
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    messagesTab: options.messagesTab ?? false,
    botToken: options.botToken,
    ...(options.oauth ? { oauth: { ...options.oauth } } : {}),
  });
  const actions = new PersonActions(runtime);
  const http = new SandboxHttp(runtime, actions);
  server.on('request', http.handle);

  const waitFor = <T>(
    check: () => T | undefined | null | false,
    waitOptions: { timeoutMs?: number; message?: string } = {},
  ) =>
    new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (!value) return false;
        finish();
        resolve(value);
        return true;
      };
      const stopListening = workspace.onChange(() => void attempt());
      const poll = setInterval(() => void attempt(), 50);
      const timeout = setTimeout(() => {
        finish();
        reject(
          new Error(
            waitOptions.message ?? `waitFor: condition not met within ${waitOptions.timeoutMs ?? 5000} ms`,
          ),
        );
      }, waitOptions.timeoutMs ?? 5000);
      function finish() {
        stopListening();
        clearInterval(poll);
        clearTimeout(timeout);
      }
      attempt();
    });

  return {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    botUserId: identity.botUserId,
    botId: identity.botId,
    appId: identity.appId,
    setBotUrl: (botUrl) => delivery.setBotUrl(botUrl),
    setOAuthUrls: ({ redirectUrl, installUrl }) => {
      if (runtime.settings.oauth) Object.assign(runtime.settings.oauth, { redirectUrl, installUrl });
      workspace.changed();
    },
    authorizeUrl: `${url}/oauth/v2/authorize`,
    channelId: (name) => {
      const channel = workspace.resolveChannel(name);
      if (!channel) throw new Error(`No channel ${name} in the sandbox.`);
      return channel.id;
    },
    slashCommand: (input) => actions.slashCommand(input),
    postMessage: (input) => actions.postMessage(input),
    shareFile: (input) => actions.shareFile(input),
    clickButton: (input) => actions.interact(input),
    selectOption: (input) => actions.interact(input),
    submitView: (input) => actions.submitView(input),
    closeView: (input) => actions.closeView(input),
    openHome: (userId) => actions.openHome(userId),
    addBotToChannel: (input) => actions.addBotToChannel(input),
    resend: (requestId, retry) => delivery.resend(requestId, retry),
    messages: (channelId) =>
      workspace.topLevel(channelId).map((message) => runtime.presentMessage(message, { metadata: true })),
    thread: (channelId, ts) =>
      workspace.thread(channelId, ts).map((message) => runtime.presentMessage(message, { metadata: true })),
    ephemerals: (channelId, userId) =>
      workspace.ephemerals(channelId, userId).map((message) => runtime.presentEphemeral(message)),
    responses: (responseUrl) => runtime.responses(responseUrl),
    setOutage: (on, status = 503) => {
      runtime.outageStatus = on ? status : undefined;
    },
    setRateLimit: (settings) => {
      runtime.rateLimit = settings
        ? {
            ratio: settings.ratio,
            retryAfterSeconds: settings.retryAfterSeconds ?? 1,
            methods: settings.methods ?? ['chat.postMessage', 'chat.update', 'chat.postEphemeral'],
            random: seededRandom(settings.seed ?? 1),
          }
        : undefined;
    },
    rateLimitedCount: () => runtime.rateLimited,
    views: (userId) => workspace.modalStack(userId),
    home: (userId) => {
      const home = workspace.home(userId);
      return home ? presentView(home) : undefined;
    },
    requests: () => delivery.all(),
    apiCalls: () => runtime.allApiCalls(),
    waitFor,
    close: async () => {
      http.close();
      await delivery.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await workspace.flush();
    },
  };
}
