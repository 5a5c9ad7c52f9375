/**
 * On-demand custom model deployments (Create, Get, List, Delete CustomModelDeployment): a custom
 * model served per token, without Provisioned Throughput. A deployment is `Creating` until
 * `deploymentMs` after its creation and `Active` after, computed from the clock on every read.
 *
 * Bedrock refuses a deployment when the custom model is not Active, when its base model has no
 * on-demand deployment in the region, or when the model was customized before 2025-07-16
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/deploy-custom-model-on-demand.html). The
 * documentation states these rules but not the messages; the messages below are modelled on
 * Bedrock's style (docs/bedrock-emulator-world.md).
 */
import type { EmulatorContext, OperationRequest, OperationResponse } from './context.js';
import { readTags } from './customization-jobs.js';
import { conflict, endOfLife, notFound, validation } from './errors.js';
import { readListFilters, selectPage } from './list-query.js';
import { findCustomModel, findPendingModel } from './models-and-throughput.js';
import { resourceId } from './random.js';
import { Constraints, compact, iso, type JsonObject, parseJsonBody } from './request-checks.js';
import type { DeploymentRecord } from './state.js';

// Patterns from the API reference (CreateCustomModelDeployment).
const DEPLOYMENT_NAME_PATTERN = '([0-9a-zA-Z][_-]?){1,63}';
const TOKEN_PATTERN = '[a-zA-Z0-9](-*[a-zA-Z0-9])*';
const DEPLOYMENT_STATUSES = ['Creating', 'Active', 'Failed'] as const;
/** Custom models made before this day cannot be deployed on demand (deploy-custom-model-on-demand.html). */
export const ON_DEMAND_CUSTOMIZED_FROM = Date.UTC(2025, 6, 16);

export type DeploymentStatus = 'Creating' | 'Active';

export function deploymentStatus(deployment: DeploymentRecord, now: number): DeploymentStatus {
  return now >= deployment.readyAt ? 'Active' : 'Creating';
}

/** A deployment by ARN, or by name in the caller's region. */
export function findDeployment(
  context: EmulatorContext,
  region: string,
  identifier: string,
): DeploymentRecord | undefined {
  return context.state.deployments.find(
    (deployment) =>
      deployment.arn === identifier || (deployment.region === region && deployment.name === identifier),
  );
}

export async function createCustomModelDeployment(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const body = parseJsonBody(request.body);
  const checks = new Constraints();
  const name = checks.string('modelDeploymentName', body.modelDeploymentName, {
    required: true,
    min: 1,
    max: 63,
    pattern: DEPLOYMENT_NAME_PATTERN,
  });
  const modelArn = checks.string('modelArn', body.modelArn, { required: true, min: 20, max: 1011 });
  const description = checks.string('description', body.description, { min: 1, max: 200 });
  const clientRequestToken = checks.string('clientRequestToken', body.clientRequestToken, {
    min: 1,
    max: 256,
    pattern: TOKEN_PATTERN,
  });
  checks.check();
  if (!name || !modelArn) throw validation('The request is missing required members.');

  // A retry with the same token gets the first answer (smithy idempotencyToken semantics).
  if (clientRequestToken !== undefined) {
    const earlier = context.state.deployments.find(
      (deployment) =>
        deployment.region === request.region && deployment.clientRequestToken === clientRequestToken,
    );
    if (earlier) {
      if (earlier.name !== name || earlier.modelArn !== modelArn) {
        throw conflict(
          `The client request token ${clientRequestToken} was already used for custom model deployment ${earlier.name} with different parameters.`,
        );
      }
      return { status: 202, body: { customModelDeploymentArn: earlier.arn } };
    }
  }

  if (
    context.state.deployments.some(
      (deployment) => deployment.region === request.region && deployment.name === name,
    )
  ) {
    throw conflict(`A custom model deployment with the name ${name} already exists.`);
  }
  const model = findCustomModel(context, request.region, modelArn);
  if (!model) {
    if (findPendingModel(context, request.region, modelArn)) {
      throw validation(
        `The custom model ${modelArn} is not in the Active state (its status is Creating). Wait until the model is Active, then try again.`,
      );
    }
    throw notFound(`Could not find custom model ${modelArn}.`);
  }
  const base = context.models.find(model.baseModelId);
  if (base?.lifecycle === 'END_OF_LIFE') throw endOfLife();
  if (!base?.onDemandDeploymentRegions.includes(request.region)) {
    throw validation(
      `On-demand deployment isn't supported for custom models of ${model.baseModelId} in ${request.region}. Use Provisioned Throughput to run inference on this model.`,
    );
  }
  if (model.creationTime < ON_DEMAND_CUSTOMIZED_FROM) {
    throw validation(
      `The custom model ${model.modelName} was customized before July 16, 2025 and can't be deployed for on-demand inference. Customize the model again, or use Provisioned Throughput.`,
    );
  }

  const now = context.now();
  const id = resourceId(context.random);
  const deployment: DeploymentRecord = {
    id,
    arn: `arn:aws:bedrock:${request.region}:${context.accountId}:custom-model-deployment/${id}`,
    name,
    region: request.region,
    modelArn: model.modelArn,
    ...(description !== undefined ? { description } : {}),
    tags: readTags(body.tags),
    creationTime: now,
    readyAt: now + context.durations.deploymentMs,
    ...(clientRequestToken !== undefined ? { clientRequestToken } : {}),
  };
  context.state.deployments.push(deployment);
  await context.state.save();
  return { status: 202, body: { customModelDeploymentArn: deployment.arn } };
}

