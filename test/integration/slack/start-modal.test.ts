/** `/tune start` with no arguments: the modal, its live updates, inline errors and the confirmation it posts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../../src/local/stack.js';
import { ALICE, sandboxOf, seedDataset } from '../../support/jobs.js';

let stack: LocalStack;
let channel: string;

beforeAll(async () => {
  stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
  channel = sandboxOf(stack).channelId('ml-experiments');
  await seedDataset(stack, channel, 'dsmodal');
});
afterAll(async () => {
  await stack?.close();
});

function topView() {
  const views = sandboxOf(stack).views(ALICE);
  const view = views[views.length - 1];
  if (!view) throw new Error('no modal open');
  return view;
}

describe('the start modal', () => {
  it('opens prefilled with the latest dataset, its model and the model defaults, with the estimate', async () => {
    const result = await sandboxOf(stack).slashCommand({ userId: ALICE, channelId: channel, text: 'start' });
    await stack.idle();
    expect(result.failure).toBeUndefined();
    const shown = JSON.stringify(topView().blocks);
    expect(shown).toContain('dsmodal.jsonl');
    expect(shown).toContain('Nova Micro');
    expect(shown).not.toContain('Titan Text');
    expect(shown).toContain('"block_id":"hp_epochCount"');
    expect(shown).toContain('Estimate:');
    // Nova Micro's training price is in neither the local price list nor the catalog.
    expect(shown).toContain('(price: no price known)');
  });

  it('rebuilds the hyperparameters when another model is chosen', async () => {
    const view = topView();
    await sandboxOf(stack).selectOption({
      userId: ALICE,
      viewId: view.id,
      actionId: 'start_modal_model',
      // Bedrock documents no hyperparameters for Nova 2 Lite: the form shows none (Nova Micro has three).
      value: 'amazon.nova-2-lite-v1:0:256k',
    });
    await stack.idle();
    const shown = JSON.stringify(topView().blocks);
    expect(shown).not.toContain('hp_learningRateWarmupSteps');
    expect(shown).not.toContain('hp_epochCount');

    // And back: Nova Micro's three fields return, for the tests below.
    await sandboxOf(stack).selectOption({
      userId: ALICE,
      viewId: topView().id,
      actionId: 'start_modal_model',
      value: 'amazon.nova-micro-v1:0:128k',
    });
    await stack.idle();
    expect(JSON.stringify(topView().blocks)).toContain('hp_epochCount');
  });

  it('shows a wrong hyperparameter under its own field and keeps the modal open', async () => {
    const view = topView();
    const submitted = await sandboxOf(stack).submitView({
      userId: ALICE,
      viewId: view.id,
      values: {
        model: { start_modal_model: 'amazon.nova-micro-v1:0:128k' },
        hp_epochCount: { value: '42' },
      },
    });
    expect(submitted.errors?.hp_epochCount).toContain('outside the allowed range 1 to 5');
    expect(sandboxOf(stack).views(ALICE).length).toBeGreaterThan(0);
  });

  it('closes on a good submission and posts the confirmation with its Start button', async () => {
    const view = topView();
    const submitted = await sandboxOf(stack).submitView({
      userId: ALICE,
      viewId: view.id,
      values: {
        model: { start_modal_model: 'amazon.nova-micro-v1:0:128k' },
        hp_epochCount: { value: '3' },
        name: { value: 'modal-bot' },
      },
    });
    expect(submitted.errors).toBeUndefined();
    const confirmation = await sandboxOf(stack).waitFor(() =>
      sandboxOf(stack)
        .messages(channel)
        .find(
          (message) =>
            JSON.stringify(message).includes('modal-bot') &&
            JSON.stringify(message).includes('start_confirm'),
        ),
    );
    expect(JSON.stringify(confirmation)).toContain('epochCount=3');
  });
});

describe('the start modal in a channel without datasets of the chosen type', () => {
  it('shows the problem under an input block Slack accepts', async () => {
    await sandboxOf(stack).slashCommand({ userId: ALICE, channelId: channel, text: 'start' });
    await stack.idle();
    const view = topView();
    await sandboxOf(stack).selectOption({
      userId: ALICE,
      viewId: view.id,
      actionId: 'start_modal_type',
      value: 'CONTINUED_PRE_TRAINING',
    });
    await sandboxOf(stack).waitFor(() =>
      JSON.stringify(topView().blocks).includes('no dataset for continued pre-training'),
    );
    expect(JSON.stringify(topView().blocks)).toContain(
      'Continued pre-training is not available in us-east-1: no active Bedrock model in us-east-1 offers it.',
    );

    const submitted = await sandboxOf(stack).submitView({ userId: ALICE, viewId: topView().id, values: {} });

    expect(submitted.failure).toBeUndefined();
    expect(Object.keys(submitted.errors ?? {})).toEqual(['type']);
  });
});
