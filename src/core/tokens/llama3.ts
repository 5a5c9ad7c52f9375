/**
 * Exact Llama 3 token counts, faster than calling `llama3-tokenizer-js` per record.
 *
 * The library spends most of its time re-mapping every pre-token to bytes and re-running BPE for
 * words it has seen in earlier records (its cache lives for one `encode` call). Llama 3's BPE
 * never merges across pre-tokens, so a text's count is the sum of its pre-tokens' counts. This
 * counter splits with the same pre-tokenizer pattern, looks each pre-token up in a cache kept
 * across records, and asks the library only for pre-tokens it has not seen. Each alternative of the
 * pattern but `\s+(?!\S)` matches without lookahead, so a pre-token re-split alone yields itself and
 * the library's count for it equals its count in context; `test/unit/dataset/tokens.test.ts` holds
 * the equality on the AWS CLI corpus and on edge cases. About ten times faster on 10,000 records.
 */
import type { Llama3Tokenizer } from 'llama3-tokenizer-js';

// Llama 3's pre-tokenizer (tokenizer.json), with `(?i:'s|'t|...)` spelled out: JavaScript has no
// inline case-insensitive groups. Same expansion as the library's.
const PRE_TOKENS =
  /(?:'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

// The special tokens the library recognises inside text; each counts as one token.
const SPECIAL_TOKENS =
  /<\|(?:begin_of_text|end_of_text|start_header_id|end_header_id|eot_id|eom_id|python_tag|finetune_right_pad_id|reserved_special_token_(?:[0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-3][0-9]|24[0-7]))\|>/g;

/** Bounded so a huge corpus of unique words cannot grow memory without limit. */
const CACHE_LIMIT = 200_000;

export class Llama3Counter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly tokenizer: Llama3Tokenizer) {}

  count(text: string): number {
    if (text.length === 0) return 0;
    if (!text.includes('<|')) return this.countPlain(text);
    let total = 0;
    let start = 0;
    SPECIAL_TOKENS.lastIndex = 0;
    for (let match = SPECIAL_TOKENS.exec(text); match !== null; match = SPECIAL_TOKENS.exec(text)) {
      total += this.countPlain(text.slice(start, match.index)) + 1;
      start = match.index + match[0].length;
    }
    return total + this.countPlain(text.slice(start));
  }

  private countPlain(text: string): number {
    let total = 0;
    PRE_TOKENS.lastIndex = 0;
    for (let match = PRE_TOKENS.exec(text); match !== null; match = PRE_TOKENS.exec(text)) {
      const pretoken = match[0];
      let tokens = this.cache.get(pretoken);
      if (tokens === undefined) {
        tokens = this.tokenizer.encode(pretoken, { bos: false, eos: false }).length;
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(pretoken, tokens);
      }
      total += tokens;
    }
    return total;
  }
}
