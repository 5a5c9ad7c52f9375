import { CreateModelCustomizationJobCommand, ValidationException } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import {
  AccessDeniedError,
  InputError,
  QuotaExceededError,
  UpstreamRejectedError,
} from '../../../src/core/errors.js';
import { type BedrockStack, jobRequest, jsonl, startBedrockStack } from './stack.js';

let stack: BedrockStack;
let customizer: BedrockCustomizer;
let trainingUri: string;

beforeAll(async () => {
  // Titan Text and Llama 2 jobs: the workshop's world.
  stack = await startBedrockStack({ world: '2024' });
  customizer = stack.customizer();
  trainingUri = await stack.put('validation/train.jsonl', jsonl([{ prompt: 'a', completion: 'b' }]));
});
afterAll(async () => {
  await stack.close();
});

/** The core error a create fails with. */
async function failure(overrides: Parameters<typeof jobRequest>[1]): Promise<Error> {
  try {
    await customizer.createJob(jobRequest(trainingUri, overrides));
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('the job was created');
}

describe('CreateModelCustomizationJob validation, as Bedrock answers it', () => {
  it('answers a malformed request with a 400 ValidationException the SDK recognises', async () => {
    const client = stack.bedrockClient();

    const creating = client.send(
      new CreateModelCustomizationJobCommand({
        jobName: 'has spaces',
        customModelName: 'fine',
        roleArn: 'arn:aws:iam::123456789012:role/tune-bedrock',
        baseModelIdentifier: 'amazon.titan-text-lite-v1:0:4k',
        trainingDataConfig: { s3Uri: trainingUri },
        outputDataConfig: { s3Uri: 's3://tune-bedrock-tests/out/' },
      }),
    );

    const error = await creating.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [
      'a job name with spaces',
      { jobName: 'my job' },
      'jobName',
      "1 validation error detected: Value 'my job' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9\\+\\-\\.])*",
    ],
    [
      'a job name longer than 63 characters',
      { jobName: 'j'.repeat(64) },
      'jobName',
      `Value '${'j'.repeat(64)}' at 'jobName' failed to satisfy constraint: Member must have length less than or equal to 63`,
    ],
    [
      'a custom model name with a dot',
      { customModelName: 'model.v2' },
      'customModelName',
      "Value 'model.v2' at 'customModelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ([0-9a-zA-Z][_-]?){1,63}",
    ],
  ])('rejects %s as the person’s input to fix', async (_case, overrides, field, message) => {
    const error = await failure(overrides);

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field });
    expect(error.message).toContain(message);
  });

  it('rejects a Slack timestamp as client request token, since dots are not allowed', async () => {
    const error = await failure({ clientRequestToken: '1712345678.123456' });

    expect(error).toBeInstanceOf(UpstreamRejectedError);
    expect(error.message).toContain("at 'clientRequestToken' failed to satisfy constraint");
  });

  it.each([
    [
      'an unknown base model',
      { baseModelIdentifier: 'amazon.titan-text-huge-v9' },
      'The provided model identifier is invalid.',
    ],
    [
      'an on-demand model id that is not the customizable version',
      { baseModelIdentifier: 'amazon.titan-text-lite-v1' },
      'The model amazon.titan-text-lite-v1 does not support customization in us-east-1.',
    ],
    [
      'a model customizable only in another region',
      { baseModelIdentifier: 'meta.llama3-1-8b-instruct-v1:0:128k', hyperParameters: {} },
      'The model meta.llama3-1-8b-instruct-v1:0:128k does not support customization in us-east-1.',
    ],
    [
      'a customization type the model does not offer',
      {
        baseModelIdentifier: 'arn:aws:bedrock:us-east-1::foundation-model/meta.llama2-13b-v1:0:4k',
        customizationType: 'CONTINUED_PRE_TRAINING' as const,
        hyperParameters: {},
      },
      'The model meta.llama2-13b-v1:0:4k does not support the customization type CONTINUED_PRE_TRAINING.',
    ],
    [
      'training data that does not exist',
      { trainingDataUri: 's3://tune-bedrock-tests/validation/missing.jsonl' },
      'Amazon Bedrock cannot read the training data at s3://tune-bedrock-tests/validation/missing.jsonl.',
    ],
    [
      'validation data that does not exist',
      { validationDataUri: 's3://tune-bedrock-tests/validation/missing-validation.jsonl' },
      'Amazon Bedrock cannot read the validation data at s3://tune-bedrock-tests/validation/missing-validation.jsonl.',
    ],
    [
      'an output location outside the role’s buckets',
      { outputDataUri: 's3://somebody-elses-bucket/out/' },
      'Amazon Bedrock cannot access the output location s3://somebody-elses-bucket/out/.',
    ],
  ])('rejects %s', async (_case, overrides, message) => {
    const error = await failure(overrides);

    expect(error).toBeInstanceOf(UpstreamRejectedError);
    expect(error.message).toContain(message);
  });

  it.each([
    [
      'an unknown hyperparameter name',
      { epochCount: '2', warmupRatio: '0.1' },
      'Unsupported hyperparameter(s) for amazon.titan-text-lite-v1:0:4k: warmupRatio. Supported hyperparameters are epochCount, batchSize, learningRate, learningRateWarmupSteps.',
    ],
    [
      'an epoch count above the family’s maximum',
      { epochCount: '11' },
      'The value 11 of hyperparameter epochCount is out of range for amazon.titan-text-lite-v1:0:4k: it must be between 1 and 10.',
    ],
    [
      'a learning rate that is not a number',
      { learningRate: 'fast' },
      "The value 'fast' of hyperparameter learningRate is not valid: it must be a number.",
    ],
    [
      'a fractional batch size',
      { batchSize: '1.5' },
      "The value '1.5' of hyperparameter batchSize is not valid: it must be an integer.",
    ],
  ])('rejects %s, pointing at the hyperparameters', async (_case, hyperParameters, message) => {
    const error = await failure({ hyperParameters });

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'hyperParameters', message });
  });

  it('applies each family’s own hyperparameter table: Llama 2 trains with batch size 1 only', async () => {
    const error = await failure({
      baseModelIdentifier: 'meta.llama2-13b-v1:0:4k',
      hyperParameters: { batchSize: '2' },
    });

    expect(error.message).toBe(
      'The value 2 of hyperparameter batchSize is out of range for meta.llama2-13b-v1:0:4k: it must be between 1 and 1.',
    );
  });

  it('denies a role ARN that is not an IAM role, as iam:PassRole would', async () => {
    const error = await failure({ roleArn: 'arn:aws:iam::123456789012:user/alice' });

    expect(error).toBeInstanceOf(AccessDeniedError);
    expect(error.message).toContain(
      'is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:user/alice',
    );
  });
});

describe('the concurrent training quota', () => {
  it('refuses a third job while two are in progress, and accepts it once one has ended', async () => {
    // Prepare: a fresh emulator with the default quota of two.
    const quotaStack = await startBedrockStack({ world: '2024' });
    try {
      const quotaCustomizer = quotaStack.customizer();
      const uri = await quotaStack.put('quota/train.jsonl', jsonl([{ prompt: 'a', completion: 'b' }]));
      const first = await quotaCustomizer.createJob(jobRequest(uri));
      await quotaCustomizer.createJob(jobRequest(uri));

      // Act
      const third = jobRequest(uri);
      const refused = await quotaCustomizer.createJob(third).then(
        () => new Error('the third job was accepted'),
        (error: Error) => error,
      );
      await quotaCustomizer.stopJob(first.jobArn);
      quotaStack.clock.advance(60_000);
      const accepted = await quotaCustomizer.createJob(third);

      // Assess
      expect(refused).toBeInstanceOf(QuotaExceededError);
      expect(refused.message).toContain('maximum number of concurrent model customization jobs (2)');
      expect(accepted.jobArn).toContain('model-customization-job/');
    } finally {
      await quotaStack.close();
    }
  });
});
