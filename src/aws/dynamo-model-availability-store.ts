/**
 * ModelAvailabilityStore on the one DynamoDB table: one item per region holding Bedrock's lists of
 * customizable models (see table.ts for the shape). Dates are stored as ISO strings and read back
 * through zod. An item that does not parse is a data problem, not an outage: it is logged and
 * treated as absent, so the next use reads Bedrock again and overwrites it.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CUSTOMIZATION_TYPES } from '../core/jobs/job.js';
import type {
  FoundationModelInfo,
  Logger,
  ModelAvailability,
  ModelAvailabilityStore,
} from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { TTL_ATTRIBUTE } from './table.js';

/**
 * A list older than this is of no use even as a fallback when Bedrock cannot be reached: DynamoDB
 * may delete it. Models change lifecycle with months of notice, so a month is generous.
 */
const KEEP_SECONDS = 30 * 24 * 60 * 60;

const isoDate = z.iso.datetime().transform((value) => new Date(value));

const storedModelSchema = z.object({
  modelId: z.string(),
  modelArn: z.string(),
  modelName: z.string(),
  providerName: z.string(),
  customizationsSupported: z.array(z.string()),
  inferenceTypesSupported: z.array(z.string()),
  lifecycleStatus: z.enum(['ACTIVE', 'LEGACY', 'UNKNOWN']),
  legacyTime: isoDate.optional(),
  endOfLifeTime: isoDate.optional(),
  responseStreamingSupported: z.boolean().optional(),
  outputModalities: z.array(z.string()).optional(),
});

const itemSchema = z.object({
  region: z.string(),
  readAt: isoDate,
  models: z.object(
    Object.fromEntries(CUSTOMIZATION_TYPES.map((type) => [type, z.array(storedModelSchema)])) as Record<
      (typeof CUSTOMIZATION_TYPES)[number],
      z.ZodArray<typeof storedModelSchema>
    >,
  ),
});

function key(region: string) {
  return { pk: `MODELS#${region}`, sk: 'MODELS' };
}

function storedModel(model: FoundationModelInfo): Record<string, unknown> {
  return {
    ...model,
    ...(model.legacyTime ? { legacyTime: model.legacyTime.toISOString() } : {}),
    ...(model.endOfLifeTime ? { endOfLifeTime: model.endOfLifeTime.toISOString() } : {}),
  };
}

export class DynamoModelAvailabilityStore implements ModelAvailabilityStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about stored items that cannot be read, which `get` then treats as absent. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async get(region: string): Promise<ModelAvailability | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(region) }));
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading the model list of ${region}`);
    }
    if (!item) return undefined;
    // Parsed outside the try: a malformed item must not be reported as a DynamoDB outage.
    const parsed = itemSchema.safeParse(item);
    if (!parsed.success) {
      this.logger?.warn('skipped an unreadable model list; Bedrock will be asked again', {
        region,
        issues: z.prettifyError(parsed.error),
      });
      return undefined;
    }
    return parsed.data;
  }

  async put(availability: ModelAvailability): Promise<void> {
    const models = Object.fromEntries(
      CUSTOMIZATION_TYPES.map((type) => [type, availability.models[type].map(storedModel)]),
    );
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(availability.region),
            type: 'model-availability',
            region: availability.region,
            readAt: availability.readAt.toISOString(),
            models,
            [TTL_ATTRIBUTE]: Math.floor(availability.readAt.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `recording the model list of ${availability.region}`);
    }
  }
}
