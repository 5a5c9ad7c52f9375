/**
 * Foundation models (List, Get), custom models (Get, List, Delete) and Provisioned Throughput
 * (Create, Get, List, Delete). A Provisioned Throughput is `Creating` until `provisioningMs` after
 * its creation and `InService` after, computed from the clock on every read. A custom model is
 * `Creating` while its job trains and `Active` once the job completes.
 */
import type { EmulatorContext, OperationRequest, OperationResponse } from './context.js';
import { BedrockEmulatorError, conflict, endOfLife, notFound, validation } from './errors.js';
import { customModelArn, jobStatus } from './lifecycle.js';
import { readListFilters, selectPage } from './list-query.js';
import {
  customizationsIn,
  type FoundationModelRow,
  foundationModelArn,
  inferenceTypesIn,
} from './model-table.js';
import { resourceId } from './random.js';
import { Constraints, compact, iso, type JsonObject, parseJsonBody } from './request-checks.js';
import type { CustomModelRecord, JobRecord, ProvisionedRecord } from './state.js';

// ---------------------------------------------------------------------------------------------
// Foundation models

/** ISO timestamps for the days of the lifecycle table (midnight UTC). */
const day = (value: string | undefined) => (value === undefined ? undefined : `${value}T00:00:00.000Z`);

function summarizeFoundationModel(model: FoundationModelRow, region: string): JsonObject {
  return {
    modelArn: foundationModelArn(region, model.modelId),
    modelId: model.modelId,
    modelName: model.modelName,
    providerName: model.providerName,
    inputModalities: model.inputModalities,
    outputModalities: model.outputModalities,
    responseStreamingSupported: model.responseStreamingSupported,
    customizationsSupported: customizationsIn(model, region),
    inferenceTypesSupported: inferenceTypesIn(model, region),
    modelLifecycle: compact({
      status: model.lifecycle,
      legacyTime: day(model.legacyTime),
      publicExtendedAccessTime: day(model.publicExtendedAccessTime),
      endOfLifeTime: day(model.endOfLifeTime),
    }),
  };
}

export function listFoundationModels(context: EmulatorContext, request: OperationRequest): OperationResponse {
  const query = request.query;
  const checks = new Constraints();
  const provider = checks.string('byProvider', query.get('byProvider'), { pattern: '[A-Za-z0-9- ]{1,63}' });
  const customization = checks.string('byCustomizationType', query.get('byCustomizationType'), {
    values: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
  });
  const modality = checks.string('byOutputModality', query.get('byOutputModality'), {
    values: ['TEXT', 'IMAGE', 'EMBEDDING'],
  });
  const inference = checks.string('byInferenceType', query.get('byInferenceType'), {
    values: ['ON_DEMAND', 'PROVISIONED'],
  });
  checks.check();
  const models = context.models
    .listed()
    .filter((model) => provider === undefined || model.providerName.toLowerCase() === provider.toLowerCase())
    .filter(
      (model) =>
        customization === undefined ||
        customizationsIn(model, request.region).some((kind) => kind === customization),
    )
    .filter((model) => modality === undefined || model.outputModalities.some((output) => output === modality))
    .filter(
      (model) =>
        inference === undefined || inferenceTypesIn(model, request.region).some((type) => type === inference),
    );
  return {
    status: 200,
    body: { modelSummaries: models.map((model) => summarizeFoundationModel(model, request.region)) },
  };
}

export function getFoundationModel(context: EmulatorContext, request: OperationRequest): OperationResponse {
  const model = context.models.resolve(request.params[0] ?? '');
  if (!model) throw notFound(`The foundation model ${request.params[0] ?? ''} was not found.`);
  if (model.lifecycle === 'END_OF_LIFE') throw endOfLife();
  return { status: 200, body: { modelDetails: summarizeFoundationModel(model, request.region) } };
}

// ---------------------------------------------------------------------------------------------
// Custom models

export function findCustomModel(
  context: EmulatorContext,
  region: string,
  identifier: string,
): CustomModelRecord | undefined {
  return context.state.customModels.find(
    (model) => model.modelArn === identifier || (model.region === region && model.modelName === identifier),
  );
}

/** A job still training, seen as the custom model it will make: `Creating`, with its future ARN. */
interface PendingModel {
  job: JobRecord;
  modelArn: string;
}

function pendingModels(context: EmulatorContext): PendingModel[] {
  const now = context.now();
  return context.state.jobs
    .filter((job) => job.modelId !== undefined && jobStatus(job, now) === 'InProgress')
    .map((job) => ({ job, modelArn: customModelArn(context, job, job.modelId ?? '') }));
}

