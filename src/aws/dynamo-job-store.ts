/**
 * JobStore on the one DynamoDB table. A job is one item; the sparse `active` index holds only the
 * jobs the watch must poll (the index attributes are removed on a terminal transition), so a watch
 * run reads as many items as there are active jobs, never the whole history.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  ConflictError,
  JobStateConflictError,
  NotFoundError,
  UpstreamRejectedError,
} from '../core/errors.js';
import { type Job, type JobStatus, jobSchema, needsWatching } from '../core/jobs/job.js';
import type { JobStore, Logger } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { INDEX } from './table.js';

const ACTIVE_PARTITION = 'JOBS#ACTIVE';

function jobKey(jobId: string) {
  return { pk: `JOB#${jobId}`, sk: 'JOB' };
}

function toItem(job: Job): Record<string, unknown> {
  const { teamId, channelId, userId } = job.place;
  return {
    ...jobKey(job.jobId),
    type: 'job',
    status: job.status,
    version: job.version,
    job,
    announcedVersion: job.announcedVersion,
    ...(needsWatching(job)
      ? {
          [INDEX.active.partitionKey]: ACTIVE_PARTITION,
          [INDEX.active.sortKey]: `${job.createdAt}#${job.jobId}`,
        }
      : {}),
    [INDEX.byChannel.partitionKey]: `CHANNEL#${teamId}#${channelId}`,
    [INDEX.byChannel.sortKey]: `JOB#${job.createdAt}#${job.jobId}`,
    [INDEX.byUser.partitionKey]: `USER#${teamId}#${userId}`,
    [INDEX.byUser.sortKey]: `JOB#${job.createdAt}#${job.jobId}`,
  };
}

/** A stored job, or a non-retryable error naming the item: a bad record will not get better. */
function fromItem(item: Record<string, unknown>): Job {
  const parsed = jobSchema.safeParse(item.job);
  if (parsed.success) return parsed.data;
  throw new UpstreamRejectedError(
    `The stored job ${String(item.pk)} is not readable: ${parsed.error.message}`,
    {
      cause: parsed.error,
    },
  );
}

export class DynamoJobStore implements JobStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable items that listings skip, so one bad record cannot stop the watch. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async create(job: Job): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(job),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`A job with id ${job.jobId} exists already.`, { cause: error });
      }
      throw translateDynamoError(error, `creating job ${job.jobId}`);
    }
  }

  async get(jobId: string): Promise<Job | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading job ${jobId}`);
    }
    return item ? fromItem(item) : undefined;
  }

  async transition(job: Job, expected: JobStatus): Promise<Job> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(job),
          ConditionExpression: '#status = :expected AND #version = :previous',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expected, ':previous': job.version - 1 },
        }),
      );
      return job;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new JobStateConflictError(
          `Job ${job.jobId} is no longer ${expected} at version ${job.version - 1}; another run moved it first.`,
          { cause: error },
        );
      }
      throw translateDynamoError(error, `updating job ${job.jobId}`);
    }
  }

  async markAnnounced(job: Job, throughVersion: number): Promise<Job> {
    let current: Job | undefined = job;
    // Written on the version read; when another run wrote a newer version meanwhile, read it and
    // write again (a few rounds at most: writers are the watch runs and one worker).
    for (let attempt = 0; attempt < 5 && current; attempt++) {
      // Only a copy just read can answer "already marked": the one passed in may be stale.
      if (attempt > 0 && current.announcedVersion >= throughVersion) return current;
      const marked: Job = { ...current, announcedVersion: throughVersion };
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
          throw translateDynamoError(error, `marking job ${job.jobId} announced`);
        }
      }
      current = await this.get(job.jobId);
    }
    if (!current) throw new NotFoundError(`No job ${job.jobId}.`);
    throw new JobStateConflictError(`Job ${job.jobId} kept changing while being marked announced.`);
  }

  async listActive(): Promise<Job[]> {
    return this.queryIndex(INDEX.active, ACTIVE_PARTITION, { newestFirst: false });
  }

  async listByChannel(teamId: string, channelId: string, limit: number): Promise<Job[]> {
    return this.queryIndex(INDEX.byChannel, `CHANNEL#${teamId}#${channelId}`, {
      newestFirst: true,
      limit,
      prefix: 'JOB#',
    });
  }

  async listByUser(teamId: string, userId: string, limit: number): Promise<Job[]> {
    return this.queryIndex(INDEX.byUser, `USER#${teamId}#${userId}`, {
      newestFirst: true,
      limit,
      prefix: 'JOB#',
    });
  }

  private async queryIndex(
    index: (typeof INDEX)[keyof typeof INDEX],
    partition: string,
    options: { newestFirst: boolean; limit?: number; prefix?: string },
  ): Promise<Job[]> {
    const jobs: Job[] = [];
    let startKey: Record<string, unknown> | undefined;
    try {
      do {
        const result = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: index.name,
            KeyConditionExpression: options.prefix
              ? '#partition = :partition AND begins_with(#sort, :prefix)'
              : '#partition = :partition',
            ExpressionAttributeNames: {
              '#partition': index.partitionKey,
              ...(options.prefix ? { '#sort': index.sortKey } : {}),
            },
            ExpressionAttributeValues: {
              ':partition': partition,
              ...(options.prefix ? { ':prefix': options.prefix } : {}),
            },
            ScanIndexForward: !options.newestFirst,
            ...(options.limit ? { Limit: options.limit - jobs.length } : {}),
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) {
          try {
            jobs.push(fromItem(item));
          } catch (error) {
            this.logger?.error('skipped an unreadable job record', {
              pk: String(item.pk),
              error: String(error),
            });
          }
        }
        startKey = result.LastEvaluatedKey;
      } while (startKey && (options.limit === undefined || jobs.length < options.limit));
    } catch (error) {
      throw translateDynamoError(error, `listing jobs in ${index.name}`);
    }
    return jobs;
  }
}
