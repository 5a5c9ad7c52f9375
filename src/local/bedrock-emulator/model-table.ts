/**
 * The emulator's own view of the foundation models, playing AWS's side (tune's client-side catalog
 * lives in src/core/catalog and is deliberately not shared: the emulator must be able to disagree
 * with tune, as AWS can). Facts come from shared/reference/bedrock.md §1–4 and §7.3; where the sheet
 * marks a fact unconfirmed the row says so.
 */

export type CustomizationKind = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';
export type InferenceType = 'ON_DEMAND' | 'PROVISIONED' | 'INFERENCE_PROFILE';
export type Modality = 'TEXT' | 'IMAGE' | 'EMBEDDING';

/** Which InvokeModel body the model speaks (bedrock.md §7.3). */
export type BodyFamily =
  | 'titan-text'
  | 'llama'
  | 'anthropic-messages'
  | 'cohere-text'
  | 'nova-messages'
  | 'none';

/** How training records must be shaped (bedrock.md §2). */
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

export interface FoundationModelRow {
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: Modality[];
  outputModalities: Modality[];
  responseStreamingSupported: boolean;
  customizationsSupported: CustomizationKind[];
  inferenceTypesSupported: InferenceType[];
  lifecycle: 'ACTIVE' | 'LEGACY';
  /** Regions where `customizationsSupported` applies; elsewhere the model lists none (bedrock.md §1.1 notes). */
  customizationRegions: string[];
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

// bedrock.md §4.
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

// bedrock.md §3. Titan's per-record limit halves with larger batches.
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
    lifecycle: 'ACTIVE',
    customizationRegions: [],
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
 * On-demand ids answer InvokeModel directly; the `:0:4k`-style ids are the customizable versions,
 * served only through Provisioned Throughput (`inferenceTypesSupported: ['PROVISIONED']`).
 */
export const FOUNDATION_MODELS: readonly FoundationModelRow[] = [
  // Amazon Titan Text. Lifecycle of G1 Lite/Express is unconfirmed (bedrock.md §11); listed ACTIVE.
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
      // Region unconfirmed (bedrock.md §1.1).
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

const BY_ID = new Map(FOUNDATION_MODELS.map((model) => [model.modelId, model]));

/** Cross-region inference profile prefixes (`us.meta.llama3-2-1b-instruct-v1:0`). */
const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\./;

export function findFoundationModel(modelId: string): FoundationModelRow | undefined {
  return BY_ID.get(modelId);
}

/** A foundation model by id, foundation-model ARN or inference profile id. */
export function resolveFoundationModel(identifier: string): FoundationModelRow | undefined {
  const arn = /^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]*::foundation-model\/(.+)$/.exec(identifier);
  const id = arn?.[2] ?? identifier;
  return BY_ID.get(id) ?? BY_ID.get(id.replace(PROFILE_PREFIX, ''));
}

/** What the model offers in a region: customizations only where AWS runs them. */
export function customizationsIn(model: FoundationModelRow, region: string): CustomizationKind[] {
  return model.customizationRegions.includes(region) ? model.customizationsSupported : [];
}

export function foundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}
