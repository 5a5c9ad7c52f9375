import { describe, expect, it } from 'vitest';
import { meteorScore, singleMeteorScore, wordnetSynonyms } from '../../../src/core/evaluation/index.js';

// score = (1 − 0.5·(chunks/m)^3) · P·R / (0.9·P + 0.1·R), P = m/|hypothesis|, R = m/|reference|.
describe('meteorScore (NLTK single_meteor_score)', () => {
  it('gives an exact match of six words in one chunk 1 − 0.5·(1/6)^3', () => {
    expect(meteorScore('the cat sat on the mat', 'the cat sat on the mat')).toBeCloseTo(431 / 432, 12);
  });

  it('matches inflections through their Porter stems', () => {
    // cats~cat and running~runs by stem: m 2, P = R = 1, one chunk -> 1 − 0.5·(1/2)^3 = 15/16.
    expect(meteorScore('cats running', 'cat runs')).toBeCloseTo(15 / 16, 12);
  });

  it('matches WordNet synonyms after the exact and stem stages', () => {
    // "is" exactly, then fast~quick and car~auto by synonym: m 3 in one chunk -> 1 − 0.5/27 = 53/54.
    expect(meteorScore('car is fast', 'auto is quick')).toBeCloseTo(53 / 54, 12);
  });

  it('reaches base forms through morphy and its exception lists', () => {
    // men -> man by morphy: m 3 in one chunk -> 53/54.
    expect(meteorScore('the men left', 'the man left')).toBeCloseTo(53 / 54, 12);
    expect(wordnetSynonyms('geese').has('goose')).toBe(true);
  });

  it('looks synonyms up on stems, as NLTK does, so "car" misses "automobile" (stemmed "automobil")', () => {
    expect(wordnetSynonyms('car').has('automobile')).toBe(true);
    expect(meteorScore('car', 'automobile')).toBe(0);
  });

  it('counts each reference word once when the hypothesis repeats it', () => {
    // m 1: P 1/3, R 1, fmean (1/3)/(0.3 + 0.1) = 5/6; one chunk of one match -> penalty 1/2 -> 5/12.
    expect(meteorScore('the the the', 'the')).toBeCloseTo(5 / 12, 12);
  });

  it('counts chunks of matches adjacent on both sides', () => {
    // exact the(0,0) running(3,3), stem cats~cat(1,1); "are" unmatched. P 3/4, R 3/5,
    // fmean 0.45/0.735; chunks 2 of 3 matches -> penalty 0.5·(2/3)^3 = 4/27.
    expect(meteorScore('The cats are running', 'the cat is running quickly')).toBeCloseTo(
      (23 / 27) * (0.45 / 0.735),
      12,
    );
  });

  it('scores 0 when nothing matches or a side is empty', () => {
    expect(meteorScore('', 'x')).toBe(0);
    expect(meteorScore('x', '')).toBe(0);
    expect(meteorScore('...', '!!!')).toBe(0);
  });

  it('matches punctuation tokens like words', () => {
    expect(meteorScore('?!', '?!')).toBeCloseTo(15 / 16, 12);
  });

  it('matches non-ASCII words only exactly', () => {
    expect(meteorScore('naïve café', 'naïve café')).toBeCloseTo(15 / 16, 12);
    expect(meteorScore('café', 'cafe')).toBe(0);
  });

  it('lower-cases tokens before matching', () => {
    expect(singleMeteorScore(['The', 'CAT'], ['the', 'cat'])).toBeCloseTo(15 / 16, 12);
  });
});
