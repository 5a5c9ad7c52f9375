import { describe, expect, it } from 'vitest';
import { Asker, type AskPlace, costSummary, deployOfferText } from '../../../src/core/asking/index.js';
import { findModel as findCatalogModel } from '../../../src/core/catalog/index.js';
import { NotFoundError, UpstreamRejectedError } from '../../../src/core/errors.js';
import type { CustomModelRecord, ServingTarget } from '../../../src/core/ports.js';
import { FixedClock } from '../../fakes/clock.js';
import {
  customModel,
  InMemoryCustomModelStore,
  InMemoryServingDirectory,
} from '../../fakes/custom-models.js';
import { ScriptedModelRuntime } from '../../fakes/model-runtime.js';

const HOME: AskPlace = { teamId: 'T0TUNE', channelId: 'C0MLEXPERIMENTS', userId: 'U0ALICE' };
const ELSEWHERE: AskPlace = { ...HOME, channelId: 'C0GENERAL', userId: 'U0BOB' };
const DEPLOYMENT = 'arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/support';
const ON_DEMAND: ServingTarget = { invokeId: DEPLOYMENT, path: 'on-demand', endpointId: 'dep-1' };

/** `target` null: nothing serves the model. */
function setup(model: CustomModelRecord = customModel(), target: ServingTarget | null = ON_DEMAND) {
  const models = new InMemoryCustomModelStore();
  void models.put(model);
  const serving = new InMemoryServingDirectory();
  if (target) serving.serve(model.modelId, target);
  const runtime = new ScriptedModelRuntime()
    .answer(DEPLOYMENT, () => 'In the blue drawer by the door.')
    .answer('amazon.nova-micro-v1:0', () => 'I do not know where your key is.');
  const clock = new FixedClock();
  const asker = new Asker(
    { models, serving, runtime, clock, region: 'us-east-1', sleep: async () => {} },
    { retry: { maxAttempts: 3, baseMs: 1, capMs: 1 } },
  );
  return { models, serving, runtime, clock, asker };
}

async function ready(asker: Asker, place: AskPlace, reference = 'support-bot') {
  const preparation = await asker.prepare(place, await asker.find(place, reference));
  if (preparation.kind !== 'ready') throw new Error(`not ready: ${preparation.kind}`);
  return preparation;
}

