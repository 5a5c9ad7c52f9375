/** The thread message for a job's state change. */
import type { KnownBlock } from '@slack/types';
import type { Job } from '../../core/jobs/job.js';
import type { OutboundMessage } from '../../core/ports.js';

export function jobUpdateMessage(job: Job, previous: Job): OutboundMessage {
  let line: string;
  switch (job.status) {
    case 'InProgress':
      line = `:gear: *${job.customModelName}* is training on \`${job.baseModelId}\`.`;
      break;
    case 'Stopping':
      line = `:double_vertical_bar: *${job.customModelName}* is stopping. Tokens already used are billed.`;
      break;
    case 'Completed':
      line = `:white_check_mark: *${job.customModelName}* finished training.`;
      break;
    case 'Failed':
      line = `:x: *${job.customModelName}* failed: ${job.failureMessage}`;
      break;
    case 'Stopped':
      line = `:black_square_for_stop: *${job.customModelName}* was stopped.`;
      break;
    case 'Starting':
      line = `:hourglass_flowing_sand: *${job.customModelName}* is starting.`;
      break;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: line } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${previous.status} → ${job.status} · Bedrock: ${job.bedrockStatus ?? 'n/a'}`,
        },
      ],
    },
  ];
  return { text: line.replace(/\*/g, ''), blocks };
}
