/**
 * "Did tuning help?" end to end on the local stack, through the real handlers, the Slack sandbox
 * and the Bedrock emulator (today's world: Nova Micro in us-east-1): a dataset shared with a split,
 * a job proposed with Evaluate when done and started, the job trained to Completed; then, in the
 * job's thread and in this order, the completion line, the loss chart, the evaluation (the
 * emulated tuned model above its base with an interval that excludes zero) and its records file;
 * the headline on the job card, in App Home and on the model's record; no deployment left.
 */
import { ListCustomModelDeploymentsCommand } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { InMemoryCustomModelStore } from '../../fakes/serving.js';
import { ALICE, command, confirmationTs, jobStoreOf, sandboxOf } from '../../support/jobs.js';
import { conversation, jsonl } from '../bedrock/stack.js';
import { supportDeskHeldOut, supportDeskTraining } from '../bedrock/support-desk.js';

const clock = createManualClock(Date.now());
const customModels = new InMemoryCustomModelStore();
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    // Deployments are Active at once here: a real one takes minutes, which the evaluation polls for.
    emulator: { now: clock.now, trainingMs: 10 * 60_000, deploymentMs: 0 },
    customModels,
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

/** Support questions in conversation form: 64 records, 8 intents, each intent with its own answer. */
function supportConversations(): string {
  const pairs = [
    ...supportDeskTraining().map(({ prompt, completion }) => [prompt, completion] as const),
    ...supportDeskHeldOut().map(({ prompt, reference }) => [prompt, reference] as const),
  ];
  return jsonl(pairs.map(([question, answer]) => conversation([question, answer])));
}

const text = (message: unknown) => JSON.stringify(message);

describe('from a shared dataset to the evaluation in the job’s thread', () => {
  it('draws the loss curves, finds the tuned model better than its base, and shows the headline where people look', async () => {
    // Prepare: share the file with a split; propose and start a job that evaluates when done.
    const sandbox = sandboxOf(stack);
    await sandbox.shareFile({
      userId: ALICE,
      channelId: channel,
      filename: 'support.jsonl',
      content: supportConversations(),
      comment: '--split 0.3',
    });
    await stack.idle();
    const [dataset] = await new DynamoDatasetIndex({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    }).listByChannel('T0TUNE', channel, 1);
    const proposal = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${dataset?.datasetId} --name support-eval`,
    });
    await sandbox.clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: confirmationTs(sandbox, channel),
      actionId: 'start_confirm',
    });
    await stack.idle();

    // Act: Bedrock trains it; the watch sees it complete.
    clock.advance(60 * 60_000);
    await stack.runWatch();
    await stack.idle();

    // Assess: the proposal offered the evaluation with its price.
    expect(dataset?.validationRecords).toBeGreaterThanOrEqual(10);
    expect(text(proposal.responseMessage)).toMatch(
      /Evaluate when done\*\\n(yes: tuned against base on \d+ held-out records)/,
    );
    const [job] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
    expect(job?.status).toBe('Completed');
    const thread = sandbox.thread(channel, job?.place.messageTs ?? '');
    // Replies only: the card (the parent) carries the headline too.
    const position = (find: (message: Record<string, unknown>) => boolean) =>
      thread.findIndex((message, index) => index > 0 && find(message));
    const completed = position((message) => text(message).includes('finished training'));
    const chart = position((message) => text(message).includes('loss-curves.png'));
    const evaluation = position((message) => text(message).includes('Did tuning help?'));
    const records = position((message) => text(message).includes('-evaluation.jsonl'));
    expect(completed).toBeGreaterThan(0);
    expect(chart).toBeGreaterThan(completed);
    expect(evaluation).toBeGreaterThan(chart);
    expect(records).toBeGreaterThan(evaluation);
    expect(thread[chart]?.files).toMatchObject([{ name: 'loss-curves.png', mimetype: 'image/png' }]);

    // The tuned model beats its base on METEOR, with a 95% interval above zero.
    const table = text(thread[evaluation]);
    const meteor = /METEOR +([\d.]+) +([\d.]+) +([+-][\d.]+) +\[([+-][\d.]+), ([+-][\d.]+)\]/.exec(
      table.replaceAll('\\n', '\n'),
    );
    expect(meteor, table).not.toBeNull();
    expect(Number(meteor?.[2])).toBeGreaterThan(Number(meteor?.[1]));
    expect(Number(meteor?.[4])).toBeGreaterThan(0);
    expect(table).toContain('Tuned is better on all four metrics');

    // The headline on the job, its card, App Home and the model's record; nothing left deployed.
    const stored = await jobStoreOf(stack).get(job?.jobId ?? '');
    expect(stored?.evaluated?.meteor.tuned).toBeGreaterThan(stored?.evaluated?.meteor.base ?? 1);
    expect(text(thread[0])).toContain('Did tuning help?');
    expect(customModels.records.get(job?.jobId ?? '')?.evaluation).toEqual(stored?.evaluated);
    await sandbox.openHome(ALICE);
    await stack.idle();
    expect(text(sandbox.home(ALICE))).toContain('METEOR');
    const deployments = await stack.clients.bedrock.send(new ListCustomModelDeploymentsCommand({}));
    expect(deployments.modelDeploymentSummaries ?? []).toEqual([]);
  }, 120_000);
});