describe('finding the model a person named', () => {
  it('takes its name, its id or an id prefix among the models of the channel', async () => {
    const { asker } = setup();
    expect((await asker.find(HOME, 'Support-Bot')).modelId).toBe('job0000support');
    expect((await asker.find(HOME, 'job0000support')).modelId).toBe('job0000support');
    expect((await asker.find(HOME, 'job000')).modelId).toBe('job0000support');
    await expect(asker.find(HOME, 'job')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds a model shared into the channel by name, and one of another channel only by its exact id', async () => {
    const { asker, models } = setup();
    await models.put(
      customModel({ modelId: 'job1111shared', name: 'shared-bot', sharedWith: ['C0GENERAL'] }),
    );

    expect((await asker.find(ELSEWHERE, 'shared-bot')).modelId).toBe('job1111shared');
    await expect(asker.find(ELSEWHERE, 'support-bot')).rejects.toBeInstanceOf(NotFoundError);
    expect((await asker.find(ELSEWHERE, 'job0000support')).modelId).toBe('job0000support');
  });

  it('never finds a model of another workspace, nor a deleted one', async () => {
    const { asker, models } = setup();
    await models.put(customModel({ modelId: 'job2222other', teamId: 'T0OTHER', name: 'other-bot' }));
    await models.put(
      customModel({ modelId: 'job3333gone', name: 'gone-bot', deletedAt: '2026-11-27T00:00:00Z' }),
    );

    await expect(asker.find(HOME, 'job2222other')).rejects.toBeInstanceOf(NotFoundError);
    await expect(asker.find(HOME, 'gone-bot')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('preparing a question', () => {
  it('refuses a channel the model was neither trained in nor shared with, before looking anything up', async () => {
    // Prepare
    const { asker, serving, runtime } = setup();
    const model = await asker.find(ELSEWHERE, 'job0000support');

    // Act
    const preparation = await asker.prepare(ELSEWHERE, model);

    // Assess
    expect(preparation.kind).toBe('refused');
    expect(preparation.kind === 'refused' && preparation.reason).toMatch(/trained on another channel's data/);
    expect(serving.lookups).toEqual([]);
    expect(runtime.calls).toEqual([]);
  });

  it('answers in a channel the model was shared with', async () => {
    const { asker } = setup(customModel({ sharedWith: ['C0GENERAL'] }));
    expect((await asker.prepare(ELSEWHERE, await asker.find(ELSEWHERE, 'support-bot'))).kind).toBe('ready');
  });

  it('offers what serving would cost when nothing serves the model, and invokes nothing', async () => {
    const { asker, runtime } = setup(customModel(), null);

    const preparation = await asker.prepare(HOME, await asker.find(HOME, 'support-bot'));

    expect(preparation.kind).toBe('not-served');
    const offer = preparation.kind === 'not-served' ? preparation.offer : '';
    expect(offer).toContain('Nothing serves support-bot right now');
    expect(offer).toContain('on-demand deployment (us-east-1)');
    expect(offer).toContain(
      'Provisioned Throughput: billed per model unit-hour until deleted; price unknown',
    );
    expect(runtime.calls).toEqual([]);
  });
});

describe('asking', () => {
  it('sends a conversation-trained model the question as a message with the thread as earlier turns', async () => {
    // Prepare
    const { asker, runtime, models, clock } = setup();
    const history = [
      { role: 'user' as const, text: 'Where do I leave the car keys?' },
      { role: 'assistant' as const, text: 'On the hook.' },
    ];

    // Act
    const result = await asker.ask(await ready(asker, HOME), {
      text: 'And the spare house key?',
      history,
      compare: false,
    });

    // Assess
    expect(result.tuned.text).toBe('In the blue drawer by the door.');
    expect(result.tuned.api).toBe('converse');
    expect(result.context).toEqual({ turnsUsed: 2, turnsDropped: 0, contextWindow: 128_000 });
    expect(runtime.calls).toEqual([
      {
        api: 'converse',
        request: {
          modelId: DEPLOYMENT,
          prompt: 'And the spare house key?',
          history,
          maxTokens: 1024,
          temperature: 0.3,
          topP: 0.9,
        },
      },
    ]);
    expect((await models.get('job0000support'))?.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('reports the tokens the model counted, and the price as unknown for an on-demand answer', async () => {
    const { asker } = setup();
    const result = await asker.ask(await ready(asker, HOME), {
      text: 'Where is the key?',
      history: [],
      compare: false,
    });
    expect(result.tuned).toMatchObject({ inputTokens: 4, outputTokens: 7, tokensEstimated: false });
    expect(result.tuned.cost).toEqual({ kind: 'per-token', usd: undefined, modelName: 'Nova Micro' });
    expect(costSummary(result.tuned.cost)).toBe(
      "price unknown (billed per token; tune's catalog has no per-token price for Nova Micro)",
    );
  });

  it('estimates tokens the model did not count, and says so', async () => {
    const { asker, runtime } = setup();
    runtime.answer(DEPLOYMENT, () => ({ text: 'In the blue drawer by the door.' }));
    const result = await asker.ask(await ready(asker, HOME), {
      text: 'Where is the key?',
      history: [],
      compare: false,
    });
    expect(result.tuned).toMatchObject({ tokensEstimated: true, outputTokens: 8 });
  });

  it('shows the hourly price and its source for an answer from Provisioned Throughput', async () => {
    // Prepare: a Titan Text Lite model (2024) on Provisioned Throughput, whose price the catalog has.
    const titan = customModel({ baseModelId: 'amazon.titan-text-lite-v1:0:4k' });
    const { asker, runtime } = setup(titan, {
      invokeId: DEPLOYMENT,
      path: 'provisioned',
      endpointId: 'pt-1',
    });

    // Act
    const result = await asker.ask(await ready(asker, HOME), {
      text: 'Where is the key?',
      history: [],
      compare: false,
    });

    // Assess: a prompt/completion model gets the raw question.
    expect(runtime.calls[0]?.request.prompt).toBe('Where is the key?');
    expect(result.tuned.cost.kind).toBe('provisioned');
    expect(costSummary(result.tuned.cost)).toMatch(
      /^no per-answer charge \(Provisioned Throughput: \$7\.10 per model unit-hour while it runs; source: third-party notes citing https:\/\/aws\.amazon\.com\/bedrock\/pricing\/.*as of 2024\)$/,
    );
  });

  it('writes a continuation prompt for a continued-pre-training model', async () => {
    const cpt = customModel({
      baseModelId: 'amazon.titan-text-lite-v1:0:4k',
      customizationType: 'CONTINUED_PRE_TRAINING',
    });
    const { asker, runtime } = setup(cpt);
    await asker.ask(await ready(asker, HOME), { text: 'What does s3 ls list?', history: [], compare: false });
    expect(runtime.calls[0]?.request.prompt).toBe('Question: What does s3 ls list?\nAnswer:');
  });

  it('with compare, asks the base model on demand with the same settings, streaming both', async () => {
    // Prepare
    const { asker, runtime } = setup();
    const progress: { tuned: string; base?: string }[] = [];

    // Act
    const result = await asker.ask(await ready(asker, HOME), {
      text: 'Where is the spare key?',
      history: [],
      compare: true,
      onProgress: (answers) => progress.push(answers),
    });

    // Assess
    expect(result.tuned.text).toBe('In the blue drawer by the door.');
    expect(result.comparison).toMatchObject({
      answer: { label: 'Nova Micro', text: 'I do not know where your key is.', api: 'converse-stream' },
    });
    const [tunedCall, baseCall] = [
      runtime.callsTo(DEPLOYMENT)[0],
      runtime.callsTo('amazon.nova-micro-v1:0')[0],
    ];
    expect(baseCall?.request).toEqual({ ...tunedCall?.request, modelId: 'amazon.nova-micro-v1:0' });
    expect(progress.at(-1)).toEqual({
      tuned: 'In the blue drawer by the door.',
      base: 'I do not know where your key is.',
    });
  });

  it("uses the region's inference profile for a base model served only through one", async () => {
    // Prepare: Llama 3.3 70B in us-west-2 answers on demand only through `us.`.
    const llama = customModel({ baseModelId: 'meta.llama3-3-70b-instruct-v1:0:128k' });
    const { asker, runtime } = setup(llama);
    runtime
      .answer(
        'meta.llama3-3-70b-instruct-v1:0',
        () =>
          new UpstreamRejectedError(
            'Invocation of model ID meta.llama3-3-70b-instruct-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.',
          ),
      )
      .answer('us.meta.llama3-3-70b-instruct-v1:0', () => 'Ask at reception.');

    // Act
    const result = await asker.ask(await ready(asker, HOME), { text: 'Key?', history: [], compare: true });

    // Assess
    expect(result.comparison).toMatchObject({ answer: { text: 'Ask at reception.' } });
  });

  it('still gives the tuned answer when the base model fails, saying why it has none', async () => {
    const { asker, runtime } = setup();
    runtime.answer(
      'amazon.nova-micro-v1:0',
      () => new UpstreamRejectedError('The base model is not enabled.'),
    );
    const result = await asker.ask(await ready(asker, HOME), { text: 'Key?', history: [], compare: true });
    expect(result.tuned.text).toBe('In the blue drawer by the door.');
    expect(result.comparison).toEqual({ failed: 'The base model is not enabled.' });
  });

  it('refuses an empty question', async () => {
    const { asker, runtime } = setup();
    await expect(
      asker.ask(await ready(asker, HOME), { text: '  ', history: [], compare: false }),
    ).rejects.toThrow(/Ask a question/);
    expect(runtime.calls).toEqual([]);
  });
});

describe('the deploy offer', () => {
  it('names each way the base model can be served with its price, or unknown', () => {
    const titan = findCatalogModel('titan-text-lite');
    const llama = findCatalogModel('llama3.1-8b');
    const model = customModel({ name: 'faq-bot' });
    expect(deployOfferText(model, llama)).toContain(
      '• Provisioned Throughput: billed per model unit-hour until deleted; price unknown.',
    );
    expect(deployOfferText(model, llama)).not.toContain('on-demand deployment');
    expect(deployOfferText(model, titan)).toContain('no way to serve it is known for Titan Text G1 - Lite');
    expect(deployOfferText(model, undefined)).toContain("tune's catalog does not know its base model");
  });
});
