/** Tells a job's channel about its last transition: the card is updated in place, the thread gets a line. */
import type { Job } from '../core/jobs/job.js';
import type { Clock, Notifier } from '../core/ports.js';
import { jobCard, jobUpdateMessage } from './blocks/job-card.js';

export function announcer(notifier: Notifier, clock: Clock) {
  return async (job: Job): Promise<void> => {
    const now = clock.now();
    const { channelId, messageTs } = job.place;
    if (messageTs) await notifier.update(channelId, messageTs, jobCard(job, now));
    await notifier.post(channelId, jobUpdateMessage(job, now), messageTs);
  };
}
