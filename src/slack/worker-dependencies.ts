/** What the worker's tasks need; built once per cold start by src/handlers/worker.ts. */
import type {
  Clock,
  Customizer,
  DatasetIndex,
  DatasetStore,
  IdempotencyStore,
  JobStore,
  Logger,
  Notifier,
  ProposalStore,
} from '../core/ports.js';
import type { SlackFiles } from './files.js';

export interface WorkerDependencies {
  notifier: Notifier;
  files: SlackFiles;
  datasets: DatasetIndex;
  jobs: JobStore;
  proposals: ProposalStore;
  idempotency: IdempotencyStore;
  customizer: Customizer;
  datasetStore: DatasetStore;
  /** The service role Bedrock assumes for jobs. */
  bedrockRoleArn: string | undefined;
  clock: Clock;
  logger: Logger;
}
