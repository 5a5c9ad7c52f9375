import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { type IntakeRequest, intakeDataset } from '../../../src/core/intake/intake.js';
import { planJob } from '../../../src/core/jobs/plan.js';
import { FixedClock } from '../../fakes/clock.js';
import { InMemoryDatasetIndex, InMemoryDatasetStore } from '../../fakes/stores.js';
import { eastOffers, TODAY, westOffers } from './offers-fixture.js';

const CONVERSATIONS = `${Array.from({ length: 12 }, (_, index) =>
  JSON.stringify({
    schemaVersion: 'bedrock-conversation-2024',
    system: [{ text: 'You answer questions about the AWS CLI.' }],
    messages: [
      { role: 'user', content: [{ text: `How do I list bucket number ${index}?` }] },
      { role: 'assistant', content: [{ text: `aws s3 ls s3://bucket-${index}/` }] },
    ],
  }),
).join('\n')}\n`;

function setup() {
  const datasetStore = new InMemoryDatasetStore();
  const datasets = new InMemoryDatasetIndex();
  const clock = new FixedClock(TODAY.toISOString());
  return { datasetStore, datasets, clock };
}

function share(
  fileName: string,
  content: string,
  options: IntakeRequest['options'] = {},
  offered = eastOffers(),
): IntakeRequest {
  return {
    teamId: 'T1',
    channelId: 'C1',
    userId: 'U1',
    fileName,
    source: 'slack-file',
    options,
    offered,
    download: async () =>
      (async function* () {
        yield Buffer.from(content);
      })(),
  };
}

describe('dataset intake against what the region offers', () => {
  it('checks a shared file for the region’s default model: Nova Micro in us-east-1, Llama 3.1 8B in us-west-2', async () => {
    const east = await intakeDataset(share('faq.jsonl', CONVERSATIONS), setup());
    const west = await intakeDataset(
      share('pairs.jsonl', '{"prompt":"a question","completion":"an answer"}\n', {}, westOffers()),
      setup(),
    );

    expect(east).toMatchObject({ modelWasDefault: true, model: { name: 'Nova Micro' } });
    expect(east.entry).toMatchObject({ modelId: 'amazon.nova-micro-v1:0:128k', valid: true });
    expect(west.model.name).toBe('Llama 3.1 8B Instruct');
  });

  it('answers a text file meant for continued pre-training with the plain message, converting and storing nothing', async () => {
    const dependencies = setup();
    const text = Array.from({ length: 20 }, (_, index) => `Paragraph ${index} about the AWS CLI.`).join(
      '\n\n',
    );

    const outcome = intakeDataset(share('guide.md', text), dependencies);

    await expect(outcome).rejects.toThrow(InputError);
    await expect(outcome).rejects.toThrow(
      /^Continued pre-training is not available in us-east-1: no active Bedrock model in us-east-1 offers it\./,
    );
    expect(dependencies.datasetStore.objects.size).toBe(0);
    expect(dependencies.datasets.entries.size).toBe(0);
  });

  it('refuses a model past its end of life, naming what is offered', async () => {
    const outcome = intakeDataset(share('faq.jsonl', CONVERSATIONS, { model: 'titan-lite' }), setup());

    await expect(outcome).rejects.toThrow(
      /^Titan Text G1 - Lite is past its end of life \(since 2025-08-12\): Bedrock refuses jobs on it\. Offered for fine-tuning in us-east-1: Nova Micro/,
    );
  });

  // Regression: a dataset id of the content alone let a second check of the same records (for
  // another model) overwrite the first verdict, and `/tune start <id> --model <first>` was refused.
  it('keeps one dataset per content, model and type, so checking for a second model keeps the first', async () => {
    // Prepare
    const dependencies = setup();
    const forMicro = await intakeDataset(
      share('faq.jsonl', CONVERSATIONS, { model: 'nova-micro' }),
      dependencies,
    );
    dependencies.clock.advance(60_000);
    const forLite = await intakeDataset(
      share('faq.jsonl', CONVERSATIONS, { model: 'nova-lite' }),
      dependencies,
    );
    const again = await intakeDataset(
      share('faq.jsonl', CONVERSATIONS, { model: 'nova-micro' }),
      dependencies,
    );

    // Act
    const stored = await dependencies.datasets.listByChannel('T1', 'C1', 10);
    const proposal = planJob({
      request: { dataset: forMicro.entry?.datasetId ?? 'missing', model: 'nova-micro', hyperParameters: {} },
      datasets: stored,
      place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
      proposalId: 'p1',
      now: TODAY,
      offered: eastOffers(),
    });

    // Assess
    expect(forMicro.entry?.datasetId).not.toBe(forLite.entry?.datasetId);
    expect(again.entry?.datasetId).toBe(forMicro.entry?.datasetId);
    expect(stored.map((entry) => entry.modelId).sort()).toEqual([
      'amazon.nova-lite-v1:0:300k',
      'amazon.nova-micro-v1:0:128k',
    ]);
    expect(proposal).toMatchObject({
      modelId: 'amazon.nova-micro-v1:0:128k',
      dataset: { name: 'faq.jsonl' },
    });
  });
});

describe('what intake says about a converted file', () => {
  it('cites the rows of the CSV the person shared, not lines of the file tune made from it', async () => {
    // Header on line 1, so rows[n] is line n + 2: rows[5] (line 7) repeats rows[1] (line 3).
    const rows = Array.from({ length: 12 }, (_, index) => `question ${index},answer ${index}`);
    rows[5] = 'question 1,answer 1';
    rows[7] = 'User: hello,answer 7';

    const outcome = await intakeDataset(
      share('pairs.csv', `prompt,completion\n${rows.join('\n')}\n`),
      setup(),
    );

    const duplicate = outcome.report.warnings.find((issue) => issue.code === 'duplicate_record');
    expect(duplicate).toMatchObject({ line: 7 });
    expect(duplicate?.message).toContain('line 7: the record repeats line 3');
    expect(outcome.conversion?.issues[0]?.message).toMatch(/^line 9: /);
  });
});
