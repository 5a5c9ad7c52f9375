/**
 * The answer to a shared dataset, in its thread: the verdict, what was checked against, counts,
 * tokens and cost, and the first errors with their line numbers; the full list goes in a file
 * when there are more than fit.
 */
import type { KnownBlock } from '@slack/types';
import { formatCount, type ValidationReport } from '../../core/dataset/index.js';
import { describeTarget, type IntakeOutcome } from '../../core/intake/intake.js';
import type { OutboundMessage } from '../../core/ports.js';
import { formatUsd } from './job-card.js';
import { clip, code, LIMITS, mrkdwn } from './safe-text.js';

/** **Start training** on a stored dataset: opens the start form with it (value: the dataset id). */
export const DATASET_START_ACTION = 'dataset_start';

/** The Start button of a stored dataset, in its report and in `/tune datasets`. */
export function startDatasetButton(datasetId: string, text = 'Start training') {
  return {
    type: 'button' as const,
    action_id: DATASET_START_ACTION,
    style: 'primary' as const,
    text: { type: 'plain_text' as const, text },
    value: datasetId,
  };
}

/** The button under column guidance that checks the same file again with the guessed options. */
export const DATASET_RECHECK_ACTION = 'dataset_recheck';

/** Errors shown in the message; Slack rejects messages much past 13k characters (bolt-js#2509). */
export const ERRORS_SHOWN = 10;

export function checkingMessage(
  fileName: string,
  progress?: { phase: string; fraction: number | undefined },
): OutboundMessage {
  const share = progress?.fraction === undefined ? '' : ` ${Math.round(progress.fraction * 100)}%`;
  const text = `:hourglass_flowing_sand: ${progress ? `${progress.phase === 'converting' ? 'Converting' : 'Validating'}${share}` : 'Checking'} *${mrkdwn(fileName)}*…`;
  return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

function tokensLine(report: ValidationReport): string {
  const { tokens } = report;
  return `${formatCount(tokens.total)} tokens${tokens.exact ? '' : ' (estimated)'} · max ${formatCount(tokens.max)} · p95 ${formatCount(tokens.p95)}${tokens.limit ? ` · limit ${formatCount(tokens.limit.total ?? 0)} per record` : ''}`;
}

/** A validation message may quote the data (keys, values, JSON errors): escaped, and short. */
const ISSUE_CHARACTERS = 280;

/** Each issue's message names its line already ("line 12: …"). */
function issueLines(report: ValidationReport, label: string): string[] {
  const lines = report.errors
    .slice(0, ERRORS_SHOWN)
    .map((issue) => `• ${mrkdwn(issue.message, ISSUE_CHARACTERS)} \`${issue.code}\``);
  if (report.errorCount > ERRORS_SHOWN) {
    lines.push(
      `…and ${formatCount(report.errorCount - ERRORS_SHOWN)} more in ${label}: the full list is in the attached report.`,
    );
  }
  return lines;
}

/**
 * Why converting left records out. Without these, a file whose every element was left out read
 * only "the file is empty", which it was not.
 */
function leftOutLines(conversion: IntakeOutcome['conversion']): string[] {
  if (!conversion || conversion.issues.length === 0) return [];
  const lines = conversion.issues
    .slice(0, ERRORS_SHOWN)
    .map((issue) => `• left out: ${mrkdwn(issue.message, ISSUE_CHARACTERS)} \`${issue.code}\``);
  if (conversion.issueCount > ERRORS_SHOWN) {
    lines.push(`…and ${formatCount(conversion.issueCount - ERRORS_SHOWN)} more left out while converting.`);
  }
  return lines;
}

export function datasetReportMessage(fileName: string, outcome: IntakeOutcome): OutboundMessage {
  const { report, validationReport, conversion, entry } = outcome;
  const valid = entry !== undefined;
  const name = mrkdwn(fileName);
  // Plain text from the core (it says `--model <id>`): escaped like any other.
  const target = mrkdwn(describeTarget(outcome), LIMITS.message);
  const verdict = valid
    ? `:white_check_mark: *${name}* is ready for ${target}.`
    : `:x: *${name}* would fail ${target}: ${formatCount(report.errorCount + (validationReport?.errorCount ?? 0))} problem(s) to fix${report.records === 0 ? ' (no records)' : ''}.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: verdict } }];
  if (conversion) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          // The mapping names the file's own columns.
          text: clip(
            `Converted ${conversion.inputKind} → ${conversion.outputFormat}: ${conversion.mapping ? mrkdwn(conversion.mapping, LIMITS.message) : 'nothing usable'} · ${formatCount(conversion.inputRecords)} source record(s) → ${formatCount(conversion.written)}${conversion.duplicatesDropped ? ` · ${formatCount(conversion.duplicatesDropped)} duplicate(s) dropped` : ''}${conversion.skipped ? ` · ${formatCount(conversion.skipped)} left out` : ''}`,
            LIMITS.contextText,
          ),
        },
      ],
    });
  }
  // The price's source and date on a line of its own, in the one format every estimate uses.
  const cost = `${
    report.cost.usd === null
      ? 'unknown'
      : `${formatUsd(report.cost.usd)} for ${report.cost.epochs} epoch(s)${report.cost.low !== null && report.cost.low !== report.cost.usd ? ` (from ${formatUsd(report.cost.low)})` : ''}`
  }\nprice: ${report.cost.priceSource}`;
  blocks.push({
    type: 'section',
    fields: [
      {
        type: 'mrkdwn',
        text: `*Records*\n${formatCount(report.records)}${validationReport ? ` + ${formatCount(validationReport.records)} for validation` : ''}`,
      },
      { type: 'mrkdwn', text: `*Format*\n${report.format ?? 'not recognised'}` },
      { type: 'mrkdwn', text: `*Tokens*\n${tokensLine(report)}` },
      { type: 'mrkdwn', text: `*Estimated training cost*\n${cost}` },
    ],
  });
  if (report.tokens.overLimit > 0 || report.tokens.nearLimit > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${formatCount(report.tokens.overLimit)} record(s) over the token limit · ${formatCount(report.tokens.nearLimit)} close to it`,
        },
      ],
    });
  }
  const problems = [
    ...leftOutLines(conversion),
    ...issueLines(report, 'the training data'),
    ...(validationReport ? issueLines(validationReport, 'the validation data') : []),
  ];
  if (problems.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(problems.join('\n'), LIMITS.sectionText) },
    });
  }
  if (report.warningCount > 0) {
    const first = report.warnings.slice(0, 3).map((issue) => mrkdwn(issue.message, ISSUE_CHARACTERS));
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clip(
            `:warning: ${formatCount(report.warningCount)} warning(s): ${first.join(' · ')}`,
            LIMITS.contextText,
          ),
        },
      ],
    });
  }
  if (valid) blocks.push({ type: 'actions', elements: [startDatasetButton(entry.datasetId)] });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: valid
          ? `Stored as dataset \`${entry.datasetId}\`. Start a job with \`/tune start ${entry.datasetId}\`; \`/tune datasets\` lists this channel's datasets.`
          : 'Nothing was stored. Fix the lines above and share the file again; `tune validate <file>` shows the same report locally.',
      },
    ],
  });
  return { text: verdict.replace(/\*/g, ''), blocks };
}

