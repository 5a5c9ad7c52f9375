/**
 * Announces a job's transitions exactly once each and in order, whoever gets there first: the
 * worker that made a change, a scheduled watch run, an EventBridge-triggered run. Each takes a
 * lease on `announce:<job>:<version>` before posting and completes it after recording the
 * announcement, so a run holding an older copy of the job finds the record and moves on. A post
 * that fails in a way that may pass (Slack down, rate limit) releases the lease and stops: that
 * transition and every later one stay owed, in order, for a later run. One that can never succeed
 * (the channel was archived, the bot was removed) is logged and marked made, so the job stops
 * being watched for it.
 *
 * A transition may hand work on once it is announced (`followUp`: a finished job's loss chart and
 * evaluation). That work is owed like the post itself: it runs after the post and before the
 * announcement is recorded, and a follow-up that fails in a way that may pass leaves the
 * announcement owed. The post is then recorded under its own key first, so the later run that
 * retries the follow-up does not post the line a second time.
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
  /**
   * Work the transition hands on after it is posted (queued tasks). It may be called again for the
   * same transition (a crash before the announcement was recorded), so it must be idempotent: a
   * queued task's id is derived from the job.
   */
  followUp?(job: Job, transition: Transition): Promise<void>;
}

/** Announces what is owed, oldest first; returns how many announcements this call made. */
export async function announceOwed(job: Job, dependencies: AnnounceDependencies): Promise<number> {
  const { followUp } = dependencies;
  return announceInOrder<Job, Transition>({
    record: job,
    key: (transition) => `announce:${job.jobId}:${transition.version}`,
    owed: (current) => owedTransitions(current),
    announce: dependencies.announce,
    ...(followUp
      ? { followUp: (current: Job, transition: Transition) => followUp(current, transition) }
      : {}),
    markAnnounced: (current, version) => dependencies.jobs.markAnnounced(current, version),
    idempotency: dependencies.idempotency,
    logger: dependencies.logger,
    details: { jobId: job.jobId },
  });
}

/** Whether a failure may pass (then the announcement stays owed) or never will (then it is given up). */
function mayPass(error: unknown): boolean {
  return !isTuneError(error) || error.retryable;
}

interface InOrder<R, T extends { version: number }> {
  record: R;
  key(transition: T): string;
  owed(record: R): T[];
  announce(record: R, transition: T): Promise<void>;
  /** Work handed on after the post and before the announcement is recorded (see the file's comment). */
  followUp?(record: R, transition: T): Promise<void>;
  markAnnounced(record: R, throughVersion: number): Promise<R>;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Added to log lines: which record this is. */
  details: Record<string, string>;
}

/**
 * The once-each, in-order loop behind every record that keeps a list of its changes (jobs,
 * endpoints): `key` names each announcement's idempotency record, `owed` lists what is still to be
 * told, `markAnnounced` records progress and returns the record as stored.
 */
export async function announceInOrder<R, T extends { version: number }>(
  input: InOrder<R, T>,
): Promise<number> {
  const { idempotency, logger } = input;
  let current = input.record;
  let made = 0;
  for (const transition of input.owed(input.record)) {
    const key = input.key(transition);
    const acquisition = await idempotency.acquire(key, ANNOUNCE_LEASE_SECONDS);
    if (acquisition.state === 'completed') continue;
    // Another run is announcing this one; it goes on in order after it.
    if (acquisition.state === 'held') return made;
    if ((await postOnce(current, transition, key, input)) === 'owed') {
      await idempotency.release(acquisition.lease);
      return made;
    }
    if (input.followUp) {
      try {
        await input.followUp(current, transition);
      } catch (error) {
        if (mayPass(error)) {
          await idempotency.release(acquisition.lease);
          logger.warn('could not hand on the work of a change; a later run will', {
            ...input.details,
            version: transition.version,
            error: String(error),
          });
          return made;
        }
        logger.error('gave up handing on the work of a change', {
          ...input.details,
          version: transition.version,
          error: String(error),
        });
      }
    }
    current = await input.markAnnounced(current, transition.version);
    await idempotency.complete(acquisition.lease, ANNOUNCED_KEEP_SECONDS);
    made++;
  }
  return made;
}

/**
 * Posts the transition, unless an earlier run posted it and then failed to hand on its work (with
 * a `followUp`, a made post is recorded under `<key>:posted`). `owed`: the post failed in a way
 * that may pass.
 */
async function postOnce<R, T extends { version: number }>(
  record: R,
  transition: T,
  key: string,
  input: InOrder<R, T>,
): Promise<'made' | 'owed'> {
  const { idempotency, logger } = input;
  const posted = input.followUp
    ? await idempotency.acquire(`${key}:posted`, ANNOUNCE_LEASE_SECONDS)
    : undefined;
  if (posted?.state === 'completed') return 'made';
  // Only the holder of the announcement's lease gets here, so a held record is a crashed run's.
  if (posted?.state === 'held') return 'owed';
  try {
    await input.announce(record, transition);
  } catch (error) {
    if (mayPass(error)) {
      if (posted) await idempotency.release(posted.lease);
      logger.warn('could not announce a change; a later run will', {
        ...input.details,
        version: transition.version,
        error: String(error),
      });
      return 'owed';
    }
    logger.error('gave up announcing a change Slack refuses', {
      ...input.details,
      version: transition.version,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (posted) await idempotency.complete(posted.lease, ANNOUNCED_KEEP_SECONDS);
  return 'made';
}
