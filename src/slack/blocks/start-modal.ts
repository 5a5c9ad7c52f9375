/**
 * The `/tune start` modal: type, base model (those the region offers for the type: legacy ones
 * marked with their end date, ones tune has no limits for marked so), training dataset (the
 * channel's, latest valid first), validation data, custom model name and the model's
 * hyperparameters prefilled with its defaults and ranges, with the estimate for the current
 * choices. Where the region offers no model for the type, the plain message says so instead of a
 * model list. Changing the type or the model rebuilds the view (views.update).
 */
import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import * as z from 'zod';
import {
  catalogOffers,
  customizationTypeLabel,
  customizationUnavailableMessage,
  defaultOffered,
  findModel,
  hyperParameterLabel,
  type ModelOffers,
  type OfferedModel,
  requireSpec,
} from '../../core/catalog/index.js';
import type { CatalogModel, HyperParameterSpec } from '../../core/catalog/types.js';
import { estimateTrainingCost } from '../../core/dataset/cost.js';
import { type HeldOut, offerEvaluation } from '../../core/evaluation/offer.js';
import type { DatasetEntry } from '../../core/intake/dataset-entry.js';
import type { CustomizationType } from '../../core/jobs/job.js';
import { defaultCustomModelName, sanitizeCustomModelName } from '../../core/jobs/naming.js';
import type { JobRequest } from '../../core/jobs/plan.js';
import { evaluationCostText } from './evaluation-offer.js';
import { formatUsd } from './job-card.js';
import { clip, code, LIMITS, mrkdwn, plain } from './safe-text.js';

export const START_MODAL = {
  callbackId: 'start_job',
  typeBlock: 'type',
  modelBlock: 'model',
  datasetBlock: 'dataset',
  validationBlock: 'validation',
  evaluateBlock: 'evaluate',
  nameBlock: 'name',
  hyperParameterPrefix: 'hp_',
  /** Selects that rebuild the modal when they change. */
  typeAction: 'start_modal_type',
  modelAction: 'start_modal_model',
  datasetAction: 'start_modal_dataset',
  valueAction: 'value',
} as const;

const NO_VALIDATION = '__none__';
const SPLIT_VALIDATION = '__split__';
const EVALUATE_OPTION = 'evaluate';

export interface StartModalState {
  type: CustomizationType;
  modelId?: string;
  datasetId?: string;
  validation?: string;
  /** The "Evaluate when done" checkbox; absent when the form did not show it. */
  evaluate?: boolean;
  name?: string;
  hyperParameters?: Record<string, string>;
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text: plain(text, LIMITS.optionText) }, value };
}

/** The range in people's words, with the API name first (what Bedrock's console and docs show), as the description may be clipped. */
function rangeHint(spec: HyperParameterSpec): string {
  const range = `${spec.min} to ${spec.max}`;
  return plain(
    `${spec.name}: ${spec.type === 'int' ? 'whole number' : 'number'}, ${range}${spec.default === undefined ? '' : `; default ${spec.default}`}. ${spec.description}`,
    LIMITS.placeholder,
  );
}

/** A value the model allows only one of (Llama's batch size of 1): shown, not asked for. */
function isFixed(spec: HyperParameterSpec): boolean {
  return spec.min === spec.max && spec.default !== undefined;
}

/**
 * The name the job will get: what was typed, made acceptable to Bedrock, or the one made from the
 * dataset and the model; tune adds a short id when it starts the job (start.ts), so it is unique.
 */
export function modelNameHint(typed: string | undefined, fallback: string | undefined): string {
  const used = typed ? sanitizeCustomModelName(typed, fallback ?? 'model') : fallback;
  if (!used) return 'Lower-case letters, digits and hyphens; tune adds a short id so that names stay unique.';
  const changed = typed !== undefined && used !== typed;
  return plain(
    `${changed ? `Bedrock takes lower-case letters, digits and hyphens: this will be named ${used}` : `Will be named ${used}`}, plus a short id (${used}-1a2b3c).${typed ? '' : ' Type a name (lower-case letters, digits and hyphens) to choose another.'}`,
    LIMITS.hint,
  );
}

/** The model the modal shows: the one chosen, else the dataset's, else the region's default, if offered. */
function chosenModel(
  state: StartModalState,
  dataset: DatasetEntry | undefined,
  offers: ModelOffers,
): OfferedModel | undefined {
  const offer = offers[state.type];
  const wanted = state.modelId ?? dataset?.modelId;
  return offer.models.find((model) => model.modelId === wanted) ?? defaultOffered(offer) ?? offer.models[0];
}

