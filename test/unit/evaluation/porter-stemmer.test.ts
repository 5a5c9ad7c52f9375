import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../src/core/evaluation/index.js';

// Expected stems are NLTK's PorterStemmer() (NLTK_EXTENSIONS mode) outputs, checked by hand against
// the rules of nltk/stem/porter.py.
describe('porterStem (NLTK_EXTENSIONS mode)', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['generalizations', 'gener'],
    ['relational', 'relat'],
    ['electrical', 'electr'],
    ['hopeful', 'hope'],
    ['goodness', 'good'],
    ['formality', 'formal'],
    ['running', 'run'],
    ['quickly', 'quickli'],
  ])('stems %s to %s by the Porter rules', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it.each([
    ['ties', 'tie'],
    ['tied', 'tie'],
    ['cried', 'cri'],
    ['cry', 'cri'],
    ['say', 'say'],
    ['by', 'by'],
  ])('applies the NLTK rule differences (%s -> %s)', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it.each([
    ['skies', 'sky'],
    ['sky', 'sky'],
    ['dying', 'die'],
    ['lying', 'lie'],
    ['news', 'news'],
    ['innings', 'inning'],
    ['proceed', 'proceed'],
    ['succeed', 'succeed'],
  ])('takes irregular forms from NLTK pool (%s -> %s)', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('looks the irregular pool up with the word as given, so a capitalised form goes through the rules', () => {
    expect(porterStem('Skies')).toBe('ski');
  });

  it('returns words of one or two characters lower-cased and unstemmed', () => {
    expect(porterStem('Is')).toBe('is');
    expect(porterStem('a')).toBe('a');
  });

  it('leaves "this" as NLTK does ("thi", the s rule)', () => {
    expect(porterStem('this')).toBe('thi');
  });

  it('counts a character outside the BMP as one character, as Python does', () => {
    // Two code points: NLTK returns it unstemmed; as three UTF-16 units it would reach the rules.
    expect(porterStem('a😀')).toBe('a😀');
    expect(porterStem('😀😀s')).toBe('😀😀');
  });
});
