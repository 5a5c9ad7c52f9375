/**
 * The prices tune shows, and where each comes from. AWS's price list for the region, as last read
 * (a `PriceBook`, cached and refreshed daily: price-cache.ts), comes first; where it has no entry
 * the catalog's own figure is used, marked secondary, or `unknown` when there is none. Every
 * estimate names its price's source in one format (`describePriceSource`), in Slack and in the CLI.
 */
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../jobs/job.js';
import type { ListedPrice, PriceBook } from '../ports.js';
import { findModel } from './catalog.js';
import type { ModelOffer, ModelOffers } from './live.js';
import { MODELS } from './models.js';
import {
  type Catalog,
  type CatalogModel,
  PRICE_KINDS,
  PRICE_LIST_SOURCE,
  type Price,
  type PriceFact,
  type PriceKind,
  type Prices,
  type PriceUnit,
} from './types.js';

const UNITS: Record<PriceKind, PriceUnit> = {
  trainingPer1kTokens: '1k-tokens',
  storagePerModelMonth: 'model-month',
  provisionedThroughputPerModelUnitHour: 'model-unit-hour',
  inputPer1kTokens: '1k-tokens',
  outputPer1kTokens: '1k-tokens',
  customModelInputPer1kTokens: '1k-tokens',
  customModelOutputPer1kTokens: '1k-tokens',
};

/** What each kind of price is, for people: "training per 1,000 tokens". */
export const PRICE_KIND_LABELS: Record<PriceKind, string> = {
  trainingPer1kTokens: 'training per 1,000 tokens',
  storagePerModelMonth: 'storage per month',
  provisionedThroughputPerModelUnitHour: 'Provisioned Throughput per model unit-hour (no commitment)',
  inputPer1kTokens: 'input per 1,000 tokens',
  outputPer1kTokens: 'output per 1,000 tokens',
  customModelInputPer1kTokens: 'custom model input per 1,000 tokens (on demand)',
  customModelOutputPer1kTokens: 'custom model output per 1,000 tokens (on demand)',
};

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function fromList(listed: ListedPrice, kind: PriceKind, book: PriceBook, note?: string): Price {
  return {
    usd: listed.usd,
    per: UNITS[kind],
    source: PRICE_LIST_SOURCE,
    asOf: day(book.readAt),
    secondary: false,
    region: book.region,
    note: note ?? listed.usageType,
  };
}

/** Where a custom model answering on demand has no price of its own, it is billed as its base model. */
const BILLED_AS_BASE: Partial<Record<PriceKind, PriceKind>> = {
  customModelInputPer1kTokens: 'inputPer1kTokens',
  customModelOutputPer1kTokens: 'outputPer1kTokens',
};

/**
 * Every price of a catalog model: the price list's where `book` has it, the catalog's otherwise.
 * A custom model's on-demand token price the list does not give separately is its base model's
 * (docs/bedrock-prices.md): on-demand deployments are billed per token like the base model.
 */
export function effectivePrices(model: CatalogModel, book?: PriceBook): Prices {
  const listed = book?.models[model.id] ?? {};
  const prices = { ...model.prices };
  for (const kind of PRICE_KINDS) {
    const entry = listed[kind];
    if (entry && book) prices[kind] = fromList(entry, kind, book);
  }
  for (const [kind, base] of Object.entries(BILLED_AS_BASE) as [PriceKind, PriceKind][]) {
    const entry = listed[base];
    if (listed[kind] === undefined && model.prices[kind] === 'unknown' && entry && book) {
      prices[kind] = fromList(entry, kind, book, `${entry.usageType}, billed like the base model`);
    }
  }
  return prices;
}

/**
 * One price of one model, for callers that estimate something other than training (the model card,
 * the deploy confirmation, evaluation cost, the daily spend message). `model` is a customizable id,
 * an alias, an on-demand id or a foundation-model ARN; `book` the region's cached price list
 * (`readPriceBook`). `unknown` when the model is not in the catalog or nobody knows the price.
 */
export function lookupPrice(
  model: string,
  kind: PriceKind,
  book?: PriceBook,
  catalog: Catalog = MODELS,
): PriceFact {
  const row = findModel(model, catalog);
  return row ? effectivePrices(row, book)[kind] : 'unknown';
}

