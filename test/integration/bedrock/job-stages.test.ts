/**
 * statusDetails: a job's validation, data processing and training stages on the emulator clock
 * (10 minutes of training in the test stack: validation for the first 30 s, data processing until
 * 1 minute, then training), read by BedrockCustomizer.getJob into `stages`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import {
  type BedrockStack,
  conversation,
  jsonl,
  MINUTE,
  novaJobRequest,
  startBedrockStack,
} from './stack.js';
import { supportDeskTraining } from './support-desk.js';

let stack: BedrockStack;
let customizer: BedrockCustomizer;
let trainingUri: string;

const SECOND = 1000;

beforeAll(async () => {
  stack = await startBedrockStack({ maxConcurrentTrainings: 10 });
  customizer = stack.customizer();
  trainingUri = await stack.put(
    'stages/train.jsonl',
    jsonl(supportDeskTraining().map((record) => conversation([record.prompt, record.completion]))),
  );
});
afterAll(async () => {
  await stack.close();
});

describe('a job’s stages', () => {
  it('go validation, then data processing, then training, each Completed in turn', async () => {
    // Act
    const { jobArn } = await customizer.createJob(novaJobRequest(trainingUri));
    const created = new Date(stack.clock.now());
    const validating = await customizer.getJob(jobArn);
    stack.clock.advance(45 * SECOND);
    const processing = await customizer.getJob(jobArn);
    stack.clock.advance(4 * MINUTE);
    const training = await customizer.getJob(jobArn);
    stack.clock.advance(6 * MINUTE);
    const done = await customizer.getJob(jobArn);

    // Assess
    expect(validating.stages).toEqual({
      validation: { status: 'InProgress', creationTime: created, lastModifiedTime: created },
      dataProcessing: { status: 'NotStarted' },
      training: { status: 'NotStarted' },
    });
    expect(processing.stages).toMatchObject({
      validation: { status: 'Completed', lastModifiedTime: new Date(created.getTime() + 30 * SECOND) },
      dataProcessing: { status: 'InProgress', creationTime: new Date(created.getTime() + 30 * SECOND) },
      training: { status: 'NotStarted' },
    });
    expect(training.stages).toMatchObject({
      validation: { status: 'Completed' },
      dataProcessing: { status: 'Completed', lastModifiedTime: new Date(created.getTime() + MINUTE) },
      training: { status: 'InProgress', creationTime: new Date(created.getTime() + MINUTE) },
    });
    expect(done.status).toBe('Completed');
    expect(done.stages).toMatchObject({
      validation: { status: 'Completed' },
      dataProcessing: { status: 'Completed' },
      training: { status: 'Completed', lastModifiedTime: new Date(created.getTime() + 10 * MINUTE) },
    });
  });

  it('show bad data failing data processing, and training never starting', async () => {
    const uri = await stack.put('stages/bad.jsonl', jsonl([{ prompt: 'a', completion: 'b' }]));
    const { jobArn } = await customizer.createJob(novaJobRequest(uri));

    stack.clock.advance(2 * MINUTE);
    const job = await customizer.getJob(jobArn);

    expect(job.status).toBe('Failed');
    expect(job.stages).toMatchObject({
      validation: { status: 'Completed' },
      dataProcessing: { status: 'Failed' },
      training: { status: 'NotStarted' },
    });
  });

  it('show a stop during training as training Stopping, then Stopped', async () => {
    const { jobArn } = await customizer.createJob(novaJobRequest(trainingUri));
    stack.clock.advance(5 * MINUTE);

    await customizer.stopJob(jobArn);
    const stopping = await customizer.getJob(jobArn);
    stack.clock.advance(MINUTE);
    const stopped = await customizer.getJob(jobArn);

    expect(stopping.stages).toMatchObject({
      dataProcessing: { status: 'Completed' },
      training: { status: 'Stopping' },
    });
    expect(stopped.stages).toMatchObject({
      validation: { status: 'Completed' },
      dataProcessing: { status: 'Completed' },
      training: { status: 'Stopped' },
    });
  });

  it('show a stop during validation as validation Stopped, and nothing after it started', async () => {
    const { jobArn } = await customizer.createJob(novaJobRequest(trainingUri));
    stack.clock.advance(10 * SECOND);

    await customizer.stopJob(jobArn);
    stack.clock.advance(5 * MINUTE);
    const job = await customizer.getJob(jobArn);

    expect(job.status).toBe('Stopped');
    expect(job.stages).toEqual({
      validation: expect.objectContaining({ status: 'Stopped' }),
      dataProcessing: { status: 'NotStarted' },
      training: { status: 'NotStarted' },
    });
  });
});
