/**
 * Reading the catalog: finding a model by id or alias, the models offering a customization, the
 * hyperparameter defaults and ranges, and the token limit that applies at a batch size.
 */
import { InputError } from '../errors.js';
import type { CustomizationType } from '../jobs/job.js';
import { MODELS } from './models.js';
import {
  type Catalog,
  type CatalogModel,
  type CustomizationSpec,
  isKnown,
  type TokenBudget,
  type TokenLimitTier,
} from './types.js';

export function listCatalog(): Catalog {
  return MODELS;
}

/** The CLI's spelling of each customization type (`--type`, `--to`). */
export const CUSTOMIZATION_TYPE_NAMES: Record<string, CustomizationType> = {
  'fine-tuning': 'FINE_TUNING',
  'continued-pretraining': 'CONTINUED_PRE_TRAINING',
  'continued-pre-training': 'CONTINUED_PRE_TRAINING',
  FINE_TUNING: 'FINE_TUNING',
  CONTINUED_PRE_TRAINING: 'CONTINUED_PRE_TRAINING',
};

export function customizationTypeLabel(type: CustomizationType): string {
  return type === 'FINE_TUNING' ? 'fine-tuning' : 'continued pre-training';
}

/** What people call Bedrock's hyperparameters; the API name stays beside it where it is shown. */
const HYPERPARAMETER_LABELS: Readonly<Record<string, string>> = {
  epochCount: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  learningRateMultiplier: 'Learning rate multiplier',
  learningRateWarmupSteps: 'Warm-up steps',
  earlyStoppingPatience: 'Early stopping patience',
  earlyStoppingThreshold: 'Early stopping threshold',
  evalPercentage: 'Validation percentage',
};

export function hyperParameterLabel(name: string): string {
  return HYPERPARAMETER_LABELS[name] ?? name;
}

const ARN_PREFIX = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*::foundation-model\//;

/**
 * Finds a model by, in this order: its customizable id (`amazon.titan-text-lite-v1:0:4k`), a
 * foundation-model ARN ending in that id, one of its aliases (case-insensitive: `titan-text-lite`,
 * `titan-lite`, `llama3.1-8b`, `nova-micro`, `haiku`, `command-light`; each row lists its own), or its
 * on-demand id (`amazon.titan-text-lite-v1`), which Bedrock does not accept as a base model but
 * people type. Aliases are unique across the catalog (a test holds that), so a match is unambiguous.
 */
export function findModel(idOrAlias: string, catalog: Catalog = MODELS): CatalogModel | undefined {
  const wanted = idOrAlias.trim().replace(ARN_PREFIX, '');
  const lower = wanted.toLowerCase();
  return (
    catalog.find((model) => model.id === wanted) ??
    catalog.find((model) => model.aliases.some((alias) => alias.toLowerCase() === lower)) ??
    catalog.find((model) => model.foundationModelId.toLowerCase() === lower)
  );
}

/** Like `findModel`, but a miss is an `InputError` that lists what is accepted. */
export function requireModel(idOrAlias: string, catalog: Catalog = MODELS): CatalogModel {
  const model = findModel(idOrAlias, catalog);
  if (model) return model;
  const known = catalog.map((row) => `${row.aliases[0] ?? row.id} (${row.id})`).join(', ');
  throw new InputError(
    `unknown model "${idOrAlias}". Use a customizable model id or alias: ${known}. Run \`tune models\` for the table.`,
    { field: 'model' },
  );
}

export function modelsFor(type: CustomizationType, catalog: Catalog = MODELS): CatalogModel[] {
  return catalog.filter((model) => model.customizations[type] !== undefined);
}

/** The spec of a customization, or an `InputError` naming the types the model does offer. */
export function requireSpec(model: CatalogModel, type: CustomizationType): CustomizationSpec {
  const spec = model.customizations[type];
  if (spec) return spec;
  const offered = Object.keys(model.customizations)
    .map((name) => customizationTypeLabel(name as CustomizationType))
    .join(' or ');
  const others = modelsFor(type)
    .filter((row) => row.lifecycle.value !== 'end-of-life')
    .map((row) => row.aliases[0] ?? row.id)
    .join(', ');
  throw new InputError(
    `${model.name} does not support ${customizationTypeLabel(type)}; it offers ${offered}. ${
      others === ''
        ? `No model tune knows offers ${customizationTypeLabel(type)} today: the ones that did are past their end of life.`
        : `Models that do: ${others}.`
    }`,
    { field: 'type' },
  );
}

/**
 * The largest dataset file any model of the catalog accepts, training or validation: nothing
 * bigger can pass validation, so a download may stop there instead of filling the disk.
 */
export function largestDatasetBytes(catalog: Catalog = MODELS): number {
  let largest = 0;
  for (const model of catalog) {
    for (const spec of Object.values(model.customizations)) {
      for (const fact of [spec.fileSize.trainingBytes, spec.fileSize.validationBytes]) {
        if (isKnown(fact) && fact.value > largest) largest = fact.value;
      }
    }
  }
  return largest;
}