export function findPendingModel(
  context: EmulatorContext,
  region: string,
  identifier: string,
): PendingModel | undefined {
  return pendingModels(context).find(
    ({ job, modelArn }) =>
      modelArn === identifier || (job.region === region && job.customModelName === identifier),
  );
}

function describePendingModel({ job, modelArn }: PendingModel): JsonObject {
  return {
    modelArn,
    modelName: job.customModelName,
    jobName: job.jobName,
    jobArn: job.jobArn,
    baseModelArn: job.baseModelArn,
    customizationType: job.customizationType,
    hyperParameters: job.hyperParameters,
    trainingDataConfig: { s3Uri: job.trainingDataUri },
    validationDataConfig: { validators: job.validationDataUris.map((s3Uri) => ({ s3Uri })) },
    outputDataConfig: { s3Uri: job.outputDataUri },
    creationTime: iso(job.creationTime),
    modelStatus: 'Creating',
  };
}

function describeCustomModel(model: CustomModelRecord): JsonObject {
  return compact({
    modelArn: model.modelArn,
    modelName: model.modelName,
    jobName: model.jobName,
    jobArn: model.jobArn,
    baseModelArn: model.baseModelArn,
    customizationType: model.customizationType,
    hyperParameters: model.hyperParameters,
    trainingDataConfig: { s3Uri: model.trainingDataUri },
    validationDataConfig: { validators: model.validationDataUris.map((s3Uri) => ({ s3Uri })) },
    outputDataConfig: { s3Uri: model.outputDataUri },
    trainingMetrics: { trainingLoss: model.trainingLoss },
    validationMetrics: model.validationLoss === undefined ? [] : [{ validationLoss: model.validationLoss }],
    creationTime: iso(model.creationTime),
    modelStatus: 'Active',
  });
}

export function getCustomModel(context: EmulatorContext, request: OperationRequest): OperationResponse {
  const identifier = request.params[0] ?? '';
  const model = findCustomModel(context, request.region, identifier);
  if (model) return { status: 200, body: describeCustomModel(model) };
  const pending = findPendingModel(context, request.region, identifier);
  if (pending) return { status: 200, body: describePendingModel(pending) };
  throw notFound(`Could not find custom model ${identifier}.`);
}

export function listCustomModels(context: EmulatorContext, request: OperationRequest): OperationResponse {
  const query = request.query;
  const checks = new Constraints();
  const filters = readListFilters(checks, query);
  const modelStatus = checks.string('modelStatus', query.get('modelStatus'), {
    values: ['Creating', 'Active', 'Failed'],
  });
  checks.check();
  const baseModelArn = query.get('baseModelArnEquals');
  const foundationModelArnEquals = query.get('foundationModelArnEquals');
  const summaries = [
    ...context.state.customModels.map((model) => ({
      modelArn: model.modelArn,
      modelName: model.modelName,
      region: model.region,
      creationTime: model.creationTime,
      baseModelArn: model.baseModelArn,
      baseModelId: model.baseModelId,
      customizationType: model.customizationType,
      modelStatus: 'Active',
    })),
    ...pendingModels(context).map(({ job, modelArn }) => ({
      modelArn,
      modelName: job.customModelName,
      region: job.region,
      creationTime: job.creationTime,
      baseModelArn: job.baseModelArn,
      baseModelId: job.baseModelId,
      customizationType: job.customizationType,
      modelStatus: 'Creating',
    })),
  ];
  const page = selectPage(summaries, request.region, filters, {
    name: (model) => model.modelName,
    matches: (model) =>
      (baseModelArn === null || model.baseModelArn === baseModelArn) &&
      (foundationModelArnEquals === null || model.baseModelArn === foundationModelArnEquals) &&
      (modelStatus === undefined || modelStatus === model.modelStatus),
  });
  return {
    status: 200,
    body: compact({
      nextToken: page.nextToken,
      modelSummaries: page.items.map((model) => ({
        modelArn: model.modelArn,
        modelName: model.modelName,
        creationTime: iso(model.creationTime),
        baseModelArn: model.baseModelArn,
        baseModelName: context.models.find(model.baseModelId)?.modelName ?? model.baseModelId,
        customizationType: model.customizationType,
        ownerAccountId: context.accountId,
        modelStatus: model.modelStatus,
      })),
    }),
  };
}

