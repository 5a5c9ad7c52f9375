/**
 * The data the Slack sandbox keeps, in the shapes Slack itself returns (snake_case where Slack
 * sends it), so the Web API can hand records back without translation and the page renders what a
 * bot would read.
 */

export interface SandboxUser {
  id: string;
  /** Handle, as in `@alice`. */
  name: string;
  realName: string;
  isBot?: boolean;
  /** A workspace admin (users.info `is_admin`). */
  isAdmin?: boolean;
}

export interface SandboxChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Direct-message channel between one person and the bot (`D…`). */
  isIm?: boolean;
  members: string[];
  topic?: string;
  /** Unix seconds. */
  created: number;
}

export interface SandboxUsergroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export interface SandboxReaction {
  name: string;
  users: string[];
  count: number;
}

/** A message as stored; `files` holds file ids, turned into file objects when presented. */
export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  user: string;
  text: string;
  team: string;
  blocks?: unknown[];
  bot_id?: string;
  app_id?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions?: SandboxReaction[];
  fileIds?: string[];
  /** Message metadata an app attached (chat.postMessage / chat.update `metadata`). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A message only one person sees ("Only visible to you"); Slack never stores these for the API. */
export interface EphemeralMessage {
  ts: string;
  channel: string;
  /** The one person who sees it. */
  user: string;
  /** Who it is from: the bot's user id, or `USLACKBOT` for Slack's own notices. */
  from: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface SandboxFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  /** Unix seconds. */
  created: number;
  channels: string[];
}

/** A modal or App Home view in Slack's shape, plus what only the sandbox page needs. */
export interface SandboxView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** Whose screen it is on. */
  user: string;
  /** Inline errors under input blocks, by block_id (from `response_action: "errors"` or required fields). */
  errors?: Record<string, string>;
  /** A failure Slack shows across the modal (the bot did not answer the submission). */
  failure?: string;
}

/** One request the sandbox sent to the bot, kept for tests and the page's activity list. */
export interface DeliveryRecord {
  id: string;
  kind: 'slash_command' | 'block_actions' | 'view_submission' | 'view_closed' | 'event';
  /** For events: the inner event type (`app_mention`, `message`, …). */
  eventType?: string;
  eventId?: string;
  /** The exact body sent (what the signature covers). */
  body: string;
  contentType: string;
  retryNum?: number;
  retryReason?: string;
  /** HTTP status of the bot's answer; 0 when there was none (timeout, refused connection, no bot URL). */
  status: number;
  responseBody: string;
  responseHeaders: Record<string, string>;
  timedOut: boolean;
  error?: string;
  /** Unix milliseconds. */
  startedAt: number;
  durationMs: number;
  /** For a retry: the id of the first attempt. */
  originalId?: string;
}

/** One Web API call the bot made to the sandbox. */
export interface ApiCallRecord {
  method: string;
  /** The workspace whose bot token made the call (none for a call without a valid token). */
  teamId?: string;
  arguments: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** Unix milliseconds. */
  at: number;
}

/** Something Slack would flash at a person (a failed interaction, a file too large). */
export interface SandboxNotice {
  id: string;
  user: string;
  text: string;
  /** Unix milliseconds. */
  at: number;
}
