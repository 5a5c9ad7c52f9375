/**
 * `tune score <file.jsonl> [--json]`: METEOR and ROUGE-1/2/L of each line's prediction against its
 * reference(s), as fmeval computes them, and their means. Exit 0 when scored, 1 on a malformed line
 * (the message names the line and the field), 2 on usage or I/O errors.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { METRIC_NAMES, type MetricScores, scoreDataset } from '../../core/evaluation/index.js';
import { parseScoreRecords } from '../../core/evaluation/records.js';
import { describeError } from '../errors.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';

const USAGE = `Usage: tune score <file.jsonl> [--json]

Scores each line {"prediction": "...", "reference": "..." | ["...", ...]} with METEOR (NLTK) and
ROUGE-1, ROUGE-2 and ROUGE-L F-measures (rouge_score, stemmed), as fmeval reports them. With several
references each metric takes its best reference. Prints the means; --json prints
{"records", "mean", "perRecord"} instead.`;

interface ScoreArguments {
  file: string;
  json: boolean;
}

function parseArguments(args: readonly string[]): ScoreArguments {
  let file: string | undefined;
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one file only (got ${file} and ${arg})`);
  }
  if (file === undefined) throw new UsageError('missing the .jsonl file to score');
  return { file, json };
}

function formatTable(records: number, mean: MetricScores): string {
  const rows = METRIC_NAMES.map((name) => `  ${name.padEnd(8)}${mean[name].toFixed(4)}`);
  return `${records} record${records === 1 ? '' : 's'}\nmean\n${rows.join('\n')}\n`;
}

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  const { file, json } = parseArguments(args);
  const text = await readFile(resolve(io.cwd, file), 'utf8');
  let records: ReturnType<typeof parseScoreRecords>;
  try {
    records = parseScoreRecords(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`tune score: ${file}: ${describeError(error)}\n`);
    return EXIT.invalid;
  }
  if (records.length === 0) {
    io.stderr(`tune score: ${file}: no records (every line is empty)\n`);
    return EXIT.invalid;
  }
  const result = scoreDataset(records);
  io.stdout(json ? `${JSON.stringify(result)}\n` : formatTable(result.records, result.mean));
  return EXIT.ok;
}

export const command: CliCommand = {
  summary: 'score predictions against references with METEOR and ROUGE (as fmeval does)',
  usage: USAGE,
  run,
};
