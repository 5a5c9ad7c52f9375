/**
 * Which two models an evaluation asks, and how, for a base model of the catalog, a customization
 * type and a region:
 *
 * - The **base model** on demand: its foundation model id where it answers in the region, or the
 *   cross-region inference profile (`us.<id>`) where it answers only through one
 *   (`baseInference.routes`; docs/bedrock-emulator-world.md, "Inference profiles"). Invoking the
 *   plain id of a profile-only model fails with a ValidationException, so this is decided here,
 *   before anything is spent.
 * - The **tuned model** through a serving target (a deployment ARN): it is asked the same way.
 * - **The same call for both**, in the shape the model was trained on (the catalog's data format):
 *   conversations (`bedrock-conversation-2024`) go through Converse, which applies the model's chat
 *   template as training did; prompt/completion and continued pre-training text go through
 *   InvokeModel with the family's native body, so the prompt reaches the model exactly as the
 *   training prompts did; Claude messages through InvokeModel's Messages body.
 *
 * Also whether the tuned model can be deployed on demand in the region (billed per token, no hourly
 * fee): an evaluation that would need Provisioned Throughput is never started on its own.
 */
import { requireSpec } from '../catalog/catalog.js';
import type { CatalogModel, ModelFamily, PriceFact } from '../catalog/types.js';
import type { CustomizationType } from '../jobs/job.js';
import type { InvokeBodyFamily } from '../ports.js';
import type { EvaluationModel } from './run.js';

/** How both models are called: Converse, or InvokeModel with a family's native body. */
export type EvaluationCall = { api: 'converse' } | { api: 'invoke'; family: InvokeBodyFamily };

export interface EvaluationModels {
  /** The base model as the evaluation asks it. */
  base: EvaluationModel;
  /** How the tuned model is asked, once a serving target gives its id. */
  call: EvaluationCall;
  /** The tuned model can be served by an on-demand deployment in the region (no hourly fee). */
  deployableOnDemand: boolean;
  /** The base model's on-demand prices; the tuned model's deployment is assumed to cost the same. */
  prices: { input: PriceFact; output: PriceFact };
}

export type EvaluationModelsOutcome = ({ ok: true } & EvaluationModels) | { ok: false; reason: string };

/** Families whose native InvokeModel body takes raw prompt text (Nova and Anthropic bodies take messages). */
const RAW_TEXT_BODIES: Partial<Record<ModelFamily, InvokeBodyFamily>> = {
  'titan-text': 'titan-text',
  'titan-text-premier': 'titan-text',
  llama2: 'llama',
  'llama3.1': 'llama',
  'llama3.2': 'llama',
  'llama3.3': 'llama',
};

/** The call matching the data format the model was trained on; undefined when tune has no body for it. */
export function evaluationCall(model: CatalogModel, type: CustomizationType): EvaluationCall | undefined {
  const format = requireSpec(model, type).dataFormat;
  if (format === 'bedrock-conversation-2024') return { api: 'converse' };
  if (format === 'claude-messages') return { api: 'invoke', family: 'anthropic-messages' };
  const family = RAW_TEXT_BODIES[model.family];
  return family ? { api: 'invoke', family } : undefined;
}

/** The prefix of the cross-region inference profiles that cover a region (`us`, `eu`, `apac`). */
export function profilePrefix(region: string): string | undefined {
  if (region.startsWith('us-gov-')) return 'us-gov';
  if (region.startsWith('us-')) return 'us';
  if (region.startsWith('eu-')) return 'eu';
  if (region.startsWith('ap-')) return 'apac';
  return undefined;
}

/** The id the base model answers on demand under in `region`, or why it cannot. */
export function baseModelInvokeId(
  model: CatalogModel,
  region: string,
): { ok: true; modelId: string; via: 'in-region' | 'profile' } | { ok: false; reason: string } {
  const routes = model.baseInference.routes;
  if (routes.value === 'unknown') {
    return { ok: false, reason: `tune does not know how ${model.name} answers on demand (${routes.note}).` };
  }
  const route = routes.value[region];
  if (route === undefined) {
    return { ok: false, reason: `${model.name} does not answer on demand in ${region}.` };
  }
  if (route === 'in-region') return { ok: true, modelId: model.foundationModelId, via: route };
  const prefix = profilePrefix(region);
  if (!prefix) {
    return {
      ok: false,
      reason: `${model.name} answers in ${region} only through an inference profile tune cannot name.`,
    };
  }
  return { ok: true, modelId: `${prefix}.${model.foundationModelId}`, via: route };
}

/** Both sides of an evaluation of a model tuned on `model` in `region`, or why it cannot run. */
export function evaluationModels(
  model: CatalogModel,
  type: CustomizationType,
  region: string | undefined,
): EvaluationModelsOutcome {
  if (region === undefined) return { ok: false, reason: 'the region is not known.' };
  const call = evaluationCall(model, type);
  if (!call) {
    return { ok: false, reason: `tune cannot ask ${model.name} models in the format they were trained on.` };
  }
  const base = baseModelInvokeId(model, region);
  if (!base.ok) return base;
  const deployments = model.serving.onDemandDeployment.value;
  return {
    ok: true,
    base:
      call.api === 'converse'
        ? { modelId: base.modelId, api: 'converse' }
        : { modelId: base.modelId, ...call },
    call,
    deployableOnDemand: deployments !== 'unknown' && deployments.includes(region),
    prices: { input: model.baseInference.inputPer1kTokens, output: model.baseInference.outputPer1kTokens },
  };
}

/** The tuned model's side: the same call as the base, to the serving target's id. */
export function tunedModel(call: EvaluationCall, invokeId: string): EvaluationModel {
  return call.api === 'converse' ? { modelId: invokeId, api: 'converse' } : { modelId: invokeId, ...call };
}
