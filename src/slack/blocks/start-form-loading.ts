/**
 * The start form as it opens: Slack wants `views.open` within 3 seconds of the command, before
 * the worker has read the channel's datasets, so the form opens with this and the worker replaces
 * it (views.update) with the real one. It has no inputs and no submit button.
 */
import type { View } from '@slack/types';
import { START_MODAL } from './start-modal.js';

export function loadingStartForm(): View {
  return {
    type: 'modal',
    callback_id: START_MODAL.callbackId,
    title: { type: 'plain_text', text: 'Start training' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: ":hourglass_flowing_sand: Reading this channel's datasets…" },
      },
    ],
  };
}
