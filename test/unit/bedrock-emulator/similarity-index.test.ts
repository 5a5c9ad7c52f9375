import { describe, expect, it } from 'vitest';
import { SimilarityIndex, wordTokens } from '../../../src/local/bedrock-emulator/similarity-index.js';

describe('wordTokens', () => {
  it('lowercases, splits on anything but letters and digits, and drops function words', () => {
    expect(wordTokens('What is the Capital of France? (Paris, 2024)')).toEqual([
      'capital',
      'france',
      'paris',
      '2024',
    ]);
  });

  it('keeps letters outside ASCII', () => {
    expect(wordTokens('Größe und Ärger')).toEqual(['größe', 'und', 'ärger']);
  });
});

describe('SimilarityIndex', () => {
  const documents = [
    'How do I reset my password?',
    'Where can I download my invoice?',
    'How do I track my parcel delivery?',
  ];

  it('finds the document sharing the most weighted words with the query', () => {
    const index = new SimilarityIndex(documents);

    expect(index.best('forgot password, need a reset')?.document).toBe(0);
    expect(index.best('invoice download for March')?.document).toBe(1);
    expect(index.best('parcel tracking')?.document).toBe(2);
  });

  it('weighs rare words above common ones', () => {
    const index = new SimilarityIndex(['account settings', 'account billing', 'account settings security']);

    // "security" appears once, "account" everywhere: the rare word decides.
    expect(index.best('account security')?.document).toBe(2);
  });

  it('scores an identical document highest, close to cosine 1', () => {
    const index = new SimilarityIndex(documents);

    const match = index.best(documents[1] ?? '');

    expect(match?.document).toBe(1);
    expect(match?.score).toBeCloseTo(1, 6);
  });

  it('breaks ties towards the earlier document, so answers are stable', () => {
    const index = new SimilarityIndex(['apples pears', 'apples pears']);

    expect(index.best('apples')?.document).toBe(0);
  });

  it('finds nothing when no word is shared, and ranks several matches', () => {
    const index = new SimilarityIndex(documents);

    expect(index.best('zebra xylophone')).toBeUndefined();
    expect(index.top('my password and my invoice', 3).map((match) => match.document)).toEqual([0, 1]);
  });

  it('handles an empty collection', () => {
    const index = new SimilarityIndex([]);

    expect(index.size).toBe(0);
    expect(index.best('anything')).toBeUndefined();
  });
});
