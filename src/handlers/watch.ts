/**
 * Lambda `watch`: every 5 minutes and on Bedrock's "Model Customization Job State Change" events.
 * Both run the same use case; an event only says "look now", so the job's state is always read
 * from Bedrock, never trusted from the event. Wiring only.
 */
import { z } from 'zod';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { type Config, loadConfig } from '../config.js';
import { type WatchResult, watchActiveJobs } from '../core/jobs/watch.js';
import { announcer } from '../slack/announce.js';
import { type HandlerOverrides, notifierFor, once, resolveRuntime } from './runtime.js';

const bedrockEventSchema = z.object({
  source: z.literal('aws.bedrock'),
  'detail-type': z.string(),
  detail: z.object({
    jobName: z.string().nullish(),
    jobArn: z.string().nullish(),
    jobStatus: z.string().nullish(),
  }),
});

export async function buildWatch(config: Config, overrides: HandlerOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-watch', overrides);
  const dependencies = {
    jobs: runtime.stores.jobs,
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    clock: runtime.clock,
    logger: runtime.logger,
    announce: announcer(notifierFor(runtime.secrets.botToken, config), runtime.clock),
  };
  return async (event: unknown): Promise<WatchResult> => {
    const bedrockEvent = bedrockEventSchema.safeParse(event);
    if (bedrockEvent.success) {
      runtime.logger.info('Bedrock reported a job state change', { ...bedrockEvent.data.detail });
    }
    const result = await watchActiveJobs(dependencies);
    runtime.logger.info('watch run finished', { ...result });
    return result;
  };
}

const watch = once(() => buildWatch(loadConfig()));

export async function handler(event: unknown): Promise<WatchResult> {
  return (await watch())(event);
}
