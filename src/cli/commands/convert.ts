/**
 * `tune convert <file> --to fine-tuning|continued-pretraining --model <id> [--split 0.1] -o <out>`:
 * CSV, TSV, JSON arrays, JSON Lines (Dolly, Alpaca, question/answer, named columns), text, Markdown
 * or PDF into the JSONL the model reads, then validates what it wrote. Exit 0 when the output is
 * valid, 1 when it is not (or nothing could be converted), 2 on a usage or I/O error.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { customizationTypeLabel, lifecycleNotice, requireSpec } from '../../core/catalog/index.js';
import {
  type ConversionSummary,
  convertDataset,
  formatCount,
  INPUT_KINDS,
  type InputKind,
  type ValidationReport,
  validateDataset,
} from '../../core/dataset/index.js';
import type { CustomizationType } from '../../core/jobs/job.js';
import { describeError } from '../errors.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';
import { modelOption } from '../options.js';
import { countingBytes, progressBar } from '../progress.js';
import {
  formatUsd,
  parseCustomizationType,
  parseOptions,
  parsePositiveInteger,
  reportJson,
} from './validate.js';

const USAGE = `Usage: tune convert <file> --to fine-tuning|continued-pretraining --model <id> -o <out>
         [--split 0.1 [--seed 1]] [--prompt-column <a,b>] [--completion-column <c>] [--json]

Fine-tuning: CSV/TSV (header row), a JSON array or JSON Lines of prompt/completion, Dolly
{instruction, context, response}, Alpaca {instruction, input, output}, question/answer, or any
columns you name, into records in the model's format. Continued pre-training: text, Markdown, PDF,
or a text column, into {"input"} records cut under the model's token limit on paragraph and
sentence boundaries. The output is validated afterwards.

Options:
  --to <type>                 fine-tuning or continued-pretraining
  --model <id>                customizable model id or alias (see \`tune models\`)
  -o, --output <file>         where to write the JSONL (training records)
  --split <fraction>          also write a validation set (e.g. 0.1) to <out>.validation.jsonl,
                              capped at the model's validation limit
  --seed <n>                  seed of the --split's random choice (default 1): the same seed and
                              input give the same split
  --prompt-column <a,b>       column(s) or key(s) joined into the prompt
  --completion-column <c>     column(s) or key(s) joined into the completion
  --text-column <t>           column(s) or key(s) holding text, for continued pre-training
  --system <text>             system prompt, for models whose format has one
  --format <kind>             input kind when the extension misleads:
                              ${INPUT_KINDS.join(', ')}
  --dedupe                    drop records identical to an earlier one
  --batch-size <n>            batch size of the job (Titan's token limit depends on it)
  --margin <fraction>         share of the token limit left free in each chunk (default 0.1)
  --overlap <tokens>          tokens repeated between consecutive chunks (default 0)
  --json                      print the conversion summary and validation as one JSON object

Problems are listed with the line of <file> they come from (a CSV row's first line).
Exit status: 0 when every file written is valid, 1 when not (or nothing could be converted),
2 usage or I/O error.

Examples:
  tune convert faq.csv --to fine-tuning --model nova-micro \\
    --prompt-column question --completion-column answer --split 0.1 -o train.jsonl
  tune convert dolly.jsonl --to fine-tuning --model llama3.1-8b --dedupe -o train.jsonl
  tune convert handbook.md --to continued-pretraining --model titan-text-express \\
    --overlap 50 -o handbook.jsonl`;

interface ConvertArguments {
  file: string;
  to: CustomizationType;
  model: string;
  output: string;
  split?: number;
  seed: number;
  promptColumns?: string[];
  completionColumns?: string[];
  textColumns?: string[];
  system?: string;
  format?: InputKind;
  dedupe: boolean;
  batchSize?: number;
  margin?: number;
  overlap?: number;
  json: boolean;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  return names.length > 0 ? names : undefined;
}

function fraction(value: string | undefined, option: string, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number >= 1 || number < 0 || (!allowZero && number === 0)) {
    throw new UsageError(
      `${option} must be a fraction ${allowZero ? 'from 0' : 'above 0'} and below 1, such as 0.1 (got "${value}")`,
    );
  }
  return number;
}

function parseArguments(args: string[]): ConvertArguments {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      to: { type: 'string' },
      model: { type: 'string' },
      output: { type: 'string', short: 'o' },
      split: { type: 'string' },
      seed: { type: 'string' },
      'prompt-column': { type: 'string' },
      'completion-column': { type: 'string' },
      'text-column': { type: 'string' },
      system: { type: 'string' },
      format: { type: 'string' },
      dedupe: { type: 'boolean' },
      'batch-size': { type: 'string' },
      margin: { type: 'string' },
      overlap: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing the file to convert');
  if (extra.length > 0) throw new UsageError(`one file only (got ${file} and ${extra.join(', ')})`);
  if (values.model === undefined)
    throw new UsageError('missing --model <id> (run `tune models` for the list)');
  if (values.output === undefined) throw new UsageError('missing -o <out.jsonl>: where to write the records');
  if (values.format !== undefined && !(INPUT_KINDS as readonly string[]).includes(values.format)) {
    throw new UsageError(`--format must be one of ${INPUT_KINDS.join(', ')} (got "${values.format}")`);
  }
  let overlap: number | undefined;
  if (values.overlap !== undefined) {
    overlap = Number(values.overlap);
    if (!Number.isInteger(overlap) || overlap < 0) {
      throw new UsageError(`--overlap must be a whole number of tokens, 0 or more (got "${values.overlap}")`);
    }
  }
  const parsed: ConvertArguments = {
    file,
    to: parseCustomizationType(values.to, '--to'),
    model: values.model,
    output: values.output,
    seed: values.seed === undefined ? 1 : Number(values.seed),
    dedupe: values.dedupe ?? false,
    json: values.json ?? false,
  };
  if (!Number.isInteger(parsed.seed))
    throw new UsageError(`--seed must be a whole number (got "${values.seed}")`);
  const split = fraction(values.split, '--split', false);
  const margin = fraction(values.margin, '--margin', true);
  const batchSize = parsePositiveInteger(values['batch-size'], '--batch-size');
  const promptColumns = list(values['prompt-column']);
  const completionColumns = list(values['completion-column']);
  const textColumns = list(values['text-column']);
  if (split !== undefined) parsed.split = split;
  if (margin !== undefined) parsed.margin = margin;
  if (overlap !== undefined) parsed.overlap = overlap;
  if (batchSize !== undefined) parsed.batchSize = batchSize;
  if (promptColumns) parsed.promptColumns = promptColumns;
  if (completionColumns) parsed.completionColumns = completionColumns;
  if (textColumns) parsed.textColumns = textColumns;
  if (values.system !== undefined) parsed.system = values.system;
  if (values.format !== undefined) parsed.format = values.format as InputKind;
  return parsed;
}

/** `out.jsonl` → `out.validation.jsonl`. */
export function validationPath(output: string): string {
  return output.endsWith('.jsonl')
    ? `${output.slice(0, -'.jsonl'.length)}.validation.jsonl`
    : `${output}.validation.jsonl`;
}

