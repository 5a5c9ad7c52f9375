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
import { PY_B_AFTER_WORD, PY_B_BEFORE_WORD, PY_S, PY_SPACE_CHARS, PY_W, pySplit } from './python-text.js';

/**
 * A regex substitution, with an optional cheap test that is false whenever the pattern cannot match
 * (most sentences have no quotes, brackets or clitics; skipping those passes doubles the speed).
 */
type Substitution = readonly [pattern: RegExp, replacement: string, mayMatch?: (text: string) => boolean];

const has =
  (...needles: string[]) =>
  (text: string): boolean =>
    needles.some((needle) => text.includes(needle));

// Python's `$` (no MULTILINE) matches at the end and also just before a final newline.
const PY_END = '(?=\\n?$)';

const STARTING_QUOTES: readonly Substitution[] = [
  [/([«“‘„]|`+)/gu, ' $1 ', has('«', '“', '‘', '„', '`')],
  [/^"/, '``'],
  [/(``)/g, ' $1 ', has('``')],
  [/([ ([{<])("|'{2})/g, '$1 `` ', has('"', "''")],
  [
    new RegExp(`${PY_B_BEFORE_WORD}(')(?!(?:re|ve|ll|m|t|s|d|n)${PY_B_AFTER_WORD})(?=${PY_W})`, 'giu'),
    '$1 ',
    has("'"),
  ],
];

const PUNCTUATION: readonly Substitution[] = [
  [new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)${PY_S}*${PY_END}`, 'gu'), '$1 $2 $3 '],
  [/([:,])([^\p{Nd}])/gu, ' $1 $2', has(':', ',')],
  [new RegExp(`([:,])${PY_END}`, 'gu'), ' $1 ', has(':', ',')],
  [/\.{2,}/gu, ' $& ', has('..')],
  [/[;@#$%&]/g, ' $& '],
  // Figure dash, en dash, em dash and horizontal bar (nltk#3461).
  [/[\u2012-\u2015]/gu, ' $& ', has('\u2012', '\u2013', '\u2014', '\u2015')],
  // The final period.
  [new RegExp(`([^.])(\\.)([\\])}>"']*)${PY_S}*${PY_END}`, 'gu'), '$1 $2$3 '],
  [/[?!]/g, ' $& '],
  [/([^'])' /g, "$1 ' ", has("' ")],
  [/[*]/gu, ' $& ', has('*')],
];

const PARENS_BRACKETS: Substitution = [/[\][(){}<>]/g, ' $& '];
const DOUBLE_DASHES: Substitution = [/--/g, ' -- ', has('--')];

const ENDING_QUOTES: readonly Substitution[] = [
  [/([»”’])/gu, ' $1 ', has('»', '”', '’')],
  [/''/g, " '' ", has("''")],
  [/"/g, " '' ", has('"')],
  // NLTK's `\s+` -> " "; a single space is left alone, which changes nothing and saves most of the
  // replacements.
  [new RegExp(`${PY_S}{2,}|[${PY_SPACE_CHARS.replace('\\x1c-\\x20', '\\x1c-\\x1f')}]`, 'gu'), ' '],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /g, '$1 $2 ', has("'")],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /g, '$1 $2 ', has("'")],
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

// Each contraction pattern needs one of these (case-insensitively); one test skips all ten.
const CONTRACTION_HINT = /can|d'|gim|gon|got|lem|more|wan|'t/i;

function substitute(text: string, substitutions: readonly Substitution[]): string {
  let result = text;
  for (const [pattern, replacement, mayMatch] of substitutions) {
    if (mayMatch === undefined || mayMatch(result)) result = result.replace(pattern, replacement);
  }
  return result;
}

/**
 * `NLTKWordTokenizer().tokenize(sentence)`. It expects one sentence: a period is split off only at
 * the end of its input (so "Mr." and "e.g." inside a sentence stay whole).
 */
export function treebankWordTokenize(sentence: string): string[] {
  let text = substitute(sentence, STARTING_QUOTES);
  text = substitute(text, PUNCTUATION);
  text = substitute(text, [PARENS_BRACKETS, DOUBLE_DASHES]);
  text = ` ${text} `;
  text = substitute(text, ENDING_QUOTES);
  if (CONTRACTION_HINT.test(text))
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
