/**
 * Sharing datasets in the sandbox: a broken file gets every error by line in its thread; a CSV is
 * converted, validated, stored and listed, and a job can be proposed on it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { S3DatasetStore } from '../../../src/aws/s3-dataset-store.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, SANDBOX_SIGNING_SECRET, startLocalStack } from '../../../src/local/stack.js';
import { ALICE, command, sandboxOf, seedDataset } from '../../support/jobs.js';
import { postToBot } from '../../support/slack-requests.js';

const EXAMPLES_CSV = new URL('../../fixtures/aws-cli-examples/examples.csv', import.meta.url);
let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
  channel = sandboxOf(stack).channelId('ml-experiments');
});
afterAll(async () => {
  await stack?.close();
});

async function share(filename: string, content: Buffer | string, comment?: string) {
  const shared = await sandboxOf(stack).shareFile({
    userId: ALICE,
    channelId: channel,
    filename,
    content,
    ...(comment ? { comment } : {}),
  });
  await stack.idle();
  const ts = String(shared.message.ts);
  const replies = sandboxOf(stack)
    .thread(channel, ts)
    .filter((message) => message.user === sandboxOf(stack).botUserId);
  return { ts, replies, text: replies.map((message) => JSON.stringify(message)).join('\n') };
}

function datasets() {
  return new DynamoDatasetIndex({ client: stack.clients.documents, tableName: stack.config.tableName });
}

describe('sharing a dataset', () => {
  it('answers a broken file in its thread with every error and its line, and stores nothing', async () => {
    // Checked for us-east-1's default model, Nova Micro: lines 2, 4 and 7 break its rules.
    const record = (user: string, role = 'assistant') =>
      JSON.stringify({
        schemaVersion: 'bedrock-conversation-2024',
        messages: [
          { role: 'user', content: [{ text: user }] },
          { role, content: [{ text: 'an answer' }] },
        ],
      });
    const lines = Array.from({ length: 10 }, (_, index) => record(`question ${index}`));
    lines[1] = '{"schemaVersion": "bedrock-conversation-2024", "messages": [';
    lines[3] = record('User: a reserved word');
    lines[6] = record('question 6', 'bot');
    const before = (await datasets().listByChannel('T0TUNE', channel, 100)).length;

    const { replies, text } = await share('broken.jsonl', `${lines.join('\n')}\n`);

    expect(replies).toHaveLength(1);
    expect(text).toContain('would fail fine-tuning of Nova Micro');
    for (const line of [2, 4, 7]) expect(text).toContain(`line ${line}:`);
    expect(text).toContain('Nothing was stored');
    expect((await datasets().listByChannel('T0TUNE', channel, 100)).length).toBe(before);
  });

  // Regression: a record 100,000 levels deep overflowed the stack while converting, and Slack
  // said "Something went wrong"; a lone surrogate passed as valid.
  it('names the line of a record nested too deeply or holding a lone surrogate, with its code', async () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const dolly = [
      '{"instruction": "Name a service.", "response": "S3"}',
      `{"instruction": ${nested}, "response": "x"}`,
    ];
    const surrogate = [
      '{"prompt": "a", "completion": "b"}',
      String.raw`{"prompt": "half \ud800", "completion": "c"}`,
    ];

    const converted = await share('deep-dolly.jsonl', `${dolly.join('\n')}\n`);
    const validated = await share('surrogate.jsonl', `${surrogate.join('\n')}\n`);

    expect(converted.text).not.toContain('Something went wrong');
    expect(converted.text).toContain('too_deeply_nested');
    expect(validated.text).toContain('would fail');
    expect(validated.text).toMatch(/line 2: .*lone UTF-16 surrogate.*lone_surrogate/);
  });

  it('attaches the full report when there are more errors than the message shows', async () => {
    const lines = Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? '{"prompt": 1}' : 'not json'));
    const { text } = await share('many-errors.jsonl', `${lines.join('\n')}\n`);
    expect(text).toContain('more in the training data');
    const files = sandboxOf(stack)
      .apiCalls()
      .filter((call) => call.method === 'files.completeUploadExternal' && call.ok);
    expect(files.length).toBeGreaterThan(0);
  });

  it('converts a CSV into a valid, stored dataset with its tokens and cost', async () => {
    const csv = readFileSync(EXAMPLES_CSV);

    const { text } = await share(
      'examples.csv',
      csv,
      'AWS CLI examples --prompt-column title,description --completion-column cli --split 0.05',
    );

    expect(text).toContain('is ready for fine-tuning of Nova Micro');
    expect(text).toContain('Converted csv');
    expect(text).toContain('Estimated training cost');
    const [entry] = await datasets().listByChannel('T0TUNE', channel, 1);
    expect(entry).toMatchObject({
      name: 'examples.csv',
      valid: true,
      convertedFrom: 'csv',
      customizationType: 'FINE_TUNING',
    });
    expect(entry?.records).toBeGreaterThan(1500);
    expect(entry?.validationRecords).toBeGreaterThan(50);
    const stored = await new S3DatasetStore({
      client: stack.clients.s3,
      bucket: stack.config.bucket,
    }).getText(entry?.key ?? '');
    expect(stored?.split('\n')[0]).toMatch(
      /^\{"schemaVersion":"bedrock-conversation-2024",.*"role":"assistant"/,
    );

    const listed = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'datasets',
    });
    expect(JSON.stringify(listed.responseMessage)).toContain(entry?.datasetId ?? 'missing');
    const proposed = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${entry?.datasetId}`,
    });
    expect(JSON.stringify(proposed.responseMessage)).toContain('start_confirm');
  });

  it('cites the rows of the shared CSV in its warnings, never lines of the file tune made from it', async () => {
    // Header on line 1: rows[5] is line 7 and repeats rows[1], line 3; rows[7] (line 9) is left out.
    const rows = Array.from({ length: 12 }, (_, index) => `question ${index},answer ${index}`);
    rows[5] = 'question 1,answer 1';
    rows[7] = 'User: hello,answer 7';

    const { text } = await share('rows.csv', `prompt,completion\n${rows.join('\n')}\n`);

    expect(text).toContain('line 7: the record repeats line 3');
    expect(text).toContain('left out: line 9:');
    expect(text).not.toContain('line 6:');
  });

  it('opens the start form on a dataset and its model from Start training in its report and Start in /tune datasets', async () => {
    const lines = Array.from({ length: 30 }, (_, index) =>
      JSON.stringify({
        prompt: `Which command lists queue ${index}?`,
        completion: `aws sqs list-queues ${index}`,
      }),
    );
    const { replies, text } = await share(
      'queues.jsonl',
      `${lines.join('\n')}\n`,
      '--model nova-lite --split 0.2',
    );
    expect(text).toContain('dataset_start');
    const [entry] = await datasets().listByChannel('T0TUNE', channel, 1);
    expect(entry).toMatchObject({ name: 'queues.jsonl', modelId: 'amazon.nova-lite-v1:0:300k' });
    // A newer dataset for another model: the form would open on it without the button's choice.
    await seedDataset(stack, channel, 'dsnewer');

    await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: String(replies[0]?.ts),
      actionId: 'dataset_start',
    });
    await stack.idle();

    const views = sandboxOf(stack).views(ALICE);
    const form = JSON.stringify(views[views.length - 1]?.blocks);
    expect(form).toContain(`"initial_option":{"text":{"type":"plain_text","text":"queues.jsonl`);
    expect(form).toMatch(
      /"initial_option":\{"text":\{"type":"plain_text","text":"Nova Lite[^"]*"[^}]*\},"value":"amazon.nova-lite-v1:0:300k"/,
    );
    expect(form).toContain('Split of queues.jsonl');
    await sandboxOf(stack).closeView({ userId: ALICE, all: true });

    const listed = JSON.stringify(
      (await command(stack, { userId: ALICE, channelId: channel, text: 'datasets' })).responseMessage,
    );
    expect(listed).toContain(
      `"action_id":"dataset_start","style":"primary","text":{"type":"plain_text","text":"Start"},"value":"${entry?.datasetId}"`,
    );
    expect(listed).toMatch(/records \+ \d+ for validation/);
  });

  it('answers plain text meant for continued pre-training with the plain message, since no model offers it', async () => {
    const paragraphs = Array.from(
      { length: 30 },
      (_, index) => `Paragraph ${index}. ${'The AWS CLI lists buckets with aws s3 ls. '.repeat(20)}`,
    );
    const before = (await datasets().listByChannel('T0TUNE', channel, 100)).length;

    const { text } = await share('guide.md', paragraphs.join('\n\n'));

    expect(text).toContain('Continued pre-training is not available');
    expect(text).toContain('past end of life (since 2025-08-12). No region offers it today.');
    expect((await datasets().listByChannel('T0TUNE', channel, 100)).length).toBe(before);
  });

  it('says which option is wrong when the message has a bad one', async () => {
    const { text } = await share('x.jsonl', '{"prompt":"a","completion":"b"}\n', '--colour blue');
    expect(text).toContain('--colour');
  });

  it('gives an upload link for large files, and checks the file when it arrives', async () => {
    const answer = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'upload big.jsonl --split 0.1',
    });
    const url = JSON.stringify(answer.responseMessage).match(/'(http[^']+)'/)?.[1];
    expect(url).toBeDefined();
    const records = Array.from({ length: 200 }, (_, index) =>
      JSON.stringify({ prompt: `question ${index}`, completion: `answer ${index}` }),
    );

    const put = await fetch(url ?? '', { method: 'PUT', body: `${records.join('\n')}\n` });
    expect(put.status).toBe(200);
    await stack.runWatch();
    await stack.idle();

    const answered = sandboxOf(stack)
      .messages(channel)
      .map((message) => JSON.stringify(message))
      .find((text) => text.includes('big.jsonl') && text.includes('is ready'));
    expect(answered).toBeDefined();
    const [entry] = await datasets().listByChannel('T0TUNE', channel, 1);
    expect(entry).toMatchObject({ name: 'big.jsonl', source: 'upload', records: 180, validationRecords: 20 });
    await stack.runWatch();
    await stack.idle();
    expect(
      (await datasets().listByChannel('T0TUNE', channel, 100)).filter((item) => item.name === 'big.jsonl'),
    ).toHaveLength(1);
  });

  it('refuses an upload without a file name, or with a bad option, before handing out a link', async () => {
    const noName = await command(stack, { userId: ALICE, channelId: channel, text: 'upload' });
    expect(JSON.stringify(noName.responseMessage)).toContain('Name the one file');
    const badOption = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'upload x.jsonl --split 2',
    });
    expect(JSON.stringify(badOption.responseMessage)).not.toContain('curl');
  });

  it('answers in place of "Checking…" when the file cannot be read, leaving no stale blocks', async () => {
    // A CSV whose columns tune cannot guess: the most natural first share.
    const { replies, text } = await share('mystery.csv', 'alpha,beta,gamma\n1,2,3\n4,5,6\n');

    expect(replies).toHaveLength(1);
    expect(text).not.toContain('Checking');
    expect(text).toContain('alpha');
  });

  it('lists the columns of a CSV it cannot map, the exact message to share it with, and re-checks it with them on a press', async () => {
    const rows = Array.from(
      { length: 14 },
      (_, index) =>
        `${index},List buckets ${index},every bucket of account ${index},aws s3 ls --page ${index}`,
    );
    const csv = `id,title,description,cli\n${rows.join('\n')}\n`;
    const { ts, replies, text } = await share('commands.csv', csv, '--split 0.2');

    expect(replies).toHaveLength(1);
    for (const column of ['`id`', '`title`', '`description`', '`cli`']) expect(text).toContain(column);
    // The options it was shared with stay; the guess leaves out the id column.
    expect(text).toContain('--split 0.2 --prompt-column title,description --completion-column cli');
    expect(text).toContain('dataset_recheck');

    await sandboxOf(stack).clickButton({
      userId: ALICE,
      channelId: channel,
      messageTs: String(replies[0]?.ts),
      actionId: 'dataset_recheck',
    });
    await stack.idle();

    const after = sandboxOf(stack)
      .thread(channel, ts)
      .filter((message) => message.user === sandboxOf(stack).botUserId)
      .map((message) => JSON.stringify(message));
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('prompt from title + description, completion from cli');
    expect(after[1]).toContain('is ready for');
  });

  it('checks a file again when it is shared again with other options', async () => {
    const lines = Array.from({ length: 40 }, (_, index) =>
      JSON.stringify({ prompt: `question ${index}?`, completion: `answer ${index}` }),
    );
    const first = await share('again.jsonl', `${lines.join('\n')}\n`);
    const shared = sandboxOf(stack)
      .messages(channel)
      .find((message) => message.ts === first.ts);
    const fileId = String((shared?.files as { id: string }[] | undefined)?.[0]?.id);
    // The same file shared again (same file id), in a new message with other options.
    const ts = `${Math.floor(Date.now() / 1000)}.000888`;
    await postToBot(
      stack.botUrl ?? '',
      JSON.stringify({
        token: 't',
        team_id: 'T0TUNE',
        api_app_id: 'A0TUNE',
        type: 'event_callback',
        event_id: 'EvReshare',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'message',
          subtype: 'file_share',
          user: ALICE,
          channel,
          ts,
          text: '--epochs 3',
          files: [{ id: fileId }],
        },
      }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();

    expect(first.replies).toHaveLength(1);
    const checkedAgain = sandboxOf(stack)
      .apiCalls()
      .filter((call) => call.method === 'chat.postMessage' && call.arguments.thread_ts === ts);
    expect(checkedAgain.length).toBeGreaterThan(0);
  });

  it('ignores files bots post (its own reports, other apps)', async () => {
    const before = stack.queue.sentCount;
    const response = await postToBot(
      stack.botUrl ?? '',
      JSON.stringify({
        token: 't',
        team_id: 'T0TUNE',
        api_app_id: 'A0TUNE',
        type: 'event_callback',
        event_id: 'EvBotUpload',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'message',
          subtype: 'file_share',
          // Another app's bot: Bolt drops tune's own messages itself, the listener drops the rest.
          user: 'U0OTHERBOT',
          bot_id: 'B0OTHERBOT',
          channel,
          ts: `${Math.floor(Date.now() / 1000)}.000777`,
          text: '',
          files: [{ id: 'F0REPORT' }],
        },
      }),
      { signingSecret: SANDBOX_SIGNING_SECRET },
    );
    await stack.idle();
    expect(response.status).toBe(200);
    expect(stack.queue.sentCount).toBe(before);
  });
});
