/**
 * DatasetIndex on the one DynamoDB table: one item per dataset and channel, keyed by its content
 * id so that sharing the same file twice updates one entry; the `byChannel` index lists a
 * channel's datasets newest first.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type DatasetEntry, datasetEntrySchema } from '../core/intake/dataset-entry.js';
import type { DatasetIndex, Logger } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';
import { INDEX } from './table.js';

function key(teamId: string, channelId: string, datasetId: string) {
  return { pk: `DATASET#${teamId}#${channelId}#${datasetId}`, sk: 'DATASET' };
}

export class DynamoDatasetIndex implements DatasetIndex {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable entries, which are skipped: one bad entry cannot break `/tune datasets`. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async put(entry: DatasetEntry): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(entry.teamId, entry.channelId, entry.datasetId),
            type: 'dataset',
            dataset: entry,
            [INDEX.byChannel.partitionKey]: `CHANNEL#${entry.teamId}#${entry.channelId}`,
            [INDEX.byChannel.sortKey]: `DATASET#${entry.createdAt}#${entry.datasetId}`,
          },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `recording dataset ${entry.datasetId}`);
    }
  }

  /** An unreadable entry reads as absent (and is logged), like one never shared. */
  async get(teamId: string, channelId: string, datasetId: string): Promise<DatasetEntry | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(teamId, channelId, datasetId) }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading dataset ${datasetId}`);
    }
    return item ? readStoredItem(datasetEntrySchema, item, 'dataset', this.logger) : undefined;
  }

  async listByChannel(teamId: string, channelId: string, limit: number): Promise<DatasetEntry[]> {
    let items: Record<string, unknown>[];
    try {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.byChannel.name,
          KeyConditionExpression: '#partition = :partition AND begins_with(#sort, :prefix)',
          ExpressionAttributeNames: {
            '#partition': INDEX.byChannel.partitionKey,
            '#sort': INDEX.byChannel.sortKey,
          },
          ExpressionAttributeValues: {
            ':partition': `CHANNEL#${teamId}#${channelId}`,
            ':prefix': 'DATASET#',
          },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      items = result.Items ?? [];
    } catch (error) {
      throw translateDynamoError(error, `listing the datasets of ${channelId}`);
    }
    return items.flatMap((item) => readStoredItem(datasetEntrySchema, item, 'dataset', this.logger) ?? []);
  }
}