function modelLabel(model: OfferedModel): string {
  const marks = [
    ...(model.lifecycle === 'legacy'
      ? [model.endOfLifeTime ? `legacy until ${model.endOfLifeTime.toISOString().slice(0, 10)}` : 'legacy']
      : []),
    ...(model.limitsKnown ? [] : ['limits unknown']),
  ];
  return marks.length === 0 ? model.name : `${model.name} (${marks.join(', ')})`;
}

/** The held-out records the form's choices give: the validation choice, else the dataset's split. */
function heldOutOf(
  state: StartModalState,
  dataset: DatasetEntry,
  ofType: readonly DatasetEntry[],
): HeldOut | undefined {
  const chosen = ofType.find((entry) => entry.datasetId === state.validation && entry.valid);
  if (chosen && chosen.datasetId !== dataset.datasetId) {
    return { key: chosen.key, name: chosen.name, records: chosen.records, source: 'validation' };
  }
  if (!dataset.validationKey) return undefined;
  return {
    key: dataset.validationKey,
    name: `${dataset.name} (split)`,
    records: dataset.validationRecords ?? 0,
    source: 'split',
  };
}

/** "Evaluate when done": a checkbox with its price where it can run, otherwise why not. */
function evaluateBlocks(
  state: StartModalState,
  dataset: DatasetEntry,
  ofType: readonly DatasetEntry[],
  model: CatalogModel,
  region: string | undefined,
): KnownBlock[] {
  const offer = offerEvaluation({
    model,
    type: state.type,
    region,
    heldOut: heldOutOf(state, dataset, ofType),
    training: { records: dataset.records, tokens: dataset.tokens.total },
  });
  if (offer.unavailable) {
    return [
      {
        type: 'context',
        block_id: START_MODAL.evaluateBlock,
        elements: [
          { type: 'mrkdwn', text: clip(`*Evaluate when done:* not available: ${offer.unavailable}`, 2000) },
        ],
      },
    ];
  }
  const option = {
    text: { type: 'plain_text' as const, text: 'Evaluate when done (tuned against base)' },
    value: EVALUATE_OPTION,
  };
  return [
    {
      type: 'input',
      block_id: START_MODAL.evaluateBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Evaluation' },
      element: {
        type: 'checkboxes',
        action_id: START_MODAL.valueAction,
        options: [option],
        ...(state.evaluate === false ? {} : { initial_options: [option] }),
      },
      hint: {
        type: 'plain_text',
        text: plain(
          `On ${offer.estimate?.records ?? 0} held-out records of ${offer.heldOut?.name ?? 'the data'}: ${offer.estimate ? evaluationCostText(offer.estimate) : 'price unknown'}. The tuned model is deployed on demand for it and removed after.`,
          LIMITS.hint,
        ),
      },
    },
  ];
}

/**
 * `offered`: what the region offers (`offeredModels`). Absent, the catalog's own view of every
 * region, which never offers a model past its end of life but was not checked against Bedrock.
 */
