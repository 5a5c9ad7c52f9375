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
import { DynamoCustomModelStore } from '../../../src/aws/dynamo-custom-model-store.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { shareDataset, trainEvaluatedJob } from '../../support/evaluation-flow.js';
import { ALICE, BOB, command, jobStoreOf, sandboxOf } from '../../support/jobs.js';
import { conversation, jsonl } from '../bedrock/stack.js';
import { supportDeskHeldOut } from '../bedrock/support-desk.js';

const clock = createManualClock(Date.now());
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    // Deployments are Active at once here: a real one takes minutes, which the evaluation polls for.
    emulator: { now: clock.now, trainingMs: 10 * 60_000, deploymentMs: 0 },
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

const text = (message: unknown) => JSON.stringify(message);
/** The job the first test trained and evaluated; the second evaluates it again on other data. */
let evaluatedJob: Job | undefined;

describe('from a shared dataset to the evaluation in the job’s thread', () => {
  it('draws the loss curves, finds the tuned model better than its base, and shows the headline where people look', async () => {
    // Act: share a file with a split, propose with Evaluate when done, Start, train to Completed.
    const sandbox = sandboxOf(stack);
    const { dataset, proposal, job } = await trainEvaluatedJob(stack, channel, clock.advance);

    // Assess: the proposal offered the evaluation with its price.
    expect(dataset?.validationRecords).toBeGreaterThanOrEqual(10);
    expect(text(proposal.responseMessage)).toMatch(
      /Evaluate when done\*\\n(yes: tuned against base on \d+ held-out records)/,
    );
    expect(job.status).toBe('Completed');
    evaluatedJob = job;
    const thread = sandbox.thread(channel, job.place.messageTs ?? '');
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
    const stored = await jobStoreOf(stack).get(job.jobId);
    expect(stored?.evaluated?.meteor.tuned).toBeGreaterThan(stored?.evaluated?.meteor.base ?? 1);
    expect(text(thread[0])).toContain('Did tuning help?');
    const models = new DynamoCustomModelStore({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    });
    expect((await models.get(job.jobId))?.evaluation).toEqual(stored?.evaluated);
    await sandbox.openHome(ALICE);
    await stack.idle();
    expect(text(sandbox.home(ALICE))).toContain('METEOR');
    const deployments = await stack.clients.bedrock.send(new ListCustomModelDeploymentsCommand({}));
    expect(deployments.modelDeploymentSummaries ?? []).toEqual([]);
  }, 120_000);

  it('evaluates it again on demand with /tune eval on a test file: priced first, authorized people only, completing under 30% throttling', async () => {
    // Prepare: a test file of other phrasings; Bedrock throttles 30% of the calls from now on.
    const sandbox = sandboxOf(stack);
    const job = evaluatedJob;
    if (!job) throw new Error('the first test trained no job');
    await shareDataset(stack, channel, {
      filename: 'support-test.jsonl',
      content: jsonl(supportDeskHeldOut().map(({ prompt, reference }) => conversation([prompt, reference]))),
    });
    stack.emulator?.setFaults({ throttleRate: 0.3 });
    stack.emulator?.resetStats();

    // Act
    const answer = await command(stack, {
      userId: BOB,
      channelId: channel,
      text: `eval ${job.jobId} support-test.jsonl`,
    });
    const offer = [...sandbox.messages(channel)]
      .reverse()
      .find((message) => text(message).includes('evaluate_confirm'));
    const press = (userId: string) =>
      sandbox.clickButton({
        userId,
        channelId: channel,
        messageTs: String(offer?.ts),
        actionId: 'evaluate_confirm',
      });
    await press(BOB);
    await stack.idle();
    const refused = sandbox.ephemerals(channel, BOB).at(-1);
    await press(ALICE);
    await stack.idle();
    stack.emulator?.setFaults({});

    // Assess
    expect(answer.failure).toBeUndefined();
    expect(text(offer)).toMatch(
      /compare \*support-eval-\w+\* with its base model on 16 held-out records of support-test\.jsonl: about \$/,
    );
    expect(text(refused)).toContain('Only the people your workspace admin allowed can evaluate tuned models');
    expect(stack.emulator?.stats().throttled).toBeGreaterThan(10);
    const evaluations = sandbox
      .thread(channel, job.place.messageTs ?? '')
      .filter((message, index) => index > 0 && text(message).includes('against its base model'));
    expect(evaluations).toHaveLength(2);
    expect(text(evaluations[1])).toContain('16 records scored of 16 held-out');
    expect(text(evaluations[1])).not.toContain('failed');
    const deployments = await stack.clients.bedrock.send(new ListCustomModelDeploymentsCommand({}));
    expect(deployments.modelDeploymentSummaries ?? []).toEqual([]);
  }, 120_000);
});
