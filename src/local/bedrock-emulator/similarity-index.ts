/**
 * TF-IDF over word tokens with cosine similarity: how an emulated custom model finds the training
 * example closest to a prompt. Small and exact (an inverted index, no approximation); it rebuilds
 * from the documents in milliseconds for the 10,000-record datasets Bedrock accepts, so only the
 * documents are persisted.
 */

// Function words carry no topic; dropping them keeps "What is the ..." prompts from all matching.
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have he her his i if in into is it its me my no not of on or ' +
    'our she so that the their them then there these they this to was we were what when where which who why ' +
    'will with you your do does did can could would should about than too very just how'
  ).split(' '),
);

export function wordTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (!STOP_WORDS.has(word)) tokens.push(word);
  }
  return tokens;
}

interface Posting {
  document: number;
  weight: number;
}

export interface SimilarityMatch {
  document: number;
  score: number;
}

export class SimilarityIndex {
  readonly size: number;
  private readonly postings = new Map<string, Posting[]>();
  private readonly idf = new Map<string, number>();

  constructor(documents: readonly string[]) {
    this.size = documents.length;
    const termCounts = documents.map((document) => countTerms(wordTokens(document)));
    const documentFrequency = new Map<string, number>();
    for (const counts of termCounts) {
      for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const [term, frequency] of documentFrequency) {
      // Smoothed idf (as scikit-learn's): a term in every document still counts a little.
      this.idf.set(term, Math.log((1 + this.size) / (1 + frequency)) + 1);
    }
    termCounts.forEach((counts, document) => {
      const weights = this.weigh(counts);
      for (const [term, weight] of weights) {
        let list = this.postings.get(term);
        if (!list) {
          list = [];
          this.postings.set(term, list);
        }
        list.push({ document, weight });
      }
    });
  }

  /** The most similar document; ties go to the earlier one. Undefined when no word is shared. */
  best(query: string): SimilarityMatch | undefined {
    // A linear pass rather than `top(query, 1)`: no sort on the per-answer path.
    let best: SimilarityMatch | undefined;
    for (const [document, score] of this.scores(query)) {
      if (!best || score > best.score || (score === best.score && document < best.document)) {
        best = { document, score };
      }
    }
    return best;
  }

  /** Up to `count` documents sharing at least one word with the query, most similar first. */
  top(query: string, count: number): SimilarityMatch[] {
    return [...this.scores(query)]
      .map(([document, score]) => ({ document, score }))
      .sort((left, right) => right.score - left.score || left.document - right.document)
      .slice(0, count);
  }

  /** Cosine similarity of the query with every document sharing a word with it. */
  private scores(query: string): Map<number, number> {
    const weights = this.weigh(countTerms(wordTokens(query)));
    const scores = new Map<number, number>();
    for (const [term, weight] of weights) {
      for (const posting of this.postings.get(term) ?? []) {
        scores.set(posting.document, (scores.get(posting.document) ?? 0) + weight * posting.weight);
      }
    }
    return scores;
  }

  /** Unit-length tf-idf vector; unknown words (idf undefined) are dropped. */
  private weigh(counts: Map<string, number>): Map<string, number> {
    const weights = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of counts) {
      const idf = this.idf.get(term);
      if (idf === undefined) continue;
      const weight = (1 + Math.log(count)) * idf;
      weights.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, weight] of weights) weights.set(term, weight / norm);
    return weights;
  }
}

function countTerms(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}
