/**
 * Asking to deploy a model (`/tune deploy`, the model card's Deploy button) and confirming it.
 * Nothing is spent by the proposal: it resolves the path and the price and waits for an
 * authorized person's confirmation, whose press creates the endpoint.
 */
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { shortId } from '../jobs/naming.js';
import type { CustomModelRecord, DeployProposalStore, EndpointStore } from '../ports.js';
import { createEndpoint, type ServingDependencies } from './deploy.js';
import type { DeployProposal } from './deploy-proposal.js';
import { type Endpoint, hoursToday, isHourly, isLive } from './endpoint.js';
import { choosePath, servingOffer } from './paths.js';

/** The endpoint a confirmed proposal makes: the same proposal, the same endpoint. */
export function endpointIdFor(proposalId: string): string {
  return shortId(`endpoint:${proposalId}`, 12);
}

/** The live endpoint people ask this model through, if any (evaluation endpoints are not theirs). */
export async function liveChatEndpoint(
  endpoints: EndpointStore,
  modelId: string,
): Promise<Endpoint | undefined> {
  const live = await endpoints.listLiveForModel(modelId);
  return live.find(
    (endpoint) => endpoint.purpose === 'chat' && isLive(endpoint.status) && endpoint.status !== 'Deleting',
  );
}

/** Hours the model's hourly endpoints have run today (UTC): the daily cap counts them together. */
export async function hourlyHoursToday(
  endpoints: EndpointStore,
  modelId: string,
  now: Date,
): Promise<number> {
  const recent = await endpoints.listByModel(modelId, 50);
  return recent.filter(isHourly).reduce((sum, endpoint) => sum + hoursToday(endpoint, now), 0);
}

export interface ProposeDeployInput {
  model: CustomModelRecord;
  /** Where the request came from; deploying is done from the model's own channel. */
  place: { teamId: string; channelId: string; userId: string };
  wantProvisioned: boolean;
  proposalId: string;
}

/**
 * A proposal to deploy `model`, recorded (a redelivered request records the same one) and ready
 * to show. Refuses, saying why, when the model is served already, cannot be served, or has used
 * its hours for today.
 */
export async function proposeDeploy(
  input: ProposeDeployInput,
  dependencies: Pick<ServingDependencies, 'endpoints' | 'clock' | 'settings'> & {
    proposals: DeployProposalStore;
  },
): Promise<DeployProposal> {
  const { model, place } = input;
  const now = dependencies.clock.now();
  if (model.deletedAt) throw new NotFoundError(`${model.name} was deleted; train it again to use it.`);
  if (model.teamId !== place.teamId || model.channelId !== place.channelId) {
    throw new InputError(
      `${model.name} was trained in another channel; deploy it from there (deploying spends that channel's money).`,
      { field: 'model' },
    );
  }
  const live = await liveChatEndpoint(dependencies.endpoints, model.modelId);
  if (live) {
    throw new InputError(
      `${model.name} is already deployed (${live.path === 'provisioned' ? 'Provisioned Throughput' : 'on demand'}, ${live.status.toLowerCase()}). \`/tune undeploy ${model.modelId}\` deletes it.`,
      { field: 'model' },
    );
  }
  const offer = servingOffer(model.baseModelId, dependencies.settings.region, new Date(model.createdAt));
  const { path, reason } = choosePath(offer, input.wantProvisioned);
  if (path === 'provisioned') {
    const used = await hourlyHoursToday(dependencies.endpoints, model.modelId, now);
    if (used >= dependencies.settings.maxEndpointHoursPerDay) {
      throw new InputError(
        `${model.name} has run ${used.toFixed(1)} hours on Provisioned Throughput today, its daily cap of ${dependencies.settings.maxEndpointHoursPerDay} (TUNE_MAX_ENDPOINT_HOURS_PER_DAY). Deploy it again after 00:00 UTC.`,
        { field: 'model' },
      );
    }
  }
  const price = offer.provisioned.hourlyPerModelUnit;
  const proposal: DeployProposal = {
    proposalId: input.proposalId,
    status: 'proposed',
    teamId: place.teamId,
    channelId: place.channelId,
    userId: place.userId,
    createdAt: now.toISOString(),
    modelId: model.modelId,
    modelName: model.name,
    baseModelId: model.baseModelId,
    path,
    pathReason: reason,
    ...(path === 'provisioned'
      ? price === 'unknown'
        ? { hourlyUsd: null }
        : {
            hourlyUsd: price.usd,
            priceSource: `${price.source} (${price.asOf}${price.note ? `; ${price.note}` : ''})`,
          }
      : {}),
  };
  try {
    await dependencies.proposals.create(proposal);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return (await dependencies.proposals.get(proposal.proposalId)) ?? proposal;
  }
  return proposal;
}

/**
 * Creates the endpoint of a confirmed proposal (idempotent: its id comes from the proposal). An
 * endpoint made for the model meanwhile from another proposal is not doubled.
 */
export async function deployConfirmed(
  proposal: DeployProposal,
  dependencies: ServingDependencies,
): Promise<Endpoint> {
  const endpointId = endpointIdFor(proposal.proposalId);
  const mine = await dependencies.endpoints.get(endpointId);
  if (!mine) {
    const live = await liveChatEndpoint(dependencies.endpoints, proposal.modelId);
    if (live) {
      throw new InputError(`${proposal.modelName} was deployed meanwhile; nothing more was created.`, {
        field: 'model',
      });
    }
  }
  const model = await dependencies.models.get(proposal.modelId);
  if (!model || model.deletedAt) throw new NotFoundError(`${proposal.modelName} no longer exists.`);
  return createEndpoint(
    {
      endpointId,
      model,
      path: proposal.path,
      purpose: 'chat',
      place: {
        teamId: model.teamId,
        channelId: model.channelId,
        userId: proposal.userId,
        ...(model.threadTs ? { threadTs: model.threadTs } : {}),
      },
      ...(proposal.confirmedBy ? { confirmedBy: proposal.confirmedBy } : {}),
      ...(proposal.path === 'provisioned' ? { hourlyUsd: proposal.hourlyUsd ?? null } : {}),
      ...(proposal.priceSource ? { priceSource: proposal.priceSource } : {}),
    },
    dependencies,
  );
}
