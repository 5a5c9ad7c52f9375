/**
 * tune in several workspaces (TUNE_SLACK_WORKSPACES=many) on the whole local stack: a second
 * workspace adds tune through the install function and the sandbox's authorize page, its requests
 * are answered with its own bot token, and once it removes tune (or revokes the token) its token is
 * deleted and nothing more is posted there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoInstallationStore } from '../../../src/aws/dynamo-installation-store.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, SANDBOX_SIGNING_SECRET, startLocalStack } from '../../../src/local/stack.js';
import { jobStoreOf } from '../../support/jobs.js';
import { eventBody, postToBot } from '../../support/slack-requests.js';
import { inProgressJob } from '../../unit/core/jobs-fixture.js';

let stack: LocalStack;
let installations: DynamoInstallationStore;
let eventCounter = 0;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    environment: { TUNE_SLACK_WORKSPACES: 'many' },
  });
  installations = new DynamoInstallationStore({
    client: stack.clients.documents,
    tableName: stack.config.tableName,
  });
});
afterAll(async () => {
  await stack?.close();
});

function sandbox() {
  if (!stack.sandbox) throw new Error('the stack has no sandbox');
  return stack.sandbox;
}

/** A person of `teamId` walks through "Add to Slack" in a browser (the sandbox approves at once). */
async function addToSlack(teamId: string): Promise<Response> {
  const page = await fetch(stack.installUrl ?? '');
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const href = /href="([^"]+)"/.exec(await page.text())?.[1]?.replaceAll('&amp;', '&') ?? '';
  const authorize = new URL(href);
  authorize.searchParams.set('team', teamId);
  // The consent screen's Allow button.
  authorize.searchParams.set('approve', '1');
  const approved = await fetch(authorize, { redirect: 'manual' });
  return fetch(approved.headers.get('location') ?? '', { headers: { cookie } });
}

/** Sends one signed event of `teamId` to the slack function and waits for the worker. */
async function sendEvent(teamId: string, event: Record<string, unknown>): Promise<void> {
  const body = eventBody({ teamId, eventId: `EvWorkspaces${++eventCounter}`, event });
  const response = await postToBot(stack.botUrl ?? '', body, { signingSecret: SANDBOX_SIGNING_SECRET });
  expect(response.status).toBe(200);
  await stack.idle();
}

function homeOpened(userId = 'U0ALICE') {
  return { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: '1.000001' };
}

/** The Home tabs published with `teamId`'s token, as JSON. */
function homesPublishedBy(teamId: string): string[] {
  return sandbox()
    .apiCalls()
    .filter((call) => call.method === 'views.publish' && call.teamId === teamId && call.ok)
    .map((call) => JSON.stringify(call.arguments));
}

function publishesBy(teamId: string): number {
  return sandbox()
    .apiCalls()
    .filter((call) => call.method === 'views.publish' && call.teamId === teamId && call.ok).length;
}

describe('several workspaces', () => {
  it('says which mode it runs in at start-up', () => {
    expect(stack.describe().join('\n')).toContain('Slack workspaces: many');
  });

  it("answers a second workspace's request with that workspace's own token", async () => {
    // Prepare
    const installed = await addToSlack('T0SECOND');
    const before = { second: publishesBy('T0SECOND'), home: publishesBy(sandbox().teamId) };

    // Act
    await sendEvent('T0SECOND', homeOpened());
    await sendEvent(sandbox().teamId, homeOpened());

    // Assess
    expect(installed.status).toBe(200);
    expect(publishesBy('T0SECOND')).toBe(before.second + 1);
    expect(publishesBy(sandbox().teamId)).toBe(before.home + 1);
  });

  it('deletes the token of a workspace that removed tune, and posts nothing there afterwards', async () => {
    // Prepare
    await addToSlack('T0LEAVING');
    await sendEvent('T0LEAVING', homeOpened());
    const before = publishesBy('T0LEAVING');
    const handedOff = stack.queue.sentCount;

    // Act
    await sendEvent('T0LEAVING', { type: 'app_uninstalled', event_ts: '1.000002' });
    await sendEvent('T0LEAVING', homeOpened());

    // Assess
    expect(before).toBe(1);
    expect(await installations.get('T0LEAVING')).toBeUndefined();
    // Both events were handed to the worker; the second found no installation and posted nothing.
    expect(stack.queue.sentCount).toBe(handedOff + 2);
    expect(publishesBy('T0LEAVING')).toBe(before);
    expect(await installations.get('T0SECOND')).toBeDefined();
  });

  it("deletes the installation when the bot's token is revoked, not when only user tokens are", async () => {
    // Prepare
    await addToSlack('T0REVOKED');

    // Act
    await sendEvent('T0REVOKED', { type: 'tokens_revoked', tokens: { oauth: ['U0ALICE'] }, event_ts: '1.3' });
    const afterUserTokens = await installations.get('T0REVOKED');
    await sendEvent('T0REVOKED', {
      type: 'tokens_revoked',
      tokens: { bot: ['U0REVOKEDBOT'] },
      event_ts: '1.4',
    });

    // Assess
    expect(afterUserTokens).toBeDefined();
    expect(await installations.get('T0REVOKED')).toBeUndefined();
  });

  it('answers nothing for a workspace that never added tune', async () => {
    // Act
    await sendEvent('T0STRANGER', homeOpened());

    // Assess
    expect(
      sandbox()
        .apiCalls()
        .some((call) => call.teamId === 'T0STRANGER'),
    ).toBe(false);
  });

  it('says on the App Home, once tune is added back, that the jobs of before were followed', async () => {
    // Prepare: a job started while tune was installed, then tune removed and added back.
    await addToSlack('T0BACK');
    const place = { teamId: 'T0BACK', channelId: sandbox().channelId('ml-experiments'), userId: 'U0ALICE' };
    await jobStoreOf(stack).create(inProgressJob({ jobId: 'job-before-leaving', place }));
    await sendEvent('T0BACK', { type: 'app_uninstalled', event_ts: '1.5' });
    await addToSlack('T0BACK');

    // Act
    await sendEvent('T0BACK', homeOpened());
    await sendEvent('T0SECOND', homeOpened());

    // Assess
    expect(homesPublishedBy('T0BACK').at(-1)).toContain('tune was added to this workspace again on');
    expect(homesPublishedBy('T0BACK').at(-1)).toContain('support-bot-v1');
    expect(homesPublishedBy('T0SECOND').at(-1)).not.toContain('added to this workspace again');
  });
});
