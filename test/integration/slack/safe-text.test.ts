/**
 * Everything tune shows in Slack is safe to show, checked through the sandbox's Web API (which
 * refuses blocks the way Slack does, with block-kit-rules.ts). Regressions pinned here: a file
 * named `<!channel> urgent.jsonl` made the bot ping the channel; `<https://evil.example|payroll>`
 * rendered a disguised link; a 3,000-character name made Slack refuse the answer
 * (`invalid_blocks`); Bedrock's AccessDenied text and custom model ARNs showed the AWS account id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { DynamoJobStore } from '../../../src/aws/dynamo-job-store.js';
import { createManualClock } from '../../../src/local/bedrock-emulator/index.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { ALICE, command, confirmationTs, sandboxOf } from '../../support/jobs.js';

/** The emulator's account, and the account of the role ARN configured for the refusal below. */
const ACCOUNT = '123456789012';
const ROLE_ACCOUNT = '111122223333';
const HOSTILE = {
  ping: '<!channel> urgent.jsonl',
  link: '<https://evil.example|payroll>.jsonl',
  long: `${'a'.repeat(3000)}.jsonl`,
};

/** Records in the default model's format (Nova Micro: bedrock-conversation-2024). */
function validJsonl(seed: string): string {
  return Array.from({ length: 40 }, (_, index) =>
    JSON.stringify({
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        { role: 'user', content: [{ text: `${seed}: how do I list bucket ${index}?` }] },
        { role: 'assistant', content: [{ text: `aws s3 ls s3://b-${index}/` }] },
      ],
    }),
  )
    .map((line) => `${line}\n`)
    .join('');
}

/** What a person would see that could ping, link or leak: none of it may appear in the bot's output. */
function expectSafe(shown: string): void {
  expect(shown).not.toContain('<!channel>');
  expect(shown).not.toContain('<!here>');
  expect(shown).not.toContain('<https://evil.example');
  expect(shown).not.toContain(ACCOUNT);
  expect(shown).not.toContain(ROLE_ACCOUNT);
}

function botMessages(stack: LocalStack, channel: string): Record<string, unknown>[] {
  const sandbox = sandboxOf(stack);
  return sandbox
    .messages(channel)
    .flatMap((message) => (message.reply_count ? sandbox.thread(channel, String(message.ts)) : [message]))
    .filter((message) => message.user === sandbox.botUserId);
}

function refusedCalls(stack: LocalStack, since: number) {
  return sandboxOf(stack)
    .apiCalls()
    .slice(since)
    .filter((call) => !call.ok);
}

