/**
 * IdempotencyStore on the one DynamoDB table: a conditional put is the atomic "first time?".
 * Expired keys count as absent even before DynamoDB's TTL sweeper deletes them (it lags by up to
 * days, and dynalite never deletes: toolchain.md).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, IdempotencyStore } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { TTL_ATTRIBUTE } from './table.js';

export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; clock: Clock }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  async claim(key: string, ttlSeconds: number): Promise<boolean> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY', [TTL_ATTRIBUTE]: nowSeconds + ttlSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw translateDynamoError(error, `claiming ${key}`);
    }
  }

  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `releasing ${key}`);
    }
  }
}
