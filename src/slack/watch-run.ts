/**
 * One run of the `watch` function: the 5-minute schedule refreshes every watched job; Bedrock's
 * "Model Customization Job State Change" event refreshes the job it names (an event only says
 * "look now": the job's state is read from Bedrock, never trusted from the event). The schedule
 * also collects arrived `/tune upload` files, which an event is not about, and deletes evaluation
 * deployments a crash left behind.
 */
import { z } from 'zod';
import { sweepTemporaryDeployments } from '../core/evaluation/deployments.js';
import { collectUploads, type UploadStore } from '../core/intake/upload.js';
import { type WatchDependencies, type WatchResult, watchActiveJobs } from '../core/jobs/watch.js';
import type { DatasetStore, Queue } from '../core/ports.js';
import type { Task } from './tasks.js';

export interface WatchRunResult extends WatchResult {
  uploadsQueued: number;
  /** Evaluation deployments left over by a crash, deleted by this run (the backstop). */
  deploymentsDeleted: number;
}

export interface WatchRunDependencies extends WatchDependencies {
  uploads: UploadStore;
  datasetStore: DatasetStore;
  queue: Queue<Task>;
}

const bedrockEventSchema = z.object({
  source: z.literal('aws.bedrock'),
  'detail-type': z.string(),
  detail: z.object({
    jobName: z.string().nullish(),
    jobArn: z.string().nullish(),
    jobStatus: z.string().nullish(),
  }),
});

export function createWatchRun(dependencies: WatchRunDependencies) {
  return async (event: unknown): Promise<WatchRunResult> => {
    const bedrockEvent = bedrockEventSchema.safeParse(event);
    if (bedrockEvent.success) {
      dependencies.logger.info('Bedrock reported a job state change', { ...bedrockEvent.data.detail });
    }
    const detail = bedrockEvent.success ? bedrockEvent.data.detail : undefined;
    const result = await watchActiveJobs(dependencies, 8, {
      ...(detail?.jobArn ? { jobArn: detail.jobArn } : {}),
      ...(detail?.jobName ? { jobName: detail.jobName } : {}),
    });
    const uploadsQueued = bedrockEvent.success
      ? 0
      : await collectUploads<Task>({
          ...dependencies,
          taskFor: (upload) => ({
            kind: 'dataset',
            teamId: upload.teamId,
            channelId: upload.channelId,
            userId: upload.userId,
            text: upload.text,
            file: { from: 'upload', key: upload.key, name: upload.name },
          }),
        });
    const deploymentsDeleted = bedrockEvent.success ? 0 : await sweepDeployments(dependencies);
    dependencies.logger.info('watch run finished', { ...result, uploadsQueued, deploymentsDeleted });
    return { ...result, uploadsQueued, deploymentsDeleted };
  };
}

/** The schedule's backstop for evaluation deployments; a failure waits for the next run. */
async function sweepDeployments(dependencies: WatchRunDependencies): Promise<number> {
  try {
    return (await sweepTemporaryDeployments(dependencies)).length;
  } catch (error) {
    dependencies.logger.warn('could not look for left-over evaluation deployments; the next run will', {
      error: String(error),
    });
    return 0;
  }
}
