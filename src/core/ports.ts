/**
 * The interfaces the core needs from the world, in the core's own types. Adapters in `src/aws` and
 * `src/slack` implement them with injected SDK clients and translate SDK errors into the errors of
 * `./errors.ts`; test fakes in `test/fakes` implement them in memory.
 */
import type { PriceKind } from './catalog/types.js';
import type { DatasetEntry } from './intake/dataset-entry.js';
import type { CustomizationType, Job, JobStatus } from './jobs/job.js';
import type { Proposal, ProposalStatus } from './jobs/proposal.js';
import type { DeployProposal } from './serving/deploy-proposal.js';
import type { Endpoint, EndpointStatus } from './serving/endpoint.js';

export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------
// Jobs

export interface JobStore {
  /** Writes a new job; fails with `ConflictError` when a job with this id exists. */
  create(job: Job): Promise<void>;
  get(jobId: string): Promise<Job | undefined>;
  /**
   * Replaces the job only if its stored status is `expected` and its version is `job.version - 1`;
   * otherwise throws `JobStateConflictError`. This is what makes overlapping watch runs and
   * redelivered queue messages apply a transition once.
   */
  transition(job: Job, expected: JobStatus): Promise<Job>;
  /**
   * Records that the job's transitions up to `throughVersion` were announced, and returns the job
   * as stored afterwards. Conditional on the stored version; when the job moved on meanwhile the
   * write is made on the newer version (a later transition still owes its own announcement).
   */
  markAnnounced(job: Job, throughVersion: number): Promise<Job>;
  /** Jobs the watch must look at (active, or with an announcement owed), through an index: never a scan. */
  listActive(): Promise<Job[]>;
  /** A channel's jobs, newest first. */
  listByChannel(teamId: string, channelId: string, limit: number): Promise<Job[]>;
  /** A user's jobs, newest first (App Home). */
  listByUser(teamId: string, userId: string, limit: number): Promise<Job[]>;
}

export interface ProposalStore {
  create(proposal: Proposal): Promise<void>;
  get(proposalId: string): Promise<Proposal | undefined>;
  /**
   * Writes the proposal only if its stored status is `expected`; otherwise `JobStateConflictError`.
   * Two people pressing Start at once: exactly one confirm wins.
   */
  update(proposal: Proposal, expected: ProposalStatus): Promise<void>;
}

/** Who belongs to a Slack user group (for the authorized-users policy), and which channels are private. */
export interface Directory {
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /**
   * True for a private channel, and for one tune cannot see: a private channel's models and
   * datasets are never shown outside it (DESIGN.md §7), so doubt counts as private.
   */
  channelIsPrivate(channelId: string): Promise<boolean>;
}

/** What a channel chose for itself. */
export interface ChannelSettings {
  teamId: string;
  channelId: string;
  /** The custom model a mention of `@tune` outside a model's thread asks (`/tune use`). */
  defaultModelId?: string;
  updatedBy: string;
  updatedAt: string;
}

/** Each channel's settings (DynamoDB in production). */
export interface ChannelSettingsStore {
  get(teamId: string, channelId: string): Promise<ChannelSettings | undefined>;
  /** Creates or replaces the channel's settings. */
  put(settings: ChannelSettings): Promise<void>;
}

/** A lease on a key, held by whoever acquired it; only the holder can complete or release it. */
export interface Lease {
  key: string;
  holder: string;
}

export type Acquisition =
  | { state: 'acquired'; lease: Lease }
  /** Someone else holds the key until `expiresAt` (then it can be taken over). */
  | { state: 'held'; expiresAt: Date }
  /** The work under this key was done (and is remembered for a while). */
  | { state: 'completed' };

/**
 * Records of work in progress and work done, keyed by what makes the work unique (a Slack event,
 * a button press, a queue message, an announcement). Modelled on Powertools' idempotency records:
 * `acquire` takes the key atomically while it is free, or when its holder let the lease expire (a
 * crashed run); `complete` marks it done for `keepSeconds`, so later deliveries find it; `release`
 * frees it for a retry. Only the holder can complete or release: a run whose lease expired and was
 * taken over cannot undo the new holder's claim.
 */
