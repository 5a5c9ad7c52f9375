/**
 * Runs queued tasks. SQS delivers at least once and Slack retries, so each message is run under an
 * idempotency record keyed by its id (the Slack event, the press, the command's trigger):
 * in progress with a lease as long as this Lambda may still run, then completed and kept for a
 * day, so a redelivery or a retry of the same request finds it and is dropped, while a run that
 * died mid-way is taken over once its lease has expired.
 *
 * One rule for failures: an error that may pass (a `retryable` tune error: an outage, throttling)
 * is retried by the queue, and on the last of its attempts (then the dead-letter queue) the person
 * is told what is known; any other error is final at once and explained by the one error mapper.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MESSAGE_ID_ATTRIBUTE } from '../aws/sqs-queue.js';
import { isTuneError } from '../core/errors.js';
import { jobIdFor } from '../core/jobs/start.js';
import { ACTION, proposalMessage } from './blocks/proposal.js';
import { userMessageFor } from './error-messages.js';
import { runCommand } from './tasks/command.js';
import { runDataset } from './tasks/dataset.js';
import { runEvaluationTask } from './tasks/evaluation.js';
import { runFormSubmit } from './tasks/form-submit.js';
import { homeErrorView, runHome } from './tasks/home.js';
import { runJobFinished } from './tasks/job-finished.js';
import { runMention } from './tasks/mention.js';
import { runPress } from './tasks/press.js';
import { reply } from './tasks/presses/press.js';
import { formErrorView, runFormChange, runStartForm } from './tasks/start-form.js';
import { runUninstall } from './tasks/uninstall.js';
import { type Task, type TaskOf, taskSchema } from './tasks.js';
import type { WorkerDependencies } from './worker-dependencies.js';

/** The queue's redrive policy (serverless.yml `maxReceiveCount`): the last attempt is this receive. */
export const QUEUE_MAX_RECEIVES = 3;
/** The worker's Lambda timeout (serverless.yml); the lease when no Lambda context says otherwise. */
export const WORKER_TIMEOUT_SECONDS = 300;
/** Longer than Slack retries a request (about an hour) and than a redelivery can lag. */
export const TASK_DONE_KEEP_SECONDS = 24 * 60 * 60;
/** Added to the time the Lambda has left, so the lease outlives the run it protects. */
const LEASE_MARGIN_SECONDS = 30;
/**
 * The longest lease a run takes: past it, a redelivery takes the work over. It must outlast a
 * worker run and end before the queue hands the message out again (test/unit/deploy/timing.test.ts
 * checks both against serverless.yml).
 */
export const LEASE_SECONDS = WORKER_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS;

export interface AttemptInfo {
  /** True on the queue's last delivery: after it the message goes to the dead-letter queue. */
  lastAttempt: boolean;
  /** When this Lambda run is stopped: long work (an evaluation) hands the rest on before it. */
  deadline: Date;
  /** True on the queue's first delivery: a later one may follow a run that died mid-way. */
  firstAttempt?: boolean;
}

export async function runTask(
  task: Task,
  dependencies: WorkerDependencies,
  attempt: AttemptInfo,
): Promise<void> {
  switch (task.kind) {
    case 'command':
      return runCommand(task, dependencies);
    case 'start-form':
      return runStartForm(task, dependencies);
    case 'form-change':
      return runFormChange(task, dependencies);
    case 'form-submit':
      return runFormSubmit(task, dependencies);
    case 'press':
      return runPress(task, dependencies);
    case 'mention':
      return runMention(task, dependencies);
    case 'home':
      return runHome(task, dependencies);
    case 'dataset':
      return runDataset(task, dependencies, attempt);
    case 'job-finished':
      return runJobFinished(task, dependencies);
    case 'evaluation':
      return runEvaluationTask(task, dependencies, attempt);
    case 'uninstall':
      return runUninstall(task, dependencies);
  }
}

