/**
 * "Did tuning help?": the evaluation of a tuned model against its base model, as one Slack message,
 * the per-record file attached to it, and the one-line headline shown on job cards.
 *
 * Limits that shape it (docs.slack.dev Block Kit reference; bolt-js#2509): 50 blocks per message,
 * 3,000 characters per section text, 2,000 per field, and an undocumented total near 13,200
 * characters past which Slack answers `msg_blocks_too_long`. The message stays under 12,000: the
 * examples share what the rest leaves, and every record's full text is in the attached file.
 * Everything that comes from a dataset or a model is escaped for mrkdwn and clipped.
 */
import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { formatCount } from '../../core/dataset/index.js';
import { type ComparisonSummary, METRIC_LABELS, METRIC_NAMES } from '../../core/evaluation/index.js';
import {
  type EvaluationResult,
  pickShowcase,
  type RecordResult,
  recordGain,
} from '../../core/evaluation/run.js';
import type { OutboundMessage } from '../../core/ports.js';
import { escapeAndClip } from '../mrkdwn.js';
import { formatUsd } from './job-card.js';

/** The whole message's text, blocks and fallback together, stays under this. */
export const MESSAGE_CHARACTER_BUDGET = 12_000;
/** Slack's own limit on one field's text. */
const FIELD_LIMIT = 2000;

export interface EvaluationMessageInput {
  result: EvaluationResult;
  /** The custom model's name and the base model's id, as the job card shows them. */
  modelName: string;
  baseModelName: string;
  /** Loss-curve notes ("No validation loss: …") to show under the table. */
  notes?: readonly string[];
}

const two = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(2)}`;

/** "METEOR 0.21 → 0.48, ROUGE-L 0.18 → 0.52", for job cards and notifications. */
export function evaluationHeadline(comparison: ComparisonSummary): string {
  const { meteor, rougeL } = comparison.metrics;
  return `METEOR ${two(meteor.base)} → ${two(meteor.tuned)}, ROUGE-L ${two(rougeL.base)} → ${two(rougeL.tuned)}`;
}

/** The table as monospace text: metric, base, tuned, difference, interval. */
export function comparisonTable(comparison: ComparisonSummary): string {
  const header = ['metric', 'base', 'tuned', 'diff', `${Math.round(comparison.confidence * 100)}% interval`];
  const rows = METRIC_NAMES.map((name) => {
    const metric = comparison.metrics[name];
    return [
      METRIC_LABELS[name],
      two(metric.base),
      two(metric.tuned),
      signed(metric.difference),
      `[${signed(metric.interval.low)}, ${signed(metric.interval.high)}]`,
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function costLine(result: EvaluationResult): string {
  const { base, tuned, usd } = result.usage;
  const input = base.inputTokens + tuned.inputTokens;
  const output = base.outputTokens + tuned.outputTokens;
  const uncounted = base.uncounted + tuned.uncounted;
  const price = usd === undefined ? 'price unknown' : formatUsd(usd);
  return `Cost: ${price} (${formatCount(input)} input and ${formatCount(output)} output tokens${uncounted > 0 ? `; ${formatCount(uncounted)} answers without token counts` : ''})`;
}

function recordsLine(result: EvaluationResult): string {
  const parts = [
    `${formatCount(result.records.length)} records scored of ${formatCount(result.heldOut)} held-out`,
  ];
  if (result.selected < result.heldOut) {
    parts[0] += ` (${formatCount(result.selected)} drawn with seed ${result.settings.seed})`;
  }
  const failedLines = new Set(result.failed.map((failure) => failure.line));
  if (failedLines.size > 0) {
    const first = result.failed[0];
    parts.push(
      `${formatCount(failedLines.size)} failed${first ? ` (line ${first.line}, ${first.model}: ${escapeAndClip(first.reason, 200)})` : ''}`,
    );
  }
  if (result.skipped.length > 0) parts.push(`${formatCount(result.skipped.length)} unusable records skipped`);
  parts.push(`temperature ${result.settings.temperature}, same settings for both models`);
  return parts.join(' · ');
}

const SHOWCASE_TITLES = {
  largestGain: 'Largest gain',
  typical: 'Typical',
  largestLoss: 'Largest loss',
} as const;

function exampleBlocks(title: string, record: RecordResult, fieldBudget: number): KnownBlock[] {
  const meteor = `METEOR ${two(record.base.scores.meteor)} → ${two(record.tuned.scores.meteor)}`;
  const rougeL = `ROUGE-L ${two(record.base.scores.rougeL)} → ${two(record.tuned.scores.rougeL)}`;
  const prompt = [
    ...(record.system ? [`[system] ${record.system}`] : []),
    ...record.history.map((turn) => `[${turn.role}] ${turn.text}`),
    record.prompt,
  ].join('\n');
  const field = (label: string, text: string): MrkdwnElement => ({
    type: 'mrkdwn',
    text: `*${label}*\n${escapeAndClip(text.trim() === '' ? '(empty)' : text, fieldBudget)}`,
  });
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${title}* · line ${record.line} · ${meteor} · ${rougeL}` },
    },
    {
      type: 'section',
      // Fields show two columns: prompt beside reference, base answer beside tuned answer.
      fields: [
        field('Prompt', prompt),
        field('Reference', record.reference),
        field('Base answer', record.base.text),
        field('Tuned answer', record.tuned.text),
      ],
    },
  ];
}

