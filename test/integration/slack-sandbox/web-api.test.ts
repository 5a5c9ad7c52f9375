import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';

const botToken = 'xoxb-sandbox-test';
const signingSecret = 'sandbox-signing-secret';
const alice = 'U0ALICE';

let sandbox: SlackSandbox;
let client: WebClient;
let now = Date.now();
let experiments: string;
let general: string;

/** The WebClient logs Slack's `[ERROR]` lines; the tests assert on them instead. */
const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function webClient(token: string | undefined, apiUrl = sandbox.apiUrl): WebClient {
  return new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logger: quiet });
}

/** The `data` of the Slack API error a call failed with (the call must fail). */
async function slackError(
  call: Promise<unknown>,
): Promise<{ error: string; response_metadata?: { messages?: string[] } }> {
  try {
    await call;
  } catch (error) {
    return (error as { data: { error: string; response_metadata?: { messages?: string[] } } }).data;
  }
  throw new Error('expected the Slack API call to fail');
}

function section(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** A fresh trigger_id, as Slack hands one with every slash command (no bot needed to get one). */
async function triggerFor(userId: string): Promise<string> {
  const result = await sandbox.slashCommand({ userId, channelId: experiments, text: 'anything' });
  if (!result.triggerId) throw new Error('no trigger issued');
  return result.triggerId;
}

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret, botToken, clock: () => now, maxFileBytes: 1024 });
  client = webClient(botToken);
  experiments = sandbox.channelId('ml-experiments');
  general = sandbox.channelId('#general');
});

afterAll(async () => {
  await sandbox.close();
});

