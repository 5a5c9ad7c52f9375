/**
 * Deploying and deleting endpoints, safely under retries and crashes, in the order that makes
 * each step repeatable (as starting a job does, src/core/jobs/start.ts):
 * 1. the endpoint is written as Requested first (conditional create: a second run finds it);
 * 2. a conditional write just before calling Bedrock, so an endpoint the watch gave up on (or
 *    someone deleted meanwhile) is not created;
 * 3. Bedrock is called with a token derived from the endpoint's id, so a retry returns the same
 *    deployment or Provisioned Throughput instead of buying a second one;
 * 4. the endpoint moves to Creating with its ARN. If the process dies between 3 and 4, the watch
 *    finds it by its (unique) name and adopts it.
 * Deleting is a status of its own: an endpoint is Deleting from the moment tune decides to delete
 * it until Bedrock's delete is seen to succeed (or Bedrock no longer has it), and every watch run
 * retries the delete meanwhile.
 */
import { createHash } from 'node:crypto';
import { ConflictError, isTuneError, JobStateConflictError, NotFoundError } from '../errors.js';
import { announceInOrder } from '../jobs/announce.js';
import type {
  Clock,
  Customizer,
  CustomModelRecord,
  CustomModelStore,
  EndpointStore,
  IdempotencyStore,
  Logger,
  ServingPath,
} from '../ports.js';
import {
  bedrockNameFor,
  type DeleteReason,
  ENDPOINT_STATUS,
  type Endpoint,
  type EndpointPurpose,
  type EndpointTransition,
  endpointTouched,
  endpointTransitioned,
  owedEndpointTransitions,
} from './endpoint.js';

/** What the cost guard is set to (src/config.ts reads them). */
export interface ServingSettings {
  /** The region tune runs in: which serving paths exist depends on it. */
  region: string;
  /** An hourly endpoint is deleted this long after its last question (`TUNE_IDLE_TTL_MINUTES`). */
  idleTtlMinutes: number;
  /** An hourly endpoint runs at most this many hours per UTC day (`TUNE_MAX_ENDPOINT_HOURS_PER_DAY`). */
  maxEndpointHoursPerDay: number;
}

export interface ServingDependencies {
  endpoints: EndpointStore;
  models: CustomModelStore;
  customizer: Customizer;
  idempotency: IdempotencyStore;
  clock: Clock;
  logger: Logger;
  settings: ServingSettings;
  /** Tells the model's thread about one change of an endpoint (Slack in production). */
  announceEndpoint(endpoint: Endpoint, transition: EndpointTransition): Promise<void>;
  /**
   * Called once an evaluation's endpoint serves (the evaluation queues its work from here). It may
   * be called again for the same endpoint after a failure, so what it queues is keyed by the
   * evaluation id.
   */
  onEvaluationEndpointReady?(evaluationId: string, endpoint: Endpoint): Promise<void>;
}

/** The model units a Provisioned Throughput without commitment gets: one (DESIGN.md, the workshop's quota). */
export const PROVISIONED_MODEL_UNITS = 1;

/** The token Bedrock deduplicates the create call on: the same endpoint id, the same token. */
export function endpointRequestToken(endpointId: string): string {
  return createHash('sha256').update(`tune-endpoint:${endpointId}`).digest('hex').slice(0, 64);
}

export interface NewEndpoint {
  endpointId: string;
  model: CustomModelRecord;
  path: ServingPath;
  purpose: EndpointPurpose;
  evaluationId?: string;
  place: { teamId: string; channelId: string; userId: string; threadTs?: string };
  confirmedBy?: string;
  hourlyUsd?: number | null;
  priceSource?: string;
}

/** Announces the endpoint's owed changes once each, in order (see src/core/jobs/announce.ts). */
export async function announceEndpointOwed(
  endpoint: Endpoint,
  dependencies: ServingDependencies,
): Promise<number> {
  return announceInOrder<Endpoint, EndpointTransition>({
    record: endpoint,
    key: (transition) => `announce-endpoint:${endpoint.endpointId}:${transition.version}`,
    owed: owedEndpointTransitions,
    announce: async (current, transition) => {
      if (
        transition.to === ENDPOINT_STATUS.Serving &&
        current.purpose === 'evaluation' &&
        current.evaluationId &&
        dependencies.onEvaluationEndpointReady
      ) {
        await dependencies.onEvaluationEndpointReady(current.evaluationId, current);
      }
      await dependencies.announceEndpoint(current, transition);
    },
    markAnnounced: (current, version) => dependencies.endpoints.markAnnounced(current, version),
    idempotency: dependencies.idempotency,
    logger: dependencies.logger,
    details: { endpointId: endpoint.endpointId },
  });
}

/**
 * Creates the endpoint in Bedrock (or finds the one a previous attempt created) and records it.
 * A refusal Bedrock put in words fails the endpoint with what to do; an outage is thrown as
 * retryable so the queue runs this again, safely (same id, same token).
 */