export interface IdempotencyStore {
  acquire(key: string, leaseSeconds: number): Promise<Acquisition>;
  complete(lease: Lease, keepSeconds: number): Promise<void>;
  release(lease: Lease): Promise<void>;
}

/** Structured logging; handlers pass Powertools' logger, tests a recording one. */
export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

// ---------------------------------------------------------------------------------------------
// Datasets

export interface StoredObject {
  key: string;
  size: number;
  lastModified?: Date;
  metadata: Record<string, string>;
}

export interface DatasetStore {
  /** `s3://bucket/key` for a key, as Bedrock wants it. */
  uri(key: string): string;
  put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<void>;
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Reads a small object whole (reports, metrics CSVs); undefined when it does not exist. */
  getText(key: string): Promise<string | undefined>;
  head(key: string): Promise<StoredObject | undefined>;
  list(prefix: string): Promise<StoredObject[]>;
  /** A URL a person can PUT a file to without credentials, valid for `expiresInSeconds`. */
  presignUpload(key: string, expiresInSeconds: number, contentType?: string): Promise<string>;
}

/** The datasets of each channel, newest first (DynamoDB in production). */
export interface DatasetIndex {
  /** Writes or replaces the entry (the same content shared twice keeps one entry per id). */
  put(entry: DatasetEntry): Promise<void>;
  get(teamId: string, channelId: string, datasetId: string): Promise<DatasetEntry | undefined>;
  listByChannel(teamId: string, channelId: string, limit: number): Promise<DatasetEntry[]>;
}

// ---------------------------------------------------------------------------------------------
// Bedrock control plane

export type BedrockJobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

export interface FoundationModelInfo {
  modelId: string;
  modelArn: string;
  modelName: string;
  providerName: string;
  customizationsSupported: string[];
  inferenceTypesSupported: string[];
  lifecycleStatus: 'ACTIVE' | 'LEGACY' | 'UNKNOWN';
  /** When the model enters legacy and when it stops answering, where Bedrock says (`modelLifecycle`). */
  legacyTime?: Date;
  endOfLifeTime?: Date;
  responseStreamingSupported?: boolean;
  /** `TEXT`, `IMAGE`, `EMBEDDING`: tells a text model from an image one the catalog does not know. */
  outputModalities?: string[];
}

/** Bedrock's lists of customizable models in one region, one per customization type, as read at `readAt`. */
export interface ModelAvailability {
  region: string;
  readAt: Date;
  models: Record<CustomizationType, FoundationModelInfo[]>;
}

/**
 * A cache of `ModelAvailability` per region (DynamoDB in production), so that offering a model
 * does not call ListFoundationModels on every Slack interaction. `get` returns undefined when
 * nothing usable is stored, including a stored item that cannot be read (skipped and logged).
 */
