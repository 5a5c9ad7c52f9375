/**
 * What tune offers: Bedrock's live model list for a region and customization type, joined to the
 * typed catalog by model id. The list decides what exists in the region today; the catalog adds
 * what the list does not say (formats, limits, hyperparameters, prices, documented dates).
 *
 * - A model past its end of life is never offered, whichever side says so: Bedrock refuses the job
 *   at CreateModelCustomizationJob, after a person confirmed the spend.
 * - A legacy model is offered, marked with the date it stops working.
 * - A model Bedrock lists that the catalog does not know is offered with a "limits unknown" note
 *   and no guessed limits; tune can show it but cannot check a dataset, hyperparameters or a cost
 *   for it, so planning and intake refuse it with a message that says why
 *   (docs/bedrock-models.md).
 * - The default for a type is the first active, catalogued model in `DEFAULT_PREFERENCE` order.
 *
 * Pure: callers pass the list (see `availability.ts` for the cached read) and the time.
 */
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../jobs/job.js';
import type { FoundationModelInfo } from '../ports.js';
import { customizationTypeLabel, findModel } from './catalog.js';
import { DEFAULT_PREFERENCE, MODELS } from './models.js';
import type { Catalog, CatalogModel } from './types.js';

export interface OfferedModel {
  modelId: string;
  name: string;
  /** The catalog row; undefined for a model Bedrock lists that the catalog does not know. */
  model: CatalogModel | undefined;
  lifecycle: 'active' | 'legacy';
  legacyTime?: Date;
  /** When Bedrock stops serving it, where known (Bedrock's date first, the catalog's otherwise). */
  endOfLifeTime?: Date;
  /** False when tune has no spec for this model and type: nothing about the data can be checked. */
  limitsKnown: boolean;
  /** Plain sentences to show beside the model: its end date when legacy, unknown limits. */
  notes: string[];
}

/** A model tune knows of that is not offered here, with the reason in plain words. */
export interface WithheldModel {
  modelId: string;
  name: string;
  reason: string;
  /** Why, as a code for callers that branch on it. */
  cause: 'end-of-life' | 'other-region' | 'not-listed' | 'not-text';
  /** True when Bedrock's list has it and tune still withholds it (a date passed, not a text model). */
  listedByBedrock: boolean;
}

export interface ModelOffer {
  /** Undefined only for the catalog-only view of no particular region. */
  region: string | undefined;
  customizationType: CustomizationType;
  /** `bedrock`: joined to the live list read at `readAt`; `catalog`: documents only, not checked live. */
  source: 'bedrock' | 'catalog';
  readAt?: Date;
  /** In preference order: the default (if any) first. */
  models: OfferedModel[];
  withheld: WithheldModel[];
}

export type ModelOffers = Readonly<Record<CustomizationType, ModelOffer>>;

export const LIMITS_UNKNOWN_NOTE =
  'Limits unknown: tune has no catalog row for this model, so it cannot check a dataset, hyperparameters or a cost for it; Bedrock checks them only when the job starts.';

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseDay(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(`${value}T00:00:00.000Z`);
}

/** A catalog row that is past its end of life at `now` (a row without a date is past it already). */
function catalogEnded(model: CatalogModel, now: Date): Date | 'undated' | undefined {
  if (model.lifecycle.value !== 'end-of-life') return undefined;
  const end = parseDay(model.lifecycle.endOfLifeTime);
  if (end === undefined) return 'undated';
  return end.getTime() <= now.getTime() ? end : undefined;
}

function endedReason(name: string, end: Date | 'undated'): string {
  return end === 'undated'
    ? `${name} is past its end of life: Bedrock refuses jobs on it.`
    : `${name} is past its end of life (since ${day(end)}): Bedrock refuses jobs on it.`;
}

function legacyNote(name: string, end: Date | undefined): string {
  return end
    ? `Legacy: Bedrock stops serving ${name} on ${day(end)}, and a model tuned on it stops with it.`
    : `Legacy: Bedrock has announced ${name}'s retirement; no end date is given yet.`;
}

function rank(offered: OfferedModel, catalog: Catalog): number {
  const preferred = DEFAULT_PREFERENCE.indexOf(offered.modelId);
  if (preferred >= 0) return preferred;
  const row = catalog.findIndex((model) => model.id === offered.modelId);
  return row >= 0 ? DEFAULT_PREFERENCE.length + row : DEFAULT_PREFERENCE.length + catalog.length;
}

