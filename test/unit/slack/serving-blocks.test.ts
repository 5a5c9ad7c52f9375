import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/core/serving/endpoint.js';
import { servingOffer } from '../../../src/core/serving/paths.js';
import { checkMessageBlocks } from '../../../src/local/slack-sandbox/block-kit-rules.js';
import { deployOfferMessage, modelCard } from '../../../src/slack/blocks/model-card.js';
import {
  endpointUpdateMessage,
  modelListMessage,
  morningMessage,
  reminderMessage,
} from '../../../src/slack/blocks/serving.js';
import { novaModel } from '../serving/fixture.js';

const SETTINGS = { idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 };
const NOW = new Date('2026-11-26T12:00:00.000Z');
const RECENT = new Date('2026-11-20T00:00:00.000Z');

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    endpointId: 'e1',
    status: 'Serving',
    modelId: 'm1',
    modelName: 'support-bot',
    modelArn: novaModel().modelArn,
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    path: 'provisioned',
    purpose: 'chat',
    bedrockName: 'tune-e1',
    clientRequestToken: 't',
    arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc',
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1', threadTs: '1.2' },
    hourlyUsd: 7.1,
    modelUnits: 1,
    createdAt: '2026-11-26T08:00:00.000Z',
    updatedAt: '2026-11-26T08:00:00.000Z',
    acceptedAt: '2026-11-26T08:00:00.000Z',
    servingSince: '2026-11-26T08:20:00.000Z',
    version: 3,
    transitions: [],
    announcedVersion: 3,
    ...overrides,
  };
}

describe('the model card', () => {
  it('shows the ARN without the account, the losses, and Deploy / Ask with the model id', () => {
    const model = novaModel({ trainingLoss: 0.41234, validationLoss: 0.5 });
    const card = JSON.stringify(
      modelCard(model, servingOffer(model.baseModelId, 'us-east-1', RECENT), SETTINGS),
    );

    expect(card).toContain('`custom-model/amazon.nova-micro-v1:0:128k/abcdefabcdef`');
    expect(card).not.toContain('111122223333');
    expect(card).toContain('0.4123');
    expect(card).toContain(
      '"action_id":"model_deploy","text":{"type":"plain_text","text":"Deploy"},"style":"primary","value":"m1"',
    );
    expect(card).toContain('"action_id":"model_ask","text":{"type":"plain_text","text":"Ask"},"value":"m1"');
  });

  it('says plainly when no path serves the base model, and offers no Deploy', () => {
    const model = novaModel({ baseModelId: 'amazon.titan-text-lite-v1:0:4k' });
    const offer = servingOffer(model.baseModelId, 'us-east-1', RECENT);
    const card = JSON.stringify(modelCard(model, offer, SETTINGS));

    expect(card).toContain(
      'Bedrock offers no way to serve a model tuned on Titan Text G1 - Lite in us-east-1',
    );
    expect(card).not.toContain('model_deploy');
    expect(card).toContain('model_ask');
    // The storage price the catalog has, with its source.
    expect(card).toContain('$1.95 per month (secondary source: pricing-secondary, 2024');
  });

  it('stays within Block Kit’s limits with a name of 300 characters and escapes it', () => {
    const model = novaModel({ name: `<!channel>${'x'.repeat(290)}` });
    const message = modelCard(model, servingOffer(model.baseModelId, 'us-east-1', RECENT), SETTINGS);
    expect(checkMessageBlocks(message.blocks)).toEqual([]);
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });
});

describe('the deploy offer Ask shows', () => {
  it('explains what serving costs and offers Deploy', () => {
    const model = novaModel();
    const offer = deployOfferMessage(model, servingOffer(model.baseModelId, 'us-east-1', RECENT), SETTINGS);
    expect(offer.text).toContain('Nothing serves support-bot-m1 right now');
    expect(JSON.stringify(offer.blocks)).toContain('"action_id":"model_deploy"');
    expect(checkMessageBlocks(offer.blocks)).toEqual([]);
  });
});

