/** The App Home tab: what tune is and the user's jobs, newest first. */
import type { KnownBlock, View } from '@slack/types';
import type { Job, JobStatus } from '../../core/jobs/job.js';

const STATUS_EMOJI: Record<JobStatus, string> = {
  Starting: ':hourglass_flowing_sand:',
  InProgress: ':gear:',
  Stopping: ':double_vertical_bar:',
  Completed: ':white_check_mark:',
  Failed: ':x:',
  Stopped: ':black_square_for_stop:',
};

export function homeView(jobs: readonly Job[]): View {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'tune' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Customize Amazon Bedrock models from Slack. Share a dataset in a channel where tune is a member to validate it, then start a job with `/tune start`. Type `/tune help` in any channel for every command.',
      },
    },
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Your jobs' } },
  ];
  if (jobs.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '_No jobs yet._ Jobs you start appear here with their status and estimated cost.',
      },
    });
  }
  // A Home view holds at most 100 blocks; 40 jobs of two blocks each leave room for the rest.
  for (const job of jobs.slice(0, 40)) {
    const cost =
      job.estimatedCostUsd === undefined ? 'cost unknown' : `≈ $${job.estimatedCostUsd.toFixed(2)}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_EMOJI[job.status]} *${job.customModelName}* · ${job.status}\n\`${job.baseModelId}\` · ${job.customizationType === 'FINE_TUNING' ? 'fine-tuning' : 'continued pre-training'} · ${cost}`,
      },
    });
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Started ${job.createdAt} in <#${job.place.channelId}>` }],
    });
  }
  return { type: 'home', blocks };
}
