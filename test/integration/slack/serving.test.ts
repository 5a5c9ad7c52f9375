/**
 * Serving a tuned model through the real handlers, the sandbox and the Bedrock emulator on one
 * manual clock: the model card at completion, /tune deploy and its confirmation, the watch
 * following the endpoint, the cost guard (idle reminder, Keep, deletion, the daily cap), a failed
 * delete retried until it succeeds, an endpoint made by hand listed and never deleted.
 */
import {
  CreateProvisionedModelThroughputCommand,
  DeleteProvisionedModelThroughputCommand,
  ListCustomModelDeploymentsCommand,
  ListCustomModelsCommand,
  ListProvisionedModelThroughputsCommand,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCustomModelStore } from '../../../src/aws/dynamo-custom-model-store.js';
import { DynamoEndpointStore } from '../../../src/aws/dynamo-endpoint-store.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { EndpointServingDirectory } from '../../../src/core/serving/directory.js';
import type { Endpoint } from '../../../src/core/serving/endpoint.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, SANDBOX_SIGNING_SECRET, startLocalStack } from '../../../src/local/stack.js';
import { ALICE, BOB, command, sandboxOf, startThroughSlack, threadTexts } from '../../support/jobs.js';
import { buttonPressBody, postToBot } from '../../support/slack-requests.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 06:00 UTC: the morning message (from 09:00) is not due when a test starts. */
const DAY_ONE = Date.UTC(2026, 10, 26, 6, 0);
const clock = createManualClock(DAY_ONE);
let stack: LocalStack;
let channel: string;
let day = 0;

function sandbox() {
  return sandboxOf(stack);
}
function models() {
  return new DynamoCustomModelStore({ client: stack.clients.documents, tableName: stack.config.tableName });
}
function endpoints() {
  return new DynamoEndpointStore({ client: stack.clients.documents, tableName: stack.config.tableName });
}
async function provisioned() {
  const result = await stack.clients.bedrock.send(new ListProvisionedModelThroughputsCommand({}));
  return result.provisionedModelSummaries ?? [];
}
async function deployments() {
  const result = await stack.clients.bedrock.send(new ListCustomModelDeploymentsCommand({}));
  return result.modelDeploymentSummaries ?? [];
}
/** Each test starts at 06:00 UTC of a day of its own, so the daily cap and the morning message start afresh. */
function nextDay(): void {
  day++;
  clock.set(DAY_ONE + day * 24 * HOUR);
}
async function advance(milliseconds: number): Promise<void> {
  clock.advance(milliseconds);
  await stack.runWatch();
  await stack.idle();
}

/** A job through Slack to Completed; its thread then holds the model card. */
async function completedJob(datasetId: string): Promise<Job> {
  const job = await startThroughSlack(stack, channel, datasetId);
  await advance(11 * MINUTE);
  return job;
}

/** The newest message (top level or in `threadTs`'s thread) carrying a button `actionId`. */
function messageWith(actionId: string, threadTs?: string): Record<string, unknown> {
  const messages = threadTs ? sandbox().thread(channel, threadTs) : sandbox().messages(channel);
  const found = [...messages].reverse().find((message) => JSON.stringify(message).includes(`"${actionId}"`));
  if (!found) throw new Error(`no message with ${actionId}`);
  return found;
}

/** The value of the button `actionId` in a message. */
function buttonValue(node: unknown, actionId: string): string {
  const find = (value: unknown): string | undefined => {
    if (Array.isArray(value)) return value.map(find).find((found) => found !== undefined);
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (record.action_id === actionId && typeof record.value === 'string') return record.value;
    return Object.values(record)
      .map(find)
      .find((found) => found !== undefined);
  };
  const found = find(node);
  if (!found) throw new Error(`no ${actionId} button`);
  return found;
}

async function press(actionId: string, userId: string, threadTs?: string) {
  const message = messageWith(actionId, threadTs);
  const result = await sandbox().clickButton({
    userId,
    channelId: channel,
    messageTs: String(message.ts),
    actionId,
  });
  await stack.idle();
  return result;
}

async function endpointOf(job: Job): Promise<Endpoint> {
  const [endpoint] = await endpoints().listByModel(job.jobId, 1);
  if (!endpoint) throw new Error('no endpoint recorded');
  return endpoint;
}

