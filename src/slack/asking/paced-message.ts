/**
 * A message that is updated as an answer streams in, with `chat.update` at most once per interval.
 *
 * Slack allows about one message write a second per channel, and chat.update is Tier 3 (about 50 a
 * minute): a stream delivers several pieces a second, so the latest content waits for its turn and
 * whatever arrived meanwhile goes in one update. The interval is measured between the starts of
 * two updates; it is a little over a second so that the updates' network delays never bring two
 * within a second of each other at Slack. An update that fails while streaming is skipped (the
 * next carries its text); the final one is retried, since it is the one that stays.
 */
import { isTuneError } from '../../core/errors.js';
import type { Clock, Logger, Notifier, OutboundMessage } from '../../core/ports.js';
import { realSleep, withRetries } from '../../core/retry.js';

/** The least time between the starts of two updates of one message. */
export const UPDATE_INTERVAL_MS = 1100;

export interface PacedMessageOptions {
  notifier: Notifier;
  channelId: string;
  ts: string;
  clock: Clock;
  logger?: Logger;
  intervalMs?: number;
  sleep?: (milliseconds: number) => Promise<void>;
}

export class PacedMessage {
  private readonly interval: number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pending: OutboundMessage | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private finished = false;

  constructor(private readonly options: PacedMessageOptions) {
    this.interval = options.intervalMs ?? UPDATE_INTERVAL_MS;
    this.sleep = options.sleep ?? realSleep;
  }

  /**
   * The message was posted just now: the first update waits a full interval after it. The post
   * counts as a write to the channel as much as an update does.
   */
  posted(): this {
    this.lastStart = this.now();
    return this;
  }

  /** Shows `message` at the next update allowed; a later call before then replaces it. */
  show(message: OutboundMessage): void {
    if (this.finished) return;
    this.pending = message;
    this.schedule();
  }

  /** Replaces the message with its final content, once the interval allows, and stops the updates. */
  async finish(message: OutboundMessage): Promise<void> {
    this.finished = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await withRetries(
      async () => {
        await this.waitForTurn();
        await this.send(message);
      },
      { maxAttempts: 3, baseMs: UPDATE_INTERVAL_MS, capMs: 4 * UPDATE_INTERVAL_MS },
      { sleep: this.sleep },
    );
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }

  private async waitForTurn(): Promise<void> {
    const wait = this.lastStart + this.interval - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  private schedule(): void {
    if (this.timer || this.inFlight || this.finished) return;
    const wait = Math.max(0, this.lastStart + this.interval - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const message = this.pending;
    if (!message || this.finished) return;
    this.pending = undefined;
    this.inFlight = this.send(message)
      .catch((error: unknown) => {
        // Skipped: the next update (or the final one) carries this text too.
        this.options.logger?.warn('an update of a streamed answer failed; the next one carries its text', {
          ts: this.options.ts,
          error: isTuneError(error) ? error.message : String(error),
        });
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending) this.schedule();
      });
  }

  private send(message: OutboundMessage): Promise<void> {
    this.lastStart = this.now();
    return this.options.notifier.update(this.options.channelId, this.options.ts, message);
  }
}
