/**
 * The evaluation as a queued task, through the real worker with fakes behind every port: the
 * thread gets one progress message that becomes the result and one file; redeliveries post once
 * and pay once; throttling slows it down; a run that runs out of time hands the rest on; the
 * temporary deployment goes whatever happens.
 */
import { describe, expect, it } from 'vitest';
import { ThrottledError, UpstreamRejectedError } from '../../../src/core/errors.js';
import { evaluationIdFor } from '../../../src/core/evaluation/evaluate-job.js';
import type { HeldOut } from '../../../src/core/evaluation/offer.js';
import type { Job } from '../../../src/core/jobs/job.js';
import type { GenerateRequest } from '../../../src/core/ports.js';
import { runEvaluationTask } from '../../../src/slack/tasks/evaluation.js';
import type { Task, TaskOf } from '../../../src/slack/tasks.js';
import { createWorker } from '../../../src/slack/worker.js';
import { ThrottlingModelRuntime } from '../../fakes/model-runtime.js';
import { fakeWorkerDependencies, sqsEvent } from '../../fakes/worker.js';

const BASE = 'amazon.nova-micro-v1:0';
const HELD_OUT: HeldOut = {
  key: 'datasets/T1/C1/faq.validation.jsonl',
  name: 'faq.jsonl (split)',
  records: 30,
  source: 'split',
};
const JOB_TS = '1700000000.000100';

function completedJob(): Job {
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
    evaluation: { heldOut: HELD_OUT, whenDone: true },
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
    version: 3,
    transitions: [],
    announcedVersion: 3,
    status: 'Completed',
    jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/job1',
    customModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/job1',
    endedAt: '2026-11-26T11:00:00.000Z',
  };
}

/** 30 support conversations; the tuned model answers each with its reference, the base shrugs. */
function heldOutConversations(): { text: string; references: Map<string, string> } {
  const references = new Map<string, string>();
  const lines: string[] = [];
  for (let index = 0; index < 30; index++) {
    const question = `How do I reset the password of account number ${index}?`;
    const answer = `Open Settings, choose Security, press Reset password for account ${index} and follow the emailed link.`;
    references.set(question, answer);
    lines.push(
      JSON.stringify({
        schemaVersion: 'bedrock-conversation-2024',
        messages: [
          { role: 'user', content: [{ text: question }] },
          { role: 'assistant', content: [{ text: answer }] },
        ],
      }),
    );
  }
  return { text: `${lines.join('\n')}\n`, references };
}

const TUNED = 'arn:deployment/job1';

async function setup() {
  const fakes = fakeWorkerDependencies();
  const { text, references } = heldOutConversations();
  await fakes.jobs.create(completedJob());
  await fakes.datasetStore.put(HELD_OUT.key, text);
  fakes.runtime
    .answer(BASE, () => 'I am not sure; please contact support by email.')
    .answer(TUNED, (request: Omit<GenerateRequest, 'family'>) => references.get(request.prompt) ?? 'unknown');
  const task: TaskOf<'evaluation'> = {
    kind: 'evaluation',
    requestId: 'req1',
    jobId: 'job1',
    heldOut: HELD_OUT,
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U-admin',
    threadTs: JOB_TS,
    part: 1,
  };
  return { ...fakes, task, worker: createWorker(fakes.dependencies) };
}

const inThread = (notification: { kind: string; threadTs?: string }) => notification.threadTs === JOB_TS;

