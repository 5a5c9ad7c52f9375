import { WebClient } from '@slack/web-api';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MESSAGE_ID_ATTRIBUTE } from '../../../src/aws/sqs-queue.js';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import { SlackFiles } from '../../../src/slack/files.js';
import type { Task } from '../../../src/slack/tasks.js';
import { createWorker } from '../../../src/slack/worker.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { RecordingNotifier } from '../../fakes/notifier.js';
import {
  InMemoryDatasetIndex,
  InMemoryDatasetStore,
  InMemoryIdempotencyStore,
  InMemoryJobStore,
  InMemoryProposalStore,
} from '../../fakes/stores.js';

function sqsEvent(id: string, body: Task | string): SQSEvent {
  return {
    Records: [
      {
        messageId: `m-${id}`,
        receiptHandle: 'r',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 's',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {
          [MESSAGE_ID_ATTRIBUTE]: {
            dataType: 'String',
            stringValue: id,
            stringListValues: [],
            binaryListValues: [],
          },
        },
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

function setup() {
  const clock = new FixedClock();
  const notifier = new RecordingNotifier();
  const logger = new RecordingLogger();
  const worker = createWorker({
    notifier,
    // Never called here: these tests share no files.
    files: new SlackFiles({
      client: new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/' }),
      botToken: 'xoxb-unused',
      allowedOrigins: [],
      maxBytes: 0,
    }),
    datasets: new InMemoryDatasetIndex(),
    jobs: new InMemoryJobStore(),
    proposals: new InMemoryProposalStore(),
    idempotency: new InMemoryIdempotencyStore(clock),
    customizer: new ScriptedCustomizer(),
    datasetStore: new InMemoryDatasetStore(),
    bedrockRoleArn: 'arn:aws:iam::111122223333:role/bedrock',
    clock,
    logger,
  });
  return { worker, notifier, logger };
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
});
