/** Lambda `watch`: every 5 minutes and on Bedrock's job state-change events. Wiring only. */
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import type { Config } from '../config.js';
import { announcer } from '../slack/announce.js';
import { finishedJobFollowUp } from '../slack/follow-ups.js';
import { createWatchRun, type WatchRunResult } from '../slack/watch-run.js';
import { type HandlerOverrides, lambdaEntry, notifierFor, queueFor, resolveRuntime } from './runtime.js';

export async function buildWatch(config: Config, overrides: HandlerOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-watch', overrides);
  const queue = overrides.queue ?? queueFor(config, runtime.clients);
  return createWatchRun({
    ...runtime.stores,
    customizer: new BedrockCustomizer({ client: runtime.clients.bedrock }),
    clock: runtime.clock,
    logger: runtime.logger,
    announce: announcer(notifierFor(runtime.secrets.botToken, config, runtime.logger), runtime.clock),
    followUp: finishedJobFollowUp(queue),
    queue,
  });
}

const watch = lambdaEntry('tune-watch', buildWatch);

export async function handler(event: unknown): Promise<WatchRunResult> {
  return (await watch())(event);
}
