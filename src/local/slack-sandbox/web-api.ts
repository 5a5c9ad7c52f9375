/**
 * The Slack Web API methods the bot calls, answering as Slack does: HTTP 200 with `{ ok: true, … }`
 * or `{ ok: false, error, response_metadata? }`. Arguments arrive form-encoded or as JSON (the
 * HTTP server merges them into one record); JSON-valued fields (`blocks`, `view`, `files`) may be
 * strings, as the real WebClient sends them form-encoded.
 */
import * as z from 'zod';
import { checkMessageBlocks, checkView, normalizeBlocks } from './block-kit-rules.js';
import type { SandboxRuntime } from './runtime.js';
import type { SandboxChannel, SandboxFile, SandboxView, StoredMessage } from './types.js';

type ApiResult = Record<string, unknown>;

/** A Slack API error; becomes `{ ok: false, error: code }` with any `[ERROR]` lines. */
export class SlackApiFailure extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
  ) {
    super(code);
    this.name = 'SlackApiFailure';
  }
}

const flag = z
  .preprocess((value) => {
    if (value === 'true' || value === '1' || value === 1) return true;
    if (value === 'false' || value === '0' || value === 0 || value === '') return false;
    return value;
  }, z.boolean())
  .optional();
const count = z.coerce.number().int().positive().optional();
const identifier = z.string().min(1);

function parse<Schema extends z.ZodType>(schema: Schema, input: Record<string, unknown>): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map((issue) => {
    const field = issue.path.join('.');
    const missing = issue.code === 'invalid_type' && input[field] === undefined;
    return `[ERROR] ${missing ? 'missing required field' : issue.message}: ${field}`;
  });
  throw new SlackApiFailure('invalid_arguments', messages);
}

