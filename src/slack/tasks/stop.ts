/** Asks Bedrock to stop a job and announces Stopping; the watch reports Stopped. */
import { stopJob } from '../../core/jobs/stop.js';
import { announcer } from '../announce.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runStop(task: TaskOf<'stop'>, dependencies: WorkerDependencies): Promise<void> {
  const stopping = await stopJob(task.jobId, dependencies);
  if (!stopping) return;
  await announcer(dependencies.notifier, dependencies.clock)(stopping);
  await dependencies.jobs.markAnnounced(stopping);
}
