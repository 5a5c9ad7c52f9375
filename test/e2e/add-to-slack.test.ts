/**
 * "Add to Slack" in a browser, with many workspaces (TUNE_SLACK_WORKSPACES=many): from the sandbox
 * page's link to tune's install page, Slack's consent screen as the sandbox plays it (a second
 * workspace), the redirect with its state cookie, and the page saying where tune was installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoInstallationStore } from '../../src/aws/dynamo-installation-store.js';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the Add to Slack browser test: ${missing}`);

describe.skipIf(missing !== undefined)('Add to Slack from the sandbox page', () => {
  let stack: LocalStack;
  let browser: ChromiumSession;

  beforeAll(async () => {
    stack = await startLocalStack({
      watchIntervalMs: 0,
      logger: silentLogger,
      environment: { TUNE_SLACK_WORKSPACES: 'many' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('walks a second workspace through the consent screen and the redirect', async () => {
    // Prepare
    const { page } = browser;
    await page.goto(stack.sandbox?.url ?? '');
    const link = page.getByTestId('add-to-slack');
    await link.waitFor();
    const installPage = (await link.getAttribute('href')) ?? '';

    // Act: the link opens a tab in the sandbox; here the same tab goes there.
    await page.goto(installPage);
    await page.getByText('Add to Slack').click();
    await page.getByTestId('consent-page').waitFor();
    await page.getByTestId('consent-team').fill('T0BROWSER');
    await page.getByTestId('consent-team-name').fill('Browser <b>workspace</b>');
    await page.getByTestId('consent-allow').click();

    // Assess
    await page.getByText('tune is installed in Browser <b>workspace</b>').first().waitFor();
    expect(installPage).toBe(stack.installUrl);
    const installations = new DynamoInstallationStore({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    });
    expect((await installations.get('T0BROWSER'))?.teamName).toBe('Browser <b>workspace</b>');
    await page.screenshot({ path: '/tmp/tune-add-to-slack-e2e.png', fullPage: true });
  });
});
