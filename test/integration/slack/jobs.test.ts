/**
 * A job from `/tune start` to Completed through the real handlers, the sandbox and the Bedrock
 * emulator: confirmation, authorization, exactly-once start, the job card and its thread.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoJobStore } from '../../../src/aws/dynamo-job-store.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, SANDBOX_SIGNING_SECRET, startLocalStack } from '../../../src/local/stack.js';
import {
  ALICE,
  BOB,
  bedrockJobs,
  command,
  confirmationTs,
  sandboxOf,
  seedDataset,
} from '../../support/jobs.js';
import { buttonPressBody, formSubmissionBody, postToBot } from '../../support/slack-requests.js';

const alice = ALICE;
const bob = BOB;
const clock = createManualClock(Date.now());
let stack: LocalStack;
let channel: string;

function sandbox() {
  return sandboxOf(stack);
}
function confirmation(): string {
  return confirmationTs(sandbox(), channel);
}
/** The proposal id the newest Start button carries. */
function startButtonValue(): string {
  const message = sandbox()
    .messages(channel)
    .find((candidate) => candidate.ts === confirmation());
  const find = (node: unknown): string | undefined => {
    if (Array.isArray(node)) return node.map(find).find((value) => value !== undefined);
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    if (record.action_id === 'start_confirm' && typeof record.value === 'string') return record.value;
    return Object.values(record)
      .map(find)
      .find((value) => value !== undefined);
  };
  const value = find(message);
  if (!value) throw new Error('no Start button value');
  return value;
}

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    // The jobs train the catalog's default, Titan Text Lite: customizable in the workshop's world only.
    emulator: { world: '2024', now: clock.now, trainingMs: 10 * 60_000 },
  });
  channel = sandbox().channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(async () => {
  // Bedrock trains at most 2 jobs at once: finish whatever an earlier test left running.
  clock.advance(60 * 60_000);
  await stack.runWatch();
});

