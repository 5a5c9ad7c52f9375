/**
 * The catalog's rows: every customizable text model tune has known, with the source tag of each
 * value (`SOURCES` below; docs/bedrock-models.md tabulates the facts with their addresses and the
 * date they were read). Adding a model is adding a row here (docs/architecture.md, "What is offered"). Values no
 * primary source confirmed carry `confirmed: false`; values nobody found are `unknown` and stay so
 * until someone reads a primary source: a wrong limit rejects good data or lets a job fail hours in,
 * and a made-up price misleads a spending decision. Rows of models past their end of life stay:
 * they explain why a model people remember is not offered.
 */
import type {
  BaseInference,
  CatalogModel,
  CustomizationSpec,
  Fact,
  FormatRules,
  HyperParameterSpec,
  LifecycleFact,
  OnDemandRoute,
  Price,
  Prices,
  RecordLimits,
  ServingPaths,
  Sourced,
  TokenLimit,
  UnknownValue,
} from './types.js';

/** Where each source tag points; docs/bedrock-models.md says what was read where, and when. */
export const SOURCES: Record<string, string> = {
  'D-ft-2026':
    'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-fine-tuning.html (table of fine-tunable models, read 2026-11-27: Nova 2 Lite listed, Titan Text gone)',
  'D-lifecycle':
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html and model-lifecycle-legacy.html (policy read 2026-11-27; the per-model tables could not be read)',
  'D-card-haiku':
    'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-3-haiku.html (read from the zh_tw copy, 2026-11-27)',
  'D-od': 'https://docs.aws.amazon.com/bedrock/latest/userguide/deploy-custom-model-on-demand.html',
  'D-nova-od': 'https://docs.aws.amazon.com/nova/latest/userguide/custom-fine-tune-odi.html',
  'D-nova-cust': 'https://docs.aws.amazon.com/nova/latest/userguide/customization.html',
  'D-nova2-sft': 'https://docs.aws.amazon.com/bedrock/latest/userguide/nova-2-sft-data-prep.html',
  'D-pt': 'https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html',
  'EOL-titan-secondary':
    'notices quoted by public projects: https://github.com/langchain4j/langchain4j/pull/2532 (EOL in August 2025), https://github.com/epam/ai-dial-adapter-bedrock/pull/378, https://github.com/newrelic/newrelic-dotnet-agent/pull/3373',
  'EOL-llama32-secondary':
    'lifecycle tables kept by public projects: https://github.com/awslabs/startups/pull/131 and https://github.com/awslabs/startups/pull/304 (Llama 3.2 EOL 2026-07-07)',
  'D-supported':
    'https://docs.aws.amazon.com/bedrock/latest/userguide/custom-model-supported.html (older version) and custom-model-fine-tuning.html (newest)',
  'D-prepare': 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-customization-prepare.html',
  'D-req': 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-training-validation-requirements.html',
  'D-hp-titan': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-titan-text.html',
  'D-hp-llama2': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-meta-llama2.html',
  'D-hp-llama31': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-meta-llama31.html',
  'D-hp-llama32': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-meta-llama32.html (de_de copy)',
  'D-hp-cohere': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-cohere-command.html',
  'D-hp-claude3': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-anth-claude-3.html',
  'D-hp-nova': 'https://docs.aws.amazon.com/bedrock/latest/userguide/cm-hp-nova-mm.html (re-read 2026-11-27)',
  'D-nova-prep':
    'https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html',
  'LFM-2024': 'ListFoundationModels output in us-east-1 (2024), from an unattributed public page',
  'WS-seed': 'aws-samples/amazon-bedrock-workshop 03_Model_customization @ a8aff75 (2025-03-25)',
  'WS-llama-val': 'amazon-bedrock-workshop meta-llama/dataset_validation (HEAD 8b378f2)',
  'WS-nova-val': 'amazon-bedrock-workshop nova/understanding/dataset_validation (HEAD 8b378f2)',
  'WS-haiku-val': 'amazon-bedrock-workshop claude-haiku/DataValidation (HEAD 8b378f2)',
  'pricing-secondary':
    'third-party notes citing https://aws.amazon.com/bedrock/pricing/ (the page itself could not be read)',
  'D-regions':
    'https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html and batch-inference-supported.html (which models answer in-region on demand, which only through a cross-region inference profile; docs/bedrock-emulator-world.md)',
  'PL-names':
    'usage types of the AWS price list (service code AmazonBedrock) as recorded by public projects that queried it, 2026 (docs/bedrock-prices.md lists them)',
};

const GB = 1_000_000_000;
const MB = 1_000_000;

function fact<T>(value: T, source: string, confirmed = true, note?: string): Sourced<T> {
  return note === undefined ? { value, source, confirmed } : { value, source, confirmed, note };
}

function unknown(note: string): UnknownValue {
  return { value: 'unknown', note };
}

function price(usd: number, per: Price['per'], asOf: string, note?: string): Price {
  const base: Price = { usd, per, source: 'pricing-secondary', asOf, secondary: true };
  return note === undefined ? base : { ...base, note };
}

/**
 * Inference prices: none in the catalog. The region's price list gives them (docs/bedrock-prices.md);
 * without it they are unknown rather than copied from a page nobody here could read.
 */
