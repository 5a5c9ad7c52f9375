/**
 * What follows the end of a job, through the worker with fakes: the loss chart once per job in its
 * thread (or one plain line), nothing for a job that never trained, and the evaluation agreed to at
 * Start queued once.
 */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/jobs/job.js';
import { runJobFinished } from '../../../src/slack/tasks/job-finished.js';
import { createWorker } from '../../../src/slack/worker.js';
import { fakeWorkerDependencies, sqsEvent } from '../../fakes/worker.js';

const JOB_TS = '1700000000.000100';
const JOB_ARN = 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/abc123';
const OUTPUT = 'outputs/job1/model-customization-job-abc123/';

function finishedJob(overrides: Partial<Job> = {}): Job {
  return {
    jobId: 'job1',
    jobName: 'tune-support-job1',
    customModelName: 'support-bot-job1',
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    customizationType: 'FINE_TUNING',
    hyperParameters: { epochCount: '2' },
    trainingDataUri: 's3://memory-bucket/datasets/T1/C1/faq.jsonl',
    outputDataUri: 's3://memory-bucket/outputs/job1/',
    clientRequestToken: 'token',
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1', messageTs: JOB_TS },
    evaluation: {
      heldOut: { key: 'k/split.jsonl', name: 'faq.jsonl (split)', records: 20, source: 'split' },
      whenDone: true,
    },
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
    version: 3,
    transitions: [],
    announcedVersion: 3,
    status: 'Completed',
    jobArn: JOB_ARN,
    customModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/job1',
    endedAt: '2026-11-26T11:00:00.000Z',
    ...overrides,
  } as Job;
}

async function setup(job: Job = finishedJob()) {
  const fakes = fakeWorkerDependencies();
  await fakes.jobs.create(job);
  return { ...fakes, worker: createWorker(fakes.dependencies) };
}

async function writeMetrics(store: { put(key: string, body: string): Promise<void> }) {
  await store.put(
    `${OUTPUT}training_artifacts/step_wise_training_metrics.csv`,
    'step_number,epoch_number,training_loss,perplexity\n0,1,2.1,8.1\n1,1,1.7,5.4\n2,2,1.2,3.3\n3,2,0.9,2.4\n',
  );
  await store.put(
    `${OUTPUT}validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv`,
    'step_number,epoch_number,validation_loss,perplexity\n1,1,1.8,6.0\n3,2,1.1,3.0\n',
  );
}

describe('when a job has finished', () => {
  it('posts the loss chart in its thread once, however often it is delivered, then queues the evaluation once', async () => {
    // Prepare
    const { worker, notifier, datasetStore, queue, dependencies } = await setup();
    await writeMetrics(datasetStore);

    // Act: a delivery, its redelivery, and a hand-off of the same job under another message id.
    await worker(sqsEvent('job-finished:job1', { kind: 'job-finished', jobId: 'job1' }));
    await worker(sqsEvent('job-finished:job1', { kind: 'job-finished', jobId: 'job1' }, 2));
    await runJobFinished({ kind: 'job-finished', jobId: 'job1' }, dependencies);

    // Assess
    expect(notifier.sent).toEqual([
      { kind: 'file', channelId: 'C1', filename: 'loss-curves.png', threadTs: JOB_TS },
    ]);
    expect(new Set(queue.sent.map((message) => message.id)).size).toBe(1);
    expect(queue.sent[0]).toMatchObject({
      body: {
        kind: 'evaluation',
        jobId: 'job1',
        part: 1,
        heldOut: { key: 'k/split.jsonl' },
        threadTs: JOB_TS,
      },
    });
  }, 30_000);

  it('says in one line why there are no curves when the metrics files are missing', async () => {
    // Prepare
    const { worker, notifier } = await setup(finishedJob({ evaluation: { whenDone: false } }));

    // Act
    await worker(sqsEvent('job-finished:job1', { kind: 'job-finished', jobId: 'job1' }));

    // Assess
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ kind: 'post', threadTs: JOB_TS });
    expect(JSON.stringify(notifier.sent[0])).toContain(
      'No loss curves for support-bot-job1: No training loss: Bedrock wrote no step_wise_training_metrics.csv for this job.',
    );
  });

  it('says in one line that a metrics file is malformed, naming the line', async () => {
    // Prepare
    const { worker, notifier, datasetStore } = await setup(
      finishedJob({ status: 'Stopped' } as Partial<Job>),
    );
    await datasetStore.put(
      `${OUTPUT}training_artifacts/step_wise_training_metrics.csv`,
      'step_number,epoch_number,training_loss\n0,1,abc\n',
    );

    // Act
    await worker(sqsEvent('job-finished:job1', { kind: 'job-finished', jobId: 'job1' }));

    // Assess
    expect(JSON.stringify(notifier.sent)).toContain('malformed at line 2');
  });

  it('posts nothing for a job that failed before training started, and queues no evaluation', async () => {
    // Prepare
    const failed = finishedJob({ status: 'Failed', failureMessage: 'bad data' } as Partial<Job>);
    const { worker, notifier, queue, customizer } = await setup(failed);
    customizer.script(JOB_ARN, {
      status: 'Failed',
      failureMessage: 'bad data',
      stages: { validation: { status: 'Failed' }, training: { status: 'NotStarted' } },
    });

    // Act
    await worker(sqsEvent('job-finished:job1', { kind: 'job-finished', jobId: 'job1' }));

    // Assess
    expect(notifier.sent).toEqual([]);
    expect(queue.sent).toEqual([]);
  });
});
