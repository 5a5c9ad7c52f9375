import { describe, expect, it } from 'vitest';
import type { PendingUpload, UploadStore } from '../../../src/core/intake/upload.js';
import type { CustomModelDeploymentInfo } from '../../../src/core/ports.js';
import { finishedJobFollowUp } from '../../../src/slack/follow-ups.js';
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
  customizer.deployments = [
    deployment('tune-eval-eold', clock.now().getTime() - 7 * 60 * 60 * 1000),
    deployment('tune-eval-enew', clock.now().getTime() - 10 * 60 * 1000),
    deployment('support-bot-answers', clock.now().getTime() - 30 * 24 * 60 * 60 * 1000),
  ];
  const run = createWatchRun({
    jobs,
    idempotency: new InMemoryIdempotencyStore(clock),
    customizer,
    clock,
    logger: new RecordingLogger(),
    announce: async () => {},
    followUp: finishedJobFollowUp(queue),
    sleep: async () => {},
    uploads,
    datasetStore,
    queue,
  });
  return { run, jobs, queue, job, customizer };
}

function deployment(name: string, createdAt: number): CustomModelDeploymentInfo {
  return {
    deploymentArn: `arn:aws:bedrock:us-east-1:111122223333:custom-model-deployment/${name}`,
    deploymentName: name,
    modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/x',
    status: 'Active',
    createdAt: new Date(createdAt),
  };
}

describe('a watch run', () => {
  it('on the schedule, refreshes jobs and queues arrived uploads for checking with their options', async () => {
    const { run, jobs, queue, job } = await setup();
    const result = await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(result).toMatchObject({ changed: 1, uploadsQueued: 1 });
    expect((await jobs.get(job.jobId))?.status).toBe('Completed');
    expect(queue.sent.find((message) => message.body.kind === 'dataset')?.body).toMatchObject({
      kind: 'dataset',
      text: '--split 0.1',
      file: { from: 'upload', name: 'big.jsonl' },
    });
  });

  it('on a Bedrock event, refreshes jobs but leaves uploads to the schedule', async () => {
    const { run, queue } = await setup();
    const result = await run({
      source: 'aws.bedrock',
      'detail-type': 'Model Customization Job State Change',
      detail: { jobName: 'tune-j1', jobStatus: 'Completed' },
    });
    expect(result).toMatchObject({ changed: 1, uploadsQueued: 0, deploymentsDeleted: 0 });
    expect(queue.sent.map((message) => message.body.kind)).toEqual(['job-finished']);
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

  it('deletes evaluation deployments a crash left behind, and nothing else', async () => {
    // Prepare
    const { run, customizer } = await setup();

    // Act
    const result = await run({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

    // Assess
    expect(result.deploymentsDeleted).toBe(1);
    expect(customizer.deployments?.map((left) => left.deploymentName)).toEqual([
      'tune-eval-enew',
      'support-bot-answers',
    ]);
  });
});