/** The full report as plain text, attached when the message cannot list every error. */
export function fullReportText(fileName: string, outcome: IntakeOutcome): string {
  const lines = [`tune report for ${fileName}: ${describeTarget(outcome)}`, ''];
  if (outcome.conversion && outcome.conversion.issues.length > 0) {
    lines.push(`left out while converting: ${outcome.conversion.issueCount} issue(s)`);
    for (const issue of outcome.conversion.issues) lines.push(`  [${issue.code}] ${issue.message}`);
    lines.push('');
  }
  for (const [label, report] of [
    ['training data', outcome.report],
    ['validation data', outcome.validationReport],
  ] as const) {
    if (!report) continue;
    lines.push(
      `${label}: ${report.valid ? 'valid' : 'invalid'}, ${report.records} records, ${report.errorCount} error(s), ${report.warningCount} warning(s)`,
    );
    for (const issue of report.errors) lines.push(`  [${issue.code}] ${issue.message}`);
    if (report.truncated)
      lines.push(`  (the first ${report.errors.length} errors are listed; counts are complete)`);
    for (const issue of report.warnings) lines.push(`  warning [${issue.code}] ${issue.message}`);
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * The answer to a table whose columns tune could not map: its columns, the exact message to share
 * it again with, and (when `recheckValue` fits in a button) a button that re-checks the same file
 * with those options.
 */
export function columnsGuidanceMessage(
  fileName: string,
  guidance: { columns: readonly string[]; text: boolean; message: string | undefined },
  recheckValue: string | undefined,
): OutboundMessage {
  const name = mrkdwn(fileName);
  const columns = guidance.columns.map((column) => `\`${code(column)}\``).join(', ') || 'none';
  const question = guidance.text
    ? 'which column holds the text'
    : 'which columns hold the prompt and which the completion';
  const intro = `:mag: I can't tell ${question} in *${name}*. Its columns: ${columns}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(intro, LIMITS.sectionText) } },
  ];
  if (guidance.message) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `Share the file again with this message (several columns are joined in order):\n\`\`\`${code(guidance.message, LIMITS.message)}\`\`\``,
          LIMITS.sectionText,
        ),
      },
    });
    if (recheckValue) {
      blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: DATASET_RECHECK_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Check with these columns' },
            value: recheckValue,
          },
        ],
      });
    }
  } else {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: guidance.text
            ? 'Share the file again with `--text-column <column>`.'
            : 'Share the file again with `--prompt-column <column,column> --completion-column <column>`.',
        },
      ],
    });
  }
  return { text: intro.replace(/\*/g, ''), blocks };
}
