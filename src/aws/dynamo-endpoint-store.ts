/**
 * EndpointStore on the one table. An endpoint is one item. While it may cost money or still owes
 * an announcement it is in the sparse `active` index under `ENDPOINTS#LIVE`, sorted by model, so
 * the watch reads exactly the live endpoints and `ServingDirectory.current` reads one model's with
 * a key condition; a final status that was announced removes the index attributes. `byChannel`
 * and `byUser` (here keyed by model) list past endpoints for what serving has cost.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ConflictError, JobStateConflictError, NotFoundError } from '../core/errors.js';
import type { EndpointStore, Logger, UnrecordedSnapshot } from '../core/ports.js';
import {
  type Endpoint,
  type EndpointStatus,
  endpointSchema,
  needsWatchingEndpoint,
} from '../core/serving/endpoint.js';
import { translateDynamoError } from './dynamo-errors.js';
import { queryIndex } from './index-query.js';
import { readStoredItem } from './stored-item.js';
import { INDEX } from './table.js';

const LIVE_PARTITION = 'ENDPOINTS#LIVE';
const UNRECORDED_KEY = { pk: 'SERVING#UNRECORDED', sk: 'SNAPSHOT' };

const unrecordedSchema = z.object({
  seenAt: z.string(),
  endpoints: z.array(
    z.object({
      path: z.enum(['on-demand', 'provisioned']),
      arn: z.string(),
      name: z.string(),
      modelArn: z.string(),
      status: z.string(),
      createdAt: z.string(),
      modelId: z.string().optional(),
      modelName: z.string().optional(),
    }),
  ),
});

function key(endpointId: string) {
  return { pk: `ENDPOINT#${endpointId}`, sk: 'ENDPOINT' };
}

function toItem(endpoint: Endpoint): Record<string, unknown> {
  const sortKey = `ENDPOINT#${endpoint.createdAt}#${endpoint.endpointId}`;
  return {
    ...key(endpoint.endpointId),
    type: 'endpoint',
    status: endpoint.status,
    version: endpoint.version,
    announcedVersion: endpoint.announcedVersion,
    endpoint,
    ...(needsWatchingEndpoint(endpoint)
      ? {
          [INDEX.active.partitionKey]: LIVE_PARTITION,
          [INDEX.active.sortKey]: `${endpoint.modelId}#${endpoint.createdAt}#${endpoint.endpointId}`,
        }
      : {}),
    [INDEX.byChannel.partitionKey]: `CHANNEL#${endpoint.place.teamId}#${endpoint.place.channelId}`,
    [INDEX.byChannel.sortKey]: sortKey,
    [INDEX.byUser.partitionKey]: `MODEL#${endpoint.modelId}`,
    [INDEX.byUser.sortKey]: sortKey,
  };
}

export class DynamoEndpointStore implements EndpointStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable records: skipped in listings, so one cannot stop the watch. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  private read(item: Record<string, unknown>): Endpoint | undefined {
    return readStoredItem(endpointSchema, item, 'endpoint', this.logger);
  }

  async create(endpoint: Endpoint): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(endpoint),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`An endpoint with id ${endpoint.endpointId} exists already.`, {
          cause: error,
        });
      }
      throw translateDynamoError(error, `recording endpoint ${endpoint.endpointId}`);
    }
  }

  async get(endpointId: string): Promise<Endpoint | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(endpointId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading endpoint ${endpointId}`);
    }
    return item ? this.read(item) : undefined;
  }

  async transition(endpoint: Endpoint, expected: EndpointStatus): Promise<Endpoint> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(endpoint),
          ConditionExpression: '#status = :expected AND #version = :previous',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expected, ':previous': endpoint.version - 1 },
        }),
      );
      return endpoint;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new JobStateConflictError(
          `Endpoint ${endpoint.endpointId} is no longer ${expected} at version ${endpoint.version - 1}; another run moved it first.`,
          { cause: error },
        );
      }
      throw translateDynamoError(error, `updating endpoint ${endpoint.endpointId}`);
    }
  }

  async markAnnounced(endpoint: Endpoint, throughVersion: number): Promise<Endpoint> {
    let current: Endpoint | undefined = endpoint;
    // As for jobs: written on the version read, read again when another writer came first.
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      if (attempt > 0 && current.announcedVersion >= throughVersion) return current;
      const marked: Endpoint = { ...current, announcedVersion: throughVersion };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toItem(marked),
            ConditionExpression: '#version = :version AND #announced < :through',
            ExpressionAttributeNames: { '#version': 'version', '#announced': 'announcedVersion' },
            ExpressionAttributeValues: { ':version': current.version, ':through': throughVersion },
          }),
        );
        return marked;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) {
          throw translateDynamoError(error, `marking endpoint ${endpoint.endpointId} announced`);
        }
      }
      current = await this.get(endpoint.endpointId);
    }
    if (!current) throw new NotFoundError(`No endpoint ${endpoint.endpointId}.`);
    throw new JobStateConflictError(
      `Endpoint ${endpoint.endpointId} kept changing while being marked announced.`,
    );
  }

  async listLive(): Promise<Endpoint[]> {
    const items = await queryIndex(this.client, this.tableName, INDEX.active, LIVE_PARTITION, {
      doing: 'listing live endpoints',
    });
    return items.flatMap((item) => this.read(item) ?? []);
  }

  async listLiveForModel(modelId: string): Promise<Endpoint[]> {
    const items = await queryIndex(this.client, this.tableName, INDEX.active, LIVE_PARTITION, {
      prefix: `${modelId}#`,
      doing: `listing the live endpoints of ${modelId}`,
    });
    return items.flatMap((item) => this.read(item) ?? []);
  }

  async listByModel(modelId: string, limit: number): Promise<Endpoint[]> {
    const items = await queryIndex(this.client, this.tableName, INDEX.byUser, `MODEL#${modelId}`, {
      prefix: 'ENDPOINT#',
      newestFirst: true,
      limit,
      doing: `listing the endpoints of ${modelId}`,
    });
    return items.flatMap((item) => this.read(item) ?? []);
  }

  async putUnrecorded(snapshot: UnrecordedSnapshot): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...UNRECORDED_KEY, type: 'unrecorded-endpoints', snapshot },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, 'recording the endpoints tune did not make');
    }
  }

  async getUnrecorded(): Promise<UnrecordedSnapshot | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: UNRECORDED_KEY }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, 'reading the endpoints tune did not make');
    }
    return item ? readStoredItem(unrecordedSchema, item, 'snapshot', this.logger) : undefined;
  }
}