function sortOffered(models: OfferedModel[], catalog: Catalog): OfferedModel[] {
  return [...models].sort(
    (left, right) => rank(left, catalog) - rank(right, catalog) || left.name.localeCompare(right.name),
  );
}

/** Why a catalog model offering this type is not in the offer (it was not in the live list). */
function withheldFromCatalog(
  model: CatalogModel,
  region: string | undefined,
  now: Date,
  source: ModelOffer['source'],
): WithheldModel {
  const ended = catalogEnded(model, now);
  if (ended !== undefined)
    return {
      modelId: model.id,
      name: model.name,
      cause: 'end-of-life',
      listedByBedrock: false,
      reason: endedReason(model.name, ended),
    };
  const regions = model.regions.value === 'unknown' ? undefined : model.regions.value;
  if (region !== undefined && regions !== undefined && !regions.includes(region)) {
    return {
      modelId: model.id,
      name: model.name,
      cause: 'other-region',
      listedByBedrock: false,
      reason: `${model.name} cannot be customized in ${region}; Bedrock offers it in ${regions.join(', ')}.`,
    };
  }
  return {
    modelId: model.id,
    name: model.name,
    cause: 'not-listed',
    listedByBedrock: false,
    reason:
      source === 'bedrock'
        ? `${model.name} is not in Bedrock's list of customizable models in ${region}.`
        : `${model.name} is not documented as customizable${region ? ` in ${region}` : ''}.`,
  };
}

/**
 * Joins Bedrock's list (ListFoundationModels filtered by `customizationType`) to the catalog.
 * `readAt` is when the list was read; `now` decides which dates have passed.
 */
export function offerFromListing(input: {
  listing: readonly FoundationModelInfo[];
  region: string;
  customizationType: CustomizationType;
  now: Date;
  readAt?: Date;
  catalog?: Catalog;
}): ModelOffer {
  const { region, customizationType: type, now } = input;
  const catalog = input.catalog ?? MODELS;
  const models: OfferedModel[] = [];
  const withheld: WithheldModel[] = [];
  const seen = new Set<string>();

  for (const info of input.listing) {
    if (!info.customizationsSupported.includes(type) || seen.has(info.modelId)) continue;
    seen.add(info.modelId);
    const model = catalog.find((row) => row.id === info.modelId);
    const name = model?.name ?? info.modelName;
    // Bedrock decides a listed model's lifecycle, except where a primary source (an AWS page the
    // catalog cites, `confirmed`) dates its end: a job on a model past it fails after a person
    // confirmed the spend. An unconfirmed date (public notices) only marks a listed model legacy.
    const catalogEnd = model ? catalogEnded(model, now) : undefined;
    const ended =
      info.endOfLifeTime && info.endOfLifeTime.getTime() <= now.getTime()
        ? info.endOfLifeTime
        : model?.lifecycle.confirmed
          ? catalogEnd
          : undefined;
    if (ended !== undefined) {
      withheld.push({
        modelId: info.modelId,
        name,
        cause: 'end-of-life',
        listedByBedrock: true,
        reason: endedReason(name, ended),
      });
      continue;
    }
    if (!model && info.outputModalities && !info.outputModalities.includes('TEXT')) {
      withheld.push({
        modelId: info.modelId,
        name,
        cause: 'not-text',
        listedByBedrock: true,
        reason: `${name} produces ${info.outputModalities.join(' and ').toLowerCase()}, not text; tune tunes text models.`,
      });
      continue;
    }
    const endOfLifeTime =
      info.endOfLifeTime ?? (catalogEnd === undefined ? parseDay(model?.lifecycle.endOfLifeTime) : undefined);
    const legacyTime = info.legacyTime ?? parseDay(model?.lifecycle.legacyTime);
    const legacy =
      info.lifecycleStatus === 'LEGACY' ||
      (legacyTime !== undefined && legacyTime.getTime() <= now.getTime()) ||
      (model !== undefined && model.lifecycle.value !== 'active');
    const limitsKnown = model?.customizations[type] !== undefined;
    const notes: string[] = [];
    if (legacy && catalogEnd === undefined) notes.push(legacyNote(name, endOfLifeTime));
    if (catalogEnd !== undefined) {
      notes.push(
        `Public notices (not confirmed by AWS) put ${name}'s end of life ${catalogEnd === 'undated' ? 'in the past' : `on ${day(catalogEnd)}`}, but Bedrock still lists it in ${region}: Bedrock decides.`,
      );
    }
    if (!limitsKnown) notes.push(LIMITS_UNKNOWN_NOTE);
    models.push({
      modelId: info.modelId,
      name,
      model,
      lifecycle: legacy ? 'legacy' : 'active',
      ...(legacyTime ? { legacyTime } : {}),
      ...(endOfLifeTime ? { endOfLifeTime } : {}),
      limitsKnown,
      notes,
    });
  }
  for (const model of catalog) {
    if (model.customizations[type] === undefined || seen.has(model.id)) continue;
    withheld.push(withheldFromCatalog(model, region, now, 'bedrock'));
  }
  return {
    region,
    customizationType: type,
    source: 'bedrock',
    ...(input.readAt ? { readAt: input.readAt } : {}),
    models: sortOffered(models, catalog),
    withheld,
  };
}

