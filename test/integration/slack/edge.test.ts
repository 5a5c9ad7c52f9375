/**
 * The Slack edge end to end: the sandbox sends signed requests to the real `slack` handler behind
 * the local API Gateway stand-in; the worker answers through the real Web API client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSlackHandler } from '../../../src/handlers/slack.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, SANDBOX_SIGNING_SECRET, startLocalStack } from '../../../src/local/stack.js';
import {
  mentionEventBody,
  postToBot,
  signedHeaders,
  slashCommandBody,
} from '../../support/slack-requests.js';

let stack: LocalStack;
const alice = 'U0ALICE';

beforeAll(async () => {
  stack = await startLocalStack({ watchIntervalMs: 0, retryDelayMs: 10, logger: silentLogger });
});
afterAll(async () => {
  await stack?.close();
});

function sandbox() {
  if (!stack.sandbox) throw new Error('the stack has no sandbox');
  return stack.sandbox;
}
function channel() {
  return sandbox().channelId('ml-experiments');
}
function botUrl() {
  if (!stack.botUrl) throw new Error('the stack has no bot URL');
  return stack.botUrl;
}

describe('/tune', () => {
  it('answers help with every subcommand and an example, only to the person who asked', async () => {
    const result = await sandbox().slashCommand({ userId: alice, channelId: channel(), text: 'help' });

    expect(result.status).toBe(200);
    expect(result.failure).toBeUndefined();
    expect(JSON.stringify(result.responseMessage)).toContain('/tune help');
    expect(sandbox().ephemerals(channel(), alice).length).toBeGreaterThan(0);
    expect(
      sandbox()
        .messages(channel())
        .some((message) => JSON.stringify(message).includes('tune commands')),
    ).toBe(false);
  });

  it('treats an empty /tune as help', async () => {
    const result = await sandbox().slashCommand({ userId: alice, channelId: channel(), text: '' });
    expect(JSON.stringify(result.responseMessage)).toContain('Example');
  });

  it('points an unknown subcommand at help, suggesting the nearest one', async () => {
    const result = await sandbox().slashCommand({ userId: alice, channelId: channel(), text: 'hepl me' });
    const shown = JSON.stringify(result.responseMessage);
    expect(shown).toContain("I don't know");
    expect(shown).toContain('Did you mean `/tune help me`');
  });

  it("acknowledges well within Slack's three seconds", async () => {
    const result = await sandbox().slashCommand({ userId: alice, channelId: channel(), text: 'help' });
    expect(result.request?.durationMs).toBeLessThan(1000);
  });
});

describe('request signatures', () => {
  it.each([
    [
      'a wrong signature',
      { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' },
    ],
    ['no signature', { signature: null }],
    ['a timestamp older than five minutes', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['another signing secret', { signingSecret: 'not-the-secret' }],
  ] as const)('answers 401 and does nothing for %s', async (_name, override) => {
    const queued = stack.queue.sentCount;
    const apiCalls = sandbox().apiCalls().length;
    const body = mentionEventBody({
      eventId: `Ev${Math.random().toString(36).slice(2)}`,
      botUserId: sandbox().botUserId,
      channelId: channel(),
      userId: alice,
    });

    const response = await postToBot(botUrl(), body, { signingSecret: SANDBOX_SIGNING_SECRET, ...override });

    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
    await stack.idle();
    expect(stack.queue.sentCount).toBe(queued);
    expect(sandbox().apiCalls().length).toBe(apiCalls);
  });

  it('does the work of a correctly signed event that the same test sends (the control for the 401 cases)', async () => {
    const queued = stack.queue.sentCount;
    const body = mentionEventBody({
      eventId: 'EvControl',
      botUserId: sandbox().botUserId,
      channelId: channel(),
      userId: alice,
    });
    const response = await postToBot(botUrl(), body, { signingSecret: SANDBOX_SIGNING_SECRET });
    await stack.idle();
    expect(response.status).toBe(200);
    expect(stack.queue.sentCount).toBe(queued + 1);
  });

  it('does a retried event once when the first delivery was accepted', async () => {
    const body = mentionEventBody({
      eventId: 'EvRetried',
      botUserId: sandbox().botUserId,
      channelId: channel(),
      userId: alice,
    });
    const ts = String(JSON.parse(body).event.ts);
    const first = await postToBot(botUrl(), body, { signingSecret: SANDBOX_SIGNING_SECRET });
    const retries = await Promise.all(
      [1, 2, 3].map((retryNum) =>
        postToBot(botUrl(), body, { signingSecret: SANDBOX_SIGNING_SECRET, retryNum }),
      ),
    );
    await stack.idle();
    expect([first.status, ...retries.map((response) => response.status)]).toEqual([200, 200, 200, 200]);
    // Each delivery is handed over (nothing is written before the answer); the worker runs it once.
    const replies = sandbox()
      .apiCalls()
      .filter(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.arguments.thread_ts === ts &&
          // A mention naming no model is answered with the ways to ask one.
          String(call.arguments.text).startsWith('Which model should answer?'),
      );
    // (The sandbox has no message with this ts, so the answer itself is refused: one attempt.)
    expect(replies).toHaveLength(1);
  });

  it('accepts a correctly signed request whose body API Gateway base64-encoded', async () => {
    const handler = await buildSlackHandler(stack.config, {
      clients: stack.clients,
      queue: stack.queue,
      logger: silentLogger,
    });
    const body = slashCommandBody({ text: 'help' });
    const response = await handler({
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      rawQueryString: '',
      headers: signedHeaders(body, { signingSecret: SANDBOX_SIGNING_SECRET }),
      requestContext: {} as never,
      body: Buffer.from(body).toString('base64'),
      isBase64Encoded: true,
    });
    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toContain('/tune help');
  });
});

/** A request exactly as API Gateway hands it to the `slack` function, signed for `body`. */
function gatewayEvent(body: string, headers: Record<string, string>) {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers,
    requestContext: {} as never,
    body,
    isBase64Encoded: false,
  };
}

