/**
 * From AWS's price list to the prices tune needs: each entry is joined to a catalog model by the
 * name its usage type carries, and classified by the usage type's ending (docs/bedrock-prices.md):
 *
 * | usage type                                                  | kind                                  |
 * | ----------------------------------------------------------- | ------------------------------------- |
 * | `USE1-NovaMicro-Customization-Training`                     | training, per 1,000 tokens            |
 * | `USE1-NovaMicro-Customization-Storage`                      | storage, per model and month          |
 * | `USE1-NovaMicro-ProvisionedThroughput-Custom-NoCommit-ModelUnits` (else `…-NoCommit-ModelUnits`) | Provisioned Throughput, no commitment, per model unit and hour |
 * | `USE1-NovaMicro-input-tokens`, `…-output-tokens`            | on-demand inference of the base model |
 * | `USE1-NovaMicro-input-tokens-custom-model`, `…-output-…`    | on-demand inference of a custom model |
 *
 * The usage type, not the `model` display name, is the key: it is what AWS bills under, it is on
 * every entry, and it separates batch, flex, priority, cache and cross-region prices (other endings,
 * ignored) from the standard ones. An entry whose ending is one of these but whose model name no
 * catalog row has, or whose unit or price cannot be used, is skipped and logged. Pure.
 */
import type { ListedPrice, Logger, PriceBook, PriceListEntry } from '../ports.js';
import { MODELS } from './models.js';
import type { Catalog, PriceKind } from './types.js';

/** The usage type endings tune reads, in the order tried (longer endings first). */
const ENDINGS: readonly { ending: string; kind: PriceKind | 'provisionedThroughputBase'; unit: Unit }[] = [
  { ending: 'Customization-Training', kind: 'trainingPer1kTokens', unit: 'tokens' },
  { ending: 'Customization-Storage', kind: 'storagePerModelMonth', unit: 'month' },
  {
    ending: 'ProvisionedThroughput-Custom-NoCommit-ModelUnits',
    kind: 'provisionedThroughputPerModelUnitHour',
    unit: 'hour',
  },
  // The base model's hourly price; a custom model's, where listed, wins (tune provisions those).
  { ending: 'ProvisionedThroughput-NoCommit-ModelUnits', kind: 'provisionedThroughputBase', unit: 'hour' },
  { ending: 'input-tokens-custom-model', kind: 'customModelInputPer1kTokens', unit: 'tokens' },
  { ending: 'output-tokens-custom-model', kind: 'customModelOutputPer1kTokens', unit: 'tokens' },
  { ending: 'input-tokens', kind: 'inputPer1kTokens', unit: 'tokens' },
  { ending: 'output-tokens', kind: 'outputPer1kTokens', unit: 'tokens' },
];

type Unit = 'tokens' | 'month' | 'hour';

/** `USE1-`, `USW2-`, `EU-`, `APN1-`: the region's billing prefix, whatever the region. */
const REGION_PREFIX = /^[A-Z]{2,4}\d{0,2}-/;

/** Parsed usage type: the model name it carries and the kind of price. */
function classify(
  usageType: string,
): { name: string; kind: PriceKind | 'provisionedThroughputBase'; unit: Unit } | undefined {
  const rest = usageType.replace(REGION_PREFIX, '');
  if (rest === usageType) return undefined;
  for (const { ending, kind, unit } of ENDINGS) {
    if (!rest.endsWith(`-${ending}`)) continue;
    const name = rest.slice(0, -(ending.length + 1));
    if (name.length > 0) return { name, kind, unit };
  }
  return undefined;
}

/**
 * A dimension's price in tune's unit for the kind: per 1,000 tokens (AWS writes `1K tokens`, and
 * `1M tokens` for some newer models), per month, per hour. Undefined when the unit is not one of
 * these: a wrong scale would be worse than no price.
 */
function normalised(usd: number, unit: string, wanted: Unit): number | undefined {
  const text = unit.trim().toLowerCase();
  if (wanted === 'tokens') {
    if (/^(1k|1,?000) tokens?$/.test(text)) return usd;
    if (/^(1m|1,?000,?000) tokens?$/.test(text)) return usd / 1000;
    return undefined;
  }
  if (wanted === 'month') return /month/.test(text) ? usd : undefined;
  return /^(hour|hours|hrs?)$/.test(text) || /per hour/.test(text) ? usd : undefined;
}