/** A JSON-valued argument, given as an object or as a JSON string. */
function jsonArgument(value: unknown, formatError: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new SlackApiFailure(formatError);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Handler = (
  runtime: SandboxRuntime,
  args: Record<string, unknown>,
  token?: string,
) => ApiResult | Promise<ApiResult>;

/** Methods called without a bot token: the OAuth exchange authenticates with the app's credentials. */
const tokenless: Record<string, Handler> = {
  'oauth.v2.access': (runtime, args) => {
    const input = parse(
      z.object({
        client_id: z.string().optional(),
        client_secret: z.string().optional(),
        code: z.string().optional(),
        redirect_uri: z.string().optional(),
      }),
      args,
    );
    const app = runtime.settings.oauth;
    if (!app || input.client_id !== app.clientId) throw new SlackApiFailure('invalid_client_id');
    if (input.client_secret !== app.clientSecret) throw new SlackApiFailure('bad_client_secret');
    if (!input.code) throw new SlackApiFailure('invalid_code');
    const installed = runtime.exchangeCode(input.code, input.redirect_uri);
    if ('error' in installed) throw new SlackApiFailure(installed.error);
    return {
      ok: true,
      app_id: runtime.identity.appId,
      authed_user: { id: installed.installerUserId },
      scope: installed.scopes.join(','),
      token_type: 'bot',
      access_token: installed.botToken,
      bot_user_id: installed.botUserId,
      team: { id: installed.teamId, name: installed.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  },
};

// ── helpers shared by the methods ─────────────────────────────────────────────────────────────

function botChannel(runtime: SandboxRuntime, reference: string): SandboxChannel {
  const { workspace } = runtime;
  if (/^U/.test(reference) && workspace.user(reference)) return workspace.directMessageChannel(reference);
  const channel = workspace.resolveChannel(reference);
  if (!channel) throw new SlackApiFailure('channel_not_found');
  return channel;
}

/** The bot may post to and read a channel only as a member (no `chat:write.public` in tune's manifest). */
function memberChannel(runtime: SandboxRuntime, reference: string): SandboxChannel {
  const channel = botChannel(runtime, reference);
  if (!channel.isIm && !runtime.workspace.isMember(channel.id, runtime.identity.botUserId)) {
    throw new SlackApiFailure('not_in_channel');
  }
  return channel;
}

/** Validated, normalized message blocks, or undefined when none were given. */
export function messageBlocks(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const blocks = jsonArgument(value, 'invalid_blocks_format');
  if (!Array.isArray(blocks)) throw new SlackApiFailure('invalid_blocks_format');
  const problems = checkMessageBlocks(blocks);
  if (problems.length > 0) throw new SlackApiFailure('invalid_blocks', problems);
  return normalizeBlocks(blocks);
}

const metadataSchema = z.object({
  event_type: z.string().regex(/^[a-zA-Z0-9_]+$/),
  event_payload: z.record(z.string(), z.unknown()),
});

/** Message metadata (`event_type` and `event_payload`), given as an object or a JSON string. */
function messageMetadata(value: unknown): StoredMessage['metadata'] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = metadataSchema.safeParse(jsonArgument(value, 'invalid_metadata_format'));
  if (!parsed.success) throw new SlackApiFailure('invalid_metadata_schema');
  return parsed.data;
}

function requireContent(text: string | undefined, blocks: unknown[] | undefined): void {
  if ((text === undefined || text === '') && (blocks === undefined || blocks.length === 0)) {
    throw new SlackApiFailure('no_text');
  }
}

function ownMessage(runtime: SandboxRuntime, channelId: string, ts: string, failure: string): StoredMessage {
  const message = runtime.workspace.message(channelId, ts);
  if (!message || message.subtype === 'tombstone') throw new SlackApiFailure('message_not_found');
  if (message.user !== runtime.identity.botUserId) throw new SlackApiFailure(failure);
  return message;
}

function publishMessageEvent(runtime: SandboxRuntime, message: StoredMessage): void {
  const channel = runtime.workspace.channel(message.channel);
  if (!runtime.subscribed('message', channel)) return;
  void runtime.publishEvent(runtime.messageEvent(message));
}

function paginate<T>(
  items: T[],
  limit: number | undefined,
  cursor: unknown,
): { page: T[]; nextCursor: string } {
  const offset =
    typeof cursor === 'string' && cursor !== ''
      ? Number(Buffer.from(cursor, 'base64').toString().split(':')[1])
      : 0;
  const start = Number.isFinite(offset) ? offset : 0;
  const size = limit ?? 100;
  const page = items.slice(start, start + size);
  const nextCursor =
    start + size < items.length ? Buffer.from(`offset:${start + size}`).toString('base64') : '';
  return { page, nextCursor };
}

// ── views ─────────────────────────────────────────────────────────────────────────────────────

function viewPayload(value: unknown, type: 'modal' | 'home'): Record<string, unknown> {
  const view = jsonArgument(value, 'invalid_arguments');
  const problems = checkView(view, type);
  if (problems.length > 0 || !isRecord(view)) throw new SlackApiFailure('invalid_arguments', problems);
  return view;
}

function newHash(runtime: SandboxRuntime): string {
  return `${Math.floor(runtime.workspace.now() / 1000)}.${runtime.workspace.newId('').toLowerCase()}`;
}

function buildView(
  runtime: SandboxRuntime,
  payload: Record<string, unknown>,
  placement: {
    user: string;
    type: 'modal' | 'home';
    id?: string;
    rootViewId?: string;
    previousViewId?: string | null;
  },
): SandboxView {
  const { teamId, appId, botId } = runtime.identity;
  const id = placement.id ?? runtime.workspace.newId('V');
  const text = (field: string) => (typeof payload[field] === 'string' ? (payload[field] as string) : '');
  return {
    id,
    team_id: teamId,
    type: placement.type,
    ...(payload.title !== undefined ? { title: payload.title } : {}),
    ...(payload.submit !== undefined ? { submit: payload.submit } : {}),
    ...(payload.close !== undefined ? { close: payload.close } : {}),
    blocks: normalizeBlocks(Array.isArray(payload.blocks) ? payload.blocks : []),
    private_metadata: text('private_metadata'),
    callback_id: text('callback_id'),
    external_id: text('external_id'),
    state: { values: {} },
    hash: newHash(runtime),
    clear_on_close: payload.clear_on_close === true,
    notify_on_close: payload.notify_on_close === true,
    root_view_id: placement.rootViewId ?? id,
    previous_view_id: placement.previousViewId ?? null,
    app_id: appId,
    app_installed_team_id: teamId,
    bot_id: botId,
    user: placement.user,
  };
}

/** A view as Slack returns it: without the sandbox's own fields. */
export function presentView(view: SandboxView): Record<string, unknown> {
  const { user: _user, errors: _errors, failure: _failure, ...rest } = view;
  return rest;
}

/** Updates a view in place as views.update and `response_action: "update"` do: same id, new hash. */
export function updatedView(
  runtime: SandboxRuntime,
  existing: SandboxView,
  payload: Record<string, unknown>,
): SandboxView {
  return buildView(runtime, payload, {
    user: existing.user,
    type: existing.type,
    id: existing.id,
    rootViewId: existing.root_view_id,
    previousViewId: existing.previous_view_id,
  });
}

/** Pushes a view on a person's modal stack (Slack allows three). */
export function pushView(
  runtime: SandboxRuntime,
  userId: string,
  payload: Record<string, unknown>,
): SandboxView {
  const stack = runtime.workspace.modalStack(userId);
  const top = stack.at(-1);
  if (!top) throw new SlackApiFailure('view_not_found');
  if (stack.length >= 3) throw new SlackApiFailure('push_limit_reached');
  const view = buildView(runtime, payload, {
    user: userId,
    type: 'modal',
    rootViewId: top.root_view_id,
    previousViewId: top.id,
  });
  runtime.workspace.setModalStack(userId, [...stack, view]);
  return view;
}

export function checkModalPayload(value: unknown): Record<string, unknown> {
  return viewPayload(value, 'modal');
}

function triggerUser(runtime: SandboxRuntime, args: Record<string, unknown>): string {
  const trigger = args.trigger_id ?? args.interactivity_pointer;
  if (typeof trigger !== 'string' || trigger === '') {
    throw new SlackApiFailure('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
  }
  const result = runtime.consumeTrigger(trigger);
  if ('error' in result) throw new SlackApiFailure(result.error);
  return result.userId;
}

// ── the methods ───────────────────────────────────────────────────────────────────────────────

const methods: Record<string, Handler> = {
  'api.test': (_runtime, args) => ({ ok: true, args }),

  'auth.test': (runtime, _args, token) => {
    const { botName } = runtime.identity;
    const { teamId, teamName, botUserId, botId } = runtime.teamOfToken(token ?? '') ?? runtime.identity;
    return {
      ok: true,
      url: `${runtime.settings.url}/`,
      team: teamName,
      user: botName,
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    };
  },

  // Slack retired files.upload in 2025; WebClient.filesUploadV2 uses the external-upload methods below.
  'files.upload': () => {
    throw new SlackApiFailure('method_deprecated');
  },

  'chat.postMessage': (runtime, args) => {
    const input = parse(
      z.object({
        channel: identifier,
        text: z.string().optional(),
        thread_ts: z.string().optional(),
        reply_broadcast: flag,
      }),
      args,
    );
    const channel = memberChannel(runtime, input.channel);
    const blocks = messageBlocks(args.blocks);
    const metadata = messageMetadata(args.metadata);
    requireContent(input.text, blocks);
    let threadTs: string | undefined;
    if (input.thread_ts) {
      const parent = runtime.workspace.message(channel.id, input.thread_ts);
      if (!parent) throw new SlackApiFailure('thread_not_found');
      threadTs = parent.thread_ts ?? parent.ts;
    }
    const { botUserId, botId, appId } = runtime.identity;
    const message = runtime.workspace.addMessage({
      channel: channel.id,
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      text: input.text ?? '',
      ...(blocks ? { blocks } : {}),
      ...(metadata ? { metadata } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(threadTs && input.reply_broadcast ? { subtype: 'thread_broadcast' } : {}),
    });
    publishMessageEvent(runtime, message);
    return { ok: true, channel: channel.id, ts: message.ts, message: runtime.presentMessage(message) };
  },

  'chat.postEphemeral': (runtime, args) => {
    const input = parse(
      z.object({
        channel: identifier,
        user: identifier,
        text: z.string().optional(),
        thread_ts: z.string().optional(),
      }),
      args,
    );
    const channel = memberChannel(runtime, input.channel);
    if (!runtime.workspace.user(input.user)) throw new SlackApiFailure('user_not_found');
    if (!channel.isIm && !runtime.workspace.isMember(channel.id, input.user)) {
      throw new SlackApiFailure('user_not_in_channel');
    }
    const blocks = messageBlocks(args.blocks);
    requireContent(input.text, blocks);
    const message = runtime.workspace.addEphemeral({
      channel: channel.id,
      user: input.user,
      from: runtime.identity.botUserId,
      text: input.text ?? '',
      ...(blocks ? { blocks } : {}),
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    });
    return { ok: true, message_ts: message.ts };
  },

  'chat.update': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, ts: identifier, text: z.string().optional() }), args);
    const channel = botChannel(runtime, input.channel);
    const message = ownMessage(runtime, channel.id, input.ts, 'cant_update_message');
    const blocks = messageBlocks(args.blocks);
    const metadata = messageMetadata(args.metadata);
    requireContent(input.text, blocks ?? message.blocks);
    if (input.text !== undefined) message.text = input.text;
    // Metadata left out of an update stays as it was.
    if (metadata) message.metadata = metadata;
    // Slack keeps the previous blocks when `blocks` is left out; an empty array removes them.
    if (blocks !== undefined && blocks.length === 0) delete message.blocks;
    else if (blocks !== undefined) message.blocks = blocks;
    message.edited = { user: runtime.identity.botUserId, ts: runtime.workspace.newTimestamp() };
    runtime.workspace.changed();
    return {
      ok: true,
      channel: channel.id,
      ts: message.ts,
      text: message.text,
      message: runtime.presentMessage(message),
    };
  },

  'chat.delete': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, ts: identifier }), args);
    const channel = botChannel(runtime, input.channel);
    ownMessage(runtime, channel.id, input.ts, 'cant_delete_message');
    runtime.workspace.deleteMessage(channel.id, input.ts);
    return { ok: true, channel: channel.id, ts: input.ts };
  },

  'chat.getPermalink': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, message_ts: identifier }), args);
    const channel = botChannel(runtime, input.channel);
    const message = runtime.workspace.message(channel.id, input.message_ts);
    if (!message) throw new SlackApiFailure('message_not_found');
    const base = `${runtime.settings.url}/archives/${channel.id}/p${message.ts.replace('.', '')}`;
    const inThread = message.thread_ts && message.thread_ts !== message.ts;
    const permalink = inThread ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base;
    return { ok: true, channel: channel.id, permalink };
  },

  'views.open': (runtime, args) => {
    const userId = triggerUser(runtime, args);
    const payload = viewPayload(args.view, 'modal');
    const view = buildView(runtime, payload, { user: userId, type: 'modal' });
    runtime.workspace.setModalStack(userId, [view]);
    return { ok: true, view: presentView(view) };
  },

  'views.push': (runtime, args) => {
    const userId = triggerUser(runtime, args);
    const payload = viewPayload(args.view, 'modal');
    return { ok: true, view: presentView(pushView(runtime, userId, payload)) };
  },

  'views.update': (runtime, args) => {
    const input = parse(
      z.object({
        view_id: z.string().optional(),
        external_id: z.string().optional(),
        hash: z.string().optional(),
      }),
      args,
    );
    if (!input.view_id && !input.external_id) {
      throw new SlackApiFailure('invalid_arguments', ['[ERROR] missing required field: view_id']);
    }
    const existing = runtime.workspace.findView({
      ...(input.view_id ? { viewId: input.view_id } : {}),
      ...(input.external_id ? { externalId: input.external_id } : {}),
    });
    if (!existing) throw new SlackApiFailure('not_found');
    if (input.hash && input.hash !== existing.hash) throw new SlackApiFailure('hash_conflict');
    const view = updatedView(runtime, existing, viewPayload(args.view, existing.type));
    runtime.workspace.replaceView(view);
    return { ok: true, view: presentView(view) };
  },

  'views.publish': (runtime, args) => {
    const input = parse(z.object({ user_id: identifier, hash: z.string().optional() }), args);
    if (!runtime.workspace.user(input.user_id)) throw new SlackApiFailure('user_not_found');
    const payload = viewPayload(args.view, 'home');
    const existing = runtime.workspace.home(input.user_id);
    if (input.hash && existing && input.hash !== existing.hash) throw new SlackApiFailure('hash_conflict');
    const view = buildView(runtime, payload, {
      user: input.user_id,
      type: 'home',
      ...(existing ? { id: existing.id } : {}),
    });
    runtime.workspace.setHome(view);
    return { ok: true, view: presentView(view) };
  },

  'conversations.info': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, include_num_members: flag }), args);
    const channel = botChannel(runtime, input.channel);
    if (channel.isPrivate && !runtime.workspace.isMember(channel.id, runtime.identity.botUserId)) {
      throw new SlackApiFailure('channel_not_found');
    }
    return {
      ok: true,
      channel: runtime.presentChannel(channel, { numMembers: input.include_num_members ?? false }),
    };
  },

  'conversations.members': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, limit: count, cursor: z.string().optional() }), args);
    const channel = botChannel(runtime, input.channel);
    const { page, nextCursor } = paginate(channel.members, input.limit, input.cursor);
    return { ok: true, members: page, response_metadata: { next_cursor: nextCursor } };
  },

  'conversations.history': (runtime, args) => {
    const input = parse(
      z.object({
        channel: identifier,
        limit: count,
        cursor: z.string().optional(),
        oldest: z.string().optional(),
        latest: z.string().optional(),
        inclusive: flag,
        include_all_metadata: flag,
      }),
      args,
    );
    const channel = memberChannel(runtime, input.channel);
    const inclusive = input.inclusive ?? false;
    const newestFirst = runtime.workspace
      .topLevel(channel.id)
      .filter((message) => {
        const ts = Number(message.ts);
        if (input.oldest && (inclusive ? ts < Number(input.oldest) : ts <= Number(input.oldest)))
          return false;
        if (input.latest && (inclusive ? ts > Number(input.latest) : ts >= Number(input.latest)))
          return false;
        return true;
      })
      .reverse();
    const { page, nextCursor } = paginate(newestFirst, input.limit, input.cursor);
    return {
      ok: true,
      messages: page.map((message) =>
        runtime.presentMessage(message, { metadata: input.include_all_metadata ?? false }),
      ),
      has_more: nextCursor !== '',
      pin_count: 0,
      response_metadata: { next_cursor: nextCursor },
    };
  },

  'conversations.replies': (runtime, args) => {
    const input = parse(
      z.object({
        channel: identifier,
        ts: identifier,
        limit: count,
        cursor: z.string().optional(),
        include_all_metadata: flag,
      }),
      args,
    );
    const channel = memberChannel(runtime, input.channel);
    const anchor = runtime.workspace.message(channel.id, input.ts);
    if (!anchor) throw new SlackApiFailure('thread_not_found');
    const thread = runtime.workspace.thread(channel.id, anchor.thread_ts ?? anchor.ts);
    const { page, nextCursor } = paginate(thread, input.limit ?? 1000, input.cursor);
    return {
      ok: true,
      messages: page.map((message) =>
        runtime.presentMessage(message, { metadata: input.include_all_metadata ?? false }),
      ),
      has_more: nextCursor !== '',
      response_metadata: { next_cursor: nextCursor },
    };
  },

  'conversations.open': (runtime, args) => {
    const input = parse(z.object({ users: identifier }), args);
    const users = input.users.split(',').map((user) => user.trim());
    const [userId] = users;
    if (users.length !== 1 || !userId) throw new SlackApiFailure('method_not_supported_for_channel_type');
    if (!runtime.workspace.user(userId)) throw new SlackApiFailure('user_not_found');
    return { ok: true, channel: { id: runtime.workspace.directMessageChannel(userId).id } };
  },

  'conversations.list': (runtime, args) => {
    const input = parse(z.object({ limit: count, cursor: z.string().optional() }), args);
    const botUserId = runtime.identity.botUserId;
    const visible = runtime.workspace
      .allChannels()
      .filter((channel) => !channel.isIm && (!channel.isPrivate || channel.members.includes(botUserId)));
    const { page, nextCursor } = paginate(visible, input.limit, input.cursor);
    return {
      ok: true,
      channels: page.map((channel) => runtime.presentChannel(channel, { numMembers: true })),
      response_metadata: { next_cursor: nextCursor },
    };
  },

  'conversations.join': (runtime, args) => {
    const input = parse(z.object({ channel: identifier }), args);
    const channel = botChannel(runtime, input.channel);
    if (channel.isPrivate) throw new SlackApiFailure('method_not_supported_for_channel_type');
    const botUserId = runtime.identity.botUserId;
    if (runtime.workspace.addMember(channel.id, botUserId)) {
      runtime.workspace.addMessage({
        channel: channel.id,
        user: botUserId,
        subtype: 'channel_join',
        text: `<@${botUserId}> has joined the channel`,
      });
      if (runtime.subscribed('member_joined_channel')) {
        void runtime.publishEvent({
          type: 'member_joined_channel',
          user: botUserId,
          channel: channel.id,
          channel_type: 'C',
          team: runtime.identity.teamId,
        });
      }
    }
    return { ok: true, channel: runtime.presentChannel(channel) };
  },

  'users.info': (runtime, args) => {
    const input = parse(z.object({ user: identifier }), args);
    const user = runtime.workspace.user(input.user);
    if (!user) throw new SlackApiFailure('user_not_found');
    return { ok: true, user: runtime.presentUser(user) };
  },

  'users.list': (runtime, args) => {
    const input = parse(z.object({ limit: count, cursor: z.string().optional() }), args);
    const { page, nextCursor } = paginate(runtime.workspace.allUsers(), input.limit, input.cursor);
    return {
      ok: true,
      members: page.map((user) => runtime.presentUser(user)),
      response_metadata: { next_cursor: nextCursor },
    };
  },

  'usergroups.users.list': (runtime, args) => {
    const input = parse(z.object({ usergroup: identifier }), args);
    const group = runtime.workspace.usergroup(input.usergroup);
    if (!group) throw new SlackApiFailure('no_such_subteam');
    return { ok: true, users: group.users };
  },

  'files.info': (runtime, args) => {
    const input = parse(z.object({ file: identifier }), args);
    const file = runtime.workspace.file(input.file);
    if (!file) throw new SlackApiFailure('file_not_found');
    return {
      ok: true,
      file: runtime.presentFile(file),
      comments: [],
      response_metadata: { next_cursor: '' },
    };
  },

  'files.getUploadURLExternal': (runtime, args) => {
    const input = parse(
      z.object({
        filename: identifier,
        length: z.coerce.number().int().nonnegative(),
        alt_text: z.string().optional(),
      }),
      args,
    );
    if (input.length > runtime.settings.maxFileBytes) throw new SlackApiFailure('file_too_large');
    const fileId = runtime.workspace.newId('F');
    const uploadId = runtime.workspace.newId('').toLowerCase();
    runtime.uploads.set(uploadId, {
      id: uploadId,
      fileId,
      filename: input.filename,
      length: input.length,
      createdAt: runtime.workspace.now(),
    });
    return { ok: true, upload_url: `${runtime.settings.url}/upload/v1/${uploadId}`, file_id: fileId };
  },

  'files.completeUploadExternal': async (runtime, args) => {
    const input = parse(
      z.object({
        channel_id: z.string().optional(),
        channels: z.string().optional(),
        initial_comment: z.string().optional(),
        thread_ts: z.string().optional(),
      }),
      args,
    );
    const files = z
      .array(z.object({ id: identifier, title: z.string().optional() }))
      .min(1)
      .safeParse(jsonArgument(args.files, 'invalid_arguments'));
    if (!files.success)
      throw new SlackApiFailure('invalid_arguments', ['[ERROR] missing required field: files']);
    const channelReference = input.channel_id ?? input.channels?.split(',')[0];
    const channel = channelReference ? memberChannel(runtime, channelReference) : undefined;
    const blocks = messageBlocks(args.blocks);
    const completed: SandboxFile[] = [];
    for (const entry of files.data) {
      const upload = [...runtime.uploads.values()].find((candidate) => candidate.fileId === entry.id);
      if (!upload?.content) throw new SlackApiFailure('file_not_found');
      runtime.uploads.delete(upload.id);
      const file = describeFile(runtime, {
        id: upload.fileId,
        name: upload.filename,
        title: entry.title ?? upload.filename,
        size: upload.content.length,
        user: runtime.identity.botUserId,
        channels: channel ? [channel.id] : [],
      });
      await runtime.workspace.addFile(file, upload.content);
      completed.push(file);
    }
    if (channel) {
      const { botUserId, botId, appId } = runtime.identity;
      let threadTs: string | undefined;
      if (input.thread_ts) {
        const parent = runtime.workspace.message(channel.id, input.thread_ts);
        if (!parent) throw new SlackApiFailure('thread_not_found');
        threadTs = parent.thread_ts ?? parent.ts;
      }
      const message = runtime.workspace.addMessage({
        channel: channel.id,
        user: botUserId,
        bot_id: botId,
        app_id: appId,
        text: input.initial_comment ?? '',
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        fileIds: completed.map((file) => file.id),
      });
      publishMessageEvent(runtime, message);
    }
    return { ok: true, files: completed.map((file) => runtime.presentFile(file)) };
  },

  'reactions.add': (runtime, args) => {
    const input = parse(z.object({ channel: identifier, timestamp: identifier, name: identifier }), args);
    const channel = memberChannel(runtime, input.channel);
    const message = runtime.workspace.message(channel.id, input.timestamp);
    if (!message) throw new SlackApiFailure('message_not_found');
    const name = input.name.replace(/^:|:$/g, '');
    const reactions = message.reactions ?? [];
    const existing = reactions.find((reaction) => reaction.name === name);
    const botUserId = runtime.identity.botUserId;
    if (existing?.users.includes(botUserId)) throw new SlackApiFailure('already_reacted');
    if (existing) {
      existing.users.push(botUserId);
      existing.count += 1;
    } else {
      reactions.push({ name, users: [botUserId], count: 1 });
    }
    message.reactions = reactions;
    runtime.workspace.changed();
    return { ok: true };
  },
};

