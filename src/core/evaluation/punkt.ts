/**
 * NLTK's Punkt sentence tokenizer (nltk/tokenize/punkt.py, `PunktSentenceTokenizer.tokenize` with
 * `realign_boundaries=True`), inference only, with NLTK's pretrained English parameters
 * (data/punkt-english.json, see data/PUNKT-README.md). This is the first half of
 * `nltk.word_tokenize`: a period becomes its own token only where Punkt ends a sentence.
 *
 * Follows the NLTK release that a fresh `pip install fmeval` brings (3.10): that includes nltk#3728,
 * which added the curly quotes and guillemets (‘ ’ “ ” « ») to the boundary-realignment and
 * non-word character classes. NLTK 3.8 (Debian's python3-nltk) lacks them, so there a sentence
 * ending in `.”` followed by more text is not split.
 */
import { readDataFile } from './data-files.js';
import {
  firstIsLower,
  firstIsUpper,
  isAsciiWhitespace,
  PY_NOT_S,
  PY_S,
  PY_W_NOT_DIGIT,
  pyRstrip,
  pyStrip,
} from './python-text.js';

// Orthographic context flags (PunktParameters.ortho_context values).
const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

// PunktLanguageVars, English defaults.
const SENT_END_CHARS = new Set(['.', '?', '!']);
// Characters that cannot appear within words; the curly quotes and guillemets are nltk#3728.
const NON_WORD = '(?:[)";}\\]*:@\'({[\\u2018\\u2019\\u201c\\u201d\\xab\\xbb?!])';
const MULTI_CHAR_PUNCT = `(?:-{2,}|\\.{2,}|(?:\\.${PY_S}){2,}\\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';
const WORD_TOKENIZER = new RegExp(
  `${MULTI_CHAR_PUNCT}|(?=${WORD_START})${PY_NOT_S}+?(?=${PY_S}|$|${NON_WORD}|${MULTI_CHAR_PUNCT}|,(?=$|${PY_S}|${NON_WORD}|${MULTI_CHAR_PUNCT}))|${PY_NOT_S}`,
  'gu',
);
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(${NON_WORD}|${PY_S}+(${PY_NOT_S}+)))`, 'gu');
// Python's MULTILINE `$` also matches before a newline, but a newline is whitespace and `\s+` is
// tried first, so plain end-of-input is equivalent here.
const BOUNDARY_REALIGNMENT = new RegExp(
  `^["')\\]}\\u2018\\u2019\\u201c\\u201d\\xab\\xbb]+?(?:${PY_S}+|(?=--)|$)`,
  'u',
);
// PunktSentenceTokenizer.PUNCTUATION
const PUNCTUATION = new Set([';', ':', ',', '.', '!', '?']);

const RE_ELLIPSIS = /^\.\.+$/;
const RE_NUMERIC = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const RE_INITIAL = new RegExp(`^${PY_W_NOT_DIGIT}\\.$`, 'u');

interface PunktParameters {
  abbrevTypes: Set<string>;
  collocations: Set<string>;
  sentStarters: Set<string>;
  /** The parsed JSON object itself: copying 20,000 entries into a Map would double the load time. */
  orthoContext: Record<string, number>;
}

let parameters: PunktParameters | undefined;

function loadParameters(): PunktParameters {
  if (parameters) return parameters;
  const raw: unknown = JSON.parse(readDataFile('punkt-english.json').toString('utf8'));
  if (!isPunktJson(raw)) throw new Error('data/punkt-english.json does not have the expected shape');
  parameters = {
    abbrevTypes: new Set(raw.abbrev_types),
    collocations: new Set(raw.collocations.map(([first, second]) => collocationKey(first, second))),
    sentStarters: new Set(raw.sent_starters),
    orthoContext: raw.ortho_context,
  };
  return parameters;
}

interface PunktJson {
  abbrev_types: string[];
  collocations: [string, string][];
  sent_starters: string[];
  ortho_context: Record<string, number>;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isPunktJson(value: unknown): value is PunktJson {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    isStringArray(record.abbrev_types) &&
    isStringArray(record.sent_starters) &&
    Array.isArray(record.collocations) &&
    record.collocations.every((pair) => isStringArray(pair) && pair.length === 2) &&
    typeof record.ortho_context === 'object' &&
    record.ortho_context !== null
  );
}