function lastUpdated(deployment: DeploymentRecord, status: DeploymentStatus): string {
  return iso(status === 'Active' ? deployment.readyAt : deployment.creationTime);
}

export function getCustomModelDeployment(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const identifier = request.params[0] ?? '';
  const deployment = findDeployment(context, request.region, identifier);
  if (!deployment) throw notFound(`Could not find custom model deployment ${identifier}.`);
  const status = deploymentStatus(deployment, context.now());
  return {
    status: 200,
    body: compact({
      customModelDeploymentArn: deployment.arn,
      modelDeploymentName: deployment.name,
      modelArn: deployment.modelArn,
      createdAt: iso(deployment.creationTime),
      status,
      description: deployment.description,
      lastUpdatedAt: lastUpdated(deployment, status),
    }),
  };
}

export function listCustomModelDeployments(
  context: EmulatorContext,
  request: OperationRequest,
): OperationResponse {
  const query = request.query;
  const checks = new Constraints();
  const filters = readListFilters(checks, query, DEPLOYMENT_STATUSES, {
    after: 'createdAfter',
    before: 'createdBefore',
  });
  checks.check();
  const modelArnEquals = query.get('modelArnEquals');
  const now = context.now();
  const page = selectPage(context.state.deployments, request.region, filters, {
    name: (deployment) => deployment.name,
    status: (deployment) => deploymentStatus(deployment, now),
    matches: (deployment) => modelArnEquals === null || deployment.modelArn === modelArnEquals,
  });
  return {
    status: 200,
    body: compact({
      nextToken: page.nextToken,
      modelDeploymentSummaries: page.items.map((deployment): JsonObject => {
        const status = deploymentStatus(deployment, now);
        return {
          customModelDeploymentArn: deployment.arn,
          customModelDeploymentName: deployment.name,
          modelArn: deployment.modelArn,
          createdAt: iso(deployment.creationTime),
          status,
          lastUpdatedAt: lastUpdated(deployment, status),
        };
      }),
    }),
  };
}

export async function deleteCustomModelDeployment(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const identifier = request.params[0] ?? '';
  const deployment = findDeployment(context, request.region, identifier);
  if (!deployment) throw notFound(`Could not find custom model deployment ${identifier}.`);
  context.state.deployments = context.state.deployments.filter((candidate) => candidate !== deployment);
  await context.state.save();
  return { status: 200, body: {} };
}