/**
 * The catalog's own view, for callers that have no live list (offline, or not wired to the cache
 * yet): models documented for the type and region, none past its end of life. Marked
 * `source: 'catalog'` so that messages can say it was not checked against Bedrock.
 */
export function catalogOffer(input: {
  customizationType: CustomizationType;
  region?: string;
  now?: Date;
  catalog?: Catalog;
}): ModelOffer {
  const catalog = input.catalog ?? MODELS;
  const now = input.now ?? new Date();
  const type = input.customizationType;
  const models: OfferedModel[] = [];
  const withheld: WithheldModel[] = [];
  for (const model of catalog) {
    if (model.customizations[type] === undefined) continue;
    const regions = model.regions.value === 'unknown' ? undefined : model.regions.value;
    const inRegion = input.region === undefined || (regions?.includes(input.region) ?? false);
    if (catalogEnded(model, now) !== undefined || !inRegion) {
      withheld.push(withheldFromCatalog(model, input.region, now, 'catalog'));
      continue;
    }
    const endOfLifeTime = parseDay(model.lifecycle.endOfLifeTime);
    const legacyTime = parseDay(model.lifecycle.legacyTime);
    const legacy = model.lifecycle.value !== 'active';
    models.push({
      modelId: model.id,
      name: model.name,
      model,
      lifecycle: legacy ? 'legacy' : 'active',
      ...(legacyTime ? { legacyTime } : {}),
      ...(endOfLifeTime ? { endOfLifeTime } : {}),
      limitsKnown: true,
      notes: legacy ? [legacyNote(model.name, endOfLifeTime)] : [],
    });
  }
  return {
    region: input.region,
    customizationType: type,
    source: 'catalog',
    models: sortOffered(models, catalog),
    withheld,
  };
}

/** `catalogOffer` for every customization type tune runs. */
export function catalogOffers(input: { region?: string; now?: Date; catalog?: Catalog } = {}): ModelOffers {
  return Object.fromEntries(
    CUSTOMIZATION_TYPES.map((type) => [type, catalogOffer({ ...input, customizationType: type })]),
  ) as Record<CustomizationType, ModelOffer>;
}

/** The model tune picks when none is named: the first active one it can check data for. */
export function defaultOffered(offer: ModelOffer): OfferedModel | undefined {
  return offer.models.find((candidate) => candidate.lifecycle === 'active' && candidate.limitsKnown);
}

export function activeOffered(offer: ModelOffer): OfferedModel[] {
  return offer.models.filter((candidate) => candidate.lifecycle === 'active');
}

/** "Nova Micro (nova-micro, the default), Nova Lite (nova-lite), …" for messages. */
export function describeOffered(offer: ModelOffer): string {
  const fallback = defaultOffered(offer);
  return offer.models
    .map((candidate) => {
      const short = candidate.model?.aliases[0] ?? candidate.modelId;
      const marks = [
        short,
        ...(candidate === fallback ? ['the default'] : []),
        ...(candidate.lifecycle === 'legacy'
          ? [candidate.endOfLifeTime ? `legacy until ${day(candidate.endOfLifeTime)}` : 'legacy']
          : []),
        ...(candidate.limitsKnown ? [] : ['limits unknown']),
      ];
      return `${candidate.name} (${marks.join(', ')})`;
    })
    .join(', ');
}

function where(offer: ModelOffer): string {
  return offer.region === undefined ? '' : ` in ${offer.region}`;
}

/**
 * The one message for "this customization type is not available here": what is not available,
 * why, and which region offers it, if any. Used by planning, intake, the start form and the CLI.
 * Other regions come from the catalog (documents), as tune reads Bedrock's list of one region only.
 */
