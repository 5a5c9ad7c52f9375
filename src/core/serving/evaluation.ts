/**
 * Temporary endpoints for evaluations: an evaluation that needs its tuned model served acquires
 * one, keyed by the evaluation id, and releases it when done. The cost guard deletes it anyway
 * `idleTtlMinutes` after it began serving or was last acquired (on-demand ones too), so a crashed
 * evaluation leaves nothing running. When it starts serving, the watch calls
 * `ServingDependencies.onEvaluationEndpointReady(evaluationId, endpoint)`.
 */
import { InputError, JobStateConflictError, NotFoundError } from '../errors.js';
import { shortId } from '../jobs/naming.js';
import type { EvaluationServing, EvaluationTarget, ServingTarget } from '../ports.js';
import { announceEndpointOwed, createEndpoint, deleteEndpoint, type ServingDependencies } from './deploy.js';
import { servingTargetOf } from './directory.js';
import { ENDPOINT_STATUS, type Endpoint, endpointTouched } from './endpoint.js';
import { servingOffer } from './paths.js';
import { liveChatEndpoint } from './propose.js';
import { followBedrock } from './watch.js';

export type EvaluationEndpointState =
  /** Serving now: ask `target.invokeId`. `borrowed` when it is the model's own chat endpoint (not released). */
  | { state: 'serving'; target: ServingTarget; borrowed: boolean }
  /** Being created: `onEvaluationEndpointReady` is called once it serves. */
  | { state: 'creating'; endpointId: string }
  /** It failed, or was deleted (released, or past the guard's deadline): Bedrock's reason or tune's. */
  | { state: 'failed'; endpointId: string; reason: string };

export interface EvaluationEndpointRequest {
  evaluationId: string;
  /** The custom model record's id (the job id). */
  modelId: string;
  /** Who the evaluation runs for; tagged on the endpoint as the one who spent. */
  requestedBy: string;
  /**
   * Provisioned Throughput bills by the hour: only with this set (after a person confirmed it) is
   * one created for a model that cannot be deployed on demand. Default false.
   */
  allowProvisioned?: boolean;
}

/** The endpoint id of an evaluation: one per evaluation, whoever asks. */
export function evaluationEndpointId(evaluationId: string): string {
  return shortId(`evaluation-endpoint:${evaluationId}`, 12);
}

/**
 * An endpoint serving the model for this evaluation. Idempotent: asking again returns the same
 * endpoint, and pushes the guard's deadline to `idleTtlMinutes` from now (an evaluation that is
 * still working asks again when it resumes). When the model's chat endpoint serves already, that
 * one is lent instead of creating another.
 */
export async function acquireEvaluationEndpoint(
  request: EvaluationEndpointRequest,
  dependencies: ServingDependencies,
): Promise<EvaluationEndpointState> {
  const endpointId = evaluationEndpointId(request.evaluationId);
  const existing = await dependencies.endpoints.get(endpointId);
  if (existing) {
    // Asked again while it is being made: Bedrock is looked at now, so that an evaluation waiting
    // for it does not wait for the watch's next run as well.
    let current = existing;
    if (current.status === ENDPOINT_STATUS.Creating) {
      current = await followBedrock(current, dependencies);
      if (current.status !== existing.status) await announceEndpointOwed(current, dependencies);
    }
    return describe(await keepFor(current, dependencies));
  }

  const model = await dependencies.models.get(request.modelId);
  if (!model || model.deletedAt) throw new NotFoundError(`No custom model ${request.modelId} to evaluate.`);
  const chat = await liveChatEndpoint(dependencies.endpoints, model.modelId);
  if (chat?.status === 'Serving' && chat.arn) {
    return { state: 'serving', target: servingTargetOf(chat), borrowed: true };
  }
  const offer = servingOffer(model.baseModelId, dependencies.settings.region, new Date(model.createdAt));
  const path = offer.onDemand.available
    ? 'on-demand'
    : offer.provisioned.available && request.allowProvisioned
      ? 'provisioned'
      : undefined;
  if (!path) {
    throw new InputError(
      offer.provisioned.available
        ? `${model.name} can only be served by Provisioned Throughput, which bills by the hour: confirm that before evaluating it.`
        : `${model.name} cannot be served in ${dependencies.settings.region}, so it cannot be evaluated here.`,
      { field: 'model' },
    );
  }
  const price = offer.provisioned.hourlyPerModelUnit;
  const created = await createEndpoint(
    {
      endpointId,
      model,
      path,
      purpose: 'evaluation',
      evaluationId: request.evaluationId,
      place: {
        teamId: model.teamId,
        channelId: model.channelId,
        userId: request.requestedBy,
        ...(model.threadTs ? { threadTs: model.threadTs } : {}),
      },
      confirmedBy: request.requestedBy,
      ...(path === 'provisioned'
        ? price === 'unknown'
          ? { hourlyUsd: null }
          : { hourlyUsd: price.usd, priceSource: `${price.source} (${price.asOf})` }
        : {}),
    },
    dependencies,
  );
  return describe(await keepFor(created, dependencies));
}