describe('the evaluation task', () => {
  it('posts one progress message that becomes the result, attaches the records, records the headline and removes the deployment', async () => {
    // Prepare
    const { worker, task, notifier, jobs, customModels, evaluationServing } = await setup();

    // Act
    const response = await worker(sqsEvent('evaluation:req1:1', task));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const posts = notifier.sent.filter((sent) => sent.kind === 'post');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channelId: 'C1', threadTs: JOB_TS });
    const progressTs = posts[0]?.kind === 'post' ? posts[0].ts : '';
    const updates = notifier.sent.filter((sent) => sent.kind === 'update' && sent.ts === progressTs);
    expect(JSON.stringify(updates.at(-1))).toContain('Did tuning help?');
    expect(JSON.stringify(updates.at(-1))).toContain('Tuned is better on all four metrics');
    expect(notifier.sent.filter((sent) => sent.kind === 'file')).toEqual([
      { kind: 'file', channelId: 'C1', filename: 'support-bot-job1-evaluation.jsonl', threadTs: JOB_TS },
    ]);
    const job = await jobs.get('job1');
    expect(job?.evaluated).toMatchObject({ records: 30 });
    expect(job?.evaluated?.meteor.tuned).toBeGreaterThan(job?.evaluated?.meteor.base ?? 1);
    expect(customModels.models.get('job1')?.evaluation).toEqual(job?.evaluated);
    expect(notifier.sent.some((sent) => sent.kind === 'update' && sent.ts === JOB_TS)).toBe(true);
    expect(evaluationServing.live.size).toBe(0);
    expect(notifier.sent.filter(inThread)).toHaveLength(2);
  });

  it('posts once and asks no model again when the request is delivered again', async () => {
    // Prepare
    const { worker, task, notifier, runtime, dependencies } = await setup();
    await worker(sqsEvent('evaluation:req1:1', task));
    const sentBefore = notifier.sent.length;
    const callsBefore = runtime.calls.length;

    // Act: the queue's redelivery (dropped by the worker), then the same request run again past
    // the worker's record (kept a day), as a redelivery days later would be.
    await worker(sqsEvent('evaluation:req1:1', task, 2));
    await runEvaluationTask(task, dependencies, {
      lastAttempt: false,
      deadline: new Date(Date.parse('2026-11-26T12:05:00Z')),
    });

    // Assess
    expect(notifier.sent.length).toBe(sentBefore);
    expect(runtime.calls.length).toBe(callsBefore);
  });

  it('evaluates the same records again for a later request, on an endpoint of its own, asking no model twice', async () => {
    // Prepare: a first request evaluated to the end, its endpoint released.
    const { worker, task, notifier, runtime, evaluationServing } = await setup();
    await worker(sqsEvent('evaluation:req1:1', task));
    const callsBefore = runtime.calls.length;

    // Act: an Evaluate pressed later for the same held-out records.
    const later: TaskOf<'evaluation'> = { ...task, requestId: 'req2' };
    const response = await worker(sqsEvent('evaluation:req2:1', later));

    // Assess: a second result, from the kept answers, and nothing left serving.
    expect(response.batchItemFailures).toEqual([]);
    const results = notifier.sent.filter(
      (sent) =>
        sent.kind === 'update' && JSON.stringify(sent).includes('Tuned is better on all four metrics'),
    );
    expect(new Set(results.map((sent) => (sent.kind === 'update' ? sent.ts : '')).filter(Boolean)).size).toBe(
      2,
    );
    expect(JSON.stringify(notifier.sent)).not.toContain('released and deleted');
    expect(runtime.calls.length).toBe(callsBefore);
    expect(evaluationServing.live.size).toBe(0);
  });

  it('completes with 30% of the calls throttled, slowing down rather than failing records', async () => {
    // Prepare
    const { task, notifier, runtime, dependencies } = await setup();
    const throttling = new ThrottlingModelRuntime(runtime, 0.3);
    const worker = createWorker({ ...dependencies, runtime: throttling });

    // Act
    await worker(sqsEvent('evaluation:req1:1', task));

    // Assess
    expect(throttling.throttled).toBeGreaterThan(10);
    const result = JSON.stringify(notifier.sent.filter((sent) => sent.kind === 'update').at(-2));
    expect(result).toContain('30 records scored of 30 held-out');
    expect(result).not.toContain('failed');
  });

  it('counts and reports one record whose call keeps failing, and scores the rest', async () => {
    // Prepare
    const { worker, task, notifier, runtime } = await setup();
    runtime.answer(BASE, (request) =>
      request.prompt.includes('account number 7?')
        ? new UpstreamRejectedError('The model refused this input.')
        : 'I am not sure; please contact support by email.',
    );

    // Act
    await worker(sqsEvent('evaluation:req1:1', task));

    // Assess
    const result = JSON.stringify(notifier.sent.filter((sent) => sent.kind === 'update').at(-2));
    expect(result).toContain('29 records scored of 30 held-out');
    expect(result).toContain('1 failed (line 8, base: upstream_rejected: The model refused this input.)');
  });

  it('hands the rest to a continuation when its time runs out, and the continuation finishes without asking twice', async () => {
    // Prepare: each model call takes 10 s of the run's time.
    const { task, notifier, runtime, clock, queue, dependencies } = await setup();
    runtime.onCall = () => clock.advance(10_000);
    const deadline = new Date(clock.now().getTime() + 90_000 + 100_000);

    // Act
    await runEvaluationTask(task, dependencies, { lastAttempt: false, deadline });
    const continuation = queue.sent[0];
    const firstCalls = runtime.calls.length;
    await runEvaluationTask(continuation?.body as TaskOf<'evaluation'>, dependencies, {
      lastAttempt: false,
      deadline: new Date(clock.now().getTime() + 3_600_000),
    });

    // Assess
    expect(continuation).toMatchObject({ id: 'evaluation:req1:2', body: { part: 2, requestId: 'req1' } });
    expect(firstCalls).toBeGreaterThan(0);
    expect(firstCalls).toBeLessThan(60);
    expect(runtime.calls).toHaveLength(60);
    expect(notifier.sent.filter((sent) => sent.kind === 'post')).toHaveLength(1);
    expect(notifier.sent.filter((sent) => sent.kind === 'file')).toHaveLength(1);
    // Progress on the same message while it ran, at most every 5 s of its clock, in both parts.
    const progress = notifier.sent
      .filter((sent) => sent.kind === 'update')
      .map((sent) => (sent.kind === 'update' ? sent.message.text : ''))
      .filter((text) => / of 30 records done$/.test(text));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe('Evaluating support-bot-job1: 30 of 30 records done');
    expect(JSON.stringify(notifier.sent.at(-3))).toContain('30 records scored of 30 held-out');
  });

  it('removes the temporary deployment when it fails half-way for good, and says so on its message', async () => {
    // Prepare: the store of answers refuses after a few records (a non-retryable failure).
    const { worker, task, notifier, evaluationServing, evaluationResults } = await setup();
    const put = evaluationResults.put.bind(evaluationResults);
    evaluationResults.put = async (id, document) => {
      if (id.startsWith('e') && evaluationResults.puts >= 6) {
        throw new UpstreamRejectedError('Access denied writing the answers.');
      }
      return put(id, document);
    };

    // Act
    const response = await worker(sqsEvent('evaluation:req1:1', task));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(evaluationServing.calls.filter((call) => call.operation === 'release')).toHaveLength(1);
    expect(evaluationServing.live.size).toBe(0);
    expect(JSON.stringify(notifier.sent.at(-1))).toContain('was not evaluated');
    expect(notifier.sent.filter((sent) => sent.kind === 'file')).toEqual([]);
  });

  it('keeps the deployment for the retry of a failure that may pass, and removes it on the last attempt', async () => {
    // Prepare: every write of answers is throttled.
    const { worker, task, evaluationServing, evaluationResults } = await setup();
    const put = evaluationResults.put.bind(evaluationResults);
    evaluationResults.put = async (id, document) => {
      if (id.startsWith('e')) throw new ThrottledError('S3 is slowing down.');
      return put(id, document);
    };

    // Act
    const first = await worker(sqsEvent('evaluation:req1:1', task, 1));
    const live = evaluationServing.live.size;
    const last = await worker(sqsEvent('evaluation:req1:1', task, 3));

    // Assess
    expect(first.batchItemFailures).toHaveLength(1);
    expect(live).toBe(1);
    expect(last.batchItemFailures).toEqual([]);
    expect(evaluationServing.live.size).toBe(0);
  });

  it('waits for a deployment being made and hands on when it is not ready in time', async () => {
    // Prepare
    const { task, queue, evaluationServing, runtime, clock, dependencies } = await setup();
    evaluationServing.preparingPolls = 100;
    const waited: number[] = [];
    const slow = {
      ...dependencies,
      sleep: async (milliseconds: number) => {
        waited.push(milliseconds);
        clock.advance(milliseconds);
      },
    };

    // Act
    await runEvaluationTask(task, slow, {
      lastAttempt: false,
      deadline: new Date(clock.now().getTime() + 150_000),
    });

    // Assess
    expect(waited.length).toBeGreaterThan(0);
    expect(runtime.calls).toEqual([]);
    expect(queue.sent.map((message) => message.id)).toEqual(['evaluation:req1:2']);
    expect(evaluationServing.live.size).toBe(1);
  });

  it('says why and deploys nothing when the tuned model cannot be served for an evaluation', async () => {
    // Prepare
    const { worker, task, notifier, runtime, evaluationServing } = await setup();
    evaluationServing.refusal = 'models tuned on X answer only through Provisioned Throughput.';

    // Act
    await worker(sqsEvent('evaluation:req1:1', task));

    // Assess
    expect(runtime.calls).toEqual([]);
    expect(JSON.stringify(notifier.sent.at(-1))).toContain('only through Provisioned Throughput');
  });

  it('tells a second request for the same records that one is running, and leaves the running one alone', async () => {
    // Prepare
    const { task, notifier, idempotency, dependencies } = await setup();
    await idempotency.acquire(`evaluation:${evaluationIdFor('job1', HELD_OUT.key)}`, 600);
    const other: Task = { ...task, requestId: 'req2' };

    // Act
    await runEvaluationTask(other as TaskOf<'evaluation'>, dependencies, {
      lastAttempt: false,
      deadline: new Date(Date.parse('2026-11-26T12:05:00Z')),
    });

    // Assess
    expect(notifier.sent).toHaveLength(1);
    expect(JSON.stringify(notifier.sent[0])).toContain('running already');
  });
});
