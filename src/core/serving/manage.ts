/** Undeploying a model, and Keep on a reminder: what people do to endpoints after deploying. */
import { InputError, JobStateConflictError, NotFoundError } from '../errors.js';
import type { CustomModelRecord } from '../ports.js';
import { deleteEndpoint, type ServingDependencies } from './deploy.js';
import { type Endpoint, endpointTouched } from './endpoint.js';
import { KEEP_MS } from './guard.js';

/**
 * Deletes the endpoints people ask `model` through (not an evaluation's) and returns them as
 * stored afterwards: Deleted, or still Deleting when Bedrock's delete failed (the watch retries it).
 */
export async function undeployModel(
  model: CustomModelRecord,
  userId: string,
  dependencies: ServingDependencies,
): Promise<Endpoint[]> {
  const live = (await dependencies.endpoints.listLiveForModel(model.modelId)).filter(
    (endpoint) => endpoint.purpose === 'chat',
  );
  if (live.length === 0) {
    throw new InputError(`${model.name} is not deployed; nothing to delete.`, { field: 'model' });
  }
  const results: Endpoint[] = [];
  for (const endpoint of live) {
    const after = await deleteEndpoint(endpoint.endpointId, 'requested', userId, dependencies);
    if (after) results.push(after);
  }
  return results;
}

/**
 * Keep for 2 more hours: the endpoint is not deleted for idleness before then. Written
 * conditionally on the version read (a watch run may be deleting it at the same moment); returns
 * undefined when it is no longer running.
 */
export async function keepEndpoint(
  endpointId: string,
  dependencies: Pick<ServingDependencies, 'endpoints' | 'clock'>,
): Promise<Endpoint | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const endpoint = await dependencies.endpoints.get(endpointId);
    if (!endpoint) throw new NotFoundError(`No endpoint ${endpointId}.`);
    if (endpoint.status !== 'Serving' && endpoint.status !== 'Creating') return undefined;
    const now = dependencies.clock.now();
    const keepUntil = new Date(now.getTime() + KEEP_MS).toISOString();
    try {
      return await dependencies.endpoints.transition(
        endpointTouched(endpoint, now, { keepUntil }),
        endpoint.status,
      );
    } catch (error) {
      if (!(error instanceof JobStateConflictError)) throw error;
    }
  }
  throw new JobStateConflictError(`Endpoint ${endpointId} kept changing; press Keep again.`);
}

/**
 * Deletes the custom model in Bedrock (its monthly storage fee stops) and records when. A model
 * still served is refused: its endpoints go first. Bedrock no longer having it is not an error.
 */
export async function deleteCustomModel(
  model: CustomModelRecord,
  dependencies: Pick<ServingDependencies, 'endpoints' | 'models' | 'customizer' | 'clock'>,
): Promise<CustomModelRecord> {
  if (model.deletedAt) return model;
  const live = await dependencies.endpoints.listLiveForModel(model.modelId);
  if (live.some((endpoint) => endpoint.status !== 'Deleted' && endpoint.status !== 'Failed')) {
    throw new InputError(
      `${model.name} is still deployed; \`/tune undeploy ${model.modelId}\` first, then delete it.`,
      { field: 'model' },
    );
  }
  try {
    await dependencies.customizer.deleteCustomModel(model.modelArn);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const deleted = { ...model, deletedAt: dependencies.clock.now().toISOString() };
  await dependencies.models.put(deleted);
  return deleted;
}
