/**
 * What the Web API, the person's actions and the HTTP server share: the workspace, the delivery to
 * the bot, trigger ids, response URLs, event publishing, and the functions that turn stored records
 * into the JSON Slack returns.
 */
import { randomBytes } from 'node:crypto';
import type { BotDelivery } from './delivery.js';
import type {
  ApiCallRecord,
  DeliveryRecord,
  EphemeralMessage,
  SandboxChannel,
  SandboxFile,
  SandboxUser,
  StoredMessage,
} from './types.js';
import type { Workspace } from './workspace.js';

/** Slack's window for using a trigger_id. */
export const TRIGGER_LIFETIME_MS = 3_000;
/** A response_url takes up to five messages within thirty minutes. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const RESPONSE_URL_USES = 5;

export interface SandboxSettings {
  /** Base URL of the sandbox, no trailing slash. */
  url: string;
  command: string;
  /** Bot events the app subscribes to (manifest `bot_events`). */
  events: ReadonlySet<string>;
  maxFileBytes: number;
  botToken: string;
  /** Whether the app has a Messages tab (manifest `messages_tab_enabled`). */
  messagesTab: boolean;
  /** The app's OAuth credentials `oauth.v2.access` accepts; without them it answers `invalid_client_id`. */
  oauth?: { clientId: string; clientSecret: string; redirectUrl?: string; installUrl?: string };
}

/** A workspace that added the app through the OAuth flow, with the bot token it was given. */
export interface SandboxInstallation {
  teamId: string;
  teamName: string;
  botToken: string;
  botId: string;
  botUserId: string;
  installerUserId: string;
  scopes: string[];
}

/** A code Slack's authorize page hands back through the redirect, exchanged once for a token. */
interface OAuthGrant {
  installation: Omit<SandboxInstallation, 'botToken'>;
  redirectUri: string | undefined;
  issuedAt: number;
  used: boolean;
}

/** Slack's codes expire after ten minutes. */
export const OAUTH_CODE_LIFETIME_MS = 10 * 60_000;

interface Trigger {
  id: string;
  userId: string;
  issuedAt: number;
  used: boolean;
}

/** Where a response_url's messages go and what "the original message" is for replace/delete. */
export interface ResponseTarget {
  id: string;
  userId: string;
  channelId: string;
  threadTs?: string;
  createdAt: number;
  uses: number;
  original?: { kind: 'ephemeral' | 'message'; ts: string };
  /** Every message posted or replaced through it, oldest first. */
  posted: { kind: 'ephemeral' | 'message'; ts: string }[];
}

export interface PendingUpload {
  id: string;
  fileId: string;
  filename: string;
  length: number;
  content?: Buffer;
  createdAt: number;
}

export class SandboxRuntime {
  private readonly triggers = new Map<string, Trigger>();
  readonly responseTargets = new Map<string, ResponseTarget>();
  readonly uploads = new Map<string, PendingUpload>();
  private readonly apiCalls: ApiCallRecord[] = [];
  private readonly grants = new Map<string, OAuthGrant>();
  /** Other workspaces' bot tokens, from `oauth.v2.access`; the home workspace's is `settings.botToken`. */
  private readonly installations = new Map<string, SandboxInstallation>();
  /** While set, the Web API and response URLs answer with this HTTP status (a Slack outage). */
  outageStatus: number | undefined;
  /** While set, this share of the bot's posts is answered 429 `ratelimited` with a Retry-After (seeded). */
  rateLimit:
    | { ratio: number; retryAfterSeconds: number; methods: readonly string[]; random: () => number }
    | undefined;
  /** How many calls were answered `ratelimited`. */
  rateLimited = 0;

  constructor(
    readonly workspace: Workspace,
    readonly delivery: BotDelivery,
    readonly settings: SandboxSettings,
  ) {}

  get identity() {
    return this.workspace.identity;
  }

  // ── triggers and response URLs ────────────────────────────────────────────────────────────────

