/**
 * `tune validate <file> --model <id> --type fine-tuning|continued-pretraining [--validation] [--json]`:
 * every problem Bedrock would fail the job on, by line, with the token count and the estimated
 * training cost. Exit 0 when valid, 1 when invalid, 2 on a usage or I/O error.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  CUSTOMIZATION_TYPE_NAMES,
  customizationTypeLabel,
  lifecycleNotice,
  requireSpec,
} from '../../core/catalog/index.js';
import {
  formatBytes,
  formatCount,
  type ValidationReport,
  validateDataset,
} from '../../core/dataset/index.js';
import type { CustomizationType } from '../../core/jobs/job.js';
import { formatUsd, formatUsdRange } from '../../core/money.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';
import { describeOptionError, modelOption } from '../options.js';
import { countingBytes, progressBar } from '../progress.js';

const USAGE = `Usage: tune validate <file> --model <id> --type fine-tuning|continued-pretraining
         [--validation] [--batch-size <n>] [--epochs <n>] [--max-errors <n>] [--json]

Checks a JSONL dataset against the model's documented rules: UTF-8, one JSON object per line, the
record format, fields and their types, roles, reserved strings, the per-record token limit, record
counts and file size. Lists every problem with its line; reports tokens and the estimated cost.

Options:
  --model <id>        customizable model id or alias (see \`tune models\`), e.g. nova-micro
  --type <type>       fine-tuning or continued-pretraining
  --validation        the file is a validation set (its own record limits)
  --batch-size <n>    batch size of the job, on which Titan's token limit depends (default: the
                      model's)
  --epochs <n>        epochs for the cost estimate (default: the model's)
  --max-errors <n>    problems kept in the report (default 1000; all are counted)
  --json              print one JSON object: valid, format, records, errors, warnings, tokens, cost

Exit status: 0 valid, 1 invalid, 2 usage or I/O error.

Examples:
  tune validate train.jsonl --model nova-micro --type fine-tuning
  tune validate holdout.jsonl --model nova-micro --type fine-tuning --validation --json
  tune validate train.jsonl --model llama3.1-8b --type fine-tuning --epochs 3`;

/** Problems printed in the human report; the rest are counted (and all are in --json, up to --max-errors). */
const SHOWN_ERRORS = 50;
const SHOWN_WARNINGS = 20;

export interface ValidateArguments {
  file: string;
  model: string;
  type: CustomizationType;
  validation: boolean;
  json: boolean;
  batchSize?: number;
  epochs?: number;
  maxErrors?: number;
}

export function parseCustomizationType(value: string | undefined, option: string): CustomizationType {
  if (value === undefined) throw new UsageError(`missing ${option} fine-tuning|continued-pretraining`);
  const type = CUSTOMIZATION_TYPE_NAMES[value];
  if (!type) throw new UsageError(`${option} must be fine-tuning or continued-pretraining (got "${value}")`);
  return type;
}

export function parsePositiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`${option} must be a whole number of 1 or more (got "${value}")`);
  return number;
}

/**
 * node:util's parseArgs (positionals allowed, unknown options refused), its errors as usage errors
 * that name the option and what it needs.
 */
export function parseOptions<Config extends ParseArgsConfig>(config: Config) {
  try {
    return parseArgs<Config>(config);
  } catch (error) {
    throw new UsageError(describeOptionError(error, config.options ?? {}));
  }
}

