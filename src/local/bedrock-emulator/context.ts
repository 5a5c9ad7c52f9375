/** What every operation handler of the emulator works with. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Answerer } from './answers.js';
import type { ModelTable } from './model-table.js';
import type { EmulatorState } from './state.js';
import type { Dataset } from './training-data.js';

export interface Durations {
  /** From CreateModelCustomizationJob to Completed; the first tenth is Bedrock's validation phase. */
  trainingMs: number;
  /** From StopModelCustomizationJob to Stopped. */
  stoppingMs: number;
  /** From CreateProvisionedModelThroughput to InService. */
  provisioningMs: number;
  /** From CreateCustomModelDeployment to Active. */
  deploymentMs: number;
  /** Between two ConverseStream text deltas (real time, not the emulator clock: it paces bytes on the wire). */
  streamIntervalMs: number;
}

export interface Quotas {
  /** Jobs InProgress or Stopping at once; one more gets ServiceQuotaExceededException. */
  maxConcurrentTrainings: number;
  /** Provisioned Throughputs without commitment per account and region (the workshop's "up to two"). */
  maxNoCommitmentProvisionedThroughputs: number;
}

/** Training data read at the start of training, kept until the job completes. */
export interface CheckedData {
  dataset: Dataset;
  trainingRecords: number;
  validationRecords: number | undefined;
}

export interface EmulatorContext {
  state: EmulatorState;
  /** The foundation models of the world the emulator plays (today's, or the 2024 workshop's). */
  models: ModelTable;
  s3: S3Client;
  buckets: ReadonlySet<string>;
  accountId: string;
  now(): number;
  durations: Durations;
  quotas: Quotas;
  /** For resource ids: seeded, so a run's ARNs repeat. */
  random(): number;
  checkedData: Map<string, CheckedData>;
  answerers: Map<string, Promise<Answerer>>;
}

/** One HTTP call after routing. */
export interface OperationRequest {
  operation: string;
  /** The region the caller signed for (SigV4 scope), else the emulator's. */
  region: string;
  params: string[];
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface OperationResponse {
  status: number;
  /** JSON-serialised unless it is a Buffer. */
  body?: unknown;
  /** Written chunk by chunk as it comes (ConverseStream's event stream); `body` is ignored then. */
  stream?: AsyncIterable<Buffer>;
  headers?: Record<string, string>;
}
