/**
 * Compares the catalog with what ListFoundationModels says in one region (`tune models --refresh`).
 * The catalog is written from documents that drift: models turn legacy, customizations appear and
 * disappear per region. This lists the differences; it changes nothing, because a person should
 * decide whether the catalog or the region is the odd one.
 */
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../jobs/job.js';
import type { FoundationModelInfo } from '../ports.js';
import type { Catalog, Lifecycle } from './types.js';

export type CatalogDifference =
  | {
      kind: 'missing';
      modelId: string;
      message: string;
    }
  | {
      kind: 'customizations';
      modelId: string;
      /** Offered by the region but absent from the catalog row. */
      added: CustomizationType[];
      /** In the catalog row but not offered by the region. */
      removed: CustomizationType[];
      message: string;
    }
  | {
      kind: 'lifecycle';
      modelId: string;
      catalog: Lifecycle;
      region: 'ACTIVE' | 'LEGACY';
      message: string;
    }
  | {
      kind: 'unknown';
      modelId: string;
      customizations: CustomizationType[];
      message: string;
    };

export interface Reconciliation {
  /** Catalog rows found in the listing. */
  matched: string[];
  differences: CatalogDifference[];
}

function supportedTypes(info: FoundationModelInfo): CustomizationType[] {
  // DISTILLATION and newer kinds are outside tune's scope; only the two types it runs are compared.
  return CUSTOMIZATION_TYPES.filter((type) => info.customizationsSupported.includes(type));
}

/**
 * `region`, when given, is where the listing comes from: a catalog model documented only for other
 * regions is expected to be missing there and is not reported.
 */
export function reconcileCatalog(
  catalog: Catalog,
  foundationModels: FoundationModelInfo[],
  region?: string,
): Reconciliation {
  const byId = new Map(foundationModels.map((info) => [info.modelId, info]));
  const differences: CatalogDifference[] = [];
  const matched: string[] = [];

  for (const model of catalog) {
    const info = byId.get(model.id);
    // A model past its end of life that the region no longer lists agrees with the catalog.
    if (!info && model.lifecycle.value === 'end-of-life') continue;
    const documented = model.regions.value === 'unknown' ? undefined : model.regions.value;
    if (!info && region !== undefined && documented !== undefined && !documented.includes(region)) continue;
    if (!info) {
      differences.push({
        kind: 'missing',
        modelId: model.id,
        message: `${model.name} (${model.id}) is not listed in this region: it cannot be customized here.`,
      });
      continue;
    }
    matched.push(model.id);
    const listed = supportedTypes(info);
    const cataloged = CUSTOMIZATION_TYPES.filter((type) => model.customizations[type] !== undefined);
    const added = listed.filter((type) => !cataloged.includes(type));
    const removed = cataloged.filter((type) => !listed.includes(type));
    if (added.length > 0 || removed.length > 0) {
      const parts = [
        added.length > 0 ? `the region also offers ${added.join(', ')}` : '',
        removed.length > 0 ? `the region does not offer ${removed.join(', ')}` : '',
      ].filter((part) => part !== '');
      differences.push({
        kind: 'customizations',
        modelId: model.id,
        added,
        removed,
        message: `${model.name}: ${parts.join('; ')} (catalog: ${cataloged.join(', ') || 'none'}).`,
      });
    }
    if (info.lifecycleStatus !== 'UNKNOWN') {
      // ListFoundationModels has no end-of-life status: a model past it is either gone from the
      // listing or still listed (the docs and the service do not change on the same day). A listed
      // model the catalog calls end of life is worth a look either way.
      const expected = model.lifecycle.value === 'active' ? 'ACTIVE' : 'LEGACY';
      if (model.lifecycle.value === 'end-of-life' || info.lifecycleStatus !== expected) {
        const since = model.lifecycle.endOfLifeTime ? ` since ${model.lifecycle.endOfLifeTime}` : '';
        differences.push({
          kind: 'lifecycle',
          modelId: model.id,
          catalog: model.lifecycle.value,
          region: info.lifecycleStatus,
          message:
            model.lifecycle.value === 'end-of-life'
              ? `${model.name}: the catalog says end of life${since}, yet the region still lists it as ${info.lifecycleStatus}; tune does not offer it.`
              : `${model.name}: the catalog says ${model.lifecycle.value}, the region says ${info.lifecycleStatus}.`,
        });
      }
    }
  }

  const known = new Set(catalog.map((model) => model.id));
  for (const info of foundationModels) {
    const types = supportedTypes(info);
    if (types.length === 0 || known.has(info.modelId)) continue;
    differences.push({
      kind: 'unknown',
      modelId: info.modelId,
      customizations: types,
      message: `${info.modelName} (${info.modelId}) offers ${types.join(', ')} here but is not in the catalog.`,
    });
  }
  return { matched, differences };
}