/**
 * Writes lines to a file, waiting when the stream's buffer is full, and remembers the source line
 * of each, so that its validation can cite the lines of the file the person gave.
 */
class LineFile {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  /** The source line of each line written; undefined once one had none (a chunk of text). */
  private sources: number[] | undefined = [];

  private constructor(stream: WriteStream) {
    this.stream = stream;
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /**
   * Opens the file before anything is converted. A stream that fails to open emits its error and
   * closes before any write could wait on it, so waiting for 'drain' or 'close' later would hang
   * (node then exits 13 with nothing said): the failure is raised here instead, naming -o.
   */
  static async open(path: string, named: string): Promise<LineFile> {
    const stream = createWriteStream(path);
    try {
      await once(stream, 'open');
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      const why =
        code === 'ENOENT'
          ? 'its folder does not exist'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'it is a folder'
              : describeError(error);
      throw new UsageError(`${named}: cannot write there (${why}); give a file in a folder you can write to`);
    }
    return new LineFile(stream);
  }

  async write(line: string, sourceLine: number | undefined): Promise<void> {
    if (this.failure) throw this.failure;
    if (sourceLine === undefined) this.sources = undefined;
    else this.sources?.push(sourceLine);
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain');
  }

  /** Line n of this file → the source line it came from; undefined when some line has none. */
  get sourceLine(): ((line: number) => number) | undefined {
    const sources = this.sources;
    return sources && sources.length > 0 ? (line) => sources[line - 1] ?? line : undefined;
  }

  async close(): Promise<void> {
    // After a failure the stream is closed already, and 'close' would never come again.
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close');
    }
    if (this.failure) throw this.failure;
  }
}

