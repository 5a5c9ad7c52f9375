/**
 * Stops a training job. Bedrock moves it through Stopping to Stopped; tune records Stopping at
 * once (conditionally on InProgress, so a second request does nothing) and the watch follows it
 * to Stopped. Bedrock bills the tokens already trained on, and a stopped job cannot be resumed.
 */
import { InputError, isTuneError, JobStateConflictError, NotFoundError } from '../errors.js';
import type { Clock, Customizer, JobStore } from '../ports.js';
import { JOB_STATUS, type Job, transitioned } from './job.js';

export interface StopDependencies {
  jobs: JobStore;
  customizer: Customizer;
  clock: Clock;
}

/**
 * Returns the job as Stopping, or undefined when it was already stopping or finished. `by`, the
 * person who asked, is kept on the change so that its announcement names them.
 */
export async function stopJob(
  jobId: string,
  dependencies: StopDependencies,
  by?: string,
): Promise<Job | undefined> {
  const job = await dependencies.jobs.get(jobId);
  if (!job) throw new NotFoundError(`No job ${jobId}.`);
  if (job.status !== JOB_STATUS.InProgress) {
    if (job.status === JOB_STATUS.Starting) {
      throw new InputError(
        `Job ${jobId} is still being handed to Bedrock; try stopping it again in a minute.`,
        {
          field: 'job',
        },
      );
    }
    return undefined;
  }
  try {
    await dependencies.customizer.stopJob(job.jobArn);
  } catch (error) {
    // A retried stop after Bedrock already accepted the first: Bedrock refuses to stop a job that
    // is stopping; that is success, not an error to show.
    if (isTuneError(error) && error.retryable) throw error;
    const report = await dependencies.customizer.getJob(job.jobArn);
    if (report.status !== 'Stopping' && report.status !== 'Stopped') throw error;
  }
  const stopping = transitioned(
    job,
    { ...job, status: JOB_STATUS.Stopping, bedrockStatus: 'Stopping' },
    dependencies.clock.now(),
    by,
  );
  try {
    return await dependencies.jobs.transition(stopping, JOB_STATUS.InProgress);
  } catch (error) {
    // The watch saw the job end (or stop) first; it announces that itself.
    if (error instanceof JobStateConflictError) return undefined;
    throw error;
  }
}