function collocationKey(first: string, second: string): string {
  return `${first}\u0000${second}`;
}

/** PunktToken: a word token with the annotations of the two passes. */
class Token {
  readonly tok: string;
  readonly type: string;
  readonly periodFinal: boolean;
  sentbreak = false;
  abbr = false;
  ellipsis = false;

  constructor(tok: string) {
    this.tok = tok;
    this.type = RE_NUMERIC.test(tok.toLowerCase()) ? '##number##' : tok.toLowerCase();
    this.periodFinal = tok.endsWith('.');
  }

  get typeNoPeriod(): string {
    return this.type.length > 1 && this.type.endsWith('.') ? this.type.slice(0, -1) : this.type;
  }

  get typeNoSentperiod(): string {
    return this.sentbreak ? this.typeNoPeriod : this.type;
  }

  get isInitial(): boolean {
    return RE_INITIAL.test(this.tok);
  }
}

/** PunktBaseClass._tokenize_words: Punkt's own word split, line by line. */
function tokenizeWords(text: string): Token[] {
  const tokens: Token[] = [];
  for (const line of text.split('\n')) {
    if (pyStrip(line) === '') continue;
    for (const match of line.matchAll(WORD_TOKENIZER)) tokens.push(new Token(match[0]));
  }
  return tokens;
}

function firstPassAnnotation(token: Token, params: PunktParameters): void {
  const tok = token.tok;
  if (SENT_END_CHARS.has(tok)) {
    token.sentbreak = true;
  } else if (RE_ELLIPSIS.test(tok)) {
    token.ellipsis = true;
  } else if (token.periodFinal && !tok.endsWith('..')) {
    const bare = tok.slice(0, -1).toLowerCase();
    const lastPart = bare.split('-').at(-1) as string;
    if (params.abbrevTypes.has(bare) || params.abbrevTypes.has(lastPart)) token.abbr = true;
    else token.sentbreak = true;
  }
}

/** `ortho_context[type]` of NLTK's defaultdict(int); own keys only ("constructor" is a word too). */
function orthoContext(params: PunktParameters, type: string): number {
  return Object.hasOwn(params.orthoContext, type) ? (params.orthoContext[type] as number) : 0;
}

type OrthoDecision = true | false | 'unknown';

function orthoHeuristic(token: Token, params: PunktParameters): OrthoDecision {
  // Sentences don't start with punctuation marks.
  if (PUNCTUATION.has(token.tok)) return false;
  const context = orthoContext(params, token.typeNoSentperiod);
  if (firstIsUpper(token.tok) && context & ORTHO_LC && !(context & ORTHO_MID_UC)) return true;
  if (firstIsLower(token.tok) && (context & ORTHO_UC || !(context & ORTHO_BEG_LC))) return false;
  return 'unknown';
}

function secondPassAnnotation(first: Token, second: Token | undefined, params: PunktParameters): void {
  if (!second || !first.periodFinal) return;
  const type = first.typeNoPeriod;
  const nextType = second.typeNoSentperiod;
  const isInitial = first.isInitial;
  // Collocation heuristic.
  if (params.collocations.has(collocationKey(type, nextType))) {
    first.sentbreak = false;
    first.abbr = true;
    return;
  }
  // An abbreviation or ellipsis may also end a sentence.
  if ((first.abbr || first.ellipsis) && !isInitial) {
    if (orthoHeuristic(second, params) === true) {
      first.sentbreak = true;
      return;
    }
    if (firstIsUpper(second.tok) && params.sentStarters.has(nextType)) {
      first.sentbreak = true;
      return;
    }
  }
  // Initials and ordinals.
  if (isInitial || type === '##number##') {
    const decision = orthoHeuristic(second, params);
    if (decision === false) {
      first.sentbreak = false;
      first.abbr = true;
      return;
    }
    if (
      decision === 'unknown' &&
      isInitial &&
      firstIsUpper(second.tok) &&
      !(orthoContext(params, nextType) & ORTHO_LC)
    ) {
      first.sentbreak = false;
      first.abbr = true;
    }
  }
}

