/** Finds a job of this channel by id (or id prefix), or the channel's latest when none is named. */
import { InputError, NotFoundError } from '../../core/errors.js';
import type { Job } from '../../core/jobs/job.js';
import type { JobStore } from '../../core/ports.js';

export async function findChannelJob(
  jobs: JobStore,
  place: { teamId: string; channelId: string },
  reference: string | undefined,
): Promise<Job> {
  if (reference !== undefined && !/^[a-z0-9-]+$/i.test(reference)) {
    throw new InputError(`"${reference}" is not a job id. \`/tune list\` shows the ids.`, { field: 'job' });
  }
  const direct = reference ? await jobs.get(reference) : undefined;
  if (direct && direct.place.teamId === place.teamId && direct.place.channelId === place.channelId)
    return direct;
  const recent = await jobs.listByChannel(place.teamId, place.channelId, 100);
  const found = reference
    ? recent.find((job) => job.jobId.startsWith(reference) || job.customModelName === reference)
    : recent[0];
  if (found) return found;
  throw new NotFoundError(
    reference
      ? `No job "${reference}" in this channel (jobs are only visible in the channel that started them). \`/tune list\` shows this channel's jobs.`
      : 'No jobs in this channel yet. Start one with `/tune start`.',
  );
}
