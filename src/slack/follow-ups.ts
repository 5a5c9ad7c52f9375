/**
 * What the end of a job hands on once its announcement is posted (the `followUp` of
 * src/core/jobs/announce.ts): a `job-finished` task for the worker, which draws the loss curves and
 * queues the evaluation agreed to at Start. Its message id is the job's, so the repeated hand-off
 * of a retried announcement is run once by the worker.
 */
import { JOB_STATUS, type Job, type Transition } from '../core/jobs/job.js';
import type { Queue } from '../core/ports.js';
import { jobFinishedMessageId } from './tasks/job-finished.js';
import type { Task } from './tasks.js';

const FINISHED: readonly string[] = [JOB_STATUS.Completed, JOB_STATUS.Failed, JOB_STATUS.Stopped];

export function finishedJobFollowUp(queue: Queue<Task>) {
  return async (job: Job, transition: Transition): Promise<void> => {
    // A job Bedrock never accepted (no ARN) trained nothing: no curves, no model.
    if (!FINISHED.includes(transition.to) || !job.jobArn) return;
    await queue.send({
      id: jobFinishedMessageId(job.jobId),
      body: { kind: 'job-finished', jobId: job.jobId },
    });
  };
}
