/**
 * The world the emulator plays: today's Bedrock by default (2026-11-27: models, regions, lifecycle;
 * docs/bedrock-emulator-world.md), the 2024 workshop's on request. Through the real SDK clients and
 * tune's adapters.
 */
import { GetFoundationModelCommand, ResourceNotFoundException } from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, UpstreamRejectedError } from '../../../src/core/errors.js';
import type { FoundationModelInfo } from '../../../src/core/ports.js';
import { EMULATOR_MARKER } from '../../../src/local/bedrock-emulator/index.js';
import { type BedrockStack, jobRequest, jsonl, MINUTE, startBedrockStack } from './stack.js';
import { supportDeskTraining } from './support-desk.js';

const END_OF_LIFE =
  'This model version has reached the end of its life. Please refer to the AWS documentation for more details.';
const GENERATION = { maxTokens: 100, temperature: 0, topP: 0.9 };

let today: BedrockStack;

beforeAll(async () => {
  today = await startBedrockStack();
});
afterAll(async () => {
  await today.close();
});

function ids(models: FoundationModelInfo[]): string[] {
  return models.map((model) => model.modelId);
}

describe('today’s ListFoundationModels', () => {
  it('offers fine-tuning of Nova Micro, Lite, Pro and Nova 2 Lite in us-east-1, and of no Llama there', async () => {
    const east = await today.customizer().listFoundationModels({ customizationType: 'FINE_TUNING' });

    expect(ids(east)).toEqual(
      expect.arrayContaining([
        'amazon.nova-micro-v1:0:128k',
        'amazon.nova-lite-v1:0:300k',
        'amazon.nova-pro-v1:0:300k',
        'amazon.nova-2-lite-v1:0:256k',
      ]),
    );
    expect(ids(east).filter((id) => id.startsWith('meta.'))).toEqual([]);
  });

  it('offers fine-tuning of Llama 3.1 8B / 70B and Llama 3.3 70B in us-west-2, and of no Nova there', async () => {
    const west = await today
      .customizer({ region: 'us-west-2' })
      .listFoundationModels({ customizationType: 'FINE_TUNING' });

    expect(
      ids(west)
        .filter((id) => id.startsWith('meta.'))
        .sort(),
    ).toEqual([
      'meta.llama3-1-70b-instruct-v1:0:128k',
      'meta.llama3-1-8b-instruct-v1:0:128k',
      'meta.llama3-3-70b-instruct-v1:0:128k',
    ]);
    expect(ids(west).filter((id) => id.startsWith('amazon.nova'))).toEqual([]);
  });

  it('lists no model for continued pre-training in either region: only Titan Text ever offered it', async () => {
    const east = await today
      .customizer()
      .listFoundationModels({ customizationType: 'CONTINUED_PRE_TRAINING' });
    const west = await today
      .customizer({ region: 'us-west-2' })
      .listFoundationModels({ customizationType: 'CONTINUED_PRE_TRAINING' });

    expect(east).toEqual([]);
    expect(west).toEqual([]);
  });

  it('no longer lists models past their end of life', async () => {
    const listed = ids(await today.customizer().listFoundationModels());

    for (const gone of [
      'amazon.titan-text-lite-v1',
      'amazon.titan-text-lite-v1:0:4k',
      'amazon.titan-text-express-v1:0:8k',
      'amazon.titan-text-premier-v1:0',
      'meta.llama2-13b-v1:0:4k',
      'cohere.command-text-v14',
      'anthropic.claude-3-haiku-20240307-v1:0:200k',
      'meta.llama3-2-1b-instruct-v1:0',
      'amazon.nova-premier-v1:0',
    ]) {
      expect(listed).not.toContain(gone);
    }
    expect(listed).toEqual(
      expect.arrayContaining(['amazon.nova-lite-v1:0', 'meta.llama3-3-70b-instruct-v1:0']),
    );
  });

  it('reports lifecycle dates where they are documented, read into Dates by the adapter', async () => {
    const models = await today.customizer().listFoundationModels();
    const opus = models.find((model) => model.modelId === 'anthropic.claude-opus-4-1-20250805-v1:0');
    const nova = models.find((model) => model.modelId === 'amazon.nova-lite-v1:0');

    expect(opus).toMatchObject({
      lifecycleStatus: 'LEGACY',
      legacyTime: new Date('2026-07-08T00:00:00Z'),
      endOfLifeTime: new Date('2027-01-08T00:00:00Z'),
      responseStreamingSupported: true,
    });
    expect(nova).toMatchObject({ lifecycleStatus: 'ACTIVE' });
    expect(nova?.legacyTime).toBeUndefined();
    expect(nova?.endOfLifeTime).toBeUndefined();
  });

  it('shows which models need an inference profile in which region', async () => {
    const east = await today.customizer().listFoundationModels();
    const west = await today.customizer({ region: 'us-west-2' }).listFoundationModels();
    const types = (models: FoundationModelInfo[], id: string) =>
      models.find((model) => model.modelId === id)?.inferenceTypesSupported;

    expect(types(east, 'amazon.nova-lite-v1:0')).toEqual(['ON_DEMAND', 'INFERENCE_PROFILE']);
    expect(types(west, 'amazon.nova-lite-v1:0')).toEqual(['INFERENCE_PROFILE']);
    expect(types(east, 'meta.llama3-1-8b-instruct-v1:0')).toEqual(['INFERENCE_PROFILE']);
    expect(types(west, 'meta.llama3-1-8b-instruct-v1:0')).toEqual(['ON_DEMAND', 'INFERENCE_PROFILE']);
    expect(types(east, 'meta.llama3-3-70b-instruct-v1:0')).toEqual(['INFERENCE_PROFILE']);
    expect(types(east, 'amazon.nova-2-lite-v1:0')).toEqual(['INFERENCE_PROFILE']);
  });

  it('answers GetFoundationModel on an end-of-life model with Bedrock’s end-of-life error', async () => {
    const getting = today
      .bedrockClient()
      .send(new GetFoundationModelCommand({ modelIdentifier: 'amazon.titan-text-lite-v1' }));

    await expect(getting).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(getting).rejects.toThrow(END_OF_LIFE);
  });
});

