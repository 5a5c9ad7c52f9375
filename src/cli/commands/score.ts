/**
 * `tune score <file.jsonl> [--json]`: METEOR and ROUGE-1/2/L of each line's prediction against its
 * reference(s), as fmeval computes them, and their means.
 *
 * `tune score --compare base.jsonl tuned.jsonl [--json]`: the same for two files holding the same
 * references in the same order (a base and a tuned model's answers), and per metric the difference
 * with a 95% paired-bootstrap interval and a verdict (src/core/evaluation/bootstrap.ts).
 *
 * Exit 0 when scored, 1 on a malformed line or mismatched files (the message names the line and the
 * field), 2 on usage or I/O errors.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type ComparisonSummary,
  compareScores,
  METRIC_LABELS,
  METRIC_NAMES,
  type MetricScores,
  type ScorePairInput,
  scoreDataset,
} from '../../core/evaluation/index.js';
import { scanScoreRecords } from '../../core/evaluation/records.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';
import { unknownOption } from '../options.js';
import { countingItems, type Progress, progressBar } from '../progress.js';

const USAGE = `Usage: tune score <file.jsonl> [--json]
       tune score --compare <base.jsonl> <tuned.jsonl> [--json]

Scores each line {"prediction": "...", "reference": "..." | ["...", ...]} with METEOR (NLTK) and
ROUGE-1, ROUGE-2 and ROUGE-L F-measures (rouge_score, stemmed), as fmeval reports them. With several
references each metric takes its best reference. Prints the means; --json prints
{"records", "mean", "perRecord"} instead.

--compare scores two files whose lines hold the same references in the same order (a base and a
tuned model's predictions) and prints, per metric, both means, the difference, its 95% interval
from 1,000 paired bootstrap resamples (fixed seed) and a verdict; --json prints the same figures.

A line of the file:
  {"prediction": "Paris is the capital.", "reference": ["Paris", "The capital is Paris."]}

Exit status: 0 scored, 1 bad lines (each is named) or files that do not pair, 2 usage or I/O error.

Examples:
  tune score predictions.jsonl
  tune score --compare base.jsonl tuned.jsonl --json`;

type ScoreArguments =
  | { mode: 'single'; file: string; json: boolean }
  | { mode: 'compare'; base: string; tuned: string; json: boolean };

function parseArguments(args: readonly string[]): ScoreArguments {
  const files: string[] = [];
  let json = false;
  let compare = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg === '--compare') compare = true;
    else if (arg.startsWith('-') && arg !== '-')
      throw new UsageError(unknownOption(arg, ['json', 'compare']));
    else files.push(arg);
  }
  if (compare) {
    if (files.length !== 2) {
      throw new UsageError(
        `--compare takes two files, the base and the tuned predictions (got ${files.length})`,
      );
    }
    return { mode: 'compare', base: files[0] as string, tuned: files[1] as string, json };
  }
  if (files.length === 0) throw new UsageError('missing the .jsonl file to score');
  if (files.length > 1)
    throw new UsageError(`one file only (got ${files[0]} and ${files[1]}); use --compare for two`);
  return { mode: 'single', file: files[0] as string, json };
}

function formatTable(records: number, mean: MetricScores): string {
  const rows = METRIC_NAMES.map((name) => `  ${name.padEnd(8)}${mean[name].toFixed(4)}`);
  return `${records} record${records === 1 ? '' : 's'}\nmean\n${rows.join('\n')}\n`;
}

const signed = (value: number) => `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(4)}`;

export function formatComparison(summary: ComparisonSummary): string {
  const header = [
    'metric',
    'base',
    'tuned',
    'difference',
    `${Math.round(summary.confidence * 100)}% interval`,
  ];
  const rows = METRIC_NAMES.map((name) => {
    const metric = summary.metrics[name];
    return [
      METRIC_LABELS[name],
      metric.base.toFixed(4),
      metric.tuned.toFixed(4),
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
  return [
    `${summary.records} paired record${summary.records === 1 ? '' : 's'}`,
    line(header),
    ...rows.map(line),
    `verdict: ${summary.verdict.text}`,
    `(paired bootstrap: ${summary.resamples} resamples, seed ${summary.seed})`,
    '',
  ].join('\n');
}

interface Loaded {
  file: string;
  records: { line: number; record: ScorePairInput }[];
}

/** Bad lines printed; the rest are counted (as \`tune validate\` shows its first 50 errors). */
const SHOWN_PROBLEMS = 50;