/**
 * What a feature that estimates a cost takes as a dependency (the model card, the deploy
 * confirmation, evaluation cost, the daily spend message): one price of one model, with its source,
 * from the region's stored prices. Show it with `describePrice` or `describePriceSource`.
 */
export type PriceLookup = (model: string, kind: PriceKind) => Promise<PriceFact>;

/** A `PriceLookup` over `readBook` (the stored prices of the region), read again on every call. */
export function priceLookup(
  readBook: () => Promise<PriceBook | undefined>,
  catalog: Catalog = MODELS,
): PriceLookup {
  return async (model, kind) => lookupPrice(model, kind, await readBook(), catalog);
}

/**
 * Where a price came from and when, in the one format every estimate uses:
 * "AWS price list, us-east-1, read 2026-11-27", "secondary source, about 2024, not confirmed",
 * "no price known".
 */
export function describePriceSource(price: PriceFact): string {
  if (price === 'unknown') return 'no price known';
  if (price.source === PRICE_LIST_SOURCE) {
    return `AWS price list, ${price.region ?? 'region unknown'}, read ${price.asOf}`;
  }
  if (price.secondary) {
    // An undated figure carries its approximate year; a dated one its day.
    return `secondary source, ${/^\d{4}$/.test(price.asOf) ? 'about ' : 'as of '}${price.asOf}, not confirmed`;
  }
  return `${price.source}, as of ${price.asOf}`;
}

/**
 * A unit price as AWS writes it, every significant digit kept ("$0.000035"): `formatUsd` rounds
 * amounts to spend, which would show a token price as "under $0.0001".
 */
export function formatUnitPrice(usd: number): string {
  return `$${Number(usd.toPrecision(6))}`;
}

/** "$0.00378 (AWS price list, us-east-1, read 2026-11-27)" or "unknown (no price known)". */
export function describePrice(price: PriceFact): string {
  return `${price === 'unknown' ? 'unknown' : formatUnitPrice(price.usd)} (${describePriceSource(price)})`;
}

/**
 * The offers with each catalogued model's prices replaced by its effective prices, so that every
 * estimate made from an offer (intake, planning, the start form) uses the region's price list.
 */
export function withPrices(offers: ModelOffers, book: PriceBook | undefined): ModelOffers {
  const priced = (offer: ModelOffer): ModelOffer => ({
    ...offer,
    models: offer.models.map((offered) =>
      offered.model
        ? { ...offered, model: { ...offered.model, prices: effectivePrices(offered.model, book) } }
        : offered,
    ),
  });
  return Object.fromEntries(CUSTOMIZATION_TYPES.map((type) => [type, priced(offers[type])])) as Record<
    CustomizationType,
    ModelOffer
  >;
}

export interface PriceChange {
  modelId: string;
  name: string;
  kind: PriceKind;
  before: PriceFact;
  after: PriceFact;
}

function samePrice(left: PriceFact, right: PriceFact): boolean {
  if (left === 'unknown' || right === 'unknown') return left === right;
  return left.usd === right.usd && describePriceSource(left) === describePriceSource(right);
}

/**
 * What changes, price by price, when `after` replaces `before` (either may be absent: the catalog's
 * figures alone). Only models with at least one price in either book, or in the catalog, are
 * compared; a price that is unknown on both sides is not a change.
 */
export function priceChanges(
  before: PriceBook | undefined,
  after: PriceBook | undefined,
  catalog: Catalog = MODELS,
): PriceChange[] {
  const changes: PriceChange[] = [];
  for (const model of catalog) {
    const old = effectivePrices(model, before);
    const fresh = effectivePrices(model, after);
    for (const kind of PRICE_KINDS) {
      if (!samePrice(old[kind], fresh[kind])) {
        changes.push({ modelId: model.id, name: model.name, kind, before: old[kind], after: fresh[kind] });
      }
    }
  }
  return changes;
}

/** "Nova Micro, training per 1,000 tokens: unknown (no price known) → $0.0010 (AWS price list, …)". */
export function describePriceChange(change: PriceChange): string {
  return `${change.name}, ${PRICE_KIND_LABELS[change.kind]}: ${describePrice(change.before)} → ${describePrice(change.after)}`;
}
