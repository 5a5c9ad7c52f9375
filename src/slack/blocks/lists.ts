/** `/tune list` and `/tune datasets`: a channel's jobs and datasets, newest first. */
import type { KnownBlock } from '@slack/types';
import { customizationTypeLabel } from '../../core/catalog/index.js';
import type { DatasetEntry } from '../../core/intake/dataset-entry.js';
import type { Job } from '../../core/jobs/job.js';
import type { OutboundMessage } from '../../core/ports.js';
import { startDatasetButton } from './dataset-report.js';
import { elapsed, formatUsd, STATUS_LABEL } from './job-card.js';
import { code, mrkdwn } from './safe-text.js';

/** Room for a header and a footer within Slack's 50 blocks per message. */
const MAX_ROWS = 45;

export function jobListMessage(jobs: readonly Job[], now: Date): OutboundMessage {
  if (jobs.length === 0) {
    const text = 'No jobs in this channel yet. Start one with `/tune start`.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Jobs in this channel' } },
  ];
  for (const job of jobs.slice(0, MAX_ROWS)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${STATUS_LABEL[job.status]} · *${mrkdwn(job.customModelName)}* · \`${code(job.jobId)}\`\n${customizationTypeLabel(job.customizationType)} of \`${code(job.baseModelId)}\` · ${elapsed(job, now)} · est. ${formatUsd(job.estimatedCostUsd)} · by <@${job.place.userId}>`,
      },
    });
  }
  return { text: `${jobs.length} job(s) in this channel`, blocks };
}

export function datasetListMessage(datasets: readonly DatasetEntry[]): OutboundMessage {
  if (datasets.length === 0) {
    const text =
      'No datasets in this channel yet. Share a JSONL, CSV, JSON, text, Markdown or PDF file here (with tune in the channel), or use `/tune upload` for files too large for Slack.';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Datasets in this channel' } },
  ];
  for (const entry of datasets.slice(0, MAX_ROWS)) {
    const verdict = entry.valid ? ':white_check_mark: valid' : `:x: ${entry.errorCount} error(s)`;
    const converted = entry.convertedFrom ? ` · converted from ${mrkdwn(entry.convertedFrom)}` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${mrkdwn(entry.name)}* · \`${code(entry.datasetId)}\` · ${verdict}\n${customizationTypeLabel(entry.customizationType)} for \`${code(entry.modelId)}\` · ${entry.records.toLocaleString('en-US')} records${entry.validationRecords !== undefined ? ` + ${entry.validationRecords.toLocaleString('en-US')} for validation` : ''} · ${entry.tokens.total.toLocaleString('en-US')} tokens${entry.tokens.exact ? '' : ' (est.)'} · est. ${formatUsd(entry.estimatedCostUsd)} for ${entry.epochs} epoch(s)${converted}`,
      },
      ...(entry.valid ? { accessory: startDatasetButton(entry.datasetId, 'Start') } : {}),
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Start a job on one with `/tune start <id>`.' }],
  });
  return { text: `${datasets.length} dataset(s) in this channel`, blocks };
}
