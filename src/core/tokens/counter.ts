/**
 * Token counting for a model: exact for the Llama 2 and Llama 3 families, whose tokenizers ship
 * their vocabularies, and a documented conservative estimate for the rest (./estimate.ts). The
 * tokenizers are imported only when a Llama model is asked for: Llama 3's bundle is 3.2 MB and
 * takes about 0.7 s to load, which `tune score` or a Titan validation should not pay.
 */
import type { TokenizerKind } from '../catalog/types.js';
import { ESTIMATE_CHARS_PER_TOKEN, estimateTokens } from './estimate.js';

export interface TokenCounter {
  readonly method: TokenizerKind;
  readonly exact: boolean;
  /** One line for reports: how the numbers were obtained. */
  readonly description: string;
  /** Tokens of a text, without any special token. */
  count(text: string): number;
  /** The same count for a text known to be ASCII, where skipping the check is faster (the estimate). */
  countAscii?(text: string): number;
  /**
   * Special tokens the chat template adds per record (begin and end of text) and per message (Llama
   * 3's `<|start_header_id|>role<|end_header_id|>\n\n … <|eot_id|>` is five). Bedrock does not
   * document its templates, so these are the models' published ones: small, and on the safe side.
   */
  readonly recordOverhead: number;
  readonly messageOverhead: number;
}

export function estimateCounter(charsPerToken: number = ESTIMATE_CHARS_PER_TOKEN): TokenCounter {
  return {
    method: 'estimate',
    exact: false,
    description: `estimated at ${charsPerToken} characters per token (1 per non-ASCII character); the model's tokenizer is not public, so real counts may differ`,
    count: (text) => estimateTokens(text, charsPerToken),
    countAscii: (text) => Math.ceil(text.length / charsPerToken),
    recordOverhead: 2,
    messageOverhead: 5,
  };
}

const loaded = new Map<TokenizerKind, Promise<TokenCounter>>();

/** The counter for a tokenizer kind; the Llama tokenizers are loaded on first use and kept. */
export function loadTokenCounter(kind: TokenizerKind): Promise<TokenCounter> {
  if (kind === 'estimate') return Promise.resolve(estimateCounter());
  let counter = loaded.get(kind);
  if (!counter) {
    counter = kind === 'llama3' ? loadLlama3() : loadLlama2();
    // A failed import must not be cached: the next call should try again.
    counter.catch(() => loaded.delete(kind));
    loaded.set(kind, counter);
  }
  return counter;
}

async function loadLlama3(): Promise<TokenCounter> {
  const [{ default: tokenizer }, { Llama3Counter }] = await Promise.all([
    import('llama3-tokenizer-js'),
    import('./llama3.js'),
  ]);
  const counter = new Llama3Counter(tokenizer);
  return {
    method: 'llama3',
    exact: true,
    description: 'exact, Llama 3 tokenizer (llama3-tokenizer-js), plus the chat template tokens',
    count: (text) => counter.count(text),
    recordOverhead: 2,
    messageOverhead: 5,
  };
}

async function loadLlama2(): Promise<TokenCounter> {
  const [{ default: tokenizer }, { Llama2Counter }] = await Promise.all([
    import('llama-tokenizer-js'),
    import('./llama2.js'),
  ]);
  const counter = new Llama2Counter(tokenizer);
  return {
    method: 'llama2',
    exact: true,
    description: 'exact, Llama 2 tokenizer (llama-tokenizer-js), plus begin and end of text',
    count: (text) => counter.count(text),
    recordOverhead: 2,
    messageOverhead: 5,
  };
}
