/**
 * The region's prices, read from AWS's price list and kept in a cache (`PriceBookStore`, DynamoDB)
 * with the time they were read, like the model list (availability.ts): prices change rarely and
 * with notice, so the watch reads them again once a day, and estimates read the cache only (an
 * estimate answers within Slack's 3 seconds and needs no Pricing permission).
 *
 * A refresh that fails keeps the prices last read, with their date, and logs why: an estimate from
 * a price read last week says so, which is better than falling back to secondary figures.
 */
import type { Clock, Logger, PriceBook, PriceBookStore, PriceList } from '../ports.js';
import { isStale } from './availability.js';
import { priceBookFromEntries, priceCount } from './price-list.js';
import type { Catalog } from './types.js';

/** How long prices read are trusted before the watch reads them again. */
export const PRICES_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface PriceCacheDependencies {
  priceList: PriceList;
  store: PriceBookStore;
  clock: Clock;
  /** The region whose prices tune shows (the deployed region). */
  region: string;
  logger?: Logger;
  catalog?: Catalog;
}

export type PriceRefresh =
  | { outcome: 'fresh'; book: PriceBook }
  | { outcome: 'refreshed'; book: PriceBook; previous: PriceBook | undefined }
  /** The read failed or found nothing usable: the stored book (if any) stays, with its date. */
  | { outcome: 'kept'; book: PriceBook | undefined; reason: string };

/** Reads the region's price list now and joins it to the catalog; nothing is stored. */
export async function readPriceList(dependencies: Omit<PriceCacheDependencies, 'store'>): Promise<PriceBook> {
  const entries = await dependencies.priceList.bedrockEntries(dependencies.region);
  return priceBookFromEntries(entries, {
    region: dependencies.region,
    readAt: dependencies.clock.now(),
    ...(dependencies.catalog ? { catalog: dependencies.catalog } : {}),
    ...(dependencies.logger ? { logger: dependencies.logger } : {}),
  }).book;
}

/**
 * Reads the price list again when the stored book is missing, a day old or `force` is set, and
 * stores it. A read that fails, or that matches no catalog model at all while the stored book had
 * prices (AWS renamed its usage types, or answered with an empty list), keeps the stored book and
 * logs why. Never throws for the price list; a store failure propagates.
 */
export async function refreshPrices(
  dependencies: PriceCacheDependencies,
  options: { force?: boolean; maxAgeMs?: number } = {},
): Promise<PriceRefresh> {
  const previous = await dependencies.store.get(dependencies.region);
  const now = dependencies.clock.now();
  if (previous && !options.force && !isStale(previous, now, options.maxAgeMs ?? PRICES_MAX_AGE_MS)) {
    return { outcome: 'fresh', book: previous };
  }
  let book: PriceBook;
  try {
    book = await readPriceList(dependencies);
  } catch (error) {
    return kept(dependencies, previous, `the price list could not be read: ${String(error)}`);
  }
  if (priceCount(book) === 0 && previous && priceCount(previous) > 0) {
    return kept(dependencies, previous, 'the price list had no price for any catalog model');
  }
  await dependencies.store.put(book);
  dependencies.logger?.info('read the price list', {
    region: book.region,
    prices: priceCount(book),
    models: Object.keys(book.models).length,
  });
  return { outcome: 'refreshed', book, previous };
}

function kept(
  dependencies: PriceCacheDependencies,
  previous: PriceBook | undefined,
  reason: string,
): PriceRefresh {
  dependencies.logger?.warn('kept the prices read before; the next watch run tries again', {
    region: dependencies.region,
    reason,
    readAt: previous?.readAt.toISOString() ?? 'never',
  });
  return { outcome: 'kept', book: previous, reason };
}
