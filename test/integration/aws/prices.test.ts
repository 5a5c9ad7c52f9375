/**
 * Prices through the real SDK clients: AwsPriceList (`@aws-sdk/client-pricing`) against the local
 * price list, DynamoPriceBookStore on dynalite, and the cache's refresh rules end to end.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsPriceList } from '../../../src/aws/aws-price-list.js';
import { createPricingClient } from '../../../src/aws/clients.js';
import { DynamoPriceBookStore } from '../../../src/aws/dynamo-price-book-store.js';
import { refreshPrices } from '../../../src/core/catalog/index.js';
import { ThrottledError, UpstreamUnavailableError } from '../../../src/core/errors.js';
import type { PriceBook } from '../../../src/core/ports.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';
import {
  type PriceListServer,
  PUBLISHED_PRICES,
  priceListDocument,
  startPriceListServer,
} from '../../../src/local/price-list/index.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0:256k';
let aws: LocalAws;
let server: PriceListServer;

beforeAll(async () => {
  [aws, server] = await Promise.all([startLocalAws(), startPriceListServer()]);
});
afterEach(() => {
  server.setPrices(PUBLISHED_PRICES);
  server.setExtraDocuments([]);
  server.setFailure(undefined);
});
afterAll(async () => {
  await Promise.all([aws?.close(), server?.close()]);
});

function priceList(logger = new RecordingLogger()) {
  const client = createPricingClient({
    region: 'eu-west-1',
    endpoints: { pricing: server.url },
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  return new AwsPriceList({ client, logger });
}

function store(logger = new RecordingLogger()) {
  return new DynamoPriceBookStore({ client: aws.clients.documents, tableName: aws.tableName, logger });
}

describe('AwsPriceList', () => {
  it('reads every page of a region’s Bedrock prices, and only that region’s', async () => {
    // Prepare: 150 more products in us-east-1, so the answer takes two pages of 100.
    const padding = Array.from({ length: 150 }, (_, index) =>
      priceListDocument({
        region: 'us-east-1',
        usageName: `Other${index}`,
        model: `Other ${index}`,
        kind: 'input',
        usd: '0.001',
        record: 'pricing-page-2025-07',
      }),
    );
    server.setExtraDocuments(padding);
    const calls = server.getProductsCalls();

    // Act
    const entries = await priceList().bedrockEntries('us-east-1');

    // Assess
    expect(server.getProductsCalls() - calls).toBe(2);
    expect(entries).toHaveLength(
      PUBLISHED_PRICES.filter((price) => price.region === 'us-east-1').length + 150,
    );
    expect(entries.every((item) => item.regionCode === 'us-east-1')).toBe(true);
    expect(
      entries.find((item) => item.usageType === 'USE1-Nova2.0Lite-Customization-Training'),
    ).toMatchObject({
      model: 'Nova 2.0 Lite',
      feature: 'Model Customization',
      dimensions: [{ unit: '1K tokens', usd: 0.00378 }],
    });
  });

  it('skips and logs a document it cannot read, and keeps the rest', async () => {
    server.setExtraDocuments([
      'not json at all',
      '{"product": {"sku": "X", "attributes": {"regionCode": "us-east-1"}}, "terms": {}}',
    ]);
    const logger = new RecordingLogger();

    const entries = await priceList(logger).bedrockEntries('us-east-1');

    expect(entries.length).toBeGreaterThan(0);
    const skipped = logger.entries.filter(
      (line) => line.message === 'skipped a price list entry tune cannot read',
    );
    expect(skipped).toHaveLength(2);
    expect(skipped[0]?.details).toMatchObject({ region: 'us-east-1', entry: 'not json at all' });
  });

  it('turns Pricing failures into the core’s errors, retryable where waiting helps', async () => {
    server.setFailure({ status: 500, type: 'InternalErrorException' });
    await expect(priceList().bedrockEntries('us-east-1')).rejects.toBeInstanceOf(UpstreamUnavailableError);

    server.setFailure({ status: 400, type: 'ThrottlingException' });
    const throttled = await priceList()
      .bedrockEntries('us-east-1')
      .catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect(throttled).toMatchObject({ retryable: true });
  });
});

describe('DynamoPriceBookStore', () => {
  it('keeps a region’s prices with the time they were read and reads them back as they were', async () => {
    const book: PriceBook = {
      region: 'eu-test-1',
      readAt: new Date('2026-11-27T06:00:00.000Z'),
      models: {
        [NOVA_2_LITE]: {
          trainingPer1kTokens: {
            usd: 0.00378,
            usageType: 'EU-Nova2.0Lite-Customization-Training',
            effectiveDate: '2026-11-01T00:00:00Z',
          },
          storagePerModelMonth: { usd: 1.95, usageType: 'EU-Nova2.0Lite-Customization-Storage' },
        },
      },
    };

    await store().put(book);

    expect(await store().get('eu-test-1')).toEqual(book);
    expect(await store().get('nowhere-1')).toBeUndefined();
  });

  it('skips and logs a stored item it cannot read, so estimates use the catalog instead of failing', async () => {
    await aws.clients.documents.send(
      new PutCommand({
        TableName: aws.tableName,
        Item: { pk: 'PRICES#bad-1', sk: 'PRICES', region: 'bad-1', readAt: 'yesterday', models: {} },
      }),
    );
    const logger = new RecordingLogger();

    expect(await store(logger).get('bad-1')).toBeUndefined();
    expect(logger.entries.map((line) => line.level)).toEqual(['warn']);
  });
});

describe('refreshing the cached prices through the real clients', () => {
  it('keeps the last prices and their date when the Pricing API fails, then reads again when it answers', async () => {
    // Prepare
    const clock = new FixedClock('2026-11-27T06:00:00.000Z');
    const logger = new RecordingLogger();
    const dependencies = {
      priceList: priceList(logger),
      store: store(logger),
      clock,
      logger,
      region: 'us-east-1',
    };
    await refreshPrices(dependencies, { force: true });
    clock.advance(25 * 60 * 60 * 1000);
    server.setFailure({ status: 503, type: 'ServiceUnavailableException' });

    // Act
    const failed = await refreshPrices(dependencies);
    server.setFailure(undefined);
    server.setPrices(
      PUBLISHED_PRICES.map((price) =>
        price.usageName === 'Nova2.0Lite' && price.kind === 'training' ? { ...price, usd: '0.004' } : price,
      ),
    );
    const recovered = await refreshPrices(dependencies);

    // Assess
    expect(failed.outcome).toBe('kept');
    expect(failed.book?.readAt).toEqual(new Date('2026-11-27T06:00:00.000Z'));
    expect(failed.book?.models[NOVA_2_LITE]?.trainingPer1kTokens?.usd).toBe(0.00378);
    expect(recovered.outcome).toBe('refreshed');
    const stored = await store().get('us-east-1');
    expect(stored?.readAt).toEqual(new Date('2026-11-28T07:00:00.000Z'));
    expect(stored?.models[NOVA_2_LITE]?.trainingPer1kTokens?.usd).toBe(0.004);
  });
});