describe('hostile file names and a tuned model', () => {
  const clock = createManualClock(Date.now());
  let stack: LocalStack;
  let channel: string;

  beforeAll(async () => {
    stack = await startLocalStack({
      watchIntervalMs: 0,
      retryDelayMs: 10,
      logger: new RecordingLogger(),
      emulator: { now: clock.now, trainingMs: 10 * 60_000 },
    });
    channel = sandboxOf(stack).channelId('ml-experiments');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers each hostile file name escaped and within Block Kit limits', async () => {
    const calls = sandboxOf(stack).apiCalls().length;

    for (const [index, name] of Object.values(HOSTILE).entries()) {
      await sandboxOf(stack).shareFile({
        userId: ALICE,
        channelId: channel,
        filename: name,
        content: validJsonl(`s${index}`),
      });
    }
    await stack.idle();

    const answers = botMessages(stack, channel).map((message) => JSON.stringify(message));
    expect(refusedCalls(stack, calls)).toEqual([]);
    expect(answers.filter((answer) => answer.includes('is ready'))).toHaveLength(3);
    expect(answers.join('\n')).toContain('&lt;!channel&gt; urgent.jsonl');
    expect(answers.join('\n')).toContain('&lt;https://evil.example|payroll&gt;.jsonl');
    expectSafe(answers.join('\n'));
  });

  it('escapes what a broken file quotes back (keys, invalid JSON) in its report', async () => {
    const calls = sandboxOf(stack).apiCalls().length;
    const content = [
      '{"prompt": "a", "completion": "b", "<!here>": 1}',
      '<!channel> this line is not JSON',
      '{"prompt": "c", "completion": "d"}',
    ].join('\n');

    const shared = await sandboxOf(stack).shareFile({
      userId: ALICE,
      channelId: channel,
      filename: `broken ${HOSTILE.ping}`,
      content,
    });
    await stack.idle();

    const thread = sandboxOf(stack)
      .thread(channel, String(shared.message.ts))
      .filter((message) => message.user === sandboxOf(stack).botUserId)
      .map((message) => JSON.stringify(message))
      .join('\n');
    expect(refusedCalls(stack, calls)).toEqual([]);
    expect(thread).toContain('would fail');
    expect(thread).toContain('&lt;!here&gt;');
    expectSafe(thread);
  });

  it('lists the hostile datasets, proposes a job on the longest, and shows the tuned model without the account id', async () => {
    const calls = sandboxOf(stack).apiCalls().length;
    const entries = await new DynamoDatasetIndex({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    }).listByChannel('T0TUNE', channel, 10);
    const long = entries.find((entry) => entry.name === HOSTILE.long);
    expect(long).toBeDefined();

    const listed = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'datasets',
    });
    const proposed = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${long?.datasetId}`,
    });
    await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: confirmationTs(sandboxOf(stack), channel),
      actionId: 'start_confirm',
    });
    await stack.idle();
    clock.advance(11 * 60_000);
    await stack.runWatch();
    await stack.idle();
    await sandboxOf(stack).openHome(ALICE);
    await stack.idle();

    expect(listed.failure).toBeUndefined();
    expect(proposed.failure).toBeUndefined();
    expectSafe(JSON.stringify(listed.responseMessage));
    expectSafe(JSON.stringify(proposed.responseMessage));
    const [job] = await new DynamoJobStore({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    }).listByChannel('T0TUNE', channel, 1);
    expect(job).toMatchObject({ status: 'Completed', customModelArn: expect.stringContaining(ACCOUNT) });
    const home = JSON.stringify(sandboxOf(stack).home(ALICE));
    expect(home).toContain(':brain:');
    expect(home).toContain(`••••••••${ACCOUNT.slice(-4)}`);
    expectSafe(home);
    expectSafe(
      botMessages(stack, channel)
        .map((message) => JSON.stringify(message))
        .join('\n'),
    );
    expect(refusedCalls(stack, calls)).toEqual([]);
  });

  it('escapes an unknown subcommand it repeats back', async () => {
    const answer = await sandboxOf(stack).slashCommand({
      userId: ALICE,
      channelId: channel,
      text: '<!channel> <https://evil.example|payroll>',
    });
    expect(answer.failure).toBeUndefined();
    expect(JSON.stringify(answer.responseMessage)).toContain("I don't know");
    expectSafe(JSON.stringify(answer.responseMessage));
  });
});

describe("Bedrock's AccessDenied text", () => {
  let stack: LocalStack;
  let channel: string;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    stack = await startLocalStack({
      watchIntervalMs: 0,
      retryDelayMs: 10,
      logger,
      // Not a role: the emulator refuses CreateModelCustomizationJob with AccessDenied, naming the
      // caller's assumed-role ARN (account 123456789012) and this ARN.
      environment: { TUNE_BEDROCK_ROLE_ARN: `arn:aws:iam::${ROLE_ACCOUNT}:user/not-a-role` },
    });
    channel = sandboxOf(stack).channelId('ml-experiments');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('is posted with the account ids masked, and kept whole in the logs', async () => {
    await sandboxOf(stack).shareFile({
      userId: ALICE,
      channelId: channel,
      filename: HOSTILE.ping,
      content: validJsonl('refused'),
    });
    await stack.idle();
    const [entry] = await new DynamoDatasetIndex({
      client: stack.clients.documents,
      tableName: stack.config.tableName,
    }).listByChannel('T0TUNE', channel, 1);
    await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${entry?.datasetId}`,
    });
    const calls = sandboxOf(stack).apiCalls().length;

    await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: confirmationTs(sandboxOf(stack), channel),
      actionId: 'start_confirm',
    });
    await stack.idle();
    const status = await command(stack, { userId: ALICE, channelId: channel, text: 'status' });

    const shown = botMessages(stack, channel).map((message) => JSON.stringify(message));
    const refusal = shown.filter((text) => text.includes('not authorized to perform'));
    expect(refusal.length).toBeGreaterThan(0);
    expect(refusal.join('\n')).toContain(`arn:aws:sts::••••••••${ACCOUNT.slice(-4)}:assumed-role`);
    expectSafe(shown.join('\n'));
    expectSafe(JSON.stringify(status.responseMessage));
    expect(refusedCalls(stack, calls)).toEqual([]);
    expect(JSON.stringify(logger.entries)).toContain(`arn:aws:sts::${ACCOUNT}:assumed-role`);
  });
});
