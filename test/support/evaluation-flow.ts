/**
 * The path from a shared dataset to a finished, evaluated job on the local stack, for the
 * evaluation flow tests (integration and browser): share support conversations with a split,
 * propose a job with Evaluate when done, press Start as alice, train on the emulator's clock and
 * let the watch see it complete. Everything goes through the sandbox and the real handlers.
 */
import { DynamoDatasetIndex } from '../../src/aws/dynamo-dataset-index.js';
import type { DatasetEntry } from '../../src/core/intake/dataset-entry.js';
import type { Job } from '../../src/core/jobs/job.js';
import type { SlashCommandResult } from '../../src/local/slack-sandbox/index.js';
import type { LocalStack } from '../../src/local/stack.js';
import { conversation, jsonl } from '../integration/bedrock/stack.js';
import { supportDeskHeldOut, supportDeskTraining } from '../integration/bedrock/support-desk.js';
import { ALICE, command, confirmationTs, jobStoreOf, sandboxOf } from './jobs.js';

/** Support questions in conversation form: 64 records, 8 intents, each intent with its own answer. */
export function supportConversations(): string {
  const pairs = [
    ...supportDeskTraining().map(({ prompt, completion }) => [prompt, completion] as const),
    ...supportDeskHeldOut().map(({ prompt, reference }) => [prompt, reference] as const),
  ];
  return jsonl(pairs.map(([question, answer]) => conversation([question, answer])));
}

/** Shares a file as alice and waits for tune's answer; returns the channel's newest dataset. */
export async function shareDataset(
  stack: LocalStack,
  channel: string,
  file: { filename: string; content: string; comment?: string },
): Promise<DatasetEntry> {
  await sandboxOf(stack).shareFile({ userId: ALICE, channelId: channel, ...file });
  await stack.idle();
  const [entry] = await new DynamoDatasetIndex({
    client: stack.clients.documents,
    tableName: stack.config.tableName,
  }).listByChannel('T0TUNE', channel, 1);
  if (!entry) throw new Error(`${file.filename} was not stored`);
  return entry;
}

export async function trainEvaluatedJob(
  stack: LocalStack,
  channel: string,
  advanceClock: (milliseconds: number) => void,
): Promise<{ dataset: DatasetEntry; proposal: SlashCommandResult; job: Job }> {
  const sandbox = sandboxOf(stack);
  const dataset = await shareDataset(stack, channel, {
    filename: 'support.jsonl',
    content: supportConversations(),
    comment: '--split 0.3',
  });
  const proposal = await command(stack, {
    userId: ALICE,
    channelId: channel,
    text: `start ${dataset.datasetId} --name support-eval`,
  });
  await sandbox.clickButton({
    userId: ALICE,
    channelId: channel,
    messageTs: confirmationTs(sandbox, channel),
    actionId: 'start_confirm',
  });
  await stack.idle();
  // Bedrock trains it; the watch sees it complete and hands the rest to the worker.
  advanceClock(60 * 60_000);
  await stack.runWatch();
  await stack.idle();
  const [job] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
  if (!job) throw new Error('no job was recorded');
  return { dataset, proposal, job };
}
