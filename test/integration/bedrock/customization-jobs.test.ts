import { ValidationException } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { ConflictError, NotFoundError, UpstreamRejectedError } from '../../../src/core/errors.js';
import {
  type BedrockStack,
  BUCKET,
  jobRequest,
  jsonl,
  MINUTE,
  parseCsv,
  startBedrockStack,
} from './stack.js';

let stack: BedrockStack;
let customizer: BedrockCustomizer;
let trainingUri: string;
let validationUri: string;

const TRAINING = Array.from({ length: 12 }, (_, index) => ({
  prompt: `What colour is item ${index}?`,
  completion: `Item ${index} is ${index % 2 === 0 ? 'red' : 'blue'}.`,
}));

beforeAll(async () => {
  stack = await startBedrockStack({ world: '2024', maxConcurrentTrainings: 50 });
  customizer = stack.customizer();
  trainingUri = await stack.put('datasets/colours/train.jsonl', jsonl(TRAINING));
  validationUri = await stack.put('datasets/colours/validation.jsonl', jsonl(TRAINING.slice(0, 4)));
});
afterAll(async () => {
  await stack.close();
});

describe('a fine-tuning job on the emulator', () => {
  it('goes from InProgress to Completed, writes both metrics files and creates an active custom model', async () => {
    // Prepare
    const request = jobRequest(trainingUri, {
      validationDataUri: validationUri,
      hyperParameters: { epochCount: '3', batchSize: '2' },
    });

    // Act
    const { jobArn } = await customizer.createJob(request);
    const started = await customizer.getJob(jobArn);
    stack.clock.advance(5 * MINUTE);
    const halfway = await customizer.getJob(request.jobName);
    stack.clock.advance(5 * MINUTE);
    const finished = await customizer.getJob(jobArn);

    // Assess
    expect(started).toMatchObject({
      status: 'InProgress',
      jobName: request.jobName,
      customModelName: request.customModelName,
    });
    expect(started.customModelArn).toBeUndefined();
    expect(halfway.status).toBe('InProgress');
    expect(finished.status).toBe('Completed');
    expect(finished.endTime?.getTime()).toBe(started.creationTime.getTime() + 10 * MINUTE);
    expect(finished.hyperParameters).toMatchObject({
      epochCount: '3',
      batchSize: '2',
      learningRateWarmupSteps: '5',
    });
    expect(finished.customModelArn).toMatch(
      /^arn:aws:bedrock:us-east-1:123456789012:custom-model\/amazon\.titan-text-lite-v1:0:4k\/[a-z0-9]{12}$/,
    );

    const jobId = jobArn.split('/').at(-1);
    const folder = `outputs/${request.outputDataUri.split('/outputs/')[1]}model-customization-job-${jobId}`;
    const training = parseCsv(
      await stack.read(`${folder}/training_artifacts/step_wise_training_metrics.csv`),
    );
    const validation = parseCsv(
      await stack.read(
        `${folder}/validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv`,
      ),
    );
    // ceil(12 records / batch 2) × 3 epochs.
    expect(training).toHaveLength(18);
    expect(Object.keys(training[0] ?? {})).toEqual([
      'step_number',
      'epoch_number',
      'training_loss',
      'perplexity',
    ]);
    expect(training.map((row) => row.step_number)).toEqual([...Array(18).keys()]);
    expect(training.at(-1)?.epoch_number).toBe(3);
    expect(training.at(-1)?.training_loss).toBeLessThan(training[0]?.training_loss ?? 0);
    expect(validation).toHaveLength(3);
    expect(Object.keys(validation[0] ?? {})).toEqual([
      'step_number',
      'epoch_number',
      'validation_loss',
      'perplexity',
    ]);
    expect(finished.trainingLoss).toBe(training.at(-1)?.training_loss);
    expect(finished.validationLoss).toBe(validation.at(-1)?.validation_loss);

    const model = await customizer.getCustomModel(request.customModelName);
    expect(model).toMatchObject({
      modelArn: finished.customModelArn,
      jobArn,
      status: 'Active',
      trainingLoss: finished.trainingLoss,
    });
  });

  it('returns the same job ARN when a create is retried with the same client request token', async () => {
    // Prepare
    const request = jobRequest(trainingUri);

    // Act
    const first = await customizer.createJob(request);
    const second = await customizer.createJob(request);

    // Assess
    expect(second.jobArn).toBe(first.jobArn);
    const listed = await customizer.listJobs({ nameContains: request.jobName });
    expect(listed.map((job) => job.jobArn)).toEqual([first.jobArn]);
  });

  it('refuses a second job with a name already used, as a conflict', async () => {
    const request = jobRequest(trainingUri);
    await customizer.createJob(request);

    const again = customizer.createJob({
      ...request,
      clientRequestToken: 'another-token',
      customModelName: 'other-model',
    });

    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow(
      `A model customization job with the name ${request.jobName} already exists.`,
    );
  });

  it('refuses a custom model name that an earlier job already produced', async () => {
    const first = jobRequest(trainingUri);
    await customizer.createJob(first);
    stack.clock.advance(10 * MINUTE);
    await customizer.getJob(first.jobName);

    const again = customizer.createJob(jobRequest(trainingUri, { customModelName: first.customModelName }));

    await expect(again).rejects.toThrow(
      `A custom model with the name ${first.customModelName} already exists.`,
    );
    await expect(again).rejects.toBeInstanceOf(ConflictError);
  });

  it('stops a running job through Stopping to Stopped and creates no model', async () => {
    const request = jobRequest(trainingUri);
    const { jobArn } = await customizer.createJob(request);
    stack.clock.advance(2 * MINUTE);

    await customizer.stopJob(jobArn);
    const stopping = await customizer.getJob(jobArn);
    stack.clock.advance(MINUTE);
    const stopped = await customizer.getJob(jobArn);
    stack.clock.advance(20 * MINUTE);
    const later = await customizer.getJob(jobArn);

    expect(stopping.status).toBe('Stopping');
    expect(stopped.status).toBe('Stopped');
    expect(later.status).toBe('Stopped');
    expect(later.customModelArn).toBeUndefined();
    await expect(customizer.getCustomModel(request.customModelName)).rejects.toBeInstanceOf(NotFoundError);
    await expect(customizer.stopJob(jobArn)).rejects.toThrow(
      /cannot be stopped because its status is Stopped/,
    );
  });

  it('fails a job at the start of training when a record exceeds the token limit, with Bedrock’s message', async () => {
    // 20,000 characters ≈ 5,000 tokens at the emulator's 4 characters per token.
    const uri = await stack.put('datasets/long/train.jsonl', jsonl([{ input: 'x'.repeat(19_676) }]));
    const request = jobRequest(uri, { customizationType: 'CONTINUED_PRE_TRAINING' });

    const { jobArn } = await customizer.createJob(request);
    const validating = await customizer.getJob(jobArn);
    stack.clock.advance(MINUTE);
    const failed = await customizer.getJob(jobArn);

    expect(validating.status).toBe('InProgress');
    expect(failed.status).toBe('Failed');
    expect(failed.failureMessage).toBe('Maximum input token count 4919 exceeds limit of 4096 for train data');
    expect(failed.endTime?.getTime()).toBe(validating.creationTime.getTime() + MINUTE);
  });

  it('fails a job whose records are not prompt/completion pairs, naming the file as Bedrock does', async () => {
    const uri = await stack.put('datasets/shape/train.jsonl', jsonl([{ question: 'a', answer: 'b' }]));

    const { jobArn } = await customizer.createJob(jobRequest(uri));
    stack.clock.advance(MINUTE);
    const failed = await customizer.getJob(jobArn);

    expect(failed.status).toBe('Failed');
    expect(failed.failureMessage).toBe(
      `Input data at datasets/shape/train.jsonl must follow '{"prompt": "<input text>", "completion": "<output text>"}' format`,
    );
  });

  it('fails a job whose validation file breaks the limit, naming validation data', async () => {
    const uri = await stack.put(
      'datasets/long-validation/validation.jsonl',
      jsonl([{ prompt: 'p', completion: 'y'.repeat(20_000) }]),
    );

    const { jobArn } = await customizer.createJob(jobRequest(trainingUri, { validationDataUri: uri }));
    stack.clock.advance(MINUTE);
    const failed = await customizer.getJob(jobArn);

    expect(failed.failureMessage).toBe(
      'Maximum input token count 5001 exceeds limit of 4096 for validation data',
    );
  });
});

