/**
 * Estimates in the sandbox name their price's source: the local stack reads its price list at start
 * (as the deployed watch does daily) through the real Pricing client, and the dataset answer, the
 * confirmation and the start form say where each price came from and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoPriceBookStore } from '../../../src/aws/dynamo-price-book-store.js';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { ALICE, command, sandboxOf } from '../../support/jobs.js';

let stack: LocalStack;
let channel: string;
/** "AWS price list, us-east-1, read <the day the stack read it>". */
let fromPriceList: string;

beforeAll(async () => {
  stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
  channel = sandboxOf(stack).channelId('ml-experiments');
  const book = await new DynamoPriceBookStore({
    client: stack.clients.documents,
    tableName: stack.config.tableName,
  }).get('us-east-1');
  fromPriceList = `price: AWS price list, us-east-1, read ${book?.readAt.toISOString().slice(0, 10)}`;
});
afterAll(async () => {
  await stack?.close();
});

const conversation = (index: number) =>
  JSON.stringify({
    schemaVersion: 'bedrock-conversation-2024',
    messages: [
      { role: 'user', content: [{ text: `How do I list bucket ${index}?` }] },
      { role: 'assistant', content: [{ text: `aws s3 ls s3://bucket-${index}/` }] },
    ],
  });

async function share(filename: string, comment: string) {
  const content = `${Array.from({ length: 20 }, (_, index) => conversation(index)).join('\n')}\n`;
  const shared = await sandboxOf(stack).shareFile({
    userId: ALICE,
    channelId: channel,
    filename,
    content,
    comment,
  });
  await stack.idle();
  return sandboxOf(stack)
    .thread(channel, String(shared.message.ts))
    .filter((message) => message.user === sandboxOf(stack).botUserId)
    .map((message) => JSON.stringify(message))
    .join('\n');
}

describe('estimates with the source of their price, in Slack', () => {
  it('prices a Nova 2 Lite dataset from the AWS price list, and names the list, the region and the day it was read', async () => {
    const text = await share('nova2.jsonl', '--model nova-2-lite');

    expect(text).toContain('is ready for fine-tuning of Nova 2 Lite');
    expect(text).toContain(fromPriceList);
    expect(stack.priceList?.getProductsCalls()).toBeGreaterThan(0);
  });

  it('says no price is known for a model the price list and the catalog have no training price for', async () => {
    const text = await share('micro.jsonl', '--model nova-micro');

    expect(text).toContain('is ready for fine-tuning of Nova Micro');
    expect(text).toContain('price: no price known');
  });

  it('names the source in the confirmation of a proposed job', async () => {
    const shared = await share('nova2-start.jsonl', '--model nova-2-lite');
    const datasetId = /start ([a-z0-9-]+)/.exec(shared)?.[1];
    expect(datasetId).toBeDefined();

    const proposed = await command(stack, { userId: ALICE, channelId: channel, text: `start ${datasetId}` });

    const confirmation = JSON.stringify(proposed.responseMessage);
    expect(confirmation).toContain('start_confirm');
    expect(confirmation).toContain(fromPriceList);
  });
});
