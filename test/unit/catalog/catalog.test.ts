import { describe, expect, it } from 'vitest';
import {
  checkHyperParameters,
  findModel,
  hyperParameterDefaults,
  listCatalog,
  modelsFor,
  requireModel,
  requireSpec,
  tokenLimitFor,
} from '../../../src/core/catalog/index.js';
import { InputError } from '../../../src/core/errors.js';

function model(idOrAlias: string) {
  const found = findModel(idOrAlias);
  if (!found) throw new Error(`test setup: no model ${idOrAlias}`);
  return found;
}

describe('model catalog', () => {
  it('has a row for every customizable base model the issue lists', () => {
    // Prepare
    const expected = [
      'amazon.titan-text-lite-v1:0:4k',
      'amazon.titan-text-express-v1:0:8k',
      'amazon.titan-text-premier-v1:0:32k',
      'meta.llama2-13b-v1:0:4k',
      'meta.llama2-70b-v1:0:4k',
      'meta.llama3-1-8b-instruct-v1:0:128k',
      'meta.llama3-1-70b-instruct-v1:0:128k',
      'meta.llama3-2-1b-instruct-v1:0:128k',
      'meta.llama3-2-3b-instruct-v1:0:128k',
      'meta.llama3-2-11b-instruct-v1:0:128k',
      'meta.llama3-2-90b-instruct-v1:0:128k',
      'meta.llama3-3-70b-instruct-v1:0:128k',
      'anthropic.claude-3-haiku-20240307-v1:0:200k',
      'amazon.nova-micro-v1:0:128k',
      'amazon.nova-lite-v1:0:300k',
      'amazon.nova-pro-v1:0:300k',
      'amazon.nova-2-lite-v1:0:256k',
      'cohere.command-text-v14:7:4k',
      'cohere.command-light-text-v14:7:4k',
    ];

    // Act
    const ids = listCatalog().map((row) => row.id);

    // Assess
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it('offers continued pre-training only on Titan Text Lite and Express', () => {
    expect(modelsFor('CONTINUED_PRE_TRAINING').map((row) => row.aliases[0])).toEqual([
      'titan-text-lite',
      'titan-text-express',
    ]);
    expect(modelsFor('FINE_TUNING')).toHaveLength(listCatalog().length);
  });

  it('keeps aliases unique, so a short name finds one model only', () => {
    const names = listCatalog().flatMap((row) => [
      row.id,
      ...row.aliases.map((alias) => alias.toLowerCase()),
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('finds a model by customizable id, alias in any case, foundation-model ARN or on-demand id', () => {
    const lite = 'amazon.titan-text-lite-v1:0:4k';
    expect(findModel(lite)?.id).toBe(lite);
    expect(findModel('titan-text-lite')?.id).toBe(lite);
    expect(findModel('Titan-Lite')?.id).toBe(lite);
    expect(findModel(`arn:aws:bedrock:us-east-1::foundation-model/${lite}`)?.id).toBe(lite);
    expect(findModel('amazon.titan-text-lite-v1')?.id).toBe(lite);
    expect(findModel('llama3.2-11b')?.id).toBe('meta.llama3-2-11b-instruct-v1:0:128k');
    expect(findModel('gpt-4')).toBeUndefined();
  });

  it('names the accepted models when asked for an unknown one', () => {
    expect(() => requireModel('gpt-4')).toThrow(InputError);
    expect(() => requireModel('gpt-4')).toThrow(/titan-text-lite .*nova-micro/);
  });

  it('refuses a customization type the model does not offer, naming the models that do', () => {
    expect(() => requireSpec(model('llama3.1-8b'), 'FINE_TUNING')).not.toThrow();
    expect(() => requireSpec(model('nova-micro'), 'CONTINUED_PRE_TRAINING')).toThrow(
      /does not support continued pre-training.*the ones that did are past their end of life/,
    );
  });

  it('marks every price with its source and date, or as unknown, and every known price as secondary', () => {
    for (const row of listCatalog()) {
      for (const price of Object.values(row.prices)) {
        if (price === 'unknown') continue;
        expect(price.usd).toBeGreaterThan(0);
        expect(price.source).not.toBe('');
        expect(price.asOf).toMatch(/^\d{4}/);
        // No price was read from the AWS pricing page itself (docs/bedrock-facts.md, "Billing").
        expect(price.secondary).toBe(true);
      }
    }
    expect(model('haiku').prices.trainingPer1kTokens).toBe('unknown');
    expect(model('titan-text-express').prices.trainingPer1kTokens).toBe('unknown');
  });

  it('marks models past their end of life, with the date where one was found, and the limits no primary source confirmed', () => {
    expect(model('titan-text-lite').lifecycle).toMatchObject({
      value: 'end-of-life',
      endOfLifeTime: '2025-08-12',
      confirmed: false,
    });
    expect(model('haiku').lifecycle).toMatchObject({
      value: 'end-of-life',
      endOfLifeTime: '2026-09-10',
      confirmed: true,
    });
    expect(model('llama3.2-1b').lifecycle).toMatchObject({
      value: 'end-of-life',
      endOfLifeTime: '2026-07-07',
    });
    expect(model('llama2-13b').lifecycle.value).toBe('end-of-life');
    expect(model('llama2-13b').lifecycle.endOfLifeTime).toBeUndefined();
    expect(model('command-light').lifecycle.value).toBe('end-of-life');
    expect(model('llama3.3-70b').lifecycle).toMatchObject({ value: 'active', confirmed: true });
    expect(model('nova-2-lite').lifecycle.value).toBe('active');
    expect(requireSpec(model('nova-pro'), 'FINE_TUNING').tokenLimit).toMatchObject({ value: 'unknown' });
    const llama2 = requireSpec(model('llama2-70b'), 'FINE_TUNING').tokenLimit;
    expect('confirmed' in llama2 && llama2.confirmed).toBe(false);
  });

  it('gives every row the hyperparameters its family documents, with defaults inside their ranges', () => {
    for (const row of listCatalog()) {
      for (const [type, spec] of Object.entries(row.customizations)) {
        // Unknown stays unknown: a row whose hyperparameters no page documents says so instead.
        if (spec?.hyperParametersUnknown) {
          expect(spec.hyperParameters, row.id).toEqual([]);
          continue;
        }
        expect(
          spec?.hyperParameters.some((parameter) => parameter.name === 'epochCount'),
          `${row.id} ${type}`,
        ).toBe(true);
        for (const parameter of spec?.hyperParameters ?? []) {
          expect(parameter.min).toBeLessThanOrEqual(parameter.max);
          if (parameter.default !== undefined) {
            expect(parameter.default).toBeGreaterThanOrEqual(parameter.min);
            expect(parameter.default).toBeLessThanOrEqual(parameter.max);
          }
        }
      }
    }
    expect(
      requireSpec(model('nova-lite'), 'FINE_TUNING').hyperParameters.map((parameter) => parameter.name),
    ).toEqual(['epochCount', 'learningRate', 'learningRateWarmupSteps']);
    expect(
      requireSpec(model('haiku'), 'FINE_TUNING').hyperParameters.map((parameter) => parameter.name),
    ).toContain('learningRateMultiplier');
  });
});

describe('hyperparameters', () => {
  it('gives the defaults as the strings the API wants', () => {
    expect(hyperParameterDefaults(model('titan-text-lite'), 'FINE_TUNING')).toEqual({
      epochCount: '5',
      batchSize: '1',
      learningRate: '0.00001',
      learningRateWarmupSteps: '5',
    });
    expect(hyperParameterDefaults(model('command'), 'FINE_TUNING')).toMatchObject({
      batchSize: '8',
      evalPercentage: '20',
    });
  });

  it('accepts values inside the documented ranges, as strings or numbers', () => {
    const problems = checkHyperParameters(model('titan-text-lite'), 'FINE_TUNING', {
      epochCount: '2',
      batchSize: 1,
      learningRate: '0.00003',
    });
    expect(problems).toEqual([]);
  });

  it('names each wrong field and the range it allows', () => {
    // Act
    const problems = checkHyperParameters(model('llama3.1-8b'), 'FINE_TUNING', {
      epochCount: '11',
      batchSize: '2',
      learningRate: 'fast',
      epochcount: '1',
      warmup: '3',
    });

    // Assess
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['epochCount', 'out_of_range'],
      ['batchSize', 'out_of_range'],
      ['learningRate', 'not_a_number'],
      ['epochcount', 'unknown_hyperparameter'],
      ['warmup', 'unknown_hyperparameter'],
    ]);
    expect(problems[0]?.message).toBe(
      'epochCount: 11 is outside the allowed range 1 to 10 for Llama 3.1 8B Instruct.',
    );
    expect(problems[0]?.allowed).toEqual({ min: 1, max: 10, type: 'int' });
    expect(problems[3]?.message).toContain('case-sensitive; use epochCount');
    expect(problems[4]?.message).toContain('it accepts epochCount, batchSize, learningRate');
  });

  it('refuses fractions where a whole number is needed', () => {
    const problems = checkHyperParameters(model('haiku'), 'FINE_TUNING', { epochCount: '2.5' });
    expect(problems).toMatchObject([{ field: 'epochCount', code: 'not_an_integer' }]);
  });
});

describe('token limits', () => {
  it('applies the limit of the batch size, as Titan documents it', () => {
    const lite = requireSpec(model('titan-text-lite'), 'FINE_TUNING');
    expect(tokenLimitFor(lite)?.total).toBe(4096);
    expect(tokenLimitFor(lite, 2)?.total).toBe(4096);
    expect(tokenLimitFor(lite, 3)?.total).toBe(2048);
  });

  it('applies the smallest limit to a batch size outside the documented tiers', () => {
    const express = requireSpec(model('titan-text-express'), 'CONTINUED_PRE_TRAINING');
    const limit = tokenLimitFor(express, 16);
    expect(limit?.total).toBe(2048);
    expect(limit?.note).toContain('outside the documented tiers');
  });

  it('keeps separate prompt and completion limits where the model has them', () => {
    expect(tokenLimitFor(requireSpec(model('command'), 'FINE_TUNING'))).toMatchObject({
      input: 4096,
      output: 2048,
    });
    expect(tokenLimitFor(requireSpec(model('llama3.2-90b'), 'FINE_TUNING'))?.total).toBe(10_000);
  });

  it('has no limit to apply where none is known', () => {
    expect(tokenLimitFor(requireSpec(model('nova-micro'), 'FINE_TUNING'))).toBeUndefined();
  });
});
