/**
 * What `/tune start` offers comes from Bedrock's live list in the region (cached in DynamoDB), not
 * from tune's catalog alone: the same command meets today's Bedrock and the workshop's 2024 one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDatasetIndex } from '../../../src/aws/dynamo-dataset-index.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { ALICE, bedrockJobs, command, sandboxOf, seedDataset } from '../../support/jobs.js';

/** A Titan Text Lite dataset, as the workshop made them. */
async function seedTitanDataset(stack: LocalStack, channel: string, datasetId: string) {
  const entry = await seedDataset(stack, channel, datasetId);
  const titan = { ...entry, modelId: 'amazon.titan-text-lite-v1:0:4k', format: 'prompt-completion' };
  await new DynamoDatasetIndex({ client: stack.clients.documents, tableName: stack.config.tableName }).put(
    titan,
  );
  return titan;
}

describe.each([
  { world: 'today' as const, offersTitan: false },
  { world: '2024' as const, offersTitan: true },
])('in $world’s Bedrock', ({ world, offersTitan }) => {
  let stack: LocalStack;
  let channel: string;

  beforeAll(async () => {
    stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger, emulator: { world } });
    channel = sandboxOf(stack).channelId('ml-experiments');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(`${offersTitan ? 'proposes' : 'refuses'} a job on Titan Text Lite, spending nothing`, async () => {
    const dataset = await seedTitanDataset(stack, channel, `titan-${world}`);
    const before = (await bedrockJobs(stack)).length;

    const answer = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: `start ${dataset.datasetId} --model titan-text-lite`,
    });

    const shown = JSON.stringify(answer.responseMessage);
    if (offersTitan) {
      expect(shown).toContain('start_confirm');
    } else {
      expect(shown).not.toContain('start_confirm');
      expect(shown).toMatch(/Titan Text G1 - Lite/);
      expect(shown).toMatch(/Nova Micro/);
    }
    expect((await bedrockJobs(stack)).length).toBe(before);
  });

  it(`${offersTitan ? 'offers' : 'says plainly there is no'} continued pre-training`, async () => {
    const answer = await command(stack, {
      userId: ALICE,
      channelId: channel,
      text: 'start --type continued-pretraining',
    });
    const shown = JSON.stringify(answer.responseMessage);
    if (offersTitan) expect(shown).not.toMatch(/No model offers continued pre-training/i);
    else expect(shown).toMatch(/continued pre-training/i);
    expect(shown).not.toContain('start_confirm');
  });
});
