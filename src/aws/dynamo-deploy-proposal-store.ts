/**
 * DeployProposalStore on the one DynamoDB table. Deploy proposals expire after a week (TTL): a confirmation
 * button older than that finds nothing and says so. Kept apart from job proposals: another key
 * and another schema, the same rules.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, JobStateConflictError } from '../core/errors.js';
import type { Clock, DeployProposalStore, Logger } from '../core/ports.js';
import { type DeployProposal, deployProposalSchema } from '../core/serving/deploy-proposal.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';
import { TTL_ATTRIBUTE } from './table.js';

const KEEP_SECONDS = 7 * 24 * 60 * 60;

function key(proposalId: string) {
  return { pk: `DEPLOY_PROPOSAL#${proposalId}`, sk: 'DEPLOY_PROPOSAL' };
}

export class DynamoDeployProposalStore implements DeployProposalStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;

  /** `logger` hears about unreadable proposals, which read as absent (the button says it expired). */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; clock: Clock; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  private item(proposal: DeployProposal) {
    const expires = Math.floor(Date.parse(proposal.createdAt) / 1000) + KEEP_SECONDS;
    return {
      ...key(proposal.proposalId),
      type: 'deploy-proposal',
      status: proposal.status,
      proposal,
      [TTL_ATTRIBUTE]: expires,
    };
  }

  async create(proposal: DeployProposal): Promise<void> {
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
        throw new ConflictError(`Deploy proposal ${proposal.proposalId} exists already.`, { cause: error });
      }
      throw translateDynamoError(error, `recording proposal ${proposal.proposalId}`);
    }
  }

  async get(proposalId: string): Promise<DeployProposal | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(proposalId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading proposal ${proposalId}`);
    }
    if (!item) return undefined;
    // dynalite never deletes expired items, and DynamoDB may lag by days: expired is absent.
    const expires = item[TTL_ATTRIBUTE];
    if (typeof expires === 'number' && expires * 1000 < this.clock.now().getTime()) return undefined;
    return readStoredItem(deployProposalSchema, item, 'proposal', this.logger);
  }

  async update(proposal: DeployProposal, expected: DeployProposal['status']): Promise<void> {
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
        throw new JobStateConflictError(`Deploy proposal ${proposal.proposalId} is no longer ${expected}.`, {
          cause: error,
        });
      }
      throw translateDynamoError(error, `updating proposal ${proposal.proposalId}`);
    }
  }
}