const NO_INFERENCE_PRICES = {
  inputPer1kTokens: 'unknown',
  outputPer1kTokens: 'unknown',
  customModelInputPer1kTokens: 'unknown',
  customModelOutputPer1kTokens: 'unknown',
} as const satisfies Partial<Prices>;

const UNKNOWN_PRICES: Prices = {
  trainingPer1kTokens: 'unknown',
  storagePerModelMonth: 'unknown',
  provisionedThroughputPerModelUnitHour: 'unknown',
  ...NO_INFERENCE_PRICES,
};

/** How the price list names a model in its usage types; never confirmed by a read of our own. */
function priceListName(value: string, note: string): Sourced<string> {
  return fact(value, 'PL-names', false, note);
}
const SEEN = 'seen in usage types recorded by public projects';
const INFERRED = 'inferred from the names of sibling models; not seen';

// ---------------------------------------------------------------------------------------------
// Format rules

const PLAIN_TEXT_RULES: FormatRules = { reservedStrings: [], images: false, videos: false };

const HAIKU_RULES: FormatRules = {
  // WS-haiku-val: these make Bedrock's Claude template ambiguous, so the job fails.
  reservedStrings: ['\nHuman:', '\nAssistant:'],
  images: false,
  videos: false,
};

function llamaConversationRules(images: boolean): FormatRules {
  return {
    reservedStrings: [],
    schemaVersion: 'bedrock-conversation-2024',
    images,
    videos: false,
    // WS-llama-val: the AWS sample validator's schema wants exactly one system item.
    expectsOneSystemItem: true,
    // D-req: min(2, max(H//560,1)) * min(2, max(W//560,1)) * 1601, at most 6,404; dimensions are
    // unknown to a text validator, so each image is counted at the maximum.
    ...(images ? { tokensPerImage: 6404 } : {}),
  };
}