describe('endpoint messages', () => {
  it('tells a deletion decided and done in one run once, with what it cost', () => {
    const deleted = endpoint({
      status: 'Deleted',
      deletedAt: '2026-11-26T11:30:00.000Z',
      deletion: { reason: 'idle', requestedAt: '2026-11-26T11:30:00.000Z', attempts: 0 },
    });
    expect(
      endpointUpdateMessage(deleted, { version: 4, from: 'Serving', to: 'Deleting', at: '' }, NOW),
    ).toBeUndefined();
    const told = endpointUpdateMessage(deleted, { version: 5, from: 'Deleting', to: 'Deleted', at: '' }, NOW);
    expect(told?.text).toContain('3 h 30 min of Provisioned Throughput × $7.10/h ≈ $24.85');
  });

  it('keeps an evaluation’s endpoint quiet until something goes wrong', () => {
    const evaluation = endpoint({ purpose: 'evaluation', evaluationId: 'ev1', path: 'on-demand' });
    expect(
      endpointUpdateMessage(evaluation, { version: 2, from: 'Requested', to: 'Creating', at: '' }, NOW),
    ).toBeUndefined();
    expect(
      endpointUpdateMessage(evaluation, { version: 3, from: 'Creating', to: 'Serving', at: '' }, NOW),
    ).toBeUndefined();
    const failed = { ...evaluation, status: 'Failed' as const, failureMessage: 'quota' };
    expect(
      endpointUpdateMessage(failed, { version: 3, from: 'Creating', to: 'Failed', at: '' }, NOW)?.text,
    ).toContain('for an evaluation');
  });

  it('offers Keep on an idle reminder, and not at the daily cap', () => {
    const idle = reminderMessage(
      endpoint(),
      { at: new Date('2026-11-26T12:10:00.000Z'), reason: 'idle' },
      true,
      NOW,
    );
    const cap = reminderMessage(
      endpoint(),
      { at: new Date('2026-11-26T16:00:00.000Z'), reason: 'daily-cap' },
      false,
      NOW,
    );
    expect(JSON.stringify(idle.blocks)).toContain('"action_id":"endpoint_keep"');
    expect(idle.text).toContain('at 12:10 UTC');
    expect(JSON.stringify(cap.blocks)).not.toContain('endpoint_keep');
    expect(cap.text).toContain('daily cap');
  });

  it('lists running endpoints and those tune did not make in the morning message', () => {
    const message = morningMessage(
      {
        teamId: 'T1',
        channelId: 'C1',
        endpoints: [
          { endpoint: endpoint(), deadline: { at: new Date('2026-11-26T14:00:00.000Z'), reason: 'idle' } },
        ],
        unrecorded: [
          {
            path: 'provisioned',
            arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/zz',
            name: 'made-by-hand',
            modelArn: novaModel().modelArn,
            status: 'InService',
            createdAt: '2026-11-25T10:00:00.000Z',
            modelId: 'm1',
            modelName: 'support-bot-m1',
          },
        ],
      },
      NOW,
    );
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('4 h 0 min of Provisioned Throughput × $7.10/h ≈ $28.40');
    expect(text).toContain('deleted at 14:00 UTC (idle)');
    expect(text).toContain('`made-by-hand`');
    expect(text).toContain('never deletes them');
    expect(checkMessageBlocks(message.blocks)).toEqual([]);
  });

  it('keeps /tune models within 50 blocks however many models a channel has', () => {
    const entries = Array.from({ length: 120 }, (_, index) => ({
      model: novaModel({ modelId: `m${index}` }),
      endpoints: [endpoint({ modelId: `m${index}` })],
    }));
    const message = modelListMessage('T1', 'C1', entries, [], NOW);
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(checkMessageBlocks(message.blocks)).toEqual([]);
  });
});
