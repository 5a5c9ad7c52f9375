/**
 * What a person does in the workspace (type a slash command, post, share a file, press a button,
 * fill a modal, open the Home tab) and what Slack then sends the bot. The page and the test driver
 * both go through these functions, so a test exercises what a person clicking would.
 */
import { checkMessageBlocks, checkView, normalizeBlocks } from './block-kit-rules.js';
import type { ResponseTarget, SandboxRuntime } from './runtime.js';
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_USES } from './runtime.js';
import type {
  DeliveryRecord,
  EphemeralMessage,
  SandboxChannel,
  SandboxFile,
  SandboxUser,
  SandboxView,
  StoredMessage,
} from './types.js';
import { describeFile, presentView, pushView, updatedView } from './web-api.js';
import { SLACKBOT_USER_ID } from './workspace.js';

/** The driver or the page asked for something the workspace cannot do (unknown user, no such button). */
export class SandboxUsageError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SandboxUsageError';
  }
}

export interface SlashCommandResult {
  /** The request sent to the bot; absent when Slack refused the command before sending it. */
  request?: DeliveryRecord;
  status: number;
  body: string;
  /** The message the person saw from the bot's HTTP answer (ephemeral unless `in_channel`). */
  responseMessage?: Record<string, unknown>;
  /** Slack's error word when the command failed: `dispatch_failed`, `operation_timeout`, … */
  failure?: string;
  responseUrl?: string;
  triggerId?: string;
}

export interface InteractionResult {
  request: DeliveryRecord;
  status: number;
  body: string;
  failure?: string;
  responseUrl?: string;
  triggerId: string;
}

export type ViewOutcome = 'closed' | 'errors' | 'updated' | 'pushed' | 'cleared' | 'invalid' | 'failed';

export interface ViewSubmissionResult {
  request?: DeliveryRecord;
  outcome: ViewOutcome;
  /** Inline errors by block_id: the bot's `response_action: "errors"`, or required fields left empty. */
  errors?: Record<string, string>;
  failure?: string;
}

/** Values for a modal's inputs: block_id → action_id → value (option values for selects, arrays for multi). */
export type ViewValues = Record<string, Record<string, string | string[] | null>>;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every option of a select-like element, option groups flattened. */
function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options.filter(isRecord) : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups
        .filter(isRecord)
        .flatMap((group) => (Array.isArray(group.options) ? group.options.filter(isRecord) : []))
    : [];
  return [...direct, ...grouped];
}

interface LocatedElement {
  block: Json;
  element: Json;
}

/** Interactive elements of a block list, with the block they sit in. */
function elementsOf(blocks: unknown[]): LocatedElement[] {
  const found: LocatedElement[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements) if (isRecord(element)) found.push({ block, element });
    }
    if (isRecord(block.accessory) && block.accessory.type !== 'image')
      found.push({ block, element: block.accessory });
    if (isRecord(block.element)) found.push({ block, element: block.element });
  }
  return found;
}

const SELECTION_KEYS: Record<string, string> = {
  users_select: 'selected_user',
  conversations_select: 'selected_conversation',
  channels_select: 'selected_channel',
  multi_users_select: 'selected_users',
  multi_conversations_select: 'selected_conversations',
  multi_channels_select: 'selected_channels',
  datepicker: 'selected_date',
  timepicker: 'selected_time',
};

/** The state Slack reports for an element given what the person chose (`undefined`: left as initially set). */
function elementState(element: Json, chosen: string | string[] | null | undefined): Json {
  const type = String(element.type);
  const state: Json = { type };
  const options = optionsOf(element);
  const pick = (value: string) => {
    const option = options.find((candidate) => candidate.value === value);
    if (!option)
      throw new SandboxUsageError(`No option with value "${value}" in ${type} ${String(element.action_id)}.`);
    return option;
  };
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
    case 'overflow': {
      const initial = isRecord(element.initial_option) ? element.initial_option : null;
      state.selected_option =
        chosen === undefined ? initial : typeof chosen === 'string' && chosen !== '' ? pick(chosen) : null;
      break;
    }
    case 'checkboxes':
    case 'multi_static_select': {
      const initial = Array.isArray(element.initial_options) ? element.initial_options : [];
      const values = chosen === undefined ? null : Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
      state.selected_options = values === null ? initial : values.map(pick);
      break;
    }
    default: {
      const key = SELECTION_KEYS[type];
      if (key) {
        const initialKey = key.replace('selected_', 'initial_');
        state[key] = chosen === undefined ? (element[initialKey] ?? null) : chosen;
      } else {
        const initial = typeof element.initial_value === 'string' ? element.initial_value : null;
        state.value = chosen === undefined ? initial : Array.isArray(chosen) ? chosen.join('\n') : chosen;
      }
    }
  }
  return state;
}

