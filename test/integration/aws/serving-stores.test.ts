/** The serving adapters through the real DynamoDB client against dynalite. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomModelStore } from '../../../src/aws/dynamo-custom-model-store.js';
import { DynamoEndpointStore } from '../../../src/aws/dynamo-endpoint-store.js';
import { DynamoDeployProposalStore } from '../../../src/aws/dynamo-proposal-store.js';
import { INDEX } from '../../../src/aws/table.js';
import { ConflictError, JobStateConflictError } from '../../../src/core/errors.js';
import type { DeployProposal } from '../../../src/core/serving/deploy-proposal.js';
import { type Endpoint, endpointTransitioned } from '../../../src/core/serving/endpoint.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { novaModel } from '../../unit/serving/fixture.js';

let aws: LocalAws;
let logger: RecordingLogger;
let models: DynamoCustomModelStore;
let endpoints: DynamoEndpointStore;

beforeAll(async () => {
  aws = await startLocalAws();
  logger = new RecordingLogger();
  const table = { client: aws.clients.documents, tableName: aws.tableName, logger };
  models = new DynamoCustomModelStore(table);
  endpoints = new DynamoEndpointStore(table);
});
afterAll(async () => {
  await aws.close();
});

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    endpointId: 'e1',
    status: 'Creating',
    modelId: 'm1',
    modelName: 'support-bot',
    modelArn: novaModel().modelArn,
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    path: 'provisioned',
    purpose: 'chat',
    bedrockName: 'tune-e1',
    clientRequestToken: 't',
    arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc',
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
    hourlyUsd: null,
    modelUnits: 1,
    createdAt: '2026-11-26T08:00:00.000Z',
    updatedAt: '2026-11-26T08:00:00.000Z',
    acceptedAt: '2026-11-26T08:00:00.000Z',
    version: 2,
    transitions: [{ version: 2, from: 'Requested', to: 'Creating', at: '2026-11-26T08:00:00.000Z' }],
    announcedVersion: 2,
    ...overrides,
  };
}

async function putRaw(item: Record<string, unknown>): Promise<void> {
  await aws.clients.documents.send(new PutCommand({ TableName: aws.tableName, Item: item }));
}

describe('DynamoCustomModelStore', () => {
  it('lists the models a channel trained and those shared into it, newest first, and forgets a withdrawn share', async () => {
    await models.put(
      novaModel({ modelId: 'own', teamId: 'TV', channelId: 'CV', createdAt: '2026-11-01T00:00:00.000Z' }),
    );
    await models.put(
      novaModel({
        modelId: 'shared',
        teamId: 'TV',
        channelId: 'CX',
        sharedWith: ['CV'],
        createdAt: '2026-11-02T00:00:00.000Z',
      }),
    );
    await models.put(
      novaModel({ modelId: 'other', teamId: 'TV', channelId: 'CX', createdAt: '2026-11-03T00:00:00.000Z' }),
    );

    expect((await models.listVisibleIn('TV', 'CV', 10)).map((model) => model.modelId)).toEqual([
      'shared',
      'own',
    ]);
    expect((await models.listVisibleIn('TV', 'CX', 10)).map((model) => model.modelId)).toEqual([
      'other',
      'shared',
    ]);

    await models.put(
      novaModel({
        modelId: 'shared',
        teamId: 'TV',
        channelId: 'CX',
        sharedWith: [],
        createdAt: '2026-11-02T00:00:00.000Z',
      }),
    );
    expect((await models.listVisibleIn('TV', 'CV', 10)).map((model) => model.modelId)).toEqual(['own']);
  });

  it('moves the last use forward only, and ignores a use of a model it does not know', async () => {
    await models.put(novaModel({ modelId: 'used' }));
    await models.touch('used', new Date('2026-11-26T10:00:00.000Z'));
    await models.touch('used', new Date('2026-11-26T09:00:00.000Z'));
    await models.touch('nobody', new Date('2026-11-26T09:00:00.000Z'));

    expect((await models.get('used'))?.lastUsedAt).toBe('2026-11-26T10:00:00.000Z');
    expect(await models.get('nobody')).toBeUndefined();
  });

  it('records an evaluation headline on its own, keeping shares and uses, and never an older one over a newer', async () => {
    // Prepare: a model shared and used since its record was read by the evaluation.
    await models.put(novaModel({ modelId: 'evaluated', sharedWith: ['CY'] }));
    await models.touch('evaluated', new Date('2026-11-26T10:00:00.000Z'));
    const headline = (at: string, tuned: number) => ({
      at,
      records: 19,
      meteor: { base: 0.1, tuned },
      rougeL: { base: 0.05, tuned: 0.7 },
      verdict: 'tuned is better on all four metrics',
    });

    // Act
    const newer = await models.setEvaluation('evaluated', headline('2026-11-26T12:00:00.000Z', 0.8));
    const older = await models.setEvaluation('evaluated', headline('2026-11-26T11:00:00.000Z', 0.3));
    const missing = await models.setEvaluation('nobody', headline('2026-11-26T12:00:00.000Z', 0.8));

    // Assess
    expect([newer, older, missing]).toEqual([true, true, false]);
    expect(await models.get('evaluated')).toMatchObject({
      sharedWith: ['CY'],
      lastUsedAt: '2026-11-26T10:00:00.000Z',
      evaluation: { at: '2026-11-26T12:00:00.000Z', meteor: { tuned: 0.8 } },
    });
    expect(await models.get('nobody')).toBeUndefined();
  });

  it('keeps stored models in the index until they are deleted, and skips an unreadable record', async () => {
    await models.put(novaModel({ modelId: 'stored-1' }));
    await models.put(novaModel({ modelId: 'stored-2', deletedAt: '2026-11-26T00:00:00.000Z' }));
    await putRaw({
      pk: 'MODEL#broken',
      sk: 'MODEL',
      model: { modelId: 'broken' },
      [INDEX.active.partitionKey]: 'MODELS#STORED',
      [INDEX.active.sortKey]: '2026#broken',
    });

    const stored = (await models.listStored()).map((model) => model.modelId);

    expect(stored).toContain('stored-1');
    expect(stored).not.toContain('stored-2');
    expect(stored).not.toContain('broken');
    expect(logger.entries.some((entry) => entry.message === 'skipped an unreadable model record')).toBe(true);
  });
});

describe('DynamoEndpointStore', () => {
  it('creates an endpoint once and moves it only from the status and version it was read in', async () => {
    const created = endpoint({ endpointId: 'once' });
    await endpoints.create(created);
    await expect(endpoints.create(created)).rejects.toBeInstanceOf(ConflictError);

    const serving = endpointTransitioned(created, 'Serving', new Date('2026-11-26T08:10:00.000Z'));
    await endpoints.transition(serving, 'Creating');
    await expect(endpoints.transition(serving, 'Creating')).rejects.toBeInstanceOf(JobStateConflictError);
    expect(await endpoints.get('once')).toEqual(serving);
  });

  it('lists live endpoints through the sparse index, per model too, until a deletion is announced', async () => {
    await endpoints.create(endpoint({ endpointId: 'live-a', modelId: 'model-a' }));
    const ending = endpoint({ endpointId: 'live-b', modelId: 'model-b' });
    await endpoints.create(ending);
    const deleted = endpointTransitioned(ending, 'Deleted', new Date('2026-11-26T09:00:00.000Z'), {
      deletedAt: '2026-11-26T09:00:00.000Z',
    });
    await endpoints.transition(deleted, 'Creating');

    const owed = (await endpoints.listLive()).map((live) => live.endpointId);
    await endpoints.markAnnounced(deleted, deleted.version);
    const after = (await endpoints.listLive()).map((live) => live.endpointId);

    expect(owed).toEqual(expect.arrayContaining(['live-a', 'live-b']));
    expect(after).toContain('live-a');
    expect(after).not.toContain('live-b');
    expect((await endpoints.listLiveForModel('model-a')).map((live) => live.endpointId)).toEqual(['live-a']);
    expect(await endpoints.listLiveForModel('model-b')).toEqual([]);
    expect((await endpoints.listByModel('model-b', 5)).map((past) => past.status)).toEqual(['Deleted']);
  });

  it('skips an unreadable endpoint in the watch’s listing instead of failing it', async () => {
    await endpoints.create(endpoint({ endpointId: 'readable', modelId: 'model-c' }));
    await putRaw({
      pk: 'ENDPOINT#unreadable',
      sk: 'ENDPOINT',
      endpoint: { endpointId: 'unreadable', status: 'Serving' },
      [INDEX.active.partitionKey]: 'ENDPOINTS#LIVE',
      [INDEX.active.sortKey]: 'model-c#2026#unreadable',
    });

    expect((await endpoints.listLiveForModel('model-c')).map((live) => live.endpointId)).toEqual([
      'readable',
    ]);
    expect(logger.entries.some((entry) => entry.message === 'skipped an unreadable endpoint record')).toBe(
      true,
    );
  });

  it('keeps the last snapshot of endpoints tune did not make', async () => {
    expect(await endpoints.getUnrecorded()).toBeUndefined();
    const snapshot = {
      seenAt: '2026-11-26T09:00:00.000Z',
      endpoints: [
        {
          path: 'provisioned' as const,
          arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/zz',
          name: 'made-by-hand',
          modelArn: novaModel().modelArn,
          status: 'InService',
          createdAt: '2026-11-25T10:00:00.000Z',
          modelId: 'm1',
          modelName: 'support-bot-m1',
        },
      ],
    };
    await endpoints.putUnrecorded(snapshot);
    expect(await endpoints.getUnrecorded()).toEqual(snapshot);
  });
});

describe('DynamoDeployProposalStore', () => {
  it('confirms a proposal once, and reads an expired one as absent', async () => {
    const clock = new FixedClock('2026-11-26T08:00:00.000Z');
    const proposals = new DynamoDeployProposalStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      clock,
    });
    const proposal: DeployProposal = {
      proposalId: 'dp1',
      status: 'proposed',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U1',
      createdAt: '2026-11-26T08:00:00.000Z',
      modelId: 'm1',
      modelName: 'support-bot',
      baseModelId: 'amazon.nova-micro-v1:0:128k',
      path: 'on-demand',
      pathReason: 'on-demand deployment is offered for it here',
    };
    await proposals.create(proposal);
    await expect(proposals.create(proposal)).rejects.toBeInstanceOf(ConflictError);

    await proposals.update({ ...proposal, status: 'confirmed', confirmedBy: 'U2' }, 'proposed');
    await expect(proposals.update({ ...proposal, status: 'cancelled' }, 'proposed')).rejects.toBeInstanceOf(
      JobStateConflictError,
    );
    expect((await proposals.get('dp1'))?.confirmedBy).toBe('U2');
    clock.advance(8 * 24 * 60 * 60 * 1000);
    expect(await proposals.get('dp1')).toBeUndefined();
  });
});
