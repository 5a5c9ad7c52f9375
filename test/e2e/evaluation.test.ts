/**
 * "Did tuning help?" as a person sees it: the whole local stack, a job trained and evaluated, and
 * the job's thread opened in Debian's chromium, where the loss chart is a loaded image and the
 * evaluation shows its table of METEOR and ROUGE, base against tuned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';
import { trainEvaluatedJob } from '../support/evaluation-flow.js';
import { sandboxOf } from '../support/jobs.js';

/** What the test reads of an <img> in the page (the DOM's types are not in the Node build). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the evaluation browser test: ${missing}`);

describe.skipIf(missing !== undefined)('the evaluation in the sandbox page', () => {
  const clock = createManualClock(Date.now());
  let stack: LocalStack;
  let browser: ChromiumSession;

  beforeAll(async () => {
    stack = await startLocalStack({
      watchIntervalMs: 0,
      retryDelayMs: 10,
      logger: silentLogger,
      emulator: { now: clock.now, trainingMs: 10 * 60_000, deploymentMs: 0 },
    });
    browser = await launchChromium({ viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the loss chart as an image and the evaluation table in the job’s thread', async () => {
    // Prepare
    const channel = sandboxOf(stack).channelId('ml-experiments');
    const { job } = await trainEvaluatedJob(stack, channel, clock.advance);
    const { page } = browser;

    // Act: open the channel and the job card's thread.
    await page.goto(stack.sandbox?.url ?? '');
    await page.getByTestId('channel-ml-experiments').click();
    const card = page
      .getByTestId('message')
      .filter({ hasText: job.customModelName })
      .filter({ hasText: 'Updates in the thread' });
    await card.getByText(/\d+ repl/).click();
    const chart = page
      .getByTestId('file-image')
      .filter({ hasText: `Loss while tuning ${job.customModelName}` });
    await chart.locator('img').waitFor();
    // The image's own size once the browser has fetched and decoded the PNG (0 while it has not).
    const loaded = () =>
      chart.locator('img').evaluate((image) => {
        const { naturalWidth, naturalHeight, complete } = image as unknown as LoadedImage;
        return complete ? { width: naturalWidth, height: naturalHeight } : { width: 0, height: 0 };
      });
    await expect.poll(async () => (await loaded()).width, { timeout: 10_000 }).toBeGreaterThan(0);
    const evaluation = page.getByTestId('message').filter({ hasText: 'against its base model' }).last();
    await evaluation.waitFor();

    // Assess
    const size = await loaded();
    expect(size.width).toBeGreaterThan(1000);
    expect(size.height).toBeGreaterThan(400);
    const table = (await evaluation.textContent()) ?? '';
    expect(table).toMatch(/metric\s+base\s+tuned\s+diff\s+95% interval/);
    expect(table).toMatch(/METEOR\s+0\.\d\d\s+0\.\d\d\s+\+0\.\d\d/);
    expect(table).toContain('ROUGE-L');
    expect(table).toContain('Tuned is better on all four metrics');
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/tune-evaluation-e2e.png', fullPage: true });
  });
});
