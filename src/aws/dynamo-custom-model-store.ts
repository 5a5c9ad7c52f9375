/**
 * The custom model registry on the one table. A model is one item; each channel it is shared with
 * gets a small pointer item, so that the `byChannel` index lists, for one channel, the models it
 * trained and those shared into it. A pointer left behind after a share was withdrawn is ignored
 * (the model's own `sharedWith` decides). Models whose copy in Bedrock exists are also in the
 * sparse `active` index under `MODELS#STORED`, for the storage reminders.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomModelRecord, CustomModelStore, Logger, StoredModelIndex } from '../core/ports.js';
import { customModelRecordSchema, isVisibleIn } from '../core/serving/models.js';
import { translateDynamoError } from './dynamo-errors.js';
import { queryIndex } from './index-query.js';
import { readStoredItem } from './stored-item.js';
import { INDEX } from './table.js';

const STORED_PARTITION = 'MODELS#STORED';

function key(modelId: string) {
  return { pk: `MODEL#${modelId}`, sk: 'MODEL' };
}

function channelSortKey(model: CustomModelRecord): string {
  return `MODEL#${model.createdAt}#${model.modelId}`;
}

export class DynamoCustomModelStore implements CustomModelStore, StoredModelIndex {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable records, which read as absent and are skipped in listings. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async put(model: CustomModelRecord): Promise<void> {
    const item = {
      ...key(model.modelId),
      type: 'custom-model',
      model,
      [INDEX.byChannel.partitionKey]: `CHANNEL#${model.teamId}#${model.channelId}`,
      [INDEX.byChannel.sortKey]: channelSortKey(model),
      ...(model.deletedAt
        ? {}
        : {
            [INDEX.active.partitionKey]: STORED_PARTITION,
            [INDEX.active.sortKey]: `${model.createdAt}#${model.modelId}`,
          }),
    };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
      for (const channelId of model.sharedWith) {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: `MODEL#${model.modelId}`,
              sk: `SHARE#${channelId}`,
              type: 'custom-model-share',
              modelId: model.modelId,
              [INDEX.byChannel.partitionKey]: `CHANNEL#${model.teamId}#${channelId}`,
              [INDEX.byChannel.sortKey]: channelSortKey(model),
            },
          }),
        );
      }
    } catch (error) {
      throw translateDynamoError(error, `recording custom model ${model.modelId}`);
    }
  }

  async get(modelId: string): Promise<CustomModelRecord | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(modelId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading custom model ${modelId}`);
    }
    return item ? readStoredItem(customModelRecordSchema, item, 'model', this.logger) : undefined;
  }

  async listVisibleIn(teamId: string, channelId: string, limit: number): Promise<CustomModelRecord[]> {
    const items = await queryIndex(
      this.client,
      this.tableName,
      INDEX.byChannel,
      `CHANNEL#${teamId}#${channelId}`,
      {
        prefix: 'MODEL#',
        newestFirst: true,
        limit,
        doing: `listing the custom models of ${channelId}`,
      },
    );
    const models: CustomModelRecord[] = [];
    for (const item of items) {
      const model =
        item.type === 'custom-model-share'
          ? typeof item.modelId === 'string'
            ? await this.get(item.modelId)
            : undefined
          : readStoredItem(customModelRecordSchema, item, 'model', this.logger);
      if (
        model &&
        isVisibleIn(model, teamId, channelId) &&
        !models.some((seen) => seen.modelId === model.modelId)
      ) {
        models.push(model);
      }
    }
    return models;
  }

  async touch(modelId: string, at: Date): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(modelId),
          UpdateExpression: 'SET #model.#lastUsedAt = :at',
          // Only forward: two answers finishing out of order leave the later time.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#model.#lastUsedAt) OR #model.#lastUsedAt < :at)',
          ExpressionAttributeNames: { '#model': 'model', '#lastUsedAt': 'lastUsedAt' },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw translateDynamoError(error, `recording a use of custom model ${modelId}`);
    }
  }

  async setEvaluation(
    modelId: string,
    evaluation: NonNullable<CustomModelRecord['evaluation']>,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(modelId),
          UpdateExpression: 'SET #model.#evaluation = :evaluation',
          // One attribute, so a share or a use recorded meanwhile stays; only a newer headline wins.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#model.#evaluation) OR #model.#evaluation.#at <= :at)',
          ExpressionAttributeNames: { '#model': 'model', '#evaluation': 'evaluation', '#at': 'at' },
          ExpressionAttributeValues: { ':evaluation': evaluation, ':at': evaluation.at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return (await this.get(modelId)) !== undefined;
      }
      throw translateDynamoError(error, `recording the evaluation of custom model ${modelId}`);
    }
  }

  async listStored(): Promise<CustomModelRecord[]> {
    const items = await queryIndex(this.client, this.tableName, INDEX.active, STORED_PARTITION, {
      doing: 'listing the stored custom models',
    });
    return items.flatMap((item) => readStoredItem(customModelRecordSchema, item, 'model', this.logger) ?? []);
  }
}
