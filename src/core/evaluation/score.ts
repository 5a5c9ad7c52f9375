/**
 * Per-record and dataset scores as fmeval aggregates them: with several references each metric takes
 * its own maximum over the references (the best reference for METEOR need not be the best for
 * ROUGE-2), and a dataset score is the mean of the record scores.
 */
import { singleMeteorScore } from './meteor.js';
import { rougeScoresOfTokens, rougeTokenize } from './rouge.js';
import { wordTokenize } from './word-tokenize.js';

export interface MetricScores {
  meteor: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export const METRIC_NAMES = [
  'meteor',
  'rouge1',
  'rouge2',
  'rougeL',
] as const satisfies readonly (keyof MetricScores)[];

export interface ScorePairInput {
  prediction: string;
  reference: string | readonly string[];
}

export interface DatasetScores {
  /** Number of records scored. */
  records: number;
  /** Mean of each metric over the records (0 for an empty dataset). */
  mean: MetricScores;
  /** Each record's scores, in input order. */
  perRecord: MetricScores[];
}

/**
 * METEOR (NLTK) and ROUGE-1/2/L F-measures (rouge_score, stemmed) of a prediction against one or
 * more references; with several, each metric is its maximum over them. An empty reference list
 * scores 0 everywhere.
 */
export function scorePair(prediction: string, references: string | readonly string[]): MetricScores {
  const list = typeof references === 'string' ? [references] : references;
  const best: MetricScores = { meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 };
  if (list.length === 0) return best;
  // The prediction is tokenized once for all its references.
  const hypothesis = wordTokenize(prediction);
  const predictionTokens = rougeTokenize(prediction);
  for (const reference of list) {
    const meteor = singleMeteorScore(wordTokenize(reference), hypothesis);
    const rouge = rougeScoresOfTokens(predictionTokens, rougeTokenize(reference));
    best.meteor = Math.max(best.meteor, meteor);
    best.rouge1 = Math.max(best.rouge1, rouge.rouge1);
    best.rouge2 = Math.max(best.rouge2, rouge.rouge2);
    best.rougeL = Math.max(best.rougeL, rouge.rougeL);
  }
  return best;
}

/** Scores every record and the mean of each metric over them. */
export function scoreDataset(pairs: Iterable<ScorePairInput>): DatasetScores {
  const perRecord: MetricScores[] = [];
  const sums: MetricScores = { meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 };
  for (const pair of pairs) {
    const scores = scorePair(pair.prediction, pair.reference);
    perRecord.push(scores);
    for (const name of METRIC_NAMES) sums[name] += scores[name];
  }
  const count = perRecord.length;
  const mean: MetricScores = { meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 };
  if (count > 0) for (const name of METRIC_NAMES) mean[name] = sums[name] / count;
  return { records: count, mean, perRecord };
}
