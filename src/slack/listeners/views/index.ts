import type { App } from '@slack/bolt';
import { START_MODAL } from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { startJobSubmission } from './start-job.js';

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  app.view(START_MODAL.callbackId, startJobSubmission(dependencies));
}