describe('/tune start', () => {
  it('shows the estimate and a Start button in the channel, and spends nothing yet', async () => {
    const dataset = await seedDataset(stack, channel, 'dsestimate');
    const before = (await bedrockJobs(stack)).length;

    const result = await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --epochs 2`,
    });

    const shown = JSON.stringify(result.responseMessage);
    expect(result.failure).toBeUndefined();
    expect(shown).toContain('Estimated training cost');
    expect(shown).toContain('epochCount=2');
    expect(shown).toContain('start_confirm');
    expect((await bedrockJobs(stack)).length).toBe(before);
  });

  it('names every wrong option at once, and starts nothing', async () => {
    const dataset = await seedDataset(stack, channel, 'dsbadopts');
    const result = await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --epochs 99 --learning-rate fast --colour blue`,
    });
    const shown = JSON.stringify(result.responseMessage);
    expect(shown).toContain('--colour');
    expect(shown).toContain('epochCount: 99 is outside the allowed range 1 to 5');
    expect(shown).toContain('learningRate');
  });

  it('refuses an out-of-range hyperparameter with its allowed range', async () => {
    const dataset = await seedDataset(stack, channel, 'dsrange');
    const result = await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --epochs 99 --learning-rate fast`,
    });
    const shown = JSON.stringify(result.responseMessage);
    expect(shown).toContain('epochCount: 99 is outside the allowed range 1 to 5');
    expect(shown).toContain('learningRate');
  });

  it('lets an unauthorized person neither start nor cancel, and tells them why', async () => {
    const dataset = await seedDataset(stack, channel, 'dsunauthorized');
    await command(stack, { userId: alice, channelId: channel, text: `start ${dataset.datasetId}` });
    const before = (await bedrockJobs(stack)).length;

    await sandbox().clickButton({
      userId: bob,
      channelId: channel,
      messageTs: confirmation(),
      actionId: 'start_confirm',
    });
    await stack.idle();

    expect((await bedrockJobs(stack)).length).toBe(before);
    expect(JSON.stringify(sandbox().ephemerals(channel, bob))).toContain(
      'Only the people your workspace admin allowed can start paid jobs (ask <!subteam^',
    );

    await sandbox().clickButton({
      userId: bob,
      channelId: channel,
      messageTs: confirmation(),
      actionId: 'start_cancel',
    });
    await stack.idle();
    const told = JSON.stringify(sandbox().ephemerals(channel, bob));
    expect(told).toContain(
      "Only the people your workspace admin allowed can cancel someone else's proposal (ask <!subteam^S0TUNEADMINS>).",
    );
    expect(told).not.toMatch(/money|TUNE_/);
  });

  it('starts exactly one job when Start is pressed twice at once, and follows it to Completed in its thread', async () => {
    const dataset = await seedDataset(stack, channel, 'dsstart');
    await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --epochs 1 --name "Support bot"`,
    });
    const ts = confirmation();
    const before = (await bedrockJobs(stack)).length;

    await Promise.all([
      sandbox().clickButton({ userId: alice, channelId: channel, messageTs: ts, actionId: 'start_confirm' }),
      sandbox().clickButton({ userId: alice, channelId: channel, messageTs: ts, actionId: 'start_confirm' }),
    ]);
    await stack.idle();

    const jobs = await bedrockJobs(stack);
    expect(jobs.length).toBe(before + 1);
    const store = new DynamoJobStore({ client: stack.clients.documents, tableName: stack.config.tableName });
    const [job] = await store.listByChannel('T0TUNE', channel, 1);
    expect(job).toMatchObject({
      status: 'InProgress',
      customModelName: expect.stringMatching(/^support-bot-/),
    });
    const cardTs = job?.place.messageTs ?? '';
    expect(cardTs).not.toBe('');

    clock.advance(11 * 60_000);
    await stack.runWatch();
    await stack.runWatch();

    const thread = sandbox()
      .thread(channel, cardTs)
      .map((message) => JSON.stringify(message));
    expect(thread.filter((text) => text.includes('Bedrock accepted the job'))).toHaveLength(1);
    expect(thread.filter((text) => text.includes('finished training'))).toHaveLength(1);
    const card = sandbox()
      .messages(channel)
      .find((message) => message.ts === cardTs);
    expect(JSON.stringify(card)).toContain('Completed');
    expect(await store.get(job?.jobId ?? '')).toMatchObject({ status: 'Completed' });

    await sandbox().openHome(alice);
    await stack.idle();
    const home = JSON.stringify(sandbox().home(alice));
    expect(home).toContain('Your models');
    expect(home).toContain(job?.customModelName ?? 'missing');
    expect(home).toContain(':brain:');
  });

  it('lists the job, shows its status and stops a training job only after confirmation', async () => {
    const dataset = await seedDataset(stack, channel, 'dsstop');
    await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --name stopper`,
    });
    await sandbox().clickButton({
      userId: alice,
      channelId: channel,
      messageTs: confirmation(),
      actionId: 'start_confirm',
    });
    await stack.idle();
    const store = new DynamoJobStore({ client: stack.clients.documents, tableName: stack.config.tableName });
    const [job] = await store.listByChannel('T0TUNE', channel, 1);
    const jobId = job?.jobId ?? '';

    const listed = await command(stack, { userId: bob, channelId: channel, text: 'list' });
    expect(JSON.stringify(listed.responseMessage)).toContain(jobId);
    const status = await command(stack, { userId: bob, channelId: channel, text: `status ${jobId}` });
    expect(JSON.stringify(status.responseMessage)).toContain('Training');

    const asked = await command(stack, { userId: bob, channelId: channel, text: `stop ${jobId}` });
    expect(JSON.stringify(asked.responseMessage)).toContain('cannot be resumed');
    const prompt = sandbox()
      .ephemerals(channel, bob)
      .find((message) => JSON.stringify(message).includes('stop_confirm'));
    await sandbox().clickButton({
      userId: bob,
      channelId: channel,
      messageTs: String(prompt?.ts),
      actionId: 'stop_confirm',
    });
    await stack.idle();
    expect((await store.get(jobId))?.status).toBe('InProgress');

    await command(stack, { userId: alice, channelId: channel, text: `stop ${jobId}` });
    const alicePrompt = sandbox()
      .ephemerals(channel, alice)
      .find((message) => JSON.stringify(message).includes('stop_confirm'));
    // The press and two watch runs at once: "stopping" is still said once.
    await Promise.all([
      sandbox().clickButton({
        userId: alice,
        channelId: channel,
        messageTs: String(alicePrompt?.ts),
        actionId: 'stop_confirm',
      }),
      stack.runWatch(),
      stack.runWatch(),
    ]);
    await stack.idle();
    await stack.runWatch();
    expect((await store.get(jobId))?.status).toBe('Stopping');

    clock.advance(60_000);
    await stack.runWatch();
    expect((await store.get(jobId))?.status).toBe('Stopped');
    const thread = sandbox()
      .thread(channel, job?.place.messageTs ?? '')
      .map((message) => JSON.stringify(message));
    expect(thread.filter((text) => text.includes('is stopping'))).toHaveLength(1);
    expect(thread.some((text) => text.includes('was stopped'))).toBe(true);
  });

  it('stops a training job from the Stop on its card, keeping the card, and the thread says who stopped it', async () => {
    const dataset = await seedDataset(stack, channel, 'dscardstop');
    await command(stack, {
      userId: alice,
      channelId: channel,
      text: `start ${dataset.datasetId} --name card-stopper`,
    });
    await sandbox().clickButton({
      userId: alice,
      channelId: channel,
      messageTs: confirmation(),
      actionId: 'start_confirm',
    });
    await stack.idle();
    const store = new DynamoJobStore({ client: stack.clients.documents, tableName: stack.config.tableName });
    const [job] = await store.listByChannel('T0TUNE', channel, 1);
    const cardTs = job?.place.messageTs ?? '';
    const card = () =>
      JSON.stringify(
        sandbox()
          .messages(channel)
          .find((message) => message.ts === cardTs),
      );
    expect(job?.status).toBe('InProgress');
    expect(card()).toContain('"action_id":"job_stop"');

    // Bob is not allowed to stop jobs: nothing changes, and the card stays.
    await sandbox().clickButton({ userId: bob, channelId: channel, messageTs: cardTs, actionId: 'job_stop' });
    await stack.idle();
    expect((await store.get(job?.jobId ?? ''))?.status).toBe('InProgress');

    await sandbox().clickButton({
      userId: alice,
      channelId: channel,
      messageTs: cardTs,
      actionId: 'job_stop',
    });
    await stack.idle();

    expect((await store.get(job?.jobId ?? ''))?.status).toBe('Stopping');
    expect(card()).toContain('card-stopper');
    expect(card()).not.toContain('"action_id":"job_stop"');
    const thread = sandbox()
      .thread(channel, cardTs)
      .map((message) => JSON.stringify(message));
    expect(thread.filter((text) => text.includes(`<@${alice}> stopped *card-stopper`))).toHaveLength(1);
    // Answered to the person who pressed, not in place of the card.
    const told = sandbox()
      .ephemerals(channel, alice)
      .map((message) => JSON.stringify(message));
    expect(told.some((text) => text.includes('Stopping *card-stopper'))).toBe(true);
  });

  it('refuses a Start press made in another channel than its proposal, and starts nothing', async () => {
    const dataset = await seedDataset(stack, channel, 'dscrafted');
    await command(stack, { userId: alice, channelId: channel, text: `start ${dataset.datasetId}` });
    const proposalId = startButtonValue();
    const before = (await bedrockJobs(stack)).length;
    const elsewhere = sandbox().channelId('general');

    const response = await postToBot(
      stack.botUrl ?? '',
      buttonPressBody({ actionId: 'start_confirm', value: proposalId, channelId: elsewhere, userId: alice }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();

    expect(response.status).toBe(200);
    expect((await bedrockJobs(stack)).length).toBe(before);
    // Told privately where the press came from (the bot is not in that channel, so Slack refuses it).
    const told = sandbox()
      .apiCalls()
      .filter((call) => call.method === 'chat.postEphemeral' && call.arguments.channel === elsewhere);
    expect(JSON.stringify(told)).toContain('belongs to a message in another channel');
    expect(JSON.stringify(sandbox().messages(channel))).toContain('start_confirm');
  });
});

describe('the start form', () => {
  it('refuses a submission whose metadata names a channel it was not opened for, and proposes nothing', async () => {
    await seedDataset(stack, channel, 'dsforged');
    const elsewhere = sandbox().channelId('general');
    const before = sandbox().messages(elsewhere).length;
    const forged = JSON.stringify({ teamId: 'T0TUNE', channelId: elsewhere, userId: alice, mac: 'forged' });

    const response = await postToBot(
      stack.botUrl ?? '',
      formSubmissionBody({
        privateMetadata: forged,
        userId: alice,
        values: {
          type: { start_modal_type: { type: 'static_select', selected_option: { value: 'FINE_TUNING' } } },
          dataset: { start_modal_dataset: { type: 'static_select', selected_option: { value: 'dsforged' } } },
        },
      }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"response_action":"errors"');
    expect(sandbox().messages(elsewhere)).toHaveLength(before);
  });
});
