/**
 * ChannelSettingsStore on the one DynamoDB table: one item per channel (see table.ts), read by
 * key. A stored item that fails its schema is a data problem, not an outage: it is logged and read
 * as absent, so the channel behaves as if nothing were set until someone sets it again.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ChannelSettings, ChannelSettingsStore, Logger } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { readStoredItem } from './stored-item.js';

const settingsSchema = z.object({
  teamId: z.string(),
  channelId: z.string(),
  defaultModelId: z.string().optional(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

function key(teamId: string, channelId: string) {
  return { pk: `SETTINGS#${teamId}#${channelId}`, sk: 'SETTINGS' };
}

export class DynamoChannelSettingsStore implements ChannelSettingsStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about a stored item that cannot be read, which `get` then treats as absent. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async get(teamId: string, channelId: string): Promise<ChannelSettings | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key(teamId, channelId) }),
      );
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading the settings of channel ${channelId}`);
    }
    return item ? readStoredItem(settingsSchema, item, 'settings', this.logger) : undefined;
  }

  async put(settings: ChannelSettings): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(settings.teamId, settings.channelId), type: 'channel-settings', settings },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `saving the settings of channel ${settings.channelId}`);
    }
  }
}
