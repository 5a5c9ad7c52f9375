/**
 * The emulator's own view of the foundation models, playing AWS's side (tune's client-side catalog
 * lives in src/core/catalog and is deliberately not shared: the emulator must be able to disagree
 * with tune, as AWS can). It comes in two worlds:
 * - `'2024'`, the world of the Bedrock workshop tune grew from (Titan Text Lite/Express with
 *   fine-tuning and continued pre-training in both US regions, Llama 2 and Cohere still usable);
 * - `'today'` (2026-11-27), the same rows with today's lifecycle, regions and serving options laid
 *   over them. docs/bedrock-emulator-world.md lists every fact with its source.
 * Formats, limits and hyperparameters are the same in both (docs/bedrock-emulator-world.md links
 * the pages they come from); where a fact is unconfirmed the row says so.
 */

export type World = 'today' | '2024';
export const WORLDS: readonly World[] = ['today', '2024'];

export type CustomizationKind = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';
export type InferenceType = 'ON_DEMAND' | 'PROVISIONED' | 'INFERENCE_PROFILE';
export type Modality = 'TEXT' | 'IMAGE' | 'EMBEDDING';

/** Which InvokeModel body the model speaks. */
export type BodyFamily =
  | 'titan-text'
  | 'llama'
  | 'anthropic-messages'
  | 'cohere-text'
  | 'nova-messages'
  | 'none';

/** How training records must be shaped. */
export type DataFormat = 'prompt-completion' | 'claude-messages' | 'conversation' | 'unsupported';

export interface HyperParameterSpec {
  name: string;
  type: 'int' | 'float';
  min: number;
  max: number;
  default: number;
}

export interface ModelLimits {
  /** Max estimated tokens per record (prompt + completion), as a function of the batch size. */
  maxTokensPerRecord(batchSize: number): number | undefined;
  maxTrainRecords: number;
  maxValidationRecords: number;
  minRecords: number;
}

/** `END_OF_LIFE` is the emulator's own mark: Bedrock stops listing such a model and refuses requests to it. */
export type Lifecycle = 'ACTIVE' | 'LEGACY' | 'END_OF_LIFE';

export interface FoundationModelRow {
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: Modality[];
  outputModalities: Modality[];
  responseStreamingSupported: boolean;
  customizationsSupported: CustomizationKind[];
  inferenceTypesSupported: InferenceType[];
  /** Regions whose inference types differ from `inferenceTypesSupported` (a profile needed there). */
  regionalInferenceTypes: Readonly<Record<string, InferenceType[]>>;
  lifecycle: Lifecycle;
  /** Days (YYYY-MM-DD, UTC) from the lifecycle pages, reported in `modelLifecycle` where documented. */
  legacyTime?: string;
  publicExtendedAccessTime?: string;
  endOfLifeTime?: string;
  /** Regions where `customizationsSupported` applies; elsewhere the model lists none. */
  customizationRegions: string[];
  /** Regions where a custom model of this base model can be deployed for on-demand inference. */
  onDemandDeploymentRegions: string[];
  bodyFamily: BodyFamily;
  dataFormat: DataFormat;
  hyperParameters: HyperParameterSpec[];
  limits: ModelLimits;
  /** Titan's `maxTokenCount` ceiling and similar per-model output caps. */
  maxOutputTokens: number;
}

const int = (name: string, min: number, max: number, defaultValue: number): HyperParameterSpec => ({
  name,
  type: 'int',
  min,
  max,
  default: defaultValue,
});
const float = (name: string, min: number, max: number, defaultValue: number): HyperParameterSpec => ({
  name,
  type: 'float',
  min,
  max,
  default: defaultValue,
});

