/**
 * Sends the bot what Slack sends it, signed as Slack signs it, with Slack's patience: the bot has
 * `ackTimeoutMs` (3 s in Slack) to answer; an event it does not acknowledge is retried up to three
 * times with `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` unless it answered `X-Slack-No-Retries: 1`.
 * Signature: https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { DeliveryRecord } from './types.js';

/** Slack's retry delays for events: immediately, after one minute, after five minutes. */
export const SLACK_RETRY_DELAYS_MS = [0, 60_000, 300_000] as const;

/** The `X-Slack-Signature` value for a body sent at `timestampSeconds`. */
export function signSlackRequest(signingSecret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return `v0=${digest}`;
}

export interface DeliveryOptions {
  signingSecret: string;
  botUrl: string | undefined;
  ackTimeoutMs: number;
  /** Delays before each event retry; empty turns retries off. */
  retryDelaysMs: readonly number[];
  onRecord: (record: DeliveryRecord) => void;
}

type DeliveryKind = DeliveryRecord['kind'];

interface SendRequest {
  kind: DeliveryKind;
  body: string;
  contentType: string;
  eventType?: string;
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  originalId?: string;
}

const RECORD_LIMIT = 500;

export class BotDelivery {
  private botUrl: string | undefined;
  private readonly records: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly options: DeliveryOptions) {
    this.botUrl = options.botUrl;
  }

  get url(): string | undefined {
    return this.botUrl;
  }

  setBotUrl(url: string | undefined): void {
    this.botUrl = url;
  }

  all(): DeliveryRecord[] {
    return [...this.records];
  }

  find(id: string): DeliveryRecord | undefined {
    return this.records.find((record) => record.id === id);
  }

  /** Sends a slash command or an interaction once (Slack never retries those). */
  send(kind: Exclude<DeliveryKind, 'event'>, body: string, contentType: string): Promise<DeliveryRecord> {
    return this.track(this.post({ kind, body, contentType }));
  }

  /** Sends an event; when it is not acknowledged, schedules Slack's retries in the background. */
  async sendEvent(envelope: { event_id: string; event: { type: string } }): Promise<DeliveryRecord> {
    const request: SendRequest = {
      kind: 'event',
      body: JSON.stringify(envelope),
      contentType: 'application/json',
      eventType: envelope.event.type,
      eventId: envelope.event_id,
    };
    const first = await this.track(this.post(request));
    this.scheduleRetry(request, first, 1);
    return first;
  }

  /** Sends a recorded request again as Slack's retry number `retryNum`: same body, fresh signature. */
  resend(id: string, retry: { retryNum: number; reason: string }): Promise<DeliveryRecord> {
    const original = this.find(id);
    if (!original) throw new Error(`No request ${id} was sent to the bot.`);
    return this.track(
      this.post({
        kind: original.kind,
        body: original.body,
        contentType: original.contentType,
        retryNum: retry.retryNum,
        retryReason: retry.reason,
        originalId: original.originalId ?? original.id,
        ...(original.eventType ? { eventType: original.eventType } : {}),
        ...(original.eventId ? { eventId: original.eventId } : {}),
      }),
    );
  }

  /** Stops retries and abandons requests still waiting for the bot. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    return promise.finally(() => this.inFlight.delete(promise));
  }

  private scheduleRetry(request: SendRequest, previous: DeliveryRecord, retryNum: number): void {
    const acknowledged = previous.status >= 200 && previous.status < 300;
    const optedOut = previous.responseHeaders['x-slack-no-retries'] === '1';
    const delay = this.options.retryDelaysMs[retryNum - 1];
    if (acknowledged || optedOut || delay === undefined || this.closed || !this.botUrl) return;
    const reason = previous.timedOut
      ? 'http_timeout'
      : previous.status === 0
        ? 'connection_failed'
        : 'http_error';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const retry: SendRequest = {
        ...request,
        retryNum,
        retryReason: reason,
        originalId: previous.originalId ?? previous.id,
      };
      void this.track(this.post(retry)).then((record) => this.scheduleRetry(request, record, retryNum + 1));
    }, delay);
    this.timers.add(timer);
  }

  private async post(request: SendRequest): Promise<DeliveryRecord> {
    const startedAt = Date.now();
    const record: DeliveryRecord = {
      id: `R${randomBytes(5).toString('hex').toUpperCase()}`,
      kind: request.kind,
      body: request.body,
      contentType: request.contentType,
      status: 0,
      responseBody: '',
      responseHeaders: {},
      timedOut: false,
      startedAt,
      durationMs: 0,
      ...(request.eventType ? { eventType: request.eventType } : {}),
      ...(request.eventId ? { eventId: request.eventId } : {}),
      ...(request.retryNum !== undefined ? { retryNum: request.retryNum } : {}),
      ...(request.retryReason ? { retryReason: request.retryReason } : {}),
      ...(request.originalId ? { originalId: request.originalId } : {}),
    };
    const botUrl = this.botUrl;
    if (!botUrl) {
      record.error = 'no bot URL is set';
      return this.keep(record);
    }
    // The signature is computed when the request leaves, so a retry sent later carries a fresh one.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': request.contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots) tune-sandbox',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(this.options.signingSecret, timestamp, request.body),
    };
    if (request.retryNum !== undefined) headers['x-slack-retry-num'] = String(request.retryNum);
    if (request.retryReason) headers['x-slack-retry-reason'] = request.retryReason;
    const timeout = AbortSignal.timeout(this.options.ackTimeoutMs);
    try {
      const response = await fetch(botUrl, {
        method: 'POST',
        headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.any([timeout, this.abort.signal]),
      });
      record.status = response.status;
      record.responseHeaders = Object.fromEntries(response.headers.entries());
      record.responseBody = await response.text();
    } catch (error) {
      record.status = 0;
      record.timedOut = timeout.aborted;
      record.error = record.timedOut ? 'operation_timeout' : describe(error);
    }
    record.durationMs = Date.now() - startedAt;
    return this.keep(record);
  }

  private keep(record: DeliveryRecord): DeliveryRecord {
    this.records.push(record);
    if (this.records.length > RECORD_LIMIT) this.records.splice(0, this.records.length - RECORD_LIMIT);
    this.options.onRecord(record);
    return record;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
