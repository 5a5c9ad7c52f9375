import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';
import { type ReceivedRequest, type Receiver, startReceiver } from './receiver.js';

const botToken = 'xoxb-delivery-test';
const signingSecret = 'delivery-signing-secret';
const alice = 'U0ALICE';
const bob = 'U0BOB';
/** The sandbox's ack window in these tests: short, so timeouts cost little. */
const ackTimeoutMs = 300;

let sandbox: SlackSandbox;
let receiver: Receiver;
let client: WebClient;
let experiments: string;
let general: string;
let now = Date.now();

const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function events(type: string): ReceivedRequest[] {
  return receiver.requests.filter((request) => request.kind === 'event' && request.body.event.type === type);
}

function interactions(type: string): ReceivedRequest[] {
  return receiver.requests.filter((request) => request.kind === 'interaction' && request.body.type === type);
}

function slackbotLines(channelId: string, userId: string): string[] {
  return sandbox
    .ephemerals(channelId, userId)
    .filter((message) => message.user === 'USLACKBOT')
    .map((message) => String(message.text));
}

async function buttonMessage(actionId: string): Promise<string> {
  const posted = await client.chat.postMessage({
    channel: experiments,
    text: 'Deploy?',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'Deploy the model?' } },
      {
        type: 'actions',
        block_id: 'deploy',
        elements: [
          {
            type: 'button',
            action_id: actionId,
            text: { type: 'plain_text', text: 'Deploy' },
            value: 'model-1',
            style: 'primary',
          },
          {
            type: 'static_select',
            action_id: `${actionId}-size`,
            placeholder: { type: 'plain_text', text: 'Units' },
            options: [
              { text: { type: 'plain_text', text: 'One' }, value: '1' },
              { text: { type: 'plain_text', text: 'Two' }, value: '2' },
            ],
          },
        ],
      },
    ],
  });
  return posted.ts as string;
}

beforeAll(async () => {
  receiver = await startReceiver(signingSecret);
  sandbox = await startSlackSandbox({
    signingSecret,
    botToken,
    botUrl: receiver.url,
    ackTimeoutMs,
    retries: { delaysMs: [0, 20, 20] },
    clock: () => now,
  });
  client = new WebClient(botToken, {
    slackApiUrl: sandbox.apiUrl,
    retryConfig: { retries: 0 },
    logger: quiet,
  });
  experiments = sandbox.channelId('ml-experiments');
  general = sandbox.channelId('general');
});

