/**
 * How an evaluation is offered and asked for: the completion line (agreed at Start, an Evaluate
 * button with its price, or why not), the Evaluate press (same channel, authorized people, once
 * per button however often pressed), and `/tune eval` (priced on the records themselves, never on
 * the training data).
 */
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../../src/core/intake/dataset-entry.js';
import type { Job, Transition } from '../../../src/core/jobs/job.js';
import { jobUpdateMessage } from '../../../src/slack/blocks/job-card.js';
import { runCommand } from '../../../src/slack/tasks/command.js';
import { runPress } from '../../../src/slack/tasks/press.js';
import type { TaskOf } from '../../../src/slack/tasks.js';
import { fakeWorkerDependencies } from '../../fakes/worker.js';

const COMPLETED: Transition = {
  version: 3,
  from: 'InProgress',
  to: 'Completed',
  at: '2026-11-26T11:00:00.000Z',
};
const SPLIT = {
  key: 'datasets/T1/C1/faq.validation.jsonl',
  name: 'faq.jsonl (split)',
  records: 30,
  source: 'split',
} as const;
const ESTIMATE = {
  records: 30,
  inputTokens: 1200,
  outputTokens: 2400,
  usd: 0.0004,
  basis: 'average',
} as const;

function completedJob(overrides: Partial<Job> = {}): Job {
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
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1', messageTs: '1700000000.000100' },
    evaluation: { heldOut: SPLIT, whenDone: false, estimate: ESTIMATE },
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T11:00:00.000Z',
    version: 3,
    transitions: [COMPLETED],
    announcedVersion: 3,
    status: 'Completed',
    jobArn: 'arn:aws:bedrock:us-east-1:111122223333:model-customization-job/job1',
    customModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/job1',
    endedAt: '2026-11-26T11:00:00.000Z',
    ...overrides,
  } as Job;
}