describe('authentication', () => {
  it('answers auth.test with the bot identity', async () => {
    // Act
    const result = await client.auth.test();

    // Assess
    expect(result).toMatchObject({
      ok: true,
      user_id: sandbox.botUserId,
      bot_id: sandbox.botId,
      team_id: 'T0TUNE',
      team: 'tune sandbox',
    });
  });

  it('answers not_authed without a token and invalid_auth with a wrong one, both as HTTP 200', async () => {
    // Act
    const missing = await fetch(`${sandbox.apiUrl}auth.test`, { method: 'POST' });
    const wrong = slackError(webClient('xoxb-wrong').auth.test());

    // Assess
    expect(missing.status).toBe(200);
    expect(await missing.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await wrong).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('answers unknown_method for a method it does not implement', async () => {
    expect(await slackError(client.apiCall('chat.scheduleSomethingElse'))).toMatchObject({
      error: 'unknown_method',
    });
  });

  it('accepts JSON bodies with a bearer token', async () => {
    // Act
    const response = await fetch(`${sandbox.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: experiments, text: 'sent as JSON', blocks: [section('*json*')] }),
    });

    // Assess
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, channel: experiments, message: { text: 'sent as JSON' } });
  });
});

describe('messages', () => {
  it('posts Block Kit to a channel the bot is in, giving every block a block_id', async () => {
    // Act
    const result = await client.chat.postMessage({
      channel: experiments,
      text: 'fallback',
      blocks: [
        section('Job *started*'),
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Stop' } }] },
      ],
    });

    // Assess
    const stored = sandbox.messages(experiments).find((message) => message.ts === result.ts);
    expect(stored).toMatchObject({ user: sandbox.botUserId, bot_id: sandbox.botId, text: 'fallback' });
    const blocks = stored?.blocks as { block_id?: string; elements?: { action_id?: string }[] }[];
    expect(blocks.every((block) => typeof block.block_id === 'string')).toBe(true);
    expect(typeof blocks[1]?.elements?.[0]?.action_id).toBe('string');
  });

  it('refuses to post where the bot is not a member with not_in_channel', async () => {
    expect(await slackError(client.chat.postMessage({ channel: general, text: 'hi' }))).toMatchObject({
      error: 'not_in_channel',
    });
  });

  it('refuses a message with neither text nor blocks with no_text', async () => {
    expect(await slackError(client.chat.postMessage({ channel: experiments, text: '' }))).toMatchObject({
      error: 'no_text',
    });
  });

  it('refuses more than 50 blocks with invalid_blocks, naming the limit', async () => {
    // Prepare
    const blocks = Array.from({ length: 51 }, (_, index) => section(`row ${index}`));

    // Act
    const attempt = slackError(client.chat.postMessage({ channel: experiments, text: 'too long', blocks }));

    // Assess
    expect(await attempt).toMatchObject({
      error: 'invalid_blocks',
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
  });

  it('refuses a section text over 3000 characters and a button label over 75', async () => {
    // Prepare
    const blocks = [
      section('x'.repeat(3001)),
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'y'.repeat(76) }, action_id: 'a' }],
      },
    ];

    // Act
    const error = await slackError(
      client.chat.postMessage({ channel: experiments, text: 'fallback', blocks }),
    );

    // Assess
    expect(error.error).toBe('invalid_blocks');
    const messages = error.response_metadata?.messages;
    expect(messages).toContain(
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    );
    expect(messages).toContain(
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/1/elements/0/text/text]',
    );
  });

  it('updates and deletes its own messages and refuses to touch a person’s', async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: experiments, text: 'Training 10%' });
    const person = await sandbox.postMessage({ userId: alice, channelId: experiments, text: 'mine' });

    // Act
    await client.chat.update({
      channel: experiments,
      ts: posted.ts as string,
      text: 'Training 90%',
      blocks: [section('90%')],
    });
    const afterUpdate = sandbox.messages(experiments).find((message) => message.ts === posted.ts);
    await client.chat.delete({ channel: experiments, ts: posted.ts as string });

    // Assess
    expect(afterUpdate).toMatchObject({ text: 'Training 90%', blocks: [{ text: { text: '90%' } }] });
    expect(sandbox.messages(experiments).some((message) => message.ts === posted.ts)).toBe(false);
    expect(
      await slackError(
        client.chat.update({ channel: experiments, ts: person.message.ts as string, text: 'x' }),
      ),
    ).toMatchObject({ error: 'cant_update_message' });
    expect(await slackError(client.chat.delete({ channel: experiments, ts: '1.000001' }))).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('keeps ephemeral messages to one person and needs the bot in the channel for them', async () => {
    // Act
    await client.chat.postEphemeral({ channel: experiments, user: alice, text: 'only for alice' });
    const outside = slackError(client.chat.postEphemeral({ channel: general, user: alice, text: 'nope' }));

    // Assess
    expect(sandbox.ephemerals(experiments, alice).map((message) => message.text)).toContain('only for alice');
    expect(sandbox.ephemerals(experiments, 'U0BOB').map((message) => message.text)).not.toContain(
      'only for alice',
    );
    expect(await outside).toMatchObject({ error: 'not_in_channel' });
  });

  it('threads replies under a parent and reads them back with conversations.replies', async () => {
    // Prepare
    const parent = await client.chat.postMessage({ channel: experiments, text: 'Job j-1 started' });

    // Act
    await client.chat.postMessage({
      channel: experiments,
      text: 'InProgress',
      thread_ts: parent.ts as string,
    });
    await client.chat.postMessage({
      channel: experiments,
      text: 'Completed',
      thread_ts: parent.ts as string,
      reply_broadcast: true,
    });
    const replies = await client.conversations.replies({ channel: experiments, ts: parent.ts as string });

    // Assess
    expect(replies.messages?.map((message) => message.text)).toEqual([
      'Job j-1 started',
      'InProgress',
      'Completed',
    ]);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, reply_users: [sandbox.botUserId] });
    const topLevel = sandbox.messages(experiments).map((message) => message.text);
    expect(topLevel).toContain('Completed');
    expect(topLevel).not.toContain('InProgress');
  });

  it('keeps message metadata through updates and returns it only with include_all_metadata', async () => {
    // Prepare
    const metadata = { event_type: 'tune_answer', event_payload: { model_id: 'm-1', question_ts: '1.2' } };
    const parent = await client.chat.postMessage({ channel: experiments, text: 'asked', metadata });
    const reply = await client.chat.postMessage({
      channel: experiments,
      text: 'Thinking…',
      thread_ts: parent.ts as string,
      metadata,
    });

    // Act
    await client.chat.update({ channel: experiments, ts: reply.ts as string, text: 'The answer.' });
    const withMetadata = await client.conversations.replies({
      channel: experiments,
      ts: parent.ts as string,
      include_all_metadata: true,
    });
    const without = await client.conversations.replies({ channel: experiments, ts: parent.ts as string });
    const malformed = slackError(
      client.chat.postMessage({
        channel: experiments,
        text: 'x',
        metadata: { event_type: 'has spaces', event_payload: {} },
      }),
    );

    // Assess
    expect(withMetadata.messages?.map((message) => [message.text, message.metadata])).toEqual([
      ['asked', metadata],
      ['The answer.', metadata],
    ]);
    expect(without.messages?.some((message) => 'metadata' in message)).toBe(false);
    expect(await malformed).toMatchObject({ error: 'invalid_metadata_schema' });
  });

  it('pages conversations.history newest first with a cursor', async () => {
    // Prepare
    const channel = sandbox.channelId('ml-experiments');
    for (const text of ['h1', 'h2', 'h3']) await client.chat.postMessage({ channel, text });

    // Act
    const first = await client.conversations.history({ channel, limit: 2 });
    const second = await client.conversations.history({
      channel,
      limit: 2,
      cursor: first.response_metadata?.next_cursor as string,
    });

    // Assess
    expect(first.messages?.map((message) => message.text)).toEqual(['h3', 'h2']);
    expect(first.has_more).toBe(true);
    expect(second.messages?.[0]?.text).toBe('h1');
  });

  it('gives a permalink that the page resolves to the message', async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: experiments, text: 'link me' });

    // Act
    const { permalink } = await client.chat.getPermalink({
      channel: experiments,
      message_ts: posted.ts as string,
    });
    const followed = await fetch(permalink as string, { redirect: 'manual' });

    // Assess
    expect(permalink).toBe(
      `${sandbox.url}/archives/${experiments}/p${(posted.ts as string).replace('.', '')}`,
    );
    expect(followed.headers.get('location')).toBe(`/#${experiments}/${posted.ts}`);
  });

  it('adds a reaction once and answers already_reacted the second time', async () => {
    // Prepare
    const posted = await client.chat.postMessage({ channel: experiments, text: 'react' });

    // Act
    await client.reactions.add({ channel: experiments, timestamp: posted.ts as string, name: 'eyes' });
    const again = slackError(
      client.reactions.add({ channel: experiments, timestamp: posted.ts as string, name: 'eyes' }),
    );

    // Assess
    expect(await again).toMatchObject({ error: 'already_reacted' });
    expect(sandbox.messages(experiments).find((message) => message.ts === posted.ts)?.reactions).toEqual([
      { name: 'eyes', users: [sandbox.botUserId], count: 1 },
    ]);
  });
});

describe('people and channels', () => {
  it('describes users, channels, members and user groups', async () => {
    // Act
    const user = await client.users.info({ user: alice });
    const channel = await client.conversations.info({ channel: experiments, include_num_members: true });
    const members = await client.conversations.members({ channel: experiments });
    const admins = await client.usergroups.users.list({ usergroup: 'S0TUNEADMINS' });

    // Assess
    expect(user.user).toMatchObject({ id: alice, name: 'alice', is_bot: false, team_id: 'T0TUNE' });
    expect(channel.channel).toMatchObject({
      id: experiments,
      name: 'ml-experiments',
      is_member: true,
      is_channel: true,
      num_members: 3,
    });
    expect(members.members).toEqual(expect.arrayContaining([alice, 'U0BOB', sandbox.botUserId]));
    expect(admins.users).toEqual([alice]);
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NONE' }))).toMatchObject({
      error: 'no_such_subteam',
    });
  });
});

describe('views', () => {
  const modal = (title: string, blocks: unknown[] = [section('hello')]) => ({
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: blocks as never,
  });

  it('opens a modal with a fresh trigger_id and refuses the same trigger twice', async () => {
    // Prepare
    const trigger = await triggerFor(alice);

    // Act
    const opened = await client.views.open({ trigger_id: trigger, view: modal('Start a job') });
    const again = slackError(client.views.open({ trigger_id: trigger, view: modal('Again') }));

    // Assess
    expect(opened.view).toMatchObject({ type: 'modal', title: { text: 'Start a job' } });
    expect(sandbox.views(alice).map((view) => view.id)).toEqual([opened.view?.id]);
    expect(await again).toMatchObject({ error: 'exchanged_trigger_id' });
  });

  it('answers expired_trigger_id when the trigger is older than 3 seconds', async () => {
    // Prepare
    const trigger = await triggerFor(alice);
    now += 3_001;

    // Act
    const attempt = slackError(client.views.open({ trigger_id: trigger, view: modal('Too late') }));

    // Assess
    expect(await attempt).toMatchObject({ error: 'expired_trigger_id' });
  });

  it('refuses a title over 24 characters, more than 100 blocks, and inputs without submit', async () => {
    // Prepare
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input' },
    };

    // Act
    const longTitle = slackError(
      client.views.open({ trigger_id: await triggerFor(alice), view: modal('A title that is far too long') }),
    );
    const tooMany = slackError(
      client.views.open({
        trigger_id: await triggerFor(alice),
        view: modal(
          'Many',
          Array.from({ length: 101 }, () => ({ type: 'divider' })),
        ),
      }),
    );
    const noSubmit = slackError(
      client.views.open({ trigger_id: await triggerFor(alice), view: modal('Form', [input]) }),
    );

    // Assess
    expect(await longTitle).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      },
    });
    expect(await tooMany).toMatchObject({
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
    expect(await noSubmit).toMatchObject({
      response_metadata: {
        messages: [
          '[ERROR] submit is required when an input block is within the blocks array [json-pointer:/view/submit]',
        ],
      },
    });
  });

  it('pushes up to three views, updates by id with hash checks, and publishes a Home tab', async () => {
    // Prepare
    const root = await client.views.open({ trigger_id: await triggerFor(alice), view: modal('Root') });

    // Act
    await client.views.push({ trigger_id: await triggerFor(alice), view: modal('Second') });
    await client.views.push({ trigger_id: await triggerFor(alice), view: modal('Third') });
    const fourth = slackError(
      client.views.push({ trigger_id: await triggerFor(alice), view: modal('Fourth') }),
    );
    const updated = await client.views.update({
      view_id: root.view?.id as string,
      hash: root.view?.hash as string,
      view: modal('Root v2'),
    });
    const stale = slackError(
      client.views.update({
        view_id: root.view?.id as string,
        hash: root.view?.hash as string,
        view: modal('Root v3'),
      }),
    );
    await client.views.publish({ user_id: alice, view: { type: 'home', blocks: [section('*Your jobs*')] } });

    // Assess
    expect(await fourth).toMatchObject({ error: 'push_limit_reached' });
    expect(await stale).toMatchObject({ error: 'hash_conflict' });
    expect(updated.view?.id).toBe(root.view?.id);
    expect(sandbox.views(alice).map((view) => (view.title as { text: string }).text)).toEqual([
      'Root v2',
      'Second',
      'Third',
    ]);
    expect(sandbox.home(alice)).toMatchObject({ type: 'home', blocks: [{ text: { text: '*Your jobs*' } }] });
  });
});

