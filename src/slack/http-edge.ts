/**
 * The Slack-facing HTTP entry: API Gateway HTTP API (v2) events in, responses out. It verifies
 * Slack's signature itself on the raw body (base64-decoded when API Gateway encoded it), with the
 * injected clock for the five-minute window, and answers 401 before anything runs; a body Slack
 * would not send gets a 4xx (./request-body.ts); then Bolt's AwsLambdaReceiver routes the request
 * to the listeners and returns their acknowledgement.
 */
import { App, AwsLambdaReceiver } from '@slack/bolt';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { boltLogger } from './bolt-logger.js';
import type { SlackEdgeDependencies } from './dependencies.js';
import { registerListeners } from './listeners/index.js';
import { maskBody, maskingFetch } from './outgoing.js';
import { checkRequestBody } from './request-body.js';
import { verifySlackSignature } from './signature.js';
import type { BotIdentity } from './team-tokens.js';

export type SlackHttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface SlackHttpEdgeOptions {
  signingSecret: string;
  /** The one workspace's bot token; unused when `botForTeam` is given. */
  botToken?: string | undefined;
  /**
   * With many workspaces, each team's bot (its installation), asked by Bolt's `authorize` for every
   * request; undefined for a team tune is not installed in.
   */
  botForTeam?: (teamId: string) => Promise<BotIdentity | undefined>;
  /** The bot's ids (from configuration): with both, Bolt needs no `auth.test` call on a cold start. */
  botId?: string;
  botUserId?: string;
  /** The Slack Web API base URL (the sandbox's locally). */
  slackApiUrl?: string;
  dependencies: SlackEdgeDependencies;
}

export function createSlackHttpHandler(options: SlackHttpEdgeOptions): SlackHttpHandler {
  const { dependencies } = options;
  const logger = boltLogger(dependencies.logger);
  const receiver = new AwsLambdaReceiver({
    signingSecret: options.signingSecret,
    // Verified below with the injected clock; Bolt's own check would read the wall clock.
    signatureVerification: false,
    logger,
  });
  const knownIds =
    options.botId && options.botUserId ? { botId: options.botId, botUserId: options.botUserId } : {};
  const masked = (original: string) =>
    dependencies.logger.info('masked AWS account ids in a message to Slack', { original });
  const { botForTeam } = options;
  const app = new App({
    ...(botForTeam
      ? {
          // A team without an installation still reaches the listeners, which only hand off: the
          // worker then drops the request, so nothing is posted there (and Slack gets its ack).
          authorize: async ({ teamId }: { teamId?: string }) => {
            const bot = teamId ? await botForTeam(teamId) : undefined;
            return bot
              ? {
                  botToken: bot.botToken,
                  ...(bot.botId ? { botId: bot.botId } : {}),
                  ...(bot.botUserId ? { botUserId: bot.botUserId } : {}),
                  ...(teamId ? { teamId } : {}),
                }
              : { ...(teamId ? { teamId } : {}) };
          },
        }
      : { token: options.botToken, ...knownIds, tokenVerificationEnabled: !knownIds.botId }),
    receiver,
    logger,
    clientOptions: {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      // The one Web API call made here (opening the start form) must answer within Slack's 3
      // seconds or not at all: no retries, no waiting out a rate limit.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 2000,
      // Bolt's client and `respond` send what the listeners build: account ids are masked on the way.
      fetch: maskingFetch(fetch, masked),
    },
  });
  registerListeners(app, dependencies);
  app.error(async (error) => {
    dependencies.logger.error('listener failed', { error: String(error), stack: error.stack });
  });
  const boltHandler = receiver.toHandler();

  return async (event) => {
    const rawBody = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    const headers = lowerCaseHeaders(event.headers);
    const check = verifySlackSignature({
      signingSecret: options.signingSecret,
      signature: headers['x-slack-signature'],
      timestamp: headers['x-slack-request-timestamp'],
      rawBody,
      nowSeconds: Math.floor(dependencies.clock.now().getTime() / 1000),
    });
    if (!check.ok) {
      dependencies.logger.warn('rejected a request that is not signed by Slack', { reason: check.reason });
      return { statusCode: 401, body: '' };
    }
    const retry = headers['x-slack-retry-num'];
    if (retry) {
      dependencies.logger.info('Slack retried a request', { retry, reason: headers['x-slack-retry-reason'] });
    }
    const body = checkRequestBody(rawBody, headers['content-type']);
    if (!body.ok) {
      dependencies.logger.warn('refused a signed request whose body Slack would not send', {
        reason: body.reason,
      });
      return { statusCode: body.statusCode, body: '' };
    }
    const response = await boltHandler(
      {
        ...event,
        // The receiver matches the Content-Type exactly: give it the bare media type just checked.
        headers: { ...headers, 'content-type': body.contentType },
        body: rawBody,
        isBase64Encoded: false,
      },
      {},
    );
    return {
      statusCode: response.statusCode,
      // The acknowledgement is a message too (a slash command's answer): masked like the rest.
      body: typeof response.body === 'string' ? maskBody(response.body, masked) : response.body,
      ...(response.headers ? { headers: stringHeaders(response.headers) } : {}),
    };
  };
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function stringHeaders(headers: Record<string, boolean | number | string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}
