/** Lambda `worker`: the queue's consumer. Wiring only. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { type Config, loadConfig } from '../config.js';
import { largestDatasetBytes } from '../core/catalog/index.js';
import { SlackFiles, slackFileOrigins } from '../slack/files.js';
import { createWorker } from '../slack/worker.js';
import { type HandlerOverrides, notifierFor, once, resolveRuntime, slackWebClient } from './runtime.js';

export async function buildWorker(config: Config, overrides: HandlerOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-worker', overrides);
  return createWorker({
    ...runtime.stores,
    notifier: notifierFor(runtime.secrets.botToken, config, runtime.logger),
    files: new SlackFiles({
      client: slackWebClient(runtime.secrets.botToken, config),
      botToken: runtime.secrets.botToken,
      // Only https://files.slack.com on AWS; locally also the sandbox's own http origin.
      allowedOrigins: slackFileOrigins(config.slack.apiUrl),
      maxBytes: largestDatasetBytes(),
    }),
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    bedrockRoleArn: config.bedrockRoleArn,
    clock: runtime.clock,
    logger: runtime.logger,
  });
}

const worker = once(() => buildWorker(loadConfig()));

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return (await worker())(event);
}
