/**
 * Serving custom models in today's world, through the real SDK clients and tune's adapters: on-demand
 * custom model deployments (Nova Lite in us-east-1, Llama 3.3 70B in us-west-2), Provisioned
 * Throughput, and the runtime calls on both (InvokeModel with Nova's messages-v1 body, Converse with
 * earlier turns, ConverseStream).
 */

import {
  CreateProvisionedModelThroughputCommand,
  ListCustomModelDeploymentsCommand,
  type ListCustomModelDeploymentsCommandInput,
  ListCustomModelsCommand,
} from '@aws-sdk/client-bedrock';
import {
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import type { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import {
  ConflictError,
  InputError,
  NotFoundError,
  QuotaExceededError,
  ThrottledError,
  UpstreamRejectedError,
} from '../../../src/core/errors.js';
import type { CreateCustomizationJobRequest } from '../../../src/core/ports.js';
import { EMULATOR_MARKER } from '../../../src/local/bedrock-emulator/index.js';
import {
  type BedrockStack,
  conversation,
  jobRequest,
  jsonl,
  MINUTE,
  novaJobRequest,
  startBedrockStack,
} from './stack.js';
import { supportDeskTraining } from './support-desk.js';

let stack: BedrockStack;
let customizer: BedrockCustomizer;
let runtime: BedrockModelRuntime;
/** A Nova Lite model fine-tuned on the support desk, as conversations, plus two multi-turn returns. */
let novaModelArn: string;

const GENERATION = { maxTokens: 300, temperature: 0, topP: 0.9 };
const SHOES_ANSWER =
  'A prepaid return label for the running shoes of order 1234 is on its way to your email.';
const LAPTOP_ANSWER = 'Laptops from order 1234 go back through a courier pickup; choose a day in Orders.';

/** Runs a job to completion on the manual clock and returns its custom model ARN. */
async function train(request: CreateCustomizationJobRequest, region?: string): Promise<string> {
  const jobs = stack.customizer(region ? { region } : {});
  const { jobArn } = await jobs.createJob(request);
  stack.clock.advance(10 * MINUTE);
  const job = await jobs.getJob(jobArn);
  if (job.status !== 'Completed' || !job.customModelArn)
    throw new Error(`job ended ${job.status}: ${job.failureMessage}`);
  return job.customModelArn;
}

/** Deploys a custom model and waits (on the clock) until the deployment is Active. */
async function deploy(name: string, modelArn: string): Promise<string> {
  const { deploymentArn } = await customizer.createCustomModelDeployment({
    deploymentName: name,
    modelArn,
    clientRequestToken: `token-${name}`,
    tags: {},
  });
  stack.clock.advance(3 * MINUTE);
  return deploymentArn;
}

/** 100 prompt/completion or conversation records: the minimum for Llama 3.x jobs. */
function hundredRecords(format: 'prompt-completion' | 'conversation') {
  return Array.from({ length: 100 }, (_, index) => {
    const prompt = `What is the colour of item number ${index}?`;
    const completion = `Item number ${index} is ${index % 2 === 0 ? 'red' : 'blue'}.`;
    return format === 'conversation' ? conversation([prompt, completion]) : { prompt, completion };
  });
}

beforeAll(async () => {
  stack = await startBedrockStack({ maxConcurrentTrainings: 10 });
  customizer = stack.customizer();
  runtime = stack.modelRuntime();
  const records = [
    ...supportDeskTraining().map(({ prompt, completion }) =>
      conversation([prompt, completion], 'You answer for the support desk.'),
    ),
    conversation([
      'I want to return the running shoes I bought.',
      'Sorry to hear that. Which order are they from?',
      'It is order 1234.',
      SHOES_ANSWER,
    ]),
    conversation([
      'I want to return the laptop I bought.',
      'Sorry to hear that. Which order is it from?',
      'It is order 1234.',
      LAPTOP_ANSWER,
    ]),
  ];
  const uri = await stack.put('nova/train.jsonl', jsonl(records));
  novaModelArn = await train(novaJobRequest(uri, { customModelName: 'support-desk-nova' }));
});
afterEach(() => {
  stack.emulator.setFaults({});
});
afterAll(async () => {
  await stack.close();
});

describe('a custom model deployment', () => {
  it('is Creating, then Active after a few minutes, answers only then, is listed, and is gone when deleted', async () => {
    // Act
    const { deploymentArn } = await customizer.createCustomModelDeployment({
      deploymentName: 'support-desk-od',
      modelArn: novaModelArn,
      clientRequestToken: 'deploy-support-desk',
      tags: { 'tune:channel': 'C1' },
      description: 'Support desk answers',
    });
    const retried = await customizer.createCustomModelDeployment({
      deploymentName: 'support-desk-od',
      modelArn: novaModelArn,
      clientRequestToken: 'deploy-support-desk',
      tags: {},
    });
    const creating = await customizer.getCustomModelDeployment(deploymentArn);
    const early = await runtime
      .converse({ modelId: deploymentArn, prompt: 'Where do I download an invoice?', ...GENERATION })
      .catch((error: unknown) => error);
    stack.clock.advance(3 * MINUTE);
    const active = await customizer.getCustomModelDeployment('support-desk-od');
    const listed = await customizer.listCustomModelDeployments();
    const answer = await runtime.converse({
      modelId: deploymentArn,
      prompt: 'Where do I download an invoice?',
      ...GENERATION,
    });
    await customizer.deleteCustomModelDeployment('support-desk-od');

    // Assess
    expect(retried.deploymentArn).toBe(deploymentArn);
    expect(deploymentArn).toMatch(
      /^arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment\/[a-z0-9]{12}$/,
    );
    expect(creating).toMatchObject({
      status: 'Creating',
      deploymentName: 'support-desk-od',
      modelArn: novaModelArn,
    });
    expect(early).toBeInstanceOf(UpstreamRejectedError);
    expect(early).toMatchObject({ message: expect.stringContaining('its status is Creating') });
    expect(active.status).toBe('Active');
    expect(listed).toContainEqual(expect.objectContaining({ deploymentArn, status: 'Active' }));
    expect(answer.text).toBe(
      `${EMULATOR_MARKER}Go to Billing, pick the month under Invoices and press Download PDF to save the receipt.`,
    );
    await expect(customizer.getCustomModelDeployment(deploymentArn)).rejects.toBeInstanceOf(NotFoundError);
    await expect(customizer.deleteCustomModelDeployment(deploymentArn)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a second deployment of the same name, and a reused token for another name', async () => {
    await customizer.createCustomModelDeployment({
      deploymentName: 'taken',
      modelArn: novaModelArn,
      clientRequestToken: 'deploy-taken',
      tags: {},
    });

    const sameName = await customizer
      .createCustomModelDeployment({
        deploymentName: 'taken',
        modelArn: novaModelArn,
        clientRequestToken: 'deploy-taken-again',
        tags: {},
      })
      .catch((error: unknown) => error);
    const sameToken = await customizer
      .createCustomModelDeployment({
        deploymentName: 'other-name',
        modelArn: novaModelArn,
        clientRequestToken: 'deploy-taken',
        tags: {},
      })
      .catch((error: unknown) => error);

    expect(sameName).toBeInstanceOf(ConflictError);
    expect(sameName).toMatchObject({
      message: 'A custom model deployment with the name taken already exists.',
    });
    expect(sameToken).toBeInstanceOf(ConflictError);
    await customizer.deleteCustomModelDeployment('taken');
  });

  it('are listed by status, custom model and creation time, as ListCustomModelDeployments filters them', async () => {
    // Prepare: one Active deployment, then one still Creating.
    const activeArn = await deploy('filter-active', novaModelArn);
    const since = new Date(stack.clock.now());
    stack.clock.advance(MINUTE);
    const { deploymentArn: creatingArn } = await customizer.createCustomModelDeployment({
      deploymentName: 'filter-creating',
      modelArn: novaModelArn,
      clientRequestToken: 'deploy-filter-creating',
      tags: {},
    });
    const client = stack.bedrockClient();
    const names = async (filter: ListCustomModelDeploymentsCommandInput) =>
      ((await client.send(new ListCustomModelDeploymentsCommand(filter))).modelDeploymentSummaries ?? [])
        .map((summary) => summary.customModelDeploymentName)
        .filter((name) => name?.startsWith('filter-'));

    // Act
    const creating = await names({ statusEquals: 'Creating' });
    const active = await names({ statusEquals: 'Active' });
    const ofModel = await names({ modelArnEquals: novaModelArn });
    const ofOther = await names({ modelArnEquals: `${novaModelArn}x` });
    const recent = await names({ createdAfter: since });

    // Assess
    expect(creating).toEqual(['filter-creating']);
    expect(active).toEqual(['filter-active']);
    expect(ofModel?.sort()).toEqual(['filter-active', 'filter-creating']);
    expect(ofOther).toEqual([]);
    expect(recent).toEqual(['filter-creating']);
    for (const arn of [activeArn, creatingArn]) await customizer.deleteCustomModelDeployment(arn);
  });

  it('takes a name only in Bedrock’s pattern, reported as the person’s input to fix', async () => {
    const deploying = customizer.createCustomModelDeployment({
      deploymentName: 'support desk!',
      modelArn: novaModelArn,
      clientRequestToken: 'deploy-bad-name',
      tags: {},
    });

    await expect(deploying).rejects.toBeInstanceOf(InputError);
    await expect(deploying).rejects.toMatchObject({ field: 'modelDeploymentName' });
  });

  it('is refused while the custom model is still Creating, and accepted once it is Active', async () => {
    // Prepare
    const uri = await stack.put(
      'nova/creating.jsonl',
      jsonl(supportDeskTraining().map((record) => conversation([record.prompt, record.completion]))),
    );
    const request = novaJobRequest(uri, { customModelName: 'still-training' });
    const { jobArn } = await customizer.createJob(request);
    const training = await customizer.getCustomModel('still-training');
    const listedCreating = await stack
      .bedrockClient()
      .send(new ListCustomModelsCommand({ modelStatus: 'Creating' }));
    const listedActive = await stack
      .bedrockClient()
      .send(new ListCustomModelsCommand({ modelStatus: 'Active' }));

    // Act
    const early = customizer.createCustomModelDeployment({
      deploymentName: 'too-early',
      modelArn: training.modelArn,
      clientRequestToken: 'deploy-too-early',
      tags: {},
    });
    await expect(early).rejects.toBeInstanceOf(UpstreamRejectedError);
    await expect(early).rejects.toThrow(`The custom model ${training.modelArn} is not in the Active state`);
    stack.clock.advance(10 * MINUTE);
    const job = await customizer.getJob(jobArn);
    const later = await customizer.createCustomModelDeployment({
      deploymentName: 'in-time',
      modelArn: training.modelArn,
      clientRequestToken: 'deploy-in-time',
      tags: {},
    });

    // Assess
    expect(training.status).toBe('Creating');
    expect(listedCreating.modelSummaries?.map((model) => model.modelName)).toEqual(['still-training']);
    expect(listedActive.modelSummaries?.map((model) => model.modelName)).not.toContain('still-training');
    expect(job.customModelArn).toBe(training.modelArn);
    expect((await customizer.getCustomModel('still-training')).status).toBe('Active');
    expect(later.deploymentArn).toMatch(/custom-model-deployment\//);
    await customizer.deleteCustomModelDeployment('in-time');
  });

  it('answers NotFound for a custom model that does not exist', async () => {
    const deploying = customizer.createCustomModelDeployment({
      deploymentName: 'ghost',
      modelArn: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-lite-v1:0:300k/nosuchmodel1',
      clientRequestToken: 'deploy-ghost',
      tags: {},
    });

    await expect(deploying).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is offered for Llama 3.3 70B custom models in us-west-2 but not for Llama 3.1, which needs Provisioned Throughput', async () => {
    // Prepare
    const west = stack.customizer({ region: 'us-west-2' });
    const conversations = await stack.put('llama/conversations.jsonl', jsonl(hundredRecords('conversation')));
    const pairs = await stack.put('llama/pairs.jsonl', jsonl(hundredRecords('prompt-completion')));
    const llama33 = await train(
      jobRequest(conversations, {
        baseModelIdentifier: 'meta.llama3-3-70b-instruct-v1:0:128k',
        hyperParameters: {},
      }),
      'us-west-2',
    );
    const llama31 = await train(
      jobRequest(pairs, { baseModelIdentifier: 'meta.llama3-1-8b-instruct-v1:0:128k', hyperParameters: {} }),
      'us-west-2',
    );

    // Act
    const accepted = await west.createCustomModelDeployment({
      deploymentName: 'llama33-od',
      modelArn: llama33,
      clientRequestToken: 'deploy-llama33',
      tags: {},
    });
    const refused = west.createCustomModelDeployment({
      deploymentName: 'llama31-od',
      modelArn: llama31,
      clientRequestToken: 'deploy-llama31',
      tags: {},
    });

    // Assess
    expect(accepted.deploymentArn).toMatch(/^arn:aws:bedrock:us-west-2:/);
    await expect(refused).rejects.toBeInstanceOf(UpstreamRejectedError);
    await expect(refused).rejects.toThrow(
      "On-demand deployment isn't supported for custom models of meta.llama3-1-8b-instruct-v1:0:128k in us-west-2.",
    );
  });

  it('is refused for a model customized before 2025-07-16', async () => {
    // Prepare: a second stack whose clock starts in June 2025.
    const early = await startBedrockStack();
    try {
      early.clock.set(Date.UTC(2025, 5, 1));
      const uri = await early.put(
        'nova/early.jsonl',
        jsonl(supportDeskTraining().map((record) => conversation([record.prompt, record.completion]))),
      );
      const jobs = early.customizer();
      const { jobArn } = await jobs.createJob(novaJobRequest(uri, { customModelName: 'june-2025' }));
      early.clock.advance(10 * MINUTE);
      const modelArn = (await jobs.getJob(jobArn)).customModelArn ?? '';
      early.clock.set(Date.UTC(2026, 10, 27));

      // Act
      const deploying = jobs.createCustomModelDeployment({
        deploymentName: 'june-2025-od',
        modelArn,
        clientRequestToken: 'deploy-june',
        tags: {},
      });

      // Assess
      await expect(deploying).rejects.toBeInstanceOf(UpstreamRejectedError);
      await expect(deploying).rejects.toThrow(
        "The custom model june-2025 was customized before July 16, 2025 and can't be deployed for on-demand inference.",
      );
    } finally {
      await early.close();
    }
  });
});

describe('a custom model', () => {
  it('cannot be invoked directly, as on Bedrock', async () => {
    const invoking = runtime.converse({ modelId: novaModelArn, prompt: 'Hi', ...GENERATION });

    await expect(invoking).rejects.toBeInstanceOf(UpstreamRejectedError);
    await expect(invoking).rejects.toThrow(/^The provided model doesn't support on-demand throughput\.$/);
  });

  it('cannot be deleted while a deployment serves it; then it can, once', async () => {
    // Prepare
    const uri = await stack.put(
      'nova/short-lived.jsonl',
      jsonl(supportDeskTraining().map((record) => conversation([record.prompt, record.completion]))),
    );
    const modelArn = await train(novaJobRequest(uri, { customModelName: 'short-lived' }));
    await deploy('short-lived-od', modelArn);

    // Act
    const whileDeployed = customizer.deleteCustomModel(modelArn);
    await expect(whileDeployed).rejects.toBeInstanceOf(ConflictError);
    await customizer.deleteCustomModelDeployment('short-lived-od');
    await customizer.deleteCustomModel('short-lived');

    // Assess
    await expect(customizer.getCustomModel(modelArn)).rejects.toBeInstanceOf(NotFoundError);
    await expect(customizer.deleteCustomModel(modelArn)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the runtime on a deployed Nova model', () => {
  let deploymentArn: string;
  beforeAll(async () => {
    deploymentArn = await deploy('runtime-od', novaModelArn);
  });

  it('answers Nova’s messages-v1 body with Nova’s response shape', async () => {
    const result = await runtime.generate({
      modelId: deploymentArn,
      family: 'nova-messages',
      system: 'You answer for the support desk.',
      prompt: 'How can I reset my forgotten password?',
      ...GENERATION,
    });

    expect(result).toMatchObject({
      text: `${EMULATOR_MARKER}Open Settings, choose Security, press Reset password and follow the emailed link within one hour.`,
      stopReason: 'end_turn',
    });
    expect(result.inputTokens).toBeGreaterThan(0);
    expect(result.outputTokens).toBeGreaterThan(0);
  });

  it('keeps to the token budget of the messages-v1 body, and sends earlier turns as messages', async () => {
    const cut = await runtime.generate({
      modelId: deploymentArn,
      family: 'nova-messages',
      prompt: 'How can I reset my forgotten password?',
      ...GENERATION,
      maxTokens: 4,
    });
    const followUp = await runtime.generate({
      modelId: deploymentArn,
      family: 'nova-messages',
      prompt: 'It is order 1234.',
      history: [
        { role: 'user', text: 'I want to return the running shoes I bought.' },
        { role: 'assistant', text: 'Sorry to hear that. Which order are they from?' },
      ],
      ...GENERATION,
    });

    expect(cut.stopReason).toBe('max_tokens');
    expect(followUp.text).toBe(`${EMULATOR_MARKER}${SHOES_ANSWER}`);
  });

  it('reads the Nova (1) spelling of the token budget too', async () => {
    const client = stack.runtimeClient();

    const output = await client.send(
      new InvokeModelCommand({
        modelId: deploymentArn,
        contentType: 'application/json',
        body: JSON.stringify({
          schemaVersion: 'messages-v1',
          messages: [{ role: 'user', content: [{ text: 'How can I reset my forgotten password?' }] }],
          inferenceConfig: { max_new_tokens: 4, top_p: 0.9 },
        }),
      }),
    );

    expect(JSON.parse(output.body.transformToString())).toMatchObject({ stopReason: 'max_tokens' });
  });

  it('reads a follow-up with the turns before it (Converse with history)', async () => {
    const followUp = { prompt: 'It is order 1234.', ...GENERATION, modelId: deploymentArn };

    const shoes = await runtime.converse({
      ...followUp,
      history: [
        { role: 'user', text: 'I want to return the running shoes I bought.' },
        { role: 'assistant', text: 'Sorry to hear that. Which order are they from?' },
      ],
    });
    const laptop = await runtime.converse({
      ...followUp,
      history: [
        { role: 'user', text: 'I want to return the laptop I bought.' },
        { role: 'assistant', text: 'Sorry to hear that. Which order is it from?' },
      ],
    });

    expect(shoes.text).toBe(`${EMULATOR_MARKER}${SHOES_ANSWER}`);
    expect(laptop.text).toBe(`${EMULATOR_MARKER}${LAPTOP_ANSWER}`);
  });

  it('streams the same answer as Converse, a few words at a time over time', async () => {
    const request = { modelId: deploymentArn, prompt: 'Where do I download an invoice?', ...GENERATION };
    const arrivals: { text: string; at: number }[] = [];

    const streamed = await runtime.converseStream(request, (text) => arrivals.push({ text, at: Date.now() }));
    const whole = await runtime.converse(request);

    expect(streamed).toEqual({
      text: whole.text,
      stopReason: 'end_turn',
      inputTokens: whole.inputTokens,
      outputTokens: whole.outputTokens,
    });
    expect(arrivals.length).toBeGreaterThan(4);
    expect(arrivals.map((arrival) => arrival.text).join('')).toBe(whole.text);
    // streamIntervalMs is 5 in the test stack: the deltas are spread out, not sent in one write.
    const first = arrivals[0]?.at ?? 0;
    const last = arrivals.at(-1)?.at ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(4 * (arrivals.length - 1) - 5);
  });

  it('speaks the AWS event stream the SDK parses: start, deltas, stop, then usage', async () => {
    const client = stack.runtimeClient();

    const output = await client.send(
      new ConverseStreamCommand({
        modelId: deploymentArn,
        messages: [{ role: 'user', content: [{ text: 'How do I track my parcel delivery?' }] }],
      }),
    );
    const events: ConverseStreamOutput[] = [];
    for await (const event of output.stream ?? []) events.push(event);

    const kinds = events.map((event) => Object.keys(event).find((key) => key !== '$unknown'));
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(new Set(kinds.slice(1, -3))).toEqual(new Set(['contentBlockDelta']));
    expect(events.at(-1)?.metadata?.usage).toMatchObject({
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      totalTokens: expect.any(Number),
    });
  });

  it('can be throttled: 30% of ConverseStream calls fail without retries, none with the SDK’s', async () => {
    // Prepare
    stack.emulator.setFaults({ throttleRate: 0.3, operations: ['ConverseStream'], seed: 11 });
    const once = stack.modelRuntime({ maxAttempts: 1 });
    const request = { modelId: deploymentArn, prompt: 'Where do I download an invoice?', ...GENERATION };

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        once.converseStream(request, () => {}).catch((error: unknown) => error),
      ),
    );
    stack.emulator.setFaults({ throttleRate: 0.3, operations: ['ConverseStream'], seed: 12 });
    const retried = await Promise.all(
      Array.from({ length: 10 }, () => runtime.converseStream(request, () => {})),
    );

    // Assess
    const throttled = outcomes.filter((outcome) => outcome instanceof ThrottledError).length;
    expect(throttled).toBeGreaterThanOrEqual(4);
    expect(throttled).toBeLessThanOrEqual(16);
    expect(outcomes.filter((outcome) => !(outcome instanceof Error))).toHaveLength(30 - throttled);
    expect(retried.every((result) => result.text.startsWith(EMULATOR_MARKER))).toBe(true);
  });
});

describe('Provisioned Throughput in today’s world', () => {
  it('is Creating, then InService on the clock; a custom model answers through it', async () => {
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'nova-pt',
      modelId: novaModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-nova',
      tags: {},
    });
    const creating = await customizer.getProvisionedThroughput(provisionedModelArn);
    const early = await runtime
      .converse({ modelId: provisionedModelArn, prompt: 'How do I track my parcel?', ...GENERATION })
      .catch((error: unknown) => error);
    stack.clock.advance(5 * MINUTE);
    const inService = await customizer.getProvisionedThroughput(provisionedModelArn);
    const answer = await runtime.converse({
      modelId: provisionedModelArn,
      prompt: 'How do I track my parcel delivery?',
      ...GENERATION,
    });
    await customizer.deleteProvisionedThroughput(provisionedModelArn);

    expect(creating.status).toBe('Creating');
    expect(early).toBeInstanceOf(UpstreamRejectedError);
    expect(inService.status).toBe('InService');
    expect(answer.text).toContain('tracking number');
  });

  it('can be deleted while it is still Creating', async () => {
    const { provisionedModelArn } = await customizer.createProvisionedThroughput({
      provisionedModelName: 'short-pt',
      modelId: novaModelArn,
      modelUnits: 1,
      clientRequestToken: 'pt-short',
      tags: {},
    });
    expect((await customizer.getProvisionedThroughput(provisionedModelArn)).status).toBe('Creating');

    await customizer.deleteProvisionedThroughput(provisionedModelArn);

    await expect(customizer.getProvisionedThroughput(provisionedModelArn)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(customizer.deleteProvisionedThroughput(provisionedModelArn)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('allows two without commitment per account (the default quota); committed ones are not counted', async () => {
    // Prepare
    const created: string[] = [];
    for (const name of ['quota-one', 'quota-two']) {
      const { provisionedModelArn } = await customizer.createProvisionedThroughput({
        provisionedModelName: name,
        modelId: novaModelArn,
        modelUnits: 1,
        clientRequestToken: `pt-${name}`,
        tags: {},
      });
      created.push(provisionedModelArn);
    }

    // Act
    const third = await customizer
      .createProvisionedThroughput({
        provisionedModelName: 'quota-three',
        modelId: novaModelArn,
        modelUnits: 1,
        clientRequestToken: 'pt-quota-three',
        tags: {},
      })
      .catch((error: unknown) => error);
    const committed = await stack.bedrockClient().send(
      new CreateProvisionedModelThroughputCommand({
        provisionedModelName: 'quota-committed',
        modelId: novaModelArn,
        modelUnits: 1,
        commitmentDuration: 'OneMonth',
      }),
    );

    // Assess
    expect(third).toBeInstanceOf(QuotaExceededError);
    expect(third).toMatchObject({
      message: expect.stringContaining(
        'You have reached the maximum number of Provisioned Throughputs without commitment (2) for this account.',
      ),
    });
    expect(committed.provisionedModelArn).toMatch(/provisioned-model\//);
    for (const arn of created) await customizer.deleteProvisionedThroughput(arn);
  });
});
