import { describe, expect, it } from 'vitest';
import { requireModel } from '../../../src/core/catalog/index.js';
import { estimateForAverage, estimateForExamples } from '../../../src/core/evaluation/estimate.js';
import { selectExamples } from '../../../src/core/evaluation/examples.js';
import {
  baseModelInvokeId,
  evaluationCall,
  evaluationModels,
  tunedModel,
} from '../../../src/core/evaluation/models.js';

const novaMicro = requireModel('nova-micro');

describe('which models an evaluation asks', () => {
  it('asks Nova Micro by its own id in us-east-1, where it answers on demand, through Converse as it was trained on conversations', () => {
    // Act
    const models = evaluationModels(novaMicro, 'FINE_TUNING', 'us-east-1');

    // Assess
    expect(models).toMatchObject({
      ok: true,
      base: { modelId: 'amazon.nova-micro-v1:0', api: 'converse' },
      call: { api: 'converse' },
      deployableOnDemand: true,
    });
  });

  it('asks the base model through the us. inference profile where the region has no in-region on-demand', () => {
    expect(baseModelInvokeId(novaMicro, 'us-west-2')).toEqual({
      ok: true,
      modelId: 'us.amazon.nova-micro-v1:0',
      via: 'profile',
    });
    expect(baseModelInvokeId(requireModel('llama3.3-70b'), 'us-west-2')).toMatchObject({
      modelId: 'us.meta.llama3-3-70b-instruct-v1:0',
    });
    expect(baseModelInvokeId(requireModel('llama3.1-8b'), 'us-west-2')).toMatchObject({
      modelId: 'meta.llama3-1-8b-instruct-v1:0',
      via: 'in-region',
    });
  });

  it('sends prompt/completion models their native body with the raw prompt, and says when a model is tuned for Provisioned Throughput only', () => {
    // Act
    const llama = evaluationModels(requireModel('llama3.1-8b'), 'FINE_TUNING', 'us-west-2');

    // Assess
    expect(evaluationCall(requireModel('titan-text-lite'), 'CONTINUED_PRE_TRAINING')).toEqual({
      api: 'invoke',
      family: 'titan-text',
    });
    expect(llama).toMatchObject({
      ok: true,
      base: { api: 'invoke', family: 'llama' },
      deployableOnDemand: false,
    });
    expect(tunedModel({ api: 'invoke', family: 'llama' }, 'arn:dep')).toEqual({
      modelId: 'arn:dep',
      api: 'invoke',
      family: 'llama',
    });
  });

  it('refuses a base model past its end of life, and an unknown region', () => {
    expect(evaluationModels(requireModel('titan-text-lite'), 'FINE_TUNING', 'us-east-1')).toEqual({
      ok: false,
      reason: 'Titan Text G1 - Lite does not answer on demand in us-east-1.',
    });
    expect(evaluationModels(novaMicro, 'FINE_TUNING', undefined)).toMatchObject({ ok: false });
  });
});

describe('what an evaluation would cost', () => {
  const prices = novaMicro.baseInference;

  it('counts both models reading each prompt and writing at most their answer budget, at the on-demand prices', () => {
    // Prepare: 10 records of a 40-character prompt (10 tokens) and a 20-character reference (5 tokens).
    const text = Array.from({ length: 10 }, (_, index) =>
      JSON.stringify({ prompt: `Question ${index}`.padEnd(40, '?'), completion: 'answer number one!!!' }),
    ).join('\n');
    const { examples } = selectExamples(text, 'prompt-completion');

    // Act
    const estimate = estimateForExamples(examples, {
      input: prices.inputPer1kTokens,
      output: prices.outputPer1kTokens,
    });

    // Assess: budget max(32, 5 × 1.5 + 16) = 32 tokens per answer.
    expect(estimate).toMatchObject({ records: 10, inputTokens: 200, outputTokens: 640, basis: 'records' });
    expect(estimate.usd).toBeCloseTo((200 / 1000) * 0.000035 + (640 / 1000) * 0.00014, 12);
  });

  it('says price unknown (null) when either price is unknown, and caps the records at 100', () => {
    // Act
    const estimate = estimateForAverage(
      { heldOutRecords: 250, tokensPerRecord: 40 },
      { input: 'unknown', output: prices.outputPer1kTokens },
    );

    // Assess: 100 records × 40 tokens × 2 models read; budget 1.5 × 40 + 16 = 76 written.
    expect(estimate).toEqual({
      records: 100,
      inputTokens: 8000,
      outputTokens: 15_200,
      usd: null,
      basis: 'average',
    });
  });
});