export interface PriceBookReading {
  book: PriceBook;
  /** Entries of a kind tune reads that were left out, with why: for the log and for tests. */
  skipped: { usageType: string; reason: string }[];
}

/** How many skipped usage types one log line names; the rest are counted. */
const LOGGED_SKIPS = 20;

/**
 * Joins the price list's entries for `region` to the catalog. `readAt` is when they were read. An
 * entry for another region is skipped (the Pricing API was asked for one). Two entries of one kind
 * for one model with different prices keep the higher one (an estimate should not come out low),
 * and the disagreement is logged.
 */
export function priceBookFromEntries(
  entries: readonly PriceListEntry[],
  options: { region: string; readAt: Date; catalog?: Catalog; logger?: Logger },
): PriceBookReading {
  const catalog = options.catalog ?? MODELS;
  const byName = new Map(
    catalog.flatMap((model) => (model.priceListName ? [[model.priceListName.value, model.id] as const] : [])),
  );
  const models: Record<string, Partial<Record<PriceKind | 'provisionedThroughputBase', ListedPrice>>> = {};
  const skipped: PriceBookReading['skipped'] = [];
  for (const entry of entries) {
    const parsed = classify(entry.usageType);
    // Batch, cache, image, cross-region and every other product: not a price tune uses, not a gap.
    if (!parsed) continue;
    if (entry.regionCode !== undefined && entry.regionCode !== options.region) {
      skipped.push({ usageType: entry.usageType, reason: `priced for ${entry.regionCode}` });
      continue;
    }
    const modelId = byName.get(parsed.name);
    if (!modelId) {
      skipped.push({ usageType: entry.usageType, reason: `no catalog model is named ${parsed.name}` });
      continue;
    }
    const prices = entry.dimensions.flatMap((dimension) => {
      const usd = normalised(dimension.usd, dimension.unit, parsed.unit);
      return usd !== undefined && usd > 0 ? [usd] : [];
    });
    const usd = prices.length > 0 ? Math.max(...prices) : undefined;
    if (usd === undefined) {
      skipped.push({
        usageType: entry.usageType,
        reason: `no usable price (units ${entry.dimensions.map((dimension) => `"${dimension.unit}"`).join(', ') || 'none'})`,
      });
      continue;
    }
    const kinds = models[modelId] ?? {};
    models[modelId] = kinds;
    const earlier = kinds[parsed.kind];
    if (earlier && earlier.usd !== usd) {
      options.logger?.warn('the price list gives two prices for one thing; keeping the higher', {
        modelId,
        kind: parsed.kind,
        prices: [earlier.usd, usd],
        usageTypes: [earlier.usageType, entry.usageType],
      });
    }
    if (!earlier || usd > earlier.usd) {
      kinds[parsed.kind] = {
        usd,
        usageType: entry.usageType,
        ...(entry.effectiveDate ? { effectiveDate: entry.effectiveDate } : {}),
      };
    }
  }
  const book: PriceBook = { region: options.region, readAt: options.readAt, models: {} };
  for (const [modelId, kinds] of Object.entries(models)) {
    const { provisionedThroughputBase, ...rest } = kinds;
    book.models[modelId] = {
      ...rest,
      ...(rest.provisionedThroughputPerModelUnitHour === undefined && provisionedThroughputBase
        ? { provisionedThroughputPerModelUnitHour: provisionedThroughputBase }
        : {}),
    };
  }
  if (skipped.length > 0) {
    options.logger?.info('skipped price list entries tune cannot use', {
      region: options.region,
      count: skipped.length,
      entries: skipped.slice(0, LOGGED_SKIPS).map(({ usageType, reason }) => `${usageType}: ${reason}`),
    });
  }
  return { book, skipped };
}

/** How many prices a book holds, over every model and kind. */
export function priceCount(book: PriceBook): number {
  return Object.values(book.models).reduce((sum, kinds) => sum + Object.keys(kinds).length, 0);
}