// Hyperparameter ranges per family (custom-models-hp.html and the pages it links).
const TITAN_TEXT_HYPERPARAMETERS = [
  int('epochCount', 1, 10, 5),
  int('batchSize', 1, 64, 1),
  float('learningRate', 0, 1, 0.00001),
  int('learningRateWarmupSteps', 0, 250, 5),
];
const TITAN_PREMIER_HYPERPARAMETERS = [
  int('epochCount', 1, 5, 2),
  int('batchSize', 1, 1, 1),
  float('learningRate', 0.0000001, 0.00001, 0.000001),
  int('learningRateWarmupSteps', 0, 20, 5),
];
const LLAMA_HYPERPARAMETERS = [
  int('epochCount', 1, 10, 5),
  int('batchSize', 1, 1, 1),
  float('learningRate', 0.000005, 0.1, 0.0001),
];
const cohereHyperParameters = (maxBatchSize: number) => [
  int('epochCount', 1, 100, 1),
  int('batchSize', 8, maxBatchSize, 8),
  float('learningRate', 0.000005, 0.1, 0.00001),
  float('earlyStoppingThreshold', 0, 0.1, 0.01),
  int('earlyStoppingPatience', 1, 10, 6),
  float('evalPercentage', 5, 50, 20),
];
const CLAUDE_HAIKU_HYPERPARAMETERS = [
  int('epochCount', 1, 10, 2),
  int('batchSize', 4, 256, 32),
  float('learningRateMultiplier', 0.1, 2, 1),
  float('earlyStoppingThreshold', 0, 0.1, 0.001),
  int('earlyStoppingPatience', 1, 10, 2),
];
const NOVA_HYPERPARAMETERS = [
  int('epochCount', 1, 5, 2),
  float('learningRate', 0.000001, 0.0001, 0.00001),
  int('learningRateWarmupSteps', 0, 100, 10),
];

// Limits per model (model-training-validation-requirements.html). Titan's per-record limit halves
// with larger batches.
const titanLimits = (fourKBatchMax: number, maxTrainRecords: number): ModelLimits => ({
  maxTokensPerRecord: (batchSize) => (batchSize <= fourKBatchMax ? 4096 : 2048),
  maxTrainRecords,
  maxValidationRecords: 1000,
  minRecords: 1,
});
const fixedLimits = (
  tokens: number | undefined,
  maxTrainRecords: number,
  maxValidationRecords: number,
  minRecords: number,
): ModelLimits => ({ maxTokensPerRecord: () => tokens, maxTrainRecords, maxValidationRecords, minRecords });

const NO_LIMITS = fixedLimits(undefined, 0, 0, 0);
const BOTH_TITAN_REGIONS = ['us-east-1', 'us-west-2'];
const US_EAST_1 = ['us-east-1'];
const US_WEST_2 = ['us-west-2'];

interface RowInput extends Partial<FoundationModelRow> {
  modelId: string;
  modelName: string;
  providerName: string;
}

