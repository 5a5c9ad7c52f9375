import { describe, expect, it } from 'vitest';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import type { Task } from '../../../src/slack/tasks.js';
import { createWorker } from '../../../src/slack/worker.js';
import { fakeWorkerDependencies, sqsEvent } from '../../fakes/worker.js';
import { inProgressJob } from '../core/jobs-fixture.js';

function setup() {
  const { dependencies, notifier, logger, clock, idempotency, proposals, customizer } =
    fakeWorkerDependencies();
  const worker = createWorker(dependencies);
  return { worker, notifier, logger, clock, idempotency, proposals, customizer };
}

const mention: Task = {
  kind: 'mention',
  teamId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  text: '<@UBOT> hello',
  ts: '1.000001',
};

describe('worker', () => {
  it('answers a mention in its thread', async () => {
    const { worker, notifier } = setup();
    const response = await worker(sqsEvent('event:E1', mention));
    expect(response.batchItemFailures).toEqual([]);
    expect(notifier.sent).toMatchObject([{ kind: 'post', channelId: 'C1', threadTs: '1.000001' }]);
  });

  it('runs a redelivered message once', async () => {
    const { worker, notifier } = setup();
    await worker(sqsEvent('event:E1', mention));
    await worker(sqsEvent('event:E1', mention));
    expect(notifier.sent).toHaveLength(1);
  });

  it('reports a retryable failure to SQS and runs the redelivery', async () => {
    const { worker, notifier } = setup();
    notifier.failNext = 1;
    const original = notifier.post.bind(notifier);
    notifier.post = async (...args) => {
      if (notifier.failNext > 0) {
        notifier.failNext--;
        throw new UpstreamUnavailableError('Slack is down');
      }
      return original(...args);
    };

    const first = await worker(sqsEvent('event:E2', mention));
    const second = await worker(sqsEvent('event:E2', mention));

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'm-event:E2' }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
  });

  it('drops a message it cannot read instead of retrying it forever', async () => {
    const { worker, logger } = setup();
    const response = await worker(sqsEvent('x', '{"kind":"nonsense"}'));
    expect(response.batchItemFailures).toEqual([]);
    expect(logger.entries.some((entry) => entry.message === 'dropped an unreadable queue message')).toBe(
      true,
    );
  });

  it('publishes the Home tab with an empty state for a user without jobs', async () => {
    const { worker, notifier } = setup();
    await worker(sqsEvent('event:E3', { kind: 'home', teamId: 'T1', userId: 'U1' }));
    const home = notifier.sent[0];
    expect(home?.kind).toBe('home');
    expect(JSON.stringify(home)).toContain('No jobs yet');
  });

  it('leaves a delivery another run is working on to that run', async () => {
    const { worker, notifier } = setup();
    let release: () => void = () => {};
    const original = notifier.post.bind(notifier);
    notifier.post = async (...args) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return original(...args);
    };
    const first = worker(sqsEvent('event:E4', mention));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const during = await worker(sqsEvent('event:E4', mention));
    release();
    await first;
    notifier.post = original;

    expect(during.batchItemFailures).toEqual([{ itemIdentifier: 'm-event:E4' }]);
    expect(notifier.sent).toHaveLength(1);
  });

  it('takes over a delivery whose run died holding it, once the lease has expired', async () => {
    const { worker, notifier, clock, idempotency } = setup();
    // A run took the message with a 5.5-minute lease and was killed.
    await idempotency.acquire('run:event:E5', 330);

    const tooEarly = await worker(sqsEvent('event:E5', mention, 2));
    clock.advance(331_000);
    const takenOver = await worker(sqsEvent('event:E5', mention, 3));

    expect(tooEarly.batchItemFailures).toHaveLength(1);
    expect(takenOver.batchItemFailures).toHaveLength(0);
    expect(notifier.sent).toHaveLength(1);
  });

  it('tells the person on the last attempt of a failure that may pass, and lets the message go to the dead-letter queue', async () => {
    const { worker, notifier } = setup();
    const original = notifier.respond.bind(notifier);
    // Slack refuses every answer but the last word, which gets through.
    notifier.respond = async (url, message) => {
      if (!message.text.includes('gave up')) throw new UpstreamUnavailableError('Slack is down');
      return original(url, message);
    };
    const command: Task = {
      kind: 'command',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U1',
      text: 'list',
      responseUrl: 'https://hooks.slack.test/r1',
      triggerId: 't1',
    };
    const early = await worker(sqsEvent('command:t1', command, 1));
    const toldEarly = notifier.sent.length;
    const last = await worker(sqsEvent('command:t1', command, 3));

    expect(early.batchItemFailures).toHaveLength(1);
    expect(toldEarly).toBe(0);
    expect(last.batchItemFailures).toHaveLength(1);
    expect(notifier.sent).toMatchObject([
      { kind: 'respond', message: { text: expect.stringContaining('gave up') } },
    ]);
  });

  it('explains an unexpected error at once and does not retry it', async () => {
    const { worker, notifier } = setup();
    const original = notifier.post.bind(notifier);
    let calls = 0;
    notifier.post = async (...args) => {
      calls++;
      if (calls === 1) throw new TypeError('a bug');
      return original(...args);
    };
    const response = await worker(sqsEvent('event:E6', mention));
    const again = await worker(sqsEvent('event:E6', mention));

    expect(response.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({
      kind: 'post',
      message: { text: expect.stringContaining('Something went wrong') },
    });
  });

  it('shows a Home tab that could not be built as an error, not as nothing', async () => {
    const { worker, notifier } = setup();
    const original = notifier.publishHome.bind(notifier);
    let calls = 0;
    notifier.publishHome = async (...args) => {
      calls++;
      if (calls === 1) throw new TypeError('a bug');
      return original(...args);
    };
    await worker(sqsEvent('event:E7', { kind: 'home', teamId: 'T1', userId: 'U1' }));
    expect(notifier.sent).toMatchObject([{ kind: 'home' }]);
    expect(JSON.stringify(notifier.sent[0])).toContain('Open the tab again');
  });

  it("tells a Start's job thread, not only the presser, when Bedrock stayed unreachable to the last attempt", async () => {
    const { worker, notifier, proposals, customizer } = setup();
    await proposals.create(proposalFor('p-dlq'));
    for (let attempt = 0; attempt < 3; attempt++) {
      customizer.createJobErrors.push(new UpstreamUnavailableError('Bedrock 503'));
    }
    const press: Task = {
      kind: 'press',
      action: 'start_confirm',
      teamId: 'T1',
      channelId: 'C1',
      userId: 'U-admin',
      value: 'p-dlq',
      actionTs: '1.5',
      responseUrl: 'https://hooks.slack.test/p',
    };

    for (const receive of [1, 2, 3]) await worker(sqsEvent('press:p-dlq', press, receive));

    const card = notifier.sent.find((sent) => sent.kind === 'post' && !sent.threadTs);
    const inThread = notifier.sent.filter(
      (sent) => sent.kind === 'post' && card?.kind === 'post' && sent.threadTs === card.ts,
    );
    expect(inThread).toHaveLength(1);
    expect(JSON.stringify(inThread[0])).toContain('gave up');
  });

  it("speaks for a finished job's follow-up in its job's workspace, and drops it where tune is no longer installed", async () => {
    // Prepare: the job belongs to team T1, which has uninstalled tune (no dependencies for it).
    const { dependencies, jobs, logger } = fakeWorkerDependencies();
    await jobs.create(inProgressJob());
    const asked: string[] = [];
    const worker = createWorker(dependencies, async (teamId) => {
      asked.push(teamId);
      return undefined;
    });

    // Act
    const response = await worker(sqsEvent('job-finished:j1', { kind: 'job-finished', jobId: 'j1' }));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(asked).toEqual(['T1']);
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'dropped a request from a workspace tune is not installed in',
      details: { id: 'job-finished:j1', kind: 'job-finished', teamId: 'T1' },
    });
  });
});

function proposalFor(proposalId: string) {
  return {
    proposalId,
    status: 'proposed' as const,
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    createdAt: '2026-11-26T12:00:00.000Z',
    dataset: {
      datasetId: 'd1',
      name: 'train.jsonl',
      key: 'datasets/T1/C1/d1.jsonl',
      records: 10,
      tokens: 500,
      exactTokens: false,
    },
    modelId: 'amazon.nova-micro-v1:0:128k',
    modelName: 'Nova Micro',
    legacyModel: false,
    customizationType: 'FINE_TUNING' as const,
    customModelName: 'support-bot',
    hyperParameters: { epochCount: '2' },
    estimate: { billedTokens: 1000, usd: 0.0004, low: 0.0003, high: 0.0004, notes: [] },
  };
}