/**
 * The dependencies that speak to Slack as the task's team (its own bot token), or undefined when
 * tune is not installed there: then the task is dropped and nothing is posted.
 */
export type DependenciesForTeam = (teamId: string) => Promise<WorkerDependencies | undefined>;

/** The part of Lambda's context the worker reads. */
export interface WorkerContext {
  getRemainingTimeInMillis(): number;
}

export function createWorker(
  dependencies: WorkerDependencies,
  forTeam: DependenciesForTeam = async () => dependencies,
) {
  return async (event: SQSEvent, context?: WorkerContext): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const remainingMs = context ? context.getRemainingTimeInMillis() : WORKER_TIMEOUT_SECONDS * 1000;
      const deadline = new Date(dependencies.clock.now().getTime() + remainingMs);
      const leaseSeconds = Math.ceil(remainingMs / 1000) + LEASE_MARGIN_SECONDS;
      const ok = await handleRecord(record, dependencies, forTeam, leaseSeconds, deadline);
      if (!ok) batchItemFailures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures };
  };
}

/** The workspace a task speaks in: its own field, or its job's for a finished job's follow-up. */
async function teamOf(task: Task, base: WorkerDependencies): Promise<string | undefined> {
  if ('teamId' in task) return task.teamId;
  return (await base.jobs.get(task.jobId))?.place.teamId;
}

async function handleRecord(
  record: SQSRecord,
  base: WorkerDependencies,
  forTeam: DependenciesForTeam,
  leaseSeconds: number,
  deadline: Date,
): Promise<boolean> {
  const { logger, idempotency } = base;
  const id = record.messageAttributes[MESSAGE_ID_ATTRIBUTE]?.stringValue ?? record.messageId;
  let task: Task;
  try {
    task = taskSchema.parse(JSON.parse(record.body));
  } catch (error) {
    // A body we cannot read will never become readable: drop it loudly rather than loop.
    logger.error('dropped an unreadable queue message', { id, error: String(error) });
    return true;
  }
  // An uninstall needs no token (the team's is gone); everything else speaks as its team.
  // A finished job's follow-up whose job is gone has no team: it ends at once, saying so, on `base`.
  const teamId = await teamOf(task, base);
  const dependencies = task.kind === 'uninstall' || !teamId ? base : await forTeam(teamId);
  if (!dependencies) {
    logger.info('dropped a request from a workspace tune is not installed in', {
      id,
      kind: task.kind,
      ...(teamId ? { teamId } : {}),
    });
    return true;
  }
  const acquisition = await idempotency.acquire(`run:${id}`, leaseSeconds);
  if (acquisition.state === 'completed') {
    logger.info('dropped a request already handled', { id, kind: task.kind });
    return true;
  }
  if (acquisition.state === 'held') {
    // Another delivery is running it now; if that run dies, this message comes back after its lease.
    logger.info('a request is being handled by another run; will look again later', { id, kind: task.kind });
    return false;
  }
  const { lease } = acquisition;
  const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
  const lastAttempt = receives >= QUEUE_MAX_RECEIVES;
  try {
    await runTask(task, dependencies, { lastAttempt, deadline, firstAttempt: receives <= 1 });
    await idempotency.complete(lease, TASK_DONE_KEEP_SECONDS);
    return true;
  } catch (error) {
    if (isTuneError(error) && error.retryable) {
      logger.warn('task failed, will be retried', { id, kind: task.kind, receives, error: error.message });
      if (lastAttempt) await tellUser(task, error, dependencies, 'gave-up');
      await idempotency.release(lease);
      return false;
    }
    await tellUser(task, error, dependencies, 'final');
    await idempotency.complete(lease, TASK_DONE_KEEP_SECONDS);
    return true;
  }
}

/**
 * A Start press that gave up after its last attempt: if its job was written (and its card posted),
 * the job's thread says so too, rather than the card sitting in Starting with nothing said until
 * the watch's Starting timeout.
 */