function isEmptyState(state: Json): boolean {
  const values = Object.entries(state)
    .filter(([key]) => key !== 'type')
    .map(([, value]) => value);
  return values.every(
    (value) => value === null || value === '' || (Array.isArray(value) && value.length === 0),
  );
}

/** Checks Slack's client makes before a modal is submitted at all; the message appears under the input. */
function clientProblem(block: Json, element: Json, state: Json): string | undefined {
  if (isEmptyState(state))
    return block.optional === true ? undefined : 'Please fill out this required field.';
  const value = typeof state.value === 'string' ? state.value : undefined;
  if (element.type === 'number_input' && value !== undefined) {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return 'Please enter a number.';
    if (element.is_decimal_allowed !== true && !Number.isInteger(number))
      return 'Please enter a whole number.';
    if (element.min_value !== undefined && number < Number(element.min_value))
      return `Please enter a number of at least ${element.min_value}.`;
    if (element.max_value !== undefined && number > Number(element.max_value))
      return `Please enter a number of at most ${element.max_value}.`;
  }
  if (element.type === 'plain_text_input' && value !== undefined) {
    if (typeof element.min_length === 'number' && value.length < element.min_length)
      return `Please enter at least ${element.min_length} characters.`;
    if (typeof element.max_length === 'number' && value.length > element.max_length)
      return `Please enter no more than ${element.max_length} characters.`;
  }
  return undefined;
}

/** Slack's failure word for a request the bot did not answer with 200. */
function failureOf(record: DeliveryRecord): string | undefined {
  if (record.timedOut) return 'operation_timeout';
  if (record.status !== 200) return 'dispatch_failed';
  return undefined;
}

