/**
 * Turns what a person asked for (`/tune start …` text or the modal) into a proposal, or into one
 * `InputError` listing every problem with the option it concerns. Nothing here calls AWS: the
 * dataset's figures come from its validation, the limits and prices from the catalog, and what the
 * region offers from the caller (`offeredModels`), so a model past its end of life, of another
 * region or unknown to tune is refused here, before anyone confirms a spend.
 */
import {
  type CatalogModel,
  CUSTOMIZATION_TYPE_NAMES,
  catalogOffers,
  checkHyperParameters,
  chooseOffered,
  customizationTypeLabel,
  defaultOffered,
  findModel,
  type ModelOffers,
  type OfferedModel,
  requireSpec,
} from '../catalog/index.js';
import { estimateTrainingCost } from '../dataset/cost.js';
import { InputError } from '../errors.js';
import { type HeldOut, offerEvaluation } from '../evaluation/offer.js';
import type { DatasetEntry } from '../intake/dataset-entry.js';
import type { CustomizationType } from './job.js';
import { defaultCustomModelName, sanitizeCustomModelName } from './naming.js';
import type { Proposal } from './proposal.js';

/** Friendly option names accepted on the command line, mapped to the API's hyperparameter names. */
export const HYPERPARAMETER_OPTIONS: Readonly<Record<string, string>> = {
  epochs: 'epochCount',
  'batch-size': 'batchSize',
  'learning-rate': 'learningRate',
  'warmup-steps': 'learningRateWarmupSteps',
  'learning-rate-multiplier': 'learningRateMultiplier',
  'early-stopping-threshold': 'earlyStoppingThreshold',
  'early-stopping-patience': 'earlyStoppingPatience',
  'eval-percentage': 'evalPercentage',
};

export interface JobRequest {
  /** A dataset id or file name; the channel's latest valid dataset when absent. */
  dataset?: string;
  model?: string;
  type?: CustomizationType;
  /** API names → values as typed. */
  hyperParameters: Record<string, string>;
  /** A second dataset to validate against; absent: the dataset's own split, if it has one. */
  validationDataset?: string;
  /** No validation data even when the dataset has a split (`--validation none`). */
  noValidation?: boolean;
  /** A dataset held out for the evaluation only (`--test`); before the validation data and the split. */
  testDataset?: string;
  /** Evaluate when done (`--evaluate yes|no`, the form's checkbox); absent: on where it can run. */
  evaluate?: boolean;
  /** Problems found while reading the request (unknown options…), reported with the others. */
  problems?: string[];
  name?: string;
}

export function parseCustomizationType(value: string): CustomizationType {
  const type = CUSTOMIZATION_TYPE_NAMES[value] ?? CUSTOMIZATION_TYPE_NAMES[value.toLowerCase()];
  if (!type)
    throw new InputError(`--type ${value}: use fine-tuning or continued-pretraining.`, { field: 'type' });
  return type;
}

/**
 * A dataset by id, id prefix (4 characters or more) or file name. The same file checked for several
 * models is several datasets; `modelId` picks the one checked for that model when a name or prefix
 * matches more than one.
 */
export function findDataset(
  datasets: readonly DatasetEntry[],
  reference: string | undefined,
  modelId?: string,
): DatasetEntry | undefined {
  const preferred = (matches: DatasetEntry[]) =>
    matches.find((entry) => entry.modelId === modelId) ?? matches[0];
  if (reference === undefined) return preferred(datasets.filter((entry) => entry.valid));
  const wanted = reference.toLowerCase();
  return (
    datasets.find((entry) => entry.datasetId === wanted) ??
    preferred(datasets.filter((entry) => entry.datasetId.startsWith(wanted) && wanted.length >= 4)) ??
    preferred(datasets.filter((entry) => entry.name.toLowerCase() === wanted))
  );
}

