/**
 * The Ask button on a model's card (value: the model id): tells the person who pressed how to ask
 * that model here, privately. A model that may not answer in this channel is explained instead,
 * and one that nothing serves gets what serving it would cost. Nothing is sent to the model.
 */

import { modelNames } from '../../asking/answer.js';
import { askHintMessage, offerMessage, refusalMessage } from '../../blocks/answer.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply } from './press.js';

export async function pressModelAsk(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const { asker } = dependencies.asking;
  const place = { teamId: press.teamId, channelId: press.channelId, userId: press.userId };
  const preparation = await asker.prepare(place, await asker.find(place, press.value));
  switch (preparation.kind) {
    case 'refused':
      await reply(press, dependencies, refusalMessage(preparation.reason));
      return;
    case 'not-served':
      await reply(press, dependencies, offerMessage(preparation));
      return;
    case 'ready':
      await reply(press, dependencies, askHintMessage(modelNames(preparation)));
  }
}
