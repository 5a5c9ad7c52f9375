import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import type { DatasetEntry } from '../../../src/core/intake/dataset-entry.js';
import { type JobRequest, planJob } from '../../../src/core/jobs/plan.js';
import { eastOffers, TODAY, westOffers } from './offers-fixture.js';

function dataset(overrides: Partial<DatasetEntry> = {}): DatasetEntry {
  return {
    datasetId: 'aaaabbbbcccc',
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    name: 'faq.jsonl',
    key: 'datasets/T1/C1/aaaabbbbcccc.jsonl',
    reportKey: 'datasets/T1/C1/aaaabbbbcccc.report.json',
    customizationType: 'FINE_TUNING',
    format: 'bedrock-conversation-2024',
    modelId: 'amazon.nova-micro-v1:0:128k',
    valid: true,
    records: 200,
    bytes: 40_000,
    tokens: { total: 20_000, max: 300, p95: 250, exact: false },
    errorCount: 0,
    warningCount: 0,
    estimatedCostUsd: null,
    epochs: 2,
    source: 'slack-file',
    createdAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

function plan(
  request: Partial<JobRequest>,
  datasets: DatasetEntry[],
  offered = eastOffers(),
  region = 'us-east-1',
) {
  return planJob({
    request: { hyperParameters: {}, ...request },
    datasets,
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
    proposalId: 'p1',
    now: TODAY,
    offered,
    region,
  });
}

function problemOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('planning a job against what the region offers', () => {
  it('plans on the model the dataset was checked for, with its documented defaults', () => {
    const proposal = plan({}, [dataset()]);

    expect(proposal).toMatchObject({
      modelId: 'amazon.nova-micro-v1:0:128k',
      modelName: 'Nova Micro',
      legacyModel: false,
      hyperParameters: { epochCount: '2', learningRate: '0.00001', learningRateWarmupSteps: '10' },
    });
  });

  it('refuses a model past its end of life before anyone confirms, naming what is offered', () => {
    const error = problemOf(() => plan({ model: 'titan-text-lite' }, [dataset()]));

    expect(error.field).toBe('model');
    expect(error.message).toBe(
      'Titan Text G1 - Lite is past its end of life (since 2025-08-12): Bedrock refuses jobs on it. ' +
        'Offered for fine-tuning in us-east-1: Nova Micro (nova-micro, the default), Nova Lite (nova-lite), Nova Pro (nova-pro), Nova 2 Lite (nova-2-lite).',
    );
  });

  it('refuses an old dataset checked for an end-of-life model, and says how to check it for the default', () => {
    const old = dataset({ modelId: 'amazon.titan-text-lite-v1:0:4k', format: 'prompt-completion' });

    const error = problemOf(() => plan({}, [old]));

    expect(error.message).toMatch(
      /^Dataset faq\.jsonl was checked for Titan Text G1 - Lite, which cannot be used: Titan Text G1 - Lite is past its end of life/,
    );
    expect(error.message).toContain(
      'Share the file again with `--model nova-micro` in the message to check it for Nova Micro.',
    );
  });

  it('refuses a model of another region and a name tune does not know', () => {
    expect(problemOf(() => plan({ model: 'llama3.1-8b' }, [dataset()])).message).toMatch(
      /^Llama 3\.1 8B Instruct cannot be customized in us-east-1; Bedrock offers it in us-west-2\. Offered for fine-tuning in us-east-1: Nova Micro/,
    );
    expect(problemOf(() => plan({ model: 'gpt-4' }, [dataset()])).message).toMatch(
      /^"gpt-4": tune knows no such model\. Offered for fine-tuning in us-east-1: /,
    );
    const llama = dataset({ modelId: 'meta.llama3-1-8b-instruct-v1:0:128k', format: 'prompt-completion' });
    expect(plan({}, [llama], westOffers()).modelName).toBe('Llama 3.1 8B Instruct');
  });

  it('answers continued pre-training with the plain message where no model offers it', () => {
    const text = dataset({
      customizationType: 'CONTINUED_PRE_TRAINING',
      format: 'continued-pretraining',
      modelId: 'amazon.titan-text-lite-v1:0:4k',
    });

    const error = problemOf(() => plan({}, [text]));

    expect(error.field).toBe('type');
    expect(error.message).toBe(
      'Continued pre-training is not available in us-east-1: no active Bedrock model in us-east-1 offers it. ' +
        'Titan Text G1 - Lite and Titan Text G1 - Express, the only models that offered it, are past end of life (since 2025-08-12). ' +
        'No region offers it today.',
    );
  });

  it('marks a legacy model with its end date in the proposal and its notes', () => {
    const offered = eastOffers({
      'amazon.nova-micro-v1:0:128k': {
        lifecycleStatus: 'LEGACY',
        endOfLifeTime: new Date('2027-03-01T00:00:00.000Z'),
      },
    });

    const proposal = plan({}, [dataset()], offered);

    expect(proposal).toMatchObject({ legacyModel: true, modelEndOfLife: '2027-03-01' });
    expect(proposal.estimate.notes[0]).toBe(
      'Legacy: Bedrock stops serving Nova Micro on 2027-03-01, and a model tuned on it stops with it.',
    );
  });

  it('picks the dataset checked for the model asked for when one file was checked for two', () => {
    const forMicro = dataset({ datasetId: 'aaaa11112222', createdAt: '2026-11-27T10:00:00.000Z' });
    const forLite = dataset({
      datasetId: 'aaaa33334444',
      modelId: 'amazon.nova-lite-v1:0:300k',
      createdAt: '2026-11-27T11:00:00.000Z',
    });

    const proposal = plan({ dataset: 'faq.jsonl', model: 'nova-micro' }, [forLite, forMicro]);

    expect(proposal.dataset.datasetId).toBe('aaaa11112222');
  });

  it('leaves out the validation split for Nova 2 Lite, which does not use one, and refuses a named one', () => {
    const nova2 = dataset({
      modelId: 'amazon.nova-2-lite-v1:0:256k',
      validationKey: 'datasets/T1/C1/aaaabbbbcccc.validation.jsonl',
      validationRecords: 20,
    });
    const other = dataset({ datasetId: 'ddddeeeeffff', name: 'held-out.jsonl' });

    const proposal = plan({}, [nova2]);

    expect(proposal.validation).toBeUndefined();
    expect(proposal.hyperParameters).toEqual({});
    expect(proposal.estimate.notes).toContain(
      'Nova 2 Lite does not use validation data in training, so the split of faq.jsonl is left out.',
    );
    expect(
      problemOf(() => plan({ dataset: 'aaaabbbbcccc', validationDataset: 'held-out.jsonl' }, [nova2, other]))
        .message,
    ).toBe(
      '--validation held-out.jsonl: Nova 2 Lite does not use validation data in training; leave it out or use `--validation none`.',
    );
  });
});

describe('evaluate when done', () => {
  const withSplit = () =>
    dataset({ validationKey: 'datasets/T1/C1/aaaabbbbcccc.validation.jsonl', validationRecords: 150 });

  it('is on by default with the split held out, where both models can be asked on demand, with its estimate', () => {
    // Act
    const proposal = plan({}, [withSplit()]);

    // Assess: 100 of the 150 records; the average record is 20,000 / 200 = 100 tokens.
    expect(proposal.evaluation).toMatchObject({
      heldOut: { key: 'datasets/T1/C1/aaaabbbbcccc.validation.jsonl', records: 150, source: 'split' },
      whenDone: true,
      estimate: { records: 100, inputTokens: 20_000, outputTokens: 33_200, basis: 'average' },
    });
    expect(proposal.evaluation?.unavailable).toBeUndefined();
    expect(proposal.evaluation?.estimate?.usd).toBeCloseTo(0.0007 + 0.004648, 9);
  });

  it('holds out a --test dataset before the split, and is turned off with --evaluate no', () => {
    // Prepare
    const test = dataset({ datasetId: 'ddddeeeeffff', name: 'test.jsonl', key: 'k/test.jsonl', records: 30 });

    // Act
    const on = plan({ dataset: 'aaaabbbbcccc', testDataset: 'test.jsonl' }, [withSplit(), test]);
    const off = plan({ dataset: 'aaaabbbbcccc', evaluate: false }, [withSplit()]);

    // Assess
    expect(on.evaluation).toMatchObject({
      heldOut: { key: 'k/test.jsonl', records: 30, source: 'test' },
      whenDone: true,
      estimate: { records: 30 },
    });
    expect(off.evaluation).toMatchObject({ whenDone: false, heldOut: { source: 'split' } });
  });

  it('is off without held-out data, says why, and refuses --evaluate yes then', () => {
    // Act
    const proposal = plan({}, [dataset()]);
    const error = problemOf(() => plan({ evaluate: true }, [dataset()]));

    // Assess
    expect(proposal.evaluation).toEqual({
      whenDone: false,
      unavailable:
        'no held-out data: name a test dataset with --test, a --validation dataset, or share the training file with --split 0.1.',
    });
    expect(error.message).toContain(
      '--evaluate: the evaluation cannot run when the job completes: no held-out data',
    );
  });

  it('is off where the tuned model would need Provisioned Throughput, with its estimate still shown', () => {
    // Prepare: Llama 3.1 in us-west-2 answers on demand, its tuned models only on Provisioned Throughput.
    const llama = dataset({
      modelId: 'meta.llama3-1-8b-instruct-v1:0:128k',
      format: 'prompt-completion',
      validationKey: 'k/split.jsonl',
      validationRecords: 10,
    });

    // Act
    const proposal = plan({}, [llama], westOffers(), 'us-west-2');

    // Assess
    expect(proposal.evaluation?.whenDone).toBe(false);
    expect(proposal.evaluation?.unavailable).toContain('Provisioned Throughput');
    expect(proposal.evaluation?.estimate?.usd).toBeNull();
  });

  it('refuses a --test dataset of another format', () => {
    // Prepare
    const other = dataset({ datasetId: 'ffff00001111', name: 'pc.jsonl', format: 'prompt-completion' });

    // Act
    const error = problemOf(() =>
      plan({ dataset: 'aaaabbbbcccc', testDataset: 'pc.jsonl' }, [dataset(), other]),
    );

    // Assess
    expect(error.message).toContain('--test pc.jsonl holds prompt-completion records');
  });
});
