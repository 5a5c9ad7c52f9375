/**
 * The local stack the Bedrock adapter tests run on: s3rver in a temp directory for datasets and
 * outputs, the Bedrock emulator on a manual clock, and the real SDK clients pointed at both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import { createS3Client } from '../../../src/aws/clients.js';
import type { CreateCustomizationJobRequest } from '../../../src/core/ports.js';
import { LOCAL_CREDENTIALS, type LocalServer, startS3rver } from '../../../src/local/aws-servers.js';
import {
  type BedrockEmulator,
  type BedrockEmulatorOptions,
  createManualClock,
  startBedrockEmulator,
} from '../../../src/local/bedrock-emulator/index.js';

export const BUCKET = 'tune-bedrock-tests';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/tune-bedrock';
export const REGION = 'us-east-1';
export const MINUTE = 60_000;

export interface BedrockStack {
  s3: S3Client;
  emulator: BedrockEmulator;
  clock: ReturnType<typeof createManualClock>;
  /** Real SDK clients; `maxAttempts: 1` where a test must see the first failure. */
  bedrockClient(options?: { maxAttempts?: number; region?: string }): BedrockClient;
  runtimeClient(options?: { maxAttempts?: number; region?: string }): BedrockRuntimeClient;
  customizer(options?: { maxAttempts?: number; region?: string }): BedrockCustomizer;
  modelRuntime(options?: { maxAttempts?: number; region?: string }): BedrockModelRuntime;
  put(key: string, body: string): Promise<string>;
  read(key: string): Promise<string>;
  /**
   * Restarts the emulator on the same port, directory (when the stack has one) and clock;
   * `changes` alter its options from then on (another `world`, say).
   */
  restart(changes?: Partial<Omit<BedrockEmulatorOptions, 's3' | 'buckets'>>): Promise<void>;
  close(): Promise<void>;
}

export async function startBedrockStack(
  options: Partial<Omit<BedrockEmulatorOptions, 's3' | 'buckets'>> & { keepState?: boolean } = {},
): Promise<BedrockStack> {
  const root = await mkdtemp(join(tmpdir(), 'tune-bedrock-'));
  const s3Server: LocalServer = await startS3rver({ directory: join(root, 's3'), buckets: [BUCKET] });
  const s3 = createS3Client({
    region: REGION,
    endpoints: { s3: s3Server.endpoint },
    credentials: LOCAL_CREDENTIALS,
  });
  const clock = createManualClock(Date.UTC(2026, 10, 26, 12));
  const { keepState, ...emulatorOptions } = options;
  let current: Partial<Omit<BedrockEmulatorOptions, 's3' | 'buckets'>> = emulatorOptions;
  const start = (port?: number) =>
    startBedrockEmulator({
      s3,
      buckets: [BUCKET],
      now: clock.now,
      trainingMs: 10 * MINUTE,
      stoppingMs: MINUTE,
      provisioningMs: 5 * MINUTE,
      deploymentMs: 3 * MINUTE,
      streamIntervalMs: 5,
      ...(port !== undefined ? { port } : {}),
      ...(keepState ? { directory: join(root, 'bedrock') } : {}),
      ...current,
    });
  let emulator = await start();
  const clients: { destroy(): void }[] = [];
  const settings = (options: { maxAttempts?: number; region?: string } = {}) => ({
    region: options.region ?? REGION,
    endpoint: emulator.url,
    credentials: LOCAL_CREDENTIALS,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  const bedrockClient = (options?: { maxAttempts?: number; region?: string }) => {
    const client = new BedrockClient(settings(options));
    clients.push(client);
    return client;
  };
  const runtimeClient = (options?: { maxAttempts?: number; region?: string }) => {
    const client = new BedrockRuntimeClient(settings(options));
    clients.push(client);
    return client;
  };
  return {
    s3,
    get emulator() {
      return emulator;
    },
    clock,
    bedrockClient,
    runtimeClient,
    customizer: (options) => new BedrockCustomizer({ client: bedrockClient(options) }),
    modelRuntime: (options) => new BedrockModelRuntime({ client: runtimeClient(options) }),
    put: async (key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      return `s3://${BUCKET}/${key}`;
    },
    read: async (key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return (await object.Body?.transformToString()) ?? '';
    },
    restart: async (changes = {}) => {
      const port = Number(new URL(emulator.url).port);
      await emulator.close();
      current = { ...current, ...changes };
      emulator = await start(port);
    },
    close: async () => {
      for (const client of clients) client.destroy();
      await emulator.close();
      await s3Server.close();
      s3.destroy();
      await rm(root, { recursive: true, force: true });
    },
  };
}

let sequence = 0;

/**
 * A valid job request in the workshop's world (Titan Text Lite, prompt/completion data); `overrides`
 * change one thing at a time. Today's world refuses Titan Text (end of life): use `novaJobRequest`.
 */
export function jobRequest(
  trainingDataUri: string,
  overrides: Partial<CreateCustomizationJobRequest> = {},
): CreateCustomizationJobRequest {
  sequence++;
  return {
    jobName: `tune-job-${sequence}`,
    customModelName: `tune-model-${sequence}`,
    roleArn: ROLE_ARN,
    baseModelIdentifier: 'amazon.titan-text-lite-v1:0:4k',
    customizationType: 'FINE_TUNING',
    trainingDataUri,
    outputDataUri: `s3://${BUCKET}/outputs/run-${sequence}/`,
    hyperParameters: { epochCount: '2', batchSize: '1', learningRate: '0.00003' },
    clientRequestToken: `token-${sequence}`,
    tags: { 'tune:channel': 'C1' },
    ...overrides,
  };
}

/** A valid job request in today's world: Nova Lite fine-tuning in us-east-1, conversation data. */
export function novaJobRequest(
  trainingDataUri: string,
  overrides: Partial<CreateCustomizationJobRequest> = {},
): CreateCustomizationJobRequest {
  return jobRequest(trainingDataUri, {
    baseModelIdentifier: 'amazon.nova-lite-v1:0:300k',
    hyperParameters: { epochCount: '2', learningRate: '0.00001' },
    ...overrides,
  });
}

/** A training record in the `bedrock-conversation-2024` format (Nova, Llama 3.3). */
export function conversation(turns: readonly string[], system?: string) {
  return {
    schemaVersion: 'bedrock-conversation-2024',
    ...(system ? { system: [{ text: system }] } : {}),
    messages: turns.map((text, index) => ({
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: [{ text }],
    })),
  };
}

export function jsonl(records: readonly unknown[]): string {
  return `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
}

/** Parses a metrics CSV into rows of numbers keyed by the header. */
export function parseCsv(text: string): Record<string, number>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const values = line.split(',');
    return Object.fromEntries(columns.map((column, index) => [column, Number(values[index])]));
  });
}
