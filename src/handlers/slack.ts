/** Lambda `slack`: HTTP API `POST /slack/events`. Wiring only. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Config } from '../config.js';
import { createSlackHttpHandler, type SlackHttpHandler } from '../slack/http-edge.js';
import {
  type HandlerOverrides,
  lambdaEntry,
  queueFor,
  resolveBaseRuntime,
  slackEdgeDependencies,
} from './runtime.js';

export async function buildSlackHandler(
  config: Config,
  overrides: HandlerOverrides = {},
): Promise<SlackHttpHandler> {
  // Clients are built on first use: this function only ever touches the queue.
  const runtime = await resolveBaseRuntime(config, 'tune-slack', overrides);
  return createSlackHttpHandler({
    signingSecret: runtime.secrets.signingSecret,
    botToken: runtime.secrets.botToken,
    ...(config.slack.botId ? { botId: config.slack.botId } : {}),
    ...(config.slack.botUserId ? { botUserId: config.slack.botUserId } : {}),
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    dependencies: slackEdgeDependencies(runtime, overrides.queue ?? queueFor(config, runtime.clients)),
  });
}

const edge = lambdaEntry('tune-slack', buildSlackHandler);

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await edge())(event);
}
