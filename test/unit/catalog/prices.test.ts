/**
 * Prices from AWS's price list: recorded-shape GetProducts answers parsed and joined to the catalog,
 * the fallback to the catalog's figures (and its mark), the one format of a price's source, the
 * lookup other features call, and what changed between two reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parsePriceListDocument } from '../../../src/aws/aws-price-list.js';
import {
  describePriceChange,
  describePriceSource,
  effectivePrices,
  findModel,
  lookupPrice,
  type Price,
  priceBookFromEntries,
  priceChanges,
  priceLookup,
} from '../../../src/core/catalog/index.js';
import type { PriceBook, PriceListEntry } from '../../../src/core/ports.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { entry } from '../../fakes/prices.js';

const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0:256k';
const NOVA_MICRO = 'amazon.nova-micro-v1:0:128k';
const NOVA_PRO = 'amazon.nova-pro-v1:0:300k';
const READ_AT = new Date('2026-11-27T06:00:00.000Z');

/** The recorded-shape pages of test/fixtures/price-list (its README says what is recorded). */
function recordedPages(): string[] {
  const page = z.object({ FormatVersion: z.literal('aws_v1'), PriceList: z.array(z.string()) });
  return [1, 2].flatMap(
    (number) =>
      page.parse(
        JSON.parse(
          readFileSync(
            new URL(`../../fixtures/price-list/get-products-us-east-1-page-${number}.json`, import.meta.url),
            'utf8',
          ),
        ),
      ).PriceList,
  );
}

function recordedEntries(): { entries: PriceListEntry[]; problems: string[] } {
  const entries: PriceListEntry[] = [];
  const problems: string[] = [];
  for (const text of recordedPages()) {
    const parsed = parsePriceListDocument(text);
    if ('problem' in parsed) problems.push(parsed.problem);
    else entries.push(parsed);
  }
  return { entries, problems };
}

function book(models: PriceBook['models'], region = 'us-east-1'): PriceBook {
  return { region, readAt: READ_AT, models };
}

function row(id: string) {
  const model = findModel(id);
  if (!model) throw new Error(`no catalog row ${id}`);
  return model;
}

describe('reading recorded Price List responses', () => {
  it('finds every price tune needs for Nova 2 Lite, in tune’s units, with the usage type it came from', () => {
    // Prepare
    const { entries } = recordedEntries();

    // Act
    const { book: read } = priceBookFromEntries(entries, { region: 'us-east-1', readAt: READ_AT });

    // Assess
    expect(read.models[NOVA_2_LITE]).toEqual({
      trainingPer1kTokens: {
        usd: 0.00378,
        usageType: 'USE1-Nova2.0Lite-Customization-Training',
        effectiveDate: '2026-07-01T00:00:00Z',
      },
      storagePerModelMonth: expect.objectContaining({ usd: 1.95 }),
      // Without commitment: the 1-month commitment's $55 is another product.
      provisionedThroughputPerModelUnitHour: expect.objectContaining({
        usd: 60.5,
        usageType: 'USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits',
      }),
      inputPer1kTokens: expect.objectContaining({ usd: 0.00033 }),
      outputPer1kTokens: expect.objectContaining({ usd: 0.00275 }),
      customModelInputPer1kTokens: expect.objectContaining({ usd: 0.0003 }),
      customModelOutputPer1kTokens: expect.objectContaining({ usd: 0.0025 }),
    });
  });

  it('reads standard on-demand token prices only, never batch, cache or cross-region ones, and scales 1M-token prices', () => {
    const { entries } = recordedEntries();

    const { book: read } = priceBookFromEntries(entries, { region: 'us-east-1', readAt: READ_AT });

    expect(read.models[NOVA_MICRO]).toEqual({
      inputPer1kTokens: expect.objectContaining({ usd: 0.000035, usageType: 'USE1-NovaMicro-input-tokens' }),
      outputPer1kTokens: expect.objectContaining({ usd: 0.00014 }),
    });
    expect(read.models[NOVA_PRO]?.inputPer1kTokens?.usd).toBeCloseTo(0.0008, 10);
  });

  it('skips and logs entries it cannot match to a catalog model, priced for another region, or in a unit it cannot scale', () => {
    const { entries } = recordedEntries();
    const logger = new RecordingLogger();

    const { skipped, book: read } = priceBookFromEntries(entries, {
      region: 'us-east-1',
      readAt: READ_AT,
      logger,
    });

    expect(skipped.map((item) => item.usageType).sort()).toEqual([
      'USE1-Claude3Haiku-input-tokens',
      'USE1-NovaLite-Customization-Training',
      'USW2-Llama3-3-70B-Customization-Training',
    ]);
    expect(read.models['amazon.nova-lite-v1:0:300k']).toBeUndefined();
    const logged = logger.entries.find((line) => line.message.startsWith('skipped price list entries'));
    expect(logged?.details).toMatchObject({ count: 3 });
    expect(JSON.stringify(logged?.details)).toContain('no catalog model is named Claude3Haiku');
  });

  it('names what is wrong with a malformed document instead of failing the whole list', () => {
    const { problems } = recordedEntries();

    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('not JSON');
    expect(problems[1]).toContain('usagetype');
  });

  // Regression guard: two entries for one price must not make the estimate come out low.
  it('keeps the higher of two different prices for one thing, and logs the disagreement', () => {
    const logger = new RecordingLogger();

    const { book: read } = priceBookFromEntries(
      [
        entry('USE1-NovaMicro-Customization-Training', 0.001),
        entry('USE1-NovaMicro-Customization-Training', 0.0012),
        entry('USE1-NovaMicro-Customization-Training', 0.0009),
      ],
      { region: 'us-east-1', readAt: READ_AT, logger },
    );

    expect(read.models[NOVA_MICRO]?.trainingPer1kTokens?.usd).toBe(0.0012);
    expect(logger.entries.filter((line) => line.level === 'warn')).toHaveLength(2);
  });

  it('prefers a custom model’s Provisioned Throughput price to the base model’s', () => {
    const { book: read } = priceBookFromEntries(
      [
        entry('USE1-NovaPro-ProvisionedThroughput-NoCommit-ModelUnits', 20, 'hour'),
        entry('USE1-NovaPro-ProvisionedThroughput-Custom-NoCommit-ModelUnits', 24, 'hour'),
      ],
      { region: 'us-east-1', readAt: READ_AT },
    );

    expect(read.models[NOVA_PRO]?.provisionedThroughputPerModelUnitHour?.usd).toBe(24);
  });
});

