/**
 * Exact Llama 2 token counts, faster than calling `llama-tokenizer-js` per record.
 *
 * Llama 2's SentencePiece vocabulary has no token in which a space follows another character (its
 * only tokens with inner spaces are runs of spaces), so no merge crosses the point where a space
 * follows a non-space. The text is cut there, each piece is counted once and cached across records,
 * and the library runs BPE only on pieces it has not seen: about five times faster on long records,
 * where the library slows down (docs/local-stack.md). The library prepends one space to the
 * text, so the pieces are cut from `" " + text`. `test/unit/dataset/tokens.test.ts` holds the
 * equality with the library on the AWS CLI corpus and on edge cases.
 */
import type { LlamaTokenizer } from 'llama-tokenizer-js';

const CACHE_LIMIT = 200_000;
const SPACE = 32;

export class Llama2Counter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly tokenizer: LlamaTokenizer) {}

  count(text: string): number {
    if (text.length === 0) return 0;
    const spaced = ` ${text}`;
    let total = 0;
    let start = 0;
    for (let index = spaced.indexOf(' ', 1); index !== -1; index = spaced.indexOf(' ', index + 1)) {
      if (spaced.charCodeAt(index - 1) === SPACE) continue;
      total += this.countPiece(spaced.slice(start, index));
      start = index;
    }
    return total + this.countPiece(spaced.slice(start));
  }

  private countPiece(piece: string): number {
    let tokens = this.cache.get(piece);
    if (tokens === undefined) {
      tokens = this.tokenizer.encode(piece, false, false).length;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(piece, tokens);
    }
    return tokens;
  }
}