export async function createEndpoint(
  request: NewEndpoint,
  dependencies: ServingDependencies,
): Promise<Endpoint> {
  const { endpoints, clock } = dependencies;
  let endpoint = await endpoints.get(request.endpointId);
  if (!endpoint) {
    endpoint = newEndpoint(request, clock.now());
    try {
      await endpoints.create(endpoint);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      endpoint = await endpoints.get(request.endpointId);
      if (!endpoint) throw error;
    }
  }
  if (endpoint.status !== ENDPOINT_STATUS.Requested) return endpoint;

  endpoint = await endpoints.transition(endpointTouched(endpoint, clock.now()), ENDPOINT_STATUS.Requested);
  let arn: string;
  try {
    arn = await createInBedrock(endpoint, dependencies.customizer);
  } catch (error) {
    if (!isTuneError(error) || error.retryable) throw error;
    const failed = endpointTransitioned(endpoint, ENDPOINT_STATUS.Failed, clock.now(), {
      failureMessage: `Bedrock refused to create it: ${explainServingRefusal(error, endpoint.path)}`,
    });
    try {
      await endpoints.transition(failed, ENDPOINT_STATUS.Requested);
    } catch (conflict) {
      if (conflict instanceof JobStateConflictError)
        return (await endpoints.get(endpoint.endpointId)) ?? failed;
      throw conflict;
    }
    await announceEndpointOwed(failed, dependencies);
    return failed;
  }
  const accepted = await recordAccepted(endpoint, arn, dependencies);
  await announceEndpointOwed(accepted, dependencies);
  return accepted;
}

function newEndpoint(request: NewEndpoint, now: Date): Endpoint {
  const at = now.toISOString();
  return {
    endpointId: request.endpointId,
    status: ENDPOINT_STATUS.Requested,
    modelId: request.model.modelId,
    modelName: request.model.name,
    modelArn: request.model.modelArn,
    baseModelId: request.model.baseModelId,
    path: request.path,
    purpose: request.purpose,
    ...(request.evaluationId ? { evaluationId: request.evaluationId } : {}),
    bedrockName: bedrockNameFor(request.endpointId),
    clientRequestToken: endpointRequestToken(request.endpointId),
    place: request.place,
    ...(request.confirmedBy ? { confirmedBy: request.confirmedBy } : {}),
    ...(request.path === 'provisioned' ? { hourlyUsd: request.hourlyUsd ?? null } : {}),
    ...(request.priceSource ? { priceSource: request.priceSource } : {}),
    modelUnits: request.path === 'provisioned' ? PROVISIONED_MODEL_UNITS : 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
    transitions: [],
    announcedVersion: 1,
  };
}

async function createInBedrock(endpoint: Endpoint, customizer: Customizer): Promise<string> {
  const tags = {
    'tune:team': endpoint.place.teamId,
    'tune:channel': endpoint.place.channelId,
    // Who spent the money: the person who confirmed.
    'tune:user': endpoint.confirmedBy ?? endpoint.place.userId,
    'tune:endpoint': endpoint.endpointId,
    'tune:purpose': endpoint.purpose,
  };
  if (endpoint.path === 'provisioned') {
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: endpoint.bedrockName,
      modelId: endpoint.modelArn,
      modelUnits: endpoint.modelUnits,
      clientRequestToken: endpoint.clientRequestToken,
      tags,
    });
    return provisionedModelArn;
  }
  const { deploymentArn } = await customizer.createCustomModelDeployment({
    deploymentName: endpoint.bedrockName,
    modelArn: endpoint.modelArn,
    clientRequestToken: endpoint.clientRequestToken,
    tags,
    description: `tune: ${endpoint.modelName} (${endpoint.purpose})`,
  });
  return deploymentArn;
}

/**
 * Records that Bedrock accepted it. The watch may have been first (it adopted the endpoint by name,
 * which is as good), or gave up on it while this call was slow: Bedrock has it now, so the record
 * is corrected and it is followed again.
 */
async function recordAccepted(
  endpoint: Endpoint,
  arn: string,
  dependencies: ServingDependencies,
): Promise<Endpoint> {
  const { endpoints, clock } = dependencies;
  const creating = (from: Endpoint) =>
    endpointTransitioned(from, ENDPOINT_STATUS.Creating, clock.now(), {
      arn,
      acceptedAt: clock.now().toISOString(),
      bedrockStatus: 'Creating',
    });
  try {
    return await endpoints.transition(creating(endpoint), ENDPOINT_STATUS.Requested);
  } catch (error) {
    if (!(error instanceof JobStateConflictError)) throw error;
  }
  const stored = await endpoints.get(endpoint.endpointId);
  if (!stored) throw new NotFoundError(`No endpoint ${endpoint.endpointId}.`);
  if (stored.status !== ENDPOINT_STATUS.Failed || stored.arn) return stored;
  try {
    return await endpoints.transition(creating(stored), ENDPOINT_STATUS.Failed);
  } catch (error) {
    if (error instanceof JobStateConflictError) return (await endpoints.get(endpoint.endpointId)) ?? stored;
    throw error;
  }
}

/**
 * Marks the endpoint for deletion (it becomes Deleting, and stays so until Bedrock's delete is
 * seen to succeed). Returns it as Deleting, or undefined when it is already gone or failed.
 * Deleting twice is not an error: the first decision and its reason stand.
 */
