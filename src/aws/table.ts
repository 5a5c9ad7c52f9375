/**
 * The one DynamoDB table (single-table design). serverless.yml declares the same keys and indexes;
 * a unit test keeps the two in step. Items:
 * - jobs:            pk `JOB#<jobId>`, sk `JOB`
 * - datasets:        pk `DATASET#<teamId>#<channelId>`, sk `DATASET#<createdAt>#<datasetId>`
 * - idempotency:     pk `IDEMPOTENCY#<key>`, sk `IDEMPOTENCY`, with `expiresAt` (TTL)
 * - model lists:     pk `MODELS#<region>`, sk `MODELS`, type `model-availability`: `region`,
 *                    `readAt` (ISO), `models` ({ FINE_TUNING: [...], CONTINUED_PRE_TRAINING: [...] },
 *                    each entry a FoundationModelInfo with ISO dates), `expiresAt` (TTL, 30 days)
 * - custom models:   pk `MODEL#<modelId>`, sk `MODEL`, type `custom-model`, `model` (a CustomModelRecord);
 *                    each channel it is shared with: sk `SHARE#<channelId>`, type `custom-model-share`
 * - endpoints:       pk `ENDPOINT#<endpointId>`, sk `ENDPOINT`, type `endpoint`, `endpoint`, `status`,
 *                    `version`, `announcedVersion`
 * - unrecorded:      pk `SERVING#UNRECORDED`, sk `SNAPSHOT`: what Bedrock serves that tune did not make
 * - deploy proposals: pk `DEPLOY_PROPOSAL#<id>`, sk `DEPLOY_PROPOSAL`, `expiresAt` (TTL, 7 days)
 * - prices:          pk `PRICES#<region>`, sk `PRICES`, type `price-book`: `region`, `readAt`
 *                    (ISO), `models` ({ <catalog model id>: { <price kind>: { usd, usageType,
 *                    effectiveDate? } } }), `expiresAt` (TTL, 90 days)
 * - channel settings: pk `SETTINGS#<teamId>#<channelId>`, sk `SETTINGS`, type `channel-settings`:
 *                    `settings` (the default model of `/tune use`, who set it and when)
 * - installations:   pk `INSTALLATION#<teamId>`, sk `INSTALLATION`, type `installation`:
 *                    `installation` (the workspace's bot token and ids, installer, scopes, time)
 * - OAuth states:    pk `OAUTH_STATE#<state>`, sk `OAUTH_STATE`, `payload`, `expiresAt` (TTL,
 *                    10 minutes); deleted by the redirect that uses it
 * Indexes (all sparse: an item is in an index only while it carries the index's key):
 * - `active` (gsi1pk/gsi1sk): what the watch must look at, one partition per kind, never a scan:
 *   `JOBS#ACTIVE` → jobs in Starting, InProgress or Stopping (or owing an announcement);
 *   `ENDPOINTS#LIVE` → endpoints that may cost money or owe an announcement, sorted
 *   `<modelId>#<createdAt>#<endpointId>` so one model's are a key condition away;
 *   `MODELS#STORED` → custom models whose Bedrock copy exists (storage reminders).
 *   Removing the attributes (a terminal transition, a deleted model) takes the item out.
 * - `byChannel` (gsi2pk/gsi2sk): `CHANNEL#<teamId>#<channelId>` → jobs, datasets, custom models
 *   (trained there or shared into it) and endpoints, each by its sort-key prefix, newest first.
 * - `byUser` (gsi3pk/gsi3sk): `USER#<teamId>#<userId>` → a user's jobs for the App Home;
 *   `MODEL#<modelId>` → the endpoints of one model, newest first (what serving it has cost).
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
