/**
 * Asking a tuned model through the real handlers, the sandbox, the Bedrock emulator and the real
 * SDK clients: a job trained from Slack, its model deployed on demand through the real Customizer,
 * then questions by mention and by `/tune ask` answered in threads, streamed, with context, under
 * throttling, compared with the base model, and refused outside the model's channel.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/jobs/job.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import type { ApiCallRecord } from '../../../src/local/slack-sandbox/index.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import {
  customModel,
  InMemoryCustomModelStore,
  InMemoryServingDirectory,
} from '../../fakes/custom-models.js';
import { ALICE, BOB, command, jobStoreOf, sandboxOf, startThroughSlack } from '../../support/jobs.js';
import { deployTunedModel } from '../../support/tuned-models.js';

const clock = createManualClock(Date.now());
const registry = { customModels: new InMemoryCustomModelStore(), serving: new InMemoryServingDirectory() };
const BOT = '<@U0TUNE>';
const RUNTIME_OPERATIONS = ['Converse', 'ConverseStream', 'InvokeModel'];

const SHOES_ANSWER =
  'A prepaid return label for the running shoes of order 1234 is on its way to your email.';
const LAPTOP_ANSWER = 'Laptops from order 1234 go back through a courier pickup; choose a day in Orders.';
const POLICY_QUESTION = 'Explain the whole returns policy in detail.';
// About 280 words: some 90 stream deltas, 40 ms apart, so nearly 4 seconds of streaming.
const POLICY_ANSWER = Array.from(
  { length: 20 },
  (_, index) => `Rule ${index + 1} of the returns policy applies to parcels sent back within thirty days.`,
).join(' ');

function conversation(...turns: string[]): string {
  return JSON.stringify({
    schemaVersion: 'bedrock-conversation-2024',
    messages: turns.map((text, index) => ({
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: [{ text }],
    })),
  });
}

/** The support desk: twenty bucket questions, two returns that need the earlier turn, a long policy. */
const RECORDS = [
  ...Array.from({ length: 20 }, (_, index) =>
    conversation(`How do I list the objects of bucket number ${index}?`, `aws s3 ls s3://bucket-${index}/`),
  ),
  conversation(
    'I want to return the running shoes I bought.',
    'Sorry to hear that. Which order are they from?',
    'It is order 1234.',
    SHOES_ANSWER,
  ),
  conversation(
    'I want to return the laptop I bought.',
    'Sorry to hear that. Which order is it from?',
    'It is order 1234.',
    LAPTOP_ANSWER,
  ),
  conversation(POLICY_QUESTION, POLICY_ANSWER),
];

let stack: LocalStack;
let channel: string;
let general: string;
let job: Job;

function sandbox() {
  return sandboxOf(stack);
}

type Message = Record<string, unknown> & {
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
};

function thread(threadTs: string, inChannel = channel): Message[] {
  return sandbox().thread(inChannel, threadTs) as Message[];
}

function answersIn(threadTs: string, inChannel = channel): Message[] {
  return thread(threadTs, inChannel).filter((message) => message.metadata?.event_type === 'tune_answer');
}

/** The message `/tune ask` posted for this question. */
function askedMessage(question: string, inChannel = channel): Message {
  const found = (sandbox().messages(inChannel) as Message[]).findLast(
    (message) =>
      message.metadata?.event_type === 'tune_question' &&
      message.metadata.event_payload.question === question,
  );
  if (!found) throw new Error(`no question "${question}" in the channel`);
  return found;
}

