/**
 * Lambda `watch`: every 5 minutes (EventBridge Scheduler) and on Bedrock's "Model Customization
 * Job State Change" events. Both run the same use case; an event only says "look now", so the
 * job's state is always read from Bedrock, never trusted from the event. Wiring only.
 */
import { z } from 'zod';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { loadConfig } from '../config.js';
import { type WatchResult, watchActiveJobs } from '../core/jobs/watch.js';
import { announcer } from '../slack/announce.js';
import {
  awsClientsFor,
  createLogger,
  notifierFor,
  once,
  resolveSlackSecrets,
  storesFor,
  systemClock,
} from './runtime.js';

const bedrockEventSchema = z.object({
  source: z.literal('aws.bedrock'),
  'detail-type': z.string(),
  detail: z.object({
    jobName: z.string().nullish(),
    jobArn: z.string().nullish(),
    jobStatus: z.string().nullish(),
  }),
});

const watch = once(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'tune-watch');
  const clients = awsClientsFor(config);
  const secrets = await resolveSlackSecrets(config);
  const { jobs } = storesFor(config, clients, systemClock);
  const dependencies = {
    jobs,
    customizer: new BedrockCustomizer({ client: clients.bedrock }),
    clock: systemClock,
    logger,
    announce: announcer(notifierFor(secrets.botToken, config)),
  };
  return { dependencies, logger };
});

export async function handler(event: unknown): Promise<WatchResult> {
  const { dependencies, logger } = await watch();
  const bedrockEvent = bedrockEventSchema.safeParse(event);
  if (bedrockEvent.success) {
    logger.info('Bedrock reported a job state change', { ...bedrockEvent.data.detail });
  }
  const result = await watchActiveJobs(dependencies);
  logger.info('watch run finished', { ...result });
  return result;
}
