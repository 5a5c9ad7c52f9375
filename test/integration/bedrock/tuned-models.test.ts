import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import type { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import { NotFoundError, QuotaExceededError, UpstreamRejectedError } from '../../../src/core/errors.js';
import { EMULATOR_MARKER } from '../../../src/local/bedrock-emulator/index.js';
import { type BedrockStack, jobRequest, jsonl, MINUTE, startBedrockStack } from './stack.js';
import { supportDeskHeldOut, supportDeskTraining, wordOverlap } from './support-desk.js';

let stack: BedrockStack;
let customizer: BedrockCustomizer;
let runtime: BedrockModelRuntime;
let customModelArn: string;

const GENERATION = { maxTokens: 300, temperature: 0, topP: 0.9 };

/** Runs a job to completion on the manual clock and returns its custom model ARN. */
async function train(request: ReturnType<typeof jobRequest>): Promise<string> {
  const { jobArn } = await customizer.createJob(request);
  stack.clock.advance(10 * MINUTE);
  const job = await customizer.getJob(jobArn);
  if (job.status !== 'Completed' || !job.customModelArn)
    throw new Error(`job ended ${job.status}: ${job.failureMessage}`);
  return job.customModelArn;
}

beforeAll(async () => {
  // Titan Text Lite, Llama 2 and continued pre-training: the workshop's world.
  stack = await startBedrockStack({
    world: '2024',
    keepState: true,
    maxConcurrentTrainings: 10,
    maxNoCommitmentProvisionedThroughputs: 3,
  });
  customizer = stack.customizer();
  runtime = stack.modelRuntime();
  const uri = await stack.put('support/train.jsonl', jsonl(supportDeskTraining()));
  customModelArn = await train(jobRequest(uri, { customModelName: 'support-desk' }));
});
afterAll(async () => {
  await stack.close();
});

describe('Provisioned Throughput', () => {
  it('is Creating, then InService after the provisioning time, then gone when deleted', async () => {
    // Prepare
    const token = 'pt-lifecycle-1';

    // Act
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'lifecycle',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: token,
      tags: { 'tune:ttl': '1h' },
    });
    const retried = await customizer.createProvisionedThroughput({
      provisionedModelName: 'lifecycle',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: token,
      tags: {},
    });
    const creating = await customizer.getProvisionedThroughput(provisionedModelArn);
    const early = await runtime
      .generate({
        modelId: provisionedModelArn,
        family: 'titan-text',
        prompt: 'How can I reset my password?',
        ...GENERATION,
      })
      .catch((error: unknown) => error);
    stack.clock.advance(5 * MINUTE);
    const inService = await customizer.getProvisionedThroughput('lifecycle');
    const listed = await customizer.listProvisionedThroughputs();
    await customizer.deleteProvisionedThroughput(provisionedModelArn);

    // Assess
    expect(retried.provisionedModelArn).toBe(provisionedModelArn);
    expect(creating).toMatchObject({ status: 'Creating', modelArn: customModelArn, modelUnits: 1 });
    expect(early).toBeInstanceOf(UpstreamRejectedError);
    expect(inService.status).toBe('InService');
    expect(listed.map((throughput) => throughput.provisionedModelArn)).toContain(provisionedModelArn);
    await expect(customizer.getProvisionedThroughput(provisionedModelArn)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('allows one model unit without commitment and a limited number per account', async () => {
    const tooBig = customizer.createProvisionedThroughput({
      provisionedModelName: 'big',
      modelId: customModelArn,
      modelUnits: 2,
      clientRequestToken: 'pt-big',
      tags: {},
    });
    await expect(tooBig).rejects.toBeInstanceOf(QuotaExceededError);

    const created: string[] = [];
    for (const name of ['quota-a', 'quota-b', 'quota-c']) {
      const { provisionedModelArn } = await customizer.createProvisionedThroughput({
        provisionedModelName: name,
        modelId: customModelArn,
        modelUnits: 1,
        clientRequestToken: `pt-${name}`,
        tags: {},
      });
      created.push(provisionedModelArn);
    }
    const fourth = customizer.createProvisionedThroughput({
      provisionedModelName: 'quota-d',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-quota-d',
      tags: {},
    });
    await expect(fourth).rejects.toBeInstanceOf(QuotaExceededError);
    for (const arn of created) await customizer.deleteProvisionedThroughput(arn);
  });
});

describe('a custom model', () => {
  it('cannot be invoked without Provisioned Throughput, as on Bedrock', async () => {
    const invoking = runtime.generate({
      modelId: customModelArn,
      family: 'titan-text',
      prompt: 'Hi',
      ...GENERATION,
    });

    await expect(invoking).rejects.toBeInstanceOf(UpstreamRejectedError);
    await expect(invoking).rejects.toThrow("The provided model doesn't support on-demand throughput.");
  });

  it('answers held-out prompts clearly better than its base model, measured by word overlap', async () => {
    // Prepare
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'support-desk-pt',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-support-desk',
      tags: {},
    });
    stack.clock.advance(5 * MINUTE);
    const heldOut = supportDeskHeldOut();
    const training = new Set(supportDeskTraining().map((record) => record.prompt));
    expect(heldOut.some((example) => training.has(example.prompt))).toBe(false);

    // Act
    const scores = { tuned: 0, base: 0 };
    for (const example of heldOut) {
      const tuned = await runtime.generate({
        modelId: provisionedModelArn,
        family: 'titan-text',
        prompt: example.prompt,
        ...GENERATION,
      });
      const base = await runtime.generate({
        modelId: 'amazon.titan-text-lite-v1',
        family: 'titan-text',
        prompt: example.prompt,
        ...GENERATION,
      });
      expect(tuned.text.startsWith(EMULATOR_MARKER) && base.text.startsWith(EMULATOR_MARKER)).toBe(true);
      scores.tuned += wordOverlap(tuned.text.slice(EMULATOR_MARKER.length), example.reference);
      scores.base += wordOverlap(base.text.slice(EMULATOR_MARKER.length), example.reference);
    }
    const tuned = scores.tuned / heldOut.length;
    const base = scores.base / heldOut.length;

    // Assess
    expect(heldOut.length).toBeGreaterThanOrEqual(16);
    expect(tuned).toBeGreaterThan(0.8);
    expect(base).toBeLessThan(0.2);
    expect(tuned - base).toBeGreaterThan(0.6);
    await customizer.deleteProvisionedThroughput(provisionedModelArn);
  });

  it('answers through Converse on its Provisioned Throughput', async () => {
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'converse-pt',
      modelId: 'support-desk',
      modelUnits: 1,
      clientRequestToken: 'pt-converse',
      tags: {},
    });
    stack.clock.advance(5 * MINUTE);

    const answer = await runtime.converse({
      modelId: provisionedModelArn,
      prompt: 'Where do I download an invoice?',
      ...GENERATION,
    });

    expect(answer.text).toBe(
      `${EMULATOR_MARKER}Go to Billing, pick the month under Invoices and press Download PDF to save the receipt.`,
    );
    await customizer.deleteProvisionedThroughput(provisionedModelArn);
  });

  it('fine-tuned from Llama 2 answers a Llama body on its Provisioned Throughput', async () => {
    const uri = await stack.put('llama/train.jsonl', jsonl(supportDeskTraining()));
    const modelArn = await train(jobRequest(uri, { baseModelIdentifier: 'meta.llama2-13b-v1:0:4k' }));
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'llama-pt',
      modelId: modelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-llama',
      tags: {},
    });
    stack.clock.advance(5 * MINUTE);

    const answer = await runtime.generate({
      modelId: provisionedModelArn,
      family: 'llama',
      prompt: 'How can I export my data as csv?',
      ...GENERATION,
    });

    expect(answer).toMatchObject({
      text: `${EMULATOR_MARKER}Under Workspace, choose Export, select CSV and the archive arrives by email when it is ready.`,
      stopReason: 'stop',
    });
    await customizer.deleteProvisionedThroughput(provisionedModelArn);
  });

  it('trained by continued pre-training answers with the most relevant passage of its text', async () => {
    const passages = [
      'DynamoDB tables are created with aws dynamodb create-table, naming the key schema and the billing mode.',
      'S3 buckets are listed with aws s3 ls and objects are copied with aws s3 cp between buckets and folders.',
      'Lambda functions are deployed with aws lambda create-function from a zip file and an execution role.',
    ];
    const uri = await stack.put('cpt/train.jsonl', jsonl(passages.map((input) => ({ input }))));
    const modelArn = await train(
      jobRequest(uri, { customizationType: 'CONTINUED_PRE_TRAINING', hyperParameters: { epochCount: '1' } }),
    );
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'cpt-pt',
      modelId: modelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-cpt',
      tags: {},
    });
    stack.clock.advance(5 * MINUTE);

    const answer = await runtime.generate({
      modelId: provisionedModelArn,
      family: 'titan-text',
      prompt: 'Write an aws cli command to create a DynamoDB table',
      ...GENERATION,
    });

    expect(answer.text).toBe(`${EMULATOR_MARKER}${passages[0]}`);
    await customizer.deleteProvisionedThroughput(provisionedModelArn);
  });

  it('survives an emulator restart on the same directory, still answering from its training data', async () => {
    // Prepare
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'restart-pt',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-restart',
      tags: {},
    });
    stack.clock.advance(5 * MINUTE);
    const prompt = 'How do I track my parcel delivery?';
    const before = await runtime.generate({
      modelId: provisionedModelArn,
      family: 'titan-text',
      prompt,
      ...GENERATION,
    });

    // Act
    await stack.restart();
    const after = await stack
      .modelRuntime()
      .generate({ modelId: provisionedModelArn, family: 'titan-text', prompt, ...GENERATION });
    const model = await stack.customizer().getCustomModel('support-desk');

    // Assess
    expect(after.text).toBe(before.text);
    expect(after.text).toContain('tracking number');
    expect(model.modelArn).toBe(customModelArn);
    await stack.customizer().deleteProvisionedThroughput(provisionedModelArn);
  });
});

