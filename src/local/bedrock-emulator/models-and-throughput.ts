/**
 * Foundation models (List, Get), custom models (Get, List, Delete) and Provisioned Throughput
 * (Create, Get, List, Delete). A Provisioned Throughput is `Creating` until `provisioningMs` after
 * its creation and `InService` after, computed from the clock on every read.
 */
import type { EmulatorContext, OperationRequest, OperationResponse } from './context.js';
import { BedrockEmulatorError, conflict, notFound, validation } from './errors.js';
import { readListFilters, selectPage } from './list-query.js';
import {
  customizationsIn,
  FOUNDATION_MODELS,
  type FoundationModelRow,
  foundationModelArn,
  resolveFoundationModel,
} from './model-table.js';
import { resourceId } from './random.js';
import { Constraints, compact, iso, type JsonObject, parseJsonBody } from './request-checks.js';
import type { CustomModelRecord, ProvisionedRecord } from './state.js';

// ---------------------------------------------------------------------------------------------
// Foundation models

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
    inferenceTypesSupported: model.inferenceTypesSupported,
    modelLifecycle: { status: model.lifecycle },
  };
}

export function listFoundationModels(
  _context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
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
  const models = FOUNDATION_MODELS.filter(
    (model) => provider === undefined || model.providerName.toLowerCase() === provider.toLowerCase(),
  )
    .filter(
      (model) =>
        customization === undefined ||
        customizationsIn(model, request.region).some((kind) => kind === customization),
    )
    .filter((model) => modality === undefined || model.outputModalities.some((output) => output === modality))
    .filter(
      (model) => inference === undefined || model.inferenceTypesSupported.some((type) => type === inference),
    );
  return {
    status: 200,
    body: { modelSummaries: models.map((model) => summarizeFoundationModel(model, request.region)) },
  };
}

export function getFoundationModel(_context: EmulatorContext, request: OperationRequest): OperationResponse {
  const model = resolveFoundationModel(request.params[0] ?? '');
  if (!model) throw notFound(`The foundation model ${request.params[0] ?? ''} was not found.`);
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
  if (!model) throw notFound(`Could not find custom model ${identifier}.`);
  return { status: 200, body: describeCustomModel(model) };
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
  const page = selectPage(context.state.customModels, request.region, filters, {
    name: (model) => model.modelName,
    matches: (model) =>
      (baseModelArn === null || model.baseModelArn === baseModelArn) &&
      (foundationModelArnEquals === null || model.baseModelArn === foundationModelArnEquals) &&
      // Custom models here are Active from the moment they exist.
      (modelStatus === undefined || modelStatus === 'Active'),
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
        baseModelName: resolveFoundationModel(model.baseModelId)?.modelName ?? model.baseModelId,
        customizationType: model.customizationType,
        ownerAccountId: context.accountId,
        modelStatus: 'Active',
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
    modelArn = custom.modelArn;
    baseArn = custom.baseModelArn;
  } else {
    const foundation = resolveFoundationModel(modelId);
    if (!foundation) {
      if (modelId.includes(':custom-model/')) throw notFound(`Could not find custom model ${modelId}.`);
      throw validation('The provided model identifier is invalid.');
    }
    if (!foundation.inferenceTypesSupported.includes('PROVISIONED')) {
      throw validation(`The model ${foundation.modelId} does not support Provisioned Throughput.`);
    }
    modelArn = foundationModelArn(request.region, foundation.modelId);
    baseArn = modelArn;
  }
  // Workshop text (bedrock.md §3): one model unit per no-commitment Provisioned Throughput.
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
  if (regional.length >= context.quotas.maxProvisionedThroughputs) {
    throw new BedrockEmulatorError(
      'ServiceQuotaExceededException',
      `You have reached the maximum number of Provisioned Throughputs (${context.quotas.maxProvisionedThroughputs}) for this account. Delete one, or request a quota increase.`,
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
