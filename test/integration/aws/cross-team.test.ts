/**
 * Data of one workspace is never visible to another: every store query is keyed by the team, so a
 * read made for team A with team B's channel, user or dataset ids finds nothing. Slack ids are not
 * secrets (a channel id can be guessed or seen), so the team in the key is what keeps B's data B's.
 * Each store runs through the real DynamoDB client against dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChannelSettingsStore } from '../../../src/aws/dynamo-channel-settings-store.js';
import { DynamoCustomModelStore } from '../../../src/aws/dynamo-custom-model-store.js';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { DynamoInstallationStore } from '../../../src/aws/dynamo-installation-store.js';
import { DynamoJobStore } from '../../../src/aws/dynamo-job-store.js';
import type { DatasetEntry } from '../../../src/core/intake/dataset-entry.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';
import { inProgressJob } from '../../unit/core/jobs-fixture.js';
import { novaModel } from '../../unit/serving/fixture.js';

let aws: LocalAws;
let table: { client: LocalAws['clients']['documents']; tableName: string };

/** Team B's ids; team A asks with the very same channel and user ids. */
const B = { teamId: 'T0TEAMB', channelId: 'C0SHARED', userId: 'U0SAME' };
const A = 'T0TEAMA';

beforeAll(async () => {
  aws = await startLocalAws();
  table = { client: aws.clients.documents, tableName: aws.tableName };
});
afterAll(async () => {
  await aws.close();
});

function datasetOfB(datasetId: string): DatasetEntry {
  return {
    datasetId,
    ...B,
    name: `${datasetId}.jsonl`,
    key: `datasets/${B.teamId}/${B.channelId}/${datasetId}.jsonl`,
    reportKey: `datasets/${B.teamId}/${B.channelId}/${datasetId}.report.json`,
    customizationType: 'FINE_TUNING',
    format: 'prompt-completion',
    modelId: 'amazon.nova-micro-v1:0:128k',
    valid: true,
    records: 40,
    bytes: 4000,
    tokens: { total: 1000, max: 30, p95: 28, exact: false },
    errorCount: 0,
    warningCount: 0,
    estimatedCostUsd: 0.002,
    epochs: 2,
    source: 'slack-file',
    createdAt: '2026-11-27T12:00:00.000Z',
  };
}

describe("team A reading team B's records", () => {
  it('finds none of B’s jobs by channel or by user', async () => {
    // Prepare
    const jobs = new DynamoJobStore(table);
    await jobs.create(inProgressJob({ jobId: 'job-of-b', place: { ...B, messageTs: '1.1' } }));

    // Act
    const byChannel = await jobs.listByChannel(A, B.channelId, 50);
    const byUser = await jobs.listByUser(A, B.userId, 50);

    // Assess: B sees its own, A nothing.
    expect((await jobs.listByChannel(B.teamId, B.channelId, 50)).map((job) => job.jobId)).toEqual([
      'job-of-b',
    ]);
    expect(byChannel).toEqual([]);
    expect(byUser).toEqual([]);
  });

  it('finds none of B’s datasets, by listing or by id', async () => {
    // Prepare
    const datasets = new DynamoDatasetIndex(table);
    await datasets.put(datasetOfB('dataset-of-b'));

    // Act
    const listed = await datasets.listByChannel(A, B.channelId, 50);
    const byId = await datasets.get(A, B.channelId, 'dataset-of-b');

    // Assess
    expect(await datasets.get(B.teamId, B.channelId, 'dataset-of-b')).toBeDefined();
    expect(listed).toEqual([]);
    expect(byId).toBeUndefined();
  });

  it('finds none of B’s tuned models, settings or installation', async () => {
    // Prepare
    const models = new DynamoCustomModelStore(table);
    const settings = new DynamoChannelSettingsStore(table);
    const installations = new DynamoInstallationStore(table);
    await models.put(novaModel({ modelId: 'model-of-b', teamId: B.teamId, channelId: B.channelId }));
    await settings.put({ ...B, defaultModelId: 'model-of-b', updatedBy: B.userId, updatedAt: 'now' });
    await installations.save({
      teamId: B.teamId,
      teamName: 'B',
      enterpriseId: undefined,
      botToken: 'xoxb-b',
      botId: 'BB',
      botUserId: 'UB',
      installerUserId: B.userId,
      scopes: ['commands'],
      installedAt: new Date('2026-11-27T12:00:00.000Z'),
    });

    // Act
    const visible = await models.listVisibleIn(A, B.channelId, 50);
    const channelSettings = await settings.get(A, B.channelId);
    const installation = await installations.get(A);

    // Assess
    expect((await models.listVisibleIn(B.teamId, B.channelId, 50)).map((model) => model.modelId)).toEqual([
      'model-of-b',
    ]);
    expect(visible).toEqual([]);
    expect(channelSettings).toBeUndefined();
    expect(installation).toBeUndefined();
  });
});
