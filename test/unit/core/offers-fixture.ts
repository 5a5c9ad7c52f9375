/** Offers as Bedrock's lists would make them today, for the planning and intake tests. */
import { type ModelOffers, offerFromListing } from '../../../src/core/catalog/index.js';
import type { CustomizationType } from '../../../src/core/jobs/job.js';
import type { FoundationModelInfo } from '../../../src/core/ports.js';

export const TODAY = new Date('2026-11-27T12:00:00.000Z');

export function listed(
  modelId: string,
  region: string,
  overrides: Partial<FoundationModelInfo> = {},
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

export function offersOf(
  region: string,
  lists: Partial<Record<CustomizationType, FoundationModelInfo[]>>,
  now = TODAY,
): ModelOffers {
  const offer = (type: CustomizationType) =>
    offerFromListing({ listing: lists[type] ?? [], region, customizationType: type, now, readAt: now });
  return { FINE_TUNING: offer('FINE_TUNING'), CONTINUED_PRE_TRAINING: offer('CONTINUED_PRE_TRAINING') };
}

/** us-east-1 today: the Novas fine-tune, nothing offers continued pre-training. */
export function eastOffers(
  overrides: Partial<Record<string, Partial<FoundationModelInfo>>> = {},
): ModelOffers {
  const ids = [
    'amazon.nova-micro-v1:0:128k',
    'amazon.nova-lite-v1:0:300k',
    'amazon.nova-pro-v1:0:300k',
    'amazon.nova-2-lite-v1:0:256k',
  ];
  return offersOf('us-east-1', {
    FINE_TUNING: ids.map((id) => listed(id, 'us-east-1', overrides[id])),
    CONTINUED_PRE_TRAINING: [],
  });
}

/** us-west-2 today: the Llama 3.1 and 3.3 models fine-tune. */
export function westOffers(): ModelOffers {
  return offersOf('us-west-2', {
    FINE_TUNING: [
      'meta.llama3-1-8b-instruct-v1:0:128k',
      'meta.llama3-1-70b-instruct-v1:0:128k',
      'meta.llama3-3-70b-instruct-v1:0:128k',
    ].map((id) => listed(id, 'us-west-2')),
  });
}
