/** The channel settings store through the real DynamoDB client against dynalite. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoChannelSettingsStore } from '../../../src/aws/dynamo-channel-settings-store.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

let aws: LocalAws;
let store: DynamoChannelSettingsStore;
const logger = new RecordingLogger();

beforeAll(async () => {
  aws = await startLocalAws();
  store = new DynamoChannelSettingsStore({ client: aws.clients.documents, tableName: aws.tableName, logger });
});
afterAll(async () => {
  await aws.close();
});

describe('DynamoChannelSettingsStore', () => {
  it('keeps one settings item per channel, replaced by the next put', async () => {
    // Act
    const before = await store.get('T1', 'C1');
    await store.put({
      teamId: 'T1',
      channelId: 'C1',
      defaultModelId: 'model-a',
      updatedBy: 'U1',
      updatedAt: '2026-11-26T12:00:00.000Z',
    });
    await store.put({
      teamId: 'T1',
      channelId: 'C2',
      defaultModelId: 'model-b',
      updatedBy: 'U1',
      updatedAt: 'x',
    });
    await store.put({
      teamId: 'T1',
      channelId: 'C1',
      updatedBy: 'U2',
      updatedAt: '2026-11-26T13:00:00.000Z',
    });

    // Assess
    expect(before).toBeUndefined();
    expect(await store.get('T1', 'C1')).toEqual({
      teamId: 'T1',
      channelId: 'C1',
      updatedBy: 'U2',
      updatedAt: '2026-11-26T13:00:00.000Z',
    });
    expect((await store.get('T1', 'C2'))?.defaultModelId).toBe('model-b');
    expect(await store.get('T2', 'C1')).toBeUndefined();
  });

  it('reads an item it cannot parse as absent, and logs it', async () => {
    // Prepare
    await aws.clients.documents.send(
      new PutCommand({
        TableName: aws.tableName,
        Item: { pk: 'SETTINGS#T1#C9', sk: 'SETTINGS', type: 'channel-settings', settings: { teamId: 7 } },
      }),
    );

    // Act
    const read = await store.get('T1', 'C9');

    // Assess
    expect(read).toBeUndefined();
    expect(logger.entries.some((entry) => entry.message === 'skipped an unreadable settings record')).toBe(
      true,
    );
  });
});