async function tellJobThread(task: TaskOf<'press'>, text: string, dependencies: WorkerDependencies) {
  if (task.action !== ACTION.startConfirm) return;
  const job = await dependencies.jobs.get(jobIdFor(task.value));
  if (!job?.place.messageTs || job.status !== 'Starting') return;
  await dependencies.notifier.post(job.place.channelId, { text }, job.place.messageTs);
}

/**
 * A Start press that gave up before Bedrock had the job: its press had replaced the Start button
 * with "starting", so the "Press again" the person was just told needs the button back. Pressing
 * a confirmed proposal again finishes what the first press began (start-confirm.ts). Regression:
 * a card post rate-limited three times left the job in Starting, with no card and no button.
 */
async function offerStartAgain(task: TaskOf<'press'>, dependencies: WorkerDependencies) {
  if (task.action !== ACTION.startConfirm) return;
  const proposal = await dependencies.proposals.get(task.value);
  if (proposal?.status !== 'confirmed') return;
  const job = await dependencies.jobs.get(jobIdFor(task.value));
  if (job && job.status !== 'Starting') return;
  await reply(task, dependencies, proposalMessage(proposal), 'replace');
}

/** What a person reads when their request failed; `gave-up` after the last retry of an outage. */
function failureText(task: Task, error: unknown, dependencies: WorkerDependencies, how: 'final' | 'gave-up') {
  const text = userMessageFor(error, dependencies.logger);
  if (how === 'final') {
    // A start that failed in an unexpected way may have reached Bedrock; say so rather than guess.
    return task.kind === 'press' && !isTuneError(error)
      ? `${text} If this was a Start press and Bedrock received the job, tune finds it by name and follows it in its thread.`
      : text;
  }
  const retried = `tune tried ${QUEUE_MAX_RECEIVES} times and gave up: ${text.replace(/ ?Nothing was lost; try again in a minute\.$/, '')}`;
  return task.kind === 'press'
    ? `${retried} If this was a Start press and Bedrock received the job, tune finds it by name and follows it in its thread; otherwise nothing was charged. Press again to retry.`
    : `${retried} Try again in a few minutes.`;
}

async function tellUser(
  task: Task,
  error: unknown,
  dependencies: WorkerDependencies,
  how: 'final' | 'gave-up',
): Promise<void> {
  const { notifier } = dependencies;
  const text = failureText(task, error, dependencies, how);
  try {
    switch (task.kind) {
      case 'command':
        await notifier.respond(task.responseUrl, { text, responseType: 'ephemeral' });
        break;
      case 'start-form':
      case 'form-change':
        await notifier.updateView(task.viewId, formErrorView(text));
        break;
      case 'form-submit':
        await notifier.postEphemeral(task.channelId, task.userId, { text });
        break;
      case 'press':
        await reply(task, dependencies, { text });
        if (how === 'gave-up') {
          await tellJobThread(task, text, dependencies);
          await offerStartAgain(task, dependencies);
        }
        break;
      case 'mention':
        await notifier.post(task.channelId, { text }, task.threadTs ?? task.ts);
        break;
      case 'home':
        await notifier.publishHome(task.userId, homeErrorView(text));
        break;
      case 'dataset':
        // The dataset task answers in place of its "checking…" message itself; this is the rest.
        await notifier.post(task.channelId, { text }, task.threadTs);
        break;
      case 'evaluation':
        // A failure inside the evaluation is told on its own message; this is what came before it.
        await notifier.post(task.channelId, { text: `The evaluation did not run: ${text}` }, task.threadTs);
        break;
      case 'job-finished':
        // Nobody asked: the loss curves are a courtesy, and the job's card already says it ended.
        dependencies.logger.error('could not follow up a finished job', { jobId: task.jobId, text });
        break;
      case 'uninstall':
        // Nobody to tell: the workspace removed tune. The error is in the log (userMessageFor).
        break;
    }
  } catch (notifyError) {
    dependencies.logger.error('could not tell the user about a failed task', {
      kind: task.kind,
      error: String(notifyError),
    });
  }
}
