/**
 * Keep for 2 more hours, on the reminder before an idle endpoint is deleted. Keeping it costs
 * money, so only authorized people may, in the endpoint's own channel.
 */
import { NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { keepEndpoint } from '../../../core/serving/manage.js';
import { keptMessage, pathLabel } from '../../blocks/serving.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply, requireSamePlace } from './press.js';

export async function pressEndpointKeep(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const endpoint = await dependencies.endpoints.get(press.value);
  if (!endpoint) throw new NotFoundError('No such endpoint: it was deleted long ago.');
  requireSamePlace(press, endpoint.place, dependencies);
  await requireAuthorized(
    { userId: press.userId, channelId: endpoint.place.channelId, action: 'keep endpoints running' },
    dependencies.authorization,
    dependencies.directory,
  );
  const kept = await keepEndpoint(endpoint.endpointId, dependencies);
  if (!kept) {
    await reply(press, dependencies, {
      text: `Too late: the ${pathLabel(endpoint.path)} of ${endpoint.modelName} is already being deleted. Deploy it again with \`/tune deploy ${endpoint.modelId}\`.`,
    });
    return;
  }
  await reply(press, dependencies, keptMessage(kept, press.userId, dependencies.clock.now()), 'replace');
}
