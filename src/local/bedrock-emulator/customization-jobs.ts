/**
 * The model-customization-job operations: Create (with Bedrock's validation), Get, List, Stop.
 * Messages marked "AWS wording" are Bedrock's own (request constraints, the data-format and token
 * failures); the others are modelled on them where no real message could be confirmed.
 */
import type { EmulatorContext, OperationRequest, OperationResponse } from './context.js';
import { BedrockEmulatorError, conflict, endOfLife, notFound, validation } from './errors.js';
import {
  isActive,
  jobEndTime,
  jobLastModified,
  jobStages,
  jobStatus,
  type Stage,
  type StageName,
} from './lifecycle.js';
import { readListFilters, selectPage } from './list-query.js';
import {
  customizationsIn,
  type FoundationModelRow,
  foundationModelArn,
  type HyperParameterSpec,
} from './model-table.js';
import { resourceId } from './random.js';
import { Constraints, compact, isJsonObject, iso, type JsonObject, parseJsonBody } from './request-checks.js';
import { objectExists, parseS3Uri, S3_URI_PATTERN } from './s3-objects.js';
import type { JobRecord } from './state.js';

// Patterns from the API reference (docs/bedrock-emulator-world.md, "Jobs").
const JOB_NAME_PATTERN = '[a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*';
const CUSTOM_MODEL_NAME_PATTERN = '([0-9a-zA-Z][_-]?){1,63}';
const TOKEN_PATTERN = '[a-zA-Z0-9](-*[a-zA-Z0-9])*';
const ROLE_ARN = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;
const CUSTOMIZATION_TYPES = [
  'FINE_TUNING',
  'CONTINUED_PRE_TRAINING',
  'DISTILLATION',
  'REINFORCEMENT_FINE_TUNING',
  'IMPORTED',
] as const;
const JOB_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

/** A job by name or ARN, in the caller's region. */
export function findJob(context: EmulatorContext, region: string, identifier: string): JobRecord {
  const job = context.state.jobs.find(
    (candidate) =>
      candidate.jobArn === identifier || (candidate.region === region && candidate.jobName === identifier),
  );
  if (!job) throw notFound(`Could not find model customization job ${identifier}.`);
  return job;
}