describe('today’s runtime', () => {
  it('invokes a model in-region where it is offered on demand, and asks for a profile elsewhere', async () => {
    const west = today.modelRuntime({ region: 'us-west-2' });
    const request = { prompt: 'Plan a team offsite.', ...GENERATION };

    const eastDirect = await today.modelRuntime().converse({ modelId: 'amazon.nova-lite-v1:0', ...request });
    const westDirect = await west
      .converse({ modelId: 'amazon.nova-lite-v1:0', ...request })
      .catch((error: unknown) => error);
    const westProfile = await west.converse({ modelId: 'us.amazon.nova-lite-v1:0', ...request });
    const nova2 = await today
      .modelRuntime()
      .converse({ modelId: 'amazon.nova-2-lite-v1:0', ...request })
      .catch((error: unknown) => error);

    expect(eastDirect.text.startsWith(EMULATOR_MARKER)).toBe(true);
    expect(westDirect).toBeInstanceOf(UpstreamRejectedError);
    expect(westDirect).toMatchObject({
      message:
        'Invocation of model ID amazon.nova-lite-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
    });
    expect(westProfile.text).toContain('Nova Lite');
    expect(nova2).toBeInstanceOf(UpstreamRejectedError);
  });

  it('takes Nova 2 Lite’s larger output budget, and checks Nova’s settings against their ranges', async () => {
    const runtime = today.modelRuntime();
    const nova = { family: 'nova-messages' as const, prompt: 'Plan a team offsite.', ...GENERATION };

    const nova2 = await runtime.generate({
      ...nova,
      modelId: 'us.amazon.nova-2-lite-v1:0',
      maxTokens: 20_000,
    });
    const novaLite = runtime.generate({ ...nova, modelId: 'amazon.nova-lite-v1:0', maxTokens: 20_000 });
    const topP = runtime.generate({ ...nova, modelId: 'amazon.nova-lite-v1:0', topP: 2 });

    expect(nova2.text).toContain('Nova 2 Lite');
    await expect(novaLite).rejects.toThrow(
      'Malformed input request: #/inferenceConfig/maxTokens: 20000 is not less or equal to 10000, please reformat your input and try again.',
    );
    await expect(topP).rejects.toThrow('#/inferenceConfig/topP: 2 is not less or equal to 1');
  });

  it('sends earlier turns in an Anthropic Messages body: the model reads them', async () => {
    const question = { family: 'anthropic-messages' as const, prompt: 'And the second one?', ...GENERATION };
    const modelId = 'us.anthropic.claude-opus-4-1-20250805-v1:0';

    const alone = await today.modelRuntime().generate({ ...question, modelId });
    const withHistory = await today.modelRuntime().generate({
      ...question,
      modelId,
      history: [
        { role: 'user', text: 'Name two rivers of France.' },
        { role: 'assistant', text: 'The Loire and the Seine.' },
      ],
    });

    expect(alone.inputTokens).toBe(Math.ceil('And the second one?'.length / 4));
    expect(withHistory.inputTokens).toBe(
      Math.ceil('Name two rivers of France.\nAnd the second one?'.length / 4),
    );
  });

  it('refuses InvokeModel, Converse and ConverseStream on end-of-life models with Bedrock’s words', async () => {
    const runtime = today.modelRuntime();

    const invoking = await runtime
      .generate({ modelId: 'amazon.titan-text-lite-v1', family: 'titan-text', prompt: 'Hi', ...GENERATION })
      .catch((error: unknown) => error);
    const conversing = await runtime
      .converse({ modelId: 'us.meta.llama3-2-1b-instruct-v1:0', prompt: 'Hi', ...GENERATION })
      .catch((error: unknown) => error);
    const streaming = await runtime
      .converseStream(
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', prompt: 'Hi', ...GENERATION },
        () => {},
      )
      .catch((error: unknown) => error);

    for (const refusal of [invoking, conversing, streaming]) {
      expect(refusal).toBeInstanceOf(NotFoundError);
      expect(refusal).toMatchObject({ message: END_OF_LIFE });
    }
  });
});

