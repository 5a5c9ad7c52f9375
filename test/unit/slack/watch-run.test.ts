import { describe, expect, it } from 'vitest';
import type { PendingUpload, UploadStore } from '../../../src/core/intake/upload.js';
import type { Task } from '../../../src/slack/tasks.js';
import { createWatchRun } from '../../../src/slack/watch-run.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
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

async function setup() {
  const clock = new FixedClock();
  const refreshes: string[] = [];
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
  const run = createWatchRun({
    jobs,
    idempotency: new InMemoryIdempotencyStore(clock),
    customizer,
    clock,
    logger: new RecordingLogger(),
    announce: async () => {},
    sleep: async () => {},
    uploads,
    datasetStore,
    queue,
    refreshOffers: async () => {
      refreshes.push(clock.now().toISOString());
    },
  });
  return { run, jobs, queue, job, refreshes };
}

describe('a watch run', () => {
  it('on the schedule, refreshes jobs and queues arrived uploads for checking with their options', async () => {
    const { run, jobs, queue, job, refreshes } = await setup();
    const result = await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(result).toMatchObject({ changed: 1, uploadsQueued: 1 });
    expect(refreshes).toHaveLength(1);
    expect((await jobs.get(job.jobId))?.status).toBe('Completed');
    expect(queue.sent[0]?.body).toMatchObject({
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
    expect(queue.sent).toHaveLength(0);
    expect(refreshes).toHaveLength(0);
  });
});