export async function createModelCustomizationJob(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const body = parseJsonBody(request.body);
  const checks = new Constraints();
  const jobName = checks.string('jobName', body.jobName, {
    required: true,
    min: 1,
    max: 63,
    pattern: JOB_NAME_PATTERN,
  });
  const customModelName = checks.string('customModelName', body.customModelName, {
    required: true,
    min: 1,
    max: 63,
    pattern: CUSTOM_MODEL_NAME_PATTERN,
  });
  const roleArn = checks.string('roleArn', body.roleArn, { required: true, min: 0, max: 2048 });
  const baseModelIdentifier = checks.string('baseModelIdentifier', body.baseModelIdentifier, {
    required: true,
    min: 1,
    max: 2048,
  });
  const clientRequestToken = checks.string('clientRequestToken', body.clientRequestToken, {
    min: 1,
    max: 256,
    pattern: TOKEN_PATTERN,
  });
  const customizationType =
    checks.string('customizationType', body.customizationType, { values: CUSTOMIZATION_TYPES }) ??
    'FINE_TUNING';
  const trainingConfig = isJsonObject(body.trainingDataConfig) ? body.trainingDataConfig : undefined;
  if (!trainingConfig) checks.add('trainingDataConfig', undefined, 'Member must not be null');
  const trainingDataUri = trainingConfig
    ? checks.string('trainingDataConfig.s3Uri', trainingConfig.s3Uri, {
        required: true,
        max: 1024,
        pattern: S3_URI_PATTERN,
      })
    : undefined;
  const outputConfig = isJsonObject(body.outputDataConfig) ? body.outputDataConfig : undefined;
  if (!outputConfig) checks.add('outputDataConfig', undefined, 'Member must not be null');
  const outputDataUri = outputConfig
    ? checks.string('outputDataConfig.s3Uri', outputConfig.s3Uri, {
        required: true,
        max: 1024,
        pattern: S3_URI_PATTERN,
      })
    : undefined;
  const validationDataUris = readValidators(checks, body.validationDataConfig);
  const hyperParameters = readStringMap(checks, 'hyperParameters', body.hyperParameters);
  checks.check();
  if (!jobName || !customModelName || roleArn === undefined || !baseModelIdentifier) return missingMembers();
  if (!trainingDataUri || !outputDataUri) return missingMembers();

  // A retry with the same token gets the first answer (smithy idempotencyToken semantics).
  if (clientRequestToken !== undefined) {
    const earlier = context.state.jobs.find(
      (job) => job.region === request.region && job.clientRequestToken === clientRequestToken,
    );
    if (earlier) {
      if (earlier.jobName !== jobName) {
        throw conflict(
          `The client request token ${clientRequestToken} was already used for job ${earlier.jobName} with different parameters.`,
        );
      }
      return { status: 201, body: { jobArn: earlier.jobArn } };
    }
  }

  if (!ROLE_ARN.test(roleArn)) {
    throw new BedrockEmulatorError(
      'AccessDeniedException',
      `User: arn:aws:sts::${context.accountId}:assumed-role/caller is not authorized to perform: iam:PassRole on resource: ${roleArn}`,
    );
  }

  const model = context.models.resolve(baseModelIdentifier);
  if (!model) throw validation('The provided model identifier is invalid.');
  if (model.lifecycle === 'END_OF_LIFE') throw endOfLife();
  checkCustomizable(model, customizationType, request.region);
  const fullHyperParameters = checkHyperParameters(model, hyperParameters);

  await checkReadable(context, trainingDataUri, 'training');
  for (const uri of validationDataUris) await checkReadable(context, uri, 'validation');
  checkBucket(context, outputDataUri, 'output');

  const now = context.now();
  const regionJobs = context.state.jobs.filter((job) => job.region === request.region);
  if (regionJobs.some((job) => job.jobName === jobName)) {
    throw conflict(`A model customization job with the name ${jobName} already exists.`);
  }
  const modelNameTaken =
    context.state.customModels.some(
      (model) => model.region === request.region && model.modelName === customModelName,
    ) || regionJobs.some((job) => job.customModelName === customModelName && isActive(jobStatus(job, now)));
  if (modelNameTaken) throw conflict(`A custom model with the name ${customModelName} already exists.`);
  const active = regionJobs.filter((job) => isActive(jobStatus(job, now))).length;
  if (active >= context.quotas.maxConcurrentTrainings) {
    throw new BedrockEmulatorError(
      'ServiceQuotaExceededException',
      `You have reached the maximum number of concurrent model customization jobs (${context.quotas.maxConcurrentTrainings}) for this account. Wait for a job to finish, or request a quota increase.`,
    );
  }

  const jobId = resourceId(context.random);
  const modelId = resourceId(context.random);
  const trainingMs = context.durations.trainingMs;
  const job: JobRecord = {
    jobId,
    jobArn: `arn:aws:bedrock:${request.region}:${context.accountId}:model-customization-job/${model.modelId}/${jobId}`,
    jobName,
    region: request.region,
    customModelName,
    roleArn,
    ...(clientRequestToken !== undefined ? { clientRequestToken } : {}),
    baseModelId: model.modelId,
    baseModelArn: foundationModelArn(request.region, model.modelId),
    customizationType:
      customizationType === 'CONTINUED_PRE_TRAINING' ? 'CONTINUED_PRE_TRAINING' : 'FINE_TUNING',
    hyperParameters: fullHyperParameters,
    trainingDataUri,
    validationDataUris,
    outputDataUri,
    jobTags: readTags(body.jobTags),
    customModelTags: readTags(body.customModelTags),
    creationTime: now,
    trainingStartsAt: now + Math.round(trainingMs * 0.1),
    completesAt: now + trainingMs,
    stoppingMs: context.durations.stoppingMs,
    dataChecked: false,
    modelId,
  };
  context.state.jobs.push(job);
  await context.state.save();
  return { status: 201, body: { jobArn: job.jobArn } };
}

/** Only reached if a required member slipped past the constraint checks. */
function missingMembers(): never {
  throw validation('The request is missing required members.');
}

