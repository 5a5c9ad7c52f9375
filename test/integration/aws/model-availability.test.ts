/**
 * The model-list cache through the real SDK clients: DynamoModelAvailabilityStore on dynalite,
 * ListFoundationModels on the Bedrock emulator (and on a canned HTTP answer where the emulator does
 * not yet give lifecycle dates), and the refresh rules of `offeredModels`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { DynamoModelAvailabilityStore } from '../../../src/aws/dynamo-model-availability-store.js';
import {
  type AvailabilityDependencies,
  customizationUnavailableMessage,
  defaultOffered,
  isStale,
  offeredModels,
  refreshModelAvailability,
} from '../../../src/core/catalog/index.js';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import type { FoundationModelInfo, ModelAvailability } from '../../../src/core/ports.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { type BedrockStack, startBedrockStack } from '../bedrock/stack.js';

const HOUR = 60 * 60 * 1000;
let aws: LocalAws;
let bedrock: BedrockStack;

beforeAll(async () => {
  [aws, bedrock] = await Promise.all([startLocalAws(), startBedrockStack()]);
});
afterEach(() => {
  bedrock.emulator.setFaults({});
  bedrock.emulator.resetStats();
});
afterAll(async () => {
  await Promise.all([aws?.close(), bedrock?.close()]);
});

function store(logger = new RecordingLogger()) {
  return new DynamoModelAvailabilityStore({
    client: aws.clients.documents,
    tableName: aws.tableName,
    logger,
  });
}

function model(modelId: string, overrides: Partial<FoundationModelInfo> = {}): FoundationModelInfo {
  return {
    modelId,
    modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
    modelName: modelId,
    providerName: 'Amazon',
    customizationsSupported: ['FINE_TUNING'],
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycleStatus: 'ACTIVE',
    ...overrides,
  };
}

function listCalls(): number {
  return bedrock.emulator.stats().calls.ListFoundationModels ?? 0;
}

function dependencies(region: string, clock: FixedClock, logger = new RecordingLogger()) {
  return {
    customizer: bedrock.customizer({ maxAttempts: 1, region }),
    store: store(logger),
    clock,
    region,
    logger,
  } satisfies AvailabilityDependencies;
}

describe('DynamoModelAvailabilityStore', () => {
  it('keeps a region’s lists with their dates and reads them back as they were', async () => {
    const availability: ModelAvailability = {
      region: 'eu-test-1',
      readAt: new Date('2026-11-27T08:00:00.000Z'),
      models: {
        FINE_TUNING: [
          model('amazon.nova-lite-v1:0:300k', {
            lifecycleStatus: 'LEGACY',
            legacyTime: new Date('2026-11-01T00:00:00.000Z'),
            endOfLifeTime: new Date('2027-05-01T00:00:00.000Z'),
            responseStreamingSupported: true,
            outputModalities: ['TEXT'],
          }),
          model('amazon.nova-micro-v1:0:128k'),
        ],
        CONTINUED_PRE_TRAINING: [],
      },
    };

    await store().put(availability);

    expect(await store().get('eu-test-1')).toEqual(availability);
    expect(await store().get('nowhere-1')).toBeUndefined();
  });

  it('skips and logs an item it cannot read, instead of reporting an outage', async () => {
    // Prepare: an item written by hand with a date that is not one.
    await aws.clients.documents.send(
      new PutCommand({
        TableName: aws.tableName,
        Item: {
          pk: 'MODELS#bad-region-1',
          sk: 'MODELS',
          region: 'bad-region-1',
          readAt: 'yesterday',
          models: {},
        },
      }),
    );
    const logger = new RecordingLogger();

    // Act
    const read = await store(logger).get('bad-region-1');

    // Assess
    expect(read).toBeUndefined();
    expect(logger.entries).toMatchObject([
      { level: 'warn', message: 'skipped an unreadable model list; Bedrock will be asked again' },
    ]);
  });
});

describe('refreshModelAvailability and offeredModels', () => {
  it('reads the list of each customization type from Bedrock and stores it with the time read', async () => {
    const clock = new FixedClock('2026-11-27T09:00:00.000Z');

    const availability = await refreshModelAvailability(dependencies('us-east-1', clock));

    expect(listCalls()).toBe(2);
    expect(availability.readAt).toEqual(clock.now());
    expect(availability.models.FINE_TUNING.map((info) => info.modelId)).toContain(
      'amazon.nova-micro-v1:0:128k',
    );
    expect(await store().get('us-east-1')).toEqual(availability);
  });

  it('offers Nova Micro by default in us-east-1 and Llama 3.1 8B in us-west-2, and no continued pre-training', async () => {
    const clock = new FixedClock('2026-11-27T09:00:00.000Z');

    const east = await offeredModels(dependencies('us-east-1', clock), { refresh: true });
    const west = await offeredModels(dependencies('us-west-2', clock), { refresh: true });

    expect(defaultOffered(east.FINE_TUNING)?.modelId).toBe('amazon.nova-micro-v1:0:128k');
    expect(defaultOffered(west.FINE_TUNING)?.modelId).toBe('meta.llama3-1-8b-instruct-v1:0:128k');
    // The emulator still lists Titan Text for continued pre-training; the catalog knows it ended.
    expect(east.CONTINUED_PRE_TRAINING.models).toEqual([]);
    expect(east.CONTINUED_PRE_TRAINING.withheld.map((withheld) => withheld.cause)).toContain('end-of-life');
    expect(
      customizationUnavailableMessage('CONTINUED_PRE_TRAINING', 'us-east-1', { now: clock.now() }),
    ).toContain('No region offers it today.');
  });

  it('answers from the cache for a day, then reads Bedrock again', async () => {
    // Prepare
    const clock = new FixedClock('2026-11-28T09:00:00.000Z');
    const region = 'us-west-2';
    await offeredModels(dependencies(region, clock), { refresh: true });
    bedrock.emulator.resetStats();

    // Act and assess: fresh, then 23 hours on, then past 24 hours.
    const fresh = await offeredModels(dependencies(region, clock));
    expect(listCalls()).toBe(0);
    expect(fresh.FINE_TUNING.readAt).toEqual(new Date('2026-11-28T09:00:00.000Z'));
    clock.advance(23 * HOUR);
    await offeredModels(dependencies(region, clock));
    expect(listCalls()).toBe(0);
    clock.advance(2 * HOUR);
    const refreshed = await offeredModels(dependencies(region, clock));
    expect(listCalls()).toBe(2);
    expect(refreshed.FINE_TUNING.readAt).toEqual(clock.now());
    const stored = await store().get(region);
    expect(stored && isStale(stored, clock.now())).toBe(false);
  });

  it('reads Bedrock when nothing is stored for the region', async () => {
    const clock = new FixedClock('2026-11-27T09:00:00.000Z');
    expect(await store().get('us-east-2')).toBeUndefined();

    const offers = await offeredModels(dependencies('us-east-2', clock));

    expect(listCalls()).toBe(2);
    expect(offers.FINE_TUNING.region).toBe('us-east-2');
    expect(await store().get('us-east-2')).toBeDefined();
  });

  it('falls back to the stored list, and logs it, when Bedrock fails; fails without one', async () => {
    // Prepare: a list stored two days ago, then Bedrock answers 500 to everything.
    const clock = new FixedClock('2026-11-25T09:00:00.000Z');
    await offeredModels(dependencies('us-east-1', clock), { refresh: true });
    clock.advance(48 * HOUR);
    bedrock.emulator.setFaults({ serverErrorRate: 1 });
    const logger = new RecordingLogger();

    // Act
    const offers = await offeredModels(dependencies('us-east-1', clock, logger));
    const nothingStored = offeredModels(dependencies('ca-central-1', clock));

    // Assess
    expect(offers.FINE_TUNING.readAt).toEqual(new Date('2026-11-25T09:00:00.000Z'));
    expect(defaultOffered(offers.FINE_TUNING)?.name).toBe('Nova Micro');
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      message: 'could not refresh the model list; using the stored one',
    });
    await expect(nothingStored).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });
});

describe('BedrockCustomizer.listFoundationModels', () => {
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // A canned ListFoundationModels answer with the lifecycle dates the emulator does not give yet.
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          modelSummaries: [
            {
              modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k',
              modelId: 'amazon.nova-lite-v1:0:300k',
              modelName: 'Nova Lite',
              providerName: 'Amazon',
              outputModalities: ['TEXT'],
              responseStreamingSupported: true,
              customizationsSupported: ['FINE_TUNING'],
              inferenceTypesSupported: ['PROVISIONED'],
              modelLifecycle: {
                status: 'LEGACY',
                legacyTime: '2026-11-01T00:00:00Z',
                endOfLifeTime: '2027-05-01T00:00:00Z',
              },
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads the lifecycle dates, streaming and output modalities Bedrock gives', async () => {
    const customizer = new BedrockCustomizer({
      client: new BedrockClient({
        region: 'us-east-1',
        endpoint,
        credentials: LOCAL_CREDENTIALS,
        maxAttempts: 1,
      }),
    });

    const [lite] = await customizer.listFoundationModels({ customizationType: 'FINE_TUNING' });

    expect(lite).toEqual({
      modelId: 'amazon.nova-lite-v1:0:300k',
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k',
      modelName: 'Nova Lite',
      providerName: 'Amazon',
      customizationsSupported: ['FINE_TUNING'],
      inferenceTypesSupported: ['PROVISIONED'],
      lifecycleStatus: 'LEGACY',
      legacyTime: new Date('2026-11-01T00:00:00.000Z'),
      endOfLifeTime: new Date('2027-05-01T00:00:00.000Z'),
      responseStreamingSupported: true,
      outputModalities: ['TEXT'],
    });
  });
});