afterEach(() => {
  receiver.answerWith(() => undefined);
  receiver.requests.length = 0;
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe('slash commands', () => {
  it('signs the command as Slack does and shows the JSON answer only to the person', async () => {
    // Prepare
    receiver.answerWith((request) =>
      request.kind === 'command' ? { body: { text: 'Here is *help*' } } : undefined,
    );

    // Act
    const result = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'help' });

    // Assess
    const [request] = receiver.requests;
    expect(request).toMatchObject({ kind: 'command', signatureValid: true, timestampFresh: true });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toMatchObject({
      command: '/tune',
      text: 'help',
      user_id: alice,
      user_name: 'alice',
      channel_id: experiments,
      channel_name: 'ml-experiments',
      team_id: 'T0TUNE',
      api_app_id: sandbox.appId,
    });
    expect(request?.body.response_url).toMatch(new RegExp(`^${sandbox.url}/response/`));
    expect(request?.body.trigger_id).toBe(result.triggerId);
    expect(result.responseMessage).toMatchObject({
      text: 'Here is *help*',
      is_ephemeral: true,
      user: sandbox.botUserId,
    });
    expect(sandbox.ephemerals(experiments, alice).map((message) => message.text)).toContain('Here is *help*');
    expect(sandbox.ephemerals(experiments, bob).map((message) => message.text)).not.toContain(
      'Here is *help*',
    );
  });

  it('shows a plain-text answer as an ephemeral message and an empty answer as nothing', async () => {
    // Prepare
    receiver.answerWith(() => ({ body: 'plain answer' }));
    await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'one' });
    const before = sandbox.ephemerals(experiments, alice).length;
    receiver.answerWith(() => ({ status: 200 }));

    // Act
    const empty = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'two' });

    // Assess
    expect(sandbox.ephemerals(experiments, alice).at(-1)?.text).toBe('plain answer');
    expect(empty.responseMessage).toBeUndefined();
    expect(sandbox.ephemerals(experiments, alice)).toHaveLength(before);
  });

  it('posts an in_channel answer for everyone, after the command itself', async () => {
    // Prepare
    receiver.answerWith(() => ({ body: { response_type: 'in_channel', text: 'Job started for everyone' } }));

    // Act
    await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'start' });

    // Assess
    const lastTwo = sandbox.messages(experiments).slice(-2);
    expect(lastTwo).toMatchObject([
      { user: alice, text: '/tune start' },
      { user: sandbox.botUserId, text: 'Job started for everyone' },
    ]);
  });

  it('shows dispatch_failed for a non-200 answer and operation_timeout for one slower than the ack window', async () => {
    // Prepare
    receiver.answerWith(() => ({ status: 500 }));
    const failed = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'boom' });
    receiver.answerWith(() => ({ delayMs: ackTimeoutMs + 300 }));

    // Act
    const slow = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'slow' });

    // Assess
    expect(failed).toMatchObject({ status: 500, failure: 'dispatch_failed' });
    expect(slow).toMatchObject({ status: 0, failure: 'operation_timeout' });
    expect(slackbotLines(experiments, alice)).toEqual(
      expect.arrayContaining([
        '/tune failed with the error "dispatch_failed"',
        '/tune failed with the error "operation_timeout"',
      ]),
    );
  });

  it('refuses a slash command typed in a thread without sending it', async () => {
    // Prepare
    const parent = await client.chat.postMessage({ channel: experiments, text: 'thread parent' });
    receiver.requests.length = 0;

    // Act
    const result = await sandbox.slashCommand({
      userId: alice,
      channelId: experiments,
      text: 'help',
      threadTs: parent.ts as string,
    });

    // Assess
    expect(result.failure).toBe('not_supported_in_threads');
    expect(receiver.requests.filter((request) => request.kind === 'command')).toHaveLength(0);
    expect(slackbotLines(experiments, alice)).toContain('/tune is not supported in threads. Sorry!');
  });
});

describe('response_url', () => {
  async function respond(url: string, body: Record<string, unknown>) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it('takes five messages, then answers used_url', async () => {
    // Prepare
    const { responseUrl } = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'x' });
    const url = responseUrl as string;

    // Act
    const answers = [];
    for (let index = 1; index <= 6; index += 1) answers.push(await respond(url, { text: `update ${index}` }));

    // Assess
    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[5]).toEqual({ status: 404, body: { ok: false, error: 'used_url' } });
    expect(sandbox.ephemerals(experiments, alice).map((message) => message.text)).toContain('update 5');
  });

  it('expires after thirty minutes', async () => {
    // Prepare
    const { responseUrl } = await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'x' });
    now += 30 * 60_000 + 1;

    // Act
    const answer = await respond(responseUrl as string, { text: 'too late' });

    // Assess
    expect(answer).toEqual({ status: 404, body: { ok: false, error: 'expired_url' } });
  });

  it('replaces and then deletes the message whose button was pressed', async () => {
    // Prepare
    const ts = await buttonMessage('deploy-replace');
    const click = await sandbox.clickButton({
      userId: alice,
      channelId: experiments,
      messageTs: ts,
      actionId: 'deploy-replace',
    });
    const url = interactions('block_actions')[0]?.body.response_url as string;

    // Act
    const replaced = await respond(url, { replace_original: true, text: 'Deploying…' });
    const afterReplace = sandbox.messages(experiments).find((message) => message.ts === ts);
    const deleted = await respond(url, { delete_original: true });

    // Assess
    expect(click.responseUrl).toBe(url);
    expect(replaced.status).toBe(200);
    expect(afterReplace).toMatchObject({ text: 'Deploying…' });
    expect(afterReplace?.blocks).toBeUndefined();
    expect(deleted.status).toBe(200);
    expect(sandbox.messages(experiments).some((message) => message.ts === ts)).toBe(false);
  });

  it('posts in the channel even where the bot is not a member when asked for in_channel', async () => {
    // Prepare
    const { responseUrl } = await sandbox.slashCommand({ userId: alice, channelId: general, text: 'status' });

    // Act
    const answer = await respond(responseUrl as string, {
      response_type: 'in_channel',
      text: 'Status for #general',
    });

    // Assess
    expect(answer.status).toBe(200);
    expect(sandbox.messages(general).at(-1)).toMatchObject({
      user: sandbox.botUserId,
      text: 'Status for #general',
    });
  });
});

