/**
 * Delete model, on a storage reminder (the button asks for confirmation first): authorized people
 * only, in the model's own channel. Bedrock deletes the custom model and its storage fee stops.
 */
import { NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { deleteCustomModel } from '../../../core/serving/manage.js';
import { mrkdwn } from '../../blocks/safe-text.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply, requireSamePlace } from './press.js';

export async function pressModelDelete(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const model = await dependencies.customModels.get(press.value);
  if (!model) throw new NotFoundError('This model is not known to tune (any more).');
  requireSamePlace(press, model, dependencies);
  await requireAuthorized(
    { userId: press.userId, channelId: model.channelId, action: 'delete models' },
    dependencies.authorization,
    dependencies.directory,
  );
  const deleted = await deleteCustomModel(model, { ...dependencies, models: dependencies.customModels });
  const text = `:wastebasket: <@${press.userId}> deleted *${mrkdwn(deleted.name)}* from Bedrock: its storage fee stops. It can be trained again, not restored.`;
  await reply(
    press,
    dependencies,
    { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
    'replace',
  );
}