  issueTrigger(userId: string): string {
    const id = `${Math.floor(this.workspace.now() / 1000)}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { id, userId, issuedAt: this.workspace.now(), used: false });
    return id;
  }

  /** Uses a trigger once; returns the person it was issued for, or the Slack error. */
  consumeTrigger(
    id: string,
  ): { userId: string } | { error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' } {
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.workspace.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { userId: trigger.userId };
  }

  createResponseUrl(target: Omit<ResponseTarget, 'id' | 'createdAt' | 'uses' | 'posted'>): string {
    const id = randomBytes(12).toString('hex');
    this.responseTargets.set(id, { ...target, id, createdAt: this.workspace.now(), uses: 0, posted: [] });
    return `${this.settings.url}/response/${id}`;
  }

  /** What was posted through a response_url, as the person sees each message now. */
  responses(responseUrl: string): Record<string, unknown>[] {
    const target = this.responseTargets.get(responseUrl.split('/').pop() ?? '');
    if (!target) return [];
    return target.posted.flatMap((posted) => {
      const message =
        posted.kind === 'ephemeral'
          ? this.workspace.ephemeral(target.channelId, target.userId, posted.ts)
          : this.workspace.message(target.channelId, posted.ts);
      if (!message) return [];
      return [
        posted.kind === 'ephemeral'
          ? this.presentEphemeral(message as EphemeralMessage)
          : this.presentMessage(message as StoredMessage),
      ];
    });
  }

  // ── OAuth: other workspaces adding the app ──────────────────────────────────────────────────

  /** What Slack's authorize page does once a person approves: a code for the redirect. */
  grantInstall(installation: Omit<SandboxInstallation, 'botToken'>, redirectUri?: string): string {
    const code = `${installation.teamId}.${randomBytes(12).toString('hex')}`;
    this.grants.set(code, { installation, redirectUri, issuedAt: this.workspace.now(), used: false });
    return code;
  }

  /** `oauth.v2.access`: a code exchanged once, within its lifetime, for a new bot token. */
  exchangeCode(code: string, redirectUri: string | undefined): SandboxInstallation | { error: string } {
    const grant = this.grants.get(code);
    if (!grant || grant.used) return { error: 'invalid_code' };
    if (this.workspace.now() - grant.issuedAt > OAUTH_CODE_LIFETIME_MS) return { error: 'invalid_code' };
    if (grant.redirectUri !== undefined && redirectUri !== undefined && grant.redirectUri !== redirectUri) {
      return { error: 'bad_redirect_uri' };
    }
    grant.used = true;
    // A reinstall replaces the workspace's token, as Slack does.
    for (const [token, installed] of this.installations) {
      if (installed.teamId === grant.installation.teamId) this.installations.delete(token);
    }
    const installation = {
      ...grant.installation,
      botToken: `xoxb-${grant.installation.teamId}-${randomBytes(8).toString('hex')}`,
    };
    this.installations.set(installation.botToken, installation);
    return installation;
  }

  /** The workspace a bot token belongs to (undefined: not a token this Slack issued). */
  teamOfToken(
    token: string,
  ): { teamId: string; teamName: string; botId: string; botUserId: string } | undefined {
    if (token === this.settings.botToken) return this.identity;
    return this.installations.get(token);
  }

  // ── API call log ──────────────────────────────────────────────────────────────────────────────

  recordApiCall(record: ApiCallRecord): void {
    this.apiCalls.push(record);
    if (this.apiCalls.length > 500) this.apiCalls.splice(0, this.apiCalls.length - 500);
    this.workspace.changed();
  }

  allApiCalls(): ApiCallRecord[] {
    return [...this.apiCalls];
  }

  // ── events ────────────────────────────────────────────────────────────────────────────────────

  /** Whether the app receives `eventType` from `channel` (message events need the channel's scope). */
  subscribed(eventType: string, channel?: SandboxChannel): boolean {
    if (eventType !== 'message') return this.settings.events.has(eventType);
    if (!channel) return false;
    const subscription = channel.isIm
      ? 'message.im'
      : channel.isPrivate
        ? 'message.groups'
        : 'message.channels';
    return this.settings.events.has(subscription);
  }

  /** Wraps an event in Slack's `event_callback` envelope and sends it to the bot. */
  publishEvent(event: Record<string, unknown> & { type: string }): Promise<DeliveryRecord> {
    const { teamId, appId, botUserId } = this.identity;
    const eventTime = Math.floor(this.workspace.now() / 1000);
    const envelope = {
      token: 'sandbox-verification-token',
      team_id: teamId,
      context_team_id: teamId,
      context_enterprise_id: null,
      api_app_id: appId,
      event: {
        event_ts: `${eventTime}.${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`,
        ...event,
      },
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: eventTime,
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(24).toString('base64url')}`,
    };
    return this.delivery.sendEvent(envelope);
  }

