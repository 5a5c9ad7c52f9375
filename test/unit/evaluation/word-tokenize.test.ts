import { describe, expect, it } from 'vitest';
import { sentTokenize, treebankWordTokenize, wordTokenize } from '../../../src/core/evaluation/index.js';

describe('sentTokenize (Punkt, English parameters)', () => {
  it('splits at sentence ends but not after known abbreviations', () => {
    expect(sentTokenize('Mr. Smith came. He left.')).toEqual(['Mr. Smith came.', 'He left.']);
  });

  it('keeps a decimal number and a file name inside their sentence', () => {
    expect(sentTokenize('It costs 3.5 dollars. The file is data.csv and it is big.')).toEqual([
      'It costs 3.5 dollars.',
      'The file is data.csv and it is big.',
    ]);
  });

  it('moves a closing quote or bracket after the period into the sentence it closes', () => {
    expect(sentTokenize('(He left.) She stayed.')).toEqual(['(He left.)', 'She stayed.']);
  });

  it('ends a sentence at a curly closing quote (NLTK 3.10, nltk#3728)', () => {
    expect(sentTokenize('“First sentence.” Next one.')).toEqual(['“First sentence.”', 'Next one.']);
  });

  it('returns nothing for empty or blank text', () => {
    expect(sentTokenize('')).toEqual([]);
    expect(sentTokenize('  \n ')).toEqual([]);
  });
});

describe('wordTokenize (nltk.word_tokenize)', () => {
  it('splits contractions the Treebank way', () => {
    expect(wordTokenize("I can't go, they'll see.")).toEqual([
      'I',
      'ca',
      "n't",
      'go',
      ',',
      'they',
      "'ll",
      'see',
      '.',
    ]);
    expect(wordTokenize('I cannot, gonna')).toEqual(['I', 'can', 'not', ',', 'gon', 'na']);
  });

  it('splits a period off only at the end of each sentence', () => {
    expect(wordTokenize('Mr. Smith came. He left.')).toEqual([
      'Mr.',
      'Smith',
      'came',
      '.',
      'He',
      'left',
      '.',
    ]);
  });

  it('turns double quotes into Treebank quote tokens', () => {
    expect(wordTokenize('He said "hello" to me.')).toEqual([
      'He',
      'said',
      '``',
      'hello',
      "''",
      'to',
      'me',
      '.',
    ]);
  });

  it('separates an opening single quote from a quoted word but not from a clitic (NLTK 3.10)', () => {
    expect(wordTokenize("the name 'Department' isn't")).toEqual([
      'the',
      'name',
      "'",
      'Department',
      "'",
      'is',
      "n't",
    ]);
  });

  it('pads brackets, ellipses and em dashes', () => {
    expect(wordTokenize('Wait... (really)—yes')).toEqual(['Wait', '...', '(', 'really', ')', '—', 'yes']);
  });

  it('keeps non-ASCII letters inside words', () => {
    expect(wordTokenize('Café crème brûlée')).toEqual(['Café', 'crème', 'brûlée']);
  });

  it('returns punctuation-only text as punctuation tokens', () => {
    expect(wordTokenize('...')).toEqual(['...']);
    expect(wordTokenize('!!!')).toEqual(['!', '!', '!']);
  });

  it('tokenizes one sentence without the sentence split through treebankWordTokenize', () => {
    expect(treebankWordTokenize('Good muffins cost $3.88 in New York.')).toEqual([
      'Good',
      'muffins',
      'cost',
      '$',
      '3.88',
      'in',
      'New',
      'York',
      '.',
    ]);
  });
});
