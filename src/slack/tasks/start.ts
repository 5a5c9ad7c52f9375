/** Starts a confirmed proposal: the job card goes in the channel, every change in its thread. */
import { ConfigError } from '../../core/errors.js';
import { startJob } from '../../core/jobs/start.js';
import { announcer } from '../announce.js';
import { jobCard } from '../blocks/job-card.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runStart(task: TaskOf<'start'>, dependencies: WorkerDependencies): Promise<void> {
  const { notifier, clock, bedrockRoleArn } = dependencies;
  if (!bedrockRoleArn) {
    throw new ConfigError(
      'TUNE_BEDROCK_ROLE_ARN is not set: Bedrock needs a service role to read the dataset.',
    );
  }
  await startJob(task.proposalId, {
    ...dependencies,
    roleArn: bedrockRoleArn,
    uri: (key) => dependencies.datasetStore.uri(key),
    postCard: (job) => notifier.post(job.place.channelId, jobCard(job, clock.now())),
    announce: announcer(notifier, clock),
  });
}
