/**
 * Replays of every request that changes something: the sandbox sends the request, then Slack's
 * retries of it (same body, same event or trigger, `x-slack-retry-num` 1…, fresh signature), all
 * at once, and each kind has exactly one effect however many copies arrived: one proposal for a
 * `/tune start`, one Bedrock job for a Start press, one proposal for a submitted form, one report
 * for a shared file, one deployment for a Deploy press, one deletion for `/tune undeploy`, one
 * "stopping" for a Stop press. (Two different presses of one button at once are in jobs.test.ts
 * and serving.test.ts; a retried mention in edge.test.ts.)
 */
import { ListCustomModelDeploymentsCommand } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { DynamoEndpointStore } from '../../../src/aws/dynamo-endpoint-store.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import type { DeliveryRecord } from '../../../src/local/slack-sandbox/types.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import {
  ALICE,
  bedrockJobs,
  command,
  confirmationTs,
  jobStoreOf,
  sandboxOf,
  seedDataset,
  startThroughSlack,
  threadTexts,
} from '../../support/jobs.js';

const MINUTE = 60_000;
const clock = createManualClock(Date.UTC(2026, 10, 26, 6, 0));
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    clock: { now: () => new Date(clock.now()) },
    emulator: { now: clock.now, trainingMs: 10 * MINUTE, deploymentMs: 5 * MINUTE },
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

const REASONS = ['http_timeout', 'too_many_conns', 'http_error', 'unknown_error'] as const;

/** Slack's retries of a delivered request, `copies - 1` of them, sent at once; then the worker drains. */
async function replay(request: DeliveryRecord | undefined, copies: number): Promise<void> {
  if (!request) throw new Error('the sandbox sent no request to replay');
  const retries = await Promise.all(
    Array.from({ length: copies - 1 }, (_, index) =>
      sandboxOf(stack).resend(request.id, {
        retryNum: index + 1,
        reason: REASONS[index % REASONS.length] ?? 'http_timeout',
      }),
    ),
  );
  for (const retry of retries) expect(retry.status).toBe(200);
  await stack.idle();
}

async function advance(milliseconds: number): Promise<void> {
  clock.advance(milliseconds);
  await stack.runWatch();
  await stack.idle();
}

function channelTexts(): string[] {
  return sandboxOf(stack)
    .messages(channel)
    .map((message) => JSON.stringify(message));
}

const COPIES = [1, 2, 3, 4, 5] as const;

describe('a request Slack delivers 1 to 5 times at once has one effect', () => {
  it.each(COPIES)('/tune start <dataset>, %i copies: one proposal', async (copies) => {
    const datasetId = `dsreplaycmd${copies}`;
    await seedDataset(stack, channel, datasetId);

    const sent = await sandboxOf(stack).slashCommand({
      userId: ALICE,
      channelId: channel,
      text: `start ${datasetId} --name replayed-command-${copies}`,
    });
    await replay(sent.request, copies);

    const proposals = channelTexts().filter(
      (text) => text.includes('start_confirm') && text.includes(`replayed-command-${copies}`),
    );
    expect(proposals).toHaveLength(1);
  });

  it.each(COPIES)('a Start press, %i copies: one Bedrock job', async (copies) => {
    const datasetId = `dsreplaystart${copies}`;
    await seedDataset(stack, channel, datasetId);
    await command(stack, { userId: ALICE, channelId: channel, text: `start ${datasetId}` });
    const before = (await bedrockJobs(stack)).length;

    const pressed = await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: confirmationTs(sandboxOf(stack), channel),
      actionId: 'start_confirm',
    });
    await replay(pressed.request, copies);

    expect((await bedrockJobs(stack)).length).toBe(before + 1);
    const [job] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
    expect(
      threadTexts(sandboxOf(stack), channel, job as Job).filter((text) =>
        text.includes('Bedrock accepted the job'),
      ),
    ).toHaveLength(1);
    // Bedrock lets two jobs train at once: this one finishes before the next round.
    await advance(11 * MINUTE);
  });

  it.each(COPIES)('a submitted start form, %i copies: one proposal', async (copies) => {
    await seedDataset(stack, channel, `dsreplayform${copies}`);
    await sandboxOf(stack).slashCommand({ userId: ALICE, channelId: channel, text: 'start' });
    await stack.idle();
    const views = sandboxOf(stack).views(ALICE);
    const view = views[views.length - 1];

    const submitted = await sandboxOf(stack).submitView({
      userId: ALICE,
      ...(view ? { viewId: view.id } : {}),
      values: {
        model: { start_modal_model: 'amazon.nova-micro-v1:0:128k' },
        name: { value: `replayed-form-${copies}` },
      },
    });
    expect(submitted.errors).toBeUndefined();
    await replay(submitted.request, copies);

    const proposals = channelTexts().filter(
      (text) => text.includes('start_confirm') && text.includes(`replayed-form-${copies}`),
    );
    expect(proposals).toHaveLength(1);
  });

  it.each(COPIES)('a shared file, %i copies: one report and one dataset', async (copies) => {
    const filename = `replayed-${copies}.jsonl`;
    const record = JSON.stringify({
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: [{ text: 'How do I list my buckets?' }] },
        { role: 'assistant', content: [{ text: 'aws s3 ls' }] },
      ],
    });
    const shared = await sandboxOf(stack).shareFile({
      userId: ALICE,
      channelId: channel,
      filename,
      content: `${Array.from({ length: 40 }, () => record).join('\n')}\n`,
    });
    const fileShare = shared.deliveries.find(
      (delivery) => delivery.eventType === 'message' && delivery.body.includes('file_share'),
    );
    await replay(fileShare, copies);

    const replies = sandboxOf(stack)
      .thread(channel, String(shared.message.ts))
      .filter((message) => message.user === sandboxOf(stack).botUserId);
    // The verdict, and the full report as a file.
    expect(replies).toHaveLength(2);
    expect(replies.filter((reply) => String(reply.text).includes('is ready for fine-tuning'))).toHaveLength(
      1,
    );
    expect(replies.filter((reply) => Array.isArray(reply.files))).toHaveLength(1);
    const index = new DynamoDatasetIndex({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    });
    const stored = (await index.listByChannel('T0TUNE', channel, 100)).filter(
      (entry) => entry.name === filename,
    );
    expect(stored).toHaveLength(1);
  });
});

