/**
 * NLTK's `PorterStemmer()` in its default `NLTK_EXTENSIONS` mode (nltk/stem/porter.py), which both
 * references use: NLTK's METEOR for its stem stage, and rouge_score's tokenizer (`use_stemmer=True`
 * builds `nltk.stem.porter.PorterStemmer()` with no arguments, so the same mode).
 *
 * NLTK_EXTENSIONS differs from Porter's original algorithm; each difference is marked below with
 * "NLTK extension". Quirks of NLTK's code that a textbook Porter stemmer would not have are marked
 * "quirk".
 */
import { codePointLength } from './python-text.js';

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

// NLTK extension: irregular forms looked up before any rule runs.
const IRREGULAR_FORMS: Record<string, readonly string[]> = {
  sky: ['sky', 'skies'],
  die: ['dying'],
  lie: ['lying'],
  tie: ['tying'],
  news: ['news'],
  inning: ['innings', 'inning'],
  outing: ['outings', 'outing'],
  canning: ['cannings', 'canning'],
  howe: ['howe'],
  proceed: ['proceed'],
  exceed: ['exceed'],
  succeed: ['succeed'],
};
const POOL = new Map<string, string>();
for (const [base, forms] of Object.entries(IRREGULAR_FORMS)) for (const form of forms) POOL.set(form, base);

function isVowelLetter(char: string): boolean {
  return char === 'a' || char === 'e' || char === 'i' || char === 'o' || char === 'u';
}

function isConsonant(word: string, index: number): boolean {
  const char = word[index] as string;
  if (isVowelLetter(char)) return false;
  if (char === 'y') return index === 0 ? true : !isConsonant(word, index - 1);
  return true;
}

/** m in Porter's [C](VC)^m[V]: the number of vowel-consonant transitions. */
function measure(stem: string): number {
  let count = 0;
  let previousVowel = false;
  for (let index = 0; index < stem.length; index++) {
    const consonant = isConsonant(stem, index);
    if (consonant && previousVowel) count++;
    previousVowel = !consonant;
  }
  return count;
}

function hasPositiveMeasure(stem: string): boolean {
  return measure(stem) > 0;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  return (
    word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1)
  );
}