export interface ModelAvailabilityStore {
  get(region: string): Promise<ModelAvailability | undefined>;
  put(availability: ModelAvailability): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Prices (AWS's price list; docs/bedrock-prices.md)

/** One price dimension of a price list entry (`terms.OnDemand.*.priceDimensions.*`), in US dollars. */
export interface PriceListDimension {
  /** As AWS writes it: `1K tokens`, `1M tokens`, `hour`, a month unit for storage. */
  unit: string;
  usd: number;
  description?: string;
}

/**
 * One product of AWS's price list for Bedrock, as the adapter read it: its attributes (`usagetype`
 * names what it bills, `USE1-NovaMicro-Customization-Training`) and its on-demand prices. Entries
 * that are not JSON or lack these fields never get this far (the adapter skips and logs them).
 */
export interface PriceListEntry {
  sku: string;
  usageType: string;
  /** `us-east-1`; the region whose prices these are (not where the Pricing API answered from). */
  regionCode?: string;
  /** AWS's display name (`Nova Micro`), where given. */
  model?: string;
  feature?: string;
  inferenceType?: string;
  /** When AWS says the price took effect (`effectiveDate` of the term), where given. */
  effectiveDate?: string;
  dimensions: PriceListDimension[];
}

/**
 * AWS's price list (the Price List Query API in production). Answers for any region, whichever
 * endpoint serves it. Errors are the core's: throttling and outages `retryable`.
 */
export interface PriceList {
  /** Every Bedrock product priced in `region`, in AWS's order. */
  bedrockEntries(region: string): Promise<PriceListEntry[]>;
}

/** A price read from the price list, normalised to tune's unit for its kind (per 1,000 tokens, per month, per hour). */
export interface ListedPrice {
  usd: number;
  /** The entry it came from (`USE1-NovaMicro-Customization-Training`), for people checking. */
  usageType: string;
  effectiveDate?: string;
}

/**
 * What the price list said about the catalog's models in one region, as read at `readAt`: per
 * catalog model id, the kinds of price it had (see `PriceKind`). A kind it did not have is absent.
 */
export interface PriceBook {
  region: string;
  readAt: Date;
  models: Record<string, Partial<Record<PriceKind, ListedPrice>>>;
}

/**
 * A cache of `PriceBook`s per region (DynamoDB in production), refreshed daily by the watch, so that
 * an estimate does not call the Pricing API. `get` returns undefined when nothing usable is stored,
 * including an item that cannot be read (skipped and logged).
 */
export interface PriceBookStore {
  get(region: string): Promise<PriceBook | undefined>;
  put(book: PriceBook): Promise<void>;
}

export interface CreateCustomizationJobRequest {
  jobName: string;
  customModelName: string;
  roleArn: string;
  baseModelIdentifier: string;
  customizationType: CustomizationType;
  trainingDataUri: string;
  validationDataUri?: string;
  outputDataUri: string;
  /** Values are strings, as the API requires. */
  hyperParameters: Record<string, string>;
  /** Derived from the confirmation so that a retry can never create a second job. */
  clientRequestToken: string;
  tags: Record<string, string>;
}

/** The state of one stage of a job (Bedrock's `statusDetails`). */
export type JobStageState = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

export interface StageStatus {
  status: JobStageState;
  /** When the stage started, and when it last changed, where Bedrock says. */
  creationTime?: Date;
  lastModifiedTime?: Date;
}

export interface CustomizationJobInfo {
  jobArn: string;
  jobName: string;
  status: BedrockJobStatus;
  failureMessage?: string;
  customModelName: string;
  customModelArn?: string;
  baseModelArn: string;
  customizationType?: CustomizationType;
  hyperParameters: Record<string, string>;
  outputDataUri: string;
  creationTime: Date;
  lastModifiedTime?: Date;
  endTime?: Date;
  trainingLoss?: number;
  validationLoss?: number;
  /**
   * Where the job is within its run: validation, then data processing, then training. Absent when
   * Bedrock reports no `statusDetails` (older jobs, other job kinds).
   */
  stages?: { validation?: StageStatus; dataProcessing?: StageStatus; training?: StageStatus };
}

export interface CustomizationJobSummary {
  jobArn: string;
  jobName: string;
  status: BedrockJobStatus;
  baseModelArn: string;
  customModelName?: string;
  customModelArn?: string;
  creationTime: Date;
  endTime?: Date;
}

export interface CustomModelInfo {
  modelArn: string;
  modelName: string;
  jobArn: string;
  baseModelArn: string;
  status: 'Creating' | 'Active' | 'Failed';
  trainingLoss?: number;
  validationLoss?: number;
}

export type ProvisionedThroughputStatus = 'Creating' | 'InService' | 'Updating' | 'Failed';

export interface ProvisionedThroughputInfo {
  provisionedModelArn: string;
  provisionedModelName: string;
  modelArn: string;
  modelUnits: number;
  status: ProvisionedThroughputStatus;
  creationTime: Date;
  failureMessage?: string;
}

/** On-demand custom model deployment (CreateCustomModelDeployment): per-token billing, no hourly fee. */
export type CustomModelDeploymentStatus = 'Creating' | 'Active' | 'Failed';

export interface CustomModelDeploymentInfo {
  deploymentArn: string;
  deploymentName: string;
  modelArn: string;
  status: CustomModelDeploymentStatus;
  createdAt: Date;
  failureMessage?: string;
}

export interface Customizer {
  listFoundationModels(filter?: { customizationType?: CustomizationType }): Promise<FoundationModelInfo[]>;
  /** Idempotent on `clientRequestToken`: the same token returns the same job ARN. */
  createJob(request: CreateCustomizationJobRequest): Promise<{ jobArn: string }>;
  /** By job name or ARN; `NotFoundError` when Bedrock has no such job. */
  getJob(jobIdentifier: string): Promise<CustomizationJobInfo>;
  listJobs(filter: {
    nameContains?: string;
    statusEquals?: BedrockJobStatus;
    createdAfter?: Date;
  }): Promise<CustomizationJobSummary[]>;
  stopJob(jobIdentifier: string): Promise<void>;
  getCustomModel(modelIdentifier: string): Promise<CustomModelInfo>;
  createProvisionedThroughput(request: {
    provisionedModelName: string;
    modelId: string;
    modelUnits: number;
    clientRequestToken: string;
    tags: Record<string, string>;
  }): Promise<{ provisionedModelArn: string }>;
  getProvisionedThroughput(provisionedModelId: string): Promise<ProvisionedThroughputInfo>;
  listProvisionedThroughputs(): Promise<ProvisionedThroughputInfo[]>;
  /** `NotFoundError` when it is already gone: callers treat a retried delete as done. */
  deleteProvisionedThroughput(provisionedModelId: string): Promise<void>;
  /** Idempotent on `clientRequestToken`. */
  createCustomModelDeployment(request: {
    deploymentName: string;
    modelArn: string;
    clientRequestToken: string;
    tags: Record<string, string>;
    description?: string;
  }): Promise<{ deploymentArn: string }>;
  /** By name or ARN; `NotFoundError` when Bedrock has no such deployment. */
  getCustomModelDeployment(identifier: string): Promise<CustomModelDeploymentInfo>;
  listCustomModelDeployments(): Promise<CustomModelDeploymentInfo[]>;
  /** `NotFoundError` when it is already gone. */
  deleteCustomModelDeployment(identifier: string): Promise<void>;
  /** Deletes a custom model (its monthly storage fee stops); `NotFoundError` when already gone. */
  deleteCustomModel(modelIdentifier: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Bedrock runtime

/** Which request/response body a model speaks through InvokeModel. */
export type InvokeBodyFamily = 'titan-text' | 'llama' | 'anthropic-messages' | 'nova-messages';

/** One earlier turn of a conversation (a Slack thread), oldest first. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerateRequest {
  /** A base model id, a provisioned model ARN or a custom model deployment ARN. */
  modelId: string;
  family: InvokeBodyFamily;
  prompt: string;
  system?: string;
  maxTokens: number;
  temperature: number;
  topP: number;
  stopSequences?: string[];
  /**
   * Earlier turns, oldest first. Converse sends them as messages; for InvokeModel bodies without a
   * message list (Titan, Llama) the caller has already folded them into `prompt`.
   */
  history?: readonly ChatTurn[];
}

export interface GenerateResult {
  text: string;
  inputTokens?: number;
  outputTokens?: number;
  stopReason?: string;
}

export interface ModelRuntime {
  /** InvokeModel with the family's native body. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** The Converse API, for models that support it. */
  converse(request: Omit<GenerateRequest, 'family'>): Promise<GenerateResult>;
  /**
   * ConverseStream: calls `onText` with each piece of the answer as it arrives, then resolves with
   * the whole answer and its token counts. Models or serving paths without streaming refuse it
   * (`UpstreamRejectedError`); callers fall back to `converse`.
   */
  converseStream(
    request: Omit<GenerateRequest, 'family'>,
    onText: (delta: string) => void,
  ): Promise<GenerateResult>;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/**
 * Where an evaluation run keeps what it has done (S3 in production), so that a redelivered run
 * resumes instead of paying for the same generations twice. One JSON document per evaluation id;
 * the core validates what `get` returns, the store only keeps text.
 */
export interface EvaluationResultsStore {
  /** The document last put under this id; undefined when there is none. */
  get(evaluationId: string): Promise<unknown>;
  /** Replaces the document under this id. */
  put(evaluationId: string, document: unknown): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Custom models and what serves them (shared by serving, asking and evaluation)

/**
 * A custom model tune made: one per completed job (its id is the job's id). Answers come only in
 * the channel whose data trained it, and in the channels it was shared with (docs/architecture.md).
 */
export interface CustomModelRecord {
  /** The job's id. */
  modelId: string;
  teamId: string;
  /** The channel whose data trained it. */
  channelId: string;
  /** Who asked for the job. */
  userId: string;
  /** Bedrock's custom model name. */
  name: string;
  modelArn: string;
  /** The catalog id of the base model (the customizable id, e.g. `amazon.nova-micro-v1:0:128k`). */
  baseModelId: string;
  customizationType: CustomizationType;
  createdAt: string;
  /** Other channels allowed to ask it (`/tune share`). */
  sharedWith: string[];
  /** Last question answered (idle time-to-live, the storage reminder). */
  lastUsedAt?: string;
  /** When Bedrock's copy was deleted (its storage fee stopped). */
  deletedAt?: string;
  /** The job card's ts: the model card is in its thread, and so is every change of its endpoints. */
  threadTs?: string;
  /** The job's final losses, where Bedrock reported them. */
  trainingLoss?: number;
  validationLoss?: number;
  /** The latest evaluation's headline figures, for cards and the App Home. */
  evaluation?: {
    at: string;
    records: number;
    meteor: { base: number; tuned: number };
    rougeL: { base: number; tuned: number };
    verdict: string;
  };
}

export interface CustomModelStore {
  /** Creates or replaces the record. */
  put(model: CustomModelRecord): Promise<void>;
  get(modelId: string): Promise<CustomModelRecord | undefined>;
  /** Models trained in this channel or shared into it, newest first. */
  listVisibleIn(teamId: string, channelId: string, limit: number): Promise<CustomModelRecord[]>;
  /** Records a use (a question answered): only moves `lastUsedAt` forward. */
  touch(modelId: string, at: Date): Promise<void>;
  /**
   * Records an evaluation's headline on an existing record, leaving the rest (shares, uses) as it
   * is; an older headline (`at`) never replaces a newer one. False when there is no record.
   */
  setEvaluation(modelId: string, evaluation: NonNullable<CustomModelRecord['evaluation']>): Promise<boolean>;
}

export type ServingPath = 'on-demand' | 'provisioned';

/** How to reach a custom model now: an Active deployment or an InService Provisioned Throughput. */
export interface ServingTarget {
  /** What InvokeModel, Converse and ConverseStream take as `modelId`. */
  invokeId: string;
  path: ServingPath;
  /** tune's record of the endpoint. */
  endpointId: string;
}

/** What serves each custom model (read side; deploying and the cost guard own the writes). */
export interface ServingDirectory {
  /** The endpoint answering for the model right now, if any. */
  current(modelId: string): Promise<ServingTarget | undefined>;
}

/** The custom models whose copy in Bedrock still exists (and bills storage), through an index. */
export interface StoredModelIndex {
  listStored(): Promise<CustomModelRecord[]>;
}

/** tune's endpoints (src/core/serving/endpoint.ts), on the one table in production. */
export interface EndpointStore {
  /** Writes a new endpoint; `ConflictError` when one with this id exists (a retried confirmation). */
  create(endpoint: Endpoint): Promise<void>;
  get(endpointId: string): Promise<Endpoint | undefined>;
  /**
   * Replaces the endpoint only if its stored status is `expected` and its version is
   * `endpoint.version - 1`; otherwise `JobStateConflictError` (another run moved it first).
   */
  transition(endpoint: Endpoint, expected: EndpointStatus): Promise<Endpoint>;
  /** As `JobStore.markAnnounced`: records announcements up to `throughVersion`, on the newest version. */
  markAnnounced(endpoint: Endpoint, throughVersion: number): Promise<Endpoint>;
  /** Endpoints that may cost money or still owe an announcement, through a sparse index: never a scan. */
  listLive(): Promise<Endpoint[]>;
  /** The live endpoints of one model (the same index, narrowed by key). */
  listLiveForModel(modelId: string): Promise<Endpoint[]>;
  /** Every endpoint of a model, newest first (what serving it has cost). */
  listByModel(modelId: string, limit: number): Promise<Endpoint[]>;
  /** Endpoints Bedrock has that tune did not make, as the watch last saw them. */
  putUnrecorded(snapshot: UnrecordedSnapshot): Promise<void>;
  getUnrecorded(): Promise<UnrecordedSnapshot | undefined>;
}

/** A deployment or Provisioned Throughput in the account that no tune record accounts for. */
export interface UnrecordedEndpoint {
  path: ServingPath;
  arn: string;
  name: string;
  modelArn: string;
  status: string;
  createdAt: string;
  /** Set when it serves a custom model tune made: it is then shown in that model's channel. */
  modelId?: string;
  modelName?: string;
}

export interface UnrecordedSnapshot {
  seenAt: string;
  endpoints: UnrecordedEndpoint[];
}

export interface DeployProposalStore {
  create(proposal: DeployProposal): Promise<void>;
  get(proposalId: string): Promise<DeployProposal | undefined>;
  /** Writes only if the stored status is `expected`; otherwise `JobStateConflictError`. */
  update(proposal: DeployProposal, expected: DeployProposal['status']): Promise<void>;
}

/** Where an evaluation can reach a tuned model now, or why not (yet). */
export type EvaluationTarget =
  /** `temporary`: made for this evaluation, to be released when it ends. */
  | { state: 'ready'; target: ServingTarget; temporary: boolean }
  /** Being made for this evaluation (`temporary`): ask again in a while. */
  | { state: 'preparing'; temporary: boolean }
  /** It cannot be served for an evaluation (no on-demand deployment for its base, a failed one…). */
  | { state: 'refused'; reason: string };

/**
 * Serving a tuned model for one evaluation (evaluation's side of serving). `prepare` is keyed by
 * the evaluation id: called again (a poll, a redelivered run, a continuation) it finds what the
 * first call made instead of making a second endpoint. `release` removes what was made for the
 * evaluation, and is done when there is nothing (left) to remove. What a crash leaves behind, a
 * backstop removes.
 */
export interface EvaluationServing {
  prepare(
    evaluationId: string,
    model: { modelId: string; modelArn: string; baseModelId: string },
    /** Who the evaluation runs for: recorded on what is made for it as the one who spent. */
    requestedBy: string,
  ): Promise<EvaluationTarget>;
  release(evaluationId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Queue

export interface QueueMessage<T> {
  /** Unique per unit of work; the worker uses it to drop redeliveries. */
  id: string;
  body: T;
}

export interface Queue<T> {
  send(message: QueueMessage<T>): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Notifier (Slack Web API behind it; blocks are opaque JSON to the core)

export interface OutboundMessage {
  /** Plain-text fallback: notifications and screen readers use it. */
  text: string;
  blocks?: readonly unknown[];
  /**
   * Data for tune itself, kept with the message and read back from the thread (Slack's message
   * metadata): which model a thread talks to, which question an answer answers.
   */
  metadata?: MessageMetadata;
}

/** `event_type` and a flat payload, as Slack's message metadata takes them. */
export interface MessageMetadata {
  eventType: string;
  payload: Record<string, string | number | boolean>;
}

export interface Notifier {
  /** Posts in a channel (in `threadTs`'s thread when given); returns the message ts. */
  post(channelId: string, message: OutboundMessage, threadTs?: string): Promise<string>;
  update(channelId: string, ts: string, message: OutboundMessage): Promise<void>;
  /** Shown to `userId` only; in `threadTs`'s thread when given. */
  postEphemeral(
    channelId: string,
    userId: string,
    message: OutboundMessage,
    threadTs?: string,
  ): Promise<void>;
  /** Answers a slash command or an interaction through its `response_url`. */
  respond(
    responseUrl: string,
    message: OutboundMessage & { responseType?: 'ephemeral' | 'in_channel'; replaceOriginal?: boolean },
  ): Promise<void>;
  publishHome(userId: string, view: unknown): Promise<void>;
  /** Replaces an open modal (`hash` guards against overwriting a newer version of it). */
  updateView(viewId: string, view: unknown, hash?: string): Promise<void>;
  uploadFile(request: {
    channelId: string;
    threadTs?: string;
    filename: string;
    content: Uint8Array | string;
    title?: string;
    initialComment?: string;
  }): Promise<void>;
}
