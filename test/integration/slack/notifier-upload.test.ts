/**
 * The notifier's `uploadFile` through the real WebClient (`filesUploadV2`) against the sandbox: a
 * PNG arrives byte for byte (a binary file must not be read as text and masked, which would break
 * it), as an image, in the thread it was meant for; a text file has its account ids masked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rasterize } from '../../../src/charts/rasterize.js';
import { loadConfig } from '../../../src/config.js';
import { slackWebClient } from '../../../src/handlers/runtime.js';
import { type SlackSandbox, startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';
import { SlackNotifier } from '../../../src/slack/notifier.js';

const botToken = 'xoxb-upload-test';
let sandbox: SlackSandbox;
let notifier: SlackNotifier;
let directory: string;
let channel: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tune-upload-'));
  sandbox = await startSlackSandbox({ signingSecret: 'secret', botToken, directory });
  const config = loadConfig({
    TUNE_TABLE_NAME: 't',
    TUNE_BUCKET: 'bucket',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_BOT_TOKEN: botToken,
    TUNE_SLACK_API_URL: sandbox.apiUrl,
  });
  notifier = new SlackNotifier({ client: slackWebClient(botToken, config) });
  channel = sandbox.channelId('ml-experiments');
});
afterAll(async () => {
  await sandbox?.close();
  await rm(directory, { recursive: true, force: true });
});

type PresentedFile = {
  id: string;
  name: string;
  title: string;
  filetype: string;
  url_private_download: string;
};

/** The file of the thread's first reply, as conversations.replies shows it. */
function replyFile(parent: string): PresentedFile {
  const [reply] = sandbox.thread(channel, parent).slice(1);
  const file = (reply?.files as PresentedFile[] | undefined)?.[0];
  if (!file) throw new Error('no file in the thread');
  return file;
}

async function download(file: PresentedFile): Promise<{ bytes: Buffer; type: string | null }> {
  const response = await fetch(file.url_private_download, {
    headers: { authorization: `Bearer ${botToken}` },
  });
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
}

describe('uploadFile', () => {
  it('puts a PNG into the thread byte for byte, as an image', async () => {
    // Prepare: a real chart-like PNG, whose bytes are not valid UTF-8.
    const png = rasterize(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="20" height="20" fill="#08519c"/></svg>',
    ).png;
    const parent = await notifier.post(channel, { text: 'job card' });

    // Act
    await notifier.uploadFile({
      channelId: channel,
      threadTs: parent,
      filename: 'loss-curves.png',
      title: 'Loss curves',
      content: png,
    });

    // Assess
    const file = replyFile(parent);
    const { bytes, type } = await download(file);
    expect(Buffer.compare(bytes, Buffer.from(png))).toBe(0);
    expect(type).toBe('image/png');
    expect(file).toMatchObject({ name: 'loss-curves.png', title: 'Loss curves', filetype: 'png' });
  });

  it('masks account ids in a text file and leaves the rest as it was', async () => {
    // Prepare
    const parent = await notifier.post(channel, { text: 'another card' });

    // Act
    await notifier.uploadFile({
      channelId: channel,
      threadTs: parent,
      filename: 'records.jsonl',
      content: '{"model":"arn:aws:bedrock:us-east-1:111122223333:custom-model/x","é":"ü"}\n',
    });

    // Assess
    const text = (await download(replyFile(parent))).bytes.toString('utf8');
    expect(text).not.toContain('111122223333');
    expect(text).toContain('3333:custom-model/x');
    expect(text).toContain('"é":"ü"');
  });
});
