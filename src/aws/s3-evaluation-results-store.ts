/**
 * EvaluationResultsStore on the bucket: one JSON object per evaluation, `<prefix>/<id>.json`. The
 * core validates what comes back (it is our own document, but a half-written or older one must not
 * be trusted), so this adapter only moves JSON text. The worker's role may already read and write
 * every key of the bucket.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { EvaluationResultsStore } from '../core/ports.js';
import { translateS3Error } from './s3-dataset-store.js';

/** Ids become key names: letters, digits and `._-` only, so no id can reach outside the prefix. */
const ID = /^[A-Za-z0-9._-]{1,200}$/;

export class S3EvaluationResultsStore implements EvaluationResultsStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: { client: S3Client; bucket: string; prefix?: string }) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? 'evaluations').replace(/\/+$/, '');
  }

  key(evaluationId: string): string {
    if (!ID.test(evaluationId) || evaluationId.startsWith('.')) {
      throw new RangeError(`not a usable evaluation id: ${JSON.stringify(evaluationId)}`);
    }
    return `${this.prefix}/${evaluationId}.json`;
  }

  async get(evaluationId: string): Promise<unknown> {
    const key = this.key(evaluationId);
    let text: string;
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      text = (await result.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw translateS3Error(error, `s3://${this.bucket}/${key}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON: an interrupted or foreign write. Reporting nothing stored makes the run start
      // over, which costs generations but never scores answers the document cannot vouch for.
      return undefined;
    }
  }

  async put(evaluationId: string, document: unknown): Promise<void> {
    const key = this.key(evaluationId);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: JSON.stringify(document),
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      throw translateS3Error(error, `putting s3://${this.bucket}/${key}`);
    }
  }
}