export function planJob(input: {
  request: JobRequest;
  datasets: readonly DatasetEntry[];
  place: { teamId: string; channelId: string; userId: string };
  proposalId: string;
  now: Date;
  /** Where the job would run: whether the evaluation can run on demand depends on it. */
  region?: string;
  /**
   * What the region offers (`offeredModels`). Absent: the catalog's own view of every region,
   * which never offers a model past its end of life but was not checked against Bedrock.
   */
  offered?: ModelOffers;
}): Proposal {
  const { request, datasets } = input;
  const offers = input.offered ?? catalogOffers({ now: input.now });
  const problems: string[] = [...(request.problems ?? [])];
  const fail = (field: string): never => {
    throw new InputError(problems.join('\n'), { field });
  };

  // Unnamed, the dataset is the latest valid one of the type asked for (of any type otherwise).
  const candidates =
    request.dataset === undefined && request.type
      ? datasets.filter((entry) => entry.customizationType === request.type)
      : datasets;
  const dataset = findDataset(candidates, request.dataset, request.model && findModel(request.model)?.id);
  if (!dataset) {
    problems.push(
      request.dataset === undefined
        ? `This channel has no valid dataset${request.type ? ` for ${customizationTypeLabel(request.type)}` : ''} yet. Share a JSONL, CSV, text or PDF file here (or use \`/tune upload\`), then try again.`
        : `No dataset "${request.dataset}" in this channel. \`/tune datasets\` lists them with their ids.`,
    );
    return fail('dataset');
  }
  if (!dataset.valid) {
    problems.push(
      `Dataset ${dataset.name} (${dataset.datasetId}) has ${dataset.errorCount} error(s); fix them and share it again before training on it.`,
    );
  }

  const type = request.type ?? dataset.customizationType;
  if (type !== dataset.customizationType) {
    problems.push(
      `Dataset ${dataset.name} was prepared for ${customizationTypeLabel(dataset.customizationType)}, not ${customizationTypeLabel(type)}.`,
    );
  }
  const offer = offers[type];
  const choice = chooseOffered(offer, request.model ?? dataset.modelId, { now: input.now });
  if (!choice.ok) {
    const fallback = defaultOffered(offer);
    const reshare =
      request.model === undefined && fallback && choice.cause !== 'none-offered'
        ? ` Share the file again with \`--model ${fallback.model?.aliases[0] ?? fallback.modelId}\` in the message to check it for ${fallback.name}.`
        : '';
    problems.push(
      request.model === undefined && choice.cause !== 'none-offered'
        ? `Dataset ${dataset.name} was checked for ${findModel(dataset.modelId)?.name ?? dataset.modelId}, which cannot be used: ${choice.problem}${reshare}`
        : choice.problem,
    );
    return fail(choice.cause === 'none-offered' ? 'type' : 'model');
  }
  const offered: OfferedModel = choice.offered;
  const model: CatalogModel | undefined = offered.model;
  if (!model) {
    problems.push(`${offered.name}: tune has no catalog row for it.`);
    return fail('model');
  }
  let hyperParameters: Record<string, string> = {};
  let validationUsed = true;
  try {
    const spec = requireSpec(model, type);
    validationUsed = spec.validationData?.value !== false;
    if (model.id !== dataset.modelId) {
      problems.push(
        `Dataset ${dataset.name} was checked against ${dataset.modelId}, whose limits and tokenizer differ from ${model.id}'s. Share it again with \`--model ${model.aliases[0] ?? model.id}\` in the message so it is checked for this model.`,
      );
    }
    for (const parameter of spec.hyperParameters) {
      if (parameter.default !== undefined) hyperParameters[parameter.name] = String(parameter.default);
    }
    hyperParameters = { ...hyperParameters, ...request.hyperParameters };
    for (const problem of checkHyperParameters(model, type, request.hyperParameters))
      problems.push(problem.message);
  } catch (error) {
    if (error instanceof InputError) problems.push(error.message);
    else throw error;
  }

  let validation: Proposal['validation'];
  if (request.noValidation) {
    validation = undefined;
  } else if (request.validationDataset !== undefined && !validationUsed) {
    problems.push(
      `--validation ${request.validationDataset}: ${model.name} does not use validation data in training; leave it out or use \`--validation none\`.`,
    );
  } else if (request.validationDataset !== undefined) {
    const entry = findDataset(datasets, request.validationDataset, model.id);
    if (!entry) problems.push(`--validation ${request.validationDataset}: no such dataset in this channel.`);
    else if (!entry.valid) problems.push(`--validation ${entry.name} has errors; fix them first.`);
    else validation = { key: entry.key, name: entry.name, records: entry.records };
  } else if (dataset.validationKey && validationUsed) {
    validation = {
      key: dataset.validationKey,
      name: `${dataset.name} (split)`,
      records: dataset.validationRecords ?? 0,
    };
  }

  const heldOut = heldOutFor(request, datasets, dataset, model.id, type, validation, problems);
  const evaluation = offerEvaluation({
    model,
    type,
    region: input.region,
    heldOut,
    training: { records: dataset.records, tokens: dataset.tokens.total },
    ...(request.evaluate !== undefined ? { wanted: request.evaluate } : {}),
  });
  if (request.evaluate === true && evaluation.unavailable) {
    problems.push(`--evaluate: the evaluation cannot run when the job completes: ${evaluation.unavailable}`);
  }

  if (problems.length > 0) fail('options');

  const epochs = Number(hyperParameters.epochCount ?? '1');
  const skippedSplit =
    dataset.validationKey && !validationUsed && !request.noValidation
      ? [
          `${model.name} does not use validation data in training, so the split of ${dataset.name} is left out.`,
        ]
      : [];
  const estimate = estimateTrainingCost({
    tokens: dataset.tokens.total,
    exactTokens: dataset.tokens.exact,
    epochs,
    prices: model.prices,
  });
  const fallbackName = defaultCustomModelName(dataset.name, model.aliases[0]);
  return {
    proposalId: input.proposalId,
    status: 'proposed',
    ...input.place,
    createdAt: input.now.toISOString(),
    dataset: {
      datasetId: dataset.datasetId,
      name: dataset.name,
      key: dataset.key,
      records: dataset.records,
      tokens: dataset.tokens.total,
      exactTokens: dataset.tokens.exact,
    },
    ...(validation ? { validation } : {}),
    modelId: model.id,
    modelName: model.name,
    legacyModel: offered.lifecycle === 'legacy',
    ...(offered.endOfLifeTime ? { modelEndOfLife: offered.endOfLifeTime.toISOString().slice(0, 10) } : {}),
    customizationType: type,
    customModelName: sanitizeCustomModelName(request.name ?? fallbackName, `tune-${input.proposalId}`),
    hyperParameters,
    evaluation,
    estimate: {
      billedTokens: estimate.billedTokens,
      usd: estimate.usd,
      low: estimate.low,
      high: estimate.high,
      priceSource: estimate.priceSource,
      notes: [
        ...offered.notes,
        ...skippedSplit,
        ...estimate.uncertainty,
        ...estimate.excludes.map((item) => `not included: ${item}`),
      ],
    },
  };
}

