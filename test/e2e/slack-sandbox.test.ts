/**
 * The sandbox page in a real browser: a person types a slash command, sees the bot's Block Kit
 * answer, presses its buttons and fills its modal. A small signed-request receiver plays the bot
 * through the real WebClient, so this checks the page and the sandbox, not tune itself.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../src/local/slack-sandbox/index.js';
import { type ReceivedRequest, type Receiver, startReceiver } from '../integration/slack-sandbox/receiver.js';
import { type ChromiumSession, chromiumMissing, launchChromium } from '../support/chromium.js';

const botToken = 'xoxb-e2e';
const signingSecret = 'e2e-signing-secret';
const screenshotPath = '/tmp/slack-sandbox-e2e.png';
const modalScreenshotPath = '/tmp/slack-sandbox-e2e-modal.png';

const missing = chromiumMissing();
if (missing) console.warn(`Skipping the Slack sandbox browser test: ${missing}`);

const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const jobForm = {
  type: 'modal',
  callback_id: 'start-job',
  title: { type: 'plain_text', text: 'Start a job' },
  submit: { type: 'plain_text', text: 'Start' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: 'Fine-tune *Titan Text Lite* on `train.jsonl`.' } },
    {
      type: 'input',
      block_id: 'name',
      label: { type: 'plain_text', text: 'Job name' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        placeholder: { type: 'plain_text', text: 'e.g. support-bot-v2' },
      },
    },
    {
      type: 'input',
      block_id: 'epochs',
      label: { type: 'plain_text', text: 'Epochs' },
      element: { type: 'number_input', action_id: 'value', is_decimal_allowed: false, initial_value: '2' },
    },
    {
      type: 'input',
      block_id: 'notes',
      optional: true,
      label: { type: 'plain_text', text: 'Notes' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
  ],
};

/** What the pretend bot answers; it posts through the real WebClient like tune does. */
function playBot(client: WebClient) {
  return async (request: ReceivedRequest) => {
    const body = request.body;
    if (request.kind === 'command' && body.text === 'deploy') {
      await client.chat.postMessage({
        channel: body.channel_id,
        text: 'Deploy model-1?',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Model ready' } },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: 'Deploy *model-1* for <@U0ALICE>? See <https://example.com/report|the report>.',
            },
            fields: [
              { type: 'mrkdwn', text: '*Base*\nTitan Text Lite' },
              { type: 'mrkdwn', text: '*Cost*\n~$12.40' },
            ],
          },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: ':white_check_mark: validated · 1,204 records' }],
          },
          { type: 'divider' },
          {
            type: 'actions',
            block_id: 'decide',
            elements: [
              {
                type: 'button',
                action_id: 'deploy',
                text: { type: 'plain_text', text: 'Deploy' },
                style: 'primary',
                value: 'model-1',
              },
              { type: 'button', action_id: 'open-form', text: { type: 'plain_text', text: 'Start a job…' } },
              {
                type: 'button',
                action_id: 'discard',
                text: { type: 'plain_text', text: 'Discard' },
                style: 'danger',
                confirm: {
                  title: { type: 'plain_text', text: 'Discard model-1?' },
                  text: { type: 'mrkdwn', text: 'This cannot be undone.' },
                  confirm: { type: 'plain_text', text: 'Discard' },
                  deny: { type: 'plain_text', text: 'Keep' },
                },
              },
            ],
          },
        ],
      });
      return { body: { text: 'Working on it…' } };
    }
    if (request.kind === 'interaction' && body.type === 'block_actions') {
      const action = body.actions[0];
      if (action.action_id === 'open-form')
        await client.views.open({ trigger_id: body.trigger_id, view: jobForm as never });
      if (action.action_id === 'deploy') {
        await fetch(body.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            response_type: 'in_channel',
            text: `:rocket: Deploying \`${action.value}\` for <@${body.user.id}>`,
          }),
        });
      }
      return undefined;
    }
    if (request.kind === 'interaction' && body.type === 'view_submission') {
      const name = body.view.state.values.name.value.value as string;
      if (name === 'taken')
        return { body: { response_action: 'errors', errors: { name: 'A job named taken already exists.' } } };
      await client.chat.postMessage({ channel: 'C0MLEXPERIMENTS', text: `Job *${name}* started` });
      return undefined;
    }
    return undefined;
  };
}