export async function requestDeletion(
  endpointId: string,
  reason: DeleteReason,
  by: string | undefined,
  dependencies: Pick<ServingDependencies, 'endpoints' | 'clock'>,
): Promise<Endpoint | undefined> {
  const { endpoints, clock } = dependencies;
  for (let attempt = 0; attempt < 5; attempt++) {
    const endpoint = await endpoints.get(endpointId);
    if (!endpoint) throw new NotFoundError(`No endpoint ${endpointId}.`);
    if (endpoint.status === ENDPOINT_STATUS.Deleting) return endpoint;
    if (endpoint.status === ENDPOINT_STATUS.Deleted || endpoint.status === ENDPOINT_STATUS.Failed)
      return undefined;
    const deleting = endpointTransitioned(endpoint, ENDPOINT_STATUS.Deleting, clock.now(), {
      deletion: {
        reason,
        requestedAt: clock.now().toISOString(),
        ...(by ? { by } : {}),
        attempts: 0,
      },
    });
    try {
      return await endpoints.transition(deleting, endpoint.status);
    } catch (error) {
      // A watch run or a Keep press wrote meanwhile: read it again and decide on what is stored.
      if (!(error instanceof JobStateConflictError)) throw error;
    }
  }
  throw new JobStateConflictError(`Endpoint ${endpointId} kept changing while being marked for deletion.`);
}

/**
 * One attempt at deleting a Deleting endpoint in Bedrock. Success, or Bedrock no longer having it
 * (a retried delete), makes it Deleted. Any failure is recorded on the endpoint (attempts, the
 * error) and left for the next watch run: the endpoint stays Deleting, in the watch's index, until
 * a delete succeeds. Returns the endpoint as stored afterwards.
 */
export async function attemptDeletion(
  endpoint: Endpoint,
  dependencies: Pick<ServingDependencies, 'endpoints' | 'customizer' | 'clock' | 'logger'>,
): Promise<Endpoint> {
  const { endpoints, clock, logger } = dependencies;
  if (endpoint.status !== ENDPOINT_STATUS.Deleting) return endpoint;
  const identifier = endpoint.arn ?? endpoint.bedrockName;
  try {
    if (endpoint.path === 'provisioned')
      await dependencies.customizer.deleteProvisionedThroughput(identifier);
    else await dependencies.customizer.deleteCustomModelDeployment(identifier);
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      const message = isTuneError(error) ? error.message : String(error);
      logger.warn('could not delete an endpoint; the next watch run tries again', {
        endpointId: endpoint.endpointId,
        error: message,
      });
      const deletion = endpoint.deletion ?? {
        reason: 'requested' as const,
        requestedAt: clock.now().toISOString(),
        attempts: 0,
      };
      try {
        return await endpoints.transition(
          endpointTouched(endpoint, clock.now(), {
            deletion: { ...deletion, attempts: deletion.attempts + 1, lastError: message },
          }),
          ENDPOINT_STATUS.Deleting,
        );
      } catch (conflict) {
        if (conflict instanceof JobStateConflictError)
          return (await endpoints.get(endpoint.endpointId)) ?? endpoint;
        throw conflict;
      }
    }
  }
  const deleted = endpointTransitioned(endpoint, ENDPOINT_STATUS.Deleted, clock.now(), {
    deletedAt: clock.now().toISOString(),
  });
  try {
    return await endpoints.transition(deleted, ENDPOINT_STATUS.Deleting);
  } catch (error) {
    // Another run recorded the deletion first.
    if (error instanceof JobStateConflictError) return (await endpoints.get(endpoint.endpointId)) ?? deleted;
    throw error;
  }
}

/** Marks for deletion, tries the delete now, and announces what happened. */
export async function deleteEndpoint(
  endpointId: string,
  reason: DeleteReason,
  by: string | undefined,
  dependencies: ServingDependencies,
): Promise<Endpoint | undefined> {
  const deleting = await requestDeletion(endpointId, reason, by, dependencies);
  if (!deleting) return undefined;
  const after = await attemptDeletion(deleting, dependencies);
  await announceEndpointOwed(after, dependencies);
  return after;
}

/** Why Bedrock refused to create an endpoint, and what to do, for the model's thread. */
export function explainServingRefusal(error: unknown, path: ServingPath): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!isTuneError(error)) return message;
  switch (error.code) {
    case 'quota_exceeded':
      return path === 'provisioned'
        ? `${message}\nThe account has no Provisioned Throughput model units left: delete one it does not need (\`/tune models\` lists them) or ask AWS support for more, then deploy again.`
        : `${message}\nThe account reached its quota of on-demand deployments: undeploy one (\`/tune models\`) and deploy again.`;
    case 'access_denied':
      return `${message}\nCheck that model access is granted in the Bedrock console for this region and that tune's worker role may create ${path === 'provisioned' ? 'Provisioned Throughput' : 'custom model deployments'}.`;
    case 'not_found':
      return `${message}\nBedrock no longer has the custom model (deleted?), or its base model reached its end of life.`;
    default:
      return message;
  }
}
