/**
 * Reading the payload of a stored item with its schema. An item that fails its schema is a data
 * problem, not an outage: retrying cannot fix it, so it is never reported as a DynamoDB failure
 * ("try again in a minute"). Callers parse outside the SDK's `try`, and skip such an item (logged
 * with its key) where one bad record must not break a listing or a lookup.
 */
import type { z } from 'zod';
import type { Logger } from '../core/ports.js';

export function readStoredItem<Schema extends z.ZodType>(
  schema: Schema,
  item: Record<string, unknown>,
  field: string,
  logger: Logger | undefined,
): z.infer<Schema> | undefined {
  const parsed = schema.safeParse(item[field]);
  if (parsed.success) return parsed.data;
  logger?.error(`skipped an unreadable ${field} record`, {
    pk: String(item.pk),
    sk: String(item.sk),
    error: parsed.error.message,
  });
  return undefined;
}
