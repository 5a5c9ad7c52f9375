/**
 * The one DynamoDB table (single-table design). serverless.yml declares the same keys and indexes;
 * a unit test keeps the two in step. Items:
 * - jobs:            pk `JOB#<jobId>`, sk `JOB`
 * - datasets:        pk `DATASET#<teamId>#<channelId>`, sk `DATASET#<createdAt>#<datasetId>`
 * - idempotency:     pk `IDEMPOTENCY#<key>`, sk `IDEMPOTENCY`, with `expiresAt` (TTL)
 * - model lists:     pk `MODELS#<region>`, sk `MODELS`, type `model-availability`: `region`,
 *                    `readAt` (ISO), `models` ({ FINE_TUNING: [...], CONTINUED_PRE_TRAINING: [...] },
 *                    each entry a FoundationModelInfo with ISO dates), `expiresAt` (TTL, 30 days)
 * - channel settings: pk `SETTINGS#<teamId>#<channelId>`, sk `SETTINGS`, type `channel-settings`:
 *                    `settings` (the default model of `/tune use`, who set it and when)
 * Indexes (all sparse: an item is in an index only while it carries the index's key):
 * - `active` (gsi1pk/gsi1sk): jobs in Starting, InProgress or Stopping; the watch queries it,
 *   never scans. Removing the attributes on a terminal transition takes the job out.
 * - `byChannel` (gsi2pk/gsi2sk): `CHANNEL#<teamId>#<channelId>` → jobs and datasets, newest first.
 * - `byUser` (gsi3pk/gsi3sk): `USER#<teamId>#<userId>` → a user's jobs for the App Home.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEX = {
  active: { name: 'active', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  byChannel: { name: 'byChannel', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  byUser: { name: 'byUser', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
} as const;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const stringAttributes = [
    'pk',
    'sk',
    ...Object.values(INDEX).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: stringAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(INDEX).map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