/**
 * Reads and parses one file. Every bad line is printed (the first 50, the rest counted) and the
 * file is then undefined, which becomes exit 1: one run names all the lines to fix.
 */
async function load(file: string, io: CliIo): Promise<Loaded | undefined> {
  const text = await readFile(resolve(io.cwd, file), 'utf8');
  const scan = scanScoreRecords(text, SHOWN_PROBLEMS);
  if (scan.problemCount === 1 && scan.problems[0]) {
    io.stderr(`tune score: ${file}: ${scan.problems[0].error.message}\n`);
    return undefined;
  }
  if (scan.problemCount > 1) {
    const lines = [
      `tune score: ${file} has ${scan.problemCount.toLocaleString('en-US')} bad lines; fix them and run again:`,
      ...scan.problems.map((problem) => `  ${problem.error.message}`),
    ];
    const hidden = scan.problemCount - scan.problems.length;
    if (hidden > 0) lines.push(`  … and ${hidden.toLocaleString('en-US')} more`);
    io.stderr(`${lines.join('\n')}\n`);
    return undefined;
  }
  if (scan.records.length === 0) {
    io.stderr(`tune score: ${file}: no records (every line is empty): give one JSON object per line\n`);
    return undefined;
  }
  return { file, records: scan.records };
}

/** Why the two files cannot be paired, naming the lines; undefined when they pair. */
export function pairingProblem(base: Loaded, tuned: Loaded): string | undefined {
  const count = Math.min(base.records.length, tuned.records.length);
  for (let index = 0; index < count; index++) {
    const left = base.records[index] as Loaded['records'][number];
    const right = tuned.records[index] as Loaded['records'][number];
    if (JSON.stringify(left.record.reference) !== JSON.stringify(right.record.reference)) {
      return `record ${index + 1} has different references: line ${left.line} of ${base.file} and line ${right.line} of ${tuned.file}; both files must hold the same references in the same order`;
    }
  }
  if (base.records.length !== tuned.records.length) {
    return `${base.file} has ${base.records.length} records and ${tuned.file} has ${tuned.records.length}; both files must hold the same references in the same order`;
  }
  return undefined;
}

async function runCompare(
  arguments_: { base: string; tuned: string; json: boolean },
  io: CliIo,
): Promise<ExitCode> {
  // Both files are read before giving up, so that one run names the bad lines of each.
  const base = await load(arguments_.base, io);
  const tuned = await load(arguments_.tuned, io);
  if (!base || !tuned) return EXIT.invalid;
  const problem = pairingProblem(base, tuned);
  if (problem) {
    io.stderr(`tune score --compare: ${problem}\n`);
    return EXIT.invalid;
  }
  const progress = scoring(
    io,
    `scoring ${base.file} and ${tuned.file}`,
    base.records.length * 2,
    arguments_.json,
  );
  let summary: ComparisonSummary;
  try {
    const baseScores = scoreDataset(countingItems(pairs(base), progress));
    const tunedScores = scoreDataset(countingItems(pairs(tuned), progress, base.records.length));
    summary = compareScores(baseScores.perRecord, tunedScores.perRecord);
  } finally {
    progress.finish();
  }
  io.stdout(arguments_.json ? `${JSON.stringify(summary)}\n` : formatComparison(summary));
  return EXIT.ok;
}

function pairs(loaded: Loaded): ScorePairInput[] {
  return loaded.records.map((numbered) => numbered.record);
}

/** Thousands of pairs take seconds to score: a bar on a terminal, nothing when piped or with --json. */
function scoring(io: CliIo, label: string, total: number, json: boolean): Progress {
  return progressBar(io, { label, total, unit: { one: 'pair', many: 'pairs' }, quiet: json });
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseArguments(args);
  if (parsed.mode === 'compare') return runCompare(parsed, io);
  const loaded = await load(parsed.file, io);
  if (!loaded) return EXIT.invalid;
  const progress = scoring(io, `scoring ${loaded.file}`, loaded.records.length, parsed.json);
  let result: ReturnType<typeof scoreDataset>;
  try {
    result = scoreDataset(countingItems(pairs(loaded), progress));
  } finally {
    progress.finish();
  }
  io.stdout(parsed.json ? `${JSON.stringify(result)}\n` : formatTable(result.records, result.mean));
  return EXIT.ok;
}

export const command: CliCommand = {
  summary: 'METEOR and ROUGE of predictions against references, as fmeval; --compare two models',
  usage: USAGE,
  run,
};
