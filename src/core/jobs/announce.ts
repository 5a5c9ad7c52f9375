/**
 * Announces a job's last transition exactly once, whoever gets there first: the worker that made
 * the change, a scheduled watch run, an EventBridge-triggered run. Each claims a short lease on
 * `announce:<job>:<version>` before posting; the others see the lease and leave it. A post that
 * fails in a way that may pass (Slack down, rate limit) releases the lease and stays owed, so a
 * later run makes it; one that can never succeed (the channel was archived, the bot was removed)
 * is logged and marked made, so the job stops being watched for it.
 */
import { isTuneError } from '../errors.js';
import type { IdempotencyStore, JobStore, Logger } from '../ports.js';
import type { Job } from './job.js';

/** Longer than any post takes, short enough that a crash delays an announcement by minutes only. */
export const ANNOUNCE_LEASE_SECONDS = 5 * 60;

export interface AnnounceDependencies {
  jobs: JobStore;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Tells the job's channel about its last transition (Slack in production). */
  announce(job: Job): Promise<void>;
}

/** True when this call made the announcement. */
export async function announceOnce(job: Job, dependencies: AnnounceDependencies): Promise<boolean> {
  if (job.announcedVersion >= job.version) return false;
  const lease = `announce:${job.jobId}:${job.version}`;
  if (!(await dependencies.idempotency.claim(lease, ANNOUNCE_LEASE_SECONDS))) return false;
  try {
    await dependencies.announce(job);
  } catch (error) {
    if (!isTuneError(error) || error.retryable) {
      await dependencies.idempotency.release(lease);
      dependencies.logger.warn('could not announce a job change; a later run will', {
        jobId: job.jobId,
        version: job.version,
        error: String(error),
      });
      return false;
    }
    dependencies.logger.error('gave up announcing a job change Slack refuses', {
      jobId: job.jobId,
      version: job.version,
      error: error.message,
    });
  }
  await dependencies.jobs.markAnnounced(job);
  return true;
}