function checkCustomizable(model: FoundationModelRow, customizationType: string, region: string): void {
  const supported = customizationsIn(model, region);
  if (supported.length === 0) {
    throw validation(
      `The model ${model.modelId} does not support customization in ${region}. Choose a customizable model ID from ListFoundationModels with byCustomizationType.`,
    );
  }
  if (!supported.some((kind) => kind === customizationType)) {
    throw validation(
      `The model ${model.modelId} does not support the customization type ${customizationType}.`,
    );
  }
  if (customizationType !== 'FINE_TUNING' && customizationType !== 'CONTINUED_PRE_TRAINING') {
    throw validation(`The Bedrock emulator does not run ${customizationType} jobs.`);
  }
  if (model.dataFormat === 'unsupported') {
    throw validation(`The Bedrock emulator does not run customization jobs for image or embedding models.`);
  }
}

// Numbers as Bedrock accepts them in hyperparameter strings: "2", "0.00005", "1e-5".
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Unknown names, non-numeric values and values out of range (docs/bedrock-emulator-world.md, "Formats, limits and
hyperparameters"); returns values with defaults. */
export function checkHyperParameters(
  model: FoundationModelRow,
  given: Record<string, string>,
): Record<string, string> {
  const specs = new Map(model.hyperParameters.map((spec) => [spec.name, spec]));
  const unknown = Object.keys(given).filter((name) => !specs.has(name));
  if (unknown.length > 0) {
    throw validation(
      `Unsupported hyperparameter(s) for ${model.modelId}: ${unknown.join(', ')}. Supported hyperparameters are ${[
        ...specs.keys(),
      ].join(', ')}.`,
    );
  }
  const result: Record<string, string> = {};
  for (const spec of model.hyperParameters) {
    const value = given[spec.name];
    if (value === undefined) {
      result[spec.name] = formatDefault(spec);
      continue;
    }
    checkValue(model, spec, value);
    result[spec.name] = value;
  }
  return result;
}

function checkValue(model: FoundationModelRow, spec: HyperParameterSpec, value: string): void {
  const number = Number(value);
  const numeric = NUMERIC.test(value.trim()) && Number.isFinite(number);
  if (!numeric || (spec.type === 'int' && !Number.isInteger(number))) {
    throw validation(
      `The value '${value}' of hyperparameter ${spec.name} is not valid: it must be ${spec.type === 'int' ? 'an integer' : 'a number'}.`,
    );
  }
  if (number < spec.min || number > spec.max) {
    throw validation(
      `The value ${value} of hyperparameter ${spec.name} is out of range for ${model.modelId}: it must be between ${spec.min} and ${spec.max}.`,
    );
  }
}

function formatDefault(spec: HyperParameterSpec): string {
  return String(spec.default);
}

function checkBucket(context: EmulatorContext, uri: string, what: string): void {
  const location = parseS3Uri(uri);
  if (!location || !context.buckets.has(location.bucket)) {
    throw validation(
      `Amazon Bedrock cannot access the ${what} location ${uri}. Check that the bucket exists and that the service role has access to it.`,
    );
  }
}

async function checkReadable(context: EmulatorContext, uri: string, what: string): Promise<void> {
  checkBucket(context, uri, `${what} data`);
  const location = parseS3Uri(uri);
  if (!location || !(await objectExists(context.s3, location))) {
    throw validation(
      `Amazon Bedrock cannot read the ${what} data at ${uri}. Check that the object exists and that the service role can read it.`,
    );
  }
}

function readValidators(checks: Constraints, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isJsonObject(value) || !Array.isArray(value.validators)) {
    checks.add('validationDataConfig.validators', undefined, 'Member must not be null');
    return [];
  }
  if (value.validators.length > 10) {
    checks.add(
      'validationDataConfig.validators',
      value.validators.length,
      'Member must have length less than or equal to 10',
    );
  }
  const uris: string[] = [];
  value.validators.forEach((validator: unknown, index: number) => {
    const uri = checks.string(
      `validationDataConfig.validators.${index + 1}.member.s3Uri`,
      isJsonObject(validator) ? validator.s3Uri : undefined,
      { required: true, max: 1024, pattern: S3_URI_PATTERN },
    );
    if (uri) uris.push(uri);
  });
  return uris;
}

function readStringMap(checks: Constraints, field: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) {
    checks.add(field, value, 'Member must be a map of strings');
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') result[key] = entry;
    else checks.add(`${field}.${key}`, entry, 'Member must be a string');
  }
  return result;
}