describe('today’s control plane', () => {
  it('refuses to customize an end-of-life model, with the end-of-life error', async () => {
    const uri = await today.put('eol/train.jsonl', jsonl(supportDeskTraining()));

    const creating = today.customizer().createJob(jobRequest(uri));

    await expect(creating).rejects.toBeInstanceOf(NotFoundError);
    await expect(creating).rejects.toThrow(END_OF_LIFE);
  });

  it('refuses Provisioned Throughput for an end-of-life model', async () => {
    const buying = today.customizer({ region: 'us-west-2' }).createProvisionedThroughput({
      provisionedModelName: 'haiku-pt',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0:200k',
      modelUnits: 1,
      clientRequestToken: 'pt-haiku',
      tags: {},
    });

    await expect(buying).rejects.toBeInstanceOf(NotFoundError);
    await expect(buying).rejects.toThrow(END_OF_LIFE);
  });
});

describe('the 2024 world', () => {
  it('lists Titan Text Lite and Express with fine-tuning and continued pre-training in both US regions', async () => {
    const workshop = await startBedrockStack({ world: '2024' });
    try {
      for (const region of ['us-east-1', 'us-west-2']) {
        const models = await workshop.customizer({ region }).listFoundationModels();
        for (const id of ['amazon.titan-text-lite-v1:0:4k', 'amazon.titan-text-express-v1:0:8k']) {
          expect(models.find((model) => model.modelId === id)?.customizationsSupported).toEqual([
            'FINE_TUNING',
            'CONTINUED_PRE_TRAINING',
          ]);
        }
      }
      expect(workshop.emulator.world).toBe('2024');
      expect(today.emulator.world).toBe('today');
    } finally {
      await workshop.close();
    }
  });
});

describe('a custom model trained in 2024, served after its base model’s end of life', () => {
  it('stops answering through Provisioned Throughput, like its base model, and can be served no other way', async () => {
    // Prepare: train and serve Titan Text Lite in the workshop's world, keeping the state.
    const stack = await startBedrockStack({ world: '2024', keepState: true });
    try {
      const uri = await stack.put('titan/train.jsonl', jsonl(supportDeskTraining()));
      const { jobArn } = await stack
        .customizer()
        .createJob(jobRequest(uri, { customModelName: 'titan-2024' }));
      stack.clock.advance(10 * MINUTE);
      const modelArn = (await stack.customizer().getJob(jobArn)).customModelArn ?? '';
      const { provisionedModelArn } = await stack.customizer().createProvisionedThroughput({
        provisionedModelName: 'titan-2024-pt',
        modelId: modelArn,
        modelUnits: 1,
        clientRequestToken: 'pt-titan-2024',
        tags: {},
      });
      const { provisionedModelArn: baseArn } = await stack.customizer().createProvisionedThroughput({
        provisionedModelName: 'titan-base-pt',
        modelId: 'amazon.titan-text-lite-v1:0:4k',
        modelUnits: 1,
        clientRequestToken: 'pt-titan-base',
        tags: {},
      });
      stack.clock.advance(5 * MINUTE);
      const request = {
        modelId: provisionedModelArn,
        family: 'titan-text' as const,
        prompt: 'Hi',
        ...GENERATION,
      };
      expect((await stack.modelRuntime().generate(request)).text.startsWith(EMULATOR_MARKER)).toBe(true);
      expect((await stack.modelRuntime().generate({ ...request, modelId: baseArn })).text).toContain('Titan');

      // Act: the same state, today.
      await stack.restart({ world: 'today' });
      const invoking = await stack
        .modelRuntime()
        .generate(request)
        .catch((error: unknown) => error);
      const invokingBase = await stack
        .modelRuntime()
        .generate({ ...request, modelId: baseArn })
        .catch((error: unknown) => error);
      const buying = await stack
        .customizer()
        .createProvisionedThroughput({
          provisionedModelName: 'titan-today-pt',
          modelId: modelArn,
          modelUnits: 1,
          clientRequestToken: 'pt-titan-today',
          tags: {},
        })
        .catch((error: unknown) => error);
      const deploying = await stack
        .customizer()
        .createCustomModelDeployment({
          deploymentName: 'titan-today-od',
          modelArn,
          clientRequestToken: 'deploy-titan-today',
          tags: {},
        })
        .catch((error: unknown) => error);

      // Assess
      for (const refusal of [invoking, invokingBase, buying, deploying]) {
        expect(refusal).toBeInstanceOf(NotFoundError);
        expect(refusal).toMatchObject({ message: END_OF_LIFE });
      }
    } finally {
      await stack.close();
    }
  });
});
