/**
 * UploadStore on the one DynamoDB table: pending uploads share one partition, read with a Query
 * (never a Scan). There are only ever a handful: each lives a day at most.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type PendingUpload, pendingUploadSchema, type UploadStore } from '../core/intake/upload.js';
import type { Logger } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';
import { TTL_ATTRIBUTE } from './table.js';

const PARTITION = 'UPLOADS#PENDING';

export class DynamoUploadStore implements UploadStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable records, which are skipped: one cannot stop the collection of the others. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async put(upload: PendingUpload): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: PARTITION,
            sk: upload.uploadId,
            type: 'upload',
            upload,
            // Kept a day past the link's expiry, then DynamoDB may delete it.
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(upload.expiresAt) / 1000) + 24 * 60 * 60,
          },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `recording upload ${upload.uploadId}`);
    }
  }

  async listPending(): Promise<PendingUpload[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const result = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :partition',
            ExpressionAttributeValues: { ':partition': PARTITION },
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(result.Items ?? []));
        startKey = result.LastEvaluatedKey;
      } while (startKey);
    } catch (error) {
      throw translateDynamoError(error, 'listing pending uploads');
    }
    return items.flatMap((item) => readStoredItem(pendingUploadSchema, item, 'upload', this.logger) ?? []);
  }

  async complete(uploadId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: PARTITION, sk: uploadId } }),
      );
    } catch (error) {
      throw translateDynamoError(error, `completing upload ${uploadId}`);
    }
  }
}
