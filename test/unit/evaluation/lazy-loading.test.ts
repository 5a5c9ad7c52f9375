import { describe, expect, it } from 'vitest';

// A file of its own: vitest gives each test file a fresh module graph, so nothing has read the
// WordNet data before these tests run.
describe('evaluation data loading', () => {
  it('reads no WordNet data on import or tokenization, only on the first synonym lookup', async () => {
    // Prepare
    const evaluation = await import('../../../src/core/evaluation/index.js');
    expect(evaluation.isWordnetLoaded()).toBe(false);
    // Act: tokenizing and ROUGE need Punkt and the stemmer, not WordNet.
    evaluation.wordTokenize('Mr. Smith came. He left.');
    evaluation.rougeScores('the cats', 'a cat');
    // Assess
    expect(evaluation.isWordnetLoaded()).toBe(false);
    // METEOR with words left after the exact and stem stages reaches WordNet.
    evaluation.meteorScore('car', 'auto');
    expect(evaluation.isWordnetLoaded()).toBe(true);
  });
});