describe('files', () => {
  it('uploads with filesUploadV2 into a channel and serves the bytes only with the bot token', async () => {
    // Act
    const uploaded = await client.filesUploadV2({
      channel_id: experiments,
      filename: 'report.csv',
      content: 'step,loss\n1,0.9\n',
      initial_comment: 'Evaluation report',
    });
    // biome-ignore lint/suspicious/noExplicitAny: the WebClient types completeUploadExternal's answer loosely.
    const fileId = (uploaded.files as any)[0].files[0].id as string;
    const info = await client.files.info({ file: fileId });
    const download = info.file?.url_private_download as string;
    const withToken = await fetch(download, { headers: { authorization: `Bearer ${botToken}` } });
    const withoutToken = await fetch(download);

    // Assess
    expect(info.file).toMatchObject({ name: 'report.csv', size: 16, filetype: 'csv', mimetype: 'text/csv' });
    expect(download).toBe(`${sandbox.url}/files-pri/T0TUNE-${fileId}/download/report.csv`);
    expect(await withToken.text()).toBe('step,loss\n1,0.9\n');
    expect(withoutToken.status).toBe(200);
    expect(withoutToken.headers.get('content-type')).toContain('text/html');
    expect(await withoutToken.text()).toContain('Sign in');
    const message = sandbox.messages(experiments).at(-1);
    expect(message).toMatchObject({ text: 'Evaluation report', files: [{ id: fileId, name: 'report.csv' }] });
  });

  it('refuses a file larger than the configured limit, from a person or the bot', async () => {
    // Prepare
    const big = Buffer.alloc(1025, 65);

    // Act
    const shared = sandbox.shareFile({
      userId: alice,
      channelId: experiments,
      filename: 'big.jsonl',
      content: big,
    });
    const uploaded = slackError(
      client.filesUploadV2({ channel_id: experiments, filename: 'big.bin', file: big }),
    );

    // Assess
    await expect(shared).rejects.toThrow(/limit is 1024 bytes/);
    expect(await uploaded).toMatchObject({ error: 'file_too_large' });
  });

  it('keeps a file a person shared and answers files.info for it', async () => {
    // Act
    const { file } = await sandbox.shareFile({
      userId: alice,
      channelId: experiments,
      filename: 'train.jsonl',
      content: '{"prompt":"a","completion":"b"}\n',
    });
    const info = await client.files.info({ file: file.id as string });

    // Assess
    expect(info.file).toMatchObject({
      id: file.id,
      user: alice,
      name: 'train.jsonl',
      size: 32,
      channels: [experiments],
    });
    expect(await slackError(client.files.info({ file: 'F0MISSING' }))).toMatchObject({
      error: 'file_not_found',
    });
  });
});

describe('persistence', () => {
  it('keeps messages, files and Home tabs across a restart on the same directory', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'slack-sandbox-'));
    try {
      const first = await startSlackSandbox({ signingSecret, botToken, directory });
      const firstClient = webClient(botToken, first.apiUrl);
      const channel = first.channelId('ml-experiments');
      await firstClient.chat.postMessage({ channel, text: 'survives restarts' });
      const { file } = await first.shareFile({
        userId: alice,
        channelId: channel,
        filename: 'kept.txt',
        content: 'kept',
      });
      await first.close();

      // Act
      const second = await startSlackSandbox({ signingSecret, botToken, directory });
      const secondClient = webClient(botToken, second.apiUrl);
      const info = await secondClient.files.info({ file: file.id as string });
      const bytes = await fetch(info.file?.url_private as string, {
        headers: { authorization: `Bearer ${botToken}` },
      });
      const texts = second.messages(channel).map((message) => message.text);
      await second.close();

      // Assess
      expect(texts).toContain('survives restarts');
      expect(await bytes.text()).toBe('kept');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
