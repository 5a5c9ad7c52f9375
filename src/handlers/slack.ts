/** Lambda `slack`: HTTP API `POST /slack/events`. Wiring only. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { loadConfig } from '../config.js';
import { createSlackHttpHandler, type SlackHttpHandler } from '../slack/http-edge.js';
import {
  awsClientsFor,
  createLogger,
  once,
  queueFor,
  resolveSlackSecrets,
  storesFor,
  systemClock,
} from './runtime.js';

const edge = once<SlackHttpHandler>(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'tune-slack');
  const clients = awsClientsFor(config);
  const secrets = await resolveSlackSecrets(config);
  const { idempotency } = storesFor(config, clients, systemClock);
  return createSlackHttpHandler({
    signingSecret: secrets.signingSecret,
    botToken: secrets.botToken,
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    dependencies: { idempotency, queue: queueFor(config, clients), clock: systemClock, logger },
  });
});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await edge())(event);
}
