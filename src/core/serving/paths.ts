/**
 * How a model tuned on a given base model can be served in a region, and at what price, from the
 * catalog (docs/bedrock-models.md; docs/serving.md says why each rule holds):
 * - on-demand custom model deployment, billed per token with no hourly fee, only for the base
 *   models and regions the catalog lists, and only for models customized on or after 2025-07-16;
 * - Provisioned Throughput without commitment, one model unit, billed per hour until deleted.
 * tune prefers on-demand where it exists. Prices nobody confirmed stay `unknown`.
 */
import { findModel, isKnown, SOURCES } from '../catalog/index.js';
import type { CatalogModel, PriceFact } from '../catalog/types.js';
import { InputError } from '../errors.js';
import type { ServingPath } from '../ports.js';

/** The first day Bedrock deploys custom models on demand; older customizations cannot be (D-od). */
export const ON_DEMAND_CUSTOMIZED_FROM = '2025-07-16';

export interface PathOffer {
  path: ServingPath;
  available: boolean;
  /** Why it is not available, or what is uncertain about it. */
  note?: string;
  /** The catalog's source tag and where it points. */
  source: string;
  sourceUrl?: string;
  /** False when no primary source confirmed it. */
  confirmed: boolean;
}

export interface ServingOffer {
  baseModelId: string;
  baseModelName: string;
  region: string;
  onDemand: PathOffer;
  provisioned: PathOffer & { hourlyPerModelUnit: PriceFact };
  storagePerMonth: PriceFact;
}

function sourced(tag: string): { source: string; sourceUrl?: string } {
  const url = SOURCES[tag];
  return url ? { source: tag, sourceUrl: url } : { source: tag };
}

/** What serving a model tuned on `baseModelId` in `region` allows; `customizedAt` is when its job ended. */
export function servingOffer(baseModelId: string, region: string, customizedAt: Date): ServingOffer {
  const model: CatalogModel | undefined = findModel(baseModelId);
  if (!model) {
    const unknown = {
      available: false,
      note: 'the base model is not in tune’s catalog',
      source: 'catalog',
      confirmed: false,
    };
    return {
      baseModelId,
      baseModelName: baseModelId,
      region,
      onDemand: { path: 'on-demand', ...unknown },
      provisioned: { path: 'provisioned', ...unknown, hourlyPerModelUnit: 'unknown' },
      storagePerMonth: 'unknown',
    };
  }
  const onDemandFact = model.serving.onDemandDeployment;
  let onDemand: PathOffer;
  if (!isKnown(onDemandFact)) {
    onDemand = {
      path: 'on-demand',
      available: false,
      note: onDemandFact.note,
      source: 'catalog',
      confirmed: false,
    };
  } else {
    const inRegion = onDemandFact.value.includes(region);
    const recentEnough = customizedAt.toISOString().slice(0, 10) >= ON_DEMAND_CUSTOMIZED_FROM;
    const note = !inRegion
      ? onDemandFact.value.length === 0
        ? `Bedrock does not deploy models tuned on ${model.name} on demand`
        : `on-demand deployment of models tuned on ${model.name} is offered in ${onDemandFact.value.join(', ')}, not ${region}`
      : !recentEnough
        ? `only models customized on or after ${ON_DEMAND_CUSTOMIZED_FROM} can be deployed on demand`
        : onDemandFact.confirmed
          ? undefined
          : onDemandFact.note;
    onDemand = {
      path: 'on-demand',
      available: inRegion && recentEnough,
      ...(note ? { note } : {}),
      ...sourced(onDemandFact.source),
      confirmed: onDemandFact.confirmed,
    };
  }
  const provisionedFact = model.serving.provisionedThroughput;
  const provisioned = isKnown(provisionedFact)
    ? {
        path: 'provisioned' as const,
        available: provisionedFact.value,
        ...(provisionedFact.note ? { note: provisionedFact.note } : {}),
        ...sourced(provisionedFact.source),
        confirmed: provisionedFact.confirmed,
        hourlyPerModelUnit: model.prices.provisionedThroughputPerModelUnitHour,
      }
    : {
        path: 'provisioned' as const,
        available: false,
        note: provisionedFact.note,
        source: 'catalog',
        confirmed: false,
        hourlyPerModelUnit: model.prices.provisionedThroughputPerModelUnitHour,
      };
  return {
    baseModelId: model.id,
    baseModelName: model.name,
    region,
    onDemand,
    provisioned,
    storagePerMonth: model.prices.storagePerModelMonth,
  };
}

/** Whether any path serves this model: a card says so plainly when none does. */
export function isServable(offer: ServingOffer): boolean {
  return offer.onDemand.available || offer.provisioned.available;
}

/**
 * The path a deployment takes: on-demand where it exists, otherwise Provisioned Throughput;
 * `wantProvisioned` (`--provisioned`) asks for Provisioned Throughput explicitly. Throws an
 * `InputError` saying why when the chosen path cannot serve the model.
 */
export function choosePath(
  offer: ServingOffer,
  wantProvisioned: boolean,
): { path: ServingPath; reason: string } {
  if (wantProvisioned) {
    if (offer.provisioned.available)
      return { path: 'provisioned', reason: 'Provisioned Throughput was asked for' };
    throw new InputError(
      `A model tuned on ${offer.baseModelName} cannot be served by Provisioned Throughput${offer.provisioned.note ? `: ${offer.provisioned.note}` : ''}.`,
      { field: 'path' },
    );
  }
  if (offer.onDemand.available)
    return { path: 'on-demand', reason: 'on-demand deployment is offered for it here' };
  if (offer.provisioned.available) {
    return {
      path: 'provisioned',
      reason: `on-demand deployment is not possible (${offer.onDemand.note ?? 'not offered'})`,
    };
  }
  throw new InputError(notServableText(offer), { field: 'model' });
}

/** The plain sentence for a model nothing can serve. */
export function notServableText(offer: ServingOffer): string {
  const reasons = [offer.onDemand.note, offer.provisioned.note].filter((note) => note !== undefined);
  return `Bedrock offers no way to serve a model tuned on ${offer.baseModelName} in ${offer.region}${
    reasons.length > 0 ? `: ${reasons.join('; ')}` : ''
  }.`;
}
