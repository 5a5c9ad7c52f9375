/**
 * Upload links, for files beyond what Slack accepts: `/tune upload` hands out a presigned S3 PUT
 * URL and remembers the pending upload; the watch notices when the object has arrived and queues
 * it for the same checking as a file shared in the channel.
 */
import * as z from 'zod';
import type { Clock, DatasetStore, Logger, Queue } from '../ports.js';

/**
 * How long an upload link works. S3 allows 7 days, but a URL signed with a Lambda role's
 * temporary credentials stops working when they expire, which can be within hours: an hour is
 * what tune can promise.
 */
export const UPLOAD_LINK_SECONDS = 60 * 60;

export const pendingUploadSchema = z.object({
  uploadId: z.string(),
  teamId: z.string(),
  channelId: z.string(),
  userId: z.string(),
  key: z.string(),
  name: z.string(),
  /** The options typed with `/tune upload`, applied when the file is checked. */
  text: z.string(),
  expiresAt: z.string(),
});
export type PendingUpload = z.infer<typeof pendingUploadSchema>;

export interface UploadStore {
  put(upload: PendingUpload): Promise<void>;
  listPending(): Promise<PendingUpload[]>;
  /** Forgets an upload once it was queued for checking, or its link expired. */
  complete(uploadId: string): Promise<void>;
}

/** A file name safe in an S3 key and recognisable in Slack. */
export function uploadKey(
  upload: { teamId: string; channelId: string; uploadId: string },
  fileName: string,
): string {
  const safe =
    fileName
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 100) || 'dataset';
  return `uploads/${upload.teamId}/${upload.channelId}/${upload.uploadId}/${safe}`;
}

export interface CollectDependencies<T> {
  uploads: UploadStore;
  datasetStore: DatasetStore;
  queue: Queue<T>;
  clock: Clock;
  logger: Logger;
  /** The task that checks an arrived upload. */
  taskFor(upload: PendingUpload): T;
}

/** Queues every upload whose object has arrived; forgets expired ones. Returns how many were queued. */
export async function collectUploads<T>(dependencies: CollectDependencies<T>): Promise<number> {
  let queued = 0;
  const now = dependencies.clock.now().getTime();
  for (const upload of await dependencies.uploads.listPending()) {
    // One upload S3 cannot answer for must not keep the others from being collected.
    try {
      const arrived = await dependencies.datasetStore.head(upload.key);
      if (arrived) {
        // Keyed by the upload: should completing it fail, the next run's send is the same request.
        await dependencies.queue.send({
          id: `upload:${upload.uploadId}`,
          body: dependencies.taskFor(upload),
        });
        await dependencies.uploads.complete(upload.uploadId);
        queued++;
      } else if (Date.parse(upload.expiresAt) < now) {
        await dependencies.uploads.complete(upload.uploadId);
      }
    } catch (error) {
      dependencies.logger.warn('could not check an upload; the next run will', {
        uploadId: upload.uploadId,
        error: String(error),
      });
    }
  }
  return queued;
}