describe('custom models through the raw SDK', () => {
  it('are listed with their base model, and cannot be deleted while Provisioned Throughput serves them', async () => {
    const { ListCustomModelsCommand, DeleteCustomModelCommand, ConflictException } = await import(
      '@aws-sdk/client-bedrock'
    );
    const client = stack.bedrockClient();
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'delete-guard',
      modelId: customModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-delete-guard',
      tags: {},
    });

    const listed = await client.send(new ListCustomModelsCommand({ nameContains: 'support' }));
    const deleting = client.send(new DeleteCustomModelCommand({ modelIdentifier: 'support-desk' }));

    await expect(deleting).rejects.toBeInstanceOf(ConflictException);
    expect(listed.modelSummaries).toEqual([
      expect.objectContaining({
        modelArn: customModelArn,
        modelName: 'support-desk',
        baseModelName: 'Titan Text G1 - Lite',
        customizationType: 'FINE_TUNING',
        modelStatus: 'Active',
      }),
    ]);
    await customizer.deleteProvisionedThroughput(provisionedModelArn);
  });
});

describe('a job running across an emulator restart', () => {
  it('completes after the restart, reading its training data again', async () => {
    // Prepare: the job is past its data check when the emulator stops.
    const uri = await stack.put('restart/train.jsonl', jsonl(supportDeskTraining().slice(0, 10)));
    const request = jobRequest(uri);
    const { jobArn } = await customizer.createJob(request);
    stack.clock.advance(2 * MINUTE);
    expect((await customizer.getJob(jobArn)).status).toBe('InProgress');

    // Act
    await stack.restart();
    stack.clock.advance(8 * MINUTE);
    const job = await stack.customizer().getJob(jobArn);

    // Assess
    expect(job.status).toBe('Completed');
    expect((await stack.customizer().getCustomModel(request.customModelName)).status).toBe('Active');
  });
});
