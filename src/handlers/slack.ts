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
import { teamTokensFor } from './workspaces.js';

export async function buildSlackHandler(
  config: Config,
  overrides: HandlerOverrides = {},
): Promise<SlackHttpHandler> {
  // Clients are built on first use: this function only ever touches the queue.
  const runtime = await resolveBaseRuntime(config, 'tune-slack', overrides);
  const tokens = teamTokensFor(config, runtime);
  return createSlackHttpHandler({
    signingSecret: runtime.secrets.signingSecret,
    botToken: runtime.secrets.botToken,
    // Many workspaces: the one read this function makes, each team's installation (cached).
    ...(config.slack.workspaces === 'many' ? { botForTeam: (teamId: string) => tokens.forTeam(teamId) } : {}),
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