/**
 * The records the evaluation would be run on: the test dataset, else the validation data (a dataset
 * or the split), else the dataset's split even when it is not used for validation: it was kept out
 * of the training file all the same.
 */
function heldOutFor(
  request: JobRequest,
  datasets: readonly DatasetEntry[],
  dataset: DatasetEntry,
  modelId: string,
  type: CustomizationType,
  validation: Proposal['validation'],
  problems: string[],
): HeldOut | undefined {
  if (request.testDataset !== undefined) {
    const entry = findDataset(datasets, request.testDataset, modelId);
    if (!entry) {
      problems.push(`--test ${request.testDataset}: no such dataset in this channel.`);
    } else if (!entry.valid) {
      problems.push(`--test ${entry.name} has errors; fix them first.`);
    } else if (entry.customizationType !== type || entry.format !== dataset.format) {
      problems.push(
        `--test ${entry.name} holds ${entry.format ?? 'unknown'} records for ${customizationTypeLabel(entry.customizationType)}; the training data is ${dataset.format ?? 'unknown'} for ${customizationTypeLabel(type)}.`,
      );
    } else {
      return { key: entry.key, name: entry.name, records: entry.records, source: 'test' };
    }
    return undefined;
  }
  if (validation) {
    return { ...validation, source: validation.key === dataset.validationKey ? 'split' : 'validation' };
  }
  if (dataset.validationKey) {
    return {
      key: dataset.validationKey,
      name: `${dataset.name} (split)`,
      records: dataset.validationRecords ?? 0,
      source: 'split',
    };
  }
  return undefined;
}