describe('events', () => {
  it('sends app_mention and message in signed event_callback envelopes', async () => {
    // Act
    const { deliveries } = await sandbox.postMessage({
      userId: alice,
      channelId: experiments,
      text: `<@${sandbox.botUserId}> status`,
    });

    // Assess
    expect(deliveries.map((delivery) => delivery.eventType).sort()).toEqual(['app_mention', 'message']);
    const [mention] = events('app_mention');
    expect(mention).toMatchObject({ signatureValid: true, timestampFresh: true });
    expect(mention?.headers['content-type']).toBe('application/json');
    expect(mention?.body).toMatchObject({
      type: 'event_callback',
      team_id: 'T0TUNE',
      api_app_id: sandbox.appId,
      authorizations: [{ team_id: 'T0TUNE', user_id: sandbox.botUserId, is_bot: true }],
      event: {
        type: 'app_mention',
        user: alice,
        channel: experiments,
        text: `<@${sandbox.botUserId}> status`,
      },
    });
    expect(mention?.body.event_id).toMatch(/^Ev/);
    expect(typeof mention?.body.event_time).toBe('number');
    expect(events('message')[0]?.body.event).toMatchObject({
      type: 'message',
      channel_type: 'channel',
      user: alice,
    });
  });

  it('sends nothing for a mention where the bot is not a member and tells the person why', async () => {
    // Act
    const { deliveries } = await sandbox.postMessage({
      userId: alice,
      channelId: general,
      text: `<@${sandbox.botUserId}> hello?`,
    });

    // Assess
    expect(deliveries).toEqual([]);
    expect(
      receiver.requests.filter((request) => request.kind === 'event' && request.body.event.user === alice),
    ).toHaveLength(0);
    expect(slackbotLines(general, alice).at(-1)).toContain('is not in this channel');
  });

  it('sends message file_share and file_shared for a shared file the bot can then download with its token', async () => {
    // Act
    const { file } = await sandbox.shareFile({
      userId: alice,
      channelId: experiments,
      filename: 'train.jsonl',
      content: '{"prompt":"p","completion":"c"}\n',
      comment: 'new data',
    });

    // Assess
    const shared = events('file_shared')[0]?.body.event;
    const message = events('message')[0]?.body.event;
    expect(shared).toMatchObject({ file_id: file.id, user_id: alice, channel_id: experiments });
    expect(message).toMatchObject({
      subtype: 'file_share',
      text: 'new data',
      files: [{ id: file.id, name: 'train.jsonl' }],
    });
    const download = await fetch(message.files[0].url_private_download, {
      headers: { authorization: `Bearer ${botToken}` },
    });
    expect(await download.text()).toBe('{"prompt":"p","completion":"c"}\n');
  });

  it('sends member_joined_channel when the bot is added and app_home_opened when Home is opened', async () => {
    // Act
    await sandbox.addBotToChannel({ userId: bob, channelId: sandbox.channelId('random') });
    await sandbox.openHome(bob);

    // Assess
    expect(events('member_joined_channel')[0]?.body.event).toMatchObject({
      user: sandbox.botUserId,
      channel: sandbox.channelId('random'),
      inviter: bob,
    });
    expect(events('app_home_opened')[0]?.body.event).toMatchObject({
      user: bob,
      tab: 'home',
      channel: 'D0BOB',
    });
  });

  it('retries an event the bot did not acknowledge in time, with the same event_id and retry headers', async () => {
    // Prepare
    receiver.answerWith((request) =>
      request.kind === 'event' && request.headers['x-slack-retry-num'] === undefined
        ? { delayMs: ackTimeoutMs + 300 }
        : undefined,
    );

    // Act
    await sandbox.openHome(alice);
    const retry = await sandbox.waitFor(() =>
      events('app_home_opened').find((request) => request.headers['x-slack-retry-num'] === '1'),
    );

    // Assess
    const [first] = events('app_home_opened');
    expect(retry.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(retry.body.event_id).toBe(first?.body.event_id);
    expect(retry.signatureValid).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events('app_home_opened')).toHaveLength(2);
  });

  it('retries three times on errors and then gives up', async () => {
    // Prepare
    receiver.answerWith((request) => (request.kind === 'event' ? { status: 500 } : undefined));

    // Act
    await sandbox.openHome(alice);
    await sandbox.waitFor(() => events('app_home_opened').length === 4);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assess
    const attempts = events('app_home_opened');
    expect(attempts.map((request) => request.headers['x-slack-retry-num'])).toEqual([
      undefined,
      '1',
      '2',
      '3',
    ]);
    expect(
      attempts.slice(1).every((request) => request.headers['x-slack-retry-reason'] === 'http_error'),
    ).toBe(true);
  });

  it('does not retry when the bot answers X-Slack-No-Retries: 1', async () => {
    // Prepare
    receiver.answerWith(() => ({ status: 500, headers: { 'x-slack-no-retries': '1' } }));

    // Act
    await sandbox.openHome(alice);
    await new Promise((resolve) => setTimeout(resolve, 150));

    // Assess
    expect(events('app_home_opened')).toHaveLength(1);
  });

  it('re-sends a recorded request as a retry on demand, freshly signed', async () => {
    // Prepare
    const { deliveries } = await sandbox.openHome(alice);
    const original = deliveries[0];
    if (!original) throw new Error('app_home_opened was not sent');

    // Act
    const again = await sandbox.resend(original.id, { retryNum: 1, reason: 'http_timeout' });

    // Assess
    const [first, second] = events('app_home_opened');
    expect(again).toMatchObject({ status: 200, retryNum: 1, originalId: original.id });
    expect(second?.rawBody).toBe(first?.rawBody);
    expect(second?.headers).toMatchObject({
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(second?.signatureValid).toBe(true);
  });
});

describe('without retries', () => {
  it('sends an unacknowledged event once when retries are off', async () => {
    // Prepare
    const quietReceiver = await startReceiver(signingSecret, () => ({ status: 503 }));
    const once = await startSlackSandbox({
      signingSecret,
      botToken,
      botUrl: quietReceiver.url,
      retries: false,
    });
    try {
      // Act
      await once.openHome(alice);
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Assess
      expect(quietReceiver.requests).toHaveLength(1);
    } finally {
      await once.close();
      await quietReceiver.close();
    }
  });
});

describe('interactions and modals', () => {
  const form = {
    type: 'modal',
    callback_id: 'start-job',
    title: { type: 'plain_text', text: 'Start a job' },
    submit: { type: 'plain_text', text: 'Start' },
    notify_on_close: true,
    blocks: [
      {
        type: 'input',
        block_id: 'name',
        label: { type: 'plain_text', text: 'Job name' },
        element: { type: 'plain_text_input', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'epochs',
        label: { type: 'plain_text', text: 'Epochs' },
        element: {
          type: 'number_input',
          action_id: 'value',
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '10',
        },
      },
      {
        type: 'input',
        block_id: 'model',
        label: { type: 'plain_text', text: 'Base model' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: [
            { text: { type: 'plain_text', text: 'Titan Text Lite' }, value: 'amazon.titan-text-lite-v1' },
            { text: { type: 'plain_text', text: 'Llama 3.1 8B' }, value: 'meta.llama3-1-8b-instruct-v1:0' },
          ],
        },
      },
    ],
  };

  it('sends block_actions for a button and lets the bot open a modal with its trigger_id', async () => {
    // Prepare
    const ts = await buttonMessage('deploy-open');
    receiver.answerWith(async (request) => {
      if (request.kind === 'interaction' && request.body.type === 'block_actions') {
        await client.views.open({ trigger_id: request.body.trigger_id, view: form as never });
      }
      return undefined;
    });

    // Act
    const result = await sandbox.clickButton({
      userId: alice,
      channelId: experiments,
      messageTs: ts,
      actionId: 'deploy-open',
    });

    // Assess
    expect(result.status).toBe(200);
    const payload = interactions('block_actions')[0]?.body;
    expect(interactions('block_actions')[0]?.signatureValid).toBe(true);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: alice, username: 'alice' },
      team: { id: 'T0TUNE' },
      channel: { id: experiments, name: 'ml-experiments' },
      container: { type: 'message', message_ts: ts, channel_id: experiments, is_ephemeral: false },
      message: { ts, text: 'Deploy?' },
      actions: [
        { type: 'button', action_id: 'deploy-open', block_id: 'deploy', value: 'model-1', style: 'primary' },
      ],
    });
    expect(sandbox.views(alice).at(-1)).toMatchObject({ callback_id: 'start-job' });
  });

  it('sends the chosen option for a static_select', async () => {
    // Prepare
    const ts = await buttonMessage('deploy-pick');

    // Act
    await sandbox.selectOption({
      userId: alice,
      channelId: experiments,
      messageTs: ts,
      actionId: 'deploy-pick-size',
      value: '2',
    });

    // Assess
    const payload = interactions('block_actions')[0]?.body;
    expect(payload.actions[0]).toMatchObject({
      type: 'static_select',
      selected_option: { value: '2', text: { text: 'Two' } },
    });
    expect(payload.state.values.deploy['deploy-pick-size'].selected_option.value).toBe('2');
  });

  it('flags empty required inputs and bad numbers without contacting the bot', async () => {
    // Prepare
    const trigger = (await sandbox.slashCommand({ userId: bob, channelId: experiments, text: 'start' }))
      .triggerId as string;
    await client.views.open({ trigger_id: trigger, view: form as never });
    receiver.requests.length = 0;

    // Act
    const result = await sandbox.submitView({ userId: bob, values: { epochs: { value: '2.5' } } });

    // Assess
    expect(result.outcome).toBe('invalid');
    expect(result.errors).toEqual({
      name: 'Please fill out this required field.',
      epochs: 'Please enter a whole number.',
      model: 'Please fill out this required field.',
    });
    expect(receiver.requests).toHaveLength(0);
    expect(sandbox.views(bob).at(-1)?.errors).toEqual(result.errors);
  });

  it('shows the bot’s inline errors, then closes on an empty answer', async () => {
    // Prepare
    const trigger = (await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'start' }))
      .triggerId as string;
    await client.views.open({ trigger_id: trigger, view: form as never });
    const values = {
      name: { value: 'my job' },
      epochs: { value: '3' },
      model: { value: 'amazon.titan-text-lite-v1' },
    };
    receiver.answerWith(() => ({
      body: { response_action: 'errors', errors: { name: 'A job with this name exists.' } },
    }));

    // Act
    const rejected = await sandbox.submitView({ userId: alice, values });
    receiver.answerWith(() => undefined);
    const accepted = await sandbox.submitView({
      userId: alice,
      values: { ...values, name: { value: 'my job 2' } },
    });

    // Assess
    expect(rejected).toMatchObject({ outcome: 'errors', errors: { name: 'A job with this name exists.' } });
    expect(accepted.outcome).toBe('closed');
    const submissions = interactions('view_submission');
    expect(submissions[1]?.body.view.state.values).toEqual({
      name: { value: { type: 'plain_text_input', value: 'my job 2' } },
      epochs: { value: { type: 'number_input', value: '3' } },
      model: {
        value: {
          type: 'static_select',
          selected_option: {
            text: { type: 'plain_text', text: 'Titan Text Lite' },
            value: 'amazon.titan-text-lite-v1',
          },
        },
      },
    });
    expect(submissions[1]?.body.view.callback_id).toBe('start-job');
    expect(sandbox.views(alice)).toEqual([]);
  });

  it('pushes and updates views from the submission answer, and sends view_closed on close', async () => {
    // Prepare
    const trigger = (await sandbox.slashCommand({ userId: alice, channelId: experiments, text: 'start' }))
      .triggerId as string;
    await client.views.open({ trigger_id: trigger, view: form as never });
    const values = {
      name: { value: 'job' },
      epochs: { value: '2' },
      model: { value: 'amazon.titan-text-lite-v1' },
    };
    const confirm = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Confirm cost' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*$12.40*' } }],
    };
    receiver.answerWith((request) =>
      request.body.type === 'view_submission'
        ? { body: { response_action: 'push', view: confirm } }
        : undefined,
    );

    // Act
    const pushed = await sandbox.submitView({ userId: alice, values });
    const stackAfterPush = sandbox.views(alice).map((view) => (view.title as { text: string }).text);
    await sandbox.closeView({ userId: alice });
    await sandbox.closeView({ userId: alice });

    // Assess
    expect(pushed.outcome).toBe('pushed');
    expect(stackAfterPush).toEqual(['Start a job', 'Confirm cost']);
    expect(sandbox.views(alice)).toEqual([]);
    expect(interactions('view_closed')).toHaveLength(1);
    expect(interactions('view_closed')[0]?.body).toMatchObject({
      type: 'view_closed',
      view: { callback_id: 'start-job' },
      is_cleared: false,
    });
  });
});
