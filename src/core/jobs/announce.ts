/**
 * Announces a job's transitions exactly once each and in order, whoever gets there first: the
 * worker that made a change, a scheduled watch run, an EventBridge-triggered run. Each takes a
 * lease on `announce:<job>:<version>` before posting and completes it after recording the
 * announcement, so a run holding an older copy of the job finds the record and moves on. A post
 * that fails in a way that may pass (Slack down, rate limit) releases the lease and stops: that
 * transition and every later one stay owed, in order, for a later run. One that can never succeed
 * (the channel was archived, the bot was removed) is logged and marked made, so the job stops
 * being watched for it.
 */
import { isTuneError } from '../errors.js';
import type { IdempotencyStore, JobStore, Logger } from '../ports.js';
import { type Job, owedTransitions, type Transition } from './job.js';

/** Longer than any post takes, short enough that a crash delays an announcement by minutes only. */
export const ANNOUNCE_LEASE_SECONDS = 5 * 60;
/** How long a made announcement is remembered: longer than any run holds a stale copy of a job. */
export const ANNOUNCED_KEEP_SECONDS = 24 * 60 * 60;

export interface AnnounceDependencies {
  jobs: JobStore;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Tells the job's channel about one transition (Slack in production); `job` is the current state. */
  announce(job: Job, transition: Transition): Promise<void>;
}

/** Announces what is owed, oldest first; returns how many announcements this call made. */
export async function announceOwed(job: Job, dependencies: AnnounceDependencies): Promise<number> {
  return announceInOrder<Job, Transition>({
    record: job,
    key: (transition) => `announce:${job.jobId}:${transition.version}`,
    owed: (current) => owedTransitions(current),
    announce: dependencies.announce,
    markAnnounced: (current, version) => dependencies.jobs.markAnnounced(current, version),
    idempotency: dependencies.idempotency,
    logger: dependencies.logger,
    details: { jobId: job.jobId },
  });
}

/**
 * The once-each, in-order loop behind every record that keeps a list of its changes (jobs,
 * endpoints): `key` names each announcement's idempotency record, `owed` lists what is still to be
 * told, `markAnnounced` records progress and returns the record as stored.
 */
export async function announceInOrder<R, T extends { version: number }>(input: {
  record: R;
  key(transition: T): string;
  owed(record: R): T[];
  announce(record: R, transition: T): Promise<void>;
  markAnnounced(record: R, throughVersion: number): Promise<R>;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Added to log lines: which record this is. */
  details: Record<string, string>;
}): Promise<number> {
  const { idempotency, logger } = input;
  let current = input.record;
  let made = 0;
  for (const transition of input.owed(input.record)) {
    const acquisition = await idempotency.acquire(input.key(transition), ANNOUNCE_LEASE_SECONDS);
    if (acquisition.state === 'completed') continue;
    // Another run is announcing this one; it goes on in order after it.
    if (acquisition.state === 'held') return made;
    try {
      await input.announce(current, transition);
    } catch (error) {
      if (!isTuneError(error) || error.retryable) {
        await idempotency.release(acquisition.lease);
        logger.warn('could not announce a change; a later run will', {
          ...input.details,
          version: transition.version,
          error: String(error),
        });
        return made;
      }
      logger.error('gave up announcing a change Slack refuses', {
        ...input.details,
        version: transition.version,
        error: error.message,
      });
    }
    current = await input.markAnnounced(current, transition.version);
    await idempotency.complete(acquisition.lease, ANNOUNCED_KEEP_SECONDS);
    made++;
  }
  return made;
}