describe('request bodies', () => {
  async function handler() {
    return buildSlackHandler(stack.config, {
      clients: stack.clients,
      queue: stack.queue,
      logger: silentLogger,
    });
  }
  const form = slashCommandBody({ text: 'help' });
  const json = mentionEventBody({ eventId: 'EvBody', botUserId: 'U0BOT', channelId: 'C1', userId: alice });

  // Regression: a valid signed request replayed with another Content-Type made Bolt's receiver
  // throw while parsing the body, and the function answered 500.
  it.each([
    ['a form body labelled text/plain', 415, form, 'text/plain'],
    ['a form body labelled application/json', 400, form, 'application/json'],
    ['a form body with no content type', 415, form, undefined],
    ['a JSON body labelled as a form', 400, json, 'application/x-www-form-urlencoded'],
    ['a form whose payload is not JSON', 400, 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
  ] as const)('answers %s with a clean %i, without throwing', async (_name, status, body, contentType) => {
    const queued = stack.queue.sentCount;
    const headers = signedHeaders(body, { signingSecret: SANDBOX_SIGNING_SECRET });
    delete headers['content-type'];
    if (contentType) headers['content-type'] = contentType;

    const response = await (await handler())(gatewayEvent(body, headers));

    expect(response.statusCode).toBe(status);
    await stack.idle();
    expect(stack.queue.sentCount).toBe(queued);
  });

  it('accepts a form whose content type carries parameters and other letter cases', async () => {
    const headers = signedHeaders(form, { signingSecret: SANDBOX_SIGNING_SECRET });
    headers['content-type'] = 'Application/X-WWW-Form-URLEncoded; charset=UTF-8';

    const response = await (await handler())(gatewayEvent(form, headers));

    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toContain('/tune help');
  });
});

describe('events', () => {
  it('answers a mention once in its thread, even when Slack retries the delivery', async () => {
    const posted = await sandbox().postMessage({
      userId: alice,
      channelId: channel(),
      text: `<@${sandbox().botUserId}> hello`,
    });
    const delivery = posted.deliveries.find((record) => record.eventType === 'app_mention');
    expect(delivery?.status).toBe(200);
    const ts = String(posted.message.ts);

    const retry = await sandbox().resend(delivery?.id ?? '', { retryNum: 1, reason: 'http_timeout' });
    await stack.idle();

    expect(retry.status).toBe(200);
    const replies = sandbox()
      .thread(channel(), ts)
      .filter((message) => message.user === sandbox().botUserId);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0])).toContain('/tune help');
  });

  it('publishes the Home tab when it is opened', async () => {
    await sandbox().openHome(alice);
    await stack.idle();
    const home = sandbox().home(alice);
    expect(JSON.stringify(home)).toContain('Your jobs');
    expect(JSON.stringify(home)).toContain('No jobs yet');
  });
});
