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

/**
 * `_score_ngrams` for n = 1 and n = 2: clipped overlap over max(count, 1) on each side. Tokens are
 * numbered first so that counting uses arrays and number keys instead of strings.
 */
function ngramFs(reference: Int32Array, prediction: Int32Array, vocabulary: number): [number, number] {
  const referenceUnigrams = new Int32Array(vocabulary);
  const predictionUnigrams = new Int32Array(vocabulary);
  for (const id of reference) referenceUnigrams[id] = (referenceUnigrams[id] as number) + 1;
  for (const id of prediction) predictionUnigrams[id] = (predictionUnigrams[id] as number) + 1;
  let unigramOverlap = 0;
  for (let id = 0; id < vocabulary; id++) {
    unigramOverlap += Math.min(referenceUnigrams[id] as number, predictionUnigrams[id] as number);
  }
  const referenceBigrams = new Map<number, number>();
  for (let i = 0; i + 1 < reference.length; i++) {
    const key = (reference[i] as number) * vocabulary + (reference[i + 1] as number);
    referenceBigrams.set(key, (referenceBigrams.get(key) ?? 0) + 1);
  }
  let bigramOverlap = 0;
  for (let i = 0; i + 1 < prediction.length; i++) {
    const key = (prediction[i] as number) * vocabulary + (prediction[i + 1] as number);
    const remaining = referenceBigrams.get(key);
    // Consuming the reference count as predicted bigrams are met equals min(target, predicted).
    if (remaining) {
      bigramOverlap++;
      referenceBigrams.set(key, remaining - 1);
    }
  }
  return [
    fromCounts(unigramOverlap, prediction.length, reference.length),
    fromCounts(bigramOverlap, Math.max(prediction.length - 1, 0), Math.max(reference.length - 1, 0)),
  ];
}

function fromCounts(overlap: number, predictionTotal: number, referenceTotal: number): number {
  return fmeasure(overlap / Math.max(predictionTotal, 1), overlap / Math.max(referenceTotal, 1));
}

/** Length of the longest common subsequence (`_lcs_table(...)[-1][-1]`), in O(min) memory. */
function lcsLength(target: Int32Array, prediction: Int32Array): number {
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
function lcsF(target: Int32Array, prediction: Int32Array): number {
  if (target.length === 0 || prediction.length === 0) return 0;
  const lcs = lcsLength(target, prediction);
  return fmeasure(lcs / prediction.length, lcs / target.length);
}

/** ROUGE-1/2/L F-measures from tokens already produced by `rougeTokenize`. */
export function rougeScoresOfTokens(
  prediction: readonly string[],
  reference: readonly string[],
): RougeScores {
  const ids = new Map<string, number>();
  const number = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    return id;
  };
  const referenceIds = Int32Array.from(reference, number);
  const predictionIds = Int32Array.from(prediction, number);
  const [rouge1, rouge2] = ngramFs(referenceIds, predictionIds, ids.size);
  return { rouge1, rouge2, rougeL: lcsF(referenceIds, predictionIds) };
}

/** ROUGE-1/2/L F-measures of `prediction` against `reference` (rouge_score's `score(target, prediction)`). */
export function rougeScores(prediction: string, reference: string): RougeScores {
  return rougeScoresOfTokens(rougeTokenize(prediction), rougeTokenize(reference));
}
