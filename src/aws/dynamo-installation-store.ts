/**
 * Installations and OAuth states on the one DynamoDB table (see table.ts), each read by its key.
 *
 * Bot tokens are kept as they are in the item, protected at rest by the table's server-side
 * encryption with KMS (serverless.yml `SSESpecification`: the AWS-managed key `aws/dynamodb`, whose
 * every use CloudTrail records): a token is never on disk or in a backup unencrypted. Encrypting each
 * token here as well, with a key of the stack, would cost a KMS call on the cold start of every
 * function, need a KMS stand-in locally, and protect only against someone who may already read the
 * table through DynamoDB; docs/architecture.md ("Workspaces") says the same.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Logger } from '../core/ports.js';
import type { Installation, InstallationStore, OAuthStateStore } from '../core/workspaces/installations.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';
import { TTL_ATTRIBUTE } from './table.js';

const installationSchema = z.object({
  teamId: z.string().min(1),
  teamName: z.string().optional(),
  enterpriseId: z.string().optional(),
  botToken: z.string().min(1),
  botId: z.string().min(1),
  botUserId: z.string().min(1),
  installerUserId: z.string().min(1),
  scopes: z.array(z.string()),
  installedAt: z.iso.datetime(),
});

export function installationKey(teamId: string) {
  return { pk: `INSTALLATION#${teamId}`, sk: 'INSTALLATION' };
}

interface TableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  logger?: Logger;
}

export class DynamoInstallationStore implements InstallationStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about a stored installation that cannot be read, which `get` treats as absent. */
  constructor(options: TableOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async save(installation: Installation): Promise<void> {
    const stored = {
      teamId: installation.teamId,
      ...(installation.teamName ? { teamName: installation.teamName } : {}),
      ...(installation.enterpriseId ? { enterpriseId: installation.enterpriseId } : {}),
      botToken: installation.botToken,
      botId: installation.botId,
      botUserId: installation.botUserId,
      installerUserId: installation.installerUserId,
      scopes: installation.scopes,
      installedAt: installation.installedAt.toISOString(),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...installationKey(installation.teamId), type: 'installation', installation: stored },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `saving the installation of workspace ${installation.teamId}`);
    }
  }

  async get(teamId: string): Promise<Installation | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: installationKey(teamId), ConsistentRead: true }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading the installation of workspace ${teamId}`);
    }
    const stored = item ? readStoredItem(installationSchema, item, 'installation', this.logger) : undefined;
    if (!stored) return undefined;
    return {
      teamId: stored.teamId,
      teamName: stored.teamName,
      enterpriseId: stored.enterpriseId,
      botToken: stored.botToken,
      botId: stored.botId,
      botUserId: stored.botUserId,
      installerUserId: stored.installerUserId,
      scopes: stored.scopes,
      installedAt: new Date(stored.installedAt),
    };
  }

  async delete(teamId: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: installationKey(teamId) }));
    } catch (error) {
      throw translateDynamoError(error, `deleting the installation of workspace ${teamId}`);
    }
  }
}

function stateKey(state: string) {
  return { pk: `OAUTH_STATE#${state}`, sk: 'OAUTH_STATE' };
}

const statePayload = z.string();

/**
 * OAuth states, each an item deleted by the read that consumes it: the delete is conditional on the
 * item being there and not expired, so of two redirects carrying one state only the first passes,
 * and DynamoDB's TTL removes the states nobody came back with.
 */
export class DynamoOAuthStateStore implements OAuthStateStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  constructor(options: TableOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async issue(state: string, payload: string, expiresAt: Date): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...stateKey(state),
            type: 'oauth-state',
            payload,
            [TTL_ATTRIBUTE]: Math.ceil(expiresAt.getTime() / 1000),
          },
          // A state is random; one already there would be a collision, never to be overwritten.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, 'keeping an OAuth state');
    }
  }

  async consume(state: string, now: Date): Promise<string | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: stateKey(state),
          // TTL deletes within days, not at the second: an expired state must fail here too.
          ConditionExpression: 'attribute_exists(pk) AND #expires > :now',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      item = result.Attributes;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw translateDynamoError(error, 'consuming an OAuth state');
    }
    return item ? readStoredItem(statePayload, item, 'payload', this.logger) : undefined;
  }
}