describe('the prices an estimate uses', () => {
  const listed = book({
    [NOVA_2_LITE]: {
      trainingPer1kTokens: { usd: 0.00378, usageType: 'USE1-Nova2.0Lite-Customization-Training' },
    },
    [NOVA_MICRO]: { inputPer1kTokens: { usd: 0.000035, usageType: 'USE1-NovaMicro-input-tokens' } },
  });

  it('takes the price list’s price and says so, with the region and the day it was read', () => {
    const price = effectivePrices(row(NOVA_2_LITE), listed).trainingPer1kTokens;

    expect(price).toMatchObject({ usd: 0.00378, secondary: false, region: 'us-east-1', asOf: '2026-11-27' });
    expect(describePriceSource(price)).toBe('AWS price list, us-east-1, read 2026-11-27');
  });

  it('falls back to the catalog’s figure where the price list has none, marked as secondary', () => {
    const price = effectivePrices(row('titan-text-lite'), listed).trainingPer1kTokens;

    expect(price).toMatchObject({ usd: 0.0004, secondary: true });
    expect(describePriceSource(price)).toBe('secondary source, about 2024, not confirmed');
  });

  it('says no price is known where neither has one, and never makes one up', () => {
    const prices = effectivePrices(row(NOVA_MICRO), listed);

    expect(prices.trainingPer1kTokens).toBe('unknown');
    expect(describePriceSource(prices.trainingPer1kTokens)).toBe('no price known');
    expect(effectivePrices(row(NOVA_MICRO)).inputPer1kTokens).toBe('unknown');
  });

  it('prices a custom model answering on demand like its base model where the list has no price of its own', () => {
    const price = effectivePrices(row(NOVA_MICRO), listed).customModelInputPer1kTokens as Price;

    expect(price).toMatchObject({ usd: 0.000035, source: 'aws-price-list' });
    expect(price.note).toContain('billed like the base model');
  });

  it('looks a price up by customizable id, alias, on-demand id or ARN, and knows none for a model it has no row for', () => {
    for (const reference of [
      NOVA_2_LITE,
      'nova-2-lite',
      'amazon.nova-2-lite-v1:0',
      `arn:aws:bedrock:us-east-1::foundation-model/${NOVA_2_LITE}`,
    ]) {
      expect(lookupPrice(reference, 'trainingPer1kTokens', listed)).toMatchObject({ usd: 0.00378 });
    }
    expect(lookupPrice('anthropic.claude-opus-4-1', 'inputPer1kTokens', listed)).toBe('unknown');
  });

  it('gives features a lookup that reads the stored prices on every call', async () => {
    // Prepare
    const books: (PriceBook | undefined)[] = [undefined, listed];
    const lookup = priceLookup(async () => books.shift());

    // Act
    const before = await lookup('nova-2-lite', 'trainingPer1kTokens');
    const after = await lookup('nova-2-lite', 'trainingPer1kTokens');

    // Assess
    expect(before).toBe('unknown');
    expect(after).toMatchObject({ usd: 0.00378, source: 'aws-price-list' });
  });

  it('names what changed between two reads, price by price, old → new', () => {
    const later = book({
      [NOVA_2_LITE]: {
        trainingPer1kTokens: { usd: 0.004, usageType: 'USE1-Nova2.0Lite-Customization-Training' },
      },
    });

    const changes = priceChanges(listed, later);

    expect(changes.map(describePriceChange)).toEqual([
      'Nova Micro, input per 1,000 tokens: $0.000035 (AWS price list, us-east-1, read 2026-11-27) → unknown (no price known)',
      'Nova Micro, custom model input per 1,000 tokens (on demand): $0.000035 (AWS price list, us-east-1, read 2026-11-27) → unknown (no price known)',
      'Nova 2 Lite, training per 1,000 tokens: $0.00378 (AWS price list, us-east-1, read 2026-11-27) → $0.004 (AWS price list, us-east-1, read 2026-11-27)',
    ]);
  });
});
