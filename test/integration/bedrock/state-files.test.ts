/**
 * `npm start` keeps the emulator's state in `.tune/bedrock/state.json`. A file written before custom
 * models had an id while training, before failures named their stage and before deployments were
 * emulated must still load, and its jobs must still finish.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import { NotFoundError, UpstreamRejectedError } from '../../../src/core/errors.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';
import { type BedrockEmulator, startBedrockEmulator } from '../../../src/local/bedrock-emulator/index.js';
import {
  type BedrockStack,
  BUCKET,
  conversation,
  jsonl,
  MINUTE,
  REGION,
  ROLE_ARN,
  startBedrockStack,
} from './stack.js';
import { supportDeskTraining } from './support-desk.js';

let stack: BedrockStack;
let directory: string;
let emulator: BedrockEmulator;
let customizer: BedrockCustomizer;

/** A job as an older emulator stored it: no reserved model id; `overrides` per job. */
function oldJob(name: string, trainingDataUri: string, overrides: Record<string, unknown>) {
  const now = stack.clock.now();
  return {
    jobId: `${name}000000`.slice(0, 12),
    jobArn: `arn:aws:bedrock:${REGION}:123456789012:model-customization-job/amazon.nova-lite-v1:0:300k/${name}`,
    jobName: name,
    region: REGION,
    customModelName: `${name}-model`,
    roleArn: ROLE_ARN,
    baseModelId: 'amazon.nova-lite-v1:0:300k',
    baseModelArn: `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-lite-v1:0:300k`,
    customizationType: 'FINE_TUNING',
    hyperParameters: { epochCount: '1', learningRate: '0.00001', learningRateWarmupSteps: '10' },
    trainingDataUri,
    validationDataUris: [],
    outputDataUri: `s3://${BUCKET}/outputs/${name}/`,
    jobTags: [],
    customModelTags: [],
    creationTime: now - 5 * MINUTE,
    trainingStartsAt: now - 4 * MINUTE,
    completesAt: now + 5 * MINUTE,
    stoppingMs: MINUTE,
    dataChecked: false,
    ...overrides,
  };
}

beforeAll(async () => {
  stack = await startBedrockStack();
  const trainingDataUri = await stack.put(
    'old/train.jsonl',
    jsonl(supportDeskTraining().map((record) => conversation([record.prompt, record.completion]))),
  );
  directory = await mkdtemp(join(tmpdir(), 'tune-old-state-'));
  await writeFile(
    join(directory, 'state.json'),
    JSON.stringify({
      version: 1,
      jobs: [
        oldJob('training', trainingDataUri, {}),
        oldJob('failed', trainingDataUri, {
          dataChecked: true,
          failure: { at: stack.clock.now() - 4 * MINUTE, message: 'Input data at old/train.jsonl is wrong' },
        }),
      ],
      customModels: [],
      provisioned: [],
    }),
  );
  emulator = await startBedrockEmulator({
    s3: stack.s3,
    buckets: [BUCKET],
    directory,
    now: stack.clock.now,
  });
  customizer = new BedrockCustomizer({
    client: new BedrockClient({ region: REGION, endpoint: emulator.url, credentials: LOCAL_CREDENTIALS }),
  });
});
afterAll(async () => {
  await emulator?.close();
  await stack.close();
  await rm(directory, { recursive: true, force: true });
});

describe('a state file from before deployments and reserved model ids', () => {
  it('loads, with no deployments', async () => {
    expect(await customizer.listCustomModelDeployments()).toEqual([]);
  });

  it('finishes its training job, whose model has no id until it completes', async () => {
    const during = customizer.getCustomModel('training-model');
    await expect(during).rejects.toBeInstanceOf(NotFoundError);

    stack.clock.advance(5 * MINUTE);
    const job = await customizer.getJob('training');

    expect(job.status).toBe('Completed');
    expect(job.customModelArn).toMatch(/custom-model\/amazon\.nova-lite-v1:0:300k\/[a-z0-9]{12}$/);
    expect((await customizer.getCustomModel('training-model')).status).toBe('Active');
  });

  it('reports a failure without a stage as a data processing failure', async () => {
    const job = await customizer.getJob('failed');

    expect(job.status).toBe('Failed');
    expect(job.stages).toMatchObject({
      validation: { status: 'Completed' },
      dataProcessing: { status: 'Failed' },
      training: { status: 'NotStarted' },
    });
  });
});

describe('a state file whose deployment names a custom model it no longer has', () => {
  it('answers that the model identifier is invalid instead of failing', async () => {
    // Prepare: edited by hand, or left half-written: the deployment outlived its model.
    const folder = await mkdtemp(join(tmpdir(), 'tune-dangling-state-'));
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/dangling0001';
    await writeFile(
      join(folder, 'state.json'),
      JSON.stringify({
        version: 1,
        jobs: [],
        customModels: [],
        provisioned: [],
        deployments: [
          {
            id: 'dangling0001',
            arn,
            name: 'dangling',
            region: REGION,
            modelArn:
              'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/gone00000001',
            tags: [],
            creationTime: stack.clock.now() - 10 * MINUTE,
            readyAt: stack.clock.now() - 5 * MINUTE,
          },
        ],
      }),
    );
    const dangling = await startBedrockEmulator({
      s3: stack.s3,
      buckets: [BUCKET],
      directory: folder,
      now: stack.clock.now,
    });
    const client = new BedrockRuntimeClient({
      region: REGION,
      endpoint: dangling.url,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      // Act
      const answering = new BedrockModelRuntime({ client }).converse({
        modelId: arn,
        prompt: 'Hi',
        maxTokens: 50,
        temperature: 0,
        topP: 0.9,
      });

      // Assess
      await expect(answering).rejects.toBeInstanceOf(UpstreamRejectedError);
      await expect(answering).rejects.toThrow('The provided model identifier is invalid.');
    } finally {
      client.destroy();
      await dangling.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
