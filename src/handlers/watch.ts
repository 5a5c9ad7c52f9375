/** Lambda `watch`: every 5 minutes and on Bedrock's job state-change events. Wiring only. */
import { BedrockCustomizer } from '../aws/bedrock-customizer.js';
import type { Config } from '../config.js';
import type { ServingDependencies } from '../core/serving/deploy.js';
import { finishedJobFollowUp } from '../slack/follow-ups.js';
import { teamAnnouncers } from '../slack/team-announce.js';
import { createWatchRun, type WatchRunResult } from '../slack/watch-run.js';
import {
  type HandlerOverrides,
  lambdaEntry,
  offersFor,
  pricesRefresherFor,
  queueFor,
  resolveRuntime,
  servingSettingsFor,
} from './runtime.js';
import { notifiersByTeam, teamTokensFor } from './workspaces.js';

/** What the watch composition takes beyond the common overrides: the evaluation's hook. */
export interface WatchOverrides extends HandlerOverrides {
  onEvaluationEndpointReady?: ServingDependencies['onEvaluationEndpointReady'];
}

export async function buildWatch(config: Config, overrides: WatchOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-watch', overrides);
  const { stores, clock, logger } = runtime;
  const customizer = new BedrockCustomizer({ client: runtime.clients.bedrock });
  const settings = servingSettingsFor(config);
  const queue = overrides.queue ?? queueFor(config, runtime.clients);
  // Each message goes out with the token of the team it concerns (or nowhere, once it left).
  const { announce, announceEndpoint, ...notices } = teamAnnouncers(
    notifiersByTeam(config, runtime, teamTokensFor(config, runtime)),
    clock,
    { models: stores.customModels, customizer, logger, settings },
    settings,
  );
  return createWatchRun({
    ...stores,
    customizer,
    clock,
    logger,
    announce,
    followUp: finishedJobFollowUp(queue),
    queue,
    refreshOffers: offersFor(config, runtime),
    serving: {
      endpoints: stores.endpoints,
      models: stores.customModels,
      storedModels: stores.customModels,
      customizer,
      idempotency: stores.idempotency,
      clock,
      logger,
      settings,
      announceEndpoint,
      ...notices,
      ...(overrides.onEvaluationEndpointReady
        ? { onEvaluationEndpointReady: overrides.onEvaluationEndpointReady }
        : {}),
    },
    refreshPrices: pricesRefresherFor(config, runtime),
  });
}

const watch = lambdaEntry('tune-watch', buildWatch);

export async function handler(event: unknown): Promise<WatchRunResult> {
  return (await watch())(event);
}