function row(input: RowInput): FoundationModelRow {
  return {
    inputModalities: ['TEXT'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: true,
    customizationsSupported: [],
    inferenceTypesSupported: ['ON_DEMAND'],
    regionalInferenceTypes: {},
    lifecycle: 'ACTIVE',
    customizationRegions: [],
    onDemandDeploymentRegions: [],
    bodyFamily: 'none',
    dataFormat: 'unsupported',
    hyperParameters: [],
    limits: NO_LIMITS,
    maxOutputTokens: 4096,
    ...input,
  };
}

/** What a customizable version (`:0:4k`-style id) shares with the on-demand model it comes from. */
type FamilyInput = Pick<RowInput, 'modelName' | 'providerName'> &
  Partial<Pick<FoundationModelRow, 'inputModalities' | 'lifecycle' | 'bodyFamily' | 'maxOutputTokens'>>;

/** An on-demand model and, right after it, its customizable version, served through Provisioned Throughput. */
function family(
  shared: FamilyInput,
  onDemand: Partial<FoundationModelRow> & { modelId: string },
  customizable: Partial<FoundationModelRow> & { modelId: string },
): FoundationModelRow[] {
  return [
    row({ ...shared, ...onDemand }),
    row({ ...shared, inferenceTypesSupported: ['PROVISIONED'], ...customizable }),
  ];
}

/**
 * The 2024 world. On-demand ids answer InvokeModel directly; the `:0:4k`-style ids are the
 * customizable versions, served only through Provisioned Throughput
 * (`inferenceTypesSupported: ['PROVISIONED']`).
 */
const WORKSHOP_MODELS: readonly FoundationModelRow[] = [
  // Amazon Titan Text, active in 2024 (custom-model-supported.html, the older version).
  ...family(
    {
      modelName: 'Titan Text G1 - Lite',
      providerName: 'Amazon',
      bodyFamily: 'titan-text',
      maxOutputTokens: 4096,
    },
    { modelId: 'amazon.titan-text-lite-v1' },
    {
      modelId: 'amazon.titan-text-lite-v1:0:4k',
      customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
      customizationRegions: BOTH_TITAN_REGIONS,
      dataFormat: 'prompt-completion',
      hyperParameters: TITAN_TEXT_HYPERPARAMETERS,
      limits: titanLimits(2, 10_000),
    },
  ),
  ...family(
    {
      modelName: 'Titan Text G1 - Express',
      providerName: 'Amazon',
      bodyFamily: 'titan-text',
      maxOutputTokens: 8192,
    },
    { modelId: 'amazon.titan-text-express-v1' },
    {
      modelId: 'amazon.titan-text-express-v1:0:8k',
      customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
      customizationRegions: BOTH_TITAN_REGIONS,
      dataFormat: 'prompt-completion',
      hyperParameters: TITAN_TEXT_HYPERPARAMETERS,
      limits: titanLimits(1, 10_000),
    },
  ),
  ...family(
    {
      modelName: 'Titan Text G1 - Premier',
      providerName: 'Amazon',
      bodyFamily: 'titan-text',
      maxOutputTokens: 3072,
    },
    { modelId: 'amazon.titan-text-premier-v1:0' },
    {
      modelId: 'amazon.titan-text-premier-v1:0:32k',
      customizationsSupported: ['FINE_TUNING'],
      // Region unconfirmed.
      customizationRegions: US_EAST_1,
      dataFormat: 'prompt-completion',
      hyperParameters: TITAN_PREMIER_HYPERPARAMETERS,
      limits: fixedLimits(4096, 10_000, 1000, 1),
    },
  ),
  // Meta Llama 2 (legacy; the :4k versions listed no inference types in 2024).
  row({
    modelId: 'meta.llama2-13b-chat-v1',
    modelName: 'Llama 2 Chat 13B',
    providerName: 'Meta',
    lifecycle: 'LEGACY',
    bodyFamily: 'llama',
    maxOutputTokens: 2048,
  }),
  row({
    modelId: 'meta.llama2-70b-chat-v1',
    modelName: 'Llama 2 Chat 70B',
    providerName: 'Meta',
    lifecycle: 'LEGACY',
    bodyFamily: 'llama',
    maxOutputTokens: 2048,
  }),
  ...['13b', '70b'].map((size) =>
    row({
      modelId: `meta.llama2-${size}-v1:0:4k`,
      modelName: `Llama 2 ${size.toUpperCase()}`,
      providerName: 'Meta',
      customizationsSupported: ['FINE_TUNING'],
      inferenceTypesSupported: [],
      lifecycle: 'LEGACY',
      customizationRegions: US_EAST_1,
      bodyFamily: 'llama',
      dataFormat: 'prompt-completion',
      hyperParameters: LLAMA_HYPERPARAMETERS,
      limits: fixedLimits(4096, 10_000, 1000, 1),
      maxOutputTokens: 2048,
    }),
  ),
  // Cohere Command (legacy).
  row({
    modelId: 'cohere.command-text-v14',
    modelName: 'Command',
    providerName: 'Cohere',
    lifecycle: 'LEGACY',
    bodyFamily: 'cohere-text',
  }),
  row({
    modelId: 'cohere.command-light-text-v14',
    modelName: 'Command Light',
    providerName: 'Cohere',
    lifecycle: 'LEGACY',
    bodyFamily: 'cohere-text',
  }),
  row({
    modelId: 'cohere.command-text-v14:7:4k',
    modelName: 'Command',
    providerName: 'Cohere',
    customizationsSupported: ['FINE_TUNING'],
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycle: 'LEGACY',
    customizationRegions: US_EAST_1,
    bodyFamily: 'cohere-text',
    dataFormat: 'prompt-completion',
    hyperParameters: cohereHyperParameters(8),
    limits: fixedLimits(4096, 10_000, 1000, 1),
  }),
  row({
    modelId: 'cohere.command-light-text-v14:7:4k',
    modelName: 'Command Light',
    providerName: 'Cohere',
    customizationsSupported: ['FINE_TUNING'],
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycle: 'LEGACY',
    customizationRegions: US_EAST_1,
    bodyFamily: 'cohere-text',
    dataFormat: 'prompt-completion',
    hyperParameters: cohereHyperParameters(32),
    limits: fixedLimits(4096, 10_000, 1000, 1),
  }),
  // Anthropic Claude 3 Haiku.
  ...family(
    {
      modelName: 'Claude 3 Haiku',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      bodyFamily: 'anthropic-messages',
    },
    { modelId: 'anthropic.claude-3-haiku-20240307-v1:0' },
    {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0:200k',
      customizationsSupported: ['FINE_TUNING'],
      customizationRegions: US_WEST_2,
      dataFormat: 'claude-messages',
      hyperParameters: CLAUDE_HAIKU_HYPERPARAMETERS,
      limits: fixedLimits(32_000, 10_000, 1000, 32),
    },
  ),
  // Meta Llama 3.x: prompt/completion for 3.1, the Converse shape for 3.2 and 3.3.
  ...['8b', '70b'].flatMap((size) =>
    family(
      { modelName: `Llama 3.1 ${size.toUpperCase()} Instruct`, providerName: 'Meta', bodyFamily: 'llama' },
      { modelId: `meta.llama3-1-${size}-instruct-v1:0` },
      {
        modelId: `meta.llama3-1-${size}-instruct-v1:0:128k`,
        customizationsSupported: ['FINE_TUNING'],
        customizationRegions: US_WEST_2,
        dataFormat: 'prompt-completion',
        hyperParameters: LLAMA_HYPERPARAMETERS,
        limits: fixedLimits(16_000, 10_000, 1000, 100),
      },
    ),
  ),
  ...['1b', '3b', '11b', '90b'].flatMap((size) => {
    const vision = size === '11b' || size === '90b';
    return family(
      {
        modelName: `Llama 3.2 ${size.toUpperCase()} Instruct`,
        providerName: 'Meta',
        inputModalities: vision ? ['TEXT', 'IMAGE'] : ['TEXT'],
        bodyFamily: 'llama',
      },
      { modelId: `meta.llama3-2-${size}-instruct-v1:0`, inferenceTypesSupported: ['INFERENCE_PROFILE'] },
      {
        modelId: `meta.llama3-2-${size}-instruct-v1:0:128k`,
        customizationsSupported: ['FINE_TUNING'],
        customizationRegions: US_WEST_2,
        dataFormat: 'conversation',
        hyperParameters: LLAMA_HYPERPARAMETERS,
        limits: fixedLimits(size === '90b' ? 10_000 : 16_000, 10_000, 1000, 100),
      },
    );
  }),
  ...family(
    { modelName: 'Llama 3.3 70B Instruct', providerName: 'Meta', bodyFamily: 'llama' },
    { modelId: 'meta.llama3-3-70b-instruct-v1:0', inferenceTypesSupported: ['INFERENCE_PROFILE'] },
    {
      modelId: 'meta.llama3-3-70b-instruct-v1:0:128k',
      customizationsSupported: ['FINE_TUNING'],
      customizationRegions: US_WEST_2,
      dataFormat: 'conversation',
      hyperParameters: LLAMA_HYPERPARAMETERS,
      limits: fixedLimits(16_000, 10_000, 1000, 100),
    },
  ),
  // Amazon Nova (per-record token limit unconfirmed, so none is enforced; 8–20,000 samples).
  ...(
    [
      ['micro', '128k', 'Nova Micro', ['TEXT']],
      ['lite', '300k', 'Nova Lite', ['TEXT', 'IMAGE']],
      ['pro', '300k', 'Nova Pro', ['TEXT', 'IMAGE']],
    ] as const
  ).flatMap(([size, context, name, inputs]) =>
    family(
      { modelName: name, providerName: 'Amazon', inputModalities: [...inputs], bodyFamily: 'nova-messages' },
      { modelId: `amazon.nova-${size}-v1:0`, inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'] },
      {
        modelId: `amazon.nova-${size}-v1:0:${context}`,
        customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
        customizationRegions: US_EAST_1,
        dataFormat: 'conversation',
        hyperParameters: NOVA_HYPERPARAMETERS,
        limits: fixedLimits(undefined, 20_000, 1000, 8),
      },
    ),
  ),
  row({
    modelId: 'amazon.nova-premier-v1:0',
    modelName: 'Nova Premier',
    providerName: 'Amazon',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypesSupported: ['INFERENCE_PROFILE'],
    bodyFamily: 'nova-messages',
  }),
  row({
    modelId: 'amazon.nova-2-lite-v1:0:256k',
    modelName: 'Nova 2 Lite',
    providerName: 'Amazon',
    inputModalities: ['TEXT', 'IMAGE'],
    customizationsSupported: ['FINE_TUNING'],
    inferenceTypesSupported: ['PROVISIONED'],
    customizationRegions: US_EAST_1,
    bodyFamily: 'nova-messages',
    dataFormat: 'conversation',
    hyperParameters: NOVA_HYPERPARAMETERS,
    limits: fixedLimits(undefined, 20_000, 1000, 8),
  }),
  // Image and embedding models: listed for completeness; the emulator does not run their jobs.
  ...(
    [
      ['amazon.titan-image-generator-v1:0', 'Titan Image Generator G1', 'IMAGE'],
      ['amazon.titan-image-generator-v2:0', 'Titan Image Generator G1 v2', 'IMAGE'],
      ['amazon.titan-embed-image-v1:0', 'Titan Multimodal Embeddings G1', 'EMBEDDING'],
      ['amazon.nova-canvas-v1:0', 'Nova Canvas', 'IMAGE'],
    ] as const
  ).map(([modelId, modelName, output]) =>
    row({
      modelId,
      modelName,
      providerName: 'Amazon',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: [output],
      responseStreamingSupported: false,
      customizationsSupported: ['FINE_TUNING'],
      inferenceTypesSupported: ['PROVISIONED'],
      customizationRegions: US_EAST_1,
    }),
  ),
];

// ---------------------------------------------------------------------------------------------
// Today's world (2026-11-27): what changed since the workshop, row by row, with where it is written.
// "Lifecycle page" is https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.html
// (models launched before 2026-09-07); its dates were read through the public notices named beside
// them, since the stored copies of the page end before its tables.

/** A model past its end of life: Bedrock lists it no more and refuses every request to it. */
const endOfLife = (endOfLifeTime: string, legacyTime?: string): Partial<FoundationModelRow> => ({
  lifecycle: 'END_OF_LIFE',
  endOfLifeTime,
  ...(legacyTime ? { legacyTime } : {}),
});

const NOVA_UNDERSTANDING_TODAY: Partial<FoundationModelRow> = {
  // In-region on-demand in us-east-1 only; us-west-2 reaches Nova through the `us.` profile.
  // https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html
  inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
  regionalInferenceTypes: { 'us-west-2': ['INFERENCE_PROFILE'] },
};
/** https://docs.aws.amazon.com/bedrock/latest/userguide/deploy-custom-model-on-demand.html */
const NOVA_CUSTOMIZABLE_TODAY: Partial<FoundationModelRow> = {
  customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
  customizationRegions: US_EAST_1,
  onDemandDeploymentRegions: US_EAST_1,
};
const LLAMA_31_TODAY: Partial<FoundationModelRow> = {
  // In-region on-demand in us-west-2; us-east-1 through the `us.` profile (models-region-compatibility.html).
  inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
  regionalInferenceTypes: { 'us-east-1': ['INFERENCE_PROFILE'] },
};

/** What is different today, by model id; a model not named here is as it was in 2024. */
const TODAY_CHANGES: Readonly<Record<string, Partial<FoundationModelRow>>> = {
  // Titan Text G1 Lite / Express / Premier: past end of life in August 2025 (the day is from public
  // notices, see docs/bedrock-emulator-world.md); gone from the fine-tuning page
  // https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html
  'amazon.titan-text-lite-v1': endOfLife('2025-08-12'),
  'amazon.titan-text-lite-v1:0:4k': endOfLife('2025-08-12'),
  'amazon.titan-text-express-v1': endOfLife('2025-08-12'),
  'amazon.titan-text-express-v1:0:8k': endOfLife('2025-08-12'),
  'amazon.titan-text-premier-v1:0': endOfLife('2025-08-12'),
  'amazon.titan-text-premier-v1:0:32k': endOfLife('2025-08-12'),
  // Llama 2: end of life 2024-08-12 (lifecycle page; aws-samples/generative-ai-use-cases#597).
  'meta.llama2-13b-chat-v1': endOfLife('2024-08-12'),
  'meta.llama2-70b-chat-v1': endOfLife('2024-08-12'),
  'meta.llama2-13b-v1:0:4k': endOfLife('2024-08-12'),
  'meta.llama2-70b-v1:0:4k': endOfLife('2024-08-12'),
  // Cohere Command / Command Light: legacy 2024-10-04, end of life 2025-08-12 (lifecycle page
  // table as quoted in epam/ai-dial-adapter-bedrock#310).
  'cohere.command-text-v14': endOfLife('2025-08-12', '2024-10-04'),
  'cohere.command-light-text-v14': endOfLife('2025-08-12', '2024-10-04'),
  'cohere.command-text-v14:7:4k': endOfLife('2025-08-12', '2024-10-04'),
  'cohere.command-light-text-v14:7:4k': endOfLife('2025-08-12', '2024-10-04'),
  // Claude 3 Haiku: end of life 2026-09-10 (lifecycle page; awslabs/startups#307).
  'anthropic.claude-3-haiku-20240307-v1:0': endOfLife('2026-09-10'),
  'anthropic.claude-3-haiku-20240307-v1:0:200k': endOfLife('2026-09-10'),
  // Llama 3.1 8B / 70B: active, fine-tuning in us-west-2 (custom-model-fine-tuning.html).
  'meta.llama3-1-8b-instruct-v1:0': LLAMA_31_TODAY,
  'meta.llama3-1-70b-instruct-v1:0': LLAMA_31_TODAY,
  // Llama 3.2 1B / 3B / 11B / 90B: end of life 2026-07-07 (lifecycle page; awslabs/startups#131).
  ...Object.fromEntries(
    ['1b', '3b', '11b', '90b'].flatMap((size) => [
      [`meta.llama3-2-${size}-instruct-v1:0`, endOfLife('2026-07-07')],
      [`meta.llama3-2-${size}-instruct-v1:0:128k`, endOfLife('2026-07-07')],
    ]),
  ),
  // Llama 3.3 70B: fine-tuning in us-west-2, on-demand deployment of its custom models in us-west-2,
  // base model through inference profiles only (custom-model-fine-tuning.html,
  // deploy-custom-model-on-demand.html).
  'meta.llama3-3-70b-instruct-v1:0:128k': { onDemandDeploymentRegions: US_WEST_2 },
  // Nova Micro / Lite / Pro: fine-tuning and on-demand deployment in us-east-1.
  'amazon.nova-micro-v1:0': NOVA_UNDERSTANDING_TODAY,
  'amazon.nova-lite-v1:0': NOVA_UNDERSTANDING_TODAY,
  'amazon.nova-pro-v1:0': NOVA_UNDERSTANDING_TODAY,
  'amazon.nova-micro-v1:0:128k': NOVA_CUSTOMIZABLE_TODAY,
  'amazon.nova-lite-v1:0:300k': NOVA_CUSTOMIZABLE_TODAY,
  'amazon.nova-pro-v1:0:300k': NOVA_CUSTOMIZABLE_TODAY,
  // Nova 2 Lite: fine-tuning and on-demand deployment in us-east-1 (custom-model-fine-tuning.html,
  // deploy-custom-model-on-demand.html); 64K output tokens
  // (https://docs.aws.amazon.com/nova/latest/nova2-userguide/using-invoke-api.html).
  'amazon.nova-2-lite-v1:0:256k': { onDemandDeploymentRegions: US_EAST_1, maxOutputTokens: 64_000 },
  // Nova Premier: end of life 2026-09-14 (lifecycle page; awslabs/startups#304).
  'amazon.nova-premier-v1:0': endOfLife('2026-09-14'),
  // Titan Image Generator v2: end of life 2026-06-30; Nova Canvas: 2026-09-30 (awslabs/startups#131, #304).
  'amazon.titan-image-generator-v2:0': endOfLife('2026-06-30'),
  'amazon.nova-canvas-v1:0': endOfLife('2026-09-30'),
  // Titan Image Generator G1 v1: no longer on the fine-tuning page; lifecycle unconfirmed.
  'amazon.titan-image-generator-v1:0': { customizationsSupported: [], customizationRegions: [] },
  // Titan Multimodal Embeddings G1: fine-tuning in both US regions (custom-model-fine-tuning.html).
  'amazon.titan-embed-image-v1:0': { customizationRegions: ['us-east-1', 'us-west-2'] },
};

/** Models today's world has that the workshop's did not. */
const TODAY_ADDED: readonly FoundationModelRow[] = [
  // Nova 2 Lite on demand: only through the `us.` / `global.` inference profiles.
  // https://docs.aws.amazon.com/nova/latest/nova2-userguide/using-invoke-api.html
  row({
    modelId: 'amazon.nova-2-lite-v1:0',
    modelName: 'Nova 2 Lite',
    providerName: 'Amazon',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypesSupported: ['INFERENCE_PROFILE'],
    bodyFamily: 'nova-messages',
    maxOutputTokens: 64_000,
  }),
  // Claude Opus 4.1: legacy since 2026-07-08, public extended access from 2026-10-08, end of life
  // 2027-01-08 (lifecycle page, as quoted in theopenco/llmgateway#3229); a listed model with
  // lifecycle dates.
  row({
    modelId: 'anthropic.claude-opus-4-1-20250805-v1:0',
    modelName: 'Claude Opus 4.1',
    providerName: 'Anthropic',
    inputModalities: ['TEXT', 'IMAGE'],
    inferenceTypesSupported: ['INFERENCE_PROFILE'],
    lifecycle: 'LEGACY',
    legacyTime: '2026-07-08',
    publicExtendedAccessTime: '2026-10-08',
    endOfLifeTime: '2027-01-08',
    bodyFamily: 'anthropic-messages',
    maxOutputTokens: 32_000,
  }),
];

const TODAY_MODELS: readonly FoundationModelRow[] = [
  ...WORKSHOP_MODELS.map((model) => ({ ...model, ...TODAY_CHANGES[model.modelId] })),
  ...TODAY_ADDED,
];

// ---------------------------------------------------------------------------------------------
// Reading a world's table

/** Cross-region inference profile prefixes (`us.meta.llama3-3-70b-instruct-v1:0`). */
export const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\./;

/** One world's models: every row (end-of-life ones included, so requests to them can be refused as such). */
export class ModelTable {
  readonly world: World;
  readonly rows: readonly FoundationModelRow[];
  private readonly byId: ReadonlyMap<string, FoundationModelRow>;

  constructor(world: World) {
    this.world = world;
    this.rows = world === 'today' ? TODAY_MODELS : WORKSHOP_MODELS;
    this.byId = new Map(this.rows.map((model) => [model.modelId, model]));
  }

  find(modelId: string): FoundationModelRow | undefined {
    return this.byId.get(modelId);
  }

  /** A foundation model by id, foundation-model ARN or inference profile id. */
  resolve(identifier: string): FoundationModelRow | undefined {
    const arn = /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]*::foundation-model\/(.+)$/.exec(identifier);
    const id = arn?.[2] ?? identifier;
    return this.byId.get(id) ?? this.byId.get(id.replace(PROFILE_PREFIX, ''));
  }

  /** What ListFoundationModels shows: end-of-life models are no longer listed. */
  listed(): FoundationModelRow[] {
    return this.rows.filter((model) => model.lifecycle !== 'END_OF_LIFE');
  }
}

/** What the model offers in a region: customizations only where AWS runs them. */
export function customizationsIn(model: FoundationModelRow, region: string): CustomizationKind[] {
  return model.customizationRegions.includes(region) ? model.customizationsSupported : [];
}

/** How the model can be invoked in a region (`INFERENCE_PROFILE` alone: only through a profile). */
export function inferenceTypesIn(model: FoundationModelRow, region: string): InferenceType[] {
  return model.regionalInferenceTypes[region] ?? model.inferenceTypesSupported;
}

export function foundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}
