/**
 * The scoring input format: JSON Lines, one `{"prediction": string, "reference": string | string[]}`
 * per line. Blank lines are skipped; line numbers in errors count every physical line from 1. Each
 * error says what is wrong and what to do.
 *
 * Checked by hand rather than with zod: two fields, and `tune score` on one pair is meant to start
 * fast, which importing zod would noticeably slow (see bench/score.ts for the cold start).
 */
import { InputError } from '../errors.js';
import type { ScorePairInput } from './score.js';

const ONE_OBJECT = 'each line must be one object such as {"prediction": "…", "reference": "…"}';

function fieldError(lineNumber: number, field: string, message: string): InputError {
  return new InputError(`line ${lineNumber}: "${field}" ${message}`, { field });
}

/** One record from one line of text; throws InputError naming the line and the field. */
export function parseScoreRecord(line: string, lineNumber: number): ScorePairInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputError(`line ${lineNumber}: not valid JSON (${(error as Error).message}): ${ONE_OBJECT}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      `line ${lineNumber}: expected an object with "prediction" and "reference": ${ONE_OBJECT}`,
    );
  }
  const record = value as Record<string, unknown>;
  if (!('prediction' in record))
    throw fieldError(lineNumber, 'prediction', 'is missing: add the model’s answer as "prediction"');
  if (typeof record.prediction !== 'string')
    throw fieldError(lineNumber, 'prediction', 'must be a string: put the model’s answer in double quotes');
  if (!('reference' in record))
    throw fieldError(lineNumber, 'reference', 'is missing: add the expected answer as "reference"');
  const reference = record.reference;
  if (typeof reference === 'string') return { prediction: record.prediction, reference };
  if (!Array.isArray(reference) || !reference.every((item) => typeof item === 'string')) {
    throw fieldError(
      lineNumber,
      'reference',
      'must be a string or a list of strings: put each expected answer in double quotes',
    );
  }
  if (reference.length === 0)
    throw fieldError(lineNumber, 'reference', 'must not be an empty list: give at least one expected answer');
  return { prediction: record.prediction, reference: reference as string[] };
}

/** Every record of a JSON Lines text, in order. A byte-order mark (Windows editors) is ignored. */
export function parseScoreRecords(text: string): ScorePairInput[] {
  return parseNumberedScoreRecords(text).map((numbered) => numbered.record);
}

/** Every record with the physical line it came from (blank lines are skipped, not renumbered). */
export function parseNumberedScoreRecords(text: string): { line: number; record: ScorePairInput }[] {
  const scan = scanScoreRecords(text, 1);
  if (scan.problems[0]) throw scan.problems[0].error;
  return scan.records;
}

export interface ScoreRecordScan {
  records: { line: number; record: ScorePairInput }[];
  /** The first `maxProblems` bad lines, in order. */
  problems: { line: number; error: InputError }[];
  /** Every bad line, counted. */
  problemCount: number;
}

/**
 * Reads every line, keeping the good records and the bad lines, so that one run names every line
 * to fix instead of the first only. `maxProblems` bounds memory for a file that is wrong throughout.
 */
export function scanScoreRecords(text: string, maxProblems = 1000): ScoreRecordScan {
  const scan: ScoreRecordScan = { records: [], problems: [], problemCount: 0 };
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line.trim() === '') continue;
    try {
      scan.records.push({ line: index + 1, record: parseScoreRecord(line, index + 1) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      scan.problemCount++;
      if (scan.problems.length < maxProblems) scan.problems.push({ line: index + 1, error });
    }
  }
  return scan;
}
