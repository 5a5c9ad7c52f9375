/**
 * Did tuning help, or is the difference chance? A paired bootstrap over per-record scores of the
 * base and the tuned model on the same records: each resample draws n record indices with
 * replacement and takes the mean of (tuned − base) over them; the 2.5th and 97.5th percentiles of
 * 1,000 such means are the 95% interval of the mean difference. Pairing matters: records differ in
 * difficulty far more than the models do, and differencing per record removes that.
 *
 * Deterministic: indices come from the repository's seeded generator (mulberry32), and every metric
 * uses the same sequence of resamples, so the four intervals describe the same draws and a rerun
 * prints the same figures.
 */
import { seededRandom } from '../dataset/convert/split.js';
import { METRIC_NAMES, type MetricScores } from './score.js';

export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
  meteor: 'METEOR',
  rouge1: 'ROUGE-1',
  rouge2: 'ROUGE-2',
  rougeL: 'ROUGE-L',
};

export const BOOTSTRAP_DEFAULTS = { resamples: 1000, seed: 20261127, confidence: 0.95 } as const;

/**
 * Below this many records the verdict is "too few records": a percentile bootstrap on a handful of
 * values gives intervals that are too narrow (it cannot see variation the sample does not hold), so
 * calling a difference "larger than chance" would overclaim. The figures are still reported.
 */
export const MIN_RECORDS_FOR_VERDICT = 10;

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Two-sided coverage of the interval, e.g. 0.95. */
  confidence?: number;
}

export type MetricVerdict = 'better' | 'worse' | 'no-clear-difference' | 'too-few-records';

export interface MetricComparison {
  /** Mean of the base model's scores. */
  base: number;
  /** Mean of the tuned model's scores. */
  tuned: number;
  /** Mean of (tuned − base) per record, which equals tuned − base. */
  difference: number;
  /** Percentile interval of the mean difference over the resamples. */
  interval: { low: number; high: number };
  verdict: MetricVerdict;
}

export type OverallVerdict = 'better' | 'worse' | 'no-clear-difference' | 'mixed' | 'too-few-records';

export interface ComparisonSummary {
  records: number;
  resamples: number;
  seed: number;
  confidence: number;
  metrics: Record<MetricName, MetricComparison>;
  verdict: { kind: OverallVerdict; text: string };
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? 0 : sum / values.length;
}

/**
 * The q-quantile of sorted values, interpolating linearly between neighbours (NumPy's default,
 * "type 7"): position q·(n−1).
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] as number;
  return lower + (position - below) * ((sorted[above] as number) - lower);
}

/** The sorted resample means of `differences`, drawn with a fresh generator seeded with `seed`. */
export function bootstrapMeans(differences: readonly number[], resamples: number, seed: number): number[] {
  const random = seededRandom(seed);
  const count = differences.length;
  const means = new Array<number>(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    for (let draw = 0; draw < count; draw++) sum += differences[Math.floor(random() * count)] as number;
    means[resample] = sum / count;
  }
  return means.sort((a, b) => a - b);
}

/** Means, difference and percentile interval for one metric's paired scores. */
export function pairedBootstrap(
  base: readonly number[],
  tuned: readonly number[],
  options: BootstrapOptions = {},
): MetricComparison {
  if (base.length !== tuned.length) {
    throw new RangeError(`paired scores differ in length (${base.length} base, ${tuned.length} tuned)`);
  }
  if (base.length === 0) throw new RangeError('no records to compare');
  const { resamples, seed, confidence } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be between 0 and 1');
  if (!(Number.isInteger(resamples) && resamples > 0))
    throw new RangeError('resamples must be a positive integer');
  const differences = base.map((value, index) => (tuned[index] as number) - value);
  const means = bootstrapMeans(differences, resamples, seed);
  const tail = (1 - confidence) / 2;
  const interval = { low: quantileOfSorted(means, tail), high: quantileOfSorted(means, 1 - tail) };
  const verdict: MetricVerdict =
    base.length < MIN_RECORDS_FOR_VERDICT
      ? 'too-few-records'
      : interval.low > 0
        ? 'better'
        : interval.high < 0
          ? 'worse'
          : 'no-clear-difference';
  return { base: mean(base), tuned: mean(tuned), difference: mean(differences), interval, verdict };
}

function listOf(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** The overall verdict in plain words, from the per-metric verdicts. */
export function describeVerdict(
  metrics: Record<MetricName, Pick<MetricComparison, 'verdict'>>,
  records: number,
): { kind: OverallVerdict; text: string } {
  const by = (verdict: MetricVerdict) =>
    METRIC_NAMES.filter((name) => metrics[name].verdict === verdict).map((name) => METRIC_LABELS[name]);
  const better = by('better');
  const worse = by('worse');
  const unclear = by('no-clear-difference');
  const all = METRIC_NAMES.length;
  if (by('too-few-records').length > 0) {
    return {
      kind: 'too-few-records',
      text: `too few records (${records}) to tell the models apart; at least ${MIN_RECORDS_FOR_VERDICT} are needed`,
    };
  }
  if (better.length === all) {
    return { kind: 'better', text: 'tuned is better on all four metrics; the gain is larger than chance' };
  }
  if (worse.length === all) {
    return { kind: 'worse', text: 'tuned is worse on all four metrics; the loss is larger than chance' };
  }
  if (unclear.length === all) {
    return {
      kind: 'no-clear-difference',
      text: 'no clear difference: on every metric the gap is within what chance gives',
    };
  }
  // Some metrics moved beyond chance, others did not, or they moved in opposite directions.
  const moved = [
    ...(better.length > 0 ? [`better on ${listOf(better)}`] : []),
    ...(worse.length > 0 ? [`worse on ${listOf(worse)}`] : []),
  ];
  const rest = unclear.length > 0 ? `; no clear difference on ${listOf(unclear)}` : '';
  return { kind: 'mixed', text: `mixed: tuned is ${moved.join(', ')}, beyond chance${rest}` };
}

/** All four metrics compared, with one verdict; `base[i]` and `tuned[i]` must score the same record. */
export function compareScores(
  base: readonly MetricScores[],
  tuned: readonly MetricScores[],
  options: BootstrapOptions = {},
): ComparisonSummary {
  const settings = { ...BOOTSTRAP_DEFAULTS, ...options };
  const metrics = {} as Record<MetricName, MetricComparison>;
  for (const name of METRIC_NAMES) {
    metrics[name] = pairedBootstrap(
      base.map((scores) => scores[name]),
      tuned.map((scores) => scores[name]),
      settings,
    );
  }
  return {
    records: base.length,
    resamples: settings.resamples,
    seed: settings.seed,
    confidence: settings.confidence,
    metrics,
    verdict: describeVerdict(metrics, base.length),
  };
}
