/**
 * "Add to Slack" end to end: the real `install` handler (Bolt's ExpressReceiver behind
 * serverless-http) called with API Gateway events, the sandbox playing Slack's authorize page and
 * `oauth.v2.access`, the installation written to dynalite. A state is refused when it was never
 * issued, when it comes back a second time, and when another browser brings it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoInstallationStore } from '../../../src/aws/dynamo-installation-store.js';
import { loadConfig } from '../../../src/config.js';
import { buildInstallHandler, type InstallHttpHandler } from '../../../src/handlers/install.js';
import { type SlackSandbox, startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';
import { INSTALL_BOT_SCOPES } from '../../../src/slack/install/scopes.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

const clientId = '1111.2222';
const clientSecret = 'sandbox-client-secret';
const redirectUrl = 'https://tune.example/slack/oauth_redirect';
const STATE_COOKIE = 'slack-app-oauth-state';

let aws: LocalAws;
let sandbox: SlackSandbox;
let install: InstallHttpHandler;
let installations: DynamoInstallationStore;

beforeAll(async () => {
  aws = await startLocalAws();
  sandbox = await startSlackSandbox({
    signingSecret: 'unused',
    botToken: 'xoxb-home',
    oauth: { clientId, clientSecret, redirectUrl },
  });
  const config = loadConfig({
    TUNE_TABLE_NAME: aws.tableName,
    TUNE_BUCKET: aws.bucket,
    TUNE_DYNAMODB_ENDPOINT: aws.endpoints.dynamodb,
    SLACK_SIGNING_SECRET: 'unused',
    TUNE_SLACK_WORKSPACES: 'many',
    SLACK_CLIENT_ID: clientId,
    SLACK_CLIENT_SECRET: clientSecret,
    TUNE_SLACK_API_URL: sandbox.apiUrl,
  });
  install = await buildInstallHandler(config, { clients: aws.clients, logger: new RecordingLogger() });
  installations = new DynamoInstallationStore({ client: aws.clients.documents, tableName: aws.tableName });
});
afterAll(async () => {
  await sandbox?.close();
  await aws?.close();
});

function getEvent(path: string, query = '', cookies: string[] = []): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: { host: 'tune.example', 'x-forwarded-proto': 'https' },
    ...(cookies.length > 0 ? { cookies } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'tune.example',
      domainPrefix: 'tune',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'request',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

function bodyOf(response: APIGatewayProxyStructuredResultV2): string {
  const body = response.body ?? '';
  return response.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/** The state cookie the install page set, as `name=value`. */
function stateCookie(response: APIGatewayProxyStructuredResultV2): string {
  // serverless-http answers API Gateway v2 with the header as Express set it (one cookie here).
  const set = [...(response.cookies ?? []), String(response.headers?.['set-cookie'] ?? '')];
  const cookie = set.find((line) => line.startsWith(`${STATE_COOKIE}=`));
  if (!cookie) throw new Error(`no state cookie in ${JSON.stringify(response)}`);
  return cookie.split(';')[0] ?? '';
}

