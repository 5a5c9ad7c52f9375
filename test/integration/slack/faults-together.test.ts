/**
 * Faults together, over 20 seeded runs of the sandbox flow (share a file, `/tune start`, Start,
 * watch to Completed): the Bedrock emulator throttles or fails 30% of its calls, Slack answers
 * 20% of the bot's posts `ratelimited` with a Retry-After, and the worker is killed at a random
 * point of half its tasks (`Killer`), each from the run's seed. Each run must
 * end right (the job Completed, or the person told what gave up), say each line of its thread once,
 * and leave nothing in the dead-letter list that nobody was told about.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { seededRandom } from '../../../src/local/bedrock-emulator/random.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { LEASE_SECONDS } from '../../../src/slack/worker.js';
import { ALICE, jobStoreOf, sandboxOf } from '../../support/jobs.js';

const MINUTE = 60_000;
const RUNS = 20;
const clock = createManualClock(Date.UTC(2026, 10, 26, 6, 0));
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 5,
    logger: silentLogger,
    clock: { now: () => new Date(clock.now()) },
    emulator: { now: clock.now, trainingMs: 10 * MINUTE },
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
  const kill = { step: 'initialize', name: 'killMidTask' } as const;
  stack.clients.dynamodb.middlewareStack.add(killer.middleware as never, kill);
  stack.clients.s3.middlewareStack.add(killer.middleware as never, kill);
  stack.clients.bedrock.middlewareStack.add(killer.middleware as never, kill);
});
afterAll(async () => {
  await stack?.close();
});

function records(seed: number): string {
  return Array.from({ length: 20 }, (_, index) =>
    JSON.stringify({
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: [{ text: `Run ${seed}: how do I list bucket ${index}?` }] },
        { role: 'assistant', content: [{ text: `aws s3 ls s3://run-${seed}-${index}/` }] },
      ],
    }),
  )
    .map((line) => `${line}\n`)
    .join('');
}

/** Every text shown in the channel (threads included), ephemerals and response_url answers. */
function everythingSaid(): string[] {
  const sandbox = sandboxOf(stack);
  const messages = sandbox
    .messages(channel)
    .flatMap((message) => (message.reply_count ? sandbox.thread(channel, String(message.ts)) : [message]));
  return [...messages, ...sandbox.ephemerals(channel, ALICE)].map((message) => String(message.text ?? ''));
}

function queue() {
  return stack.queue;
}

/**
 * Kills the worker mid-task at a seeded point: armed for one step of a run, it lets the first
 * k − 1 AWS calls through (DynamoDB, S3, Bedrock: most of what a task awaits) and holds the k-th
 * forever, so nothing after it runs; the queue ends the delivery as a dead process, and the clock
 * moves past the dead run's lease, as SQS's visibility timeout (30 minutes) would.
 */
class Killer {
  kills = 0;
  private calls = 0;
  private killAt: number | undefined;
  private random: () => number = seededRandom(1);

  seed(seed: number): void {
    this.random = seededRandom(seed * 7919);
  }

  /** Runs `step` with a kill at a random call half the time; waits for the worker to finish. */
  async during<T>(step: () => Promise<T>): Promise<T> {
    this.calls = 0;
    this.killAt = this.random() < 0.5 ? 1 + Math.floor(this.random() * 12) : undefined;
    try {
      const result = await step();
      await stack.idle();
      return result;
    } finally {
      this.killAt = undefined;
    }
  }

  readonly middleware =
    <Input, Output>(next: (args: Input) => Promise<Output>) =>
    async (args: Input): Promise<Output> => {
      if (this.killAt !== undefined && ++this.calls === this.killAt) {
        this.killAt = undefined;
        this.kills++;
        clock.advance(LEASE_SECONDS * 1000 + MINUTE);
        setImmediate(() => queue().crashRunning());
        return new Promise<Output>(() => {});
      }
      return next(args);
    };
}
const killer = new Killer();

