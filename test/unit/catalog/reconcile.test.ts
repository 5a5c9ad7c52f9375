import { describe, expect, it } from 'vitest';
import { listCatalog, reconcileCatalog } from '../../../src/core/catalog/index.js';
import type { FoundationModelInfo } from '../../../src/core/ports.js';

function listed(
  modelId: string,
  customizationsSupported: string[],
  lifecycleStatus: FoundationModelInfo['lifecycleStatus'],
) {
  return {
    modelId,
    modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
    modelName: modelId,
    providerName: 'test',
    customizationsSupported,
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycleStatus,
  } satisfies FoundationModelInfo;
}

/** The catalog as a region would list it if the two agreed: models past end of life are gone. */
function agreeingListing(): FoundationModelInfo[] {
  return listCatalog()
    .filter((model) => model.lifecycle.value !== 'end-of-life')
    .map((model) =>
      listed(
        model.id,
        Object.keys(model.customizations),
        model.lifecycle.value === 'legacy' ? 'LEGACY' : 'ACTIVE',
      ),
    );
}

const LIVE_MODELS = listCatalog().filter((model) => model.lifecycle.value !== 'end-of-life');

describe('reconciling the catalog with ListFoundationModels', () => {
  it('finds no difference when the region lists what the catalog says', () => {
    const result = reconcileCatalog(listCatalog(), agreeingListing());
    expect(result.differences).toEqual([]);
    expect(result.matched).toHaveLength(LIVE_MODELS.length);
  });

  it('reports models missing from the region, changed customizations, lifecycle and unknown models', () => {
    // Prepare: a region that still lists Titan Lite (past its end of life), gives Nova Lite a
    // customization the catalog lacks, has moved Llama 3.3 to legacy, has no Nova Micro and lists
    // a model the catalog does not know.
    const listing = agreeingListing()
      .filter((info) => !info.modelId.startsWith('amazon.nova-micro'))
      .map((info) => {
        if (info.modelId === 'amazon.nova-lite-v1:0:300k')
          return { ...info, customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'] };
        if (info.modelId === 'meta.llama3-3-70b-instruct-v1:0:128k')
          return { ...info, lifecycleStatus: 'LEGACY' as const };
        return info;
      });
    listing.push(
      listed('amazon.titan-text-lite-v1:0:4k', ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'], 'ACTIVE'),
    );
    listing.push(listed('amazon.nova-3-micro-v1:0:128k', ['FINE_TUNING'], 'ACTIVE'));
    listing.push(listed('amazon.titan-text-lite-v1', [], 'ACTIVE'));

    // Act
    const { differences } = reconcileCatalog(listCatalog(), listing);

    // Assess
    expect(differences.map((difference) => [difference.kind, difference.modelId])).toEqual([
      ['lifecycle', 'amazon.titan-text-lite-v1:0:4k'],
      ['lifecycle', 'meta.llama3-3-70b-instruct-v1:0:128k'],
      ['missing', 'amazon.nova-micro-v1:0:128k'],
      ['customizations', 'amazon.nova-lite-v1:0:300k'],
      ['unknown', 'amazon.nova-3-micro-v1:0:128k'],
    ]);
    expect(differences[0]?.message).toContain('the catalog says end of life since 2025-08-12');
    expect(differences[1]?.message).toContain('the catalog says active, the region says LEGACY');
    expect(differences[3]).toMatchObject({ added: ['CONTINUED_PRE_TRAINING'], removed: [] });
  });

  it('expects models documented for other regions to be missing when the listing’s region is given', () => {
    const westOnly = agreeingListing().filter((info) => info.modelId.startsWith('meta.'));

    const inWest = reconcileCatalog(listCatalog(), westOnly, 'us-west-2');
    const anywhere = reconcileCatalog(listCatalog(), westOnly);

    expect(inWest.differences).toEqual([]);
    expect(anywhere.differences.map((difference) => difference.modelId)).toContain(
      'amazon.nova-micro-v1:0:128k',
    );
  });

  it('ignores a lifecycle the listing does not give', () => {
    const listing = agreeingListing().map((info) => ({ ...info, lifecycleStatus: 'UNKNOWN' as const }));
    expect(reconcileCatalog(listCatalog(), listing).differences).toEqual([]);
  });
});