function endsCvc(word: string): boolean {
  const length = word.length;
  if (
    length >= 3 &&
    isConsonant(word, length - 3) &&
    !isConsonant(word, length - 2) &&
    isConsonant(word, length - 1) &&
    !['w', 'x', 'y'].includes(word[length - 1] as string)
  ) {
    return true;
  }
  // NLTK extension: a two-letter vowel-consonant word also counts as CVC.
  return length === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

function replaceSuffix(word: string, suffix: string, replacement: string): string {
  return suffix === '' ? word + replacement : word.slice(0, word.length - suffix.length) + replacement;
}

/** The first rule whose suffix matches decides: if its condition fails, the word is returned as is. */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = replaceSuffix(word, suffix, '');
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  // NLTK extension: "ties" -> "tie", "dies" -> "die" (four-letter words in -ies).
  if (word.endsWith('ies') && word.length === 4) return replaceSuffix(word, 'ies', 'ie');
  return applyRuleList(word, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(word: string): string {
  // NLTK extension: -ied becomes -ie in four-letter words ("tied"), -i otherwise ("cried").
  if (word.endsWith('ied')) {
    return word.length === 4 ? replaceSuffix(word, 'ied', 'ie') : replaceSuffix(word, 'ied', 'i');
  }
  if (word.endsWith('eed')) {
    const stem = replaceSuffix(word, 'eed', '');
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let intermediate: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = replaceSuffix(word, suffix, '');
      if (containsVowel(candidate)) {
        intermediate = candidate;
        break;
      }
    }
  }
  if (intermediate === undefined) return word;
  const last = intermediate[intermediate.length - 1] as string;
  return applyRuleList(intermediate, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => !['l', 's', 'z'].includes(last)],
    ['', 'e', (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  // NLTK extension: y -> i only after a consonant that is not the first letter ("cry" -> "cri",
  // but "by" and "say" stay), instead of the original "stem contains a vowel".
  return applyRuleList(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

function step2(word: string): string {
  // NLTK extension: -alli is rewritten to -al and step 2 runs again on the result.
  if (word.endsWith('alli') && hasPositiveMeasure(replaceSuffix(word, 'alli', ''))) {
    return step2(replaceSuffix(word, 'alli', 'al'));
  }
  const rules: Rule[] = [
    ['ational', 'ate', hasPositiveMeasure],
    ['tional', 'tion', hasPositiveMeasure],
    ['enci', 'ence', hasPositiveMeasure],
    ['anci', 'ance', hasPositiveMeasure],
    ['izer', 'ize', hasPositiveMeasure],
    // NLTK extension: -bli -> -ble (the original algorithm has -abli -> -able).
    ['bli', 'ble', hasPositiveMeasure],
    ['alli', 'al', hasPositiveMeasure],
    ['entli', 'ent', hasPositiveMeasure],
    ['eli', 'e', hasPositiveMeasure],
    ['ousli', 'ous', hasPositiveMeasure],
    ['ization', 'ize', hasPositiveMeasure],
    ['ation', 'ate', hasPositiveMeasure],
    ['ator', 'ate', hasPositiveMeasure],
    ['alism', 'al', hasPositiveMeasure],
    ['iveness', 'ive', hasPositiveMeasure],
    ['fulness', 'ful', hasPositiveMeasure],
    ['ousness', 'ous', hasPositiveMeasure],
    ['aliti', 'al', hasPositiveMeasure],
    ['iviti', 'ive', hasPositiveMeasure],
    ['biliti', 'ble', hasPositiveMeasure],
    // NLTK extensions: -fulli -> -ful, and -logi -> -log.
    ['fulli', 'ful', hasPositiveMeasure],
    // Quirk: NLTK tests the measure of the word minus its last three letters ("-ogi"), so the
    // stem it measures keeps the "l".
    ['logi', 'log', () => hasPositiveMeasure(word.slice(0, -3))],
  ];
  return applyRuleList(word, rules);
}

function step3(word: string): string {
  return applyRuleList(word, [
    ['icate', 'ic', hasPositiveMeasure],
    ['ative', '', hasPositiveMeasure],
    ['alize', 'al', hasPositiveMeasure],
    ['iciti', 'ic', hasPositiveMeasure],
    ['ical', 'ic', hasPositiveMeasure],
    ['ful', '', hasPositiveMeasure],
    ['ness', '', hasPositiveMeasure],
  ]);
}

const measureAboveOne = (stem: string): boolean => measure(stem) > 1;

const STEP4_RULES: readonly Rule[] = [
  ['al', '', measureAboveOne],
  ['ance', '', measureAboveOne],
  ['ence', '', measureAboveOne],
  ['er', '', measureAboveOne],
  ['ic', '', measureAboveOne],
  ['able', '', measureAboveOne],
  ['ible', '', measureAboveOne],
  ['ant', '', measureAboveOne],
  ['ement', '', measureAboveOne],
  ['ment', '', measureAboveOne],
  ['ent', '', measureAboveOne],
  ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
  ['ou', '', measureAboveOne],
  ['ism', '', measureAboveOne],
  ['ate', '', measureAboveOne],
  ['iti', '', measureAboveOne],
  ['ous', '', measureAboveOne],
  ['ive', '', measureAboveOne],
  ['ize', '', measureAboveOne],
];

function step5a(word: string): string {
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    if (measure(stem) > 1) return stem;
    if (measure(stem) === 1 && !endsCvc(stem)) return stem;
  }
  return word;
}

function step5b(word: string): string {
  // Quirk: the condition measures the word minus one "l", not the stem minus both.
  return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

function stemLowercase(word: string): string {
  let stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = applyRuleList(stem, STEP4_RULES);
  stem = step5a(stem);
  return step5b(stem);
}

const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const HAS_ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/**
 * The rules index characters, and Python's characters are code points: a character outside the
 * Basic Multilingual Plane is one character there but two UTF-16 units here. Such characters are
 * swapped for private-use stand-ins (unused in the word, one per distinct character) while the
 * rules run, which keeps lengths, equality and consonant-ness exactly as NLTK sees them.
 */
function stemWithAstralCharacters(word: string): string {
  const standIns = new Map<string, string>();
  let next = 0xe000;
  const swapped = word.replace(ASTRAL, (pair) => {
    let standIn = standIns.get(pair);
    if (standIn === undefined) {
      while (word.includes(String.fromCharCode(next))) next++;
      standIn = String.fromCharCode(next++);
      standIns.set(pair, standIn);
    }
    return standIn;
  });
  let stem = stemLowercase(swapped);
  for (const [pair, standIn] of standIns) stem = stem.split(standIn).join(pair);
  return stem;
}

const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

/**
 * NLTK's `PorterStemmer().stem(word)` (NLTK_EXTENSIONS mode, `to_lowercase=True`). Results are
 * memoised; the cache is dropped when it grows past a bound so long runs do not grow without limit.
 */
export function porterStem(word: string): string {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const stem = computeStem(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

function computeStem(word: string): string {
  const lower = word.toLowerCase();
  // NLTK extension: irregular forms. Quirk: NLTK checks the word as given (not lower-cased), so
  // "skies" gives "sky" but "Skies" goes through the rules and gives "ski".
  if (POOL.has(word)) return POOL.get(lower) as string;
  // NLTK extension: words of one or two characters are returned lower-cased and unstemmed.
  if (codePointLength(word) <= 2) return lower;
  return HAS_ASTRAL.test(lower) ? stemWithAstralCharacters(lower) : stemLowercase(lower);
}