export async function deleteCustomModel(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const identifier = request.params[0] ?? '';
  const model = findCustomModel(context, request.region, identifier);
  if (!model) throw notFound(`Could not find custom model ${identifier}.`);
  if (context.state.provisioned.some((throughput) => throughput.modelArn === model.modelArn)) {
    throw conflict(
      `The custom model ${model.modelName} is in use by a Provisioned Throughput; delete that first.`,
    );
  }
  if (context.state.deployments.some((deployment) => deployment.modelArn === model.modelArn)) {
    throw conflict(
      `The custom model ${model.modelName} is in use by a custom model deployment; delete that first.`,
    );
  }
  context.state.customModels = context.state.customModels.filter((candidate) => candidate !== model);
  context.answerers.delete(model.modelId);
  await context.state.save();
  return { status: 200, body: {} };
}

// ---------------------------------------------------------------------------------------------
// Provisioned Throughput

const PROVISIONED_NAME_PATTERN = '([0-9a-zA-Z][_-]?)+';
const PROVISIONED_STATUSES = ['Creating', 'InService', 'Updating', 'Failed'] as const;
const COMMITMENT_MONTHS: Record<string, number> = { OneMonth: 1, SixMonths: 6 };

export type ProvisionedStatus = 'Creating' | 'InService';

export function provisionedStatus(throughput: ProvisionedRecord, now: number): ProvisionedStatus {
  return now >= throughput.readyAt ? 'InService' : 'Creating';
}

export function findProvisioned(
  context: EmulatorContext,
  region: string,
  identifier: string,
): ProvisionedRecord | undefined {
  return context.state.provisioned.find(
    (throughput) =>
      throughput.arn === identifier || (throughput.region === region && throughput.name === identifier),
  );
}

function commitmentExpiration(throughput: ProvisionedRecord): number | undefined {
  const months = throughput.commitmentDuration ? COMMITMENT_MONTHS[throughput.commitmentDuration] : undefined;
  if (months === undefined) return undefined;
  const expiry = new Date(throughput.creationTime);
  expiry.setUTCMonth(expiry.getUTCMonth() + months);
  return expiry.getTime();
}

function describeProvisioned(context: EmulatorContext, throughput: ProvisionedRecord): JsonObject {
  const now = context.now();
  const status = provisionedStatus(throughput, now);
  const expiration = commitmentExpiration(throughput);
  return compact({
    modelUnits: throughput.modelUnits,
    desiredModelUnits: throughput.modelUnits,
    provisionedModelName: throughput.name,
    provisionedModelArn: throughput.arn,
    modelArn: throughput.modelArn,
    desiredModelArn: throughput.modelArn,
    foundationModelArn: throughput.foundationModelArn,
    status,
    creationTime: iso(throughput.creationTime),
    lastModifiedTime: iso(status === 'InService' ? throughput.readyAt : throughput.creationTime),
    commitmentDuration: throughput.commitmentDuration,
    commitmentExpirationTime: expiration === undefined ? undefined : iso(expiration),
  });
}

