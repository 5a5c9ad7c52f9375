/**
 * Faults together, over 20 seeded runs of the sandbox flow (share a file, `/tune start`, Start,
 * watch to Completed): the Bedrock emulator throttles, fails or leaves unanswered (until the
 * client's request timeout) 30% of its calls, Slack answers 20% of the bot's posts `ratelimited`
 * with a Retry-After, and half of the worker's tasks and of the watch runs are killed at a random
 * AWS call or Slack post (`Killer`: after Slack took the post, before tune read its answer), each
 * from the run's seed. Each run must end right (the job Completed, or the person told what gave
 * up), say each line of its thread once (but a line a run died posting, docs/architecture.md), and
 * leave nothing in the dead-letter list that nobody was told about.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { ANNOUNCE_LEASE_SECONDS } from '../../../src/core/jobs/announce.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { seededRandom } from '../../../src/local/bedrock-emulator/random.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { jobUpdateMessage } from '../../../src/slack/blocks/job-card.js';
import { LEASE_SECONDS } from '../../../src/slack/worker.js';
import { ALICE, jobStoreOf, sandboxOf } from '../../support/jobs.js';

const MINUTE = 60_000;
const RUNS = 20;
const HUNG_AFTER_MS = 400;
const clock = createManualClock(Date.UTC(2026, 10, 26, 6, 0));
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  // Before the stack is built: its Slack clients take `fetch` when they are made.
  vi.stubGlobal('fetch', killer.fetch(globalThis.fetch));
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 5,
    logger: silentLogger,
    clock: { now: () => new Date(clock.now()) },
    emulator: { now: clock.now, trainingMs: 10 * MINUTE },
    // A hung Bedrock call ends here, not after the deployed 10 s (src/aws/clients.ts).
    bedrockRequestTimeoutMs: HUNG_AFTER_MS,
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
  const kill = { step: 'initialize', name: 'killMidTask' } as const;
  stack.clients.dynamodb.middlewareStack.add(killer.middleware as never, kill);
  stack.clients.s3.middlewareStack.add(killer.middleware as never, kill);
  stack.clients.bedrock.middlewareStack.add(killer.middleware as never, kill);
});
afterAll(async () => {
  await stack?.close();
  vi.unstubAllGlobals();
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

/** The Slack calls a kill can land on: the worker's and the watch's posts (the edge only opens views). */
const KILLABLE_SLACK_CALLS = /\/api\/chat\.(postMessage|update|postEphemeral)$|\/response\//;

/**
 * Kills the worker or the watch mid-run at a seeded point: armed for one step of a run, it lets
 * the first k − 1 calls through and stops the run at the k-th. The calls counted are the AWS calls
 * (DynamoDB, S3, Bedrock: held before they are sent, so nothing after them runs) and the bot's
 * Slack posts (sent, done by the sandbox, and then the answer is never handed back: the message is
 * in Slack but the run never learns its ts, as when the process dies while Slack answers; the
 * WebClient's fetch is wrapped, so the dead run's own timeout and retry never happen either). The queue ends the delivery
 * as a dead process; a killed watch run is abandoned where it hangs, as a dead Lambda is. The clock
 * moves past the dead run's leases, as SQS's visibility timeout (30 minutes) and the announcement
 * leases (5 minutes) would.
 */
class Killer {
  kills = { tasks: 0, watch: 0, atAws: 0, atSlack: 0 };
  /** The text of each Slack post a run died in, after Slack took it. */
  readonly diedPosting: string[] = [];
  /** The input of each AWS call a run died at, as JSON. */
  readonly diedAtAws: string[] = [];
  private calls = 0;
  private killAt: number | undefined;
  private random: () => number = seededRandom(1);
  private onKill: () => void = () => {};

  seed(seed: number): void {
    this.random = seededRandom(seed * 7919);
  }

  /** Runs `step` with a kill at a random call half the time; waits for the worker to finish. */
  async during<T>(step: () => Promise<T>): Promise<T> {
    this.arm(() => {
      this.kills.tasks++;
      setImmediate(() => queue().crashRunning());
    });
    try {
      const result = await step();
      await stack.idle();
      return result;
    } finally {
      this.killAt = undefined;
    }
  }

  /**
   * Runs the watch once with a kill at a random call half the time (the tasks it queues included);
   * a killed run is left hanging and the next run starts from what the dead one wrote.
   */
  async watch(): Promise<void> {
    let dead: () => void = () => {};
    const killed = new Promise<void>((resolve) => {
      dead = resolve;
    });
    this.arm(() => {
      this.kills.watch++;
      dead();
      setImmediate(() => queue().crashRunning());
    });
    try {
      await Promise.race([stack.runWatch(), killed]);
      await stack.idle();
    } finally {
      this.killAt = undefined;
    }
  }

  private arm(onKill: () => void): void {
    this.calls = 0;
    this.onKill = onKill;
    this.killAt = this.random() < 0.5 ? 1 + Math.floor(this.random() * 12) : undefined;
  }

  /** Whether this call is where the run dies; if so, the run is ended and the clock moved on. */
  private due(): boolean {
    if (this.killAt === undefined || ++this.calls !== this.killAt) return false;
    this.killAt = undefined;
    clock.advance(Math.max(LEASE_SECONDS, ANNOUNCE_LEASE_SECONDS) * 1000 + MINUTE);
    this.onKill();
    return true;
  }

