/**
 * A record that fails its schema is a data problem, not an outage: the stores skip it (and log
 * it) instead of reporting "DynamoDB failed, try again in a minute", which the queue would retry
 * for ever. Regression: one bad dataset entry broke `/tune datasets` and `/tune start`, one bad
 * upload record broke upload collection on every run, one bad proposal looked like an outage.
 * The malformed items are written with the raw document client, past the stores' own schemas.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { DynamoProposalStore } from '../../../src/aws/dynamo-proposal-store.js';
import { DynamoUploadStore } from '../../../src/aws/dynamo-upload-store.js';
import { INDEX } from '../../../src/aws/table.js';
import type { DatasetEntry } from '../../../src/core/intake/dataset-entry.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws.close();
});

async function writeRaw(item: Record<string, unknown>): Promise<void> {
  await aws.clients.documents.send(new PutCommand({ TableName: aws.tableName, Item: item }));
}

function entry(datasetId: string, createdAt: string): DatasetEntry {
  return {
    datasetId,
    teamId: 'TBAD',
    channelId: 'CBAD',
    userId: 'U1',
    name: `${datasetId}.jsonl`,
    key: `datasets/TBAD/CBAD/${datasetId}.jsonl`,
    reportKey: `datasets/TBAD/CBAD/${datasetId}.report.json`,
    customizationType: 'FINE_TUNING',
    format: 'prompt-completion',
    modelId: 'amazon.titan-text-lite-v1:0:4k',
    valid: true,
    records: 40,
    bytes: 4000,
    tokens: { total: 1000, max: 30, p95: 28, exact: false },
    errorCount: 0,
    warningCount: 0,
    estimatedCostUsd: 0.002,
    epochs: 5,
    source: 'slack-file',
    createdAt,
  };
}

describe('DynamoDatasetIndex with an unreadable entry', () => {
  it('lists the readable entries, skips the bad one and logs it, and reads it as absent', async () => {
    const logger = new RecordingLogger();
    const index = new DynamoDatasetIndex({ client: aws.clients.documents, tableName: aws.tableName, logger });
    await index.put(entry('good-old', '2026-11-01T00:00:00.000Z'));
    await index.put(entry('good-new', '2026-11-03T00:00:00.000Z'));
    await writeRaw({
      pk: 'DATASET#TBAD#CBAD#broken',
      sk: 'DATASET',
      type: 'dataset',
      dataset: { datasetId: 'broken', records: 'many' },
      [INDEX.byChannel.partitionKey]: 'CHANNEL#TBAD#CBAD',
      [INDEX.byChannel.sortKey]: 'DATASET#2026-11-02T00:00:00.000Z#broken',
    });

    const listed = await index.listByChannel('TBAD', 'CBAD', 10);
    const read = await index.get('TBAD', 'CBAD', 'broken');

    expect(listed.map((item) => item.datasetId)).toEqual(['good-new', 'good-old']);
    expect(read).toBeUndefined();
    const skipped = logger.entries.filter((line) => line.message === 'skipped an unreadable dataset record');
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatchObject({ level: 'error', details: { pk: 'DATASET#TBAD#CBAD#broken' } });
  });
});

describe('DynamoUploadStore with an unreadable record', () => {
  it('lists the readable pending uploads and logs the bad one', async () => {
    const logger = new RecordingLogger();
    const uploads = new DynamoUploadStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      logger,
    });
    await uploads.put({
      uploadId: 'up-good',
      teamId: 'TBAD',
      channelId: 'CBAD',
      userId: 'U1',
      key: 'uploads/TBAD/CBAD/up-good/big.jsonl',
      name: 'big.jsonl',
      text: '',
      expiresAt: '2026-11-26T13:00:00.000Z',
    });
    await writeRaw({ pk: 'UPLOADS#PENDING', sk: 'up-bad', type: 'upload', upload: { uploadId: 'up-bad' } });

    const pending = await uploads.listPending();

    expect(pending.map((upload) => upload.uploadId)).toEqual(['up-good']);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'skipped an unreadable upload record',
        details: expect.objectContaining({ sk: 'up-bad' }),
      }),
    );
  });
});

describe('DynamoProposalStore with an unreadable record', () => {
  it('reads it as absent (the button says it expired) and logs it, instead of reporting an outage', async () => {
    const logger = new RecordingLogger();
    const proposals = new DynamoProposalStore({
      client: aws.clients.documents,
      tableName: aws.tableName,
      clock: new FixedClock(),
      logger,
    });
    await writeRaw({
      pk: 'PROPOSAL#bad-proposal',
      sk: 'PROPOSAL',
      type: 'proposal',
      status: 'proposed',
      proposal: { proposalId: 'bad-proposal', status: 'exploded' },
    });

    const read = await proposals.get('bad-proposal');

    expect(read).toBeUndefined();
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'skipped an unreadable proposal record',
        details: expect.objectContaining({ pk: 'PROPOSAL#bad-proposal' }),
      }),
    );
  });
});