function novaRules(media: boolean): FormatRules {
  return {
    // D-nova-prep: a record containing any of these fails the job.
    reservedStrings: ['User:', 'Bot:', 'Assistant:', 'System:', '<image>', '<video>', '[EOS]'],
    images: media,
    videos: media,
    strictMediaNames: true,
    ...(media ? { maxImagesPerRecord: 10, maxVideosPerRecord: 1 } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Hyperparameters (each value carries the tag of the page it was read from)

function hp(
  name: string,
  type: 'int' | 'float',
  min: number,
  max: number,
  defaultValue: number | undefined,
  description: string,
  source: string,
  confirmed = true,
  note?: string,
): HyperParameterSpec {
  return {
    name,
    type,
    min,
    max,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    description,
    source,
    confirmed,
    ...(note === undefined ? {} : { note }),
  };
}

const EPOCHS = 'Passes over the training data; each one is charged again.';
const BATCH = 'Records processed per training step.';
const LEARNING_RATE = 'Step size of each weight update.';
const WARMUP = 'Steps over which the learning rate ramps up to its value.';

const TITAN_HYPERPARAMETERS = [
  hp(
    'epochCount',
    'int',
    1,
    10,
    5,
    EPOCHS,
    'D-hp-titan',
    true,
    'read from the ja/zh/ko copies; the English page was truncated',
  ),
  hp('batchSize', 'int', 1, 64, 1, `${BATCH} Larger batches lower the per-record token limit.`, 'D-hp-titan'),
  hp('learningRate', 'float', 0, 1, 0.00001, LEARNING_RATE, 'D-hp-titan'),
  hp('learningRateWarmupSteps', 'int', 0, 250, 5, WARMUP, 'D-hp-titan'),
] as const;

const TITAN_PREMIER_HYPERPARAMETERS = [
  hp('epochCount', 'int', 1, 5, 2, EPOCHS, 'D-hp-titan'),
  hp('batchSize', 'int', 1, 1, 1, BATCH, 'D-hp-titan'),
  hp('learningRate', 'float', 1e-7, 1e-5, 1e-6, LEARNING_RATE, 'D-hp-titan'),
  hp('learningRateWarmupSteps', 'int', 0, 20, 5, WARMUP, 'D-hp-titan'),
] as const;

const LLAMA2_HYPERPARAMETERS = [
  hp('epochCount', 'int', 1, 10, 5, EPOCHS, 'D-hp-llama2'),
  hp('batchSize', 'int', 1, 1, 1, BATCH, 'D-hp-llama2'),
  hp('learningRate', 'float', 5e-6, 0.1, 1e-4, LEARNING_RATE, 'D-hp-llama2'),
] as const;

function llama3Hyperparameters(source: string, confirmed: boolean, note?: string): HyperParameterSpec[] {
  return [
    hp('epochCount', 'int', 1, 10, 5, EPOCHS, source, confirmed, note),
    hp('batchSize', 'int', 1, 1, 1, BATCH, source, confirmed, note),
    hp('learningRate', 'float', 5e-6, 0.1, 1e-4, LEARNING_RATE, source, confirmed, note),
  ];
}

function cohereHyperparameters(maxBatchSize: number): HyperParameterSpec[] {
  return [
    hp('epochCount', 'int', 1, 100, 1, EPOCHS, 'D-hp-cohere'),
    hp('batchSize', 'int', 8, maxBatchSize, 8, BATCH, 'D-hp-cohere'),
    hp(
      'learningRate',
      'float',
      5e-6,
      0.1,
      1e-5,
      `${LEARNING_RATE} The docs advise leaving it unset when a validation set is given.`,
      'D-hp-cohere',
    ),
    hp(
      'earlyStoppingThreshold',
      'float',
      0,
      0.1,
      0.01,
      'Least loss improvement that counts as progress.',
      'D-hp-cohere',
    ),
    hp(
      'earlyStoppingPatience',
      'int',
      1,
      10,
      6,
      'Evaluations without progress before training stops.',
      'D-hp-cohere',
      true,
      'read from the zh/ko copies',
    ),
    hp(
      'evalPercentage',
      'float',
      5,
      50,
      20,
      'Share of the training data held out for evaluation when no validation set is given.',
      'D-hp-cohere',
    ),
  ];
}

const HAIKU_HYPERPARAMETERS = [
  hp('epochCount', 'int', 1, 10, 2, EPOCHS, 'D-hp-claude3'),
  hp('batchSize', 'int', 4, 256, 32, BATCH, 'D-hp-claude3'),
  hp('learningRateMultiplier', 'float', 0.1, 2, 1, 'Multiplies the base learning rate.', 'D-hp-claude3'),
  hp(
    'earlyStoppingThreshold',
    'float',
    0,
    0.1,
    0.001,
    'Least loss improvement that counts as progress.',
    'D-hp-claude3',
  ),
  hp(
    'earlyStoppingPatience',
    'int',
    1,
    10,
    2,
    'Evaluations without progress before training stops.',
    'D-hp-claude3',
  ),
] as const;

const NOVA_HYPERPARAMETERS = [
  hp('epochCount', 'int', 1, 5, 2, EPOCHS, 'D-hp-nova'),
  hp('learningRate', 'float', 1e-6, 1e-4, 1e-5, LEARNING_RATE, 'D-hp-nova'),
  hp(
    'learningRateWarmupSteps',
    'int',
    0,
    100,
    10,
    `${WARMUP} Recommended about dataset size ÷ 640 (Micro), ÷ 160 (Lite), ÷ 320 (Pro).`,
    'D-hp-nova',
  ),
] as const;

// ---------------------------------------------------------------------------------------------
// Limits (each value carries the tag of the page it was read from)

function limit(tiers: TokenLimit['tiers'], source: string, confirmed = true, note?: string): TokenLimit {
  return note === undefined ? { tiers, source, confirmed } : { tiers, source, confirmed, note };
}

const NO_FILE_SIZE_LIMIT = {
  trainingBytes: unknown('not documented in the pages read'),
  validationBytes: unknown('not documented in the pages read'),
};

const UNKNOWN_MINIMUM = unknown('no minimum record count is documented for this model');

const TITAN_FT_RECORDS: RecordLimits = {
  trainingMax: fact(10_000, 'WS-seed', false, 'stated by the workshop setup notebook; a service quota'),
  validationMax: fact(1_000, 'WS-seed', false, 'stated by the workshop setup notebook; a service quota'),
  minimum: UNKNOWN_MINIMUM,
};

const TITAN_CPT_RECORDS: RecordLimits = {
  trainingMax: fact(100_000, 'D-req', false, 'quota table of 2024 copied by the workshop; adjustable'),
  validationMax: fact(1_000, 'D-req', false, 'quota table of 2024 copied by the workshop'),
  minimum: UNKNOWN_MINIMUM,
};

const LLAMA3_RECORDS: RecordLimits = {
  trainingMax: fact(10_000, 'WS-llama-val', false, 'checked by the AWS sample validator'),
  validationMax: fact(1_000, 'WS-llama-val', false, 'checked by the AWS sample validator'),
  minimum: unknown('the documented minimum applies to training and validation together'),
  combinedMax: fact(10_000, 'D-req', true, 'adjustable service quota'),
  combinedMinimum: fact(100, 'D-req'),
};

function titanSpec(
  dataFormat: 'prompt-completion' | 'continued-pretraining',
  tokenLimit: TokenLimit,
  records: RecordLimits,
  trainingBytes: number,
): CustomizationSpec {
  return {
    dataFormat,
    formatRules: PLAIN_TEXT_RULES,
    tokenLimit,
    records,
    fileSize: {
      trainingBytes: fact(trainingBytes, 'D-req'),
      validationBytes: fact(100 * MB, 'D-req'),
    },
    hyperParameters: TITAN_HYPERPARAMETERS,
  };
}

function llama3Spec(
  total: number,
  formatRules: FormatRules,
  dataFormat: 'prompt-completion' | 'bedrock-conversation-2024',
  hyperParameters: HyperParameterSpec[],
  inputOutput = false,
): CustomizationSpec {
  return {
    dataFormat,
    formatRules,
    tokenLimit: limit(inputOutput ? [{ total, input: total, output: total }] : [{ total }], 'D-req'),
    records: LLAMA3_RECORDS,
    fileSize: NO_FILE_SIZE_LIMIT,
    hyperParameters,
  };
}

const LLAMA_REGIONS: Fact<readonly string[]> = fact(['us-west-2'], 'D-supported');
const NOVA_REGIONS: Fact<readonly string[]> = fact(['us-east-1'], 'D-supported');
const LEGACY_2024_REGIONS: Fact<readonly string[]> = fact(
  ['us-east-1'],
  'LFM-2024',
  false,
  'seen in a 2024 us-east-1 listing',
);
function lifecycle(
  value: LifecycleFact['value'],
  source: string,
  confirmed: boolean,
  note: string,
  dates: { legacyTime?: string; endOfLifeTime?: string } = {},
): LifecycleFact {
  return { value, source, confirmed, note, ...dates };
}

const ACTIVE = lifecycle(
  'active',
  'D-ft-2026',
  true,
  'listed by the newest fine-tuning table; no legacy notice found',
);
const TITAN_EOL = lifecycle(
  'end-of-life',
  'EOL-titan-secondary',
  false,
  'gone from the newest fine-tuning table; the end-of-life date is from notices quoted by public projects',
  { endOfLifeTime: '2025-08-12' },
);
const COHERE_EOL = lifecycle(
  'end-of-life',
  'EOL-titan-secondary',
  false,
  'gone from current docs; the end-of-life date is from notices quoted by public projects',
  { endOfLifeTime: '2025-08-12' },
);
const LLAMA2_EOL = lifecycle(
  'end-of-life',
  'D-ft-2026',
  false,
  'gone from current docs and the active-model tables; no end-of-life date was found',
);
const LLAMA32_EOL = lifecycle(
  'end-of-life',
  'EOL-llama32-secondary',
  false,
  'still in the fine-tuning table, which lags; public lifecycle tables give end of life on 2026-07-07',
  { endOfLifeTime: '2026-07-07' },
);

/** Serving of models tuned on an active base that on-demand deployment does not cover. */
const PROVISIONED_ONLY: ServingPaths = {
  onDemandDeployment: fact([], 'D-od', true, 'not among the supported base models'),
  provisionedThroughput: fact(true, 'D-pt'),
};
/** Past end of life nothing serves: no new Provisioned Throughput once legacy, requests fail after. */
const NOT_SERVED: ServingPaths = {
  onDemandDeployment: fact([], 'D-od', true, 'not among the supported base models'),
  provisionedThroughput: fact(
    false,
    'D-lifecycle',
    true,
    'no new Provisioned Throughput for a legacy model; requests fail after end of life',
  ),
};
const NOVA_SERVING: ServingPaths = {
  onDemandDeployment: fact(['us-east-1'], 'D-od', true, 'for models customized on or after 2025-07-16'),
  provisionedThroughput: fact(
    true,
    'D-nova-od',
    false,
    'implied by the Nova on-demand page ("without maintaining provisioned throughput endpoints")',
  ),
};

/** Past its end of life a base model answers nowhere: requests fail (D-lifecycle). */
const NO_BASE_INFERENCE: BaseInference = {
  routes: fact({}, 'D-lifecycle', true, 'requests fail after end of life'),
  inputPer1kTokens: 'unknown',
  outputPer1kTokens: 'unknown',
};

const NOVA_TOKEN_PRICE_NOTE =
  'on-demand price quoted from the pricing page by third-party pages of 2025 (techdailyfeed.com, pristren.com); the page itself could not be read';

/** Nova Micro, Lite and Pro: in-region on demand in us-east-1, through the `us.` profile in us-west-2. */
function routes(value: Readonly<Record<string, OnDemandRoute>>, confirmed: boolean, note?: string) {
  return fact(value, 'D-regions', confirmed, note);
}

function novaBaseInference(inputUsd: number, outputUsd: number): BaseInference {
  return {
    routes: routes({ 'us-east-1': 'in-region', 'us-west-2': 'profile' }, true),
    inputPer1kTokens: price(inputUsd, '1k-tokens', '2025', NOVA_TOKEN_PRICE_NOTE),
    outputPer1kTokens: price(outputUsd, '1k-tokens', '2025', NOVA_TOKEN_PRICE_NOTE),
  };
}

/** Reached on demand only through a cross-region inference profile, in both US regions. */
const PROFILE_ONLY_INFERENCE: BaseInference = {
  routes: routes(
    { 'us-east-1': 'profile', 'us-west-2': 'profile' },
    false,
    'inference profiles only; read from the region pages, not from a current listing',
  ),
  inputPer1kTokens: 'unknown',
  outputPer1kTokens: 'unknown',
};

const LLAMA31_INFERENCE: BaseInference = {
  routes: routes(
    { 'us-west-2': 'in-region', 'us-east-1': 'profile' },
    false,
    'from the region page; not confirmed against a current listing',
  ),
  inputPer1kTokens: 'unknown',
  outputPer1kTokens: 'unknown',
};

/**
 * The order in which tune picks a default base model: the first one in this list that is active
 * and offered in the region wins. Nova Micro leads in us-east-1 (text-only, the smallest Nova,
 * servable on demand, so a trial tune costs little and needs no hourly Provisioned Throughput);
 * Llama 3.1 8B leads in us-west-2 (the smallest text model customizable there). Models not listed
 * here come after, in catalog order.
 */
export const DEFAULT_PREFERENCE: readonly string[] = [
  'amazon.nova-micro-v1:0:128k',
  'amazon.nova-lite-v1:0:300k',
  'amazon.nova-pro-v1:0:300k',
  'amazon.nova-2-lite-v1:0:256k',
  'meta.llama3-1-8b-instruct-v1:0:128k',
  'meta.llama3-1-70b-instruct-v1:0:128k',
  'meta.llama3-3-70b-instruct-v1:0:128k',
];

const TITAN_LITE_TOKENS = limit(
  [
    { batchSizes: { min: 1, max: 2 }, total: 4096 },
    { batchSizes: { min: 3, max: 6 }, total: 2048 },
  ],
  'D-req',
  true,
  'limits for batchSize above 6 are not documented; tune applies the smallest',
);
const TITAN_EXPRESS_TOKENS = limit(
  [
    { batchSizes: { min: 1, max: 1 }, total: 4096 },
    { batchSizes: { min: 2, max: 4 }, total: 2048 },
  ],
  'D-req',
  true,
  'limits for batchSize above 4 are not documented; tune applies the smallest',
);

const LLAMA2_SPEC: CustomizationSpec = {
  dataFormat: 'prompt-completion',
  formatRules: PLAIN_TEXT_RULES,
  tokenLimit: limit(
    [{ total: 4096 }],
    'WS-seed',
    false,
    'Bedrock documents no per-record limit; 4,096 is the model context',
  ),
  records: {
    trainingMax: fact(10_000, 'WS-seed', false, 'as used by the workshop'),
    validationMax: fact(1_000, 'WS-seed', false, 'as used by the workshop'),
    minimum: UNKNOWN_MINIMUM,
  },
  fileSize: NO_FILE_SIZE_LIMIT,
  hyperParameters: LLAMA2_HYPERPARAMETERS,
};

function cohereSpec(maxBatchSize: number): CustomizationSpec {
  return {
    dataFormat: 'prompt-completion',
    formatRules: PLAIN_TEXT_RULES,
    tokenLimit: limit([{ input: 4096, output: 2048 }], 'D-req'),
    records: {
      trainingMax: fact(10_000, 'D-req'),
      validationMax: fact(1_000, 'D-req'),
      minimum: UNKNOWN_MINIMUM,
    },
    fileSize: NO_FILE_SIZE_LIMIT,
    hyperParameters: cohereHyperparameters(maxBatchSize),
  };
}

function novaSpec(media: boolean): CustomizationSpec {
  return {
    dataFormat: 'bedrock-conversation-2024',
    formatRules: novaRules(media),
    tokenLimit: unknown('Nova fine-tuning per-record token limits are not in the pages read'),
    records: {
      trainingMax: fact(20_000, 'WS-nova-val', false, 'checked by the AWS sample validator'),
      validationMax: unknown('not documented in the pages read'),
      minimum: fact(8, 'WS-nova-val', false, 'checked by the AWS sample validator'),
    },
    fileSize: NO_FILE_SIZE_LIMIT,
    hyperParameters: NOVA_HYPERPARAMETERS,
  };
}

/**
 * Nova 2 Lite on Bedrock: the Converse shape of Nova 1 plus optional reasoning content; text with
 * images (PNG, JPEG, GIF) or videos (MOV, MKV, MP4), never both. Nothing read documents its
 * record or token limits, its Bedrock hyperparameters or reserved words, so none is enforced, and
 * the SFT page says a validation set is not used in training.
 */
const NOVA2_SPEC: CustomizationSpec = {
  dataFormat: 'bedrock-conversation-2024',
  formatRules: { reservedStrings: [], images: true, videos: true },
  tokenLimit: unknown('Nova 2 Lite per-record token limits are not in the pages read'),
  records: {
    trainingMax: unknown('not documented in the pages read'),
    validationMax: unknown('not documented in the pages read'),
    minimum: unknown('not documented in the pages read'),
  },
  fileSize: NO_FILE_SIZE_LIMIT,
  hyperParameters: [],
  hyperParametersUnknown:
    'no page read documents Nova 2 Lite hyperparameters on Bedrock (cm-hp-nova-mm covers Nova Micro, Lite and Pro); tune sends none, so Bedrock applies its defaults',
  validationData: fact(
    false,
    'D-nova2-sft',
    true,
    'a validation set "will not be supported during SFT training"',
  ),
};

const LLAMA32_HP_NOTE = 'read from the de_de copy';
const LLAMA33_HP_NOTE = 'no Llama 3.3 page was read; the Llama 3.1/3.2 table is assumed';

// Prices: all secondary (third-party notes citing the pricing page, which could not be read).
const TITAN_LITE_PRICES: Prices = {
  trainingPer1kTokens: price(0.0004, '1k-tokens', '2024', 'undated third-party notes, about 2024'),
  storagePerModelMonth: price(1.95, 'model-month', '2024', 'undated third-party notes, about 2024'),
  provisionedThroughputPerModelUnitHour: price(
    7.1,
    'model-unit-hour',
    '2024',
    'custom-model Provisioned Throughput without commitment; undated notes, about 2024',
  ),
  ...NO_INFERENCE_PRICES,
};

function llama2Prices(trainingUsd: number): Prices {
  const note = 'Japanese write-up citing the pricing page, undated, about 2025';
  return {
    trainingPer1kTokens: price(trainingUsd, '1k-tokens', '2025', note),
    storagePerModelMonth: price(1.95, 'model-month', '2025', note),
    provisionedThroughputPerModelUnitHour: price(
      21.18,
      'model-unit-hour',
      '2025',
      `1-month commitment (6-month: $13.08); the no-commitment rate is unknown; ${note}`,
    ),
    ...NO_INFERENCE_PRICES,
  };
}

export const MODELS: readonly CatalogModel[] = [
  {
    id: 'amazon.titan-text-lite-v1:0:4k',
    name: 'Titan Text G1 - Lite',
    provider: 'Amazon',
    family: 'titan-text',
    aliases: ['titan-text-lite', 'titan-lite'],
    foundationModelId: 'amazon.titan-text-lite-v1',
    tokenizer: 'estimate',
    lifecycle: TITAN_EOL,
    regions: fact(['us-east-1', 'us-west-2'], 'D-supported', true, 'older version of the docs'),
    customizations: {
      FINE_TUNING: titanSpec('prompt-completion', TITAN_LITE_TOKENS, TITAN_FT_RECORDS, GB),
      CONTINUED_PRE_TRAINING: titanSpec(
        'continued-pretraining',
        TITAN_LITE_TOKENS,
        TITAN_CPT_RECORDS,
        10 * GB,
      ),
    },
    serving: NOT_SERVED,
    prices: TITAN_LITE_PRICES,
    baseInference: NO_BASE_INFERENCE,
  },
  {
    id: 'amazon.titan-text-express-v1:0:8k',
    name: 'Titan Text G1 - Express',
    provider: 'Amazon',
    family: 'titan-text',
    aliases: ['titan-text-express', 'titan-express'],
    foundationModelId: 'amazon.titan-text-express-v1',
    tokenizer: 'estimate',
    lifecycle: TITAN_EOL,
    regions: fact(['us-east-1', 'us-west-2'], 'D-supported', true, 'older version of the docs'),
    customizations: {
      FINE_TUNING: titanSpec(
        'prompt-completion',
        TITAN_EXPRESS_TOKENS,
        markUnconfirmed(TITAN_FT_RECORDS),
        GB,
      ),
      CONTINUED_PRE_TRAINING: titanSpec(
        'continued-pretraining',
        TITAN_EXPRESS_TOKENS,
        markUnconfirmed(TITAN_CPT_RECORDS),
        10 * GB,
      ),
    },
    serving: NOT_SERVED,
    prices: UNKNOWN_PRICES,
    baseInference: NO_BASE_INFERENCE,
  },
  {
    id: 'amazon.titan-text-premier-v1:0:32k',
    name: 'Titan Text Premier',
    provider: 'Amazon',
    family: 'titan-text-premier',
    aliases: ['titan-text-premier', 'titan-premier'],
    foundationModelId: 'amazon.titan-text-premier-v1:0',
    tokenizer: 'estimate',
    lifecycle: { ...TITAN_EOL, note: `fine-tuning was a preview; ${TITAN_EOL.note}` },
    regions: unknown('no region list was found for Titan Text Premier fine-tuning'),
    customizations: {
      FINE_TUNING: {
        dataFormat: 'prompt-completion',
        formatRules: PLAIN_TEXT_RULES,
        tokenLimit: limit(
          [{ batchSizes: { min: 1, max: 1 }, total: 4096 }],
          'D-req',
          true,
          'batch sizes 2-4 are N/A',
        ),
        records: {
          trainingMax: unknown('not documented in the pages read'),
          validationMax: unknown('not documented in the pages read'),
          minimum: UNKNOWN_MINIMUM,
        },
        fileSize: { trainingBytes: fact(GB, 'D-req'), validationBytes: fact(100 * MB, 'D-req') },
        hyperParameters: TITAN_PREMIER_HYPERPARAMETERS,
      },
    },
    serving: NOT_SERVED,
    prices: UNKNOWN_PRICES,
    baseInference: NO_BASE_INFERENCE,
  },
  {
    id: 'meta.llama2-13b-v1:0:4k',
    name: 'Llama 2 13B',
    provider: 'Meta',
    family: 'llama2',
    aliases: ['llama2-13b', 'llama-2-13b'],
    foundationModelId: 'meta.llama2-13b-v1',
    tokenizer: 'llama2',
    lifecycle: LLAMA2_EOL,
    regions: LEGACY_2024_REGIONS,
    customizations: { FINE_TUNING: LLAMA2_SPEC },
    serving: NOT_SERVED,
    prices: llama2Prices(0.00149),
    baseInference: NO_BASE_INFERENCE,
  },
  {
    id: 'meta.llama2-70b-v1:0:4k',
    name: 'Llama 2 70B',
    provider: 'Meta',
    family: 'llama2',
    aliases: ['llama2-70b', 'llama-2-70b'],
    foundationModelId: 'meta.llama2-70b-v1',
    tokenizer: 'llama2',
    lifecycle: LLAMA2_EOL,
    regions: LEGACY_2024_REGIONS,
    customizations: { FINE_TUNING: LLAMA2_SPEC },
    serving: NOT_SERVED,
    prices: llama2Prices(0.00799),
    baseInference: NO_BASE_INFERENCE,
  },
  llama3Row(
    'meta.llama3-1-8b-instruct-v1:0:128k',
    'Llama 3.1 8B Instruct',
    'llama3.1',
    ['llama3.1-8b', 'llama-3.1-8b', 'llama3-1-8b'],
    llama3Spec(
      16_000,
      PLAIN_TEXT_RULES,
      'prompt-completion',
      llama3Hyperparameters('D-hp-llama31', true),
      true,
    ),
    {
      lifecycle: ACTIVE,
      serving: PROVISIONED_ONLY,
      baseInference: LLAMA31_INFERENCE,
      priceListName: priceListName('Llama3-1-8B', INFERRED),
    },
  ),
  llama3Row(
    'meta.llama3-1-70b-instruct-v1:0:128k',
    'Llama 3.1 70B Instruct',
    'llama3.1',
    ['llama3.1-70b', 'llama-3.1-70b', 'llama3-1-70b'],
    llama3Spec(
      16_000,
      PLAIN_TEXT_RULES,
      'prompt-completion',
      llama3Hyperparameters('D-hp-llama31', true),
      true,
    ),
    {
      lifecycle: ACTIVE,
      serving: PROVISIONED_ONLY,
      baseInference: LLAMA31_INFERENCE,
      priceListName: priceListName('Llama3-1-70B', INFERRED),
    },
  ),
  ...(
    [
      ['1b', '1B', 16_000, false],
      ['3b', '3B', 16_000, false],
      ['11b', '11B', 16_000, true],
      ['90b', '90B', 10_000, true],
    ] as const
  ).map(([size, label, total, images]) =>
    llama3Row(
      `meta.llama3-2-${size}-instruct-v1:0:128k`,
      `Llama 3.2 ${label} Instruct`,
      'llama3.2',
      [`llama3.2-${size}`, `llama-3.2-${size}`, `llama3-2-${size}`],
      llama3Spec(
        total,
        llamaConversationRules(images),
        'bedrock-conversation-2024',
        llama3Hyperparameters('D-hp-llama32', true, LLAMA32_HP_NOTE),
      ),
      { lifecycle: LLAMA32_EOL, serving: NOT_SERVED, baseInference: NO_BASE_INFERENCE },
    ),
  ),
  llama3Row(
    'meta.llama3-3-70b-instruct-v1:0:128k',
    'Llama 3.3 70B Instruct',
    'llama3.3',
    ['llama3.3-70b', 'llama-3.3-70b', 'llama3-3-70b'],
    llama3Spec(
      16_000,
      llamaConversationRules(false),
      'bedrock-conversation-2024',
      llama3Hyperparameters('D-hp-llama32', false, LLAMA33_HP_NOTE),
    ),
    {
      lifecycle: ACTIVE,
      serving: {
        onDemandDeployment: fact(
          ['us-west-2'],
          'D-od',
          false,
          'named by an earlier reading of the page; the copy read on 2026-11-27 names us-west-2 as a region but was cut before the model list',
        ),
        provisionedThroughput: fact(true, 'D-pt'),
      },
      baseInference: PROFILE_ONLY_INFERENCE,
      priceListName: priceListName('Llama3-3-70B', SEEN),
    },
  ),
  {
    id: 'anthropic.claude-3-haiku-20240307-v1:0:200k',
    name: 'Claude 3 Haiku',
    provider: 'Anthropic',
    family: 'claude-3-haiku',
    aliases: ['claude-3-haiku', 'haiku'],
    foundationModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    tokenizer: 'estimate',
    lifecycle: lifecycle(
      'end-of-life',
      'D-card-haiku',
      true,
      'end of life in most regions, us-west-2 among them; the fine-tuning table still lists it',
      { endOfLifeTime: '2026-09-10' },
    ),
    regions: fact(['us-west-2'], 'D-supported'),
    customizations: {
      FINE_TUNING: {
        dataFormat: 'claude-messages',
        formatRules: HAIKU_RULES,
        tokenLimit: limit([{ total: 32_000 }], 'D-req'),
        records: {
          trainingMax: fact(10_000, 'D-req'),
          validationMax: fact(1_000, 'D-req'),
          minimum: fact(32, 'D-req'),
          validationMinimum: fact(32, 'WS-haiku-val', false, 'checked by the AWS sample validator'),
          combinedMax: fact(10_000, 'D-req', true, 'adjustable service quota'),
        },
        fileSize: { trainingBytes: fact(10 * GB, 'D-req'), validationBytes: fact(GB, 'D-req') },
        hyperParameters: HAIKU_HYPERPARAMETERS,
      },
    },
    serving: NOT_SERVED,
    prices: UNKNOWN_PRICES,
    baseInference: NO_BASE_INFERENCE,
  },
  novaRow(
    'amazon.nova-micro-v1:0:128k',
    'Nova Micro',
    ['nova-micro'],
    'amazon.nova-micro-v1:0',
    false,
    novaBaseInference(0.000035, 0.00014),
  ),
  novaRow(
    'amazon.nova-lite-v1:0:300k',
    'Nova Lite',
    ['nova-lite'],
    'amazon.nova-lite-v1:0',
    true,
    novaBaseInference(0.00006, 0.00024),
  ),
  novaRow(
    'amazon.nova-pro-v1:0:300k',
    'Nova Pro',
    ['nova-pro'],
    'amazon.nova-pro-v1:0',
    true,
    novaBaseInference(0.0008, 0.0032),
  ),
  {
    id: 'amazon.nova-2-lite-v1:0:256k',
    name: 'Nova 2 Lite',
    provider: 'Amazon',
    family: 'nova',
    aliases: ['nova-2-lite', 'nova2-lite'],
    foundationModelId: 'amazon.nova-2-lite-v1:0',
    tokenizer: 'estimate',
    lifecycle: ACTIVE,
    regions: fact(['us-east-1'], 'D-ft-2026'),
    customizations: { FINE_TUNING: NOVA2_SPEC },
    serving: {
      ...NOVA_SERVING,
      onDemandDeployment: fact(
        ['us-east-1'],
        'D-od',
        false,
        'named by an earlier reading of the page; the copy read on 2026-11-27 was cut before the model list',
      ),
    },
    prices: UNKNOWN_PRICES,
    baseInference: PROFILE_ONLY_INFERENCE,
    priceListName: priceListName('Nova2.0Lite', SEEN),
  },
  {
    id: 'cohere.command-text-v14:7:4k',
    name: 'Cohere Command',
    provider: 'Cohere',
    family: 'cohere-command',
    aliases: ['cohere-command', 'command'],
    foundationModelId: 'cohere.command-text-v14',
    tokenizer: 'estimate',
    lifecycle: COHERE_EOL,
    regions: LEGACY_2024_REGIONS,
    customizations: { FINE_TUNING: cohereSpec(8) },
    serving: NOT_SERVED,
    prices: {
      trainingPer1kTokens: price(0.004, '1k-tokens', '2026', 'exam-prep notes of 2026 quoting older figures'),
      storagePerModelMonth: price(
        1.95,
        'model-month',
        '2026',
        'exam-prep notes of 2026 quoting older figures',
      ),
      provisionedThroughputPerModelUnitHour: price(
        49.5,
        'model-unit-hour',
        '2026',
        'commitment term not stated; exam-prep notes of 2026 quoting older figures',
      ),
      ...NO_INFERENCE_PRICES,
    },
    baseInference: NO_BASE_INFERENCE,
  },
  {
    id: 'cohere.command-light-text-v14:7:4k',
    name: 'Cohere Command Light',
    provider: 'Cohere',
    family: 'cohere-command',
    aliases: ['cohere-command-light', 'command-light'],
    foundationModelId: 'cohere.command-light-text-v14',
    tokenizer: 'estimate',
    lifecycle: COHERE_EOL,
    regions: LEGACY_2024_REGIONS,
    customizations: { FINE_TUNING: cohereSpec(32) },
    serving: NOT_SERVED,
    prices: {
      trainingPer1kTokens: price(0.001, '1k-tokens', '2024', 'undated third-party notes'),
      storagePerModelMonth: price(1.95, 'model-month', '2024', 'undated third-party notes'),
      provisionedThroughputPerModelUnitHour: price(
        8.56,
        'model-unit-hour',
        '2024',
        'without commitment; undated third-party notes',
      ),
      ...NO_INFERENCE_PRICES,
    },
    baseInference: NO_BASE_INFERENCE,
  },
];

function llama3Row(
  id: string,
  name: string,
  family: 'llama3.1' | 'llama3.2' | 'llama3.3',
  aliases: string[],
  spec: CustomizationSpec,
  standing: {
    lifecycle: LifecycleFact;
    serving: ServingPaths;
    baseInference: BaseInference;
    priceListName?: Sourced<string>;
  } = {
    lifecycle: ACTIVE,
    serving: PROVISIONED_ONLY,
    baseInference: LLAMA31_INFERENCE,
  },
): CatalogModel {
  return {
    ...(standing.priceListName ? { priceListName: standing.priceListName } : {}),
    id,
    name,
    provider: 'Meta',
    family,
    aliases,
    // The on-demand id is the customizable one without its context suffix (`:128k`).
    foundationModelId: id.replace(/:\d+k$/, ''),
    tokenizer: 'llama3',
    lifecycle: standing.lifecycle,
    regions: LLAMA_REGIONS,
    customizations: { FINE_TUNING: spec },
    serving: standing.serving,
    prices: UNKNOWN_PRICES,
    baseInference: standing.baseInference,
  };
}

function novaRow(
  id: string,
  name: string,
  aliases: string[],
  foundationModelId: string,
  media: boolean,
  baseInference: BaseInference,
): CatalogModel {
  return {
    // `Nova Micro` → `NovaMicro`, as the price list's usage types spell it.
    priceListName: priceListName(name.replace(/ /g, ''), SEEN),
    id,
    name,
    provider: 'Amazon',
    family: 'nova',
    aliases,
    foundationModelId,
    tokenizer: 'estimate',
    lifecycle: ACTIVE,
    regions: NOVA_REGIONS,
    customizations: { FINE_TUNING: novaSpec(media) },
    serving: NOVA_SERVING,
    prices: UNKNOWN_PRICES,
    baseInference,
  };
}

/** Titan Express shares Lite's record quotas in the reference, which flags them as unconfirmed for Express. */
function markUnconfirmed(records: RecordLimits): RecordLimits {
  const soften = (value: Fact<number>): Fact<number> =>
    value.value === 'unknown'
      ? value
      : {
          ...value,
          confirmed: false,
          note: `${value.note ?? ''}; not confirmed for this model`.replace(/^; /, ''),
        };
  return {
    trainingMax: soften(records.trainingMax),
    validationMax: soften(records.validationMax),
    minimum: soften(records.minimum),
  };
}
