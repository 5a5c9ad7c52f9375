/**
 * `/tune stop <job>`: asks for confirmation first, because stopping cannot be undone and the
 * tokens already used are billed. The button does the stopping, for authorized people only.
 */
import type { KnownBlock } from '@slack/types';
import { InputError } from '../../core/errors.js';
import { ACTION } from '../blocks/proposal.js';
import { code, mrkdwn } from '../blocks/safe-text.js';
import { findChannelJob } from './find-job.js';
import type { SlashSubcommand } from './types.js';

export const stop: SlashSubcommand = {
  name: 'stop',
  async run(invocation, dependencies) {
    const reference = invocation.parsed.positionals[0];
    if (!reference)
      throw new InputError('Name the job to stop: `/tune stop <job>` (`/tune list` shows the ids).', {
        field: 'job',
      });
    const job = await findChannelJob(dependencies.jobs, invocation, reference);
    if (job.status !== 'InProgress') {
      throw new InputError(
        job.status === 'Starting'
          ? `Job ${job.jobId} (${job.customModelName}) is still being handed to Bedrock; try again in a minute.`
          : `Job ${job.jobId} (${job.customModelName}) is ${job.status}: only a training job can be stopped.`,
        {
          field: 'job',
        },
      );
    }
    const text = `Stop *${mrkdwn(job.customModelName)}* (\`${code(job.jobId)}\`)? A stopped job cannot be resumed, and Bedrock bills the tokens it has already trained on.`;
    const blocks: KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.stopConfirm,
            style: 'danger',
            text: { type: 'plain_text', text: 'Stop the job' },
            value: job.jobId,
            confirm: {
              title: { type: 'plain_text', text: 'Stop for good?' },
              text: { type: 'mrkdwn', text: 'Stopping is irreversible; the tokens used so far are billed.' },
              confirm: { type: 'plain_text', text: 'Stop it' },
              deny: { type: 'plain_text', text: 'Keep training' },
              style: 'danger',
            },
          },
        ],
      },
    ];
    return { text: text.replace(/\*/g, ''), blocks };
  },
};
