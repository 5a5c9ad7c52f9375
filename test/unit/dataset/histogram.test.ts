import { describe, expect, it } from 'vitest';
import { Histogram } from '../../../src/core/dataset/histogram.js';

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

describe('token histogram', () => {
  it('is exact below 2,048', () => {
    const histogram = new Histogram();
    const values = Array.from({ length: 1000 }, (_, index) => (index * 7919) % 2048);
    for (const value of values) histogram.add(value);
    expect(histogram.quantile(0.95)).toBe(exactQuantile(values, 0.95));
    expect(histogram.quantile(0.5)).toBe(exactQuantile(values, 0.5));
    expect(histogram.max).toBe(Math.max(...values));
  });

  it('is never below and at most 0.8% above the true percentile for large counts', () => {
    const histogram = new Histogram();
    const values = Array.from({ length: 5000 }, (_, index) => 2048 + ((index * 104_729) % 500_000));
    for (const value of values) histogram.add(value);
    for (const q of [0.5, 0.9, 0.95, 0.99]) {
      const truth = exactQuantile(values, q);
      const estimate = histogram.quantile(q);
      expect(estimate).toBeGreaterThanOrEqual(truth);
      expect(estimate).toBeLessThanOrEqual(truth * 1.008);
    }
  });

  it('answers 0 when empty and sums what it was given', () => {
    const histogram = new Histogram();
    expect(histogram.quantile(0.95)).toBe(0);
    histogram.add(3);
    histogram.add(4);
    expect(histogram.total).toBe(7);
    expect(histogram.count).toBe(2);
  });
});