  /** The `message` event Slack sends for a stored message. */
  messageEvent(message: StoredMessage): Record<string, unknown> & { type: string } {
    const channel = this.workspace.channel(message.channel);
    const { channel: channelId, ...rest } = this.presentMessage(message);
    return {
      ...rest,
      type: 'message',
      channel: channelId,
      channel_type: channel?.isIm ? 'im' : channel?.isPrivate ? 'group' : 'channel',
    };
  }

  // ── presenting records as Slack JSON ──────────────────────────────────────────────────────────

  botProfile() {
    const { botId, appId, botName, teamId } = this.identity;
    return {
      id: botId,
      app_id: appId,
      name: botName,
      icons: {},
      deleted: false,
      updated: 0,
      team_id: teamId,
    };
  }

  /**
   * A message as Slack returns it. Its metadata only where asked for: Slack includes it in
   * conversations.history and conversations.replies with `include_all_metadata`, not in events.
   */
  presentMessage(message: StoredMessage, options: { metadata?: boolean } = {}): Record<string, unknown> {
    const { fileIds, metadata, ...rest } = message;
    const presented: Record<string, unknown> = { ...rest };
    if (metadata && options.metadata) presented.metadata = metadata;
    if (message.bot_id) presented.bot_profile = this.botProfile();
    if (fileIds && fileIds.length > 0) {
      presented.files = fileIds
        .map((id) => this.workspace.file(id))
        .filter((file): file is SandboxFile => file !== undefined)
        .map((file) => this.presentFile(file));
      presented.upload = message.user === this.identity.botUserId;
      presented.display_as_bot = false;
    }
    return presented;
  }

  presentEphemeral(message: EphemeralMessage): Record<string, unknown> {
    return {
      type: 'message',
      ts: message.ts,
      channel: message.channel,
      user: message.from,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      is_ephemeral: true,
    };
  }

  fileUrls(file: SandboxFile): { url_private: string; url_private_download: string; permalink: string } {
    const base = `${this.settings.url}/files-pri/${this.identity.teamId}-${file.id}`;
    const name = encodeURIComponent(file.name);
    return {
      url_private: `${base}/${name}`,
      url_private_download: `${base}/download/${name}`,
      permalink: `${this.settings.url}/files/${file.user}/${file.id}/${name}`,
    };
  }

  presentFile(file: SandboxFile): Record<string, unknown> {
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.name,
      title: file.title,
      mimetype: file.mimetype,
      filetype: file.filetype,
      pretty_type: file.filetype.toUpperCase(),
      user: file.user,
      user_team: this.identity.teamId,
      editable: false,
      size: file.size,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: file.channels.length > 0,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      ...this.fileUrls(file),
      channels: file.channels.filter((id) => !this.workspace.channel(id)?.isPrivate),
      groups: file.channels.filter((id) => {
        const channel = this.workspace.channel(id);
        return channel?.isPrivate && !channel.isIm;
      }),
      ims: file.channels.filter((id) => this.workspace.channel(id)?.isIm),
      comments_count: 0,
    };
  }

  presentChannel(channel: SandboxChannel, options: { numMembers?: boolean } = {}): Record<string, unknown> {
    const created = channel.created;
    if (channel.isIm) {
      const user = channel.members.find((member) => member !== this.identity.botUserId);
      return {
        id: channel.id,
        created,
        is_im: true,
        is_org_shared: false,
        user,
        is_user_deleted: false,
        priority: 0,
      };
    }
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.isPrivate,
      is_group: channel.isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate,
      is_archived: false,
      is_general: channel.name === 'general',
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: channel.members.includes(this.identity.botUserId),
      created,
      creator: channel.members[0] ?? '',
      context_team_id: this.identity.teamId,
      topic: { value: channel.topic ?? '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      ...(options.numMembers ? { num_members: channel.members.length } : {}),
    };
  }

  presentUser(user: SandboxUser): Record<string, unknown> {
    const isBot = user.isBot ?? false;
    return {
      id: user.id,
      team_id: this.identity.teamId,
      name: user.name,
      deleted: false,
      real_name: user.realName,
      tz: 'Europe/London',
      tz_label: 'Greenwich Mean Time',
      tz_offset: 0,
      is_admin: user.isAdmin ?? false,
      is_owner: false,
      is_bot: isBot,
      is_app_user: false,
      updated: 0,
      profile: {
        real_name: user.realName,
        display_name: user.name,
        real_name_normalized: user.realName,
        display_name_normalized: user.name,
        ...(isBot ? { bot_id: this.identity.botId, api_app_id: this.identity.appId } : {}),
        team: this.identity.teamId,
      },
    };
  }
}
