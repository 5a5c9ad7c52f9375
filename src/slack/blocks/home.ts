/**
 * The App Home tab: what tune is, the user's tuned models, and their jobs, newest first. Only
 * public channels' jobs are given: a private channel's are counted, never shown (../tasks/home.ts).
 */
import type { KnownBlock, View } from '@slack/types';
import { customizationTypeLabel } from '../../core/catalog/index.js';
import type { Job } from '../../core/jobs/job.js';
import { headlineLine } from './evaluation-status.js';
import { elapsed, formatUsd, STATUS_LABEL } from './job-card.js';
import { code, mrkdwn } from './safe-text.js';

/** A Home view holds at most 100 blocks: 5 fixed, 10 models, 2 headers, 35 jobs of two blocks. */
const MAX_MODELS = 10;
const MAX_JOBS = 35;

export function homeView(
  jobs: readonly Job[],
  now: Date,
  options: { privateJobs?: number; reinstalledAt?: Date } = {},
): View {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'tune' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Customize Amazon Bedrock models from Slack. Share a dataset in a channel where tune is a member to validate it, then start a job with `/tune start`. Type `/tune help` in any channel for every command.',
      },
    },
    // Added back after it was removed (many workspaces): what happened meanwhile was not lost.
    ...(options.reinstalledAt
      ? [
          {
            type: 'context' as const,
            elements: [
              {
                type: 'mrkdwn' as const,
                text: `tune was added to this workspace again on ${options.reinstalledAt.toISOString().slice(0, 10)}. Nothing was lost: jobs started before were followed all along, and they and their models are below.`,
              },
            ],
          },
        ]
      : []),
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Your models' } },
  ];
  const models = jobs.filter((job) => job.status === 'Completed');
  if (models.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '_No tuned models yet._ A job that completes adds its custom model here.',
      },
    });
  }
  for (const job of models.slice(0, MAX_MODELS)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        // The ARN names the AWS account, which the notifier masks (../outgoing.ts).
        text: `:brain: *${mrkdwn(job.customModelName)}* · tuned from \`${code(job.baseModelId)}\` in <#${job.place.channelId}>${'customModelArn' in job && job.customModelArn ? `\n\`${code(job.customModelArn, 300)}\`` : ''}${job.evaluated ? `\n${headlineLine(job.evaluated)}` : ''}`,
      },
    });
  }
  blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Your jobs' } });
  if (jobs.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '_No jobs yet._ Jobs you start appear here with their status and estimated cost.',
      },
    });
  }
  for (const job of jobs.slice(0, MAX_JOBS)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_LABEL[job.status]} · *${mrkdwn(job.customModelName)}* · \`${code(job.jobId)}\`\n${customizationTypeLabel(job.customizationType)} of \`${code(job.baseModelId)}\` · est. ${formatUsd(job.estimatedCostUsd)}`,
      },
    });
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Started ${job.createdAt.slice(0, 16).replace('T', ' ')} UTC in <#${job.place.channelId}> · ${elapsed(job, now)}`,
        },
      ],
    });
  }
  const hidden = options.privateJobs ?? 0;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:lock: ${hidden} of your ${hidden === 1 ? 'jobs is' : 'jobs are'} in private channels: a private channel's jobs, models and datasets are shown only there (\`/tune list\` in the channel).`,
        },
      ],
    });
  }
  return { type: 'home', blocks };
}
