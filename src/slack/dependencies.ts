/** What the Slack-facing listeners need; built once per cold start by src/handlers/slack.ts. */
import type { Clock, IdempotencyStore, Logger, Queue } from '../core/ports.js';
import type { Task } from './tasks.js';

export interface SlackEdgeDependencies {
  idempotency: IdempotencyStore;
  queue: Queue<Task>;
  clock: Clock;
  logger: Logger;
}
