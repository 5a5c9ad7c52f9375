/**
 * What the serving use cases (src/core/serving) need, from the worker's dependencies: the stores,
 * Bedrock, and the announcer that tells a model's thread about its endpoints. Deploying,
 * undeploying and an evaluation's endpoint all build theirs here, so every one announces the same way.
 */
import type { ServingDependencies } from '../core/serving/deploy.js';
import { endpointAnnouncer } from './endpoint-announce.js';
import type { WorkerDependencies } from './worker-dependencies.js';

export function servingDependenciesOf(
  dependencies: Pick<
    WorkerDependencies,
    'endpoints' | 'customModels' | 'customizer' | 'idempotency' | 'clock' | 'logger' | 'serving' | 'notifier'
  >,
): ServingDependencies {
  return {
    endpoints: dependencies.endpoints,
    models: dependencies.customModels,
    customizer: dependencies.customizer,
    idempotency: dependencies.idempotency,
    clock: dependencies.clock,
    logger: dependencies.logger,
    settings: dependencies.serving,
    announceEndpoint: endpointAnnouncer(dependencies.notifier, dependencies.clock),
  };
}