/** Reads a bot's JSON answer, or undefined when it is plain text. */
function jsonBody(record: DeliveryRecord): Json | undefined {
  const body = record.responseBody.trim();
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export class PersonActions {
  constructor(private readonly runtime: SandboxRuntime) {}

  private get workspace() {
    return this.runtime.workspace;
  }

  private person(userId: string): SandboxUser {
    const user = this.workspace.user(userId);
    if (!user || user.isBot) throw new SandboxUsageError(`No person ${userId} in the workspace.`);
    return user;
  }

  private place(channelId: string): SandboxChannel {
    const channel = this.workspace.channel(channelId);
    if (!channel) throw new SandboxUsageError(`No channel ${channelId} in the workspace.`);
    return channel;
  }

  private botIsIn(channel: SandboxChannel): boolean {
    return channel.isIm === true || channel.members.includes(this.runtime.identity.botUserId);
  }

  private slackbotSays(channelId: string, userId: string, text: string, threadTs?: string): EphemeralMessage {
    return this.workspace.addEphemeral({
      channel: channelId,
      user: userId,
      from: SLACKBOT_USER_ID,
      text,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }

  private teamAndUser(user: SandboxUser) {
    const { teamId, teamDomain } = this.runtime.identity;
    return {
      team: { id: teamId, domain: teamDomain },
      user: { id: user.id, username: user.name, name: user.name, team_id: teamId },
    };
  }

  private interactionBody(payload: Json): string {
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  // ── slash commands ────────────────────────────────────────────────────────────────────────────

  /** Types `<command> <text>` in a channel (or thread, which Slack refuses) and sends it to the bot. */
  async slashCommand(input: {
    userId: string;
    channelId: string;
    text: string;
    threadTs?: string;
  }): Promise<SlashCommandResult> {
    const user = this.person(input.userId);
    const channel = this.place(input.channelId);
    const { command } = this.runtime.settings;
    if (input.threadTs) {
      // Slack does not send slash commands typed in a thread (bolt-js#1816).
      this.slackbotSays(
        channel.id,
        user.id,
        `${command} is not supported in threads. Sorry!`,
        input.threadTs,
      );
      return { status: 0, body: '', failure: 'not_supported_in_threads' };
    }
    const { teamId, teamDomain, appId } = this.runtime.identity;
    const triggerId = this.runtime.issueTrigger(user.id);
    const responseUrl = this.runtime.createResponseUrl({ userId: user.id, channelId: channel.id });
    const body = new URLSearchParams({
      token: 'sandbox-verification-token',
      team_id: teamId,
      team_domain: teamDomain,
      channel_id: channel.id,
      channel_name: channel.isIm ? 'directmessage' : channel.name,
      user_id: user.id,
      user_name: user.name,
      command,
      text: input.text,
      api_app_id: appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    }).toString();
    const request = await this.runtime.delivery.send(
      'slash_command',
      body,
      'application/x-www-form-urlencoded',
    );
    const result: SlashCommandResult = {
      request,
      status: request.status,
      body: request.responseBody,
      responseUrl,
      triggerId,
    };
    const failure = failureOf(request);
    if (failure) return this.commandFailed(result, channel, user, failure);
    const answer = request.responseBody.trim();
    if (answer === '') return result;
    const json = jsonBody(request);
    const text = json ? (typeof json.text === 'string' ? json.text : '') : answer;
    const blocksValue = json?.blocks;
    if (blocksValue !== undefined && checkMessageBlocks(blocksValue).length > 0) {
      return this.commandFailed(result, channel, user, 'invalid_blocks');
    }
    const blocks = Array.isArray(blocksValue) ? normalizeBlocks(blocksValue) : undefined;
    const inChannel = json?.response_type === 'in_channel';
    if (inChannel) {
      // Slack shows everyone the command that produced an in_channel answer.
      this.workspace.addMessage({
        channel: channel.id,
        user: user.id,
        text: `${command} ${input.text}`.trim(),
      });
    }
    if (text === '' && !blocks) return result;
    const target = this.runtime.responseTargets.get(responseUrl.split('/').pop() ?? '');
    if (inChannel) {
      const message = this.botMessage(channel.id, text, blocks);
      if (target) {
        target.original = { kind: 'message', ts: message.ts };
        target.posted.push(target.original);
      }
      result.responseMessage = this.runtime.presentMessage(message);
    } else {
      const ephemeral = this.workspace.addEphemeral({
        channel: channel.id,
        user: user.id,
        from: this.runtime.identity.botUserId,
        text,
        ...(blocks ? { blocks } : {}),
      });
      if (target) {
        target.original = { kind: 'ephemeral', ts: ephemeral.ts };
        target.posted.push(target.original);
      }
      result.responseMessage = this.runtime.presentEphemeral(ephemeral);
    }
    return result;
  }

  private commandFailed(
    result: SlashCommandResult,
    channel: SandboxChannel,
    user: SandboxUser,
    failure: string,
  ): SlashCommandResult {
    this.slackbotSays(
      channel.id,
      user.id,
      `${this.runtime.settings.command} failed with the error "${failure}"`,
    );
    return { ...result, failure };
  }

  private botMessage(
    channelId: string,
    text: string,
    blocks: unknown[] | undefined,
    threadTs?: string,
  ): StoredMessage {
    const { botUserId, botId, appId } = this.runtime.identity;
    const message = this.workspace.addMessage({
      channel: channelId,
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    // Slack echoes the bot's own visible messages as `message` events too (Bolt's ignoreSelf drops them).
    const channel = this.workspace.channel(channelId);
    if (channel && this.botIsIn(channel) && this.runtime.subscribed('message', channel)) {
      void this.runtime.publishEvent(this.runtime.messageEvent(message));
    }
    return message;
  }

  // ── response_url ──────────────────────────────────────────────────────────────────────────────

  /** Handles a POST to a response_url; answers with the HTTP status and body Slack would. */
  respond(id: string, payload: unknown): { status: number; body: Json } {
    const target = this.runtime.responseTargets.get(id);
    if (!target) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    if (this.workspace.now() - target.createdAt > RESPONSE_URL_LIFETIME_MS)
      return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (target.uses >= RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    if (!isRecord(payload)) return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    if (payload.blocks !== undefined) {
      const problems = checkMessageBlocks(payload.blocks);
      if (problems.length > 0)
        return {
          status: 400,
          body: { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } },
        };
    }
    target.uses += 1;
    if (payload.delete_original === true || payload.delete_original === 'true') {
      this.deleteOriginal(target);
      return { status: 200, body: { ok: true } };
    }
    const text = typeof payload.text === 'string' ? payload.text : '';
    const blocks = Array.isArray(payload.blocks) ? normalizeBlocks(payload.blocks) : undefined;
    if (text === '' && (!blocks || blocks.length === 0)) {
      target.uses -= 1;
      return { status: 400, body: { ok: false, error: 'no_text' } };
    }
    if ((payload.replace_original === true || payload.replace_original === 'true') && target.original) {
      this.replaceOriginal(target.original, target.userId, target.channelId, text, blocks);
      target.posted.push(target.original);
      return { status: 200, body: { ok: true } };
    }
    const threadTs = typeof payload.thread_ts === 'string' ? payload.thread_ts : target.threadTs;
    if (payload.response_type === 'in_channel') {
      const message = this.botMessage(target.channelId, text, blocks, threadTs);
      target.original ??= { kind: 'message', ts: message.ts };
      target.posted.push({ kind: 'message', ts: message.ts });
    } else {
      const ephemeral = this.workspace.addEphemeral({
        channel: target.channelId,
        user: target.userId,
        from: this.runtime.identity.botUserId,
        text,
        ...(blocks ? { blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      target.original ??= { kind: 'ephemeral', ts: ephemeral.ts };
      target.posted.push({ kind: 'ephemeral', ts: ephemeral.ts });
    }
    return { status: 200, body: { ok: true } };
  }

  private deleteOriginal(target: ResponseTarget): void {
    const original = target.original;
    if (!original) return;
    if (original.kind === 'ephemeral') this.workspace.deleteEphemeral(original.ts);
    else this.workspace.deleteMessage(target.channelId, original.ts);
  }

  private replaceOriginal(
    original: NonNullable<ResponseTarget['original']>,
    userId: string,
    channelId: string,
    text: string,
    blocks: unknown[] | undefined,
  ): void {
    const record =
      original.kind === 'ephemeral'
        ? this.workspace.ephemeral(channelId, userId, original.ts)
        : this.workspace.message(channelId, original.ts);
    if (!record) return;
    record.text = text;
    if (blocks && blocks.length > 0) record.blocks = blocks;
    else delete record.blocks;
    this.workspace.changed();
  }

  // ── messages and files ────────────────────────────────────────────────────────────────────────

  /**
   * Posts a message as a person. `text` is what the Slack client sends: mentions already in
   * `<@U…>` form (the page converts `@tune` before calling this).
   */
  async postMessage(input: { userId: string; channelId: string; text: string; threadTs?: string }): Promise<{
    message: Record<string, unknown>;
    deliveries: DeliveryRecord[];
  }> {
    const user = this.person(input.userId);
    const channel = this.place(input.channelId);
    this.workspace.addMember(channel.id, user.id);
    const message = this.workspace.addMessage({
      channel: channel.id,
      user: user.id,
      text: input.text,
      ...(input.threadTs ? { thread_ts: this.threadRoot(channel.id, input.threadTs) } : {}),
    });
    const deliveries = await Promise.all(this.messageEvents(channel, message, input.text));
    return { message: this.runtime.presentMessage(message), deliveries };
  }

  private threadRoot(channelId: string, threadTs: string): string {
    const parent = this.workspace.message(channelId, threadTs);
    if (!parent) throw new SandboxUsageError(`No message ${threadTs} in ${channelId} to reply to.`);
    return parent.thread_ts ?? parent.ts;
  }

  /** The events Slack sends for a person's message: app_mention and/or message. */
  private messageEvents(
    channel: SandboxChannel,
    message: StoredMessage,
    text: string,
  ): Promise<DeliveryRecord>[] {
    const { botUserId, botName } = this.runtime.identity;
    const sends: Promise<DeliveryRecord>[] = [];
    const mentionsBot = text.includes(`<@${botUserId}>`);
    if (mentionsBot && !this.botIsIn(channel)) {
      this.slackbotSays(
        channel.id,
        message.user,
        `You mentioned <@${botUserId}>, but ${botName} is not in this channel. Add ${botName} to the channel so it can see your message.`,
        message.thread_ts,
      );
      return sends;
    }
    if (!this.botIsIn(channel)) return sends;
    const event = this.runtime.messageEvent(message);
    if (mentionsBot && !channel.isIm && this.runtime.subscribed('app_mention')) {
      const { channel_type: _type, subtype: _subtype, ...mention } = event;
      sends.push(this.runtime.publishEvent({ ...mention, type: 'app_mention' }));
    }
    if (this.runtime.subscribed('message', channel)) sends.push(this.runtime.publishEvent(event));
    return sends;
  }

  /** Shares a file in a channel as a person, with an optional comment, like dragging it into Slack. */
  async shareFile(input: {
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
  }> {
    const user = this.person(input.userId);
    const channel = this.place(input.channelId);
    const content =
      typeof input.content === 'string' ? Buffer.from(input.content) : Buffer.from(input.content);
    const limit = this.runtime.settings.maxFileBytes;
    if (content.length > limit) {
      this.workspace.addNotice(
        user.id,
        `${input.filename} is too large to upload: files can be at most ${limit} bytes.`,
      );
      throw new SandboxUsageError(
        `${input.filename} is ${content.length} bytes; the limit is ${limit} bytes.`,
        413,
      );
    }
    const file: SandboxFile = describeFile(this.runtime, {
      id: this.workspace.newId('F'),
      name: input.filename,
      title: input.filename,
      size: content.length,
      user: user.id,
      channels: [channel.id],
    });
    await this.workspace.addFile(file, content);
    this.workspace.addMember(channel.id, user.id);
    const comment = input.comment ?? '';
    const message = this.workspace.addMessage({
      channel: channel.id,
      user: user.id,
      text: comment,
      subtype: 'file_share',
      fileIds: [file.id],
      ...(input.threadTs ? { thread_ts: this.threadRoot(channel.id, input.threadTs) } : {}),
    });
    const sends = this.messageEvents(channel, message, comment);
    if (this.botIsIn(channel) && this.runtime.subscribed('file_shared')) {
      sends.push(
        this.runtime.publishEvent({
          type: 'file_shared',
          channel_id: channel.id,
          file_id: file.id,
          user_id: user.id,
          file: { id: file.id },
        }),
      );
    }
    const deliveries = await Promise.all(sends);
    return {
      file: this.runtime.presentFile(file),
      message: this.runtime.presentMessage(message),
      deliveries,
    };
  }

  /** A person adds the bot to a channel; Slack posts the join and sends `member_joined_channel`. */
  async addBotToChannel(input: {
    userId: string;
    channelId: string;
  }): Promise<{ deliveries: DeliveryRecord[] }> {
    const user = this.person(input.userId);
    const channel = this.place(input.channelId);
    const { botUserId, teamId } = this.runtime.identity;
    if (!this.workspace.addMember(channel.id, botUserId)) return { deliveries: [] };
    this.workspace.addMessage({
      channel: channel.id,
      user: botUserId,
      subtype: 'channel_join',
      text: `<@${botUserId}> has joined the channel`,
    });
    if (!this.runtime.subscribed('member_joined_channel')) return { deliveries: [] };
    const delivery = await this.runtime.publishEvent({
      type: 'member_joined_channel',
      user: botUserId,
      channel: channel.id,
      channel_type: channel.isPrivate ? 'G' : 'C',
      team: teamId,
      inviter: user.id,
    });
    return { deliveries: [delivery] };
  }

  /** A person opens the bot's Home tab. */
  async openHome(userId: string): Promise<{ deliveries: DeliveryRecord[] }> {
    const user = this.person(userId);
    const channel = this.workspace.directMessageChannel(user.id);
    if (!this.runtime.subscribed('app_home_opened')) return { deliveries: [] };
    const home = this.workspace.home(user.id);
    const delivery = await this.runtime.publishEvent({
      type: 'app_home_opened',
      user: user.id,
      channel: channel.id,
      tab: 'home',
      ...(home ? { view: presentView(home) } : {}),
    });
    return { deliveries: [delivery] };
  }

  // ── interactions ──────────────────────────────────────────────────────────────────────────────

  /**
   * Presses a button or picks an option in a message, an ephemeral message, a modal or the Home tab.
   * `value` picks the option (selects, overflow, radio), the options (checkboxes), the date
   * (datepicker); for a button it tells apart buttons sharing an action_id.
   */
  async interact(input: {
    userId: string;
    actionId: string;
    blockId?: string;
    channelId?: string;
    messageTs?: string;
    viewId?: string;
    value?: string | string[];
    /** For actions inside a modal: what the person has typed so far in its inputs. */
    values?: ViewValues;
  }): Promise<InteractionResult> {
    const user = this.person(input.userId);
    const { appId } = this.runtime.identity;
    const triggerId = this.runtime.issueTrigger(user.id);
    const base: Json = {
      type: 'block_actions',
      ...this.teamAndUser(user),
      api_app_id: appId,
      token: 'sandbox-verification-token',
      trigger_id: triggerId,
      is_enterprise_install: false,
      enterprise: null,
    };
    let blocks: unknown[];
    let responseUrl: string | undefined;
    let view: SandboxView | undefined;
    if (input.viewId) {
      view = this.workspace.findView({ viewId: input.viewId });
      if (!view || view.user !== user.id)
        throw new SandboxUsageError(`No view ${input.viewId} open for ${user.id}.`);
      blocks = view.blocks;
    } else {
      if (!input.channelId || !input.messageTs)
        throw new SandboxUsageError('Give channelId and messageTs, or viewId.');
      const channel = this.place(input.channelId);
      const message = this.workspace.message(channel.id, input.messageTs);
      const ephemeral = message ? undefined : this.workspace.ephemeral(channel.id, user.id, input.messageTs);
      const record = message ?? ephemeral;
      if (!record)
        throw new SandboxUsageError(`No message ${input.messageTs} in ${channel.id} visible to ${user.id}.`);
      blocks = record.blocks ?? [];
      responseUrl = this.runtime.createResponseUrl({
        userId: user.id,
        channelId: channel.id,
        ...(record.thread_ts ? { threadTs: record.thread_ts } : {}),
        original: { kind: message ? 'message' : 'ephemeral', ts: record.ts },
      });
      base.container = {
        type: 'message',
        message_ts: record.ts,
        channel_id: channel.id,
        is_ephemeral: ephemeral !== undefined,
        ...(record.thread_ts ? { thread_ts: record.thread_ts } : {}),
      };
      base.channel = { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name };
      if (message) base.message = this.runtime.presentMessage(message);
      base.response_url = responseUrl;
    }
    const located = this.locate(blocks, input);
    const action = this.actionFor(located, input.value);
    if (view) {
      view.state = { values: this.viewState(view, input.values ?? {}).values };
      base.container = { type: 'view', view_id: view.id };
      base.view = presentView(view);
      base.state = view.state;
    } else {
      const {
        type: _type,
        action_id: _action,
        block_id: _block,
        action_ts: _ts,
        text: _text,
        value: _value,
        style: _style,
        ...selection
      } = action;
      const stateful = String(action.type) !== 'button' && Object.keys(selection).length > 0;
      base.state = {
        values: stateful
          ? {
              [String(located.block.block_id)]: {
                [String(action.action_id)]: { type: action.type, ...selection },
              },
            }
          : {},
      };
    }
    base.actions = [action];
    const request = await this.runtime.delivery.send(
      'block_actions',
      this.interactionBody(base),
      'application/x-www-form-urlencoded',
    );
    const failure = failureOf(request);
    if (failure) {
      const { botName } = this.runtime.identity;
      this.workspace.addNotice(
        user.id,
        failure === 'operation_timeout'
          ? `${botName} did not respond in time (operation_timeout).`
          : `${botName} responded with an error (${request.status || request.error}).`,
      );
    }
    return {
      request,
      status: request.status,
      body: request.responseBody,
      triggerId,
      ...(responseUrl ? { responseUrl } : {}),
      ...(failure ? { failure } : {}),
    };
  }

  private locate(
    blocks: unknown[],
    input: { actionId: string; blockId?: string; value?: string | string[] },
  ): LocatedElement {
    const candidates = elementsOf(blocks).filter(
      ({ block, element }) =>
        element.action_id === input.actionId &&
        (input.blockId === undefined || block.block_id === input.blockId),
    );
    const byValue = candidates.find(
      ({ element }) => element.type === 'button' && element.value === input.value,
    );
    const found = byValue ?? candidates[0];
    if (!found) throw new SandboxUsageError(`No element with action_id "${input.actionId}" there.`);
    return found;
  }

  private actionFor({ block, element }: LocatedElement, value: string | string[] | undefined): Json {
    const common = {
      action_id: element.action_id,
      block_id: block.block_id,
      action_ts: `${(this.workspace.now() / 1000).toFixed(6)}`,
    };
    if (element.type === 'button') {
      return {
        type: 'button',
        ...common,
        text: element.text,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(element.style !== undefined ? { style: element.style } : {}),
      };
    }
    const { type: _type, ...selection } = elementState(element, value);
    return {
      type: element.type,
      ...common,
      ...selection,
      ...(element.placeholder ? { placeholder: element.placeholder } : {}),
    };
  }

  // ── modals ────────────────────────────────────────────────────────────────────────────────────

  /** Builds `view.state` from what the person entered, with the problems Slack's client would flag. */
  private viewState(
    view: SandboxView,
    given: ViewValues,
  ): { values: Record<string, Record<string, unknown>>; problems: Record<string, string> } {
    const byActionId = new Map<string, string | string[] | null>();
    for (const [key, entry] of Object.entries(given)) {
      // Leniency for tests: `{ actionId: value }` at the top level when block ids were generated.
      if (typeof entry === 'string' || entry === null || Array.isArray(entry)) byActionId.set(key, entry);
    }
    const values: Record<string, Record<string, unknown>> = {};
    const problems: Record<string, string> = {};
    for (const { block, element } of elementsOf(view.blocks)) {
      if (element.type === 'button' || element.type === 'overflow' || element.type === 'workflow_button')
        continue;
      const blockId = String(block.block_id);
      const actionId = String(element.action_id);
      const fromBlock = isRecord(given[blockId])
        ? (given[blockId] as Record<string, string | string[] | null>)[actionId]
        : undefined;
      const chosen = fromBlock !== undefined ? fromBlock : byActionId.get(actionId);
      const state = elementState(element, chosen);
      values[blockId] = { ...(values[blockId] ?? {}), [actionId]: state };
      if (block.type === 'input') {
        const problem = clientProblem(block, element, state);
        if (problem) problems[blockId] = problem;
      }
    }
    return { values, problems };
  }

  private topView(userId: string, viewId: string | undefined): SandboxView {
    const top = this.workspace.modalStack(userId).at(-1);
    if (!top) throw new SandboxUsageError(`${userId} has no modal open.`);
    if (viewId !== undefined && viewId !== top.id)
      throw new SandboxUsageError(`View ${viewId} is not the modal on top for ${userId}.`);
    return top;
  }

  /** Presses a modal's submit button; the bot's answer decides whether it closes, shows errors, updates or pushes. */
  async submitView(input: {
    userId: string;
    viewId?: string;
    values?: ViewValues;
  }): Promise<ViewSubmissionResult> {
    const user = this.person(input.userId);
    const view = this.topView(user.id, input.viewId);
    const { values, problems } = this.viewState(view, input.values ?? {});
    view.state = { values };
    delete view.failure;
    if (Object.keys(problems).length > 0) {
      view.errors = problems;
      this.workspace.replaceView(view);
      return { outcome: 'invalid', errors: problems };
    }
    delete view.errors;
    const payload: Json = {
      type: 'view_submission',
      ...this.teamAndUser(user),
      api_app_id: this.runtime.identity.appId,
      token: 'sandbox-verification-token',
      trigger_id: this.runtime.issueTrigger(user.id),
      view: presentView(view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const request = await this.runtime.delivery.send(
      'view_submission',
      this.interactionBody(payload),
      'application/x-www-form-urlencoded',
    );
    const failure = failureOf(request);
    if (failure) return this.submissionFailed(view, request, failure);
    const answer = request.responseBody.trim();
    const stack = this.workspace.modalStack(user.id);
    if (answer === '') {
      this.workspace.setModalStack(user.id, stack.slice(0, -1));
      return { request, outcome: 'closed' };
    }
    const json = jsonBody(request);
    switch (json?.response_action) {
      case 'errors': {
        const errors = isRecord(json.errors) ? json.errors : {};
        const inputIds = new Set(
          view.blocks
            .filter((block) => isRecord(block) && block.type === 'input')
            .map((block) => (block as Json).block_id),
        );
        const valid = Object.entries(errors).every(
          ([blockId, message]) => inputIds.has(blockId) && typeof message === 'string',
        );
        if (!valid)
          return this.submissionFailed(
            view,
            request,
            'invalid errors: keys must be block_ids of input blocks',
          );
        view.errors = Object.fromEntries(
          Object.entries(errors).map(([blockId, message]) => [blockId, String(message)]),
        );
        this.workspace.replaceView(view);
        return { request, outcome: 'errors', errors: view.errors };
      }
      case 'update': {
        if (checkView(json.view, 'modal').length > 0 || !isRecord(json.view))
          return this.submissionFailed(view, request, 'invalid view in update');
        this.workspace.replaceView(updatedView(this.runtime, view, json.view));
        return { request, outcome: 'updated' };
      }
      case 'push': {
        if (checkView(json.view, 'modal').length > 0 || !isRecord(json.view))
          return this.submissionFailed(view, request, 'invalid view in push');
        if (stack.length >= 3) return this.submissionFailed(view, request, 'push_limit_reached');
        pushView(this.runtime, user.id, json.view);
        return { request, outcome: 'pushed' };
      }
      case 'clear':
        this.workspace.setModalStack(user.id, []);
        return { request, outcome: 'cleared' };
      default:
        return this.submissionFailed(view, request, 'unrecognised response');
    }
  }

  private submissionFailed(
    view: SandboxView,
    request: DeliveryRecord,
    failure: string,
  ): ViewSubmissionResult {
    view.failure =
      failure === 'operation_timeout' || failure === 'dispatch_failed'
        ? `We had some trouble connecting (${failure}). Try again?`
        : `The app answered something Slack cannot show (${failure}).`;
    this.workspace.replaceView(view);
    return { request, outcome: 'failed', failure };
  }

  /**
   * Closes the modal on top (its close button: back to the previous view) or, with `all`, the whole
   * stack (the ✕). Sends `view_closed` when the view asked for `notify_on_close`.
   */
  async closeView(input: {
    userId: string;
    viewId?: string;
    all?: boolean;
  }): Promise<{ request?: DeliveryRecord }> {
    const user = this.person(input.userId);
    const view = this.topView(user.id, input.viewId);
    const stack = this.workspace.modalStack(user.id);
    this.workspace.setModalStack(user.id, input.all ? [] : stack.slice(0, -1));
    if (!view.notify_on_close) return {};
    const payload: Json = {
      type: 'view_closed',
      ...this.teamAndUser(user),
      api_app_id: this.runtime.identity.appId,
      token: 'sandbox-verification-token',
      view: presentView(view),
      is_cleared: input.all === true && stack.length > 1,
      is_enterprise_install: false,
      enterprise: null,
    };
    const request = await this.runtime.delivery.send(
      'view_closed',
      this.interactionBody(payload),
      'application/x-www-form-urlencoded',
    );
    return { request };
  }
}
