import { describe, expect, it } from 'vitest';
import {
  bootstrapMeans,
  compareScores,
  describeVerdict,
  type MetricVerdict,
  pairedBootstrap,
  quantileOfSorted,
} from '../../../src/core/evaluation/bootstrap.js';
import type { MetricScores } from '../../../src/core/evaluation/index.js';

const scores = (value: number): MetricScores => ({
  meteor: value,
  rouge1: value,
  rouge2: value,
  rougeL: value,
});
const twelve = <T>(value: (index: number) => T): T[] =>
  Array.from({ length: 12 }, (_, index) => value(index));

describe('quantileOfSorted', () => {
  it('interpolates linearly between neighbours (NumPy type 7)', () => {
    // position 0.25·3 = 0.75: 1 + 0.75·(2 − 1)
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileOfSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileOfSorted([7], 0.975)).toBe(7);
  });
});

describe('pairedBootstrap', () => {
  it('matches a two-record case worked out by hand', () => {
    // Differences 0 and 1. A resample of two draws has mean 0 (both 0: ¼), ½ (one each: ½) or 1 (¼).
    // So the 2.5th percentile of 1,000 resample means is 0 and the 97.5th is 1.
    const result = pairedBootstrap([0.2, 0.4], [0.2, 1.4]);
    expect(result.base).toBeCloseTo(0.3, 12);
    expect(result.tuned).toBeCloseTo(0.8, 12);
    expect(result.difference).toBeCloseTo(0.5, 12);
    expect(result.interval.low).toBeCloseTo(0, 12);
    expect(result.interval.high).toBeCloseTo(1, 12);
    // Two records are too few to call.
    expect(result.verdict).toBe('too-few-records');

    const means = bootstrapMeans([0, 1], 1000, 7);
    const halves = means.filter((value) => value === 0.5).length;
    expect(halves / 1000).toBeGreaterThan(0.45);
    expect(halves / 1000).toBeLessThan(0.55);
  });

  it('gives a zero-width interval at the difference when every record moves by the same amount', () => {
    const base = twelve((index) => index / 20);
    const result = pairedBootstrap(
      base,
      base.map((value) => value + 0.25),
    );
    expect(result.interval.low).toBeCloseTo(0.25, 12);
    expect(result.interval.high).toBeCloseTo(0.25, 12);
    expect(result.verdict).toBe('better');
    expect(
      pairedBootstrap(
        base.map((value) => value + 0.25),
        base,
      ).verdict,
    ).toBe('worse');
  });

  it('finds no clear difference when records move both ways evenly', () => {
    const base = twelve(() => 0.5);
    const tuned = twelve((index) => (index % 2 === 0 ? 0.9 : 0.1));
    const result = pairedBootstrap(base, tuned);
    expect(result.difference).toBeCloseTo(0, 12);
    expect(result.interval.low).toBeLessThan(0);
    expect(result.interval.high).toBeGreaterThan(0);
    expect(result.verdict).toBe('no-clear-difference');
  });

  it('is deterministic for a seed', () => {
    const base = twelve((index) => ((index * 37) % 11) / 10);
    const tuned = twelve((index) => ((index * 53) % 13) / 12);
    expect(pairedBootstrap(base, tuned, { seed: 3 })).toEqual(pairedBootstrap(base, tuned, { seed: 3 }));
    expect(pairedBootstrap(base, tuned, { seed: 3 }).interval).not.toEqual(
      pairedBootstrap(base, tuned, { seed: 4 }).interval,
    );
  });

  it('refuses unpaired or empty inputs and nonsense settings', () => {
    expect(() => pairedBootstrap([1], [1, 2])).toThrow(/differ in length/);
    expect(() => pairedBootstrap([], [])).toThrow(/no records/);
    expect(() => pairedBootstrap([1], [1], { confidence: 1 })).toThrow(/confidence/);
    expect(() => pairedBootstrap([1], [1], { resamples: 0 })).toThrow(/resamples/);
  });
});

describe('compareScores', () => {
  it('compares all four metrics on the same resamples and says tuned is better', () => {
    const base = twelve((index) => scores(0.1 + index / 100));
    const tuned = base.map((record) => scores(record.meteor + 0.3));
    const summary = compareScores(base, tuned);
    expect(summary.records).toBe(12);
    expect(summary.resamples).toBe(1000);
    expect(summary.metrics.rougeL.difference).toBeCloseTo(0.3, 12);
    expect(summary.verdict).toEqual({
      kind: 'better',
      text: 'tuned is better on all four metrics; the gain is larger than chance',
    });
  });
});

describe('describeVerdict', () => {
  const verdicts = (
    meteor: MetricVerdict,
    rouge1: MetricVerdict,
    rouge2: MetricVerdict,
    rougeL: MetricVerdict,
  ) => ({
    meteor: { verdict: meteor },
    rouge1: { verdict: rouge1 },
    rouge2: { verdict: rouge2 },
    rougeL: { verdict: rougeL },
  });

  it.each([
    [
      verdicts('worse', 'worse', 'worse', 'worse'),
      'worse',
      'tuned is worse on all four metrics; the loss is larger than chance',
    ],
    [
      verdicts('no-clear-difference', 'no-clear-difference', 'no-clear-difference', 'no-clear-difference'),
      'no-clear-difference',
      'no clear difference: on every metric the gap is within what chance gives',
    ],
    [
      verdicts('better', 'no-clear-difference', 'no-clear-difference', 'better'),
      'mixed',
      'mixed: tuned is better on METEOR and ROUGE-L, beyond chance; no clear difference on ROUGE-1 and ROUGE-2',
    ],
    [
      verdicts('better', 'better', 'worse', 'no-clear-difference'),
      'mixed',
      'mixed: tuned is better on METEOR and ROUGE-1, worse on ROUGE-2, beyond chance; no clear difference on ROUGE-L',
    ],
    [
      verdicts('too-few-records', 'too-few-records', 'too-few-records', 'too-few-records'),
      'too-few-records',
      'too few records (3) to tell the models apart; at least 10 are needed',
    ],
  ])('%#: says %s', (metrics, kind, text) => {
    expect(describeVerdict(metrics, 3)).toEqual({ kind, text });
  });
});
