/** Tells a job's channel about its last transition: the card is updated in place, the thread gets a line. */
import { NotFoundError } from '../core/errors.js';
import type { Job } from '../core/jobs/job.js';
import type { Clock, Notifier } from '../core/ports.js';
import { jobCard, jobUpdateMessage } from './blocks/job-card.js';

export function announcer(notifier: Notifier, clock: Clock) {
  return async (job: Job): Promise<void> => {
    const now = clock.now();
    const { channelId, messageTs } = job.place;
    let threadTs = messageTs;
    if (messageTs) {
      try {
        await notifier.update(channelId, messageTs, jobCard(job, now));
      } catch (error) {
        // Someone deleted the card: say it in the channel instead of in its (gone) thread.
        if (!(error instanceof NotFoundError)) throw error;
        threadTs = undefined;
      }
    }
    await notifier.post(channelId, jobUpdateMessage(job, now), threadTs);
  };
}
