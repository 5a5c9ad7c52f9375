/** Posts a job's transition in its thread (or in the channel when the card is not known). */
import type { Job } from '../core/jobs/job.js';
import type { Notifier } from '../core/ports.js';
import { jobUpdateMessage } from './blocks/job-update.js';

export function announcer(notifier: Notifier) {
  return async (job: Job, previous: Job): Promise<void> => {
    await notifier.post(job.place.channelId, jobUpdateMessage(job, previous), job.place.messageTs);
  };
}