describe('listing jobs', () => {
  it('filters by status and creation time and pages through every job', async () => {
    // Prepare
    const since = new Date(stack.clock.now());
    stack.clock.advance(1000);
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      created.push(
        (await customizer.createJob(jobRequest(trainingUri, { jobName: `paged-${index}` }))).jobArn,
      );
      stack.clock.advance(1000);
    }
    const client = stack.bedrockClient();
    const { ListModelCustomizationJobsCommand } = await import('@aws-sdk/client-bedrock');

    // Act
    const firstPage = await client.send(
      new ListModelCustomizationJobsCommand({
        creationTimeAfter: since,
        maxResults: 2,
        sortOrder: 'Ascending',
      }),
    );
    const everything = await customizer.listJobs({ createdAfter: since });
    const inProgress = await customizer.listJobs({ nameContains: 'paged-', statusEquals: 'InProgress' });
    const completed = await customizer.listJobs({ nameContains: 'paged-', statusEquals: 'Completed' });

    // Assess
    expect(firstPage.modelCustomizationJobSummaries?.map((job) => job.jobArn)).toEqual(created.slice(0, 2));
    expect(firstPage.nextToken).toBeTruthy();
    expect(everything.map((job) => job.jobArn)).toEqual([...created].reverse());
    expect(inProgress).toHaveLength(5);
    expect(completed).toHaveLength(0);
  });

  it('rejects a page token it did not issue', async () => {
    const client = stack.bedrockClient();
    const { ListModelCustomizationJobsCommand } = await import('@aws-sdk/client-bedrock');

    const listing = client.send(new ListModelCustomizationJobsCommand({ nextToken: 'not-a-token' }));

    await expect(listing).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('foundation models', () => {
  it('lists the customizable models of the region with their lifecycle, legacy ones included', async () => {
    const fineTunable = await customizer.listFoundationModels({ customizationType: 'FINE_TUNING' });
    const continued = await customizer.listFoundationModels({ customizationType: 'CONTINUED_PRE_TRAINING' });

    const ids = fineTunable.map((model) => model.modelId);
    expect(ids).toContain('amazon.titan-text-lite-v1:0:4k');
    expect(ids).toContain('meta.llama2-13b-v1:0:4k');
    // Llama 3.x fine-tuning runs only in us-west-2 (docs/bedrock-models.md).
    expect(ids).not.toContain('meta.llama3-1-8b-instruct-v1:0:128k');
    expect(fineTunable.find((model) => model.modelId === 'meta.llama2-13b-v1:0:4k')).toMatchObject({
      lifecycleStatus: 'LEGACY',
      inferenceTypesSupported: [],
      providerName: 'Meta',
    });
    expect(continued.map((model) => model.modelId)).toEqual([
      'amazon.titan-text-lite-v1:0:4k',
      'amazon.titan-text-express-v1:0:8k',
    ]);
  });

  it('answers each region for itself, from the region the request was signed for', async () => {
    const west = stack.customizer({ region: 'us-west-2' });

    const models = await west.listFoundationModels({ customizationType: 'FINE_TUNING' });

    expect(models.map((model) => model.modelId)).toContain('meta.llama3-1-8b-instruct-v1:0:128k');
    expect(models.find((model) => model.modelId === 'amazon.titan-text-lite-v1:0:4k')?.modelArn).toBe(
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-text-lite-v1:0:4k',
    );
  });

  it('filters by provider, output modality and inference type through the real SDK', async () => {
    const client = stack.bedrockClient();
    const { ListFoundationModelsCommand } = await import('@aws-sdk/client-bedrock');

    const meta = await client.send(
      new ListFoundationModelsCommand({ byProvider: 'meta', byInferenceType: 'ON_DEMAND' }),
    );
    const images = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }));

    expect(meta.modelSummaries?.every((model) => model.providerName === 'Meta')).toBe(true);
    expect(meta.modelSummaries?.map((model) => model.modelId)).toContain('meta.llama3-1-8b-instruct-v1:0');
    expect(meta.modelSummaries?.map((model) => model.modelId)).not.toContain('meta.llama2-13b-v1:0:4k');
    expect(images.modelSummaries?.every((model) => model.outputModalities?.includes('IMAGE'))).toBe(true);
  });
});

describe('unknown resources', () => {
  it('reports a job or custom model that does not exist as not found', async () => {
    await expect(customizer.getJob('no-such-job')).rejects.toBeInstanceOf(NotFoundError);
    await expect(customizer.getCustomModel('no-such-model')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('treats an S3 bucket outside the emulated role’s reach as a rejected request', async () => {
    const request = jobRequest(`s3://${BUCKET}-elsewhere/train.jsonl`);

    await expect(customizer.createJob(request)).rejects.toBeInstanceOf(UpstreamRejectedError);
  });
});
