/**
 * METEOR as NLTK computes it (nltk/translate/meteor_score.py, `single_meteor_score` with every
 * default), which is what fmeval reports:
 *
 *   single_meteor_score(reference=word_tokenize(reference), hypothesis=word_tokenize(prediction))
 *
 * Words are lower-cased (`preprocess=str.lower`), then aligned in three stages (exact, Porter stem,
 * WordNet synonym), each a greedy scan in NLTK's order. With m matches, hypothesis length h,
 * reference length r and c chunks: P = m/h, R = m/r, fmean = P·R/(α·P + (1−α)·R),
 * penalty = γ·(c/m)^β, score = (1 − penalty)·fmean, with α = 0.9, β = 3, γ = 0.5; 0 when nothing
 * matches or a side is empty.
 */
import { porterStem } from './porter-stemmer.js';
import { wordTokenize } from './word-tokenize.js';
import { wordnetSynonyms } from './wordnet.js';

const ALPHA = 0.9;
const BETA = 3;
const GAMMA = 0.5;

/** An enumerated word: its position in the original sequence and its (lower-cased) text. */
type Enumerated = [index: number, word: string];
type Match = [hypothesisIndex: number, referenceIndex: number];

/**
 * `_match_enums`: for each hypothesis word from the last to the first, the last still-unmatched
 * reference word equal to it. Matched words are removed from both lists as NLTK pops them; because
 * the outer loop runs backwards over indices fixed at its start, removing the current word never
 * disturbs the words still to visit.
 */
function matchEqual(hypothesis: Enumerated[], reference: Enumerated[], matches: Match[]): void {
  for (let i = hypothesis.length - 1; i >= 0; i--) {
    const word = (hypothesis[i] as Enumerated)[1];
    for (let j = reference.length - 1; j >= 0; j--) {
      if ((reference[j] as Enumerated)[1] === word) {
        matches.push([(hypothesis[i] as Enumerated)[0], (reference[j] as Enumerated)[0]]);
        hypothesis.splice(i, 1);
        reference.splice(j, 1);
        break;
      }
    }
  }
}

/**
 * `_enum_stem_match`: the same greedy scan over Porter stems. Quirk reproduced: NLTK returns the
 * *stemmed* unmatched words, so the WordNet stage that follows looks up stems ("running" reaches
 * WordNet as "run"), not the words themselves.
 */
function matchStems(hypothesis: Enumerated[], reference: Enumerated[], matches: Match[]): void {
  for (const entry of hypothesis) entry[1] = porterStem(entry[1]);
  for (const entry of reference) entry[1] = porterStem(entry[1]);
  matchEqual(hypothesis, reference, matches);
}

/**
 * `_enum_wordnetsyn_match`: for each remaining hypothesis word from the last, the last remaining
 * reference word that is among its synonyms (the word itself included).
 */
function matchSynonyms(hypothesis: Enumerated[], reference: Enumerated[], matches: Match[]): void {
  for (let i = hypothesis.length - 1; i >= 0; i--) {
    const synonyms = wordnetSynonyms((hypothesis[i] as Enumerated)[1]);
    for (let j = reference.length - 1; j >= 0; j--) {
      if (synonyms.has((reference[j] as Enumerated)[1])) {
        matches.push([(hypothesis[i] as Enumerated)[0], (reference[j] as Enumerated)[0]]);
        hypothesis.splice(i, 1);
        reference.splice(j, 1);
        break;
      }
    }
  }
}

/** `_count_chunks` over matches sorted by hypothesis index. */
function countChunks(matches: readonly Match[]): number {
  let chunks = 1;
  for (let i = 0; i < matches.length - 1; i++) {
    const current = matches[i] as Match;
    const next = matches[i + 1] as Match;
    if (!(next[0] === current[0] + 1 && next[1] === current[1] + 1)) chunks++;
  }
  return chunks;
}

/**
 * NLTK's `single_meteor_score(reference, hypothesis)` on already tokenized words (defaults:
 * `str.lower` preprocessing, Porter stemmer, WordNet, α 0.9, β 3, γ 0.5).
 */
export function singleMeteorScore(
  referenceTokens: readonly string[],
  hypothesisTokens: readonly string[],
): number {
  const hypothesis: Enumerated[] = hypothesisTokens.map((word, index) => [index, word.toLowerCase()]);
  const reference: Enumerated[] = referenceTokens.map((word, index) => [index, word.toLowerCase()]);
  const translationLength = hypothesis.length;
  const referenceLength = reference.length;
  const matches: Match[] = [];
  matchEqual(hypothesis, reference, matches);
  matchStems(hypothesis, reference, matches);
  matchSynonyms(hypothesis, reference, matches);
  // sorted(..., key=hypothesis index): a stable sort, and hypothesis indices are unique anyway.
  matches.sort((a, b) => a[0] - b[0]);
  const matchCount = matches.length;
  // NLTK returns 0 through a ZeroDivisionError when nothing matched or a side is empty.
  if (matchCount === 0 || translationLength === 0 || referenceLength === 0) return 0;
  const precision = matchCount / translationLength;
  const recall = matchCount / referenceLength;
  const fmean = (precision * recall) / (ALPHA * precision + (1 - ALPHA) * recall);
  const fragmentation = countChunks(matches) / matchCount;
  const penalty = GAMMA * fragmentation ** BETA;
  return (1 - penalty) * fmean;
}

/** METEOR of a prediction against one reference, both raw text, as fmeval computes it. */
export function meteorScore(prediction: string, reference: string): number {
  return singleMeteorScore(wordTokenize(reference), wordTokenize(prediction));
}
