/** Lambda `worker`: the queue's consumer. Wiring only. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import type { Config } from '../config.js';
import { SlackFiles, slackFileHosts } from '../slack/files.js';
import { createWorker } from '../slack/worker.js';
import {
  type HandlerOverrides,
  lambdaEntry,
  notifierFor,
  resolveRuntime,
  slackWebClient,
} from './runtime.js';

export async function buildWorker(config: Config, overrides: HandlerOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-worker', overrides);
  return createWorker({
    ...runtime.stores,
    notifier: notifierFor(runtime.secrets.botToken, config),
    files: new SlackFiles({
      client: slackWebClient(runtime.secrets.botToken, config),
      botToken: runtime.secrets.botToken,
      allowedHosts: slackFileHosts(config.slack.apiUrl),
    }),
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    bedrockRoleArn: config.bedrockRoleArn,
    clock: runtime.clock,
    logger: runtime.logger,
  });
}

const worker = lambdaEntry('tune-worker', buildWorker);

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return (await worker())(event);
}
