/**
 * The deploy's timing rules in one table. Each relates a number of serverless.yml (a function's
 * timeout, the queue's visibility timeout and receive count) to a constant of the code that relies
 * on it (a lease, a give-up time); when either side changes, the rule that broke says so by name.
 * A new rule is a row here, beside the comment that states it in the code.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { BEDROCK_REQUEST_TIMEOUT_MS, BEDROCK_RUNTIME_IDLE_TIMEOUT_MS } from '../../../src/aws/clients.js';
import { ANNOUNCE_LEASE_SECONDS } from '../../../src/core/jobs/announce.js';
import { STARTING_TIMEOUT_MS } from '../../../src/core/jobs/watch.js';
import { REQUESTED_TIMEOUT_MS } from '../../../src/core/serving/watch.js';
import {
  QUEUE_MAX_RECEIVES,
  LEASE_SECONDS as WORKER_LEASE_SECONDS,
  WORKER_TIMEOUT_SECONDS,
} from '../../../src/slack/worker.js';
import { loadServerlessConfig } from './serverless-template.js';

const config = loadServerlessConfig();

function timeoutOf(name: string): number {
  const definition = config.functions[name];
  if (!definition) throw new Error(`serverless.yml declares no function ${name}`);
  return definition.timeout;
}

const queue = z
  .object({
    Properties: z.object({
      VisibilityTimeout: z.number(),
      RedrivePolicy: z.object({ maxReceiveCount: z.number() }),
    }),
  })
  .parse(config.resources.Resources.WorkQueue).Properties;

/** Every number the rules use, in seconds. */
const seconds = {
  slackTimeout: timeoutOf('slack'),
  workerTimeout: timeoutOf('worker'),
  watchTimeout: timeoutOf('watch'),
  visibilityTimeout: queue.VisibilityTimeout,
  maxReceiveCount: queue.RedrivePolicy.maxReceiveCount,
  workerLease: WORKER_LEASE_SECONDS,
  workerTimeoutInCode: WORKER_TIMEOUT_SECONDS,
  lastAttemptInCode: QUEUE_MAX_RECEIVES,
  announceLease: ANNOUNCE_LEASE_SECONDS,
  startingTimeout: STARTING_TIMEOUT_MS / 1000,
  requestedTimeout: REQUESTED_TIMEOUT_MS / 1000,
  bedrockRequestTimeout: BEDROCK_REQUEST_TIMEOUT_MS / 1000,
  bedrockRuntimeIdleTimeout: BEDROCK_RUNTIME_IDLE_TIMEOUT_MS / 1000,
  /** The SDK's default (standard retry mode), which tune's clients keep: src/handlers/runtime.ts sets no maxAttempts. */
  sdkAttempts: 3,
};
type Seconds = typeof seconds;

interface TimingRule {
  rule: string;
  why: string;
  holds: (s: Seconds) => boolean;
  /** The rule with its numbers, for the failure message. */
  numbers: (s: Seconds) => string;
}