function parseArguments(args: string[]): ValidateArguments {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      type: { type: 'string' },
      validation: { type: 'boolean' },
      json: { type: 'boolean' },
      'batch-size': { type: 'string' },
      epochs: { type: 'string' },
      'max-errors': { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing the dataset file to validate');
  if (extra.length > 0) throw new UsageError(`one file only (got ${file} and ${extra.join(', ')})`);
  if (values.model === undefined)
    throw new UsageError('missing --model <id> (run `tune models` for the list)');
  const parsed: ValidateArguments = {
    file,
    model: values.model,
    type: parseCustomizationType(values.type, '--type'),
    validation: values.validation ?? false,
    json: values.json ?? false,
  };
  const batchSize = parsePositiveInteger(values['batch-size'], '--batch-size');
  const epochs = parsePositiveInteger(values.epochs, '--epochs');
  const maxErrors = parsePositiveInteger(values['max-errors'], '--max-errors');
  if (batchSize !== undefined) parsed.batchSize = batchSize;
  if (epochs !== undefined) parsed.epochs = epochs;
  if (maxErrors !== undefined) parsed.maxErrors = maxErrors;
  return parsed;
}

/** The `--json` object: the fields the issue names first, then the details. */
export function reportJson(report: ValidationReport): Record<string, unknown> {
  const brief = (issue: { line: number | null; code: string; message: string }) => ({
    line: issue.line,
    code: issue.code,
    message: issue.message,
  });
  return {
    valid: report.valid,
    format: report.format,
    records: report.records,
    errors: report.errors.map(brief),
    warnings: report.warnings.map(brief),
    tokens: report.tokens,
    cost: report.cost,
    model: report.model,
    customizationType: report.customizationType,
    role: report.role,
    expectedFormat: report.expectedFormat,
    bytes: report.bytes,
    lines: report.lines,
    errorCount: report.errorCount,
    errorCounts: report.errorCounts,
    warningCount: report.warningCount,
    warningCounts: report.warningCounts,
    truncated: report.truncated,
    limits: report.limits,
  };
}

export { formatUsd };

/** The report as a person reads it in a terminal. */
export function formatReport(report: ValidationReport, file: string): string {
  const lines: string[] = [];
  const what = `${report.model.name} ${customizationTypeLabel(report.customizationType)} (${report.role} file)`;
  lines.push(report.valid ? `✓ ${file} is valid for ${what}` : `✗ ${file} is not valid for ${what}`);
  lines.push(
    `  format ${report.format ?? 'unknown'} · ${formatCount(report.records)} record${report.records === 1 ? '' : 's'} · ${formatBytes(report.bytes)}`,
  );
  const tokens = report.tokens;
  lines.push(
    `  tokens ${formatCount(tokens.total)} total, max ${formatCount(tokens.max)}, p95 ${formatCount(tokens.p95)}, mean ${formatCount(tokens.mean)} (${tokens.description})`,
  );
  if (tokens.limit) {
    const limit = tokens.limit;
    const parts = [
      limit.total !== undefined ? `${formatCount(limit.total)} per record` : '',
      limit.input !== undefined && limit.input !== limit.total ? `${formatCount(limit.input)} prompt` : '',
      limit.output !== undefined && limit.output !== limit.total
        ? `${formatCount(limit.output)} completion`
        : '',
    ].filter((part) => part !== '');
    const batch = limit.batchSizes ? ` at batchSize ${limit.batchSizes.min}-${limit.batchSizes.max}` : '';
    lines.push(
      `  limit ${parts.join(', ')}${batch}${limit.confirmed ? '' : ' (unconfirmed)'} · ${formatCount(tokens.overLimit)} over · ${formatCount(tokens.nearLimit)} near`,
    );
  } else {
    lines.push('  limit unknown for this model: record lengths not checked');
  }
  const cost = report.cost;
  if (cost.usd === null) {
    lines.push(
      `  cost unknown: ${formatCount(cost.billedTokens)} tokens billed over ${cost.epochs} epochs; price: ${cost.priceSource}`,
    );
  } else {
    const range =
      cost.low !== null && cost.low !== cost.usd ? ` (${formatUsdRange(cost.low, cost.usd)})` : '';
    lines.push(
      `  cost ≈ ${formatUsd(cost.usd)} for ${cost.epochs} epochs${range}, training only; price: ${cost.priceSource}`,
    );
  }
  for (const reason of cost.uncertainty) lines.push(`       ${reason}`);
  if (report.errorCount > 0) {
    lines.push('', `errors (${formatCount(report.errorCount)}):`);
    for (const issue of report.errors.slice(0, SHOWN_ERRORS))
      lines.push(`  ${issue.message} [${issue.code}]`);
    const hidden = report.errorCount - Math.min(report.errors.length, SHOWN_ERRORS);
    if (hidden > 0)
      lines.push(
        `  … and ${formatCount(hidden)} more (${summarizeCounts(report.errorCounts)}); --json lists them`,
      );
  }
  if (report.warningCount > 0) {
    lines.push('', `warnings (${formatCount(report.warningCount)}):`);
    for (const issue of report.warnings.slice(0, SHOWN_WARNINGS))
      lines.push(`  ${issue.message} [${issue.code}]`);
    const hidden = report.warningCount - Math.min(report.warnings.length, SHOWN_WARNINGS);
    if (hidden > 0)
      lines.push(`  … and ${formatCount(hidden)} more (${summarizeCounts(report.warningCounts)})`);
  }
  return `${lines.join('\n')}\n`;
}

function summarizeCounts(counts: Partial<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([code, count]) => `${code} ${formatCount(count ?? 0)}`)
    .join(', ');
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseArguments(args);
  const model = modelOption(parsed.model);
  requireSpec(model, parsed.type);
  // On stderr, so that --json output stays one JSON object.
  const notice = lifecycleNotice(model);
  if (notice) io.stderr(`tune validate: ${notice}\n`);
  const path = resolve(io.cwd, parsed.file);
  const info = await stat(path);
  if (!info.isFile()) throw new UsageError(`${parsed.file} is not a file`);
  const progress = progressBar(io, {
    label: `validating ${parsed.file}`,
    total: info.size,
    unit: 'bytes',
    quiet: parsed.json,
  });
  let report: ValidationReport;
  try {
    report = await validateDataset(countingBytes(createReadStream(path), progress), {
      model,
      customizationType: parsed.type,
      role: parsed.validation ? 'validation' : 'training',
      totalBytes: info.size,
      ...(parsed.batchSize === undefined ? {} : { batchSize: parsed.batchSize }),
      ...(parsed.epochs === undefined ? {} : { epochs: parsed.epochs }),
      ...(parsed.maxErrors === undefined ? {} : { maxStoredErrors: parsed.maxErrors }),
    });
  } finally {
    progress.finish();
  }
  io.stdout(parsed.json ? `${JSON.stringify(reportJson(report))}\n` : formatReport(report, parsed.file));
  return report.valid ? EXIT.ok : EXIT.invalid;
}

export const command: CliCommand = {
  summary: 'check a JSONL dataset against a model’s rules: every problem by line, tokens and cost',
  usage: USAGE,
  run,
};
