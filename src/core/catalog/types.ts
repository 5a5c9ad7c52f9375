/**
 * The shape of the model catalog: one row per customizable base model, holding what tune needs to
 * validate a dataset, check hyperparameters and estimate a cost without calling AWS. Every value
 * says where it comes from (a tag of `SOURCES` in models.ts; docs/bedrock-models.md lists them with
 * their addresses) and whether a primary source confirmed it, so that the CLI and Slack can show
 * which numbers are soft.
 */
import type { CustomizationType } from '../jobs/job.js';

/** The JSONL shapes Bedrock accepts (model-customization-prepare.html and the Nova data pages). */
export const DATASET_FORMATS = [
  'prompt-completion',
  'continued-pretraining',
  'claude-messages',
  'bedrock-conversation-2024',
] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export type ModelFamily =
  | 'titan-text'
  | 'titan-text-premier'
  | 'llama2'
  | 'llama3.1'
  | 'llama3.2'
  | 'llama3.3'
  | 'claude-3-haiku'
  | 'nova'
  | 'cohere-command';

/** Which tokenizer counts this model's tokens exactly; `estimate` when none ships its vocabulary. */
export type TokenizerKind = 'llama2' | 'llama3' | 'estimate';

/**
 * Where a base model stands on Bedrock. `end-of-life` rows stay in the catalog: they explain why a
 * model people remember is not offered, and `tune validate --model` can still check a file for them.
 */
