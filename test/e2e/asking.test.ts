/**
 * Asking a tuned model in the browser: the whole local stack with a model trained from Slack and
 * deployed on the emulator, the sandbox page in Debian's chromium, a person typing `/tune ask`,
 * opening the question's thread and watching the answer stream in, then asking a follow-up there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/core/jobs/job.js';
import { createManualClock } from '../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { InMemoryCustomModelStore, InMemoryServingDirectory } from '../fakes/custom-models.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';
import { jobStoreOf, startThroughSlack } from '../support/jobs.js';
import { deployTunedModel } from '../support/tuned-models.js';

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the asking browser test: ${missing}`);

const QUESTION = 'What is the returns policy?';
const SENTENCES = Array.from(
  { length: 16 },
  (_, index) => `Rule ${index + 1}: a parcel sent back within thirty days is refunded in full.`,
);
const ANSWER = SENTENCES.join(' ');

function conversation(user: string, assistant: string): string {
  return JSON.stringify({
    schemaVersion: 'bedrock-conversation-2024',
    messages: [
      { role: 'user', content: [{ text: user }] },
      { role: 'assistant', content: [{ text: assistant }] },
    ],
  });
}

describe.skipIf(missing !== undefined)('asking a tuned model in the sandbox page', () => {
  const clock = createManualClock(Date.now());
  const registry = { customModels: new InMemoryCustomModelStore(), serving: new InMemoryServingDirectory() };
  let stack: LocalStack;
  let browser: ChromiumSession;
  let job: Job;

  beforeAll(async () => {
    stack = await startLocalStack({
      watchIntervalMs: 0,
      logger: silentLogger,
      // About 60 stream deltas 80 ms apart: five seconds of answer arriving.
      emulator: { now: clock.now, trainingMs: 10 * 60_000, deploymentMs: 3 * 60_000, streamIntervalMs: 80 },
      registry,
    });
    const channel = stack.sandbox?.channelId('ml-experiments') ?? '';
    const records = [
      conversation(QUESTION, ANSWER),
      ...Array.from({ length: 9 }, (_, index) =>
        conversation(`Where is warehouse number ${index}?`, `Warehouse ${index} is in hall ${index + 1}.`),
      ),
    ];
    const started = await startThroughSlack(stack, channel, 'dspolicy', '--name returns-desk', records);
    clock.advance(11 * 60_000);
    await stack.runWatch();
    job = (await jobStoreOf(stack).get(started.jobId)) ?? started;
    await deployTunedModel(stack, job, registry, clock.advance);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the answer arriving in the thread, then whole with its tokens and cost', async () => {
    // Act
    const { page } = browser;
    await page.goto(stack.sandbox?.url ?? '');
    await page.getByTestId('channel-ml-experiments').click();
    await page.getByTestId('composer-input').fill(`/tune ask ${job.jobId} ${QUESTION}`);
    await page.getByTestId('composer-input').press('Enter');
    const asked = page.getByTestId('message').filter({ hasText: QUESTION }).last();
    await asked.getByTestId('replies-link').click();
    const pane = page.getByTestId('thread-pane');

    // Assess: part of the answer, still being written…
    // The job names its model after --name, with a suffix of its own.
    await pane.getByText(`${job.customModelName} is answering…`).waitFor();
    const partial = (await pane.textContent()) ?? '';
    expect(partial).toContain('Rule 1:');
    expect(partial).not.toContain(SENTENCES.at(-1));
    await page.screenshot({ path: '/tmp/tune-ask-streaming-e2e.png', fullPage: true });
    // …then all of it, with the context line.
    await pane.getByText(/in \/ \d+ out tokens/).waitFor({ timeout: 20_000 });
    const whole = (await pane.textContent()) ?? '';
    expect(whole).toContain(SENTENCES.at(-1));
    expect(whole).toContain('price unknown');
    expect(whole).not.toContain('is answering…');
    await page.screenshot({ path: '/tmp/tune-ask-e2e.png', fullPage: true });
  });

  it('answers a follow-up mention in the same thread, with the thread as its context', async () => {
    const { page } = browser;
    const pane = page.getByTestId('thread-pane');
    await page.getByTestId('thread-composer-input').fill('@tune And how are refunds paid?');
    await page.getByTestId('thread-send').click();
    await pane.getByText('2 earlier turns of the thread sent as context').waitFor({ timeout: 20_000 });
    expect(await pane.getByText(/in \/ \d+ out tokens/).count()).toBe(2);
  });
});
