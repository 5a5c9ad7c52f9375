/**
 * The interfaces the core needs from the world, in the core's own types. Adapters in `src/aws` and
 * `src/slack` implement them with injected SDK clients and translate SDK errors into the errors of
 * `./errors.ts`; test fakes in `test/fakes` implement them in memory.
 */
import type { DatasetEntry } from './intake/dataset-entry.js';
import type { CustomizationType, Job, JobStatus } from './jobs/job.js';
import type { Proposal, ProposalStatus } from './jobs/proposal.js';

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
   * Records that the job's last transition (its current version) was announced, in one
   * conditional write; a no-op when the job moved on meanwhile (that version owes its own).
   */
  markAnnounced(job: Job): Promise<void>;
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

/** Who belongs to a Slack user group (for the authorized-users policy). */
export interface Directory {
  usergroupMembers(usergroupId: string): Promise<string[]>;
}

/**
 * Remembers keys of work already accepted (Slack retries, redelivered messages) for a while.
 * `claim` returns true the first time a key is seen and false afterwards, atomically.
 */
export interface IdempotencyStore {
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets a key, so that work whose hand-off failed is accepted when it is retried. */
  release(key: string): Promise<void>;
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
  deleteProvisionedThroughput(provisionedModelId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Bedrock runtime

/** Which request/response body a model speaks through InvokeModel. */
export type InvokeBodyFamily = 'titan-text' | 'llama' | 'anthropic-messages';

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
}

export interface Notifier {
  /** Posts in a channel (in `threadTs`'s thread when given); returns the message ts. */
  post(channelId: string, message: OutboundMessage, threadTs?: string): Promise<string>;
  update(channelId: string, ts: string, message: OutboundMessage): Promise<void>;
  postEphemeral(channelId: string, userId: string, message: OutboundMessage): Promise<void>;
  /** Answers a slash command or an interaction through its `response_url`. */
  respond(
    responseUrl: string,
    message: OutboundMessage & { responseType?: 'ephemeral' | 'in_channel'; replaceOriginal?: boolean },
  ): Promise<void>;
  publishHome(userId: string, view: unknown): Promise<void>;
  uploadFile(request: {
    channelId: string;
    threadTs?: string;
    filename: string;
    content: Uint8Array | string;
    title?: string;
    initialComment?: string;
  }): Promise<void>;
}