export const SUPPORTED_METHODS = [...Object.keys(methods), ...Object.keys(tokenless)].sort();

const EXTENSION_TYPES: Record<string, { mimetype: string; filetype: string }> = {
  jsonl: { mimetype: 'text/plain', filetype: 'text' },
  json: { mimetype: 'application/json', filetype: 'json' },
  csv: { mimetype: 'text/csv', filetype: 'csv' },
  tsv: { mimetype: 'text/tab-separated-values', filetype: 'tsv' },
  txt: { mimetype: 'text/plain', filetype: 'text' },
  md: { mimetype: 'text/plain', filetype: 'markdown' },
  png: { mimetype: 'image/png', filetype: 'png' },
  jpg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  jpeg: { mimetype: 'image/jpeg', filetype: 'jpg' },
  svg: { mimetype: 'image/svg+xml', filetype: 'svg' },
  pdf: { mimetype: 'application/pdf', filetype: 'pdf' },
  gz: { mimetype: 'application/gzip', filetype: 'gzip' },
  zip: { mimetype: 'application/zip', filetype: 'zip' },
  parquet: { mimetype: 'application/octet-stream', filetype: 'binary' },
};

/** File metadata as Slack derives it from the name (a guess for types Slack labels differently). */
export function describeFile(
  runtime: SandboxRuntime,
  file: Pick<SandboxFile, 'id' | 'name' | 'title' | 'size' | 'user' | 'channels'>,
): SandboxFile {
  const extension = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
  const type = EXTENSION_TYPES[extension] ?? { mimetype: 'application/octet-stream', filetype: 'binary' };
  return { ...file, ...type, created: Math.floor(runtime.workspace.now() / 1000) };
}

