/**
 * IdempotencyStore on the one DynamoDB table. An item is `IN_PROGRESS` with the holder's token and
 * a lease expiry, or `COMPLETED` with how long it is kept; a conditional put is the atomic
 * "free?". Expired items count as absent even before DynamoDB's TTL sweeper deletes them (it lags
 * by up to days, and dynalite never deletes: docs/local-stack.md). dynalite does not return the old item
 * on a failed condition (`ReturnValuesOnConditionCheckFailure`), so a refusal reads it.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Acquisition, Clock, IdempotencyStore, Lease } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { TTL_ATTRIBUTE } from './table.js';

const recordSchema = z.object({
  state: z.enum(['IN_PROGRESS', 'COMPLETED']),
  holder: z.string().optional(),
  [TTL_ATTRIBUTE]: z.number(),
});

function keyOf(key: string) {
  return { pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' };
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string; clock: Clock }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
  }

  async acquire(key: string, leaseSeconds: number): Promise<Acquisition> {
    const now = this.nowSeconds();
    const holder = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keyOf(key), state: 'IN_PROGRESS', holder, [TTL_ATTRIBUTE]: now + leaseSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return { state: 'acquired', lease: { key, holder } };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw translateDynamoError(error, `acquiring ${key}`);
      }
    }
    const current = await this.read(key);
    // Gone or expired between the put and the read: say held; the caller's retry will take it.
    if (current?.state === 'COMPLETED') return { state: 'completed' };
    return { state: 'held', expiresAt: new Date((current?.[TTL_ATTRIBUTE] ?? now) * 1000) };
  }

  async complete(lease: Lease, keepSeconds: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(lease.key),
          UpdateExpression: 'SET #state = :completed, #expires = :expires',
          ConditionExpression: '#holder = :holder',
          ExpressionAttributeNames: { '#state': 'state', '#expires': TTL_ATTRIBUTE, '#holder': 'holder' },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ':expires': this.nowSeconds() + keepSeconds,
            ':holder': lease.holder,
          },
        }),
      );
    } catch (error) {
      // Our lease expired and someone else took the key: their record stands.
      if (error instanceof ConditionalCheckFailedException) return;
      throw translateDynamoError(error, `completing ${lease.key}`);
    }
  }

  async release(lease: Lease): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keyOf(lease.key),
          ConditionExpression: '#holder = :holder AND #state = :inProgress',
          ExpressionAttributeNames: { '#holder': 'holder', '#state': 'state' },
          ExpressionAttributeValues: { ':holder': lease.holder, ':inProgress': 'IN_PROGRESS' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw translateDynamoError(error, `releasing ${lease.key}`);
    }
  }

  private async read(key: string): Promise<z.infer<typeof recordSchema> | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: keyOf(key), ConsistentRead: true }),
      ));
    } catch (error) {
      throw translateDynamoError(error, `reading ${key}`);
    }
    if (!item) return undefined;
    // A record of an older shape (a bare claim) is an unexpired claim of unknown holder.
    const parsed = recordSchema.safeParse(item);
    return parsed.success
      ? parsed.data
      : { state: 'IN_PROGRESS', [TTL_ATTRIBUTE]: Number(item[TTL_ATTRIBUTE]) || this.nowSeconds() };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
