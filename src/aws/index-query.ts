/**
 * Reading one partition of an index, page after page, up to a limit: the raw items, for the
 * caller to parse outside the SDK's `try` (a record that fails its schema is skipped and logged,
 * never reported as an outage).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { translateDynamoError } from './dynamo-errors.js';
import type { INDEX } from './table.js';

export async function queryIndex(
  client: DynamoDBDocumentClient,
  tableName: string,
  index: (typeof INDEX)[keyof typeof INDEX],
  partition: string,
  options: { prefix?: string; newestFirst?: boolean; limit?: number; doing: string },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
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
          ...(options.limit ? { Limit: options.limit - items.length } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey && (options.limit === undefined || items.length < options.limit));
  } catch (error) {
    throw translateDynamoError(error, options.doing);
  }
  return items;
}
