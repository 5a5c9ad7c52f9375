/** `tune models --refresh` through the real CLI command and Bedrock client, against the emulator. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../src/aws/clients.js';
import { runCli } from '../../../src/cli/main.js';
import { LOCAL_CREDENTIALS, type LocalServer, startS3rver } from '../../../src/local/aws-servers.js';
import { type BedrockEmulator, startBedrockEmulator } from '../../../src/local/bedrock-emulator/index.js';

let s3: LocalServer;
let emulator: BedrockEmulator;
let directory: string;
const saved = { ...process.env };

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tune-refresh-'));
  s3 = await startS3rver({ directory, buckets: ['b'] });
  emulator = await startBedrockEmulator({
    s3: createS3Client({
      region: 'us-west-2',
      endpoints: { s3: s3.endpoint },
      credentials: LOCAL_CREDENTIALS,
    }),
    buckets: ['b'],
    // The catalog's Titan Text rows are listed in the workshop's world only.
    world: '2024',
  });
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
});
afterAll(async () => {
  process.env = saved;
  await emulator?.close();
  await s3?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('tune models --refresh', () => {
  it('shows what the region offers and how the catalog differs, at the endpoint given', async () => {
    let out = '';
    let err = '';
    const code = await runCli(
      ['models', '--refresh', '--region', 'us-east-1', '--endpoint', emulator.url, '--json'],
      {
        stdout: (text) => {
          out += text;
        },
        stderr: (text) => {
          err += text;
        },
        cwd: directory,
      },
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const shown = JSON.parse(out);
    expect(shown.offers.FINE_TUNING.models[0]).toMatchObject({ name: 'Nova Micro', default: true });
    // The emulator plays 2024 and lists Titan Text: Bedrock decides (only public notices date its
    // end), so tune offers it as legacy and names the disagreement with the catalog.
    expect(shown.offers.CONTINUED_PRE_TRAINING.models).toContainEqual(
      expect.objectContaining({ modelId: 'amazon.titan-text-lite-v1:0:4k', lifecycle: 'legacy' }),
    );
    expect(shown.differences).toContainEqual(
      expect.objectContaining({ kind: 'lifecycle', modelId: 'amazon.titan-text-lite-v1:0:4k' }),
    );
    expect(emulator.stats().calls.ListFoundationModels).toBe(2);
  });
});
