import { describe, expect, it } from 'vitest';
import {
  catalogOffer,
  chooseOffered,
  customizationUnavailableMessage,
  defaultOffered,
  describeOffered,
  LIMITS_UNKNOWN_NOTE,
  offerFromListing,
} from '../../../src/core/catalog/index.js';
import type { FoundationModelInfo } from '../../../src/core/ports.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

function listed(
  modelId: string,
  overrides: Partial<FoundationModelInfo> = {},
  region = 'us-east-1',
): FoundationModelInfo {
  return {
    modelId,
    modelArn: `arn:aws:bedrock:${region}::foundation-model/${modelId}`,
    modelName: modelId,
    providerName: 'test',
    customizationsSupported: ['FINE_TUNING'],
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycleStatus: 'ACTIVE',
    outputModalities: ['TEXT'],
    ...overrides,
  };
}

/** us-east-1 as Bedrock lists it today, in no particular order. */
function eastListing(): FoundationModelInfo[] {
  return [
    listed('amazon.nova-pro-v1:0:300k'),
    listed('amazon.nova-2-lite-v1:0:256k'),
    listed('amazon.nova-lite-v1:0:300k'),
    listed('amazon.nova-micro-v1:0:128k'),
  ];
}

function west(modelId: string, overrides: Partial<FoundationModelInfo> = {}) {
  return listed(modelId, overrides, 'us-west-2');
}

function eastOffer(listing = eastListing()) {
  return offerFromListing({
    listing,
    region: 'us-east-1',
    customizationType: 'FINE_TUNING',
    now: NOW,
    readAt: NOW,
  });
}