/** Default hyperparameters as the API wants them: strings. Parameters without a default are left out. */
export function hyperParameterDefaults(model: CatalogModel, type: CustomizationType): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const spec of requireSpec(model, type).hyperParameters) {
    if (spec.default !== undefined) defaults[spec.name] = String(spec.default);
  }
  return defaults;
}

export type HyperParameterProblemCode =
  | 'unknown_hyperparameter'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range';

export interface HyperParameterProblem {
  field: string;
  code: HyperParameterProblemCode;
  message: string;
  allowed?: { min: number; max: number; type: 'int' | 'float' };
}

/**
 * Checks hyperparameters against the model's documented names and ranges before they are sent
 * (Bedrock rejects the job otherwise). Returns one problem per wrong field, each naming the field
 * and what it accepts; an empty list means the values are fine.
 */
export function checkHyperParameters(
  model: CatalogModel,
  type: CustomizationType,
  values: Readonly<Record<string, string | number>>,
): HyperParameterProblem[] {
  const specs = requireSpec(model, type).hyperParameters;
  const problems: HyperParameterProblem[] = [];
  for (const [field, raw] of Object.entries(values)) {
    const spec = specs.find((candidate) => candidate.name === field);
    if (!spec && specs.length === 0) {
      problems.push({
        field,
        code: 'unknown_hyperparameter',
        message: `${field}: tune knows no documented hyperparameters for ${model.name}, so it cannot check this value; leave it out and Bedrock applies its defaults.`,
      });
      continue;
    }
    if (!spec) {
      const close = specs.find((candidate) => candidate.name.toLowerCase() === field.toLowerCase());
      const names = specs.map((candidate) => candidate.name).join(', ');
      problems.push({
        field,
        code: 'unknown_hyperparameter',
        message: close
          ? `${field}: the name is case-sensitive; use ${close.name}.`
          : `${field}: ${model.name} has no such hyperparameter; it accepts ${names}.`,
      });
      continue;
    }
    const allowed = { min: spec.min, max: spec.max, type: spec.type };
    const range = `${formatNumber(spec.min)} to ${formatNumber(spec.max)}`;
    const text = typeof raw === 'number' ? String(raw) : raw.trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) {
      problems.push({
        field,
        code: 'not_a_number',
        message: `${field}: "${raw}" is not a number; use ${spec.type === 'int' ? 'a whole number' : 'a number'} from ${range}.`,
        allowed,
      });
      continue;
    }
    if (spec.type === 'int' && !Number.isInteger(value)) {
      problems.push({
        field,
        code: 'not_an_integer',
        message: `${field}: ${text} must be a whole number from ${range}.`,
        allowed,
      });
      continue;
    }
    if (value < spec.min || value > spec.max) {
      problems.push({
        field,
        code: 'out_of_range',
        message: `${field}: ${text} is outside the allowed range ${range} for ${model.name}.`,
        allowed,
      });
    }
  }
  return problems;
}

export interface AppliedTokenLimit extends TokenBudget {
  /** The batch sizes this limit holds for, when it depends on them. */
  batchSizes?: { min: number; max: number };
  confirmed: boolean;
  source: string;
  note?: string;
}

/**
 * The per-record token limit at a batch size. Where the limit depends on the batch size and the
 * given one falls outside every documented tier, the smallest limit is applied: the safe side.
 * Undefined when the model's limit is unknown.
 */
export function tokenLimitFor(spec: CustomizationSpec, batchSize?: number): AppliedTokenLimit | undefined {
  const tokenLimit = spec.tokenLimit;
  if (!('tiers' in tokenLimit)) return undefined;
  const tiers = tokenLimit.tiers;
  const size = batchSize ?? defaultBatchSize(spec);
  let tier: TokenLimitTier | undefined = tiers.find(
    (candidate) =>
      candidate.batchSizes === undefined ||
      (size !== undefined && size >= candidate.batchSizes.min && size <= candidate.batchSizes.max),
  );
  let note = tokenLimit.note;
  if (!tier) {
    tier = [...tiers].sort((left, right) => budgetSize(left) - budgetSize(right))[0];
    note = `batchSize ${size} is outside the documented tiers; the smallest limit is applied`;
  }
  if (!tier) return undefined;
  return {
    ...tier,
    confirmed: tokenLimit.confirmed,
    source: tokenLimit.source,
    ...(note === undefined ? {} : { note }),
  };
}

/** The largest record total a budget allows (a separate input/output limit counts as their sum). */
export function budgetTotal(budget: TokenBudget): number {
  return budget.total ?? (budget.input ?? 0) + (budget.output ?? 0);
}

function budgetSize(tier: TokenLimitTier): number {
  return budgetTotal(tier);
}

function defaultBatchSize(spec: CustomizationSpec): number | undefined {
  return spec.hyperParameters.find((candidate) => candidate.name === 'batchSize')?.default;
}

export function defaultEpochs(spec: CustomizationSpec): number {
  return spec.hyperParameters.find((candidate) => candidate.name === 'epochCount')?.default ?? 1;
}

function formatNumber(value: number): string {
  return Math.abs(value) > 0 && Math.abs(value) < 0.001 ? value.toExponential() : String(value);
}