interface CheckedOutput {
  path: string;
  report: ValidationReport;
  /** The file whose line numbers the report cites: the source, or the output itself. */
  linesOf: string;
}

/** Problems of a converted file listed in full; `tune validate` on it lists them all. */
const SHOWN_OUTPUT_ERRORS = 10;
const SHOWN_OUTPUT_WARNINGS = 10;

function formatSummary(summary: ConversionSummary, outputs: CheckedOutput[], label: string): string {
  const lines: string[] = [];
  lines.push(
    `converted ${summary.inputKind} → ${summary.outputFormat} for ${label}: ${summary.mapping || 'no records'}`,
    `  ${formatCount(summary.inputRecords)} source record(s) → ${formatCount(summary.written)} written` +
      (summary.validation > 0
        ? ` (${formatCount(summary.training)} training, ${formatCount(summary.validation)} validation)`
        : '') +
      (summary.duplicatesDropped > 0
        ? ` · ${formatCount(summary.duplicatesDropped)} duplicate(s) dropped`
        : '') +
      (summary.skipped > 0 ? ` · ${formatCount(summary.skipped)} left out` : ''),
  );
  if (summary.chunkTokens !== undefined) {
    lines.push(
      `  chunks of at most ${formatCount(summary.chunkTokens)} tokens${summary.tokens.exact ? '' : ' (estimated)'}`,
    );
  }
  for (const issue of summary.issues.slice(0, 20)) lines.push(`  ${issue.message} [${issue.code}]`);
  if (summary.issueCount > 20) lines.push(`  … and ${formatCount(summary.issueCount - 20)} more`);
  for (const { path, report, linesOf } of outputs) {
    const cost =
      report.cost.usd === null
        ? `cost unknown (price: ${report.cost.priceSource})`
        : `≈ ${formatUsd(report.cost.usd)} for ${report.cost.epochs} epochs (price: ${report.cost.priceSource})`;
    lines.push(
      `${report.valid ? '✓' : '✗'} ${path}: ${formatCount(report.records)} records, ${formatCount(report.tokens.total)} tokens (max ${formatCount(report.tokens.max)}), ${cost}`,
    );
    if (report.errorCount + report.warningCount > 0 && linesOf !== path)
      lines.push(`  (line numbers are those of ${linesOf})`);
    for (const issue of report.errors.slice(0, SHOWN_OUTPUT_ERRORS))
      lines.push(`  ${issue.message} [${issue.code}]`);
    if (report.errorCount > SHOWN_OUTPUT_ERRORS)
      lines.push(
        `  … and ${formatCount(report.errorCount - SHOWN_OUTPUT_ERRORS)} more: run \`tune validate\` on it`,
      );
    // The warnings Slack shows for a shared file: the same texts from the validator.
    if (report.warningCount > 0) {
      lines.push(`  warnings (${formatCount(report.warningCount)}):`);
      for (const issue of report.warnings.slice(0, SHOWN_OUTPUT_WARNINGS))
        lines.push(`    ${issue.message} [${issue.code}]`);
      if (report.warningCount > SHOWN_OUTPUT_WARNINGS)
        lines.push(`    … and ${formatCount(report.warningCount - SHOWN_OUTPUT_WARNINGS)} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseArguments(args);
  const model = modelOption(parsed.model);
  requireSpec(model, parsed.to);
  // On stderr, so that --json output stays one JSON object.
  const notice = lifecycleNotice(model);
  if (notice) io.stderr(`tune convert: ${notice}\n`);
  const input = resolve(io.cwd, parsed.file);
  const info = await stat(input);
  if (!info.isFile()) throw new UsageError(`${parsed.file} is not a file`);
  const trainingPath = resolve(io.cwd, parsed.output);
  if (trainingPath === input) throw new UsageError('-o must name a different file from the input');
  const validationFile = parsed.split === undefined ? undefined : validationPath(trainingPath);
  const training = await LineFile.open(trainingPath, `-o ${parsed.output}`);
  let validation: LineFile | undefined;
  try {
    validation = validationFile
      ? await LineFile.open(
          validationFile,
          `${relativeTo(io.cwd, validationFile)} (the --split file beside -o)`,
        )
      : undefined;
  } catch (error) {
    await training.close();
    await rm(trainingPath, { force: true });
    throw error;
  }
  let summary: ConversionSummary;
  const converting = progressBar(io, {
    label: `converting ${parsed.file}`,
    total: info.size,
    unit: 'bytes',
    quiet: parsed.json,
  });
  try {
    summary = await convertDataset(countingBytes(createReadStream(input), converting), {
      model,
      target: parsed.to,
      fileName: basename(input),
      dedupe: parsed.dedupe,
      writeTraining: (line, sourceLine) => training.write(line, sourceLine),
      ...(validation
        ? {
            writeValidation: (line: string, sourceLine: number | undefined) =>
              validation.write(line, sourceLine),
          }
        : {}),
      ...(parsed.split === undefined ? {} : { split: { fraction: parsed.split, seed: parsed.seed } }),
      ...(parsed.format ? { inputKind: parsed.format } : {}),
      ...(parsed.promptColumns ? { promptColumns: parsed.promptColumns } : {}),
      ...(parsed.completionColumns ? { completionColumns: parsed.completionColumns } : {}),
      ...(parsed.textColumns ? { textColumns: parsed.textColumns } : {}),
      ...(parsed.system === undefined ? {} : { system: parsed.system }),
      ...(parsed.batchSize === undefined ? {} : { batchSize: parsed.batchSize }),
      ...(parsed.margin === undefined ? {} : { margin: parsed.margin }),
      ...(parsed.overlap === undefined ? {} : { overlapTokens: parsed.overlap }),
    });
  } catch (error) {
    converting.finish();
    // A half-written output would pass for a dataset; remove it so only complete ones exist.
    await training.close().catch(() => undefined);
    await validation?.close().catch(() => undefined);
    await rm(trainingPath, { force: true });
    if (validationFile) await rm(validationFile, { force: true });
    throw error;
  }
  converting.finish();
  await training.close();
  await validation?.close();
  const outputs: CheckedOutput[] = [];
  const checks: [string, 'training' | 'validation', LineFile][] = [[trainingPath, 'training', training]];
  if (validationFile && validation) checks.push([validationFile, 'validation', validation]);
  for (const [path, role, file] of checks) {
    // Its problems cite the lines of the file the person gave, where each record has one.
    const sourceLine = file.sourceLine;
    const shown = parsed.output === path ? path : relativeTo(io.cwd, path);
    const checking = progressBar(io, {
      label: `checking ${shown}`,
      total: (await stat(path)).size,
      unit: 'bytes',
      quiet: parsed.json,
    });
    let report: ValidationReport;
    try {
      report = await validateDataset(countingBytes(createReadStream(path), checking), {
        model,
        customizationType: parsed.to,
        role,
        ...(parsed.batchSize === undefined ? {} : { batchSize: parsed.batchSize }),
        companionRecords: role === 'training' ? summary.validation : summary.training,
        ...(sourceLine ? { sourceLine } : {}),
      });
    } finally {
      checking.finish();
    }
    outputs.push({ path: shown, report, linesOf: sourceLine ? parsed.file : shown });
  }
  if (parsed.json) {
    io.stdout(
      `${JSON.stringify({
        conversion: summary,
        outputs: outputs.map(({ path, report, linesOf }) => ({ path, linesOf, ...reportJson(report) })),
      })}\n`,
    );
  } else {
    io.stdout(formatSummary(summary, outputs, `${model.name} ${customizationTypeLabel(parsed.to)}`));
  }
  const valid = summary.written > 0 && outputs.every(({ report }) => report.valid);
  return valid ? EXIT.ok : EXIT.invalid;
}

function relativeTo(cwd: string, path: string): string {
  const prefix = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

export const command: CliCommand = {
  summary: 'CSV, JSON, Dolly/Alpaca, text, Markdown or PDF into a model’s JSONL, split and checked',
  usage: USAGE,
  run,
};
