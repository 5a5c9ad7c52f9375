/**
 * The watch use case: the 5-minute schedule and the EventBridge rule both call it. It reads the
 * jobs that need watching through the store's index (active ones, and finished ones whose
 * announcement is still owed), asks Bedrock about each a few at a time, writes each change
 * conditionally on the status it read, and announces a change only when its own write won, so
 * overlapping runs announce once. An announcement that fails (Slack down) stays owed and is made
 * by a later run: a transition is never lost.
 */
import { isTuneError, JobStateConflictError, NotFoundError, ThrottledError } from '../errors.js';
import type { Clock, CustomizationJobInfo, Customizer } from '../ports.js';
import { type AnnounceDependencies, announceOwed } from './announce.js';
import { isActiveStatus, JOB_STATUS, type Job, transitioned } from './job.js';
import { applyBedrockReport } from './transitions.js';

/**
 * How long a job may sit in Starting without Bedrock knowing it before tune gives up on it: more
 * than the queue's three deliveries of the start task (visibility timeout 30 min each, plus the
 * worker's 5 minutes), so the watch never gives up on a start that may still be retried.
 */
export const STARTING_TIMEOUT_MS = 3 * 60 * 60 * 1000;

export interface WatchDependencies extends AnnounceDependencies {
  customizer: Customizer;
  clock: Clock;
  /** Waits before retrying a throttled call; injected so tests do not sleep. */
  sleep?: (milliseconds: number) => Promise<void>;
}

export interface WatchResult {
  checked: number;
  changed: number;
  announced: number;
  failed: number;
}

/** Which of the watched jobs to look at: all (the schedule), or the one an event names. */
export interface WatchFilter {
  jobArn?: string;
  jobName?: string;
}

export async function watchActiveJobs(
  dependencies: WatchDependencies,
  concurrency = 8,
  filter: WatchFilter = {},
): Promise<WatchResult> {
  const named = filter.jobArn !== undefined || filter.jobName !== undefined;
  // One index query either way; an event costs Bedrock calls for its own job only.
  const watched = (await dependencies.jobs.listActive()).filter(
    (job) =>
      !named ||
      (filter.jobArn !== undefined && job.jobArn === filter.jobArn) ||
      (filter.jobName !== undefined && job.jobName === filter.jobName),
  );
  const result: WatchResult = { checked: 0, changed: 0, announced: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < watched.length) {
      const job = watched[next++];
      if (!job) break;
      result.checked++;
      try {
        const outcome = await refreshJob(job, dependencies);
        if (outcome.changed) result.changed++;
        result.announced += outcome.announced;
      } catch (error) {
        result.failed++;
        dependencies.logger.warn('could not refresh a job; the next run will try again', {
          jobId: job.jobId,
          error: isTuneError(error) ? `${error.code}: ${error.message}` : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, watched.length) }, worker));
  return result;
}

/** Refreshes one job: makes an owed announcement, then asks Bedrock and applies what changed. */
export async function refreshJob(
  job: Job,
  dependencies: WatchDependencies,
): Promise<{ changed: boolean; announced: number }> {
  let announced = await announceOwed(job, dependencies);
  if (!isActiveStatus(job.status)) return { changed: false, announced };

  const report = await reportFor(job, dependencies);
  const updated = report
    ? applyBedrockReport(job, report, dependencies.clock.now())
    : startedTooLongAgo(job, dependencies.clock.now());
  if (!updated) return { changed: false, announced };
  try {
    await dependencies.jobs.transition(updated, job.status);
  } catch (error) {
    if (error instanceof JobStateConflictError) return { changed: false, announced };
    throw error;
  }
  announced += await announceOwed(updated, dependencies);
  return { changed: true, announced };
}

/**
 * What Bedrock says about the job. A job still Starting has no ARN if the worker died between
 * Bedrock accepting it and writing it down: it is found by its (unique) name and adopted.
 */
async function reportFor(
  job: Job,
  dependencies: WatchDependencies,
): Promise<CustomizationJobInfo | undefined> {
  const { customizer } = dependencies;
  if (job.jobArn) return withBackoff(() => customizer.getJob(job.jobArn ?? job.jobName), dependencies);
  const summaries = await withBackoff(() => customizer.listJobs({ nameContains: job.jobName }), dependencies);
  const found = summaries.find((summary) => summary.jobName === job.jobName);
  if (!found) return undefined;
  dependencies.logger.info('adopted a job Bedrock accepted but tune had not recorded', {
    jobId: job.jobId,
    jobArn: found.jobArn,
  });
  try {
    return await withBackoff(() => customizer.getJob(found.jobArn), dependencies);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function startedTooLongAgo(job: Job, now: Date): Job | undefined {
  if (job.status !== JOB_STATUS.Starting) return undefined;
  if (now.getTime() - Date.parse(job.createdAt) < STARTING_TIMEOUT_MS) return undefined;
  // Only reached after Bedrock was asked for a job of this name and has none (`reportFor`).
  return transitioned(
    job,
    {
      ...job,
      status: JOB_STATUS.Failed,
      endedAt: now.toISOString(),
      failureMessage: `Bedrock has no job named ${job.jobName}: tune could not hand it over within three hours. Nothing was trained or charged; confirm it again with /tune start.`,
    },
    now,
  );
}

/** Retries a throttled Bedrock call a few times with exponential backoff and jitter. */
async function withBackoff<T>(
  call: () => Promise<T>,
  dependencies: WatchDependencies,
  attempts = 4,
): Promise<T> {
  const sleep =
    dependencies.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retryable = error instanceof ThrottledError || (isTuneError(error) && error.retryable);
      if (!retryable || attempt >= attempts) throw error;
      await sleep(200 * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