export function customizationUnavailableMessage(
  customizationType: CustomizationType,
  region: string | undefined,
  options: { now?: Date; catalog?: Catalog } = {},
): string {
  const catalog = options.catalog ?? MODELS;
  const now = options.now ?? new Date();
  const label = customizationTypeLabel(customizationType);
  const capital = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const rows = catalog.filter((model) => model.customizations[customizationType] !== undefined);
  const ended = rows.filter((model) => catalogEnded(model, now) !== undefined);
  const elsewhere = new Map<string, string[]>();
  for (const model of rows) {
    if (catalogEnded(model, now) !== undefined || model.regions.value === 'unknown') continue;
    for (const other of model.regions.value) {
      if (other === region) continue;
      elsewhere.set(other, [...(elsewhere.get(other) ?? []), model.name]);
    }
  }
  const here = region === undefined ? '' : ` in ${region}`;
  const why =
    ended.length > 0 && ended.length === rows.length
      ? ` ${listNames(ended.map((model) => model.name))}, the only ${ended.length === 1 ? 'model' : 'models'} that offered it, ${ended.length === 1 ? 'is' : 'are'} past end of life${endedSince(ended)}.`
      : '';
  const other =
    elsewhere.size === 0
      ? ' No region offers it today.'
      : ` It is offered in ${[...elsewhere.entries()].map(([name, models]) => `${name} (${listNames(models)})`).join(' and ')}.`;
  return `${capital} is not available${here}: no active Bedrock model${here} offers it.${why}${other}`;
}

function endedSince(models: CatalogModel[]): string {
  const dates = [...new Set(models.map((model) => model.lifecycle.endOfLifeTime).filter((date) => date))];
  return dates.length === 1 ? ` (since ${dates[0]})` : '';
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * What to tell someone checking a file offline for a model that is not active (`tune validate`,
 * `tune convert`): the check still runs against the documented rules, but Bedrock will not train
 * an end-of-life model. Undefined for an active model.
 */
export function lifecycleNotice(model: CatalogModel, now: Date = new Date()): string | undefined {
  const ended = catalogEnded(model, now);
  if (ended !== undefined) {
    return `${endedReason(model.name, ended)} This check ran offline against its documented rules; \`tune models\` lists the models offered today.`;
  }
  if (model.lifecycle.value === 'active') return undefined;
  return legacyNote(model.name, parseDay(model.lifecycle.endOfLifeTime));
}

export type ModelChoice =
  | { ok: true; offered: OfferedModel }
  | {
      ok: false;
      problem: string;
      cause: 'unknown' | 'uncatalogued' | WithheldModel['cause'] | 'none-offered';
    };

/**
 * Resolves a model someone named (id, alias, ARN, on-demand id) against what is offered, or says
 * in one message why it cannot be used here and what can. A model offered without a catalog row
 * is refused too: tune cannot check anything for it.
 */
export function chooseOffered(
  offer: ModelOffer,
  reference: string,
  options: { now?: Date } = {},
): ModelChoice {
  if (offer.models.length === 0) {
    return {
      ok: false,
      cause: 'none-offered',
      problem: customizationUnavailableMessage(offer.customizationType, offer.region, options),
    };
  }
  const offeredHere = `Offered for ${customizationTypeLabel(offer.customizationType)}${where(offer)}: ${describeOffered(offer)}.`;
  const known = findModel(reference);
  const wanted = known?.id ?? reference.trim();
  const offered = offer.models.find((candidate) => candidate.modelId === wanted);
  if (offered?.limitsKnown) return { ok: true, offered };
  if (offered) {
    return {
      ok: false,
      cause: 'uncatalogued',
      problem: `${offered.name} (${offered.modelId}) is offered by Bedrock${where(offer)}, but tune has no catalog row for it, so it cannot check a dataset against its format and limits, check hyperparameters or estimate the cost. Whoever runs tune can add one (docs/bedrock-models.md says how). ${offeredHere}`,
    };
  }
  const withheld = offer.withheld.find((candidate) => candidate.modelId === wanted);
  if (withheld) return { ok: false, cause: withheld.cause, problem: `${withheld.reason} ${offeredHere}` };
  if (known) {
    return {
      ok: false,
      cause: 'not-listed',
      problem: `${known.name} does not offer ${customizationTypeLabel(offer.customizationType)}. ${offeredHere}`,
    };
  }
  return {
    ok: false,
    cause: 'unknown',
    problem: `"${reference}": tune knows no such model. ${offeredHere}`,
  };
}
