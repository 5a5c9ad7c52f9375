/**
 * The price cache's rules, with in-memory fakes: read when missing or a day old, not before; a
 * failed read, or one that matches nothing where prices were known, keeps the last prices and their
 * date, and says why in the log.
 */
import { describe, expect, it } from 'vitest';
import { type PriceCacheDependencies, refreshPrices } from '../../../src/core/catalog/index.js';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { entry, InMemoryPriceBookStore, ScriptedPriceList } from '../../fakes/prices.js';

const HOUR = 60 * 60 * 1000;
const NOVA_MICRO = 'amazon.nova-micro-v1:0:128k';
const TRAINING = entry('USE1-NovaMicro-Customization-Training', 0.001);

function dependencies(priceList: ScriptedPriceList, store = new InMemoryPriceBookStore()) {
  const logger = new RecordingLogger();
  const clock = new FixedClock('2026-11-27T06:00:00.000Z');
  return { priceList, store, clock, logger, region: 'us-east-1' } satisfies PriceCacheDependencies;
}

describe('refreshing the cached prices', () => {
  it('reads the price list when nothing is stored and keeps what it read with the time it was read', async () => {
    // Prepare
    const deps = dependencies(new ScriptedPriceList([TRAINING]));

    // Act
    const result = await refreshPrices(deps);

    // Assess
    expect(result.outcome).toBe('refreshed');
    expect(deps.priceList.regions).toEqual(['us-east-1']);
    expect(await deps.store.get('us-east-1')).toEqual({
      region: 'us-east-1',
      readAt: new Date('2026-11-27T06:00:00.000Z'),
      models: { [NOVA_MICRO]: { trainingPer1kTokens: { usd: 0.001, usageType: TRAINING.usageType } } },
    });
  });

  it('does not call the price list again within a day, and does after', async () => {
    const deps = dependencies(new ScriptedPriceList([TRAINING], [entry(TRAINING.usageType, 0.002)]));
    await refreshPrices(deps);

    deps.clock.advance(23 * HOUR);
    const early = await refreshPrices(deps);
    deps.clock.advance(2 * HOUR);
    const late = await refreshPrices(deps);

    expect(early.outcome).toBe('fresh');
    expect(late.outcome).toBe('refreshed');
    expect(deps.priceList.regions).toHaveLength(2);
    expect((await deps.store.get('us-east-1'))?.models[NOVA_MICRO]?.trainingPer1kTokens?.usd).toBe(0.002);
  });

  it('keeps the last prices and their date when the price list cannot be read, and logs why', async () => {
    // Prepare
    const deps = dependencies(
      new ScriptedPriceList([TRAINING], new UpstreamUnavailableError('Pricing is down')),
    );
    await refreshPrices(deps);
    deps.clock.advance(30 * HOUR);

    // Act
    const result = await refreshPrices(deps);

    // Assess
    expect(result.outcome).toBe('kept');
    const kept = await deps.store.get('us-east-1');
    expect(kept?.readAt).toEqual(new Date('2026-11-27T06:00:00.000Z'));
    expect(kept?.models[NOVA_MICRO]?.trainingPer1kTokens?.usd).toBe(0.001);
    const warning = deps.logger.entries.find((line) => line.level === 'warn');
    expect(warning?.details).toMatchObject({ readAt: '2026-11-27T06:00:00.000Z' });
    expect(String(warning?.details?.reason)).toContain('Pricing is down');
  });

  // Regression guard: an empty answer (or renamed usage types) must not wipe prices known yesterday.
  it('keeps the last prices when the price list matches no catalog model where it did before', async () => {
    const deps = dependencies(
      new ScriptedPriceList([TRAINING], [entry('USE1-SomethingElse-Customization-Training', 1)]),
    );
    await refreshPrices(deps);

    const result = await refreshPrices(deps, { force: true });

    expect(result).toMatchObject({
      outcome: 'kept',
      reason: 'the price list had no price for any catalog model',
    });
    expect((await deps.store.get('us-east-1'))?.models[NOVA_MICRO]).toBeDefined();
  });

  it('says nothing is kept when the very first read fails, and stores nothing', async () => {
    const deps = dependencies(new ScriptedPriceList(new Error('no route to Pricing')));

    const result = await refreshPrices(deps);

    expect(result).toMatchObject({ outcome: 'kept', book: undefined });
    expect(await deps.store.get('us-east-1')).toBeUndefined();
    expect(deps.logger.entries.find((line) => line.level === 'warn')?.details).toMatchObject({
      readAt: 'never',
    });
  });
});
