/**
 * Proposals on the one DynamoDB table: a job's (ProposalStore) and a deployment's
 * (DeployProposalStore), each under its own key and schema, with the same rules. Proposals expire
 * after a week (TTL): a confirmation button older than that finds nothing and says so. A status
 * change is a conditional write on the stored status, so of two presses one wins.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { ConflictError, JobStateConflictError } from '../core/errors.js';
import { type Proposal, proposalSchema } from '../core/jobs/proposal.js';
import type { Clock, DeployProposalStore, Logger, ProposalStore } from '../core/ports.js';
import { type DeployProposal, deployProposalSchema } from '../core/serving/deploy-proposal.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';
import { TTL_ATTRIBUTE } from './table.js';

const KEEP_SECONDS = 7 * 24 * 60 * 60;

interface StoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  /** Hears about unreadable proposals, which read as absent (the button says it expired). */
  logger?: Logger;
}

/** What tells one kind of proposal from another on the table. */
interface ProposalKind<T> {
  /** The key's prefix and sort key, e.g. `PROPOSAL`. */
  keyName: string;
  /** The item's `type` attribute. */
  type: string;
  /** How messages name it, capitalized: `Proposal`. */
  noun: string;
  schema: z.ZodType<T>;
}

class DynamoExpiringProposals<T extends { proposalId: string; status: string; createdAt: string }> {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly kind: ProposalKind<T>;

  constructor(options: StoreOptions, kind: ProposalKind<T>) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.logger = options.logger;
    this.kind = kind;
  }

  private key(proposalId: string) {
    return { pk: `${this.kind.keyName}#${proposalId}`, sk: this.kind.keyName };
  }

  private item(proposal: T) {
    const expires = Math.floor(Date.parse(proposal.createdAt) / 1000) + KEEP_SECONDS;
    return {
      ...this.key(proposal.proposalId),
      type: this.kind.type,
      status: proposal.status,
      proposal,
      [TTL_ATTRIBUTE]: expires,
    };
  }

  async create(proposal: T): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(proposal),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`${this.kind.noun} ${proposal.proposalId} exists already.`, { cause: error });
      }
      throw translateDynamoError(error, `recording ${this.kind.noun.toLowerCase()} ${proposal.proposalId}`);
    }
  }

  async get(proposalId: string): Promise<T | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: this.key(proposalId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading ${this.kind.noun.toLowerCase()} ${proposalId}`);
    }
    if (!item) return undefined;
    // dynalite never deletes expired items, and DynamoDB may lag by days: expired is absent.
    const expires = item[TTL_ATTRIBUTE];
    if (typeof expires === 'number' && expires * 1000 < this.clock.now().getTime()) return undefined;
    return readStoredItem(this.kind.schema, item, 'proposal', this.logger);
  }

  async update(proposal: T, expected: T['status']): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(proposal),
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expected': expected },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new JobStateConflictError(
          `${this.kind.noun} ${proposal.proposalId} is no longer ${expected}.`,
          {
            cause: error,
          },
        );
      }
      throw translateDynamoError(error, `updating ${this.kind.noun.toLowerCase()} ${proposal.proposalId}`);
    }
  }
}

export class DynamoProposalStore extends DynamoExpiringProposals<Proposal> implements ProposalStore {
  constructor(options: StoreOptions) {
    super(options, { keyName: 'PROPOSAL', type: 'proposal', noun: 'Proposal', schema: proposalSchema });
  }
}

export class DynamoDeployProposalStore
  extends DynamoExpiringProposals<DeployProposal>
  implements DeployProposalStore
{
  constructor(options: StoreOptions) {
    super(options, {
      keyName: 'DEPLOY_PROPOSAL',
      type: 'deploy-proposal',
      noun: 'Deploy proposal',
      schema: deployProposalSchema,
    });
  }
}
