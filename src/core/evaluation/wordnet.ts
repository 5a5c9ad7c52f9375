/**
 * WordNet 3.0 synonyms as NLTK's METEOR sees them: for a word, the lemma names without "_" of every
 * synset `nltk.corpus.wordnet.synsets(word)` returns, over all parts of speech, through morphy's
 * base-form search with the exception lists.
 *
 * The data (data/wordnet-synonyms.txt.gz, ~1 MB, built by scripts/build-wordnet.ts) is read and
 * unzipped on the first lookup, not on import. It holds, per index lemma and part of speech, the
 * union of the names of its synsets, so a lookup is morphy plus a few map reads; results are
 * memoised per word.
 *
 * Morphy follows NLTK 3.9 and later (nltk#3225), the version a fresh `pip install fmeval` brings:
 * one pass of suffix rules, never recursive. NLTK 3.8 (Debian's python3-nltk) kept stripping
 * suffixes until something matched, so there "offerings" also reached "offer" and its verb senses.
 */
import { gunzipSync } from 'node:zlib';
import { readDataFile } from './data-files.js';

const POS_ORDER = ['n', 'v', 'a', 'r'] as const;
type Pos = (typeof POS_ORDER)[number];

// WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS, in NLTK's order.
const SUBSTITUTIONS: Record<Pos, readonly (readonly [string, string])[]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['ves', 'f'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

interface WordNetData {
  exceptions: Record<Pos, Map<string, readonly string[]>>;
  /** The decompressed text; its lemma lines are sorted, so lookups binary-search it in place. */
  text: string;
  /** Offset of the first lemma line (after the comments and the exception lists). */
  lemmasStart: number;
}

let data: WordNetData | undefined;

// Neither a Map of the ~86,000 lemma lines nor even an array of their offsets is built: either
// would cost more than the rest of the load. Lookups binary-search the text itself (~17 probes)
// and are memoised.
function load(): WordNetData {
  if (data) return data;
  const text = gunzipSync(readDataFile('wordnet-synonyms.txt.gz')).toString('utf8');
  const exceptions: Record<Pos, Map<string, readonly string[]>> = {
    n: new Map(),
    v: new Map(),
    a: new Map(),
    r: new Map(),
  };
  let start = 0;
  while (start < text.length) {
    const first = text.charCodeAt(start);
    if (first !== 0x21 /* ! */ && first !== 0x23 /* # */) break;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (first === 0x21) {
      const [tag, form, ...bases] = text.slice(start, end).split(' ');
      exceptions[(tag as string).slice(1) as Pos].set(form as string, bases);
    }
    start = end + 1;
  }
  data = { exceptions, text, lemmasStart: start };
  return data;
}

/** Compares `key` with the lemma (up to the tab) of the line starting at `start`, by UTF-16 units. */
function compareLemma(text: string, start: number, key: string): number {
  for (let index = 0; ; index++) {
    const lineUnit = text.charCodeAt(start + index);
    const lineEnded = lineUnit === 0x09; /* tab */
    if (index === key.length) return lineEnded ? 0 : -1;
    if (lineEnded) return 1;
    const difference = key.charCodeAt(index) - lineUnit;
    if (difference !== 0) return difference;
  }
}

/** The n, v, a, r name fields of an index lemma, or undefined when it has no usable names. */
function lemmaFields(wordnet: WordNetData, lemma: string): string[] | undefined {
  const { text } = wordnet;
  // Invariant: the wanted line, if present, starts in [low, high), and low is a line start.
  let low = wordnet.lemmasStart;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = Math.max(text.lastIndexOf('\n', middle - 1) + 1, low);
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const order = compareLemma(text, start, lemma);
    if (order === 0) return text.slice(start + lemma.length + 1, end).split('\t');
    if (order < 0) high = start;
    else low = end + 1;
  }
  return undefined;
}

/** Morphy candidates for one part of speech (NLTK >= 3.9 `_morphy`, before the index filter). */
function morphyCandidates(form: string, pos: Pos, wordnet: WordNetData): readonly string[] {
  const exceptions = wordnet.exceptions[pos].get(form);
  // An exception entry replaces the suffix rules entirely.
  if (exceptions) return [form, ...exceptions];
  const candidates = [form];
  for (const [suffix, replacement] of SUBSTITUTIONS[pos]) {
    if (form.endsWith(suffix)) candidates.push(form.slice(0, form.length - suffix.length) + replacement);
  }
  return candidates;
}

const POS_FIELD: Record<Pos, number> = { n: 0, v: 1, a: 2, r: 3 };

const CACHE_LIMIT = 100_000;
const cache = new Map<string, ReadonlySet<string>>();

/**
 * The synonym set METEOR's WordNet stage builds for a hypothesis word: the names of
 * `wordnet.synsets(word)` without "_", plus the word itself. Names with capitals are left out of the
 * data because they can never equal a lower-cased reference word (see scripts/build-wordnet.ts).
 */
export function wordnetSynonyms(word: string): ReadonlySet<string> {
  const cached = cache.get(word);
  if (cached) return cached;
  const wordnet = load();
  // synsets() lower-cases its argument.
  const form = word.toLowerCase();
  const names = new Set<string>();
  for (const pos of POS_ORDER) {
    for (const candidate of morphyCandidates(form, pos, wordnet)) {
      const field = lemmaFields(wordnet, candidate)?.[POS_FIELD[pos]];
      if (field) for (const name of field.split(' ')) names.add(name);
    }
  }
  names.add(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, names);
  return names;
}

/** Whether the WordNet data has been read yet (for tests of lazy loading). */
export function isWordnetLoaded(): boolean {
  return data !== undefined;
}
