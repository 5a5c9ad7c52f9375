/** What the worker's tasks need; built once per cold start by src/handlers/worker.ts. */
import type { UploadStore } from '../core/intake/upload.js';
import type { AuthorizationPolicy } from '../core/jobs/authorize.js';
import type {
  Clock,
  Customizer,
  DatasetIndex,
  DatasetStore,
  Directory,
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
  uploads: UploadStore;
  directory: Directory;
  authorization: AuthorizationPolicy;
  /** Signs the start form's metadata (see ./form-metadata.ts). */
  formKey: string;
  /** The service role Bedrock assumes for jobs. */
  bedrockRoleArn: string | undefined;
  /** The AWS region tune runs in: which models answer on demand depends on it. */
  region: string;
  clock: Clock;
  logger: Logger;
}
