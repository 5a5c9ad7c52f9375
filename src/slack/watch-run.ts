/**
 * One run of the `watch` function: the 5-minute schedule refreshes every watched job; Bedrock's
 * "Model Customization Job State Change" event refreshes the job it names (an event only says
 * "look now": the job's state is read from Bedrock, never trusted from the event). The schedule
 * also collects arrived `/tune upload` files, and runs the endpoints' part (src/core/serving/
 * watch.ts: following deployments, the cost guard, the morning message), which an event is not
 * about. A failure of one part does not keep the other from running.
 */
import * as z from 'zod';
import { collectUploads, type UploadStore } from '../core/intake/upload.js';
import { type WatchDependencies, type WatchResult, watchActiveJobs } from '../core/jobs/watch.js';
import type { DatasetStore, Queue } from '../core/ports.js';
import {
  type EndpointWatchDependencies,
  type EndpointWatchResult,
  watchEndpoints,
} from '../core/serving/watch.js';
import type { Task } from './tasks.js';

export interface WatchRunResult extends WatchResult {
  uploadsQueued: number;
  /** Undefined on a Bedrock event's run, or when the endpoints' part failed as a whole (logged). */
  endpoints?: EndpointWatchResult;
}

export interface WatchRunDependencies extends WatchDependencies {
  uploads: UploadStore;
  datasetStore: DatasetStore;
  queue: Queue<Task>;
  /**
   * Reads the region's offered models again when the cached list is a day old (the schedule's
   * daily refresh; a refused start refreshes it at once).
   */
  refreshOffers?(): Promise<unknown>;
  /** The endpoints' part of the run, with its own Slack notices. */
  serving: EndpointWatchDependencies;
  /**
   * Reads the region's price list again when the stored prices are a day old; a failed read keeps
   * the stored prices and their date (price-cache.ts).
   */
  refreshPrices?(): Promise<unknown>;
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
    let endpoints: EndpointWatchResult | undefined;
    if (!bedrockEvent.success) {
      try {
        endpoints = await watchEndpoints(dependencies.serving);
      } catch (error) {
        // Only the listing of live endpoints can fail the whole part; the next run reads it again.
        dependencies.logger.error('the endpoints part of the watch failed; the next run tries again', {
          error: String(error),
        });
      }
      if (dependencies.refreshOffers) {
        await dependencies.refreshOffers().catch((error: unknown) =>
          dependencies.logger.warn('could not refresh the offered models; the next run will', {
            error: String(error),
          }),
        );
      }
    }
    if (!bedrockEvent.success && dependencies.refreshPrices) {
      // A failure here (the price cache unreadable) must not fail the run that followed the jobs.
      await dependencies.refreshPrices().catch((error: unknown) =>
        dependencies.logger.warn('could not refresh the prices; the next run will', {
          error: String(error),
        }),
      );
    }
    // A run that changed nothing is routine (every 5 minutes; every 20 s locally): debug, not info.
    const endpointEvents = endpoints
      ? endpoints.reminded +
        endpoints.deleted +
        endpoints.deleteFailures +
        endpoints.failed +
        endpoints.morningMessages +
        endpoints.storageReminders
      : 0;
    const eventful = result.changed + result.announced + result.failed + uploadsQueued + endpointEvents > 0;
    dependencies.logger[eventful ? 'info' : 'debug']('watch run finished', {
      ...result,
      uploadsQueued,
      ...(endpoints ? { endpoints } : {}),
    });
    return { ...result, uploadsQueued, ...(endpoints ? { endpoints } : {}) };
  };
}
