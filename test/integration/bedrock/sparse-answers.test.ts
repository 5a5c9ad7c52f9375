/**
 * What BedrockCustomizer makes of answers that leave fields out, as real Bedrock may (older jobs
 * without statusDetails, models without lifecycle dates, a stage state newer than tune). The
 * emulator always fills these in, so a small local server answers with the sparse shapes instead,
 * through the real SDK client.
 */
import { createServer, type Server } from 'node:http';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';

const JOB = {
  jobArn: 'arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-lite-v1:0:300k/abc',
  jobName: 'old-job',
  outputModelName: 'old-model',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  status: 'InProgress',
  creationTime: '2025-03-01T00:00:00Z',
  baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k',
  trainingDataConfig: { s3Uri: 's3://b/train.jsonl' },
  outputDataConfig: { s3Uri: 's3://b/out/' },
};

/** The canned answers, by path. */
const ANSWERS: Record<string, unknown> = {
  '/model-customization-jobs/old-job': JOB,
  '/model-customization-jobs/new-job': {
    ...JOB,
    jobName: 'new-job',
    statusDetails: {
      validationDetails: { status: 'Completed', creationTime: '2025-03-01T00:00:00Z' },
      dataProcessingDetails: { status: 'Rebalancing' },
    },
  },
  '/foundation-models': {
    modelSummaries: [
      {
        modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
        modelId: 'amazon.nova-lite-v1:0',
      },
    ],
  },
};

let server: Server;
let customizer: BedrockCustomizer;

beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = ANSWERS[new URL(request.url ?? '/', 'http://local').pathname];
    response.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer ?? { message: 'not canned' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  customizer = new BedrockCustomizer({
    client: new BedrockClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    }),
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('sparse Bedrock answers', () => {
  it('read a job without statusDetails as a job without stages', async () => {
    const job = await customizer.getJob('old-job');

    expect(job).toMatchObject({ jobName: 'old-job', status: 'InProgress' });
    expect(job.stages).toBeUndefined();
  });

  it('keep the stages they know and leave out a stage whose state is newer than tune', async () => {
    const job = await customizer.getJob('new-job');

    expect(job.stages?.validation).toEqual({
      status: 'Completed',
      creationTime: new Date('2025-03-01T00:00:00Z'),
    });
    expect(job.stages?.dataProcessing).toBeUndefined();
    expect(job.stages?.training).toBeUndefined();
  });

  it('read a model without lifecycle or streaming information as unknown, without dates', async () => {
    const [model] = await customizer.listFoundationModels();

    expect(model).toMatchObject({ modelId: 'amazon.nova-lite-v1:0', lifecycleStatus: 'UNKNOWN' });
    expect(model?.legacyTime).toBeUndefined();
    expect(model?.endOfLifeTime).toBeUndefined();
    expect(model?.responseStreamingSupported).toBeUndefined();
  });
});
