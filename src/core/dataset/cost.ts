/**
 * The training cost estimate: data tokens × epochs × the price per 1,000 tokens ("the number of
 * epochs you specify increases your model customization cost by processing more tokens",
 * docs/bedrock-facts.md, "Billing"), with the reasons it may be wrong spelled out. No confirmed price exists
 * for most models, so `usd` is null far more often than not, and that is shown rather than guessed.
 */
import { describePriceSource } from '../catalog/prices.js';
import type { PriceFact, Prices } from '../catalog/types.js';
import { ESTIMATE_CHARS_PER_TOKEN } from '../tokens/estimate.js';

/** Bedrock's own characters per token: if it held, an estimated count would be this much too high. */
const BEDROCK_CHARS_PER_TOKEN = 6;

export interface CostEstimate {
  epochs: number;
  /** Where the training price came from and when, in the one format (`describePriceSource`). */
  priceSource: string;
  /** Data tokens × epochs: what is billed. */
  billedTokens: number;
  price: PriceFact;
  /** Central estimate in US dollars; null when the price is unknown. */
  usd: number | null;
  /** The range the cost may fall in, given the token method; null when the price is unknown. */
  low: number | null;
  high: number | null;
  /** Why the number may be wrong, one reason each, for people to read. */
  uncertainty: string[];
  /** Costs this estimate leaves out. */
  excludes: string[];
}

export function estimateTrainingCost(input: {
  tokens: number;
  exactTokens: boolean;
  epochs: number;
  prices: Prices;
}): CostEstimate {
  const { tokens, exactTokens, epochs, prices } = input;
  const price = prices.trainingPer1kTokens;
  const billedTokens = tokens * epochs;
  const uncertainty: string[] = [];
  const lowTokens = exactTokens
    ? billedTokens
    : (billedTokens * ESTIMATE_CHARS_PER_TOKEN) / BEDROCK_CHARS_PER_TOKEN;
  if (exactTokens) {
    uncertainty.push('token counts are exact for the text; chat-template tokens are assumed');
  } else {
    uncertainty.push(
      `token counts are estimated at ${ESTIMATE_CHARS_PER_TOKEN} characters per token, meant to be high; at Bedrock's ${BEDROCK_CHARS_PER_TOKEN} the cost would be a third lower`,
    );
  }
  if (price === 'unknown') {
    uncertainty.push(
      'no training price known for this model (not in the price list read, nor in the catalog): see https://aws.amazon.com/bedrock/pricing/',
    );
  } else {
    uncertainty.push(
      price.secondary
        ? `price $${price.usd} per 1,000 tokens from a ${describePriceSource(price)} (${price.note ?? price.source}); AWS's price list has none for this model`
        : `price $${price.usd} per 1,000 tokens (${describePriceSource(price)})`,
    );
  }
  const usd = price === 'unknown' ? null : round((billedTokens / 1000) * price.usd);
  return {
    epochs,
    priceSource: describePriceSource(price),
    billedTokens,
    price,
    usd,
    low: price === 'unknown' ? null : round((lowTokens / 1000) * price.usd),
    high: usd,
    uncertainty,
    excludes: [
      describeMonthly(prices.storagePerModelMonth, 'storing the custom model'),
      describeMonthly(prices.provisionedThroughputPerModelUnitHour, 'Provisioned Throughput to use it'),
    ],
  };
}

function describeMonthly(price: PriceFact, what: string): string {
  if (price === 'unknown') return `${what} (no price known)`;
  const unit = price.per === 'model-month' ? 'per month' : 'per model unit per hour';
  return `${what}: $${price.usd} ${unit} (${describePriceSource(price)})`;
}

function round(usd: number): number {
  // Four decimals: a small test file costs fractions of a cent, which should not show as zero.
  return Math.round(usd * 10_000) / 10_000;
}
