/**
 * A measurement variant of src/handlers/slack.ts, not deployed: the same wiring, except that it
 * builds the one AWS client the slack function uses (SQS) instead of `createAwsClients`, whose lazy
 * getters still name every client's class and so bundle S3, Bedrock and DynamoDB into the entry.
 * bench/sizes.ts and bench/cold-start.ts build it beside the real entry to measure what the change
 * in src would save.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createSqsClient } from '../../src/aws/clients.js';
import { SqsQueue } from '../../src/aws/sqs-queue.js';
import type { Config } from '../../src/config.js';
import { type HandlerOverrides, lambdaEntry, systemClock } from '../../src/handlers/runtime.js';
import { formKeyFrom } from '../../src/slack/form-metadata.js';
import { createSlackHttpHandler, type SlackHttpHandler } from '../../src/slack/http-edge.js';
import type { Task } from '../../src/slack/tasks.js';

async function buildSlackHandler(config: Config, overrides: HandlerOverrides): Promise<SlackHttpHandler> {
  const { secrets, logger } = overrides;
  if (!secrets || !logger || !config.queueUrl) throw new Error('lambdaEntry passes the secrets and logger');
  const client = createSqsClient({ region: config.region, endpoints: { sqs: config.endpoints.sqs } });
  return createSlackHttpHandler({
    signingSecret: secrets.signingSecret,
    botToken: secrets.botToken,
    ...(config.slack.botId ? { botId: config.slack.botId } : {}),
    ...(config.slack.botUserId ? { botUserId: config.slack.botUserId } : {}),
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    dependencies: {
      queue: new SqsQueue<Task>({ client, queueUrl: config.queueUrl }),
      clock: systemClock,
      logger,
      formKey: formKeyFrom(secrets.signingSecret),
    },
  });
}

const edge = lambdaEntry('tune-slack', buildSlackHandler);

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await edge())(event);
}
