/**
 * A change of type, model or dataset in the start modal rebuilds it, so the model list, the
 * hyperparameters (with the new model's defaults and ranges) and the estimate follow the choice.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import {
  modalStateFrom,
  START_MODAL,
  startModal,
  startModalMetadataSchema,
  viewStateSchema,
} from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';

const viewSchema = z.object({
  id: z.string(),
  hash: z.string().optional(),
  private_metadata: z.string(),
  state: z.object({ values: viewStateSchema }),
});

export function startModalChange(dependencies: SlackEdgeDependencies) {
  return async ({
    ack,
    body,
    client,
    action,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = viewSchema.safeParse(body.view);
    if (!view.success) return;
    const metadata = startModalMetadataSchema.parse(JSON.parse(view.data.private_metadata));
    const state = modalStateFrom(view.data.state.values);
    // The new choice, read from the action itself: the view's state may not carry it yet.
    const chosen =
      'selected_option' in action && action.selected_option ? action.selected_option.value : undefined;
    if (chosen && action.action_id === START_MODAL.typeAction) {
      state.type = chosen === 'CONTINUED_PRE_TRAINING' ? 'CONTINUED_PRE_TRAINING' : 'FINE_TUNING';
    } else if (chosen && action.action_id === START_MODAL.modelAction) {
      state.modelId = chosen;
    } else if (chosen && action.action_id === START_MODAL.datasetAction) {
      state.datasetId = chosen;
    }
    if ('action_id' in action && action.action_id === START_MODAL.typeAction) {
      // Another type means other models and datasets: start from that type's defaults.
      delete state.modelId;
      delete state.datasetId;
      state.hyperParameters = {};
    } else if ('action_id' in action && action.action_id === START_MODAL.modelAction) {
      state.hyperParameters = {};
    }
    const datasets = await dependencies.datasets.listByChannel(metadata.teamId, metadata.channelId, 100);
    await client.views.update({
      view_id: view.data.id,
      ...(view.data.hash ? { hash: view.data.hash } : {}),
      view: startModal(state, datasets, metadata),
    });
  };
}
