import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION } from '../../blocks/proposal.js';
import { START_MODAL } from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { startCancel } from './start-cancel.js';
import { startConfirm } from './start-confirm.js';
import { startModalChange } from './start-modal-change.js';
import { stopConfirm } from './stop-confirm.js';

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  app.action<BlockAction<ButtonAction>>(ACTION.startConfirm, startConfirm(dependencies));
  app.action<BlockAction<ButtonAction>>(ACTION.startCancel, startCancel(dependencies));
  app.action<BlockAction<ButtonAction>>(ACTION.stopConfirm, stopConfirm(dependencies));
  for (const actionId of [START_MODAL.typeAction, START_MODAL.modelAction, START_MODAL.datasetAction]) {
    app.action<BlockAction>(actionId, startModalChange(dependencies));
  }
}