describe('presses and commands on a tuned model, 5 copies at once', () => {
  let job: Job;
  const endpoints = () =>
    new DynamoEndpointStore({ client: stack.clients.documents, tableName: stack.config.tableName });
  async function deployments() {
    const result = await stack.clients.bedrock.send(new ListCustomModelDeploymentsCommand({}));
    return result.modelDeploymentSummaries ?? [];
  }

  beforeAll(async () => {
    job = await startThroughSlack(stack, channel, 'dsreplayserve');
    await advance(11 * MINUTE);
  });

  it('a Deploy press: one deployment, said once', async () => {
    const before = (await deployments()).length;
    await command(stack, { userId: ALICE, channelId: channel, text: `deploy ${job.jobId}` });
    const proposal = [...sandboxOf(stack).messages(channel)]
      .reverse()
      .find((message) => JSON.stringify(message).includes('deploy_confirm'));

    const pressed = await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: String(proposal?.ts),
      actionId: 'deploy_confirm',
    });
    await replay(pressed.request, 5);
    await advance(6 * MINUTE);

    expect((await deployments()).length).toBe(before + 1);
    expect(await endpoints().listByModel(job.jobId, 10)).toHaveLength(1);
    expect(
      threadTexts(sandboxOf(stack), channel, job).filter((text) => text.includes('is deployed')),
    ).toHaveLength(1);
  });

  it('/tune undeploy: one deletion, answered once', async () => {
    const before = (await deployments()).length;
    const sent = await sandboxOf(stack).slashCommand({
      userId: ALICE,
      channelId: channel,
      text: `undeploy ${job.jobId}`,
    });
    await replay(sent.request, 5);

    expect((await deployments()).length).toBe(before - 1);
    const [endpoint] = await endpoints().listByModel(job.jobId, 10);
    expect(endpoint?.status).toBe('Deleted');
    const answers = sandboxOf(stack).responses(sent.responseUrl ?? '');
    expect(answers.filter((answer) => JSON.stringify(answer).includes('no hourly fee'))).toHaveLength(1);
  });

  it('a Stop press: one stop, said once in the thread', async () => {
    const training = await startThroughSlack(stack, channel, 'dsreplaystop');
    await command(stack, { userId: ALICE, channelId: channel, text: `stop ${training.jobId}` });
    const prompt = [...sandboxOf(stack).ephemerals(channel, ALICE)]
      .reverse()
      .find((message) => JSON.stringify(message).includes('stop_confirm'));

    const pressed = await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: String(prompt?.ts),
      actionId: 'stop_confirm',
    });
    await replay(pressed.request, 5);
    await advance(MINUTE);
    await advance(MINUTE);

    expect((await jobStoreOf(stack).get(training.jobId))?.status).toBe('Stopped');
    const thread = threadTexts(sandboxOf(stack), channel, training);
    expect(thread.filter((text) => text.includes('is stopping'))).toHaveLength(1);
    expect(thread.filter((text) => text.includes('was stopped'))).toHaveLength(1);
  });
});