export function startModal(
  state: StartModalState,
  datasets: readonly DatasetEntry[],
  /** Signed by ../form-metadata.ts: it names the channel the job will be proposed in. */
  privateMetadata: string,
  offered?: ModelOffers,
  /** Where jobs run: whether the evaluation can run on demand depends on it. */
  region?: string,
): View {
  const offers = offered ?? catalogOffers();
  const offer = offers[state.type];
  const ofType = datasets.filter((entry) => entry.customizationType === state.type);
  const dataset =
    ofType.find((entry) => entry.datasetId === state.datasetId) ??
    ofType.find((entry) => entry.valid) ??
    ofType[0];
  const chosen = chosenModel(state, dataset, offers);
  const model = chosen?.model;
  const blocks: KnownBlock[] = [];
  const types: CustomizationType[] = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'];
  const typeOptions = types.map((type) => option(customizationTypeLabel(type), type));
  blocks.push({
    type: 'input',
    block_id: START_MODAL.typeBlock,
    dispatch_action: true,
    label: { type: 'plain_text', text: 'Customization' },
    element: {
      type: 'static_select',
      action_id: START_MODAL.typeAction,
      options: typeOptions,
      initial_option: option(customizationTypeLabel(state.type), state.type),
    },
    hint: {
      type: 'plain_text',
      text: 'Fine-tuning learns from labelled examples; continued pre-training from unlabelled text, where a model in this region offers it.',
    },
  });

  if (offer.models.length === 0) {
    blocks.push({
      type: 'section',
      block_id: START_MODAL.modelBlock,
      text: {
        type: 'mrkdwn',
        text: `:no_entry: ${customizationUnavailableMessage(state.type, offer.region)}`,
      },
    });
  } else {
    blocks.push({
      type: 'input',
      block_id: START_MODAL.modelBlock,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Base model' },
      element: {
        type: 'static_select',
        action_id: START_MODAL.modelAction,
        options: offer.models
          .slice(0, 100)
          .map((candidate) => option(modelLabel(candidate), candidate.modelId)),
        ...(chosen ? { initial_option: option(modelLabel(chosen), chosen.modelId) } : {}),
      },
    });
    const notes = chosen?.notes ?? [];
    if (notes.length > 0) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
    }
    if (dataset && chosen && chosen.modelId !== dataset.modelId) {
      // Caught here rather than after submit: the plan refuses a dataset checked for another model.
      const checkedFor = findModel(dataset.modelId)?.name ?? dataset.modelId;
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `:warning: *${mrkdwn(dataset.name)}* was checked for ${mrkdwn(checkedFor)}, not ${mrkdwn(chosen.name)}, whose limits and tokenizer differ. Share the file again with \`--model ${code(chosen.model?.aliases[0] ?? chosen.modelId)}\` in the message to check it for this model, or choose ${mrkdwn(checkedFor)}.`,
          },
        ],
      });
    }
  }

  if (ofType.length === 0) {
    blocks.push({
      type: 'section',
      block_id: START_MODAL.datasetBlock,
      text: {
        type: 'mrkdwn',
        text: `:warning: This channel has no dataset for ${customizationTypeLabel(state.type)} yet. Share a file in the channel first (or use \`/tune upload\`), then open this again.`,
      },
    });
  } else {
    blocks.push({
      type: 'input',
      block_id: START_MODAL.datasetBlock,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Training dataset' },
      element: {
        type: 'static_select',
        action_id: START_MODAL.datasetAction,
        options: ofType
          .slice(0, 100)
          .map((entry) =>
            option(
              `${entry.valid ? '' : '✗ '}${entry.name} (${entry.records} records, ${entry.datasetId})`,
              entry.datasetId,
            ),
          ),
        ...(dataset
          ? {
              initial_option: option(
                `${dataset.valid ? '' : '✗ '}${dataset.name} (${dataset.records} records, ${dataset.datasetId})`,
                dataset.datasetId,
              ),
            }
          : {}),
      },
    });
    const validationOptions = [option('None', NO_VALIDATION)];
    if (dataset?.validationKey)
      validationOptions.push(
        option(`Split of ${dataset.name} (${dataset.validationRecords ?? 0} records)`, SPLIT_VALIDATION),
      );
    for (const entry of ofType) {
      if (entry.datasetId !== dataset?.datasetId && entry.valid)
        validationOptions.push(option(`${entry.name} (${entry.records} records)`, entry.datasetId));
    }
    const initialValidation =
      validationOptions.find((candidate) => candidate.value === state.validation) ??
      validationOptions[dataset?.validationKey ? 1 : 0];
    blocks.push({
      type: 'input',
      block_id: START_MODAL.validationBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Validation data' },
      element: {
        type: 'static_select',
        action_id: START_MODAL.valueAction,
        options: validationOptions.slice(0, 100),
        ...(initialValidation ? { initial_option: initialValidation } : {}),
      },
    });
  }

  if (dataset && model) blocks.push(...evaluateBlocks(state, dataset, ofType, model, region));

  blocks.push({
    type: 'input',
    block_id: START_MODAL.nameBlock,
    optional: true,
    label: { type: 'plain_text', text: 'Custom model name' },
    element: {
      type: 'plain_text_input',
      action_id: START_MODAL.valueAction,
      max_length: 50,
      ...(state.name ? { initial_value: state.name } : {}),
      placeholder: { type: 'plain_text', text: 'e.g. support-bot-v2' },
    },
    hint: {
      type: 'plain_text',
      text: modelNameHint(
        state.name,
        dataset && model
          ? sanitizeCustomModelName(defaultCustomModelName(dataset.name, model.aliases[0]), 'model')
          : undefined,
      ),
    },
  });

  let epochs = 1;
  if (model) {
    const spec = requireSpec(model, state.type);
    for (const parameter of spec.hyperParameters) {
      const value =
        state.hyperParameters?.[parameter.name] ??
        (parameter.default === undefined ? undefined : String(parameter.default));
      if (parameter.name === 'epochCount' && value !== undefined && Number.isFinite(Number(value)))
        epochs = Number(value);
      if (isFixed(parameter)) {
        // Not an input: nothing to choose, and the plan applies the model's default.
        blocks.push({
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `*${hyperParameterLabel(parameter.name)}*: ${parameter.default}, fixed for this model (API name: \`${parameter.name}\`).`,
            },
          ],
        });
        continue;
      }
      blocks.push({
        type: 'input',
        block_id: `${START_MODAL.hyperParameterPrefix}${parameter.name}`,
        optional: parameter.default !== undefined,
        label: { type: 'plain_text', text: hyperParameterLabel(parameter.name) },
        element: {
          type: 'plain_text_input',
          action_id: START_MODAL.valueAction,
          ...(value === undefined ? {} : { initial_value: value }),
        },
        hint: { type: 'plain_text', text: rangeHint(parameter) },
      });
    }
  }

  if (dataset && model) {
    const estimate = estimateTrainingCost({
      tokens: dataset.tokens.total,
      exactTokens: dataset.tokens.exact,
      epochs,
      prices: model.prices,
    });
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `*Estimate:* ${dataset.tokens.total.toLocaleString('en-US')} tokens${dataset.tokens.exact ? '' : ' (estimated)'} × ${epochs} epoch(s) = ${estimate.billedTokens.toLocaleString('en-US')} training tokens ≈ ${formatUsd(estimate.usd)} (price: ${estimate.priceSource}). Nothing is spent until an authorized person presses Start on the confirmation.`,
        },
      ],
    });
  }

  return {
    type: 'modal',
    callback_id: START_MODAL.callbackId,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Start a tune job' },
    submit: { type: 'plain_text', text: 'Review' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the modal's state (view.state.values), a boundary: checked with zod.

const stateValueSchema = z.object({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
export const viewStateSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));
export type ViewState = z.infer<typeof viewStateSchema>;

function read(values: ViewState, blockId: string): string | undefined {
  const actions = values[blockId];
  if (!actions) return undefined;
  for (const value of Object.values(actions)) {
    const text = value.selected_option?.value ?? value.value ?? undefined;
    if (text !== undefined && text !== null && text.trim() !== '') return text.trim();
  }
  return undefined;
}

export function modalStateFrom(values: ViewState): StartModalState {
  const type =
    read(values, START_MODAL.typeBlock) === 'CONTINUED_PRE_TRAINING'
      ? 'CONTINUED_PRE_TRAINING'
      : 'FINE_TUNING';
  const hyperParameters: Record<string, string> = {};
  for (const blockId of Object.keys(values)) {
    if (!blockId.startsWith(START_MODAL.hyperParameterPrefix)) continue;
    const value = read(values, blockId);
    if (value !== undefined) hyperParameters[blockId.slice(START_MODAL.hyperParameterPrefix.length)] = value;
  }
  const state: StartModalState = { type, hyperParameters };
  const modelId = read(values, START_MODAL.modelBlock);
  if (modelId) state.modelId = modelId;
  const datasetId = read(values, START_MODAL.datasetBlock);
  if (datasetId) state.datasetId = datasetId;
  const validation = read(values, START_MODAL.validationBlock);
  if (validation) state.validation = validation;
  const name = read(values, START_MODAL.nameBlock);
  if (name) state.name = name;
  const evaluate = values[START_MODAL.evaluateBlock];
  if (evaluate) {
    state.evaluate = Object.values(evaluate).some((value) =>
      (value.selected_options ?? []).some((option) => option.value === EVALUATE_OPTION),
    );
  }
  return state;
}

/** The request a submitted modal makes; hyperparameters the model does not have are dropped (they belong to a model chosen earlier). */
export function jobRequestFromModal(state: StartModalState): JobRequest {
  const model = state.modelId ? findModel(state.modelId) : undefined;
  const known = new Set(
    model ? requireSpec(model, state.type).hyperParameters.map((parameter) => parameter.name) : [],
  );
  const request: JobRequest = {
    type: state.type,
    hyperParameters: Object.fromEntries(
      Object.entries(state.hyperParameters ?? {}).filter(([name]) => known.has(name)),
    ),
  };
  if (state.datasetId) request.dataset = state.datasetId;
  if (state.modelId) request.model = state.modelId;
  if (state.name) request.name = state.name;
  if (state.evaluate !== undefined) request.evaluate = state.evaluate;
  if (state.validation && state.validation !== NO_VALIDATION && state.validation !== SPLIT_VALIDATION) {
    request.validationDataset = state.validation;
  }
  return request;
}

export function wantsNoValidation(state: StartModalState): boolean {
  return state.validation === NO_VALIDATION;
}