/** Deletes the evaluation's endpoint (if it made one); a second release does nothing. */
export async function releaseEvaluationEndpoint(
  evaluationId: string,
  dependencies: ServingDependencies,
): Promise<void> {
  const endpointId = evaluationEndpointId(evaluationId);
  if (!(await dependencies.endpoints.get(endpointId))) return;
  await deleteEndpoint(endpointId, 'evaluation-released', undefined, dependencies);
}

async function keepFor(endpoint: Endpoint, dependencies: ServingDependencies): Promise<Endpoint> {
  if (endpoint.status !== 'Creating' && endpoint.status !== 'Serving' && endpoint.status !== 'Requested') {
    return endpoint;
  }
  const now = dependencies.clock.now();
  const keepUntil = new Date(now.getTime() + dependencies.settings.idleTtlMinutes * 60_000).toISOString();
  try {
    return await dependencies.endpoints.transition(
      endpointTouched(endpoint, now, { keepUntil }),
      endpoint.status,
    );
  } catch (error) {
    // The watch moved it meanwhile; what it decided stands, and the caller sees it.
    if (error instanceof JobStateConflictError)
      return (await dependencies.endpoints.get(endpoint.endpointId)) ?? endpoint;
    throw error;
  }
}

function describe(endpoint: Endpoint): EvaluationEndpointState {
  switch (endpoint.status) {
    case 'Serving':
      if (endpoint.arn) return { state: 'serving', target: servingTargetOf(endpoint), borrowed: false };
      return { state: 'creating', endpointId: endpoint.endpointId };
    case 'Requested':
    case 'Creating':
      return { state: 'creating', endpointId: endpoint.endpointId };
    case 'Failed':
      return {
        state: 'failed',
        endpointId: endpoint.endpointId,
        reason: endpoint.failureMessage ?? 'Bedrock gave no reason.',
      };
    case 'Deleting':
    case 'Deleted':
      return {
        state: 'failed',
        endpointId: endpoint.endpointId,
        reason:
          endpoint.deletion?.reason === 'evaluation-backstop'
            ? 'its endpoint was deleted by the cost guard after running past its time without being asked for again'
            : 'its endpoint was released and deleted',
      };
  }
}

/**
 * The evaluation's port (`EvaluationServing`, src/core/ports.ts) on tune's endpoints: the key is
 * one evaluation request's, so that a request made after an earlier one released its endpoint gets
 * an endpoint of its own. What serving cannot do for it (no on-demand path for its base in this
 * region, a failed or deleted endpoint) is a refusal in words, not an error.
 */
export class EndpointEvaluationServing implements EvaluationServing {
  private readonly dependencies: ServingDependencies;

  constructor(dependencies: ServingDependencies) {
    this.dependencies = dependencies;
  }

  async prepare(key: string, model: { modelId: string }, requestedBy: string): Promise<EvaluationTarget> {
    let state: EvaluationEndpointState;
    try {
      state = await acquireEvaluationEndpoint(
        { evaluationId: key, modelId: model.modelId, requestedBy },
        this.dependencies,
      );
    } catch (error) {
      if (error instanceof InputError || error instanceof NotFoundError) {
        return { state: 'refused', reason: error.message };
      }
      throw error;
    }
    switch (state.state) {
      case 'serving':
        return { state: 'ready', target: state.target, temporary: !state.borrowed };
      case 'creating':
        return { state: 'preparing', temporary: true };
      case 'failed':
        return { state: 'refused', reason: `The tuned model could not be served: ${state.reason}` };
    }
  }

  async release(key: string): Promise<void> {
    await releaseEvaluationEndpoint(key, this.dependencies);
  }
}