function dataset(overrides: Partial<DatasetEntry>): DatasetEntry {
  return {
    datasetId: 'aaaabbbbcccc',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    name: 'faq.jsonl',
    key: 'datasets/T1/C1/faq.jsonl',
    reportKey: 'datasets/T1/C1/faq.report.json',
    customizationType: 'FINE_TUNING',
    format: 'bedrock-conversation-2024',
    modelId: 'amazon.nova-micro-v1:0:128k',
    valid: true,
    records: 70,
    bytes: 9000,
    tokens: { total: 3000, max: 60, p95: 50, exact: false },
    errorCount: 0,
    warningCount: 0,
    estimatedCostUsd: null,
    epochs: 2,
    source: 'slack-file',
    createdAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

const conversations = (count: number) =>
  `${Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: [{ text: `Question ${index}?` }] },
        { role: 'assistant', content: [{ text: `Answer ${index}.` }] },
      ],
    }),
  ).join('\n')}\n`;

const now = new Date('2026-11-26T11:00:00Z');

describe('the completion line', () => {
  it('offers Evaluate with its price, confirmed in a dialog, when it was not agreed at Start', () => {
    // Act
    const message = JSON.stringify(jobUpdateMessage(completedJob(), COMPLETED, now));

    // Assess
    expect(message).toContain(
      'Compare it with its base model on 30 held-out records of faq.jsonl (split): about $0.0004',
    );
    expect(message).toContain('"action_id":"evaluate_confirm"');
    expect(message).toContain('"value":"{\\"job\\":\\"job1\\"}"');
    expect(message).toContain("Both models' tokens are billed: about $0.0004");
  });

  it('says the comparison comes next when agreed at Start, and why not when it cannot run', () => {
    // Act
    const agreed = JSON.stringify(
      jobUpdateMessage(
        completedJob({ evaluation: { heldOut: SPLIT, whenDone: true, estimate: ESTIMATE } }),
        COMPLETED,
        now,
      ),
    );
    const unavailable = JSON.stringify(
      jobUpdateMessage(
        completedJob({ evaluation: { whenDone: false, unavailable: 'no held-out data.' } }),
        COMPLETED,
        now,
      ),
    );

    // Assess
    expect(agreed).toContain(
      'Comparing it with its base model on 30 held-out records next, as agreed when it was started',
    );
    expect(agreed).not.toContain('evaluate_confirm');
    expect(unavailable).toContain('Not evaluated: no held-out data. `/tune eval job1 <dataset>`');
    expect(unavailable).not.toContain('evaluate_confirm');
  });
});

describe('pressing Evaluate', () => {
  function press(overrides: Partial<TaskOf<'press'>> = {}): TaskOf<'press'> {
    return {
      kind: 'press',
      action: 'evaluate_confirm',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U-admin',
      value: JSON.stringify({ job: 'job1' }),
      actionTs: '1700000100.000001',
      messageTs: '1700000050.000001',
      ...overrides,
    };
  }

  it('queues one evaluation of the job’s held-out data for two presses of the same button', async () => {
    // Prepare
    const { dependencies, jobs, queue } = fakeWorkerDependencies();
    await jobs.create(completedJob());

    // Act
    await runPress(press(), dependencies);
    await runPress(press({ actionTs: '1700000101.000001' }), dependencies);

    // Assess
    expect(new Set(queue.sent.map((message) => message.id)).size).toBe(1);
    expect(queue.sent[0]?.body).toMatchObject({
      kind: 'evaluation',
      jobId: 'job1',
      heldOut: SPLIT,
      part: 1,
      userId: 'U-admin',
    });
  });

  it('refuses someone not allowed to spend, and a button carried into another channel, queueing nothing', async () => {
    // Prepare
    const { dependencies, jobs, queue } = fakeWorkerDependencies();
    await jobs.create(completedJob());

    // Act
    const unauthorized = runPress(press({ userId: 'U-bob' }), dependencies);
    const elsewhere = runPress(press({ channelId: 'C2' }), dependencies);

    // Assess
    await expect(unauthorized).rejects.toThrow(
      'Only the people your workspace admin allowed can evaluate tuned models',
    );
    await expect(elsewhere).rejects.toThrow('belongs to a message in another channel');
    expect(queue.sent).toEqual([]);
  });
});

describe('/tune eval', () => {
  function eval_(text: string): TaskOf<'command'> {
    return {
      kind: 'command',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U1',
      text,
      responseUrl: 'https://response',
      triggerId: 't1',
    };
  }

  it('posts the price counted on the records of a test file, with Evaluate, in the channel', async () => {
    // Prepare
    const { dependencies, jobs, datasets, datasetStore, notifier } = fakeWorkerDependencies();
    await jobs.create(completedJob());
    await datasets.put(
      dataset({
        datasetId: 'ddddeeeeffff',
        name: 'test.jsonl',
        key: 'datasets/T1/C1/test.jsonl',
        records: 12,
      }),
    );
    await datasetStore.put('datasets/T1/C1/test.jsonl', conversations(12));

    // Act
    await runCommand(eval_('eval job1 test.jsonl'), dependencies);

    // Assess
    const answer = JSON.stringify(notifier.sent.at(-1));
    expect(answer).toContain('with its base model on 12 held-out records of test.jsonl: about $');
    expect(answer).toContain('"action_id":"evaluate_confirm"');
    expect(answer).toContain('{\\"job\\":\\"job1\\",\\"dataset\\":\\"test.jsonl\\"}');
  });

  it('refuses the data the model was trained on, and a job that has not completed', async () => {
    // Prepare
    const { dependencies, jobs, datasets, notifier } = fakeWorkerDependencies();
    await jobs.create(completedJob());
    await jobs.create(
      completedJob({ jobId: 'job2', status: 'InProgress', customModelName: 'training-job2' } as Partial<Job>),
    );
    await datasets.put(dataset({}));

    // Act
    await runCommand(eval_('eval job1 faq.jsonl'), dependencies);
    const trained = JSON.stringify(notifier.sent.at(-1));
    await runCommand(eval_('eval job2'), dependencies);
    const running = JSON.stringify(notifier.sent.at(-1));

    // Assess
    expect(trained).toContain('faq.jsonl is what support-bot-job1 was trained on');
    expect(running).toContain("only a completed job's model can be evaluated");
  });
});
