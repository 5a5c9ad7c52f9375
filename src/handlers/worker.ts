/** Lambda `worker`: the queue's consumer. Wiring only. */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../config.js';
import { createWorker } from '../slack/worker.js';
import {
  awsClientsFor,
  createLogger,
  notifierFor,
  once,
  resolveSlackSecrets,
  storesFor,
  systemClock,
} from './runtime.js';

const worker = once(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'tune-worker');
  const clients = awsClientsFor(config);
  const secrets = await resolveSlackSecrets(config);
  const { jobs, idempotency } = storesFor(config, clients, systemClock);
  return createWorker({
    notifier: notifierFor(secrets.botToken, config),
    jobs,
    idempotency,
    clock: systemClock,
    logger,
  });
});

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  return (await worker())(event);
}
