/**
 * Which models Bedrock customizes in the deployed region, read with ListFoundationModels and kept
 * in a cache (`ModelAvailabilityStore`, DynamoDB) for a day: models move to legacy and end of life
 * on dates announced months ahead, so a day-old list is current enough, and Slack interactions
 * (3 seconds to answer) should not wait on Bedrock each time.
 *
 * Callers pass the result (`ModelOffers`) to planning, intake and the start form; `live.ts` does the
 * join with the catalog.
 */
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../jobs/job.js';
import type { Clock, Customizer, Logger, ModelAvailability, ModelAvailabilityStore } from '../ports.js';
import { type ModelOffer, type ModelOffers, offerFromListing } from './live.js';
import type { Catalog } from './types.js';

/** How long a read list is trusted before the next use reads it again. */
export const AVAILABILITY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface AvailabilityDependencies {
  customizer: Pick<Customizer, 'listFoundationModels'>;
  store: ModelAvailabilityStore;
  clock: Clock;
  /** The region tune runs its jobs in (the deployed region). */
  region: string;
  logger?: Logger;
}

/** True when the list is older than `maxAgeMs` at `now`. */
export function isStale(
  availability: Pick<ModelAvailability, 'readAt'>,
  now: Date,
  maxAgeMs: number = AVAILABILITY_MAX_AGE_MS,
): boolean {
  return now.getTime() - availability.readAt.getTime() > maxAgeMs;
}

/**
 * Reads the live list for every customization type tune runs and stores it with the time it was
 * read. Bedrock failures propagate as the adapter's errors (throttling and outages retryable).
 */
export async function refreshModelAvailability(
  dependencies: AvailabilityDependencies,
): Promise<ModelAvailability> {
  const lists = await Promise.all(
    CUSTOMIZATION_TYPES.map(
      async (type) =>
        [type, await dependencies.customizer.listFoundationModels({ customizationType: type })] as const,
    ),
  );
  const availability: ModelAvailability = {
    region: dependencies.region,
    readAt: dependencies.clock.now(),
    models: Object.fromEntries(lists) as ModelAvailability['models'],
  };
  await dependencies.store.put(availability);
  return availability;
}

/** The offers a stored list makes at `now`, one per customization type. */
export function offersFromAvailability(
  availability: ModelAvailability,
  now: Date,
  catalog?: Catalog,
): ModelOffers {
  return Object.fromEntries(
    CUSTOMIZATION_TYPES.map((type: CustomizationType) => [
      type,
      offerFromListing({
        listing: availability.models[type],
        region: availability.region,
        customizationType: type,
        now,
        readAt: availability.readAt,
        ...(catalog ? { catalog } : {}),
      }),
    ]),
  ) as Record<CustomizationType, ModelOffer>;
}

/**
 * What tune offers in the region now: from the cache, read again from Bedrock when the cache is
 * missing, older than a day or `refresh` is asked for. When that read fails and an older list is
 * stored, the older list is used (and the failure logged): a model list a few days old is better
 * than refusing every job while Bedrock's control plane has a bad hour. Without any stored list
 * the failure propagates.
 */
export async function offeredModels(
  dependencies: AvailabilityDependencies,
  options: { refresh?: boolean; maxAgeMs?: number } = {},
): Promise<ModelOffers> {
  const now = dependencies.clock.now();
  const cached = await dependencies.store.get(dependencies.region);
  if (cached && !options.refresh && !isStale(cached, now, options.maxAgeMs)) {
    return offersFromAvailability(cached, now);
  }
  try {
    return offersFromAvailability(await refreshModelAvailability(dependencies), now);
  } catch (error) {
    if (!cached) throw error;
    dependencies.logger?.warn('could not refresh the model list; using the stored one', {
      region: dependencies.region,
      readAt: cached.readAt.toISOString(),
      error: String(error),
    });
    return offersFromAvailability(cached, now);
  }
}
