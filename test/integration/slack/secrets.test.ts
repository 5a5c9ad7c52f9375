/**
 * No secret and no account detail reaches Slack, and no secret reaches the logs, over a whole run
 * in the sandbox: a dataset shared and checked, a job proposed, started and watched to Completed,
 * the model deployed and asked, the lists, the status and the Home tab. Everything a person could
 * see is collected: every Web API call's arguments (messages, updates, ephemerals, views, the Home
 * tab), every acknowledgement body, every message sent through a response_url, and the text of
 * every file the bot uploaded. Logs may keep account ids (the full text of a masked message is
 * logged on purpose, in the account's own CloudWatch) but never a token or the signing secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import {
  type LocalStack,
  SANDBOX_BOT_TOKEN,
  SANDBOX_SIGNING_SECRET,
  startLocalStack,
} from '../../../src/local/stack.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { ALICE, command, jobStoreOf, sandboxOf } from '../../support/jobs.js';

const MINUTE = 60_000;
/** The emulator's account, and the account of the Bedrock role configured below. */
const EMULATOR_ACCOUNT = '123456789012';
const ROLE_ARN = 'arn:aws:iam::111122223333:role/tune-bedrock-service';

/** What may never be shown: tokens, the signing secret, any 12-digit account id, any IAM or STS ARN. */
const FORBIDDEN_IN_SLACK: readonly [string, RegExp][] = [
  ['a bot or user token', /xox[abpre]-[A-Za-z0-9-]+/],
  ['the signing secret', new RegExp(SANDBOX_SIGNING_SECRET)],
  ['an account id', /(?<![0-9])[0-9]{12}(?![0-9])/],
  ['a role ARN', /arn:aws:(iam|sts)::/],
];
const FORBIDDEN_IN_LOGS = FORBIDDEN_IN_SLACK.slice(0, 2);

const clock = createManualClock(Date.UTC(2026, 10, 26, 6, 0));
const logger = new RecordingLogger();
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({
    watchIntervalMs: 0,
    retryDelayMs: 10,
    logger,
    clock: { now: () => new Date(clock.now()) },
    emulator: { now: clock.now, trainingMs: 10 * MINUTE, deploymentMs: 5 * MINUTE, streamIntervalMs: 0 },
    environment: { TUNE_BEDROCK_ROLE_ARN: ROLE_ARN },
  });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

async function advance(milliseconds: number): Promise<void> {
  clock.advance(milliseconds);
  await stack.runWatch();
  await stack.idle();
}

async function press(actionId: string, where: Record<string, unknown>[]): Promise<void> {
  const message = [...where]
    .reverse()
    .find((candidate) => JSON.stringify(candidate).includes(`"${actionId}"`));
  if (!message) throw new Error(`no ${actionId} button`);
  await sandboxOf(stack).clickButton({
    userId: ALICE,
    channelId: channel,
    messageTs: String(message.ts),
    actionId,
  });
  await stack.idle();
}

/** The response_url a request carried: a command's form field, or an interaction payload's. */
function responseUrlsOf(body: string): string[] {
  const form = new URLSearchParams(body);
  const direct = form.get('response_url');
  if (direct) return [direct];
  const payload = form.get('payload');
  const url = payload ? (JSON.parse(payload) as { response_url?: unknown }).response_url : undefined;
  return typeof url === 'string' ? [url] : [];
}

/** Every text a person could have seen, each labelled with where it went. */
async function everythingShown(): Promise<[string, string][]> {
  const sandbox = sandboxOf(stack);
  const shown: [string, string][] = sandbox
    .apiCalls()
    .map((call) => [`Web API: ${call.method}`, JSON.stringify(call.arguments)] as [string, string]);
  for (const request of sandbox.requests()) {
    shown.push([`acknowledgement: ${request.kind}`, request.responseBody]);
    for (const url of responseUrlsOf(request.body)) {
      for (const message of sandbox.responses(url))
        shown.push([`response_url: ${url}`, JSON.stringify(message)]);
    }
  }
  // Reports uploaded as files: read back as Slack would serve them.
  const files = sandbox
    .messages(channel)
    .flatMap((message) => (message.reply_count ? sandbox.thread(channel, String(message.ts)) : [message]))
    .filter((message) => message.user === sandbox.botUserId)
    .flatMap((message) => (Array.isArray(message.files) ? message.files : []))
    .filter((file): file is { url_private: string; mimetype?: string; name?: string } => {
      return typeof file === 'object' && file !== null && 'url_private' in file;
    });
  for (const file of files) {
    if (file.mimetype?.startsWith('image/')) continue;
    const response = await fetch(file.url_private, {
      headers: { authorization: `Bearer ${SANDBOX_BOT_TOKEN}` },
    });
    shown.push([`uploaded file: ${file.name}`, await response.text()]);
  }
  return shown;
}