describe('Bedrock failing 30% of calls, Slack rate-limiting 20% of posts, the worker killed mid-task', () => {
  it(`ends ${RUNS} seeded runs right, says each line once and tells about everything given up`, async () => {
    const outcomes: string[] = [];
    for (let seed = 1; seed <= RUNS; seed++) {
      stack.emulator?.setFaults({ throttleRate: 0.15, serverErrorRate: 0.15, seed });
      sandboxOf(stack).setRateLimit({ ratio: 0.2, seed });
      const deadBefore = queue().deadLetters.length;

      killer.seed(seed);
      const shared = await killer.during(() =>
        sandboxOf(stack).shareFile({
          userId: ALICE,
          channelId: channel,
          filename: `run-${seed}.jsonl`,
          content: records(seed),
        }),
      );
      const index = new DynamoDatasetIndex({
        client: stack.clients.documents,
        tableName: stack.config.tableName,
      });
      const dataset = (await index.listByChannel('T0TUNE', channel, 100)).find(
        (entry) => entry.name === `run-${seed}.jsonl`,
      );
      const reportThread = sandboxOf(stack)
        .thread(channel, String(shared.message.ts))
        .filter((message) => message.user === sandboxOf(stack).botUserId)
        .map((message) => String(message.text));
      // The verdict replaces the "checking…" message: one answer, and no "checking…" left behind,
      // however often its posts were refused or its run was killed.
      expect(
        reportThread.filter((text) => /Checking|Validating|Converting/.test(text)),
        `run ${seed}`,
      ).toEqual([]);
      expect(
        reportThread.filter((text) => text.includes('is ready for')),
        `run ${seed}`,
      ).toHaveLength(dataset ? 1 : 0);
      if (!dataset) {
        outcomes.push(`run ${seed}: the share gave up`);
        continue;
      }

      const started = await killer.during(() =>
        sandboxOf(stack).slashCommand({
          userId: ALICE,
          channelId: channel,
          text: `start ${dataset.datasetId} --name run-${seed}`,
        }),
      );
      const proposal = [...sandboxOf(stack).messages(channel)]
        .reverse()
        .find(
          (message) =>
            JSON.stringify(message).includes(`run-${seed}`) &&
            JSON.stringify(message).includes('start_confirm'),
        );
      if (!proposal) {
        outcomes.push(
          `run ${seed}: the proposal gave up (${JSON.stringify(
            sandboxOf(stack)
              .responses(started.responseUrl ?? '')
              .at(-1)?.text,
          )})`,
        );
        continue;
      }
      // Start, and again as the person is told to when tune gave up on a press.
      for (let press = 1; press <= 3; press++) {
        const told = sandboxOf(stack).ephemerals(channel, ALICE).length;
        await killer.during(() =>
          sandboxOf(stack).clickButton({
            userId: ALICE,
            channelId: channel,
            messageTs: String(proposal.ts),
            actionId: 'start_confirm',
          }),
        );
        const gaveUp = sandboxOf(stack)
          .ephemerals(channel, ALICE)
          .slice(told)
          .some((message) => String(message.text).includes('Press again to retry'));
        if (!gaveUp) break;
        outcomes.push(`run ${seed}: press ${press} gave up, pressed again`);
      }
      const [job] = (await jobStoreOf(stack).listByChannel('T0TUNE', channel, 5)).filter((candidate) =>
        candidate.customModelName.startsWith(`run-${seed}`),
      );
      if (!job) {
        outcomes.push(`run ${seed}: the start gave up`);
        continue;
      }

      clock.advance(11 * MINUTE);
      for (let watch = 0; watch < 5; watch++) {
        await stack.runWatch();
        await stack.idle();
        clock.advance(MINUTE);
      }
      // Slack and Bedrock well again: what is still owed is said now, and only once.
      stack.emulator?.setFaults({});
      sandboxOf(stack).setRateLimit(undefined);
      await stack.runWatch();
      await stack.idle();

      const final = await jobStoreOf(stack).get(job.jobId);
      expect(final?.status, `run ${seed}`).toBe('Completed');
      const thread = sandboxOf(stack)
        .thread(channel, final?.place.messageTs ?? '')
        .map((message) => JSON.stringify(message));
      expect(
        thread.filter((text) => text.includes('Bedrock accepted the job')),
        `run ${seed}`,
      ).toHaveLength(1);
      expect(
        thread.filter((text) => text.includes('finished training')),
        `run ${seed}`,
      ).toHaveLength(1);

      const dead = queue().deadLetters.slice(deadBefore);
      outcomes.push(`run ${seed}: Completed, ${dead.length} dead-lettered`);
    }

    // Nothing dead-lettered that a person was not told about.
    const toldGaveUp = everythingSaid().filter((text) => text.includes('gave up'));
    expect(toldGaveUp.length).toBeGreaterThanOrEqual(queue().deadLetters.length);
    // The faults were there.
    expect(sandboxOf(stack).rateLimitedCount()).toBeGreaterThan(0);
    expect(killer.kills).toBeGreaterThanOrEqual(RUNS);
    expect(queue().crashed).toBe(killer.kills);
    const stats = stack.emulator?.stats();
    expect((stats?.throttled ?? 0) + (stats?.serverErrors ?? 0)).toBeGreaterThan(0);
    expect(
      outcomes.filter((outcome) => outcome.includes('Completed')),
      outcomes.join('\n'),
    ).toHaveLength(RUNS);
  }, 240_000);
});
