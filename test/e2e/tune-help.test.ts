/**
 * tune itself in a browser: the whole local stack (`npm start`'s), the sandbox page in Debian's
 * chromium, a person typing `/tune help` and seeing every command, then asking `@tune` in the
 * channel and getting an answer in the thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/core/commands/registry.js';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the tune browser test: ${missing}`);

describe.skipIf(missing !== undefined)('tune in the sandbox page', () => {
  let stack: LocalStack;
  let browser: ChromiumSession;

  beforeAll(async () => {
    stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows every command with an example when a person types /tune help', async () => {
    const { page } = browser;
    await page.goto(stack.sandbox?.url ?? '');
    await page.getByTestId('channel-ml-experiments').click();

    await page.getByTestId('composer-input').fill('/tune help');
    await page.getByTestId('composer-input').press('Enter');

    const help = page
      .getByTestId('ephemeral-message')
      .filter({ hasText: 'tune: customize Bedrock models from Slack' });
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const subcommand of SUBCOMMANDS) expect(text).toContain(subcommand.example);
    await page.screenshot({ path: '/tmp/tune-help-e2e.png', fullPage: true });
  });

  it('answers a mention in its thread', async () => {
    const { page } = browser;
    await page.getByTestId('composer-input').fill('@tune help');
    await page.getByTestId('composer-input').press('Enter');
    await stack.idle();
    const parent = page.getByTestId('message').filter({ hasText: '@tune help' }).last();
    await parent.getByText(/1 repl/).click();
    await page.getByText('Validate datasets before you pay').last().waitFor();
  });
});