describe.skipIf(missing !== undefined)(
  missing ? `Slack sandbox page (skipped: ${missing})` : 'Slack sandbox page',
  () => {
    let sandbox: SlackSandbox;
    let receiver: Receiver;
    let browser: ChromiumSession;

    beforeAll(async () => {
      receiver = await startReceiver(signingSecret);
      sandbox = await startSlackSandbox({ signingSecret, botToken, botUrl: receiver.url });
      const client = new WebClient(botToken, {
        slackApiUrl: sandbox.apiUrl,
        retryConfig: { retries: 0 },
        logger: quiet,
      });
      receiver.answerWith(playBot(client));
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await sandbox?.close();
      await receiver?.close();
    });

    it('runs a slash command typed in the composer and shows the bot’s Block Kit answer', async () => {
      // Prepare
      const { page } = browser;
      await page.goto(sandbox.url);
      await page.getByTestId('channel-ml-experiments').waitFor();

      // Act
      await page.getByTestId('composer-input').fill('/tune deploy');
      await page.getByTestId('composer-input').press('Enter');

      // Assess
      const answer = page.getByTestId('message').filter({ hasText: 'Model ready' });
      await answer.waitFor();
      expect(await answer.locator('strong', { hasText: 'model-1' }).count()).toBe(1);
      expect(await answer.locator('a[href="https://example.com/report"]').textContent()).toBe('the report');
      expect(await answer.getByTestId('section-field').count()).toBe(2);
      expect(await answer.textContent()).toContain('@alice');
      await page.getByTestId('ephemeral-message').filter({ hasText: 'Working on it…' }).waitFor();
      expect(await page.getByTestId('sandbox-banner').textContent()).toContain('not Slack');
      const command = receiver.requests.find((request) => request.kind === 'command');
      expect(command).toMatchObject({
        signatureValid: true,
        body: { command: '/tune', text: 'deploy', user_id: 'U0ALICE' },
      });
      await page.screenshot({ path: screenshotPath });
    });

    it('sends the button press to the bot and shows what the bot answers through response_url', async () => {
      // Prepare
      const { page } = browser;

      // Act
      await page.locator('[data-testid="block-button"][data-action-id="deploy"]').click();

      // Assess
      await page.getByTestId('message').filter({ hasText: 'Deploying model-1 for @alice' }).waitFor();
      const press = receiver.requests.find(
        (request) => request.kind === 'interaction' && request.body.type === 'block_actions',
      );
      expect(press).toMatchObject({
        signatureValid: true,
        body: { actions: [{ action_id: 'deploy', value: 'model-1' }] },
      });
    });

    it('asks for confirmation before sending a button that has a confirm dialog', async () => {
      // Prepare
      const { page } = browser;
      const presses = () =>
        receiver.requests.filter((request) => request.body.actions?.[0]?.action_id === 'discard').length;

      // Act
      await page.locator('[data-action-id="discard"]').click();
      await page.getByTestId('confirm-deny').click();
      const afterDeny = presses();
      await page.locator('[data-action-id="discard"]').click();
      await page.getByTestId('confirm-accept').click();

      // Assess
      await sandbox.waitFor(() => presses() === 1);
      expect(afterDeny).toBe(0);
    });

    it('turns @tune typed in the composer into a mention and shares a file from the file button', async () => {
      // Prepare
      const { page } = browser;
      const events = (type: string) =>
        receiver.requests.filter((request) => request.kind === 'event' && request.body.event.type === type);

      // Act
      await page.getByTestId('composer-input').fill('@tune is <this> ready?');
      await page.getByTestId('composer-input').press('Enter');
      await page.getByTestId('composer-input').fill('fresh data');
      await page.getByTestId('file-input').setInputFiles({
        name: 'train.jsonl',
        mimeType: 'text/plain',
        buffer: Buffer.from('{"prompt":"a","completion":"b"}\n'),
      });

      // Assess
      await sandbox.waitFor(() => events('app_mention').length === 1 && events('file_shared').length === 1);
      expect(events('app_mention')[0]?.body.event.text).toBe('<@U0TUNE> is &lt;this&gt; ready?');
      await page.getByTestId('file-chip').filter({ hasText: 'train.jsonl' }).waitFor();
      const share = events('message').find((request) => request.body.event.subtype === 'file_share');
      expect(share?.body.event).toMatchObject({
        text: 'fresh data',
        files: [{ name: 'train.jsonl', size: 32 }],
      });
    });

    it('opens the bot’s modal, shows its inline error, and closes it once the bot accepts', async () => {
      // Prepare
      const { page } = browser;
      await page.locator('[data-action-id="open-form"]').click();
      const modal = page.getByTestId('modal');
      await modal.waitFor();

      // Act
      await modal.locator('[data-block-id="name"] input').fill('taken');
      await page.getByTestId('modal-submit').click();
      await page.getByTestId('input-error').filter({ hasText: 'already exists' }).waitFor();
      await page.screenshot({ path: modalScreenshotPath });
      await modal.locator('[data-block-id="name"] input').fill('support-bot-v2');
      await page.getByTestId('modal-submit').click();

      // Assess
      await modal.waitFor({ state: 'detached' });
      await page.getByTestId('message').filter({ hasText: 'Job support-bot-v2 started' }).waitFor();
      const submissions = receiver.requests.filter((request) => request.body.type === 'view_submission');
      expect(submissions.at(-1)?.body.view.state.values.epochs.value).toEqual({
        type: 'number_input',
        value: '2',
      });
    });
  },
);
