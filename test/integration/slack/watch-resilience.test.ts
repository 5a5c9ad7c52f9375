/**
 * The watch under the failures real deployments see: Bedrock throttling and 5xx, overlapping
 * runs, a worker that dies between Bedrock accepting a job and tune recording it.
 */

import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { DynamoIdempotencyStore } from '../../../src/aws/dynamo-idempotency-store.js';
import { DynamoProposalStore } from '../../../src/aws/dynamo-proposal-store.js';
import { S3DatasetStore } from '../../../src/aws/s3-dataset-store.js';
import { type StartDependencies, startJob } from '../../../src/core/jobs/start.js';
import type { Customizer } from '../../../src/core/ports.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { announcer } from '../../../src/slack/announce.js';
import { jobCard } from '../../../src/slack/blocks/job-card.js';
import { SlackNotifier } from '../../../src/slack/notifier.js';
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

const clock = createManualClock(Date.now());
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    // The jobs train the catalog's default, Titan Text Lite: customizable in the workshop's world only.
    emulator: { world: '2024', now: clock.now, trainingMs: 10 * 60_000 },
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(async () => {
  stack.emulator?.setFaults({});
  clock.advance(60 * 60_000);
  await stack.runWatch();
});

describe('watch', () => {
  it('loses no transition and duplicates none with 30% of Bedrock calls throttled or failing', async () => {
    const jobs = [
      await startThroughSlack(stack, channel, 'dsfault1'),
      await startThroughSlack(stack, channel, 'dsfault2'),
    ];
    stack.emulator?.setFaults({ throttleRate: 0.15, serverErrorRate: 0.15, seed: 7 });

    clock.advance(11 * 60_000);
    for (let run = 0; run < 6; run++) await stack.runWatch();
    stack.emulator?.setFaults({});
    await stack.runWatch();

    const store = jobStoreOf(stack);
    for (const job of jobs) {
      expect((await store.get(job.jobId))?.status).toBe('Completed');
      const thread = threadTexts(sandboxOf(stack), channel, job);
      expect(thread.filter((text) => text.includes('finished training'))).toHaveLength(1);
    }
    const faults = stack.emulator?.stats();
    expect((faults?.throttled ?? 0) + (faults?.serverErrors ?? 0)).toBeGreaterThan(0);
  });

  it('posts once when two watch runs overlap', async () => {
    const job = await startThroughSlack(stack, channel, 'dsoverlap');
    clock.advance(11 * 60_000);

    await Promise.all([stack.runWatch(), stack.runWatch(), stack.runWatch()]);

    const thread = threadTexts(sandboxOf(stack), channel, job);
    expect(thread.filter((text) => text.includes('finished training'))).toHaveLength(1);
  });

  it('recovers a job whose worker died after Bedrock accepted it and before tune recorded it', async () => {
    const sandbox = sandboxOf(stack);
    const dataset = await seedDataset(stack, channel, 'dscrash');
    await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${dataset.datasetId} --name crashy`,
    });
    const messageTs = confirmationTs(sandbox, channel);
    // Confirm without running the worker's task: the test plays the worker, and makes it die.
    const proposals = new DynamoProposalStore({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
      clock: { now: () => new Date() },
    });
    const proposalId = String(
      (
        sandbox.messages(channel).find((message) => message.ts === messageTs)?.blocks as
          | { block_id?: string }[]
          | undefined
      )
        ?.find((block) => block.block_id?.startsWith('proposal:'))
        ?.block_id?.slice('proposal:'.length),
    );
    const proposal = await proposals.get(proposalId);
    if (!proposal) throw new Error('no proposal');
    await proposals.update({ ...proposal, status: 'confirmed', confirmedBy: ALICE }, 'proposed');

    const bedrock = new BedrockCustomizer({ client: stack.clients.bedrock });
    const dying: Customizer = Object.create(bedrock);
    dying.createJob = async (request) => {
      await bedrock.createJob(request);
      throw new Error('Lambda timed out');
    };
    const notifier = new SlackNotifier({
      client: new WebClient('xoxb-tune-local-sandbox', { slackApiUrl: sandbox.apiUrl }),
    });
    const dependencies: StartDependencies = {
      jobs: jobStoreOf(stack),
      idempotency: new DynamoIdempotencyStore({
        client: stack.clients.documents,
        tableName: stack.config.tableName,
        clock: { now: () => new Date() },
      }),
      proposals,
      customizer: dying,
      clock: { now: () => new Date() },
      logger: silentLogger,
      roleArn: 'arn:aws:iam::000000000000:role/tune-local-bedrock',
      uri: (key) => new S3DatasetStore({ client: stack.clients.s3, bucket: stack.config.bucket }).uri(key),
      postCard: (job) => notifier.post(job.place.channelId, jobCard(job, new Date())),
      announce: announcer(notifier, { now: () => new Date() }),
    };
    const before = (await bedrockJobs(stack)).length;

    await expect(startJob(proposalId, dependencies)).rejects.toThrow('Lambda timed out');
    const [orphan] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
    expect(orphan).toMatchObject({ status: 'Starting' });
    expect(orphan?.jobArn).toBeUndefined();

    await stack.runWatch();
    const adopted = await jobStoreOf(stack).get(orphan?.jobId ?? '');
    expect(adopted).toMatchObject({
      status: 'InProgress',
      jobArn: expect.stringContaining('model-customization-job'),
    });

    // The queue redelivers the start task to a healthy worker: still one Bedrock job.
    await startJob(proposalId, { ...dependencies, customizer: bedrock });
    expect((await bedrockJobs(stack)).length).toBe(before + 1);
    if (adopted) {
      const thread = threadTexts(sandbox, channel, adopted);
      expect(thread.filter((text) => text.includes('Bedrock accepted the job'))).toHaveLength(1);
    }
  });

  it('rides out a Slack outage through the real Web API client: the run ends in seconds, the change is posted later', async () => {
    const job = await startThroughSlack(stack, channel, 'dsoutage');
    clock.advance(11 * 60_000);
    sandboxOf(stack).setOutage(true);

    const started = Date.now();
    const during = await stack.runWatch();
    const took = Date.now() - started;
    sandboxOf(stack).setOutage(false);
    const after = await stack.runWatch();

    // The client retries a few times (its default would wait out the outage for half an hour).
    expect(took).toBeLessThan(15_000);
    expect(during).toMatchObject({ changed: 1, announced: 0 });
    expect(after.announced).toBeGreaterThanOrEqual(1);
    const thread = threadTexts(sandboxOf(stack), channel, job);
    expect(thread.filter((text) => text.includes('finished training'))).toHaveLength(1);
  });
});
