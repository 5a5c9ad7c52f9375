import { describe, expect, it } from 'vitest';
import { rougeScores, rougeTokenize } from '../../../src/core/evaluation/index.js';

describe('rougeTokenize (rouge_score default tokenizer, use_stemmer=True)', () => {
  it('lower-cases, splits on non-alphanumerics and stems only tokens longer than 3 characters', () => {
    expect(rougeTokenize('The cats are RUNNING, fast!')).toEqual(['the', 'cat', 'are', 'run', 'fast']);
  });

  it('drops letters outside ASCII, splitting the words around them', () => {
    expect(rougeTokenize('Café crème brûlée')).toEqual(['caf', 'cr', 'me', 'br', 'l', 'e']);
  });

  it('returns no tokens for punctuation-only or empty text', () => {
    expect(rougeTokenize('?! ... --')).toEqual([]);
    expect(rougeTokenize('')).toEqual([]);
  });
});

describe('rougeScores', () => {
  it('computes F-measures from stemmed unigram, bigram and LCS overlaps', () => {
    // Prediction tokens: the cat are run (4); reference: the cat is run quickli (5).
    // ROUGE-1: 3 shared -> P 3/4, R 3/5, F 2/3. ROUGE-2: 1 of 3 and 4 bigrams -> F 2/7.
    // ROUGE-L: LCS "the cat run" = 3 -> F 2/3.
    const scores = rougeScores('The cats are running', 'the cat is running quickly');
    expect(scores.rouge1).toBeCloseTo(2 / 3, 12);
    expect(scores.rouge2).toBeCloseTo(2 / 7, 12);
    expect(scores.rougeL).toBeCloseTo(2 / 3, 12);
  });

  it('clips repeated words to the count in the reference', () => {
    // the×3 against the×1: P 1/3, R 1 -> F 1/2; no reference bigram -> ROUGE-2 0.
    expect(rougeScores('the the the', 'the')).toEqual({ rouge1: 0.5, rouge2: 0, rougeL: 0.5 });
  });

  it('scores 0 when either side has no tokens', () => {
    expect(rougeScores('', 'x')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(rougeScores('?!', '?!')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });

  it('scores identical texts 1', () => {
    expect(rougeScores('the cat sat on the mat', 'the cat sat on the mat')).toEqual({
      rouge1: 1,
      rouge2: 1,
      rougeL: 1,
    });
  });
});
