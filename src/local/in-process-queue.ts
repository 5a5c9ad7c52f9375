/**
 * A stand-in for SQS + Lambda's event source mapping, for the local stack: messages are
 * serialised to JSON like SQS bodies, delivered to the worker handler as SQS events, redelivered
 * with backoff when the handler reports them failed (batchItemFailures) or throws, and moved to a
 * dead-letter list after `maxReceiveCount` receives, as the deployed redrive policy does.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MESSAGE_ID_ATTRIBUTE } from '../aws/sqs-queue.js';
import type { Logger, Queue, QueueMessage } from '../core/ports.js';

export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

interface Pending {
  messageId: string;
  id: string;
  body: string;
  receiveCount: number;
}

export class InProcessQueue<T> implements Queue<T> {
  readonly deadLetters: { id: string; body: string; receiveCount: number }[] = [];
  /** How many messages were sent (not counting redeliveries). */
  sentCount = 0;
  /** How many deliveries ended in `crashRunning`. */
  crashed = 0;
  /** For each delivery in progress, what ends it as if its process died (`crashRunning`). */
  private readonly running = new Set<() => void>();
  private consumer: SqsConsumer | undefined;
  private inFlight = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly maxReceiveCount: number;
  private readonly retryDelayMs: number;
  private readonly logger: Logger | undefined;

  constructor(options: { maxReceiveCount?: number; retryDelayMs?: number; logger?: Logger } = {}) {
    this.maxReceiveCount = options.maxReceiveCount ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.logger = options.logger;
  }

  /** The worker handler; set after construction because the worker's dependencies include this queue. */
  consumeWith(consumer: SqsConsumer): void {
    this.consumer = consumer;
  }

  async send(message: QueueMessage<T>): Promise<void> {
    this.sentCount++;
    this.schedule(
      { messageId: randomUUID(), id: message.id, body: JSON.stringify(message.body), receiveCount: 0 },
      0,
    );
  }

  /** Resolves when no message is queued or being handled (tests wait on it). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private schedule(pending: Pending, delayMs: number): void {
    this.inFlight++;
    setTimeout(() => {
      this.deliver(pending).finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) for (const resolve of this.waiters.splice(0)) resolve();
      });
    }, delayMs);
  }

  private async deliver(pending: Pending): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) throw new Error('InProcessQueue has no consumer: call consumeWith(workerHandler) first.');
    const receiveCount = pending.receiveCount + 1;
    const record = toRecord(pending, receiveCount);
    let failed = false;
    try {
      const response = await this.killable(consumer({ Records: [record] }));
      failed = (response?.batchItemFailures ?? []).some(
        (failure) => failure.itemIdentifier === pending.messageId,
      );
    } catch (error) {
      failed = true;
      this.logger?.error('worker threw on a queued message', { id: pending.id, error: String(error) });
    }
    if (!failed) return;
    if (receiveCount >= this.maxReceiveCount) {
      this.deadLetters.push({ id: pending.id, body: pending.body, receiveCount });
      this.logger?.error('message moved to the dead-letter list', { id: pending.id, receiveCount });
      return;
    }
    this.schedule({ ...pending, receiveCount }, this.retryDelayMs * 2 ** (receiveCount - 1));
  }

  /**
   * Plays the worker's process dying: every delivery in progress ends now, unacknowledged, and
   * comes back like any failed delivery. Whatever the dead run was awaiting is left hanging (the
   * caller makes sure it never resumes), so nothing after that point runs, as on Lambda.
   */
  crashRunning(): void {
    for (const kill of [...this.running]) kill();
  }

  private async killable(run: Promise<SQSBatchResponse | undefined>): Promise<SQSBatchResponse | undefined> {
    let kill: () => void = () => {};
    const killed = new Promise<typeof KILLED>((resolve) => {
      kill = () => resolve(KILLED);
    });
    this.running.add(kill);
    try {
      const result = await Promise.race([run, killed]);
      if (result !== KILLED) return result;
      this.crashed++;
      throw new Error('the worker process died mid-task');
    } finally {
      this.running.delete(kill);
    }
  }
}

const KILLED = Symbol('killed');

function toRecord(pending: Pending, receiveCount: number): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: pending.messageId,
    receiptHandle: `${pending.messageId}#${receiveCount}`,
    body: pending.body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: now,
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {
      [MESSAGE_ID_ATTRIBUTE]: {
        dataType: 'String',
        stringValue: pending.id,
        stringListValues: [],
        binaryListValues: [],
      },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:tune-work',
    awsRegion: 'local',
  };
}
