/**
 * `/tune undeploy <model>`: deletes the endpoints people ask the model through, at once, for
 * authorized people in the model's own channel, and says what they cost. A delete Bedrock refuses
 * for now stays pending and the watch retries it every run.
 */
import type { KnownBlock } from '@slack/types';
import { InputError } from '../../core/errors.js';
import { requireAuthorized } from '../../core/jobs/authorize.js';
import { undeployModel } from '../../core/serving/manage.js';
import { findVisibleModel } from '../../core/serving/models.js';
import { mrkdwn } from '../blocks/safe-text.js';
import { costText, pathLabel } from '../blocks/serving.js';
import { servingDependenciesOf } from '../serving-dependencies.js';
import type { SlashSubcommand } from './types.js';

export const undeploy: SlashSubcommand = {
  name: 'undeploy',
  async run(invocation, dependencies) {
    const model = await findVisibleModel(
      dependencies.customModels,
      invocation,
      invocation.parsed.positionals[0],
    );
    if (model.channelId !== invocation.channelId) {
      throw new InputError(`${model.name} was trained in another channel; undeploy it from there.`, {
        field: 'model',
      });
    }
    await requireAuthorized(
      { userId: invocation.userId, channelId: model.channelId, action: 'undeploy models' },
      dependencies.authorization,
      dependencies.directory,
    );
    const endpoints = await undeployModel(model, invocation.userId, servingDependenciesOf(dependencies));
    const now = dependencies.clock.now();
    const lines = endpoints.map((endpoint) =>
      endpoint.status === 'Deleted'
        ? `:wastebasket: Deleted the ${pathLabel(endpoint.path)} of *${mrkdwn(model.name)}*. Cost: ${costText(endpoint, now)}.`
        : `:hourglass: Bedrock did not delete the ${pathLabel(endpoint.path)} of *${mrkdwn(model.name)}* yet (${mrkdwn(endpoint.deletion?.lastError ?? 'no answer', 500)}); tune retries every 5 minutes until it is gone. So far: ${costText(endpoint, now)}.`,
    );
    const text = lines.join('\n');
    const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
    return { text: text.replace(/\*/g, ''), blocks };
  },
};
