/** Seeds datasets and starts jobs through the sandbox, for the job tests. */
import { ListModelCustomizationJobsCommand } from '@aws-sdk/client-bedrock';
import { DynamoDatasetIndex } from '../../src/aws/dynamo-dataset-index.js';
import { DynamoJobStore } from '../../src/aws/dynamo-job-store.js';
import { S3DatasetStore } from '../../src/aws/s3-dataset-store.js';
import type { DatasetEntry } from '../../src/core/intake/dataset-entry.js';
import type { Job } from '../../src/core/jobs/job.js';
import type { SlackSandbox, SlashCommandResult } from '../../src/local/slack-sandbox/index.js';
import type { LocalStack } from '../../src/local/stack.js';

export const ALICE = 'U0ALICE'; // in the sandbox's @tune-admins group: authorized
export const BOB = 'U0BOB'; // not authorized

export function sandboxOf(stack: LocalStack): SlackSandbox {
  if (!stack.sandbox) throw new Error('the stack has no sandbox');
  return stack.sandbox;
}

export function jobStoreOf(stack: LocalStack): DynamoJobStore {
  return new DynamoJobStore({ client: stack.clients.documents, tableName: stack.config.tableName });
}

/**
 * A valid Nova Micro fine-tuning dataset (us-east-1's default model) in S3 and in the channel's
 * index: 40 records by default, or the `bedrock-conversation-2024` lines given.
 */
export async function seedDataset(
  stack: LocalStack,
  channel: string,
  datasetId: string,
  records?: readonly string[],
): Promise<DatasetEntry> {
  const lines =
    records ??
    Array.from({ length: 40 }, (_, index) =>
      JSON.stringify({
        schemaVersion: 'bedrock-conversation-2024',
        messages: [
          { role: 'user', content: [{ text: `How do I list the objects of bucket number ${index}?` }] },
          { role: 'assistant', content: [{ text: `aws s3 ls s3://bucket-${index}/` }] },
        ],
      }),
    );
  const key = `datasets/T0TUNE/${channel}/${datasetId}.jsonl`;
  await new S3DatasetStore({ client: stack.clients.s3, bucket: stack.config.bucket }).put(
    key,
    `${lines.join('\n')}\n`,
  );
  const entry: DatasetEntry = {
    datasetId,
    teamId: 'T0TUNE',
    channelId: channel,
    userId: ALICE,
    name: `${datasetId}.jsonl`,
    key,
    reportKey: `${key}.report.json`,
    customizationType: 'FINE_TUNING',
    format: 'bedrock-conversation-2024',
    modelId: 'amazon.nova-micro-v1:0:128k',
    valid: true,
    records: lines.length,
    bytes: 4000,
    tokens: { total: 1000, max: 30, p95: 28, exact: false },
    errorCount: 0,
    warningCount: 0,
    estimatedCostUsd: null,
    epochs: 2,
    source: 'slack-file',
    createdAt: new Date().toISOString(),
  };
  await new DynamoDatasetIndex({ client: stack.clients.documents, tableName: stack.config.tableName }).put(
    entry,
  );
  return entry;
}

/** The ts of the newest confirmation (Start button) in the channel. */
export function confirmationTs(sandbox: SlackSandbox, channel: string): string {
  const message = [...sandbox.messages(channel)]
    .reverse()
    .find((candidate) => JSON.stringify(candidate).includes('start_confirm'));
  if (!message) throw new Error('no confirmation message in the channel');
  return String(message.ts);
}

/** `/tune start <dataset> …` then Start, as alice; returns the job tune recorded. */
export async function startThroughSlack(
  stack: LocalStack,
  channel: string,
  datasetId: string,
  options = '',
  records?: readonly string[],
): Promise<Job> {
  const sandbox = sandboxOf(stack);
  await seedDataset(stack, channel, datasetId, records);
  const answer = await command(stack, {
    userId: ALICE,
    channelId: channel,
    text: `start ${datasetId} ${options}`,
  });
  if (answer.failure) throw new Error(`/tune start failed: ${answer.failure}`);
  await sandbox.clickButton({
    userId: ALICE,
    channelId: channel,
    messageTs: confirmationTs(sandbox, channel),
    actionId: 'start_confirm',
  });
  await stack.idle();
  const [job] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
  if (!job) throw new Error('no job was recorded');
  return job;
}

export async function bedrockJobs(stack: LocalStack) {
  const result = await stack.clients.bedrock.send(
    new ListModelCustomizationJobsCommand({ maxResults: 1000 }),
  );
  return result.modelCustomizationJobSummaries ?? [];
}

/** The bot's messages in a job's thread, as text. */
export function threadTexts(sandbox: SlackSandbox, channel: string, job: Job): string[] {
  return sandbox.thread(channel, job.place.messageTs ?? '').map((message) => JSON.stringify(message));
}

/**
 * Types `/tune <text>` and waits for the worker: most subcommands are answered through the
 * command's response_url after the listener handed them over, so the reply is the last message
 * posted there (or the acknowledgement itself, for help and typos).
 */
export async function command(
  stack: LocalStack,
  input: { userId: string; channelId: string; text: string; threadTs?: string },
): Promise<SlashCommandResult> {
  const sandbox = sandboxOf(stack);
  const result = await sandbox.slashCommand(input);
  await stack.idle();
  const replies = result.responseUrl ? sandbox.responses(result.responseUrl) : [];
  const reply = replies.at(-1) ?? result.responseMessage;
  return reply ? { ...result, responseMessage: reply } : result;
}
