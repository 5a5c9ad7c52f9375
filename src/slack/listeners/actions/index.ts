import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { DATASET_RECHECK_ACTION, DATASET_START_ACTION } from '../../blocks/dataset-report.js';
import { EVALUATE_ACTION } from '../../blocks/evaluation-offer.js';
import { ACTION } from '../../blocks/proposal.js';
import { START_MODAL } from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { datasetRecheck } from './dataset-recheck.js';
import { datasetStart } from './dataset-start.js';
import { formChange } from './form-change.js';
import { queuePress } from './press.js';

/** Every button tune renders; the worker decides what each does (src/slack/tasks/press.ts). */
export const BUTTON_ACTIONS: readonly string[] = [...Object.values(ACTION), EVALUATE_ACTION];

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  for (const actionId of BUTTON_ACTIONS) {
    app.action<BlockAction<ButtonAction>>(actionId, queuePress(dependencies));
  }
  app.action<BlockAction<ButtonAction>>(DATASET_RECHECK_ACTION, datasetRecheck(dependencies));
  app.action<BlockAction<ButtonAction>>(DATASET_START_ACTION, datasetStart(dependencies));
  for (const actionId of [START_MODAL.typeAction, START_MODAL.modelAction, START_MODAL.datasetAction]) {
    app.action<BlockAction>(actionId, formChange(dependencies));
  }
}
