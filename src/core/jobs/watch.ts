/**
 * The watch use case: the scheduled run and the EventBridge rule both call it. It reads the
 * active jobs through the store's index, asks Bedrock for each (a few at a time, so a throttled
 * account is not hammered), writes each change conditionally on the status it read, and
 * announces the change only when its own write won: overlapping runs announce once.
 */
import { isTuneError, JobStateConflictError } from '../errors.js';
import type { Clock, Customizer, JobStore, Logger } from '../ports.js';
import type { Job } from './job.js';
import { applyBedrockReport } from './transitions.js';

export interface WatchDependencies {
  jobs: JobStore;
  customizer: Customizer;
  clock: Clock;
  logger: Logger;
  /** Tells the job's thread about a transition (Slack in production). */
  announce(job: Job, previous: Job): Promise<void>;
}

export interface WatchResult {
  checked: number;
  changed: number;
  failed: number;
}

export async function watchActiveJobs(
  dependencies: WatchDependencies,
  concurrency = 8,
): Promise<WatchResult> {
  const active = await dependencies.jobs.listActive();
  const result: WatchResult = { checked: 0, changed: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < active.length) {
      const job = active[next++];
      if (!job) break;
      result.checked++;
      try {
        if (await refreshJob(job, dependencies)) result.changed++;
      } catch (error) {
        result.failed++;
        dependencies.logger.warn('could not refresh a job; the next run will try again', {
          jobId: job.jobId,
          error: isTuneError(error) ? `${error.code}: ${error.message}` : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, active.length) }, worker));
  return result;
}

/** Refreshes one job; true when this call moved it (and announced it). */
export async function refreshJob(job: Job, dependencies: WatchDependencies): Promise<boolean> {
  const identifier = job.jobArn ?? job.jobName;
  const report = await dependencies.customizer.getJob(identifier);
  const updated = applyBedrockReport(job, report, dependencies.clock.now());
  if (!updated) return false;
  try {
    await dependencies.jobs.transition(updated, job.status);
  } catch (error) {
    if (error instanceof JobStateConflictError) return false;
    throw error;
  }
  await dependencies.announce(updated, job);
  return true;
}