export const LIFECYCLES = ['active', 'legacy', 'end-of-life'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** A value from the reference with its provenance. `confirmed: false` means no primary source was read. */
export interface Sourced<T> {
  value: T;
  source: string;
  confirmed: boolean;
  note?: string;
}

/** A number nobody could confirm or even find: shown as unknown, never guessed. */
export interface UnknownValue {
  value: 'unknown';
  note: string;
}

export type Fact<T> = Sourced<T> | UnknownValue;

export function isKnown<T>(fact: Fact<T>): fact is Sourced<T> {
  return fact.value !== 'unknown';
}

export type PriceUnit = '1k-tokens' | 'model-month' | 'model-unit-hour';

/** `source` of a price read from AWS's price list (the Price List Query API, docs/bedrock-prices.md). */
export const PRICE_LIST_SOURCE = 'aws-price-list';

/**
 * A price as found. `secondary: true` marks figures from third-party notes citing the AWS pricing
 * page, which could not be read itself; `asOf` is the source's date, or its approximate year when
 * it was undated. A price read from AWS's price list has `source: PRICE_LIST_SOURCE`, the region it
 * was read for and `asOf` the day it was read (`describePriceSource` in prices.ts says all this in
 * one format).
 */
export interface Price {
  usd: number;
  per: PriceUnit;
  source: string;
  asOf: string;
  secondary: boolean;
  /** The region whose price list gave the price; absent for the catalog's own figures. */
  region?: string;
  note?: string;
}

export type PriceFact = Price | 'unknown';

/**
 * What tune needs to know about a model's cost (docs/bedrock-prices.md). The catalog's rows hold
 * secondary figures or `unknown`; `effectivePrices` (prices.ts) lays the region's price list over
 * them.
 */
export interface Prices {
  /** Charged per training token processed: data tokens × epochs. */
  trainingPer1kTokens: PriceFact;
  storagePerModelMonth: PriceFact;
  /** Provisioned Throughput without commitment, per model unit and hour. */
  provisionedThroughputPerModelUnitHour: PriceFact;
  /** On-demand inference of the base model (asking, evaluation). */
  inputPer1kTokens: PriceFact;
  outputPer1kTokens: PriceFact;
  /** On-demand inference of a custom model deployed on demand (CreateCustomModelDeployment). */
  customModelInputPer1kTokens: PriceFact;
  customModelOutputPer1kTokens: PriceFact;
}

/** Every kind of price in `Prices`, in the order messages list them. */
export const PRICE_KINDS = [
  'trainingPer1kTokens',
  'storagePerModelMonth',
  'provisionedThroughputPerModelUnitHour',
  'inputPer1kTokens',
  'outputPer1kTokens',
  'customModelInputPer1kTokens',
  'customModelOutputPer1kTokens',
] as const satisfies readonly (keyof Prices)[];
export type PriceKind = (typeof PRICE_KINDS)[number];

/**
 * Tokens allowed in one record (input + output). `total` bounds the sum; `input`/`output` bound the
 * prompt and the completion separately where the model has such limits (Cohere, Llama 3.1).
 */
export interface TokenBudget {
  total?: number;
  input?: number;
  output?: number;
}

/** A limit that holds for a range of `batchSize` values (Titan's limit halves at larger batches). */
export interface TokenLimitTier extends TokenBudget {
  batchSizes?: { min: number; max: number };
}

export interface TokenLimit {
  tiers: TokenLimitTier[];
  source: string;
  confirmed: boolean;
  note?: string;
}

export interface RecordLimits {
  /** Most records in a training file. */
  trainingMax: Fact<number>;
  /** Most records in a validation file. */
  validationMax: Fact<number>;
  /** Fewest records a training file may hold. */
  minimum: Fact<number>;
  /** Fewest records a validation file may hold, where the model has such a rule (Claude 3 Haiku). */
  validationMinimum?: Fact<number>;
  /** Most records in training and validation together, where the model bounds the sum. */
  combinedMax?: Fact<number>;
  /** Fewest records in training and validation together (Llama 3.x). */
  combinedMinimum?: Fact<number>;
}

export interface FileSizeLimits {
  trainingBytes: Fact<number>;
  validationBytes: Fact<number>;
}

export interface HyperParameterSpec {
  /** The exact key of `hyperParameters` in CreateModelCustomizationJob. */
  name: string;
  type: 'int' | 'float';
  min: number;
  max: number;
  /** Undefined when the model documents no default. */
  default?: number;
  description: string;
  source: string;
  confirmed: boolean;
  note?: string;
}

/** Rules of the record format that differ between models sharing it. */
export interface FormatRules {
  /** Strings whose presence in any text makes Bedrock fail the job. */
  reservedStrings: readonly string[];
  /** The value `schemaVersion` must have; undefined when any string is accepted (Nova). */
  schemaVersion?: string;
  /** Images allowed in user turns (Llama 3.2 11B/90B, Nova Lite/Pro). */
  images: boolean;
  videos: boolean;
  maxImagesPerRecord?: number;
  maxVideosPerRecord?: number;
  /** Tokens one image costs at most; counted as such because dimensions are not known here. */
  tokensPerImage?: number;
  /** Media file names limited to `[A-Za-z0-9_\-/.]` (Nova). */
  strictMediaNames?: boolean;
  /** The sample validator expects exactly one system item (Llama 3.2 conversations). */
  expectsOneSystemItem?: boolean;
}

export interface CustomizationSpec {
  dataFormat: DatasetFormat;
  formatRules: FormatRules;
  tokenLimit: TokenLimit | UnknownValue;
  records: RecordLimits;
  fileSize: FileSizeLimits;
  hyperParameters: readonly HyperParameterSpec[];
  /**
   * Set when no page read documents the model's hyperparameters (Nova 2 Lite on Bedrock): the list
   * above is then empty, tune sends none and Bedrock applies its own defaults.
   */
  hyperParametersUnknown?: string;
  /** False where the docs say a validation file is not used (Nova 2 Lite SFT); absent: accepted. */
  validationData?: Sourced<boolean>;
}

/**
 * The lifecycle with its dates (ISO `yyyy-mm-dd`, as the lifecycle page and model cards give them).
 * A legacy model still trains until `endOfLifeTime`; after it, Bedrock refuses requests.
 */
export interface LifecycleFact extends Sourced<Lifecycle> {
  legacyTime?: string;
  endOfLifeTime?: string;
}

/**
 * How a model tuned on this base can answer: on-demand custom model deployment
 * (CreateCustomModelDeployment, billed per token) in the regions listed, or Provisioned Throughput
 * (billed per hour until deleted). An empty region list means on-demand deployment is not offered.
 */
export interface ServingPaths {
  onDemandDeployment: Fact<readonly string[]>;
  provisionedThroughput: Fact<boolean>;
}

/** How a base model answers on-demand requests in a region: by its own id, or only through a cross-region inference profile (`us.<id>`). */
export type OnDemandRoute = 'in-region' | 'profile';

/**
 * The base model answering on demand (InvokeModel, Converse), as an evaluation asks it: how it is
 * reached in each region, and what its tokens cost. A region missing from `routes` is one where
 * tune does not know that it answers on demand.
 */
export interface BaseInference {
  routes: Fact<Readonly<Record<string, OnDemandRoute>>>;
  /** US dollars per 1,000 input and output tokens, on demand. */
  inputPer1kTokens: PriceFact;
  outputPer1kTokens: PriceFact;
}

export interface CatalogModel {
  /** The customizable id to pass as `baseModelIdentifier`, e.g. `amazon.titan-text-lite-v1:0:4k`. */
  id: string;
  name: string;
  provider: string;
  family: ModelFamily;
  /** Short names accepted by `findModel`, unique across the catalog. */
  aliases: readonly string[];
  /** The on-demand model id the customizable one derives from (ListFoundationModels lists both). */
  foundationModelId: string;
  tokenizer: TokenizerKind;
  lifecycle: LifecycleFact;
  /** Regions where Bedrock runs this model's customization jobs, as documented. */
  regions: Fact<readonly string[]>;
  customizations: Partial<Record<CustomizationType, CustomizationSpec>>;
  serving: ServingPaths;
  prices: Prices;
  baseInference: BaseInference;
  /**
   * How AWS's price list names the model inside its usage types, `NovaMicro` in
   * `USE1-NovaMicro-Customization-Training` (docs/bedrock-prices.md): what joins a price list entry
   * to this row. Absent when no name was found; `confirmed: false` when it is inferred from the
   * names of sibling models.
   */
  priceListName?: Sourced<string>;
}

export type Catalog = readonly CatalogModel[];
