/** What the Slack-facing listeners need; built once per cold start by src/handlers/slack.ts. */
import type { UploadStore } from '../core/intake/upload.js';
import type { AuthorizationPolicy } from '../core/jobs/authorize.js';
import type {
  Clock,
  DatasetIndex,
  DatasetStore,
  Directory,
  IdempotencyStore,
  JobStore,
  Logger,
  ProposalStore,
  Queue,
} from '../core/ports.js';
import type { Task } from './tasks.js';

export interface SlackEdgeDependencies {
  idempotency: IdempotencyStore;
  queue: Queue<Task>;
  clock: Clock;
  logger: Logger;
  jobs: JobStore;
  proposals: ProposalStore;
  datasets: DatasetIndex;
  datasetStore: DatasetStore;
  directory: Directory;
  uploads: UploadStore;
  authorization: AuthorizationPolicy;
}