/** Characters Slack counts towards the message size: every text in the blocks and the fallback. */
export function messageCharacters(message: OutboundMessage): number {
  let total = message.text.length;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') total += inner.length;
        else visit(inner);
      }
    }
  };
  visit(message.blocks ?? []);
  return total;
}

export function evaluationMessage(input: EvaluationMessageInput): { text: string; blocks: KnownBlock[] } {
  const { result } = input;
  const model = escapeAndClip(input.modelName, 100);
  const base = escapeAndClip(input.baseModelName, 150);
  const comparison = result.comparison;
  const verdict = comparison ? capitalised(comparison.verdict.text) : 'No record could be scored.';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Did tuning help?* \`${model}\` against its base model \`${base}\`\n${verdict}.`,
      },
    },
  ];
  if (comparison) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `\`\`\`\n${comparisonTable(comparison)}\n\`\`\`` },
    });
  }
  const context: string[] = [recordsLine(result), costLine(result)];
  if (comparison) {
    context.push(
      `Difference = tuned − base; interval from ${formatCount(comparison.resamples)} paired bootstrap resamples.`,
    );
  }
  if (result.format === 'continued-pretraining') {
    context.push(
      'Continued pre-training: each held-out passage was cut in half by words; the models continued the first half (the prompt) and were scored against the second half (the reference).',
    );
  }
  if (!result.complete) {
    context.push(
      `Partial: ${formatCount(result.records.length + new Set(result.failed.map((failure) => failure.line)).size)} of ${formatCount(result.selected)} records done so far; the evaluation goes on.`,
    );
  }
  for (const note of input.notes ?? []) context.push(escapeAndClip(note, 300));
  blocks.push({
    type: 'context',
    // A context block takes at most 10 elements.
    elements: context.slice(0, 10).map((text): MrkdwnElement => ({ type: 'mrkdwn', text })),
  });

  const showcase = pickShowcase(result.records);
  const shown = (Object.keys(SHOWCASE_TITLES) as (keyof typeof SHOWCASE_TITLES)[]).filter(
    (key) => showcase[key] !== undefined,
  );
  const text = comparison
    ? `Evaluation of ${model}: ${evaluationHeadline(comparison)}. ${verdict}.`
    : `Evaluation of ${model}: no record could be scored.`;
  if (shown.length > 0) {
    blocks.push({ type: 'divider' });
    const fixed = messageCharacters({ text, blocks });
    // What is left is shared by four fields per example; each example also spends about 200
    // characters on its title line and field labels, and the closing line and a margin take 300.
    const perField = Math.min(
      FIELD_LIMIT - 20,
      Math.floor((MESSAGE_CHARACTER_BUDGET - fixed - 300 - shown.length * 200) / (shown.length * 4)),
    );
    for (const key of shown) {
      const record = showcase[key] as RecordResult;
      // With no loss at all, the "largest loss" is the smallest gain: say so.
      const title = key === 'largestLoss' && recordGain(record) >= 0 ? 'Smallest gain' : SHOWCASE_TITLES[key];
      blocks.push(...exampleBlocks(title, record, Math.max(40, perField)));
    }
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Every record with both answers and its scores is in the attached file.',
        },
      ],
    });
  }
  return { text, blocks };
}

/**
 * The attached file: one JSON object per line, the scored records in file order and then the
 * failed ones, with the full texts (nothing clipped: a file has no message limit).
 */
export function evaluationRecordsJsonl(result: EvaluationResult): string {
  const lines = result.records.map((record) =>
    JSON.stringify({
      line: record.line,
      status: 'scored',
      ...(record.system ? { system: record.system } : {}),
      ...(record.history.length > 0 ? { history: record.history } : {}),
      prompt: record.prompt,
      reference: record.reference,
      base: { answer: record.base.text, ...record.base.scores, ...tokens(record.base) },
      tuned: { answer: record.tuned.text, ...record.tuned.scores, ...tokens(record.tuned) },
      gain: recordGain(record),
    }),
  );
  for (const failure of result.failed) {
    lines.push(
      JSON.stringify({ line: failure.line, status: 'failed', model: failure.model, error: failure.reason }),
    );
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function tokens(generation: { inputTokens?: number; outputTokens?: number }) {
  return {
    ...(generation.inputTokens !== undefined ? { inputTokens: generation.inputTokens } : {}),
    ...(generation.outputTokens !== undefined ? { outputTokens: generation.outputTokens } : {}),
  };
}