export async function createProvisionedModelThroughput(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const body = parseJsonBody(request.body);
  const checks = new Constraints();
  const modelUnits = checks.integer('modelUnits', body.modelUnits, { required: true, min: 1 });
  const name = checks.string('provisionedModelName', body.provisionedModelName, {
    required: true,
    min: 1,
    max: 63,
    pattern: PROVISIONED_NAME_PATTERN,
  });
  const modelId = checks.string('modelId', body.modelId, { required: true, min: 1, max: 2048 });
  const clientRequestToken = checks.string('clientRequestToken', body.clientRequestToken, {
    min: 1,
    max: 256,
    pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9])*',
  });
  const commitmentDuration = checks.string('commitmentDuration', body.commitmentDuration, {
    values: ['OneMonth', 'SixMonths'],
  });
  checks.check();
  if (modelUnits === undefined || !name || !modelId)
    throw validation('The request is missing required members.');

  if (clientRequestToken !== undefined) {
    const earlier = context.state.provisioned.find(
      (throughput) =>
        throughput.region === request.region && throughput.clientRequestToken === clientRequestToken,
    );
    if (earlier) return { status: 201, body: { provisionedModelArn: earlier.arn } };
  }

  const custom = findCustomModel(context, request.region, modelId);
  let modelArn: string;
  let baseArn: string;
  if (custom) {
    // A custom model lives as long as the base model version it was customized from (lifecycle page).
    if (context.models.find(custom.baseModelId)?.lifecycle === 'END_OF_LIFE') throw endOfLife();
    modelArn = custom.modelArn;
    baseArn = custom.baseModelArn;
  } else {
    const foundation = context.models.resolve(modelId);
    if (!foundation) {
      if (modelId.includes(':custom-model/')) throw notFound(`Could not find custom model ${modelId}.`);
      throw validation('The provided model identifier is invalid.');
    }
    if (foundation.lifecycle === 'END_OF_LIFE') throw endOfLife();
    if (!inferenceTypesIn(foundation, request.region).includes('PROVISIONED')) {
      throw validation(`The model ${foundation.modelId} does not support Provisioned Throughput.`);
    }
    modelArn = foundationModelArn(request.region, foundation.modelId);
    baseArn = modelArn;
  }
  // The workshop's text: one model unit per no-commitment Provisioned Throughput
  // (docs/bedrock-emulator-world.md, "Provisioned Throughput").
  if (commitmentDuration === undefined && modelUnits > 1) {
    throw new BedrockEmulatorError(
      'ServiceQuotaExceededException',
      `A Provisioned Throughput without commitment can have at most 1 model unit; ${modelUnits} were requested.`,
    );
  }
  const regional = context.state.provisioned.filter((throughput) => throughput.region === request.region);
  if (regional.some((throughput) => throughput.name === name)) {
    throw conflict(`A Provisioned Throughput with the name ${name} already exists.`);
  }
  // The workshop's quota: up to two no-commitment Provisioned Throughputs per
  // account; committed ones are bought against model units requested from AWS support instead.
  const limit = context.quotas.maxNoCommitmentProvisionedThroughputs;
  const noCommitment = regional.filter((throughput) => throughput.commitmentDuration === undefined);
  if (commitmentDuration === undefined && noCommitment.length >= limit) {
    throw new BedrockEmulatorError(
      'ServiceQuotaExceededException',
      `You have reached the maximum number of Provisioned Throughputs without commitment (${limit}) for this account. Delete one, or request a quota increase.`,
    );
  }
  const now = context.now();
  const id = resourceId(context.random);
  const throughput: ProvisionedRecord = {
    id,
    arn: `arn:aws:bedrock:${request.region}:${context.accountId}:provisioned-model/${id}`,
    name,
    region: request.region,
    modelArn,
    foundationModelArn: baseArn,
    modelUnits,
    ...(commitmentDuration !== undefined ? { commitmentDuration } : {}),
    creationTime: now,
    readyAt: now + context.durations.provisioningMs,
    ...(clientRequestToken !== undefined ? { clientRequestToken } : {}),
  };
  context.state.provisioned.push(throughput);
  await context.state.save();
  return { status: 201, body: { provisionedModelArn: throughput.arn } };
}

export function getProvisionedModelThroughput(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const identifier = request.params[0] ?? '';
  const throughput = findProvisioned(context, request.region, identifier);
  if (!throughput) throw notFound(`Could not find Provisioned Throughput ${identifier}.`);
  return { status: 200, body: describeProvisioned(context, throughput) };
}

export function listProvisionedModelThroughputs(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const query = request.query;
  const checks = new Constraints();
  const filters = readListFilters(checks, query, PROVISIONED_STATUSES);
  checks.check();
  const modelArnEquals = query.get('modelArnEquals');
  const now = context.now();
  const page = selectPage(context.state.provisioned, request.region, filters, {
    name: (throughput) => throughput.name,
    status: (throughput) => provisionedStatus(throughput, now),
    matches: (throughput) => modelArnEquals === null || throughput.modelArn === modelArnEquals,
  });
  return {
    status: 200,
    body: compact({
      nextToken: page.nextToken,
      provisionedModelSummaries: page.items.map((throughput) => describeProvisioned(context, throughput)),
    }),
  };
}

export async function deleteProvisionedModelThroughput(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const identifier = request.params[0] ?? '';
  const throughput = findProvisioned(context, request.region, identifier);
  if (!throughput) throw notFound(`Could not find Provisioned Throughput ${identifier}.`);
  const expiration = commitmentExpiration(throughput);
  if (expiration !== undefined && context.now() < expiration) {
    throw validation(
      `The Provisioned Throughput ${throughput.name} has a ${throughput.commitmentDuration} commitment and cannot be deleted before ${iso(expiration)}.`,
    );
  }
  context.state.provisioned = context.state.provisioned.filter((candidate) => candidate !== throughput);
  await context.state.save();
  return { status: 200, body: {} };
}
