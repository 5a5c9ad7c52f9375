/** Tells a job's channel about one transition: the card shows the job now, the thread gets the change's line. */
import { NotFoundError } from '../core/errors.js';
import type { Job, Transition } from '../core/jobs/job.js';
import type { Clock, Notifier } from '../core/ports.js';
import { jobCard, jobUpdateMessage } from './blocks/job-card.js';

export function announcer(notifier: Notifier, clock: Clock) {
  return async (job: Job, transition: Transition): Promise<void> => {
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
    await notifier.post(channelId, jobUpdateMessage(job, transition, now), threadTs);
  };
}
