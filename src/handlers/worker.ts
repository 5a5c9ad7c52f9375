/** Lambda `worker`: the queue's consumer. Wiring only. */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Config } from '../config.js';
import { createWorker } from '../slack/worker.js';
import {
  type HandlerOverrides,
  lambdaEntry,
  queueFor,
  resolveRuntime,
  workerDependencies,
} from './runtime.js';
import { teamTokensFor, workerDependenciesByTeam, workspaceInstallsFor } from './workspaces.js';

export async function buildWorker(config: Config, overrides: HandlerOverrides = {}) {
  const runtime = await resolveRuntime(config, 'tune-worker', overrides);
  const queue = overrides.queue ?? queueFor(config, runtime.clients);
  const tokens = teamTokensFor(config, runtime);
  const workspaces = workspaceInstallsFor(config, runtime, tokens);
  const base = { ...workerDependencies(config, runtime, queue), ...(workspaces ? { workspaces } : {}) };
  return createWorker(base, workerDependenciesByTeam(config, runtime, tokens, base));
}

const worker = lambdaEntry('tune-worker', buildWorker);

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return (await worker())(event, context);
}
