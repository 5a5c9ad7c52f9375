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

/** The catalog as a region would list it if the two agreed. */
function agreeingListing(): FoundationModelInfo[] {
  return listCatalog().map((model) =>
    listed(
      model.id,
      Object.keys(model.customizations),
      model.lifecycle.value === 'legacy' ? 'LEGACY' : 'ACTIVE',
    ),
  );
}

describe('reconciling the catalog with ListFoundationModels', () => {
  it('finds no difference when the region lists what the catalog says', () => {
    const result = reconcileCatalog(listCatalog(), agreeingListing());
    expect(result.differences).toEqual([]);
    expect(result.matched).toHaveLength(listCatalog().length);
  });

  it('reports models missing from the region, changed customizations, lifecycle and unknown models', () => {
    // Prepare: ap-south-1 in the reference lists Titan Lite with no customizations.
    const listing = agreeingListing()
      .filter((info) => !info.modelId.startsWith('amazon.nova-micro'))
      .map((info) => {
        if (info.modelId === 'amazon.titan-text-lite-v1:0:4k')
          return { ...info, customizationsSupported: [] };
        if (info.modelId === 'amazon.titan-text-express-v1:0:8k')
          return { ...info, customizationsSupported: ['FINE_TUNING', 'DISTILLATION'] };
        if (info.modelId === 'meta.llama3-3-70b-instruct-v1:0:128k')
          return { ...info, lifecycleStatus: 'LEGACY' as const };
        return info;
      });
    listing.push(listed('amazon.nova-2-lite-v1:0:256k', ['FINE_TUNING'], 'ACTIVE'));
    listing.push(listed('amazon.titan-text-lite-v1', [], 'ACTIVE'));

    // Act
    const { differences } = reconcileCatalog(listCatalog(), listing);

    // Assess
    expect(differences.map((difference) => [difference.kind, difference.modelId])).toEqual([
      ['customizations', 'amazon.titan-text-lite-v1:0:4k'],
      ['customizations', 'amazon.titan-text-express-v1:0:8k'],
      ['lifecycle', 'meta.llama3-3-70b-instruct-v1:0:128k'],
      ['missing', 'amazon.nova-micro-v1:0:128k'],
      ['unknown', 'amazon.nova-2-lite-v1:0:256k'],
    ]);
    expect(differences[0]).toMatchObject({ removed: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'], added: [] });
    expect(differences[1]).toMatchObject({ removed: ['CONTINUED_PRE_TRAINING'], added: [] });
    expect(differences[2]?.message).toContain('the catalog says active, the region says LEGACY');
  });

  it('ignores a lifecycle the listing does not give', () => {
    const listing = agreeingListing().map((info) => ({ ...info, lifecycleStatus: 'UNKNOWN' as const }));
    expect(reconcileCatalog(listCatalog(), listing).differences).toEqual([]);
  });
});
