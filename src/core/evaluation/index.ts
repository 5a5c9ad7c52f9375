/**
 * Evaluation metrics that agree with fmeval's SummarizationAccuracy: METEOR as NLTK computes it and
 * ROUGE-1/2/L as Google's rouge_score computes it with stemming, with every tokenizer, stemmer and
 * WordNet lookup they depend on reproduced in TypeScript. See README.md beside this file for the
 * versions matched, the data used and the known differences.
 *
 * Importing this module reads no data: the Punkt parameters are read on the first tokenization and
 * the WordNet data on the first METEOR synonym lookup.
 */
export {
  BOOTSTRAP_DEFAULTS,
  type ComparisonSummary,
  compareScores,
  METRIC_LABELS,
  type MetricComparison,
  type MetricName,
  type MetricVerdict,
  MIN_RECORDS_FOR_VERDICT,
  type OverallVerdict,
  pairedBootstrap,
} from './bootstrap.js';
export { meteorScore, singleMeteorScore } from './meteor.js';
export { porterStem } from './porter-stemmer.js';
export { sentTokenize } from './punkt.js';
export { type RougeScores, rougeScores, rougeScoresOfTokens, rougeTokenize } from './rouge.js';
export {
  type DatasetScores,
  METRIC_NAMES,
  type MetricScores,
  type ScorePairInput,
  scoreDataset,
  scorePair,
} from './score.js';
export { treebankWordTokenize, wordTokenize } from './word-tokenize.js';
export { isWordnetLoaded, wordnetSynonyms } from './wordnet.js';
