/**
 * What an evaluation would cost, shown before anyone agrees to it (DESIGN.md decision 6): the
 * tokens both models would read and at most write, priced at the base model's on-demand prices
 * where the catalog knows them. A tuned model on an on-demand deployment is assumed to be billed
 * per token like its base (said by secondary sources only, not by the pricing page), so both
 * sides are priced alike; without a known price the estimate says "price unknown" and gives tokens.
 *
 * Two ways to count:
 * - from the held-out records themselves (`/tune eval`, the Evaluate button): each prompt (with its
 *   system text and earlier turns) is what a model reads, and the answer budget `run.ts` gives it
 *   (`maxTokensFor`) is the most it writes;
 * - from a dataset's figures (a proposal, before the held-out file is read): the average record of
 *   the dataset stands for each held-out one, read whole (prompt and answer: an over-estimate) and
 *   answered within the same budget.
 */
import * as z from 'zod';
import type { PriceFact } from '../catalog/types.js';
import { estimateTokens } from '../tokens/estimate.js';
import { EVALUATION_RECORD_LIMIT, type EvaluationExample } from './examples.js';
import { answerBudget, maxTokensFor } from './run.js';

export const evaluationEstimateSchema = z.object({
  /** Records that would be scored (at most 100). */
  records: z.number().int().nonnegative(),
  /** Tokens both models together would read, and at most write. */
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  /** US dollars; null when a price is unknown. */
  usd: z.number().nullable(),
  /** `records`: counted on the held-out records; `average`: from the dataset's average record. */
  basis: z.enum(['records', 'average']),
});

export type EvaluationEstimate = z.infer<typeof evaluationEstimateSchema>;

export interface TokenPrices {
  input: PriceFact;
  output: PriceFact;
}

/** The two models ask and answer the same records. */
const MODELS = 2;

function priced(inputTokens: number, outputTokens: number, prices: TokenPrices): number | null {
  if (prices.input === 'unknown' || prices.output === 'unknown') return null;
  return (inputTokens / 1000) * prices.input.usd + (outputTokens / 1000) * prices.output.usd;
}

/** Counted on the records the evaluation would draw (`selectExamples`). */
export function estimateForExamples(
  examples: readonly EvaluationExample[],
  prices: TokenPrices,
): EvaluationEstimate {
  let input = 0;
  let output = 0;
  for (const example of examples) {
    const read = [example.system ?? '', ...example.history.map((turn) => turn.text), example.prompt];
    input += read.reduce((sum, text) => sum + estimateTokens(text), 0);
    output += maxTokensFor(example.reference);
  }
  const inputTokens = input * MODELS;
  const outputTokens = output * MODELS;
  return {
    records: examples.length,
    inputTokens,
    outputTokens,
    usd: priced(inputTokens, outputTokens, prices),
    basis: 'records',
  };
}

/** From a dataset's figures: `heldOutRecords` of the size of its average record. */
export function estimateForAverage(
  figures: { heldOutRecords: number; tokensPerRecord: number },
  prices: TokenPrices,
): EvaluationEstimate {
  const records = Math.min(EVALUATION_RECORD_LIMIT, Math.max(0, figures.heldOutRecords));
  const perRecord = Math.max(1, Math.ceil(figures.tokensPerRecord));
  // The budget for a reference as long as the whole average record (see maxTokensFor).
  const budget = answerBudget(perRecord);
  const inputTokens = records * perRecord * MODELS;
  const outputTokens = records * budget * MODELS;
  return {
    records,
    inputTokens,
    outputTokens,
    usd: priced(inputTokens, outputTokens, prices),
    basis: 'average',
  };
}
