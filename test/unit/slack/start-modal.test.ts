import type { Block, InputBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../../src/core/intake/dataset-entry.js';
import { startModal } from '../../../src/slack/blocks/start-modal.js';
import { eastOffers, listed, offersOf, westOffers } from '../core/offers-fixture.js';

const METADATA = JSON.stringify({ teamId: 'T1', channelId: 'C1', userId: 'U1', mac: 'm' });

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

function modelBlock(view: ReturnType<typeof startModal>) {
  return view.blocks.find((block) => block.block_id === 'model');
}

describe('the start form’s model list', () => {
  it('lists what the region offers, legacy models with their end date, and starts on the default', () => {
    const offers = offersOf('us-east-1', {
      FINE_TUNING: [
        listed('amazon.nova-lite-v1:0:300k', 'us-east-1', {
          lifecycleStatus: 'LEGACY',
          endOfLifeTime: new Date('2027-05-01T00:00:00.000Z'),
        }),
        listed('amazon.nova-micro-v1:0:128k', 'us-east-1'),
        listed('amazon.nova-3-micro-v1:0:128k', 'us-east-1', { modelName: 'Nova 3 Micro' }),
      ],
    });

    const view = startModal({ type: 'FINE_TUNING' }, [], METADATA, offers);

    // The view is JSON for Slack; read it back as such.
    const block = JSON.parse(JSON.stringify(modelBlock(view))) as {
      element: { options: { text: { text: string } }[]; initial_option: { value: string } };
    };
    expect(block.element.options.map((option) => option.text.text)).toEqual([
      'Nova Micro',
      'Nova Lite (legacy until 2027-05-01)',
      'Nova 3 Micro (limits unknown)',
    ]);
    expect(block.element.initial_option.value).toBe('amazon.nova-micro-v1:0:128k');
    expect(JSON.stringify(view.blocks)).not.toContain('Titan');
  });

  it('keeps the dataset’s model when it is offered, and shows its legacy note', () => {
    const offers = eastOffers({
      'amazon.nova-pro-v1:0:300k': {
        lifecycleStatus: 'LEGACY',
        endOfLifeTime: new Date('2027-01-15T00:00:00.000Z'),
      },
    });

    const view = startModal(
      { type: 'FINE_TUNING' },
      [dataset({ modelId: 'amazon.nova-pro-v1:0:300k' })],
      METADATA,
      offers,
    );

    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Nova Pro (legacy until 2027-01-15)"}',
    );
    expect(shown).toContain('Legacy: Bedrock stops serving Nova Pro on 2027-01-15');
    expect(shown).toContain('"block_id":"hp_epochCount"');
  });

  it('says plainly that continued pre-training is not available instead of listing no model', () => {
    const view = startModal({ type: 'CONTINUED_PRE_TRAINING' }, [], METADATA, eastOffers());

    expect(modelBlock(view)).toMatchObject({
      type: 'section',
      text: {
        text: expect.stringContaining(
          'Continued pre-training is not available in us-east-1: no active Bedrock model in us-east-1 offers it.',
        ),
      },
    });
    expect(JSON.stringify(view.blocks)).not.toContain('hp_');
  });
});

function isInput(block: KnownBlock | Block): block is InputBlock {
  return block.type === 'input';
}

describe('the start form’s words', () => {
  it('labels hyperparameters as people say them, with the API name in the hint', () => {
    const view = startModal({ type: 'FINE_TUNING' }, [dataset()], METADATA, eastOffers());
    const labels = view.blocks
      .filter(isInput)
      .filter((block) => block.block_id?.startsWith('hp_'))
      .map((block) => ({ label: block.label.text, hint: block.hint?.text ?? '' }));

    expect(labels.map((field) => field.label)).toEqual(['Epochs', 'Learning rate', 'Warm-up steps']);
    expect(labels[0]?.hint).toMatch(/^epochCount: whole number, 1 to 5; default 2\./);
    expect(labels[2]?.hint).toMatch(/^learningRateWarmupSteps: whole number/);
  });

  it('shows a value the model allows only one of as fixed, not as a range of one', () => {
    const llama = dataset({ modelId: 'meta.llama3-1-8b-instruct-v1:0:128k', name: 'pairs.jsonl' });
    const view = startModal({ type: 'FINE_TUNING' }, [llama], METADATA, westOffers());
    const shown = JSON.stringify(view.blocks);

    expect(shown).toContain('*Batch size*: 1, fixed for this model (API name: `batchSize`).');
    expect(shown).not.toContain('hp_batchSize');
    expect(shown).not.toContain('1 to 1;');
  });

  it('shows the name the job will get, also when what was typed will be changed', () => {
    const named = (name?: string) => {
      const view = startModal(
        { type: 'FINE_TUNING', ...(name ? { name } : {}) },
        [dataset()],
        METADATA,
        eastOffers(),
      );
      const block = view.blocks.filter(isInput).find((candidate) => candidate.block_id === 'name');
      return block?.hint?.text ?? '';
    };

    expect(named()).toContain('Will be named faq-nova-micro, plus a short id');
    expect(named('support-bot')).toContain('Will be named support-bot,');
    expect(named('Support Bot v1.2')).toContain('this will be named support-bot-v1-2');
  });
});

describe('the start form and the model a dataset was checked for', () => {
  it('says under the model when the dataset was checked for another, and how to check it for this one', () => {
    const other = startModal(
      { type: 'FINE_TUNING', modelId: 'amazon.nova-lite-v1:0:300k' },
      [dataset()],
      METADATA,
      eastOffers(),
    );
    const same = startModal({ type: 'FINE_TUNING' }, [dataset()], METADATA, eastOffers());

    expect(JSON.stringify(other.blocks)).toContain(
      '*faq.jsonl* was checked for Nova Micro, not Nova Lite, whose limits and tokenizer differ. Share the file again with `--model nova-lite`',
    );
    expect(JSON.stringify(same.blocks)).not.toContain('was checked for');
  });
});

describe('the start form’s evaluation checkbox', () => {
  const withSplit = dataset({ validationKey: 'k/split.jsonl', validationRecords: 40 });
  const block = (view: ReturnType<typeof startModal>) =>
    JSON.parse(JSON.stringify(view.blocks.find((candidate) => candidate.block_id === 'evaluate'))) as {
      type: string;
      element?: { type: string; initial_options?: { value: string }[] };
      hint?: { text: string };
      elements?: { text: string }[];
    };

  it('is ticked where the evaluation can run, with its price, and read back as the request', async () => {
    // Act
    const view = startModal({ type: 'FINE_TUNING' }, [withSplit], METADATA, eastOffers(), 'us-east-1');
    const { jobRequestFromModal, modalStateFrom } = await import('../../../src/slack/blocks/start-modal.js');
    const unticked = jobRequestFromModal(modalStateFrom({ evaluate: { value: { selected_options: [] } } }));

    // Assess
    const shown = block(view);
    expect(shown.element).toMatchObject({ type: 'checkboxes', initial_options: [{ value: 'evaluate' }] });
    expect(shown.hint?.text).toMatch(/^On 40 held-out records of faq\.jsonl \(split\): about \$/);
    expect(unticked.evaluate).toBe(false);
  });

  it('says why instead, where there is no held-out data', () => {
    // Act
    const view = startModal({ type: 'FINE_TUNING' }, [dataset()], METADATA, eastOffers(), 'us-east-1');

    // Assess
    expect(block(view)).toMatchObject({ type: 'context' });
    expect(block(view).elements?.[0]?.text).toContain('not available: no held-out data');
  });
});