describe('the offer: Bedrock’s list joined to the catalog', () => {
  it('never offers a model past its end of life, whether Bedrock or an AWS page cited by the catalog says so', () => {
    // Prepare: Bedrock dates Nova Pro's end of life yesterday; Claude 3 Haiku (end of life on
    // 2026-09-10 by its AWS model card) is still listed; Titan Lite is gone from the list.
    const listing = [
      ...eastListing().filter((info) => !info.modelId.startsWith('amazon.nova-pro')),
      listed('anthropic.claude-3-haiku-20240307-v1:0:200k'),
      listed('amazon.nova-pro-v1:0:300k', {
        lifecycleStatus: 'LEGACY',
        endOfLifeTime: new Date('2026-11-26T00:00:00.000Z'),
      }),
    ];

    // Act
    const offer = eastOffer(listing);

    // Assess
    const ids = offer.models.map((model) => model.modelId);
    expect(ids).not.toContain('anthropic.claude-3-haiku-20240307-v1:0:200k');
    expect(ids).not.toContain('amazon.nova-pro-v1:0:300k');
    expect(
      offer.withheld.find((model) => model.modelId === 'anthropic.claude-3-haiku-20240307-v1:0:200k'),
    ).toMatchObject({
      cause: 'end-of-life',
      listedByBedrock: true,
      reason: 'Claude 3 Haiku is past its end of life (since 2026-09-10): Bedrock refuses jobs on it.',
    });
    expect(
      offer.withheld.find((model) => model.modelId.startsWith('amazon.titan-text-express')),
    ).toMatchObject({
      cause: 'end-of-life',
      listedByBedrock: false,
    });
    expect(offer.withheld.find((model) => model.modelId === 'amazon.nova-pro-v1:0:300k')?.reason).toContain(
      'since 2026-11-26',
    );
  });

  it('lets Bedrock decide for a listed model whose end-of-life date only public notices give', () => {
    // Titan Lite's 2025-08-12 comes from notices quoted in public projects, not from AWS.
    const offer = eastOffer([
      ...eastListing(),
      listed('amazon.titan-text-lite-v1:0:4k', { customizationsSupported: ['FINE_TUNING'] }),
    ]);
    const titan = offer.models.find((model) => model.modelId === 'amazon.titan-text-lite-v1:0:4k');
    expect(titan).toMatchObject({ lifecycle: 'legacy' });
    expect(titan?.notes.join(' ')).toContain('Bedrock still lists it');
  });

  it('marks a legacy model with the date it stops working', () => {
    const listing = eastListing().map((info) =>
      info.modelId.startsWith('amazon.nova-lite')
        ? {
            ...info,
            lifecycleStatus: 'LEGACY' as const,
            legacyTime: new Date('2026-11-01T00:00:00.000Z'),
            endOfLifeTime: new Date('2027-05-01T00:00:00.000Z'),
          }
        : info,
    );

    const lite = eastOffer(listing).models.find((model) => model.modelId === 'amazon.nova-lite-v1:0:300k');

    expect(lite).toMatchObject({ lifecycle: 'legacy', endOfLifeTime: new Date('2027-05-01T00:00:00.000Z') });
    expect(lite?.notes).toEqual([
      'Legacy: Bedrock stops serving Nova Lite on 2027-05-01, and a model tuned on it stops with it.',
    ]);
    expect(describeOffered(eastOffer(listing))).toContain('Nova Lite (nova-lite, legacy until 2027-05-01)');
  });

  it('offers a text model the catalog does not know with the limits-unknown note, and refuses to plan on it', () => {
    // Prepare: a new Nova, and an image model the catalog does not know either.
    const listing = [
      ...eastListing(),
      listed('amazon.nova-3-micro-v1:0:128k', { modelName: 'Nova 3 Micro' }),
      listed('amazon.nova-canvas-v1:0', { modelName: 'Nova Canvas', outputModalities: ['IMAGE'] }),
    ];

    const offer = eastOffer(listing);

    const newcomer = offer.models.find((model) => model.modelId === 'amazon.nova-3-micro-v1:0:128k');
    expect(newcomer).toMatchObject({ name: 'Nova 3 Micro', model: undefined, limitsKnown: false });
    expect(newcomer?.notes).toEqual([LIMITS_UNKNOWN_NOTE]);
    expect(offer.models.at(-1)?.modelId).toBe('amazon.nova-3-micro-v1:0:128k');
    expect(offer.withheld.find((model) => model.modelId === 'amazon.nova-canvas-v1:0')?.cause).toBe(
      'not-text',
    );
    const choice = chooseOffered(offer, 'amazon.nova-3-micro-v1:0:128k');
    expect(choice).toMatchObject({ ok: false, cause: 'uncatalogued' });
    expect(!choice.ok && choice.problem).toContain('tune has no catalog row for it');
  });

  it('defaults to Nova Micro in us-east-1 and to Llama 3.1 8B in us-west-2', () => {
    const westOffer = offerFromListing({
      listing: [
        west('meta.llama3-3-70b-instruct-v1:0:128k'),
        west('anthropic.claude-3-haiku-20240307-v1:0:200k'),
        west('meta.llama3-1-70b-instruct-v1:0:128k'),
        west('meta.llama3-1-8b-instruct-v1:0:128k'),
      ],
      region: 'us-west-2',
      customizationType: 'FINE_TUNING',
      now: NOW,
    });

    expect(defaultOffered(eastOffer())?.modelId).toBe('amazon.nova-micro-v1:0:128k');
    expect(eastOffer().models.map((model) => model.name)).toEqual([
      'Nova Micro',
      'Nova Lite',
      'Nova Pro',
      'Nova 2 Lite',
    ]);
    expect(defaultOffered(westOffer)?.modelId).toBe('meta.llama3-1-8b-instruct-v1:0:128k');
    // Claude 3 Haiku reached end of life on 2026-09-10 in us-west-2.
    expect(westOffer.models.map((model) => model.modelId)).not.toContain(
      'anthropic.claude-3-haiku-20240307-v1:0:200k',
    );
  });

  it('skips a legacy model when choosing the default', () => {
    const listing = eastListing().map((info) =>
      info.modelId.startsWith('amazon.nova-micro') ? { ...info, lifecycleStatus: 'LEGACY' as const } : info,
    );
    expect(defaultOffered(eastOffer(listing))?.modelId).toBe('amazon.nova-lite-v1:0:300k');
  });

  it('says plainly that continued pre-training is not available, why, and that no region offers it', () => {
    const offer = offerFromListing({
      listing: [],
      region: 'us-east-1',
      customizationType: 'CONTINUED_PRE_TRAINING',
      now: NOW,
    });
    const message =
      'Continued pre-training is not available in us-east-1: no active Bedrock model in us-east-1 offers it. ' +
      'Titan Text G1 - Lite and Titan Text G1 - Express, the only models that offered it, are past end of life ' +
      '(since 2025-08-12). No region offers it today.';

    expect(customizationUnavailableMessage('CONTINUED_PRE_TRAINING', 'us-east-1', { now: NOW })).toBe(
      message,
    );
    expect(defaultOffered(offer)).toBeUndefined();
    expect(chooseOffered(offer, 'titan-text-lite')).toEqual({
      ok: false,
      cause: 'none-offered',
      problem: message,
    });
  });

  it('names the regions that offer a type where this one offers none', () => {
    expect(customizationUnavailableMessage('FINE_TUNING', 'eu-west-1', { now: NOW })).toBe(
      'Fine-tuning is not available in eu-west-1: no active Bedrock model in eu-west-1 offers it. It is offered in ' +
        'us-west-2 (Llama 3.1 8B Instruct, Llama 3.1 70B Instruct and Llama 3.3 70B Instruct) and us-east-1 ' +
        '(Nova Micro, Nova Lite, Nova Pro and Nova 2 Lite).',
    );
  });

  it('refuses a model of another region, an end-of-life one and an unknown name, naming what is offered', () => {
    const offer = eastOffer();
    const offered =
      'Offered for fine-tuning in us-east-1: Nova Micro (nova-micro, the default), Nova Lite (nova-lite), Nova Pro (nova-pro), Nova 2 Lite (nova-2-lite).';

    expect(chooseOffered(offer, 'llama3.1-8b')).toEqual({
      ok: false,
      cause: 'other-region',
      problem: `Llama 3.1 8B Instruct cannot be customized in us-east-1; Bedrock offers it in us-west-2. ${offered}`,
    });
    expect(chooseOffered(offer, 'titan-lite')).toEqual({
      ok: false,
      cause: 'end-of-life',
      problem: `Titan Text G1 - Lite is past its end of life (since 2025-08-12): Bedrock refuses jobs on it. ${offered}`,
    });
    expect(chooseOffered(offer, 'gpt-4')).toEqual({
      ok: false,
      cause: 'unknown',
      problem: `"gpt-4": tune knows no such model. ${offered}`,
    });
    expect(chooseOffered(offer, 'Nova-Lite')).toMatchObject({ ok: true, offered: { name: 'Nova Lite' } });
  });

  it('gives the catalog’s own view when there is no live list, without models past end of life', () => {
    const anywhere = catalogOffer({ customizationType: 'FINE_TUNING', now: NOW });
    const west2 = catalogOffer({ customizationType: 'FINE_TUNING', region: 'us-west-2', now: NOW });

    expect(anywhere.source).toBe('catalog');
    expect(anywhere.models.map((model) => model.modelId)).toEqual([
      'amazon.nova-micro-v1:0:128k',
      'amazon.nova-lite-v1:0:300k',
      'amazon.nova-pro-v1:0:300k',
      'amazon.nova-2-lite-v1:0:256k',
      'meta.llama3-1-8b-instruct-v1:0:128k',
      'meta.llama3-1-70b-instruct-v1:0:128k',
      'meta.llama3-3-70b-instruct-v1:0:128k',
    ]);
    expect(defaultOffered(west2)?.modelId).toBe('meta.llama3-1-8b-instruct-v1:0:128k');
    expect(catalogOffer({ customizationType: 'CONTINUED_PRE_TRAINING', now: NOW }).models).toEqual([]);
  });
});
