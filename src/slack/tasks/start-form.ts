/**
 * The start form: filled when it opens (the listener showed a placeholder within Slack's 3
 * seconds), and rebuilt when its type, model or dataset changes, with the channel's datasets.
 */
import type { View } from '@slack/types';
import {
  modalStateFrom,
  START_MODAL,
  type StartModalState,
  startModal,
  viewStateSchema,
} from '../blocks/start-modal.js';
import { signFormMetadata } from '../form-metadata.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runStartForm(
  task: TaskOf<'start-form'>,
  dependencies: WorkerDependencies,
): Promise<void> {
  const datasets = await dependencies.datasets.listByChannel(task.teamId, task.channelId, 100);
  const chosen = task.datasetId ? datasets.find((entry) => entry.datasetId === task.datasetId) : undefined;
  const latest = chosen ?? datasets.find((entry) => entry.valid) ?? datasets[0];
  await dependencies.notifier.updateView(
    task.viewId,
    startModal(
      {
        type: latest?.customizationType ?? 'FINE_TUNING',
        ...(chosen ? { datasetId: chosen.datasetId, modelId: chosen.modelId } : {}),
      },
      datasets,
      signFormMetadata(dependencies.formKey, task),
      await dependencies.offers(),
      dependencies.serving.region,
    ),
  );
}

export async function runFormChange(
  task: TaskOf<'form-change'>,
  dependencies: WorkerDependencies,
): Promise<void> {
  const state = stateAfter(task);
  const datasets = await dependencies.datasets.listByChannel(task.teamId, task.channelId, 100);
  await dependencies.notifier.updateView(
    task.viewId,
    startModal(
      state,
      datasets,
      signFormMetadata(dependencies.formKey, task),
      await dependencies.offers(),
      dependencies.serving.region,
    ),
    task.hash,
  );
}

/** The form's choices after the change, read from the action itself: the view's state may lag. */
function stateAfter(task: TaskOf<'form-change'>): StartModalState {
  const state = modalStateFrom(viewStateSchema.parse(task.values));
  const { chosen } = task;
  if (task.actionId === START_MODAL.typeAction) {
    if (chosen) state.type = chosen === 'CONTINUED_PRE_TRAINING' ? 'CONTINUED_PRE_TRAINING' : 'FINE_TUNING';
    // Another type means other models and datasets: start from that type's defaults.
    delete state.modelId;
    delete state.datasetId;
    state.hyperParameters = {};
  } else if (task.actionId === START_MODAL.modelAction) {
    if (chosen) state.modelId = chosen;
    state.hyperParameters = {};
  } else if (task.actionId === START_MODAL.datasetAction && chosen) {
    state.datasetId = chosen;
  }
  return state;
}

/** The form, replaced by what went wrong when it could not be built (it would otherwise load forever). */
export function formErrorView(text: string): View {
  return {
    type: 'modal',
    callback_id: START_MODAL.callbackId,
    title: { type: 'plain_text', text: 'Start training' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}
