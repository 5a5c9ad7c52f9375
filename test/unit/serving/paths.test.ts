import { describe, expect, it } from 'vitest';
import { choosePath, servingOffer } from '../../../src/core/serving/paths.js';

const RECENT = new Date('2026-11-20T00:00:00.000Z');

describe('serving paths from the catalog', () => {
  it('offers on-demand deployment for Nova in us-east-1 only, and Provisioned Throughput with an unknown price', () => {
    const east = servingOffer('amazon.nova-micro-v1:0:128k', 'us-east-1', RECENT);
    const west = servingOffer('amazon.nova-micro-v1:0:128k', 'us-west-2', RECENT);

    expect(east.onDemand).toMatchObject({ available: true, source: 'D-od', confirmed: true });
    expect(east.provisioned).toMatchObject({ available: true, hourlyPerModelUnit: 'unknown' });
    expect(west.onDemand.available).toBe(false);
    expect(west.onDemand.note).toContain('offered in us-east-1, not us-west-2');
    expect(choosePath(east, false).path).toBe('on-demand');
    expect(choosePath(west, false).path).toBe('provisioned');
    expect(choosePath(east, true).path).toBe('provisioned');
  });

  it('sends Llama 3.1 to Provisioned Throughput, and says plainly when nothing serves a base model', () => {
    const llama = servingOffer('meta.llama3-1-8b-instruct-v1:0:128k', 'us-west-2', RECENT);
    expect(llama.onDemand.available).toBe(false);
    expect(choosePath(llama, false)).toMatchObject({ path: 'provisioned' });

    const titan = servingOffer('amazon.titan-text-lite-v1:0:4k', 'us-east-1', RECENT);
    expect(() => choosePath(titan, false)).toThrow(
      /Bedrock offers no way to serve a model tuned on Titan Text G1 - Lite in us-east-1: .*no new Provisioned Throughput/,
    );
    expect(() => choosePath(titan, true)).toThrow(/cannot be served by Provisioned Throughput/);
    // The catalog's known price stays attached, with its source, even where the path is closed.
    expect(titan.provisioned.hourlyPerModelUnit).toMatchObject({ usd: 7.1, source: 'pricing-secondary' });
  });

  it('does not deploy on demand a model customized before 2025-07-16', () => {
    const old = servingOffer('amazon.nova-lite-v1:0:300k', 'us-east-1', new Date('2025-07-15T23:00:00.000Z'));
    expect(old.onDemand).toMatchObject({ available: false, note: expect.stringContaining('2025-07-16') });
  });
});
