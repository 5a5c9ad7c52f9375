/**
 * PriceBookStore on the one DynamoDB table: one item per region holding the prices last read from
 * AWS's price list, with the time they were read (see table.ts for the shape). Read back through
 * zod; an item that does not parse is a data problem, not an outage: it is logged and treated as
 * absent, so estimates use the catalog's figures until the watch reads the price list again.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { PRICE_KINDS } from '../core/catalog/types.js';
import type { Logger, PriceBook, PriceBookStore } from '../core/ports.js';
import { translateDynamoError } from './dynamo-errors.js';
import { TTL_ATTRIBUTE } from './table.js';

/**
 * Prices older than this are not kept even as a fallback when the price list cannot be read: after
 * three months without a successful read, the catalog's marked figures are the honest answer.
 */
const KEEP_SECONDS = 90 * 24 * 60 * 60;

const listedPriceSchema = z.object({
  usd: z.number().positive(),
  usageType: z.string(),
  effectiveDate: z.string().optional(),
});

const kindsSchema = z
  .object(Object.fromEntries(PRICE_KINDS.map((kind) => [kind, listedPriceSchema.optional()])))
  .transform((kinds) => Object.fromEntries(Object.entries(kinds).filter(([, price]) => price !== undefined)));

const itemSchema = z.object({
  region: z.string(),
  readAt: z.iso.datetime().transform((value) => new Date(value)),
  models: z.record(z.string(), kindsSchema),
});

function key(region: string) {
  return { pk: `PRICES#${region}`, sk: 'PRICES' };
}

export class DynamoPriceBookStore implements PriceBookStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly logger: Logger | undefined;

  /** `logger` hears about stored items that cannot be read, which `get` then treats as absent. */
  constructor(options: { client: DynamoDBDocumentClient; tableName: string; logger?: Logger }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.logger = options.logger;
  }

  async get(region: string): Promise<PriceBook | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key(region) }));
      item = result.Item;
    } catch (error) {
      throw translateDynamoError(error, `reading the prices of ${region}`);
    }
    if (!item) return undefined;
    // Parsed outside the try: a malformed item must not be reported as a DynamoDB outage.
    const parsed = itemSchema.safeParse(item);
    if (!parsed.success) {
      this.logger?.warn('skipped unreadable stored prices; estimates use the catalog until the next read', {
        region,
        issues: z.prettifyError(parsed.error),
      });
      return undefined;
    }
    return parsed.data;
  }

  async put(book: PriceBook): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(book.region),
            type: 'price-book',
            region: book.region,
            readAt: book.readAt.toISOString(),
            models: book.models,
            [TTL_ATTRIBUTE]: Math.floor(book.readAt.getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    } catch (error) {
      throw translateDynamoError(error, `recording the prices of ${book.region}`);
    }
  }
}
