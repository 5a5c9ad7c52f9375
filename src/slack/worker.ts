/**
 * Runs queued tasks. SQS delivers at least once, so each message takes a lease on its id before
 * running: a duplicate delivered while or shortly after the first runs is dropped. A retryable
 * failure releases the lease and reports the message failed so SQS redelivers it (then the
 * dead-letter queue after 3 receives); a permanent one is explained to the user and not retried.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MESSAGE_ID_ATTRIBUTE } from '../aws/sqs-queue.js';
import { isTuneError } from '../core/errors.js';
import { userMessageFor } from './error-messages.js';
import { runDataset } from './tasks/dataset.js';
import { runHome } from './tasks/home.js';
import { runMention } from './tasks/mention.js';
import { runStart } from './tasks/start.js';
import { runStop } from './tasks/stop.js';
import { type Task, taskSchema } from './tasks.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/**
 * Longer than a worker run (300 s) and shorter than the queue's visibility timeout (30 min);
 * test/unit/deploy/timing.test.ts checks both against serverless.yml.
 */
export const LEASE_SECONDS = 10 * 60;

export async function runTask(task: Task, dependencies: WorkerDependencies): Promise<void> {
  switch (task.kind) {
    case 'mention':
      return runMention(task, dependencies);
    case 'home':
      return runHome(task, dependencies);
    case 'start':
      return runStart(task, dependencies);
    case 'stop':
      return runStop(task, dependencies);
    case 'dataset':
      return runDataset(task, dependencies);
  }
}

export function createWorker(dependencies: WorkerDependencies) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const ok = await handleRecord(record, dependencies);
      if (!ok) batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  };
}

async function handleRecord(record: SQSRecord, dependencies: WorkerDependencies): Promise<boolean> {
  const { logger } = dependencies;
  const id = record.messageAttributes[MESSAGE_ID_ATTRIBUTE]?.stringValue ?? record.messageId;
  let task: Task;
  try {
    task = taskSchema.parse(JSON.parse(record.body));
  } catch (error) {
    // A body we cannot read will never become readable: drop it loudly rather than loop.
    logger.error('dropped an unreadable queue message', { id, error: String(error) });
    return true;
  }
  const lease = `run:${id}`;
  if (!(await dependencies.idempotency.claim(lease, LEASE_SECONDS))) {
    logger.info('dropped a duplicate delivery', { id, kind: task.kind });
    return true;
  }
  try {
    await runTask(task, dependencies);
    return true;
  } catch (error) {
    if (isTuneError(error) && error.retryable) {
      logger.warn('task failed, will be retried', { id, kind: task.kind, error: error.message });
      await dependencies.idempotency.release(lease);
      return false;
    }
    await tellUser(task, error, dependencies);
    return true;
  }
}

async function tellUser(task: Task, error: unknown, dependencies: WorkerDependencies): Promise<void> {
  const text = userMessageFor(error, dependencies.logger);
  try {
    switch (task.kind) {
      case 'mention':
        await dependencies.notifier.post(task.channelId, { text }, task.threadTs ?? task.ts);
        break;
      case 'start':
      case 'stop':
        await dependencies.notifier.postEphemeral(task.channelId, task.userId, { text });
        break;
      case 'dataset':
        await dependencies.notifier.post(task.channelId, { text }, task.threadTs);
        break;
      case 'home':
        dependencies.logger.error('task failed', { kind: task.kind, error: text });
        break;
    }
  } catch (notifyError) {
    dependencies.logger.error('could not tell the user about a failed task', { error: String(notifyError) });
  }
}
