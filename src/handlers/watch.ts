/**
 * Lambda `watch`: every 5 minutes and on Bedrock's "Model Customization Job State Change" events.
 * Both run the same use case; an event only says "look now", so the job's state is always read
 * from Bedrock, never trusted from the event. Wiring only.
 */
import { z } from 'zod';
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import { type Config, loadConfig } from '../config.js';
import { collectUploads } from '../core/intake/upload.js';
import { type WatchResult, watchActiveJobs } from '../core/jobs/watch.js';
import { announcer } from '../slack/announce.js';
import type { Task } from '../slack/tasks.js';
import { type HandlerOverrides, notifierFor, once, queueFor, resolveRuntime } from './runtime.js';

export interface WatchRunResult extends WatchResult {
  uploadsQueued: number;
}

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
    idempotency: runtime.stores.idempotency,
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    clock: runtime.clock,
    logger: runtime.logger,
    announce: announcer(notifierFor(runtime.secrets.botToken, config), runtime.clock),
  };
  const queue = overrides.queue ?? queueFor(config, runtime.clients);
  return async (event: unknown): Promise<WatchRunResult> => {
    const bedrockEvent = bedrockEventSchema.safeParse(event);
    if (bedrockEvent.success) {
      runtime.logger.info('Bedrock reported a job state change', { ...bedrockEvent.data.detail });
    }
    const result = await watchActiveJobs(dependencies);
    // Uploads are looked for on the schedule only; a Bedrock event is about a job.
    const uploadsQueued = bedrockEvent.success
      ? 0
      : await collectUploads<Task>({
          ...runtime.stores,
          queue,
          clock: runtime.clock,
          logger: runtime.logger,
          taskFor: (upload) => ({
            kind: 'dataset',
            teamId: upload.teamId,
            channelId: upload.channelId,
            userId: upload.userId,
            text: upload.text,
            file: { from: 'upload', key: upload.key, name: upload.name },
          }),
        });
    runtime.logger.info('watch run finished', { ...result, uploadsQueued });
    return { ...result, uploadsQueued };
  };
}

const watch = once(() => buildWatch(loadConfig()));

export async function handler(event: unknown): Promise<WatchRunResult> {
  return (await watch())(event);
}
