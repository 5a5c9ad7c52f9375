/**
 * The job card: one message per job in its channel, updated in place as the job moves, whose
 * thread carries every change. Elapsed time is computed when the card is rendered.
 */
import type { KnownBlock } from '@slack/types';
import { customizationTypeLabel } from '../../core/catalog/index.js';
import { adviceFor } from '../../core/jobs/explain.js';
import type { Job, JobStatus, Transition } from '../../core/jobs/job.js';
import { formatUsd } from '../../core/money.js';
import type { OutboundMessage } from '../../core/ports.js';
import { evaluateButton, evaluationCostText } from './evaluation-offer.js';
import { headlineLine } from './evaluation-status.js';
import { ACTION } from './proposal.js';
import { clip, code, LIMITS, mrkdwn } from './safe-text.js';

export const STATUS_LABEL: Record<JobStatus, string> = {
  Starting: ':hourglass_flowing_sand: Starting',
  InProgress: ':gear: Training',
  Stopping: ':double_vertical_bar: Stopping',
  Completed: ':white_check_mark: Completed',
  Failed: ':x: Failed',
  Stopped: ':black_square_for_stop: Stopped',
};

/**
 * Bedrock's own words: escaped, and cut to leave room in the section (Slack rejects the whole
 * message past 3,000 characters). The whole text stays in the job record; the account ids they
 * name are masked on the way out (../outgoing.ts), which logs the original.
 */
function bedrockWords(text: string): string {
  return mrkdwn(text, LIMITS.message);
}

function hyperParametersText(hyperParameters: Readonly<Record<string, string>>): string {
  return mrkdwn(
    Object.entries(hyperParameters)
      .map(([name, value]) => `${name}=${value}`)
      .join(', '),
    LIMITS.message,
  );
}

export function formatDuration(milliseconds: number): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** Re-exported for the Slack builders; the one format lives in the core. */
export { formatUsd };

export function elapsed(job: Job, now: Date): string {
  const end = 'endedAt' in job ? Date.parse(job.endedAt) : now.getTime();
  return formatDuration(end - Date.parse(job.createdAt));
}