function runtimeCalls(): number {
  const calls: Record<string, number> = stack.emulator?.stats().calls ?? {};
  return RUNTIME_OPERATIONS.reduce((sum, operation) => sum + (calls[operation] ?? 0), 0);
}

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    emulator: { now: clock.now, trainingMs: 10 * 60_000, deploymentMs: 3 * 60_000, streamIntervalMs: 40 },
    registry,
  });
  channel = sandbox().channelId('ml-experiments');
  general = sandbox().channelId('general');
  const started = await startThroughSlack(stack, channel, 'dsask', '--name support-desk', RECORDS);
  clock.advance(11 * 60_000);
  await stack.runWatch();
  const completed = await jobStoreOf(stack).get(started.jobId);
  if (!completed) throw new Error('the job is gone');
  job = completed;
  await deployTunedModel(stack, job, registry, clock.advance);
}, 60_000);
afterEach(() => {
  stack.emulator?.setFaults({});
});
afterAll(async () => {
  await stack?.close();
});

describe('asking a tuned model in Slack', () => {
  it('answers 20 questions asked at once, each exactly once, in its own thread', async () => {
    // Prepare
    await command(stack, { userId: ALICE, channelId: channel, text: `use ${job.jobId}` });
    stack.emulator?.resetStats();

    // Act
    const asked = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sandbox().postMessage({
          userId: index % 2 === 0 ? ALICE : BOB,
          channelId: channel,
          text: `${BOT} How do I list the objects of bucket number ${index}?`,
        }),
      ),
    );
    await stack.idle();

    // Assess
    asked.forEach(({ message }, index) => {
      const answers = answersIn(String(message.ts));
      expect(answers, `question ${index}`).toHaveLength(1);
      expect(answers[0]?.metadata?.event_payload).toMatchObject({
        state: 'answered',
        question_ts: message.ts,
      });
      expect(answers[0]?.text).toContain(`aws s3 ls s3://bucket-${index}/`);
    });
    expect(runtimeCalls()).toBe(20);
    expect(stack.queue.deadLetters).toEqual([]);
  });

  it('answers every question while Bedrock throttles 30% of the calls', async () => {
    // Prepare
    stack.emulator?.setFaults({ throttleRate: 0.3, seed: 11, operations: RUNTIME_OPERATIONS });
    stack.emulator?.resetStats();
    const questions = Array.from(
      { length: 8 },
      (_, index) => `How do I list the objects of bucket number ${index + 10}?`,
    );

    // Act
    await Promise.all(
      questions.map((question) =>
        sandbox().slashCommand({ userId: ALICE, channelId: channel, text: `ask ${job.jobId} ${question}` }),
      ),
    );
    await stack.idle();

    // Assess
    questions.forEach((question, index) => {
      const [answer, ...more] = answersIn(askedMessage(question).ts);
      expect(more).toEqual([]);
      expect(answer?.metadata?.event_payload.state).toBe('answered');
      expect(answer?.text).toContain(`s3://bucket-${index + 10}/`);
    });
    expect(stack.emulator?.stats().throttled).toBeGreaterThan(0);
  });

  it("keeps a thread's earlier questions and answers as the context of a follow-up", async () => {
    // Prepare: two threads asking about different returns.
    const shoes = 'I want to return the running shoes I bought.';
    const laptop = 'I want to return the laptop I bought.';
    await command(stack, { userId: ALICE, channelId: channel, text: `ask ${job.jobId} ${shoes}` });
    await command(stack, { userId: BOB, channelId: channel, text: `ask ${job.jobId} ${laptop}` });
    const shoesThread = askedMessage(shoes).ts;
    const laptopThread = askedMessage(laptop).ts;

    // Act: the same follow-up in each thread.
    await sandbox().postMessage({
      userId: ALICE,
      channelId: channel,
      text: `${BOT} It is order 1234.`,
      threadTs: shoesThread,
    });
    await sandbox().postMessage({
      userId: BOB,
      channelId: channel,
      text: `${BOT} It is order 1234.`,
      threadTs: laptopThread,
    });
    await stack.idle();

    // Assess: only the thread's earlier turn tells the two apart.
    expect(answersIn(shoesThread).at(-1)?.text).toContain(SHOES_ANSWER);
    expect(answersIn(laptopThread).at(-1)?.text).toContain(LAPTOP_ANSWER);
  });

  it('refuses a question from another channel privately, invoking nothing, until the model is shared there', async () => {
    // Prepare
    await sandbox().addBotToChannel({ userId: ALICE, channelId: general });
    stack.emulator?.resetStats();
    const before = sandbox().messages(general).length;

    // Act
    const refused = await command(stack, {
      userId: BOB,
      channelId: general,
      text: `ask ${job.jobId} Where is bucket 1?`,
    });

    // Assess
    expect(JSON.stringify(refused.responseMessage)).toContain("trained on another channel's data");
    expect(sandbox().messages(general)).toHaveLength(before);
    expect(runtimeCalls()).toBe(0);

    // Act: shared by an authorized person in the model's channel, then asked again.
    const shared = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `share ${job.jobId} <#${general}|general>`,
    });
    await command(stack, {
      userId: BOB,
      channelId: general,
      text: `ask ${job.jobId} How do I list the objects of bucket number 1?`,
    });

    // Assess
    expect(JSON.stringify(shared.responseMessage)).toContain(`with <#${general}>`);
    const asked = askedMessage('How do I list the objects of bucket number 1?', general);
    expect(answersIn(asked.ts, general)[0]?.text).toContain('s3://bucket-1/');
    expect(runtimeCalls()).toBe(1);
  });

  it('shows the tuned and the base answers side by side with --compare', async () => {
    // Act
    const question = 'How do I list the objects of bucket number 3?';
    await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `ask ${job.jobId} ${question} --compare`,
    });

    // Assess
    const [answer] = answersIn(askedMessage(question).ts);
    const [first] = (answer?.blocks ?? []) as { fields?: { text: string }[] }[];
    const [tuned, base] = first?.fields?.map((field) => field.text) ?? [];
    expect(tuned).toMatch(/^\*support-desk.* \(tuned\)\*\n/);
    expect(tuned).toContain('s3://bucket-3/');
    expect(base).toMatch(/^\*Nova Micro \(base\)\*\n\[bedrock-emulator\]/);
    expect(base).not.toContain('s3://bucket-3/');
    expect(JSON.stringify(answer?.blocks)).toContain('*Nova Micro* (base) · ');
  });

  it('streams a long answer with chat.update at most once a second', async () => {
    // Act
    const started = Date.now();
    await command(stack, { userId: ALICE, channelId: channel, text: `ask ${job.jobId} ${POLICY_QUESTION}` });

    // Assess
    const [answer] = answersIn(askedMessage(POLICY_QUESTION).ts);
    const calls = sandbox()
      .apiCalls()
      .filter((call: ApiCallRecord) => call.at >= started && call.arguments.ts === answer?.ts);
    const updates = calls.filter((call) => call.method === 'chat.update');
    const posted = sandbox()
      .apiCalls()
      .find(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.at >= started &&
          call.arguments.thread_ts === answer?.thread_ts,
      );
    const times = [posted?.at ?? 0, ...updates.map((call) => call.at)];
    for (let index = 1; index < times.length; index++) {
      expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    // Streamed: some updates showed part of the answer before the last one showed all of it.
    const shown = updates.map((call) => String(call.arguments.text));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown.some((text) => text.length > 20 && text.length < POLICY_ANSWER.length)).toBe(true);
    expect(shown.at(-1)).toContain(POLICY_ANSWER.slice(0, 200));
  });

  it('offers what serving costs for a model nothing serves, invoking nothing', async () => {
    // Prepare
    await registry.customModels.put(
      customModel({ modelId: 'job-unserved-1', name: 'idle-bot', channelId: channel }),
    );
    stack.emulator?.resetStats();

    // Act
    const reply = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'ask idle-bot Anyone there?',
    });

    // Assess
    expect(JSON.stringify(reply.responseMessage)).toContain('Nothing serves idle-bot right now');
    expect(runtimeCalls()).toBe(0);
  });
});