/** `/tune deploy` then Deploy, as alice; returns the endpoint tune recorded. */
async function deploy(job: Job, options = ''): Promise<Endpoint> {
  const answer = await command(stack, {
    userId: ALICE,
    channelId: channel,
    text: `deploy ${job.jobId} ${options}`,
  });
  if (answer.failure) throw new Error(`/tune deploy failed: ${answer.failure}`);
  await press('deploy_confirm', ALICE);
  return endpointOf(job);
}

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger: silentLogger,
    clock: { now: () => new Date(clock.now()) },
    emulator: {
      now: clock.now,
      trainingMs: 10 * MINUTE,
      provisioningMs: 10 * MINUTE,
      deploymentMs: 5 * MINUTE,
    },
    environment: { TUNE_IDLE_TTL_MINUTES: '120', TUNE_MAX_ENDPOINT_HOURS_PER_DAY: '8' },
  });
  channel = sandbox().channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

describe('the model card', () => {
  it('is posted in the thread when a job completes, with the ARN in short form, losses, costs per path and Deploy / Ask', async () => {
    nextDay();
    const job = await completedJob('dscard');

    const card = threadTexts(sandbox(), channel, job).find((text) => text.includes('model_deploy'));
    const model = await models().get(job.jobId);

    expect(model).toMatchObject({
      modelId: job.jobId,
      channelId: channel,
      baseModelId: 'amazon.nova-micro-v1:0:128k',
    });
    expect(model?.trainingLoss).toEqual(expect.any(Number));
    expect(card).toBeDefined();
    expect(card).toContain('model_ask');
    expect(card).toContain(`"value":"${job.jobId}"`);
    expect(card).toMatch(/`custom-model\/amazon\.nova-micro-v1:0:128k\/[a-z0-9]+`/);
    expect(card).not.toMatch(/\d{12}/);
    expect(card).toContain('On-demand deployment');
    expect(card).toContain('Provisioned Throughput');
    expect(card).toContain('price unknown');
    // Once: a second watch run neither records nor posts it again.
    await advance(5 * MINUTE);
    expect(threadTexts(sandbox(), channel, job).filter((text) => text.includes('model_deploy'))).toHaveLength(
      1,
    );
  });
});