describe('a whole run, from a shared file to an answer', () => {
  let job: Job;

  it('shares, checks, starts, completes, deploys and answers (the run the scans below read)', async () => {
    // A broken file first: its report has more errors than a message lists, so it is uploaded.
    await sandboxOf(stack).shareFile({
      userId: ALICE,
      channelId: channel,
      filename: 'broken.jsonl',
      content: `${Array.from({ length: 15 }, (_, line) => `{"line": ${line}`).join('\n')}\n`,
    });
    const records = Array.from({ length: 40 }, (_, index) =>
      JSON.stringify({
        schemaVersion: 'bedrock-conversation-2024',
        messages: [
          { role: 'user', content: [{ text: `How do I list the objects of bucket number ${index}?` }] },
          { role: 'assistant', content: [{ text: `aws s3 ls s3://bucket-${index}/` }] },
        ],
      }),
    );
    await sandboxOf(stack).shareFile({
      userId: ALICE,
      channelId: channel,
      filename: 'buckets.jsonl',
      content: `${records.join('\n')}\n`,
    });
    await stack.idle();
    const index = new DynamoDatasetIndex({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    });
    const [dataset] = await index.listByChannel('T0TUNE', channel, 1);
    expect(dataset?.valid).toBe(true);

    await command(stack, { userId: ALICE, channelId: channel, text: 'datasets' });
    await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${dataset?.datasetId} --name buckets`,
    });
    await press('start_confirm', sandboxOf(stack).messages(channel));
    const [started] = await jobStoreOf(stack).listByChannel('T0TUNE', channel, 1);
    await advance(11 * MINUTE);
    job = (await jobStoreOf(stack).get(started?.jobId ?? '')) as Job;
    expect(job.status).toBe('Completed');

    await command(stack, { userId: ALICE, channelId: channel, text: `status ${job.jobId}` });
    await command(stack, { userId: ALICE, channelId: channel, text: 'list' });
    await command(stack, { userId: ALICE, channelId: channel, text: `deploy ${job.jobId}` });
    await press('deploy_confirm', sandboxOf(stack).messages(channel));
    await advance(6 * MINUTE);
    await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `ask ${job.jobId} How do I list bucket 3?`,
    });
    await advance(0);
    await sandboxOf(stack).openHome(ALICE);
    await stack.idle();

    const everything = await everythingShown();
    const shown = everything.map(([, text]) => text).join('\n');
    const places = new Set(everything.map(([where]) => where.split(':')[0]));
    expect([...places].sort()).toEqual(['Web API', 'acknowledgement', 'response_url', 'uploaded file']);
    expect(shown).toContain('is deployed');
    expect(shown).toContain('tune_answer');
    // The scans below must see what would leak: the model's ARN is in the run, masked.
    expect(job.status === 'Completed' && job.customModelArn).toContain(EMULATOR_ACCOUNT);
  });

  it.each(FORBIDDEN_IN_SLACK)('shows no %s in Slack', async (_what, pattern) => {
    const leaks = (await everythingShown()).filter(([, text]) => pattern.test(text));
    expect(leaks.map(([where, text]) => `${where}: ${text.match(pattern)?.[0]}`)).toEqual([]);
  });

  it.each(FORBIDDEN_IN_LOGS)('logs no %s', (_what, pattern) => {
    expect(logger.entries.length).toBeGreaterThan(0);
    const leaks = logger.entries.filter((entry) => pattern.test(JSON.stringify(entry)));
    expect(leaks.map((entry) => entry.message)).toEqual([]);
  });
});