/**
 * Answers one Web API call. `token` is the bearer token from the Authorization header, falling back
 * to a `token` argument as Slack allows for form-encoded calls.
 */
export async function callWebApi(
  runtime: SandboxRuntime,
  method: string,
  args: Record<string, unknown>,
  token: string | undefined,
): Promise<ApiResult> {
  const { token: argumentToken, ...rest } = args;
  const suppliedToken = token ?? (typeof argumentToken === 'string' ? argumentToken : undefined);
  let result: ApiResult;
  const handler = methods[method] ?? tokenless[method];
  const team = suppliedToken ? runtime.teamOfToken(suppliedToken) : undefined;
  if (!handler) {
    result = { ok: false, error: 'unknown_method', req_method: method };
  } else if (!tokenless[method] && !suppliedToken) {
    result = { ok: false, error: 'not_authed' };
  } else if (!tokenless[method] && !team) {
    result = { ok: false, error: 'invalid_auth' };
  } else {
    try {
      result = await handler(runtime, rest, suppliedToken);
    } catch (error) {
      if (!(error instanceof SlackApiFailure)) throw error;
      result = {
        ok: false,
        error: error.code,
        ...(error.messages.length > 0 ? { response_metadata: { messages: error.messages } } : {}),
      };
    }
  }
  // The page lists calls with their arguments: the app's client secret is not shown there.
  const { client_secret: _secret, ...shown } = rest;
  runtime.recordApiCall({
    method,
    ...(team ? { teamId: team.teamId } : {}),
    arguments: shown,
    ok: result.ok === true,
    ...(typeof result.error === 'string' ? { error: result.error } : {}),
    at: Date.now(),
  });
  return result;
}