  readonly middleware =
    <Input, Output>(next: (args: Input) => Promise<Output>) =>
    async (args: Input): Promise<Output> => {
      if (this.due()) {
        this.kills.atAws++;
        this.diedAtAws.push(JSON.stringify(args));
        return new Promise<Output>(() => {});
      }
      return next(args);
    };

  /** `fetch` for the worker's and the watch's Slack clients (the WebClient and response_url posts). */
  fetch(realFetch: typeof fetch): typeof fetch {
    return async (input, init) => {
      const response = await realFetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (KILLABLE_SLACK_CALLS.test(new URL(url).pathname) && this.due()) {
        this.kills.atSlack++;
        this.diedPosting.push(textOf(init?.body));
        return new Promise<Response>(() => {});
      }
      return response;
    };
  }
}
const killer = new Killer();

/** The text a Slack post carries, form-encoded (the WebClient) or JSON (response_url). */
function textOf(body: unknown): string {
  const raw = typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : '';
  if (raw.startsWith('{'))
    return String(
      z
        .object({ text: z.string().catch('') })
        .catch({ text: '' })
        .parse(JSON.parse(raw)).text,
    );
  return new URLSearchParams(raw).get('text') ?? '';
}

/**
 * How often a job's thread line may be in its thread: once, plus once for each run that died
 * after Slack took that post and before tune recorded it (docs/architecture.md, "Once, whatever is
 * retried": Slack has no idempotency key for a post, so the next run makes it again). A run dies
 * there at the post's own answer, at the write of its `announce:<job>:<version>:posted` record, or
 * (with nothing handed on) at the job's `announcedVersion` write.
 */
function allowedCopies(line: string, job: Job, seed: number): number {
  const version = job.transitions.find((transition) =>
    jobUpdateMessage(job, transition, new Date()).text.includes(line),
  )?.version;
  const atPost = killer.diedPosting.filter((text) => text.includes(line) && text.includes(`run-${seed}-`));
  const atRecord = killer.diedAtAws.filter(
    (input) =>
      input.includes(`announce:${job.jobId}:${version}:posted`) ||
      (input.includes(`JOB#${job.jobId}`) &&
        input.includes('"#announced"') &&
        input.includes(`":through":${version}`)),
  );
  return 1 + atPost.length + atRecord.length;
}

describe('Bedrock failing or hanging on 30% of calls, Slack rate-limiting 20% of posts, the worker and the watch killed mid-run', () => {
  it(`ends ${RUNS} seeded runs right, says each line once and tells about everything given up`, async () => {
    const outcomes: string[] = [];
    const repeats: string[] = [];
    for (let seed = 1; seed <= RUNS; seed++) {
      stack.emulator?.setFaults({ throttleRate: 0.12, serverErrorRate: 0.12, hangRate: 0.06, seed });
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
        await killer.watch();
        clock.advance(MINUTE);
      }
      // Slack and Bedrock well again: what is still owed is said now, and only once.
      stack.emulator?.setFaults({});
      sandboxOf(stack).setRateLimit(undefined);
      await stack.runWatch();
      await stack.idle();

      const final = await jobStoreOf(stack).get(job.jobId);
      expect(final?.status, `run ${seed}`).toBe('Completed');
      if (!final) continue;
      const thread = sandboxOf(stack)
        .thread(channel, final.place.messageTs ?? '')
        .map((message) => String(message.text));
      // Every line of the thread once, but a line a run died posting (see allowedCopies).
      const copies = new Map<string, number>();
      for (const text of thread) copies.set(text, (copies.get(text) ?? 0) + 1);
      for (const line of ['Bedrock accepted the job', 'finished training']) {
        expect(
          thread.filter((text) => text.includes(line)).length,
          `run ${seed}: ${line}`,
        ).toBeGreaterThanOrEqual(1);
      }
      for (const [text, count] of copies) {
        if (count === 1) continue;
        const line = ['Bedrock accepted the job', 'finished training'].find((known) => text.includes(known));
        expect(line, `run ${seed}: repeated ${count} times: ${text}`).toBeDefined();
        expect(count, `run ${seed}: ${text}`).toBeLessThanOrEqual(allowedCopies(line ?? text, final, seed));
        repeats.push(`run ${seed}: "${line}" ${count} times`);
      }

      const dead = queue().deadLetters.slice(deadBefore);
      outcomes.push(`run ${seed}: Completed, ${dead.length} dead-lettered`);
    }

    // Nothing dead-lettered that a person was not told about.
    const toldGaveUp = everythingSaid().filter((text) => text.includes('gave up'));
    expect(toldGaveUp.length).toBeGreaterThanOrEqual(queue().deadLetters.length);
    // The faults were there.
    expect(sandboxOf(stack).rateLimitedCount()).toBeGreaterThan(0);
    const { kills } = killer;
    expect(kills.tasks + kills.watch).toBeGreaterThanOrEqual(RUNS);
    expect(kills.watch).toBeGreaterThan(0);
    expect(kills.atSlack).toBeGreaterThan(0);
    // Every kill during a task ended a delivery (a watch kill may also end the tasks it queued).
    expect(queue().crashed).toBeGreaterThanOrEqual(kills.tasks);
    const stats = stack.emulator?.stats();
    expect(stats?.throttled).toBeGreaterThan(0);
    expect(stats?.serverErrors).toBeGreaterThan(0);
    expect(stats?.hung).toBeGreaterThan(0);
    expect(
      outcomes.filter((outcome) => outcome.includes('Completed')),
      [...outcomes, ...repeats].join('\n'),
    ).toHaveLength(RUNS);
  }, 240_000);
});
