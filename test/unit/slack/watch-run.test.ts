import { describe, expect, it } from 'vitest';
import type { PendingUpload, UploadStore } from '../../../src/core/intake/upload.js';
import { finishedJobFollowUp } from '../../../src/slack/follow-ups.js';
import type { Task } from '../../../src/slack/tasks.js';
import { createWatchRun } from '../../../src/slack/watch-run.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { InMemoryCustomModelStore, InMemoryEndpointStore } from '../../fakes/serving.js';
import {
  InMemoryDatasetStore,
  InMemoryIdempotencyStore,
  InMemoryJobStore,
  RecordingQueue,
} from '../../fakes/stores.js';
import { inProgressJob } from '../core/jobs-fixture.js';

class InMemoryUploads implements UploadStore {
  readonly pending = new Map<string, PendingUpload>();
  async put(upload: PendingUpload): Promise<void> {
    this.pending.set(upload.uploadId, upload);
  }
  async listPending(): Promise<PendingUpload[]> {
    return [...this.pending.values()];
  }
  async complete(uploadId: string): Promise<void> {
    this.pending.delete(uploadId);
  }
}

async function setup(refreshPrices: () => Promise<unknown> = async () => {}) {
  const clock = new FixedClock();
  const refreshes: string[] = [];
  const logger = new RecordingLogger();
  const jobs = new InMemoryJobStore();
  const customizer = new ScriptedCustomizer();
  const uploads = new InMemoryUploads();
  const datasetStore = new InMemoryDatasetStore();
  const queue = new RecordingQueue<Task>();
  const job = inProgressJob();
  await jobs.create(job);
  customizer.script(job.jobArn ?? '', 'Completed');
  await uploads.put({
    uploadId: 'u1',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    key: 'uploads/T1/C1/u1/big.jsonl',
    name: 'big.jsonl',
    text: '--split 0.1',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
  await datasetStore.put('uploads/T1/C1/u1/big.jsonl', '{"prompt":"a","completion":"b"}\n');
  const idempotency = new InMemoryIdempotencyStore(clock);
  const models = new InMemoryCustomModelStore();
  const run = createWatchRun({
    jobs,
    idempotency,
    customizer,
    clock,
    logger,
    announce: async () => {},
    followUp: finishedJobFollowUp(queue),
    sleep: async () => {},
    uploads,
    datasetStore,
    queue,
    refreshOffers: async () => {
      refreshes.push(clock.now().toISOString());
    },
    serving: {
      endpoints: new InMemoryEndpointStore(),
      models,
      storedModels: models,
      customizer,
      idempotency,
      clock,
      logger,
      settings: { region: 'us-east-1', idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 },
      announceEndpoint: async () => {},
      remind: async () => {},
      morningReport: async () => {},
      storageReminder: async () => {},
    },
    refreshPrices,
  });
  return { run, jobs, queue, job, refreshes, logger };
}

describe('a watch run', () => {
  it('on the schedule, refreshes jobs and queues arrived uploads for checking with their options', async () => {
    const { run, jobs, queue, job, refreshes } = await setup();
    const result = await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(result).toMatchObject({ changed: 1, uploadsQueued: 1 });
    expect(refreshes).toHaveLength(1);
    expect((await jobs.get(job.jobId))?.status).toBe('Completed');
    expect(queue.sent.find((message) => message.body.kind === 'dataset')?.body).toMatchObject({
      kind: 'dataset',
      text: '--split 0.1',
      file: { from: 'upload', name: 'big.jsonl' },
    });
  });

  it('on a Bedrock event, refreshes jobs but leaves uploads to the schedule', async () => {
    const { run, queue, refreshes } = await setup();
    const result = await run({
      source: 'aws.bedrock',
      'detail-type': 'Model Customization Job State Change',
      detail: { jobName: 'tune-j1', jobStatus: 'Completed' },
    });
    expect(result).toMatchObject({ changed: 1, uploadsQueued: 0 });
    expect(queue.sent.map((message) => message.body.kind)).toEqual(['job-finished']);
    expect(refreshes).toHaveLength(0);
  });

  it('hands a finished job to the worker once, when its end is announced', async () => {
    // Prepare
    const { run, queue, job } = await setup();

    // Act
    await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

    // Assess
    expect(queue.sent.filter((message) => message.body.kind === 'job-finished')).toEqual([
      { id: `job-finished:${job.jobId}`, body: { kind: 'job-finished', jobId: job.jobId } },
    ]);
  });

  it('on the schedule, refreshes the prices too, and a failure to do so is logged without failing the run', async () => {
    // Prepare
    const asked: string[] = [];
    const { run, logger } = await setup(async () => {
      asked.push('prices');
      throw new Error('the price cache is unreadable');
    });

    // Act
    const result = await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

    // Assess
    expect(asked).toEqual(['prices']);
    expect(result).toMatchObject({ changed: 1 });
    expect(logger.entries).toContainEqual({
      level: 'warn',
      message: 'could not refresh the prices; the next run will',
      details: { error: 'Error: the price cache is unreadable' },
    });
  });
});