/** Opens the install page, presses "Add to Slack" (the sandbox approves for `team`), and returns where Slack sent the browser. */
async function startInstall(team: string): Promise<{ cookie: string; code: string; state: string }> {
  const page = await install(getEvent('/slack/install'));
  expect(page.statusCode).toBe(200);
  const href = /href="([^"]+)"/.exec(bodyOf(page))?.[1]?.replaceAll('&amp;', '&') ?? '';
  const authorize = new URL(href);
  expect(`${authorize.origin}${authorize.pathname}`).toBe(sandbox.authorizeUrl);
  authorize.searchParams.set('team', team);
  // The consent screen's Allow button.
  authorize.searchParams.set('approve', '1');
  const approved = await fetch(authorize, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const back = new URL(approved.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(redirectUrl);
  return {
    cookie: stateCookie(page),
    code: back.searchParams.get('code') ?? '',
    state: back.searchParams.get('state') ?? '',
  };
}

function redirect(input: { code: string; state: string; cookie?: string }) {
  const query = new URLSearchParams({ code: input.code, state: input.state }).toString();
  return install(getEvent('/slack/oauth_redirect', query, input.cookie ? [input.cookie] : []));
}

function exchanges(): number {
  return sandbox.apiCalls().filter((call) => call.method === 'oauth.v2.access').length;
}

describe('Add to Slack', () => {
  it('asks for exactly the scopes of the manifest on the install page', async () => {
    // Act
    const page = await install(getEvent('/slack/install'));

    // Assess
    const href = /href="([^"]+)"/.exec(bodyOf(page))?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(new URL(href).searchParams.get('scope')?.split(',')).toEqual([...INSTALL_BOT_SCOPES]);
    expect(new URL(href).searchParams.get('client_id')).toBe(clientId);
  });

  it('installs a second workspace with its own token and says so in plain words', async () => {
    // Prepare
    const started = await startInstall('T0SECOND');

    // Act
    const response = await redirect(started);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toContain('tune is installed in Second workspace');
    const stored = await installations.get('T0SECOND');
    expect(stored).toMatchObject({
      teamId: 'T0SECOND',
      teamName: 'Second workspace',
      botId: 'B0SECONDBOT',
      botUserId: 'U0SECONDBOT',
      installerUserId: 'U0ALICE',
      scopes: [...INSTALL_BOT_SCOPES],
    });
    expect(stored?.botToken).toMatch(/^xoxb-T0SECOND-/);
    expect(stored?.botToken).not.toBe('xoxb-home');
    // Bolt asked auth.test who the new token is, and the sandbox answered for the second workspace.
    expect(sandbox.apiCalls().some((call) => call.method === 'auth.test' && call.teamId === 'T0SECOND')).toBe(
      true,
    );
  });

  it('refuses a state it never issued, and saves nothing', async () => {
    // Prepare
    const started = await startInstall('T0FORGED');
    const before = exchanges();
    const forged = 'a-state-someone-made-up';

    // Act
    const response = await redirect({
      code: started.code,
      state: forged,
      cookie: `${STATE_COOKIE}=${forged}`,
    });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toContain('tune was not installed');
    expect(bodyOf(response)).toContain('already used, has expired');
    expect(exchanges()).toBe(before);
    expect(await installations.get('T0FORGED')).toBeUndefined();
  });

  it('refuses the same redirect a second time', async () => {
    // Prepare
    const started = await startInstall('T0REPLAY');
    const first = await redirect(started);
    await installations.delete('T0REPLAY');
    const before = exchanges();

    // Act
    const replayed = await redirect(started);

    // Assess
    expect(first.statusCode).toBe(200);
    expect(replayed.statusCode).toBe(400);
    expect(bodyOf(replayed)).toContain('already used, has expired');
    expect(exchanges()).toBe(before);
    expect(await installations.get('T0REPLAY')).toBeUndefined();
  });

  it('refuses a state brought back by another browser (no state cookie)', async () => {
    // Prepare
    const started = await startInstall('T0OTHERBROWSER');

    // Act
    const response = await redirect({ code: started.code, state: started.state });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(await installations.get('T0OTHERBROWSER')).toBeUndefined();
  });

  it('says the install was cancelled when the person declined in Slack', async () => {
    // Act
    const response = await install(getEvent('/slack/oauth_redirect', 'error=access_denied&state=x'));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toContain('The install was cancelled in Slack. Nothing was saved.');
  });
});

describe('a deployment for one workspace', () => {
  it('takes no installs, and says so', async () => {
    // Prepare
    const oneWorkspace = await buildInstallHandler(
      loadConfig({
        TUNE_TABLE_NAME: aws.tableName,
        TUNE_BUCKET: aws.bucket,
        SLACK_SIGNING_SECRET: 'unused',
        SLACK_BOT_TOKEN: 'xoxb-home',
      }),
      { clients: aws.clients, logger: new RecordingLogger() },
    );

    // Act
    const response = await oneWorkspace(getEvent('/slack/install'));

    // Assess
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toContain('This tune serves one workspace');
  });
});
