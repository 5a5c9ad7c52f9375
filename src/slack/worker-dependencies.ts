/** What the worker's tasks need; built once per cold start by src/handlers/worker.ts. */
import type { Clock, IdempotencyStore, JobStore, Logger, Notifier } from '../core/ports.js';

export interface WorkerDependencies {
  notifier: Notifier;
  jobs: JobStore;
  idempotency: IdempotencyStore;
  clock: Clock;
  logger: Logger;
}
