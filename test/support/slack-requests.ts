/** Builds HTTP requests as Slack sends them, signed (or deliberately mis-signed) for the edge tests. */
import { signSlackRequest } from '../../src/slack/signature.js';

export interface SignedRequestOptions {
  signingSecret: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  /** Replace the computed signature (e.g. with a wrong one), or omit it with `null`. */
  signature?: string | null;
  retryNum?: number;
}

export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TUNE',
    team_domain: 'tune-sandbox',
    channel_id: 'C0MLEXPERIMENTS',
    channel_name: 'ml-experiments',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/tune',
    text: 'help',
    api_app_id: 'A0TUNE',
    response_url: 'http://127.0.0.1:9/response/unused',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...fields,
  }).toString();
}

export function signedHeaders(body: string, options: SignedRequestOptions): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  if (options.signature !== null) {
    headers['x-slack-signature'] =
      options.signature ?? signSlackRequest(options.signingSecret, timestamp, body);
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return headers;
}

export async function postToBot(url: string, body: string, options: SignedRequestOptions): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: signedHeaders(body, options) });
}

/** An Events API envelope for an `app_mention`, as Slack posts it. */
let mentionCounter = 0;

export function mentionEventBody(input: {
  eventId: string;
  botUserId: string;
  channelId: string;
  userId: string;
  /** The message's ts; distinct per event by default. */
  ts?: string;
}): string {
  const ts = input.ts ?? `${Math.floor(Date.now() / 1000)}.${String(++mentionCounter).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TUNE',
    api_app_id: 'A0TUNE',
    type: 'event_callback',
    event_id: input.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TUNE', user_id: input.botUserId, is_bot: true }],
    event: {
      type: 'app_mention',
      user: input.userId,
      text: `<@${input.botUserId}> hello`,
      ts,
      channel: input.channelId,
      event_ts: ts,
    },
  });
}

/** A `block_actions` payload for a button press, as Slack posts it (form-encoded `payload`). */
export function buttonPressBody(input: {
  actionId: string;
  value: string;
  channelId: string;
  userId: string;
  teamId?: string;
  responseUrl?: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: input.teamId ?? 'T0TUNE', domain: 'tune-sandbox' },
    user: { id: input.userId, team_id: input.teamId ?? 'T0TUNE' },
    api_app_id: 'A0TUNE',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    channel: { id: input.channelId, name: 'crafted' },
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: input.channelId },
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'crafted',
        value: input.value,
        action_ts: `${Date.now() / 1000}`,
        text: { type: 'plain_text', text: 'Start' },
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A `view_submission` payload for the start form, with whatever metadata the caller gives. */
export function formSubmissionBody(input: {
  privateMetadata: string;
  userId: string;
  values: Record<string, Record<string, unknown>>;
  teamId?: string;
}): string {
  const teamId = input.teamId ?? 'T0TUNE';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: 'tune-sandbox' },
    user: { id: input.userId, team_id: teamId },
    api_app_id: 'A0TUNE',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    view: {
      id: `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      team_id: teamId,
      type: 'modal',
      callback_id: 'start_job',
      private_metadata: input.privateMetadata,
      hash: 'h1',
      blocks: [],
      state: { values: input.values },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API envelope for any event of `teamId`'s workspace, as Slack posts it. */
export function eventBody(input: {
  teamId: string;
  eventId: string;
  event: Record<string, unknown>;
}): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: input.teamId,
    api_app_id: 'A0TUNE',
    type: 'event_callback',
    event_id: input.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: input.event,
  });
}
