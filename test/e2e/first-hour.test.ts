/**
 * A newcomer's first hour in the sandbox page, with the whole local stack: help teaches sharing a
 * file; a CSV whose columns tune cannot guess gets its columns, the message to share it with and a
 * button that checks it again; the valid report's **Start training** opens the form on it; the job
 * card's **Stop** stops the job after one confirmation, and the thread says who.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the first-hour browser test: ${missing}`);

const ROWS = Array.from(
  { length: 14 },
  (_, index) => `${index},List the buckets of account ${index},every bucket,aws s3 ls --page ${index}`,
);
const CSV = `id,title,description,cli\n${ROWS.join('\n')}\n`;

describe.skipIf(missing !== undefined)('the first hour in the sandbox page', () => {
  let stack: LocalStack;
  let browser: ChromiumSession;

  beforeAll(async () => {
    stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
    browser = await launchChromium();
    await browser.page.goto(stack.sandbox?.url ?? '');
    await browser.page.getByTestId('channel-ml-experiments').click();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('teaches sharing a file in /tune help, with its options and an example', async () => {
    const { page } = browser;
    await page.getByTestId('composer-input').fill('/tune help');
    await page.getByTestId('composer-input').press('Enter');

    const help = page.getByTestId('ephemeral-message').filter({ hasText: 'Start here: share a dataset.' });
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const option of [
      '--model',
      '--type',
      '--split',
      '--prompt-column',
      '--completion-column',
      '--text-column',
      '--epochs',
    ])
      expect(text).toContain(option);
    expect(text).toContain('--prompt-column question --completion-column answer --split 0.1');
  });

  it('answers a CSV it cannot map with its columns and the message to share it with, and checks it again on a press', async () => {
    const { page } = browser;
    await page.getByTestId('file-input').setInputFiles({
      name: 'commands.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await stack.idle();
    const shared = page.getByTestId('message').filter({ hasText: 'commands.csv' }).last();
    await shared.getByText(/1 repl/).click();
    const thread = page.getByTestId('thread-pane');
    await thread.getByText('--prompt-column title,description --completion-column cli').waitFor();
    expect(await thread.textContent()).toContain("I can't tell which columns hold the prompt");

    await thread.locator('[data-testid="block-button"][data-action-id="dataset_recheck"]').click();
    await stack.idle();

    await thread.getByText('prompt from title + description, completion from cli').waitFor();
    await thread.getByText(/commands\.csv is ready for/).waitFor();
    await page.screenshot({ path: '/tmp/tune-first-hour-recheck.png', fullPage: true });
  });

  it('opens the start form on the dataset from Start training in its report', async () => {
    const { page } = browser;
    const thread = page.getByTestId('thread-pane');
    await thread.locator('[data-testid="block-button"][data-action-id="dataset_start"]').click();
    const modal = page.getByTestId('modal');
    await modal.getByText('Epochs').waitFor();

    const dataset = modal.locator('[data-block-id="dataset"] select');
    expect(await dataset.locator('option:checked').textContent()).toContain('commands.csv');
    expect(await modal.textContent()).toContain('Warm-up steps');
    await page.screenshot({ path: '/tmp/tune-first-hour-form.png', fullPage: true });
  });

  it('stops a training job from the Stop on its card after one confirmation, and the thread says who', async () => {
    const { page } = browser;
    await page.getByTestId('modal-submit').click();
    await page.getByTestId('modal').waitFor({ state: 'detached' });
    await stack.idle();
    const proposal = page
      .getByTestId('message')
      .filter({ hasText: 'commands' })
      .filter({
        has: page.locator('[data-action-id="start_confirm"]'),
      });
    await proposal.locator('[data-action-id="start_confirm"]').click();
    await page.getByTestId('confirm-accept').click();
    await stack.idle();

    // The job card (its Stop goes once the job is stopping).
    const card = page.getByTestId('message').filter({ hasText: 'Asked for by' }).last();
    await card.locator('[data-action-id="job_stop"]').click();
    await page.getByTestId('confirm-accept').click();
    await stack.idle();

    await card.getByText('Stopping').first().waitFor();
    await card.getByText(/repl/).first().click();
    await page
      .getByTestId('thread-pane')
      .getByText(/@alice stopped/)
      .waitFor();
    await page.screenshot({ path: '/tmp/tune-first-hour-stop.png', fullPage: true });
  });

  it('tells someone not allowed who may start paid jobs, naming the group, and shows the app without a Messages tab', async () => {
    const { page } = browser;
    await page.getByTestId('thread-close').click();
    await page.getByTestId('composer-input').fill('/tune start commands.csv --name refused');
    await page.getByTestId('composer-input').press('Enter');
    await stack.idle();
    await page.locator('#acting-user').selectOption('U0BOB');
    const proposal = page.getByTestId('message').filter({ hasText: 'refused' }).last();
    await proposal.locator('[data-action-id="start_confirm"]').click();
    await page.getByTestId('confirm-accept').click();
    await stack.idle();

    await page
      .getByTestId('ephemeral-message')
      .filter({
        hasText: 'Only the people your workspace admin allowed can start paid jobs (ask @tune-admins).',
      })
      .waitFor();

    await page.getByTestId('app-home-button').click();
    await page.getByTestId('app-tab-home').waitFor();
    expect(await page.getByTestId('app-tab-messages').count()).toBe(0);
  });
});
