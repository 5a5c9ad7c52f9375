/** What the worker's tasks need; built once per cold start by src/handlers/worker.ts. */
import type { Asker } from '../core/asking/index.js';
import type { ModelOffers } from '../core/catalog/index.js';
import type { UploadStore } from '../core/intake/upload.js';
import type { AuthorizationPolicy } from '../core/jobs/authorize.js';
import type {
  ChannelSettingsStore,
  Clock,
  Customizer,
  CustomModelStore,
  DatasetIndex,
  DatasetStore,
  DeployProposalStore,
  Directory,
  EndpointStore,
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
import type { ServingSettings } from '../core/serving/deploy.js';
import type { SlackFiles } from './files.js';
import type { Task } from './tasks.js';
import type { ThreadReader } from './threads.js';

/**
 * Asking tuned models: the registry of custom models and the asker, which reaches them through
 * the directory of what serves each one (both are the serving side's: DynamoDB and Bedrock).
 */
export interface AskingWiring {
  models: CustomModelStore;
  asker: Asker;
}

export interface WorkerDependencies {
  notifier: Notifier;
  files: SlackFiles;
  datasets: DatasetIndex;
  jobs: JobStore;
  proposals: ProposalStore;
  /** The custom model registry, tune's endpoints and deploy proposals (src/core/serving). */
  customModels: CustomModelStore;
  endpoints: EndpointStore;
  deployProposals: DeployProposalStore;
  /** The region and the cost guard's settings. */
  serving: ServingSettings;
  idempotency: IdempotencyStore;
  customizer: Customizer;
  datasetStore: DatasetStore;
  uploads: UploadStore;
  directory: Directory;
  authorization: AuthorizationPolicy;
  /** Signs the start form's metadata (see ./form-metadata.ts). */
  formKey: string;
  /**
   * What Bedrock customizes in the deployed region now (the cached live list joined to the
   * catalog); `refresh` reads Bedrock again (after a start was refused for its model).
   */
  offers(options?: { refresh?: boolean }): Promise<ModelOffers>;
  /** The service role Bedrock assumes for jobs. */
  bedrockRoleArn: string | undefined;
  /** Asking tuned models: the registry and what answers for each. */
  asking: AskingWiring;
  channelSettings: ChannelSettingsStore;
  threads: ThreadReader;
  /** Work the worker hands to itself: an evaluation's next part, a finished job's evaluation. */
  queue: Queue<Task>;
  /** Asks the base and tuned models (Bedrock runtime). */
  runtime: ModelRuntime;
  /** Keeps an evaluation's answers and what each request of it has posted (S3). */
  evaluationResults: EvaluationResultsStore;
  /** Serves a tuned model for an evaluation, and removes what it made for it. */
  evaluationServing: EvaluationServing;
  /** Waits between looks at a deployment being made; tests pass one that returns at once. */
  sleep?: (milliseconds: number) => Promise<void>;
  clock: Clock;
  logger: Logger;
  /** The workspaces tune is installed in (src/handlers/workspaces.ts); absent with one workspace. */
  workspaces?: WorkspaceInstalls;
}

/** What the worker does when a workspace removes tune. */
export interface WorkspaceInstalls {
  /** Deletes the team's installation (its token) and forgets it in this container. */
  uninstalled(teamId: string): Promise<void>;
  /** When the team's current installation was made (undefined: none). */
  installedAt(teamId: string): Promise<Date | undefined>;
}
