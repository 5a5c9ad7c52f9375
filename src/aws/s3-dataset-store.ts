/**
 * DatasetStore on one private S3 bucket. Streams are uploaded in parts (lib-storage) so a 1 GB
 * dataset never sits in memory; small bodies go in one PutObject.
 */

import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  AccessDeniedError,
  NotFoundError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';
import type { DatasetStore, StoredObject } from '../core/ports.js';
import { sdkErrorInfo } from './sdk-error.js';

/** S3 failures as core errors; shared by the adapters on the bucket. */
export function translateS3Error(error: unknown, doing: string): TuneError {
  const { name, message, status } = sdkErrorInfo(error);
  if (error instanceof NoSuchKey || error instanceof NotFound || name === 'NoSuchBucket') {
    return new NotFoundError(`S3 has nothing at ${doing}: ${message}`, { cause: error });
  }
  if (name === 'AccessDenied' || status === 403) {
    return new AccessDeniedError(`S3 denied ${doing}: check the function's role and the bucket policy.`, {
      cause: error,
    });
  }
  if (name === 'SlowDown' || status === 503)
    return new ThrottledError(`S3 throttled ${doing}.`, { cause: error });
  if (status === undefined || status >= 500) {
    return new UpstreamUnavailableError(`S3 failed ${doing}: ${message}`, { cause: error });
  }
  return new UpstreamRejectedError(`S3 rejected ${doing}: ${message}`, { cause: error });
}

export class S3DatasetStore implements DatasetStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: { client: S3Client; bucket: string }) {
    this.client = options.client;
    this.bucket = options.bucket;
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  async put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ): Promise<void> {
    const common = {
      Bucket: this.bucket,
      Key: key,
      ContentType: options.contentType,
      Metadata: options.metadata,
    };
    try {
      if (typeof body === 'string' || body instanceof Uint8Array) {
        await this.client.send(new PutObjectCommand({ ...common, Body: body }));
        return;
      }
      const upload = new Upload({
        client: this.client,
        params: { ...common, Body: Readable.from(body) },
        queueSize: 2,
        partSize: 8 * 1024 * 1024,
      });
      await upload.done();
    } catch (error) {
      throw translateS3Error(error, `putting ${this.uri(key)}`);
    }
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(result.Body instanceof Readable)) {
        throw new UpstreamUnavailableError(`S3 returned no readable body for ${this.uri(key)}.`);
      }
      return result.Body;
    } catch (error) {
      throw translateS3Error(error, this.uri(key));
    }
  }

  async getText(key: string): Promise<string | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await result.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw translateS3Error(error, this.uri(key));
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: result.ContentLength ?? 0,
        ...(result.LastModified ? { lastModified: result.LastModified } : {}),
        metadata: result.Metadata ?? {},
      };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
      throw translateS3Error(error, this.uri(key));
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    try {
      do {
        const result = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of result.Contents ?? []) {
          if (!item.Key) continue;
          objects.push({
            key: item.Key,
            size: item.Size ?? 0,
            ...(item.LastModified ? { lastModified: item.LastModified } : {}),
            metadata: {},
          });
        }
        token = result.IsTruncated ? result.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw translateS3Error(error, `listing ${this.uri(prefix)}`);
    }
    return objects;
  }

  async presignUpload(key: string, expiresInSeconds: number, contentType?: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
      { expiresIn: expiresInSeconds },
    );
  }
}
