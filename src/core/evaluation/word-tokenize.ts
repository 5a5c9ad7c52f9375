/**
 * `nltk.word_tokenize(text)` (language "english", preserve_line=False): Punkt sentence split, then
 * `NLTKWordTokenizer.tokenize` (nltk/tokenize/destructive.py) on each sentence. Each regex below is
 * NLTK's, in NLTK's order, rewritten with the Python character classes of python-text.ts.
 *
 * Follows the NLTK release that a fresh `pip install fmeval` brings (3.10). Compared with NLTK 3.8
 * (Debian's python3-nltk) that release:
 * - splits a leading apostrophe from the word after it only when the word is not a clitic, with
 *   look-arounds (`'hello` -> `'`, `hello`) instead of 3.8's `(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b`;
 * - collapses every whitespace run to one space before the clitic rules, so `John's\tbook`
 *   splits `'s` off too;
 * - pads the figure dash, en dash, em dash and horizontal bar (U+2012–U+2015) as punctuation
 *   (nltk#3461).
 */
import { sentTokenize } from './punkt.js';
import { PY_B_AFTER_WORD, PY_B_BEFORE_WORD, PY_S, PY_W, pySplit } from './python-text.js';

type Substitution = readonly [pattern: RegExp, replacement: string];

// Python's `$` (no MULTILINE) matches at the end and also just before a final newline.
const PY_END = '(?=\\n?$)';

const STARTING_QUOTES: readonly Substitution[] = [
  [/([«“‘„]|`+)/gu, ' $1 '],
  [/^"/, '``'],
  [/(``)/g, ' $1 '],
  [/([ ([{<])("|'{2})/g, '$1 `` '],
  [new RegExp(`${PY_B_BEFORE_WORD}(')(?!(?:re|ve|ll|m|t|s|d|n)${PY_B_AFTER_WORD})(?=${PY_W})`, 'giu'), '$1 '],
];

const PUNCTUATION: readonly Substitution[] = [
  [new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)${PY_S}*${PY_END}`, 'gu'), '$1 $2 $3 '],
  [/([:,])([^\p{Nd}])/gu, ' $1 $2'],
  [new RegExp(`([:,])${PY_END}`, 'gu'), ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/g, ' $& '],
  // Figure dash, en dash, em dash and horizontal bar (nltk#3461).
  [/[\u2012-\u2015]/gu, ' $& '],
  // The final period.
  [new RegExp(`([^.])(\\.)([\\])}>"']*)${PY_S}*${PY_END}`, 'gu'), '$1 $2$3 '],
  [/[?!]/g, ' $& '],
  [/([^'])' /g, "$1 ' "],
  [/[*]/gu, ' $& '],
];

const PARENS_BRACKETS: Substitution = [/[\][(){}<>]/g, ' $& '];
const DOUBLE_DASHES: Substitution = [/--/g, ' -- '];

const ENDING_QUOTES: readonly Substitution[] = [
  [/([»”’])/gu, ' $1 '],
  [/''/g, " '' "],
  [/"/g, " '' "],
  [new RegExp(`${PY_S}+`, 'gu'), ' '],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 '],
];

// MacIntyre's contractions (CONTRACTIONS2 and CONTRACTIONS3; NLTK leaves CONTRACTIONS4 unused).
const CONTRACTIONS: readonly RegExp[] = [
  new RegExp(`${PY_B_BEFORE_WORD}(can)(not)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(d)('ye)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(gim)(me)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(gon)(na)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(got)(ta)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(lem)(me)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(more)('n)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(`${PY_B_BEFORE_WORD}(wan)(na)(?=${PY_S})`, 'giu'),
  new RegExp(` ('t)(is)${PY_B_AFTER_WORD}`, 'giu'),
  new RegExp(` ('t)(was)${PY_B_AFTER_WORD}`, 'giu'),
];

function substitute(text: string, substitutions: readonly Substitution[]): string {
  let result = text;
  for (const [pattern, replacement] of substitutions) result = result.replace(pattern, replacement);
  return result;
}

/**
 * `NLTKWordTokenizer().tokenize(sentence)`. It expects one sentence: a period is split off only at
 * the end of its input (so "Mr." and "e.g." inside a sentence stay whole).
 */
export function treebankWordTokenize(sentence: string): string[] {
  let text = substitute(sentence, STARTING_QUOTES);
  text = substitute(text, PUNCTUATION);
  text = text.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]);
  text = text.replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = ` ${text} `;
  text = substitute(text, ENDING_QUOTES);
  for (const pattern of CONTRACTIONS) text = text.replace(pattern, ' $1 $2 ');
  return pySplit(text);
}

/** `nltk.word_tokenize(text)`: Punkt sentences, each tokenized by `treebankWordTokenize`. */
export function wordTokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const sentence of sentTokenize(text))
    for (const token of treebankWordTokenize(sentence)) tokens.push(token);
  return tokens;
}