/** Tags as Bedrock takes them (`[{ key, value }]`); malformed entries are dropped. */
export function readTags(value: unknown): { key: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((tag: unknown) =>
    isJsonObject(tag) && typeof tag.key === 'string' && typeof tag.value === 'string'
      ? [{ key: tag.key, value: tag.value }]
      : [],
  );
}

/** What a job has become by `now`: its status, when it ended, and the custom model it made. */
function jobOutcome(context: EmulatorContext, job: JobRecord, now: number) {
  const status = jobStatus(job, now);
  const endTime = jobEndTime(job, now);
  const model =
    status === 'Completed'
      ? context.state.customModels.find((candidate) => candidate.modelId === job.completion?.modelId)
      : undefined;
  return { status, endTime: endTime === undefined ? undefined : iso(endTime), modelArn: model?.modelArn };
}

/** The SDK's `StatusDetails`: `validationDetails`, `dataProcessingDetails`, `trainingDetails`. */
function statusDetails(job: JobRecord, now: number): JsonObject {
  const stages = jobStages(job, now);
  const details = (name: StageName) => {
    const stage: Stage = stages[name];
    return compact({
      status: stage.status,
      creationTime: stage.creationTime === undefined ? undefined : iso(stage.creationTime),
      lastModifiedTime: stage.lastModifiedTime === undefined ? undefined : iso(stage.lastModifiedTime),
    });
  };
  return {
    validationDetails: details('validation'),
    dataProcessingDetails: details('dataProcessing'),
    trainingDetails: details('training'),
  };
}

export function describeJob(context: EmulatorContext, job: JobRecord): JsonObject {
  const now = context.now();
  const { status, endTime, modelArn } = jobOutcome(context, job, now);
  return compact({
    jobArn: job.jobArn,
    jobName: job.jobName,
    outputModelName: job.customModelName,
    outputModelArn: modelArn,
    clientRequestToken: job.clientRequestToken,
    roleArn: job.roleArn,
    status,
    statusDetails: statusDetails(job, now),
    failureMessage: status === 'Failed' ? job.failure?.message : undefined,
    creationTime: iso(job.creationTime),
    lastModifiedTime: iso(jobLastModified(job, now)),
    endTime,
    baseModelArn: job.baseModelArn,
    hyperParameters: job.hyperParameters,
    trainingDataConfig: { s3Uri: job.trainingDataUri },
    validationDataConfig: { validators: job.validationDataUris.map((s3Uri) => ({ s3Uri })) },
    outputDataConfig: { s3Uri: job.outputDataUri },
    customizationType: job.customizationType,
    trainingMetrics: status === 'Completed' ? { trainingLoss: job.completion?.trainingLoss } : undefined,
    validationMetrics:
      status === 'Completed' && job.completion?.validationLoss !== undefined
        ? [{ validationLoss: job.completion.validationLoss }]
        : undefined,
  });
}

export function getModelCustomizationJob(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const job = findJob(context, request.region, request.params[0] ?? '');
  return { status: 200, body: describeJob(context, job) };
}

export function listModelCustomizationJobs(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const checks = new Constraints();
  const filters = readListFilters(checks, request.query, JOB_STATUSES);
  checks.check();
  const now = context.now();
  const page = selectPage(context.state.jobs, request.region, filters, {
    name: (job) => job.jobName,
    status: (job) => jobStatus(job, now),
  });
  return {
    status: 200,
    body: compact({
      nextToken: page.nextToken,
      modelCustomizationJobSummaries: page.items.map((job) => {
        const { status, endTime, modelArn } = jobOutcome(context, job, now);
        return compact({
          jobArn: job.jobArn,
          baseModelArn: job.baseModelArn,
          jobName: job.jobName,
          status,
          statusDetails: statusDetails(job, now),
          lastModifiedTime: iso(jobLastModified(job, now)),
          creationTime: iso(job.creationTime),
          endTime,
          customModelArn: modelArn,
          customModelName: job.customModelName,
          customizationType: job.customizationType,
        });
      }),
    }),
  };
}

export async function stopModelCustomizationJob(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const job = findJob(context, request.region, request.params[0] ?? '');
  const now = context.now();
  const status = jobStatus(job, now);
  if (status !== 'InProgress') {
    throw validation(
      `The model customization job ${job.jobName} cannot be stopped because its status is ${status}.`,
    );
  }
  job.stopRequestedAt = now;
  await context.state.save();
  return { status: 200, body: {} };
}
