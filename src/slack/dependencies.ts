/**
 * What the Slack-facing listeners need; built once per cold start by src/handlers/slack.ts. Only
 * the queue: Slack allows 3 seconds and Bolt on Lambda answers only when the listener returns, so
 * a listener reads nothing and writes nothing but the one message that hands the work over.
 */
import type { Clock, Logger, Queue } from '../core/ports.js';
import type { Task } from './tasks.js';

export interface SlackEdgeDependencies {
  queue: Queue<Task>;
  clock: Clock;
  logger: Logger;
  /** Signs and checks the start form's metadata (see ./form-metadata.ts). */
  formKey: string;
}
