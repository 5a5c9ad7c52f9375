import { describe, expect, it } from 'vitest';
import { scoreDataset, scorePair } from '../../../src/core/evaluation/index.js';

describe('scorePair', () => {
  it('takes each metric at its best reference', () => {
    // Prepare: the first reference is the better one for METEOR (exact tokens), the second
    // for nothing in particular; each metric must be the max of the per-reference scores.
    const references = ['the cat sat', 'a dog ran away from the cat'];
    // Act
    const combined = scorePair('the cat sat', references);
    const separate = references.map((reference) => scorePair('the cat sat', reference));
    // Assess
    for (const name of ['meteor', 'rouge1', 'rouge2', 'rougeL'] as const) {
      expect(combined[name]).toBe(Math.max(...separate.map((scores) => scores[name])));
    }
    expect(combined.meteor).toBeCloseTo(53 / 54, 12);
    expect(combined.rouge2).toBe(1);
  });

  it('can take different metrics from different references', () => {
    // METEOR prefers the exact words of the second reference; ROUGE-2 the bigram of the first.
    const scores = scorePair('cats running fast', ['cat running', 'cats running fast today again']);
    const first = scorePair('cats running fast', 'cat running');
    const second = scorePair('cats running fast', 'cats running fast today again');
    expect(scores.meteor).toBe(Math.max(first.meteor, second.meteor));
    expect(scores.rouge2).toBe(Math.max(first.rouge2, second.rouge2));
    expect(first.rouge1).toBeGreaterThan(second.rouge1);
    expect(scores.rouge1).toBe(first.rouge1);
  });

  it('scores an empty reference list 0', () => {
    expect(scorePair('anything', [])).toEqual({ meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 });
  });

  it('scores empty strings 0', () => {
    expect(scorePair('', '')).toEqual({ meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 });
  });
});

describe('scoreDataset', () => {
  it('reports the mean of the record scores and each record in input order', () => {
    const result = scoreDataset([
      { prediction: 'the cat sat on the mat', reference: 'the cat sat on the mat' },
      { prediction: 'x', reference: 'y' },
    ]);
    expect(result.records).toBe(2);
    expect(result.perRecord[1]).toEqual({ meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(result.mean.meteor).toBeCloseTo(431 / 432 / 2, 12);
    expect(result.mean.rouge1).toBe(0.5);
  });

  it('reports zero records with zero means', () => {
    expect(scoreDataset([])).toEqual({
      records: 0,
      mean: { meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 },
      perRecord: [],
    });
  });
});
