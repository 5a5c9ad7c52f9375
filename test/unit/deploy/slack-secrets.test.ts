/**
 * The deployed functions read the two Slack secrets from SSM in one GetParameters call, read them
 * again once they are five minutes old, and serve with a handler rebuilt when one changed. The SSM
 * client here is the real one, with a request handler standing in for the network that answers
 * as SSM does and records every call.
 */
import { SSMClient, type SSMClientConfig } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { type Config, loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/ports.js';
import {
  builtWithCurrentSecrets,
  SECRETS_MAX_AGE_SECONDS,
  type SlackSecrets,
  slackSecretsReader,
} from '../../../src/handlers/runtime.js';

const SIGNING = '/tune/prod/slack-signing-secret';
const TOKEN = '/tune/prod/slack-bot-token';

const deployed: Config = loadConfig({
  TUNE_TABLE_NAME: 'tune',
  TUNE_BUCKET: 'tune-bucket',
  SLACK_SIGNING_SECRET_PARAM: SIGNING,
  SLACK_BOT_TOKEN_PARAM: TOKEN,
});

const getParametersRequest = z.object({ Names: z.array(z.string()), WithDecryption: z.boolean() });

/** SSM's JSON API for GetParameters, over what `parameters` holds; every call is recorded. */
function fakeSsm(parameters: Map<string, string>) {
  const calls: { target: string; body: z.infer<typeof getParametersRequest> }[] = [];
  const requestHandler: SSMClientConfig['requestHandler'] = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? '';
      const body = getParametersRequest.parse(JSON.parse(String(request.body)));
      calls.push({ target, body });
      const known = body.Names.filter((name) => parameters.has(name));
      const answer = {
        Parameters: known.map((name) => ({ Name: name, Type: 'SecureString', Value: parameters.get(name) })),
        InvalidParameters: body.Names.filter((name) => !parameters.has(name)),
      };
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: new TextEncoder().encode(JSON.stringify(answer)),
        },
      };
    },
  };
  const client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler,
    maxAttempts: 1,
  });
  return { client, calls };
}

const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('reading the Slack secrets from SSM', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T10:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads both parameters in one GetParameters call, decrypted', async () => {
    // Prepare
    const ssm = fakeSsm(
      new Map([
        [SIGNING, 'signing-1'],
        [TOKEN, 'xoxb-1'],
      ]),
    );

    // Act
    const secrets = await slackSecretsReader(deployed, ssm.client)();

    // Assess
    expect(secrets).toEqual({ signingSecret: 'signing-1', botToken: 'xoxb-1' });
    expect(ssm.calls).toEqual([
      {
        target: 'AmazonSSM.GetParameters',
        body: { Names: expect.arrayContaining([SIGNING, TOKEN]), WithDecryption: true },
      },
    ]);
    expect(ssm.calls[0]?.body.Names).toHaveLength(2);
  });

  it('reads them again only once they are five minutes old, so a rotated token arrives', async () => {
    // Prepare
    const parameters = new Map([
      [SIGNING, 'signing-1'],
      [TOKEN, 'xoxb-1'],
    ]);
    const ssm = fakeSsm(parameters);
    const read = slackSecretsReader(deployed, ssm.client);
    await read();

    // Act
    parameters.set(TOKEN, 'xoxb-2');
    vi.setSystemTime(new Date(Date.now() + (SECRETS_MAX_AGE_SECONDS - 1) * 1000));
    const beforeExpiry = await read();
    vi.setSystemTime(new Date(Date.now() + 2000));
    const afterExpiry = await read();

    // Assess
    expect(beforeExpiry.botToken).toBe('xoxb-1');
    expect(afterExpiry.botToken).toBe('xoxb-2');
    expect(ssm.calls).toHaveLength(2);
  });

  it('names the variable whose parameter is missing', async () => {
    // Prepare
    const ssm = fakeSsm(new Map([[SIGNING, 'signing-1']]));

    // Act
    const reading = slackSecretsReader(deployed, ssm.client)();

    // Assess
    await expect(reading).rejects.toThrowError(ConfigError);
    await expect(reading).rejects.toThrowError(`SSM parameter ${TOKEN} (SLACK_BOT_TOKEN_PARAM) is missing`);
  });

  it('calls SSM not at all when the environment holds the secrets (local runs)', async () => {
    // Prepare
    const ssm = fakeSsm(new Map());
    const local = {
      ...deployed,
      slack: { ...deployed.slack, signingSecret: 'local', botToken: 'xoxb-local' },
    };

    // Act
    const secrets = await slackSecretsReader(local, ssm.client)();

    // Assess
    expect(secrets).toEqual({ signingSecret: 'local', botToken: 'xoxb-local' });
    expect(ssm.calls).toEqual([]);
  });
});

describe('a handler built with the current secrets', () => {
  function scripted(...answers: (SlackSecrets | Error)[]) {
    return async () => {
      const answer = answers.shift();
      if (answer === undefined) throw new Error('no scripted secrets left');
      if (answer instanceof Error) throw answer;
      return answer;
    };
  }
  const first = { signingSecret: 's1', botToken: 'xoxb-1' };

  it('is built once while the secrets stay the same, and again when one changes', async () => {
    // Prepare
    const builds: SlackSecrets[] = [];
    const handler = builtWithCurrentSecrets(
      scripted(first, { ...first }, { ...first, botToken: 'xoxb-2' }),
      async (secrets) => {
        builds.push(secrets);
        return `handler ${builds.length}`;
      },
      silentLogger,
    );

    // Act
    const served = [await handler(), await handler(), await handler()];

    // Assess
    expect(served).toEqual(['handler 1', 'handler 1', 'handler 2']);
    expect(builds.map((secrets) => secrets.botToken)).toEqual(['xoxb-1', 'xoxb-2']);
  });

  it('keeps serving with the secrets it has when reading them again fails, and logs it', async () => {
    // Prepare
    const warn = vi.fn();
    const handler = builtWithCurrentSecrets(
      scripted(first, new Error('ThrottlingException')),
      async () => 'built',
      {
        ...silentLogger,
        warn,
      },
    );
    await handler();

    // Act
    const served = await handler();

    // Assess
    expect(served).toBe('built');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not read the Slack secrets again'), {
      error: 'Error: ThrottlingException',
    });
  });

  it('fails the first request when the secrets cannot be read, and builds on the next one', async () => {
    // Prepare
    const handler = builtWithCurrentSecrets(
      scripted(new ConfigError('SSM parameter missing'), first),
      async () => 'built',
      silentLogger,
    );

    // Act
    const firstRequest = handler();

    // Assess
    await expect(firstRequest).rejects.toThrowError(ConfigError);
    await expect(handler()).resolves.toBe('built');
  });

  it('builds again on the next request when a build failed', async () => {
    // Prepare
    let attempts = 0;
    const handler = builtWithCurrentSecrets(
      scripted(first, first),
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('Slack unreachable');
        return 'built';
      },
      silentLogger,
    );

    // Act
    const firstRequest = handler();

    // Assess
    await expect(firstRequest).rejects.toThrowError('Slack unreachable');
    await expect(handler()).resolves.toBe('built');
  });
});