/** text_contains_sentbreak: whether any token but the last is a sentence break after both passes. */
function containsSentbreak(text: string, params: PunktParameters): boolean {
  const tokens = tokenizeWords(text);
  // The first pass only looks at each token itself, and the second pass only changes the first
  // token of each pair, so running the passes one after the other equals NLTK's interleaved
  // generators.
  for (const token of tokens) firstPassAnnotation(token, params);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    secondPassAnnotation(token, tokens[index + 1], params);
    if (token.sentbreak && index < tokens.length - 1) return true;
  }
  return false;
}

interface EndMatch {
  /** Index of the sentence-ending character. */
  index: number;
  /** match.end(): just after it. */
  end: number;
  afterToken: string;
  /** match.start("next_tok"), or -1 when the context is punctuation rather than a next word. */
  nextTokenStart: number;
}

/** Python's `_get_last_whitespace_index`: ASCII whitespace only (`string.whitespace`), 0 if none. */
function lastWhitespaceIndex(text: string): number {
  for (let index = text.length - 1; index >= 0; index--)
    if (isAsciiWhitespace(text[index] as string)) return index;
  return 0;
}

/**
 * `_match_potential_end_contexts`: each candidate end with the word before it and the token after
 * it. A candidate whose preceding word overlaps the previous candidate's (as in "!!!") replaces it.
 */
function potentialEndContexts(text: string): { match: EndMatch; context: string }[] {
  const results: { match: EndMatch; context: string }[] = [];
  let previousStart = 0;
  let previousStop = 0;
  let previous: EndMatch | undefined;
  const contextOf = (match: EndMatch, start: number, stop: number): string =>
    text.slice(start, stop) + (text[match.index] as string) + match.afterToken;
  for (const found of text.matchAll(PERIOD_CONTEXT)) {
    const index = found.index;
    const afterToken = found[1] as string;
    const nextToken = found[2];
    const match: EndMatch = {
      index,
      end: index + 1,
      afterToken,
      nextTokenStart: nextToken === undefined ? -1 : index + 1 + afterToken.length - nextToken.length,
    };
    const before = text.slice(previousStop, index);
    let wordStart = lastWhitespaceIndex(before);
    // Quirk: whitespace at index 0 of the gap counts as no whitespace (the index is falsy), so the
    // previous word's start is reused.
    if (wordStart) wordStart += previousStop + 1;
    else wordStart = previousStart;
    if (previous && previousStop <= wordStart) {
      results.push({ match: previous, context: contextOf(previous, previousStart, previousStop) });
    }
    previous = match;
    previousStart = wordStart;
    previousStop = index;
  }
  if (previous) results.push({ match: previous, context: contextOf(previous, previousStart, previousStop) });
  return results;
}

/** `_slices_from_text` then `_realign_boundaries`, as [start, end) pairs. */
function sentenceSpans(text: string): [number, number][] {
  const params = loadParameters();
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const { match, context } of potentialEndContexts(text)) {
    if (containsSentbreak(context, params)) {
      slices.push([lastBreak, match.end]);
      lastBreak = match.nextTokenStart >= 0 ? match.nextTokenStart : match.end;
    }
  }
  // The last sentence does not contain trailing whitespace.
  slices.push([lastBreak, pyRstrip(text).length]);

  const spans: [number, number][] = [];
  let realign = 0;
  for (let index = 0; index < slices.length; index++) {
    const [start, stop] = slices[index] as [number, number];
    const first: [number, number] = [start + realign, stop];
    const second = slices[index + 1];
    const nonEmpty = first[0] < first[1];
    if (!second) {
      if (nonEmpty) spans.push(first);
      continue;
    }
    const realigned = BOUNDARY_REALIGNMENT.exec(text.slice(second[0], second[1]));
    if (realigned) {
      // Closing quotes and brackets after the end belong to the sentence they close.
      spans.push([first[0], second[0] + pyRstrip(realigned[0]).length]);
      realign = realigned[0].length;
    } else {
      realign = 0;
      if (nonEmpty) spans.push(first);
    }
  }
  return spans;
}

/** `PunktSentenceTokenizer(english parameters).tokenize(text)`. */
export function sentTokenize(text: string): string[] {
  return sentenceSpans(text).map(([start, end]) => text.slice(start, end));
}