describe('/tune deploy', () => {
  it('deploys on demand where Bedrock offers it, serves through the directory, and is never deleted for idleness', async () => {
    nextDay();
    const job = await completedJob('dsondemand');

    const endpoint = await deploy(job);
    expect(endpoint).toMatchObject({ path: 'on-demand', status: 'Creating', purpose: 'chat' });
    const directory = new EndpointServingDirectory(endpoints());
    expect(await directory.current(job.jobId)).toBeUndefined();

    await advance(6 * MINUTE);
    const target = await directory.current(job.jobId);
    expect(target).toMatchObject({ path: 'on-demand', endpointId: endpoint.endpointId });
    expect(target?.invokeId).toMatch(/custom-model-deployment\//);
    expect(threadTexts(sandbox(), channel, job).some((text) => text.includes('is deployed'))).toBe(true);

    // Asked through the real registry and directory: the answer comes from the deployment.
    const question = 'Which command lists the objects of a bucket?';
    const asked = await command(stack, {
      userId: BOB,
      channelId: channel,
      text: `ask ${job.jobId} ${question}`,
    });
    expect(asked.failure).toBeUndefined();
    const posted = sandbox()
      .messages(channel)
      .find((message) => JSON.stringify(message).includes(question));
    const replies = sandbox().thread(channel, String(posted?.ts)).slice(1);
    expect(JSON.stringify(replies)).toContain('[bedrock-emulator]');
    expect((await models().get(job.jobId))?.lastUsedAt).toBeDefined();

    await advance(10 * HOUR);
    expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Serving');

    const answer = await command(stack, { userId: ALICE, channelId: channel, text: `undeploy ${job.jobId}` });
    expect(JSON.stringify(answer.responseMessage)).toContain('no hourly fee');
    expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Deleted');
    expect(await deployments()).toHaveLength(0);
    expect(await directory.current(job.jobId)).toBeUndefined();
  });

  it('makes one endpoint from two presses of Deploy at once, a redelivered press and a late one, and refuses someone not authorized', async () => {
    nextDay();
    const job = await completedJob('dstwice');
    await command(stack, { userId: ALICE, channelId: channel, text: `deploy ${job.jobId}` });
    const proposal = messageWith('deploy_confirm');
    const ts = String(proposal.ts);
    const proposalId = buttonValue(proposal, 'deploy_confirm');
    const click = (userId: string) =>
      sandbox().clickButton({ userId, channelId: channel, messageTs: ts, actionId: 'deploy_confirm' });

    const refused = await click(BOB);
    await stack.idle();
    const [first] = await Promise.all([click(ALICE), click(ALICE)]);
    await stack.idle();
    await sandbox().resend(first.request.id, { retryNum: 1, reason: 'http_timeout' });
    await stack.idle();
    await postToBot(
      stack.botUrl ?? '',
      buttonPressBody({ actionId: 'deploy_confirm', value: proposalId, channelId: channel, userId: ALICE }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();

    expect(JSON.stringify(sandbox().responses(refused.responseUrl ?? ''))).toContain(
      'Only the people your workspace admin allowed can',
    );
    expect(
      (await deployments()).filter((deployment) => deployment.customModelDeploymentName?.startsWith('tune-')),
    ).toHaveLength(1);
    expect(await endpoints().listByModel(job.jobId, 10)).toHaveLength(1);
    await advance(6 * MINUTE);
    const thread = threadTexts(sandbox(), channel, job);
    expect(thread.filter((text) => text.includes('Bedrock is creating'))).toHaveLength(1);
    expect(thread.filter((text) => text.includes('is deployed'))).toHaveLength(1);
    await command(stack, { userId: ALICE, channelId: channel, text: `undeploy ${job.jobId}` });
  });
});

describe('the cost guard', () => {
  it('reminds before deleting an idle Provisioned Throughput, keeps it for 2 hours on Keep, then deletes it and says what it cost', async () => {
    nextDay();
    const job = await completedJob('dsidle');
    const endpoint = await deploy(job, '--provisioned');
    expect(endpoint).toMatchObject({ path: 'provisioned', status: 'Creating' });
    expect(await provisioned()).toHaveLength(1);

    await advance(11 * MINUTE);
    const serving = await endpoints().get(endpoint.endpointId);
    expect(serving?.status).toBe('Serving');
    const deadline = Date.parse(serving?.servingSince ?? '') + 120 * MINUTE;

    // 14 minutes before the deadline: the reminder, with Keep.
    clock.set(deadline - 14 * MINUTE);
    await advance(0);
    expect(JSON.stringify(messageWith('endpoint_keep'))).toContain('nobody has asked it anything');
    const refused = await press('endpoint_keep', BOB);
    expect(JSON.stringify(sandbox().responses(refused.responseUrl ?? ''))).toContain(
      'Only the people your workspace admin allowed can',
    );
    await press('endpoint_keep', ALICE);
    const keptUntil = Date.parse((await endpoints().get(endpoint.endpointId))?.keepUntil ?? '');
    expect(keptUntil).toBe(deadline - 14 * MINUTE + 2 * HOUR);

    // Past the first deadline: still serving.
    await advance(30 * MINUTE);
    expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Serving');
    expect(await provisioned()).toHaveLength(1);

    // The kept deadline: a second reminder, then the deletion.
    clock.set(keptUntil - 10 * MINUTE);
    await advance(0);
    expect((await endpoints().get(endpoint.endpointId))?.reminder?.deadline).toBe(
      new Date(keptUntil).toISOString(),
    );
    await advance(11 * MINUTE);
    const deleted = await endpoints().get(endpoint.endpointId);
    expect(deleted).toMatchObject({ status: 'Deleted', deletion: { reason: 'idle' } });
    expect(await provisioned()).toHaveLength(0);
    const thread = threadTexts(sandbox(), channel, job);
    expect(thread.filter((text) => text.includes('was deleted after no question'))).toHaveLength(1);
    expect(thread.some((text) => text.includes('an hourly price tune could not confirm'))).toBe(true);
    // The morning message of that day listed it while it ran.
    expect(JSON.stringify(sandbox().messages(channel))).toContain('Endpoints running in this channel');
  });

  it('deletes an hourly endpoint at its daily cap of hours, however often it is asked, with a reminder that cannot keep it', async () => {
    nextDay();
    const job = await completedJob('dscap');
    const endpoint = await deploy(job, '--provisioned');
    const accepted = Date.parse((await endpoints().get(endpoint.endpointId))?.acceptedAt ?? '');

    // Asked every hour: never idle.
    for (let hour = 1; hour < 8; hour++) {
      clock.set(accepted + hour * HOUR);
      await models().touch(job.jobId, new Date(clock.now()));
      await advance(0);
      expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Serving');
    }
    clock.set(accepted + 8 * HOUR - 12 * MINUTE);
    await models().touch(job.jobId, new Date(clock.now()));
    await advance(0);
    const reminder = JSON.stringify(sandbox().messages(channel).at(-1));
    expect(reminder).toContain('daily cap');
    expect(reminder).not.toContain('endpoint_keep');

    await models().touch(job.jobId, new Date(clock.now() + 5 * MINUTE));
    await advance(13 * MINUTE);
    expect(await endpoints().get(endpoint.endpointId)).toMatchObject({
      status: 'Deleted',
      deletion: { reason: 'daily-cap' },
    });
    expect(await provisioned()).toHaveLength(0);
    // The same day, the model cannot be deployed by the hour again.
    const again = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `deploy ${job.jobId} --provisioned`,
    });
    expect(JSON.stringify(again.responseMessage)).toContain('daily cap');
  });

  it('retries a failed delete on every run until Bedrock deletes it, and never forgets it', async () => {
    nextDay();
    const job = await completedJob('dsfaileddelete');
    const endpoint = await deploy(job, '--provisioned');
    await advance(11 * MINUTE);
    stack.emulator?.setFaults({ serverErrorRate: 1, operations: ['DeleteProvisionedModelThroughput'] });

    const answer = await command(stack, { userId: ALICE, channelId: channel, text: `undeploy ${job.jobId}` });
    expect(JSON.stringify(answer.responseMessage)).toContain('retries every 5 minutes');
    await advance(5 * MINUTE);
    await advance(5 * MINUTE);
    const pending = await endpoints().get(endpoint.endpointId);
    expect(pending).toMatchObject({ status: 'Deleting', deletion: { reason: 'requested', by: ALICE } });
    expect(pending?.deletion?.attempts).toBeGreaterThanOrEqual(3);
    expect((await endpoints().listLive()).map((live) => live.endpointId)).toContain(endpoint.endpointId);
    expect(await provisioned()).toHaveLength(1);

    stack.emulator?.setFaults({});
    await advance(5 * MINUTE);
    expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Deleted');
    expect(await provisioned()).toHaveLength(0);
    expect(
      threadTexts(sandbox(), channel, job).filter((text) => text.includes('was deleted as')),
    ).toHaveLength(1);
  });

  it('lists an endpoint made by hand in the morning message and /tune models, and never deletes it', async () => {
    nextDay();
    const job = await completedJob('dsbyhand');
    const model = await models().get(job.jobId);
    const byHand = await stack.clients.bedrock.send(
      new CreateProvisionedModelThroughputCommand({
        provisionedModelName: 'made-by-hand',
        modelId: model?.modelArn ?? '',
        modelUnits: 1,
      }),
    );

    await advance(3 * HOUR + 5 * MINUTE);
    await advance(24 * HOUR);

    expect((await provisioned()).map((throughput) => throughput.provisionedModelName)).toContain(
      'made-by-hand',
    );
    const morning = sandbox()
      .messages(channel)
      .filter((message) => JSON.stringify(message).includes('Endpoints running in this channel'))
      .at(-1);
    expect(JSON.stringify(morning)).toContain('made-by-hand');
    expect(JSON.stringify(morning)).toContain('never deletes them');
    const list = await command(stack, { userId: ALICE, channelId: channel, text: 'models' });
    expect(JSON.stringify(list.responseMessage)).toContain('made-by-hand');
    await stack.clients.bedrock.send(
      new DeleteProvisionedModelThroughputCommand({ provisionedModelId: byHand.provisionedModelArn }),
    );
  });
});

describe('guards on serving commands and buttons', () => {
  it('refuses Deploy and Keep pressed in another channel than their records, undeploy by someone not authorized, and unknown options', async () => {
    nextDay();
    const job = await completedJob('dsguards');
    await command(stack, { userId: ALICE, channelId: channel, text: `deploy ${job.jobId}` });
    const proposalId = buttonValue(messageWith('deploy_confirm'), 'deploy_confirm');
    const elsewhere = sandbox().channelId('general');

    await postToBot(
      stack.botUrl ?? '',
      buttonPressBody({ actionId: 'deploy_confirm', value: proposalId, channelId: elsewhere, userId: ALICE }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();
    expect(await endpoints().listByModel(job.jobId, 5)).toEqual([]);

    const endpoint = await deploy(job);
    await postToBot(
      stack.botUrl ?? '',
      buttonPressBody({
        actionId: 'endpoint_keep',
        value: endpoint.endpointId,
        channelId: elsewhere,
        userId: ALICE,
      }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();
    expect((await endpoints().get(endpoint.endpointId))?.keepUntil).toBeUndefined();
    const told = sandbox()
      .apiCalls()
      .filter((call) => call.method === 'chat.postEphemeral' && call.arguments.channel === elsewhere);
    expect(
      JSON.stringify(told).match(/belongs to a message in another channel/g)?.length,
    ).toBeGreaterThanOrEqual(2);

    const bob = await command(stack, { userId: BOB, channelId: channel, text: `undeploy ${job.jobId}` });
    expect(JSON.stringify(bob.responseMessage)).toContain(
      'Only the people your workspace admin allowed can undeploy models',
    );
    const typo = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `deploy ${job.jobId} --provisoned`,
    });
    expect(JSON.stringify(typo.responseMessage)).toContain('Unknown option --provisoned');
    const elsewhereModels = await command(stack, {
      userId: ALICE,
      channelId: elsewhere,
      text: `undeploy ${job.jobId}`,
    });
    expect(JSON.stringify(elsewhereModels.responseMessage)).toContain('No model');
    expect((await endpoints().get(endpoint.endpointId))?.status).toBe('Creating');
    await command(stack, { userId: ALICE, channelId: channel, text: `undeploy ${job.jobId}` });
  });
});

describe('the storage reminder', () => {
  it('reminds of a model unused for 30 days, and Delete model deletes it in Bedrock for authorized people only', async () => {
    nextDay();
    const job = await completedJob('dsstorage');
    const model = await models().get(job.jobId);

    // 31 days later, after the morning hour: the daily pass reminds of its storage fee.
    day += 31;
    clock.set(DAY_ONE + day * 24 * HOUR + 4 * HOUR);
    await advance(0);
    const reminder = messageWith('model_delete');
    expect(JSON.stringify(reminder)).toContain('has not answered a question in 31 days');

    const refused = await press('model_delete', BOB);
    expect(JSON.stringify(sandbox().responses(refused.responseUrl ?? ''))).toContain(
      'Only the people your workspace admin allowed can delete models',
    );
    await press('model_delete', ALICE);

    expect((await models().get(job.jobId))?.deletedAt).toBeDefined();
    const listed = await stack.clients.bedrock.send(new ListCustomModelsCommand({}));
    expect((listed.modelSummaries ?? []).map((summary) => summary.modelArn)).not.toContain(model?.modelArn);
    const again = await command(stack, { userId: ALICE, channelId: channel, text: `deploy ${job.jobId}` });
    expect(JSON.stringify(again.responseMessage)).toContain('No model');
  });
});

describe('/tune models', () => {
  it("lists the channel's models with their serving state and what serving has cost", async () => {
    nextDay();
    const job = await completedJob('dslist');
    await deploy(job, '--provisioned');
    await advance(11 * MINUTE);

    const answer = await command(stack, { userId: BOB, channelId: channel, text: 'models' });
    const text = JSON.stringify(answer.responseMessage);

    expect(text).toContain('Custom models in this channel');
    expect(text).toContain(job.jobId);
    expect(text).toContain('Provisioned Throughput serving');
    expect(text).toContain('cost unknown');
    expect(text).toContain('not deployed');
    // tune's own Provisioned Throughput is not mistaken for one made by hand.
    expect(text).not.toContain('Not made by tune');
    await command(stack, { userId: ALICE, channelId: channel, text: `undeploy ${job.jobId}` });
  });
});
