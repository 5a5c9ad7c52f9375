/** What the worker's tasks need; built once per cold start by src/handlers/worker.ts. */
import type { UploadStore } from '../core/intake/upload.js';
import type { AuthorizationPolicy } from '../core/jobs/authorize.js';
import type {
  Clock,
  Customizer,
  CustomModelStore,
  DatasetIndex,
  DatasetStore,
  Directory,
  EvaluationResultsStore,
  EvaluationServing,
  IdempotencyStore,
  JobStore,
  Logger,
  ModelRuntime,
  Notifier,
  ProposalStore,
  Queue,
} from '../core/ports.js';
import type { SlackFiles } from './files.js';
import type { Task } from './tasks.js';

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
  /** Work the worker hands to itself: an evaluation's next part, a finished job's evaluation. */
  queue: Queue<Task>;
  /** Asks the base and tuned models (Bedrock runtime). */
  runtime: ModelRuntime;
  /** Keeps an evaluation's answers and what each request of it has posted (S3). */
  evaluationResults: EvaluationResultsStore;
  /** Serves a tuned model for an evaluation, and removes what it made for it. */
  evaluationServing: EvaluationServing;
  /**
   * The custom model registry (the serving work's store). Evaluations write their headline to the
   * model's record there when it is wired; the job keeps a copy for its card and App Home either way.
   */
  customModels?: CustomModelStore;
  /** Waits between looks at a deployment being made; tests pass one that returns at once. */
  sleep?: (milliseconds: number) => Promise<void>;
  clock: Clock;
  logger: Logger;
}
