/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F-measures exactly as Google's `rouge_score` 0.1.2 computes them with
 * `use_stemmer=True` (rouge/tokenize.py, rouge/rouge_scorer.py, rouge/scoring.py), which is what
 * Hugging Face `evaluate`'s "rouge" and so fmeval report. For one pair, evaluate's bootstrap
 * aggregate of a single score is that score, so the per-pair F-measure is the number.
 */
import { porterStem } from './porter-stemmer.js';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;

/**
 * rouge_score's default tokenizer: lower-case; every run of characters outside a–z and 0–9 becomes a
 * space, so letters outside ASCII vanish ("café" -> "caf"); split on whitespace; Porter-stem only
 * tokens longer than 3 characters (NLTK's PorterStemmer, NLTK_EXTENSIONS mode); keep tokens that are
 * non-empty runs of a–z0–9.
 */
export function rougeTokenize(text: string): string[] {
  // Python's str.lower() and JavaScript's toLowerCase() agree, including "K" (Kelvin sign) -> "k"
  // and "İ" -> "i̇", both of which leave an ASCII letter behind for the filter.
  const cleaned = text.toLowerCase().replace(NON_ALPHANUMERIC, ' ');
  const tokens: string[] = [];
  for (const raw of cleaned.split(' ')) {
    const token = raw.length > 3 ? porterStem(raw) : raw;
    if (VALID_TOKEN.test(token)) tokens.push(token);
  }
  return tokens;
}

/** scoring.fmeasure */
function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens are [a-z0-9]+, so a space cannot collide with their content.
    const gram = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** `_score_ngrams`: clipped overlap over max(count, 1) on each side. */
function ngramF(target: readonly string[], prediction: readonly string[], n: number): number {
  const targetCounts = ngramCounts(target, n);
  const predictionCounts = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [gram, count] of targetCounts) overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
  const targetTotal = Math.max(target.length - n + 1, 0);
  const predictionTotal = Math.max(prediction.length - n + 1, 0);
  const precision = overlap / Math.max(predictionTotal, 1);
  const recall = overlap / Math.max(targetTotal, 1);
  return fmeasure(precision, recall);
}

/** Length of the longest common subsequence (`_lcs_table(...)[-1][-1]`), in O(min) memory. */
function lcsLength(target: readonly string[], prediction: readonly string[]): number {
  const columns = prediction.length;
  let previous = new Uint32Array(columns + 1);
  let current = new Uint32Array(columns + 1);
  for (let i = 1; i <= target.length; i++) {
    const word = target[i - 1];
    for (let j = 1; j <= columns; j++) {
      current[j] =
        word === prediction[j - 1]
          ? (previous[j - 1] as number) + 1
          : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return previous[columns] as number;
}

/** `_score_lcs`: 0 when either side has no tokens. */
function lcsF(target: readonly string[], prediction: readonly string[]): number {
  if (target.length === 0 || prediction.length === 0) return 0;
  const lcs = lcsLength(target, prediction);
  return fmeasure(lcs / prediction.length, lcs / target.length);
}

/** ROUGE-1/2/L F-measures of `prediction` against `reference` (rouge_score's `score(target, prediction)`). */
export function rougeScores(prediction: string, reference: string): RougeScores {
  const target = rougeTokenize(reference);
  const predicted = rougeTokenize(prediction);
  return {
    rouge1: ngramF(target, predicted, 1),
    rouge2: ngramF(target, predicted, 2),
    rougeL: lcsF(target, predicted),
  };
}
