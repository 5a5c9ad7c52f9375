import { describe, expect, it } from 'vitest';
import { checkHyperParameters } from '../../../src/local/bedrock-emulator/customization-jobs.js';
import { customizationsIn, ModelTable } from '../../../src/local/bedrock-emulator/model-table.js';

// The workshop's world: Titan Text and Llama 2 rows are customizable there.
const table = new ModelTable('2024');

function model(modelId: string) {
  const found = table.find(modelId);
  if (!found) throw new Error(`no ${modelId} in the emulator's table`);
  return found;
}

describe('checkHyperParameters', () => {
  it('fills the family’s defaults for what is not given, as strings', () => {
    expect(checkHyperParameters(model('amazon.titan-text-lite-v1:0:4k'), { epochCount: '2' })).toEqual({
      epochCount: '2',
      batchSize: '1',
      learningRate: '0.00001',
      learningRateWarmupSteps: '5',
    });
  });

  it('accepts scientific notation and the bounds themselves', () => {
    const titan = model('amazon.titan-text-lite-v1:0:4k');

    expect(
      checkHyperParameters(titan, { learningRate: '1e-5', epochCount: '10', batchSize: '64' }),
    ).toMatchObject({
      learningRate: '1e-5',
    });
  });

  it('uses each family’s names: Claude 3 Haiku has a learning-rate multiplier, Nova no batch size', () => {
    const haiku = model('anthropic.claude-3-haiku-20240307-v1:0:200k');
    const nova = model('amazon.nova-micro-v1:0:128k');

    expect(checkHyperParameters(haiku, { learningRateMultiplier: '1.5' }).learningRateMultiplier).toBe('1.5');
    expect(() => checkHyperParameters(haiku, { learningRate: '0.1' })).toThrow(/Unsupported hyperparameter/);
    expect(() => checkHyperParameters(nova, { batchSize: '1' })).toThrow(
      /Unsupported hyperparameter\(s\) for amazon\.nova-micro-v1:0:128k: batchSize/,
    );
  });

  it.each([
    [{ epochCount: '0' }, 'The value 0 of hyperparameter epochCount is out of range'],
    [
      { epochCount: 'two' },
      "The value 'two' of hyperparameter epochCount is not valid: it must be an integer.",
    ],
    [{ learningRate: '' }, "The value '' of hyperparameter learningRate is not valid: it must be a number."],
    [{ learningRate: '2' }, 'it must be between 0 and 1.'],
  ])('rejects %j', (given, message) => {
    expect(() => checkHyperParameters(model('amazon.titan-text-express-v1:0:8k'), given)).toThrow(message);
  });
});

describe('the emulator’s model table', () => {
  it('resolves ids, foundation-model ARNs and inference profile ids', () => {
    expect(
      table.resolve('arn:aws:bedrock:us-west-2::foundation-model/meta.llama2-13b-v1:0:4k')?.modelId,
    ).toBe('meta.llama2-13b-v1:0:4k');
    expect(table.resolve('us.meta.llama3-2-1b-instruct-v1:0')?.modelId).toBe(
      'meta.llama3-2-1b-instruct-v1:0',
    );
    expect(table.resolve('nothing.like-this')).toBeUndefined();
  });

  it('offers customization only in the regions AWS runs it', () => {
    const llama31 = model('meta.llama3-1-8b-instruct-v1:0:128k');
    const titan = model('amazon.titan-text-express-v1:0:8k');

    expect(customizationsIn(llama31, 'us-east-1')).toEqual([]);
    expect(customizationsIn(llama31, 'us-west-2')).toEqual(['FINE_TUNING']);
    expect(customizationsIn(titan, 'us-east-1')).toEqual(['FINE_TUNING', 'CONTINUED_PRE_TRAINING']);
  });
});
