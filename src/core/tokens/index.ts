export { estimateCounter, loadTokenCounter, type TokenCounter } from './counter.js';
export { ESTIMATE_CHARS_PER_TOKEN, estimateTokens } from './estimate.js';