const RULES: TimingRule[] = [
  {
    rule: "the worker's timeout in the code (src/slack/worker.ts) is the function's",
    why: 'it is the lease a run takes when Lambda gives no remaining time',
    holds: (s) => s.workerTimeoutInCode === s.workerTimeout,
    numbers: (s) => `${s.workerTimeoutInCode} = ${s.workerTimeout}`,
  },
  {
    rule: "the worker's last attempt (src/slack/worker.ts) is the queue's last receive",
    why: 'the person is told on the delivery after which the message goes to the dead-letter queue',
    holds: (s) => s.lastAttemptInCode === s.maxReceiveCount,
    numbers: (s) => `${s.lastAttemptInCode} = ${s.maxReceiveCount}`,
  },
  {
    rule: 'the slack function times out before API Gateway does',
    why: 'an HTTP API integration gives up after 30 s, and Slack itself after 3 s',
    holds: (s) => s.slackTimeout < 30,
    numbers: (s) => `${s.slackTimeout} < 30`,
  },
  {
    rule: 'the queue hides a received message for at least six worker timeouts',
    why: 'Lambda advises it for SQS event sources, so a message is not handed out again while a run may still hold it',
    holds: (s) => s.visibilityTimeout >= 6 * s.workerTimeout,
    numbers: (s) => `${s.visibilityTimeout} >= 6 × ${s.workerTimeout}`,
  },
  {
    rule: 'the worker lease (src/slack/worker.ts) outlasts a worker run',
    why: 'a duplicate delivery that arrives while the first run is still working finds the lease and is dropped',
    holds: (s) => s.workerLease > s.workerTimeout,
    numbers: (s) => `${s.workerLease} > ${s.workerTimeout}`,
  },
  {
    rule: 'the worker lease ends before the queue hands the message out again',
    why: 'when a run died, the redelivery after the visibility timeout finds the lease expired and does the work',
    holds: (s) => s.workerLease < s.visibilityTimeout,
    numbers: (s) => `${s.workerLease} < ${s.visibilityTimeout}`,
  },
  {
    rule: 'the Starting timeout (src/core/jobs/watch.ts) outlasts every delivery of a start task',
    why: 'the watch must never give up on a start that the queue may still deliver and the worker still make',
    holds: (s) => s.startingTimeout > s.visibilityTimeout * s.maxReceiveCount + s.workerTimeout,
    numbers: (s) =>
      `${s.startingTimeout} > ${s.visibilityTimeout} × ${s.maxReceiveCount} + ${s.workerTimeout}`,
  },
  {
    rule: 'the Requested timeout of endpoints (src/core/serving/watch.ts) outlasts every delivery of a deploy press',
    why: 'the watch must never give up on an endpoint that the queue may still deliver and the worker still create',
    holds: (s) => s.requestedTimeout > s.visibilityTimeout * s.maxReceiveCount + s.workerTimeout,
    numbers: (s) =>
      `${s.requestedTimeout} > ${s.visibilityTimeout} × ${s.maxReceiveCount} + ${s.workerTimeout}`,
  },
  {
    rule: 'the announcement lease (src/core/jobs/announce.ts) outlasts a worker run',
    why: 'a worker that claimed an announcement holds it until its run ends at the latest, so a watch run never posts it a second time',
    holds: (s) => s.announceLease >= s.workerTimeout,
    numbers: (s) => `${s.announceLease} >= ${s.workerTimeout}`,
  },
  {
    rule: 'the announcement lease outlasts a watch run',
    why: 'the same for a watch run that claimed it, against the worker and the next watch run',
    holds: (s) => s.announceLease >= s.watchTimeout,
    numbers: (s) => `${s.announceLease} >= ${s.watchTimeout}`,
  },
  {
    rule: 'a hung Bedrock control-plane call (src/aws/clients.ts), every attempt of it, ends within half a watch run',
    why: 'a Bedrock that does not answer must end as a retryable error the run reports, not as the Lambda killed mid-run',
    holds: (s) => s.sdkAttempts * s.bedrockRequestTimeout <= s.watchTimeout / 2,
    numbers: (s) => `${s.sdkAttempts} × ${s.bedrockRequestTimeout} <= ${s.watchTimeout} / 2`,
  },
  {
    rule: 'a silent Bedrock runtime call (src/aws/clients.ts), every attempt of it, ends within a worker run',
    why: 'the same for an evaluation or an answer whose model stopped writing',
    holds: (s) => s.sdkAttempts * s.bedrockRuntimeIdleTimeout < s.workerTimeout,
    numbers: (s) => `${s.sdkAttempts} × ${s.bedrockRuntimeIdleTimeout} < ${s.workerTimeout}`,
  },
];

describe('timing rules between serverless.yml and the code', () => {
  for (const { rule, why, holds, numbers } of RULES) {
    it(rule, () => {
      expect(holds(seconds), `broken: ${rule} (${numbers(seconds)} does not hold): ${why}`).toBe(true);
    });
  }
});