export function jobCard(job: Job, now: Date): OutboundMessage {
  const type = customizationTypeLabel(job.customizationType);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${mrkdwn(job.customModelName)}* · ${STATUS_LABEL[job.status]}\n${type} of \`${code(job.baseModelId)}\``,
      },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Job*\n\`${code(job.jobId)}\`` },
        {
          type: 'mrkdwn',
          text: `*Asked for by*\n<@${job.place.userId}>${job.confirmedBy && job.confirmedBy !== job.place.userId ? `, started by <@${job.confirmedBy}>` : ''}`,
        },
        { type: 'mrkdwn', text: `*${'endedAt' in job ? 'Ran for' : 'Running for'}*\n${elapsed(job, now)}` },
        { type: 'mrkdwn', text: `*Estimated training cost*\n${formatUsd(job.estimatedCostUsd)}` },
        {
          type: 'mrkdwn',
          text: `*Hyperparameters*\n${hyperParametersText(job.hyperParameters)}`,
        },
        {
          type: 'mrkdwn',
          text: `*Training data*\n${job.datasetName ? mrkdwn(job.datasetName) : `\`${code(job.trainingDataUri.split('/').pop() ?? '')}\``}`,
        },
      ],
    },
  ];
  if (job.status === 'Failed') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Why:* ${bedrockWords(job.failureMessage)}` },
    });
  }
  if (job.evaluated) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: headlineLine(job.evaluated) } });
  }
  if (job.status === 'InProgress') blocks.push(stopActions(job));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Updates in the thread · \`/tune status ${code(job.jobId)}\`${job.status === 'InProgress' ? ` · \`/tune stop ${code(job.jobId)}\`` : ''}`,
      },
    ],
  });
  return { text: `${mrkdwn(job.customModelName)}: ${job.status}`, blocks };
}

/** The card's Stop: Slack's one confirmation dialog, then the job stops (the thread says who). */
function stopActions(job: Job): KnownBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION.jobStop,
        style: 'danger',
        text: { type: 'plain_text', text: 'Stop' },
        value: job.jobId,
        confirm: {
          title: { type: 'plain_text', text: 'Stop this job?' },
          text: {
            type: 'mrkdwn',
            text: clip(
              `*${mrkdwn(job.customModelName)}* stops for good and cannot be resumed; Bedrock bills the tokens it has trained on so far.`,
              LIMITS.confirmText,
            ),
          },
          confirm: { type: 'plain_text', text: 'Stop it' },
          deny: { type: 'plain_text', text: 'Keep training' },
          style: 'danger',
        },
      },
    ],
  };
}

/** The thread message for one transition of a job (`job` is its current state). */
export function jobUpdateMessage(job: Job, transition: Transition, now: Date): OutboundMessage {
  const name = mrkdwn(job.customModelName);
  let line: string;
  switch (transition.to) {
    case 'Starting':
      line = `:hourglass_flowing_sand: Starting *${name}*: sending the job to Bedrock.`;
      break;
    case 'InProgress':
      line =
        transition.from === 'Failed'
          ? `:gear: Bedrock accepted the job after all and is training *${name}*: tune is following it again, and it is billed as it trains.`
          : `:gear: Bedrock accepted the job and is training *${name}* on \`${code(job.baseModelId)}\`.`;
      break;
    case 'Stopping':
      line = `:double_vertical_bar: ${transition.by ? `<@${transition.by}> stopped *${name}*; it is stopping.` : `*${name}* is stopping.`} Tokens already used are billed.`;
      break;
    case 'Completed':
      line = `:white_check_mark: *${name}* finished training after ${elapsed(job, now)}.`;
      return completedMessage(job, transition, line);
    case 'Failed': {
      const reason = job.status === 'Failed' ? job.failureMessage : 'Bedrock gave no reason.';
      const advice = adviceFor(reason);
      line = `:x: *${name}* failed after ${elapsed(job, now)}: ${bedrockWords(reason)}${advice ? `\n${advice}` : ''}`;
      break;
    }
    case 'Stopped':
      line = `:black_square_for_stop: *${name}* was stopped after ${elapsed(job, now)}. It cannot be resumed.`;
      break;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${transition.from} → ${transition.to}` }] },
  ];
  return { text: line.replace(/\*/g, ''), blocks };
}

/** The value of a completion line's Evaluate button: the job, evaluated on its planned held-out data. */
export function evaluateJobValue(jobId: string): string {
  return JSON.stringify({ job: jobId });
}

/**
 * The completion line, with what comes next for the evaluation: it runs now (agreed to at Start),
 * or an Evaluate button with its price, or why it cannot run.
 */
function completedMessage(job: Job, transition: Transition, line: string): OutboundMessage {
  const offer = job.evaluation;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(line, LIMITS.sectionText) } },
  ];
  const records = offer?.estimate?.records ?? offer?.heldOut?.records ?? 0;
  if (offer?.whenDone && offer.heldOut) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Comparing it with its base model on ${records} held-out records next, as agreed when it was started${offer.estimate ? ` (${evaluationCostText(offer.estimate)})` : ''}.`,
        },
      ],
    });
  } else if (offer?.heldOut && !offer.unavailable) {
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Did tuning help? Compare it with its base model on ${records} held-out records of ${mrkdwn(offer.heldOut.name, LIMITS.name)}: ${offer.estimate ? evaluationCostText(offer.estimate) : 'price unknown'}. An authorized person can start it.`,
        },
      },
      {
        type: 'actions',
        block_id: `evaluate:${job.jobId}`,
        elements: [evaluateButton(evaluateJobValue(job.jobId), offer.estimate)],
      },
    );
  } else if (offer?.unavailable) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clip(
            `Not evaluated: ${mrkdwn(offer.unavailable, LIMITS.message)} \`/tune eval ${code(job.jobId)} <dataset>\` compares it on a dataset of this channel.`,
            LIMITS.contextText,
          ),
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${transition.from} → ${transition.to}` }],
  });
  return { text: line.replace(/\*/g, ''), blocks };
}
