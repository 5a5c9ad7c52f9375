/**
 * Asking a tuned model a question: the use case behind `/tune ask`, a mention of `@tune` and the
 * Ask button.
 *
 * In two steps, so that the Slack side can answer a refusal privately before anything is posted:
 * 1. `prepare` checks that the model may answer where it was asked (./access.ts) and finds what
 *    serves it now (`ServingDirectory.current`); a model nothing serves gets what serving would
 *    cost (./cost.ts), not an error. Nothing is invoked in this step.
 * 2. `ask` sends the question in the shape the model was trained on (./conversation.ts), with the
 *    thread's earlier turns cut to its context window, through ./calls.ts (Converse first, the
 *    family's body where refused, retried on throttling), and, with `compare`, asks the base model
 *    on demand with the same settings at the same time. It reports tokens (the model's counts, or
 *    estimates where it gave none) and the cost of each answer, and records the use.
 */
import { findModel as findCatalogModel } from '../catalog/catalog.js';
import type { Catalog, CatalogModel } from '../catalog/types.js';
import { InputError, UpstreamRejectedError } from '../errors.js';
import type {
  ChatTurn,
  Clock,
  CustomModelRecord,
  CustomModelStore,
  Logger,
  ModelRuntime,
  ServingDirectory,
  ServingTarget,
} from '../ports.js';
import type { RetryPolicy } from '../retry.js';
import { estimateTokens } from '../tokens/estimate.js';
import { type AskPlace, answersIn, findModel, refusalText } from './access.js';
import {
  type ApiUsed,
  type CallResult,
  callModel,
  type GenerationSettings,
  invokeFamilyOf,
  type ModelCall,
  RefusalMemory,
} from './calls.js';
import { contextWindowOf, estimateInputTokens, fitConversation, promptShapeFor } from './conversation.js';
import { type AnswerCost, answerCost, deployOfferText } from './cost.js';

export interface AskSettings extends GenerationSettings {
  retry: RetryPolicy;
}

export const ASK_DEFAULTS: AskSettings = {
  // Room for a full answer without letting a model that never stops run up a bill; within every
  // family's output limit (Llama's `max_gen_len` tops out at 2,048).
  maxTokens: 1024,
  // Low: people ask a tuned model for what it was taught, not for variety. The base model in
  // `--compare` gets the same, so the difference is the tuning.
  temperature: 0.3,
  topP: 0.9,
  // Eight tries over about half a minute: a busy account (30% of calls throttled) is answered on
  // all but about one call in 15,000, and a Lambda run of 5 minutes is never at risk.
  retry: { maxAttempts: 8, baseMs: 400, capMs: 6000 },
};

export interface AskingDependencies {
  models: CustomModelStore;
  serving: ServingDirectory;
  runtime: ModelRuntime;
  clock: Clock;
  /** The AWS region, for the base model's cross-region inference profile where it needs one. */
  region?: string;
  catalog?: Catalog;
  sleep?: (milliseconds: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

export type Preparation =
  /** Asked from a channel where the model may not answer: explain privately, invoke nothing. */
  | { kind: 'refused'; model: CustomModelRecord; reason: string }
  /** Nothing serves the model: what serving it would cost. */
  | { kind: 'not-served'; model: CustomModelRecord; offer: string }
  | { kind: 'ready'; model: CustomModelRecord; base: CatalogModel; target: ServingTarget };

export type Ready = Extract<Preparation, { kind: 'ready' }>;

export interface ModelAnswer {
  /** The custom model's name, or the base model's. */
  label: string;
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** True when the runtime gave no counts and they were estimated (4 characters a token). */
  tokensEstimated: boolean;
  api: ApiUsed;
  retries: number;
  cost: AnswerCost;
}

export interface AskResult {
  model: CustomModelRecord;
  base: CatalogModel;
  tuned: ModelAnswer;
  /** With `compare`: the base model's answer, or why it has none. */
  comparison?: { answer: ModelAnswer } | { failed: string };
  context: {
    /** Earlier question/answer turns sent with the question. */
    turnsUsed: number;
    /** Oldest turns left out so the rest fits the model's context window. */
    turnsDropped: number;
    contextWindow: number;
  };
}

export interface Question {
  text: string;
  /** The thread's earlier turns, oldest first. */
  history: readonly ChatTurn[];
  compare: boolean;
  /** The answers so far, each time more arrives (for streaming into a message). */
  onProgress?: (progress: { tuned: string; base?: string }) => void;
}

/** Cross-region inference profile prefixes by the region's geography (`us.meta.llama3-3-70b…`). */
function profilePrefix(region: string | undefined): string | undefined {
  if (!region) return undefined;
  if (region.startsWith('us-gov-')) return 'us-gov';
  const geography = region.split('-')[0];
  return geography === 'us' ? 'us' : geography === 'eu' ? 'eu' : geography === 'ap' ? 'apac' : undefined;
}

export class Asker {
  private readonly settings: AskSettings;
  /** Shared by every question this process answers: a refused API is not tried again. */
  private readonly memory = new RefusalMemory();

  constructor(
    private readonly dependencies: AskingDependencies,
    settings: Partial<AskSettings> = {},
  ) {
    this.settings = { ...ASK_DEFAULTS, ...settings };
  }

  /** The model a person named (./access.ts); `NotFoundError` when none answers here by that name. */
  find(place: AskPlace, reference: string): Promise<CustomModelRecord> {
    return findModel(this.dependencies.models, place, reference);
  }

  async prepare(place: AskPlace, model: CustomModelRecord): Promise<Preparation> {
    if (!answersIn(model, place)) {
      this.dependencies.logger?.info('refused a question from a channel the model does not answer in', {
        modelId: model.modelId,
        askedIn: `${place.teamId}/${place.channelId}`,
      });
      return { kind: 'refused', model, reason: refusalText(model) };
    }
    const base = findCatalogModel(model.baseModelId, this.dependencies.catalog);
    const target = await this.dependencies.serving.current(model.modelId);
    if (!target) return { kind: 'not-served', model, offer: deployOfferText(model, base) };
    if (!base) {
      throw new InputError(
        `tune's catalog does not know ${model.name}'s base model (${model.baseModelId}), so it cannot tell how to word a question for it.`,
      );
    }
    return { kind: 'ready', model, base, target };
  }

  async ask(ready: Ready, question: Question): Promise<AskResult> {
    const { model, base, target } = ready;
    const text = question.text.trim();
    if (text === '')
      throw new InputError('Ask a question: the text after the model is empty.', { field: 'question' });
    const format = base.customizations[model.customizationType]?.dataFormat;
    if (!format) {
      throw new InputError(
        `${base.name} has no ${model.customizationType} data format in tune's catalog, so tune cannot tell how ${model.name} was taught.`,
      );
    }
    const shape = promptShapeFor(format);
    const contextWindow = contextWindowOf(base);
    const fitted = fitConversation({
      shape,
      history: question.history,
      question: text,
      contextWindow,
      answerTokens: this.settings.maxTokens,
      modelName: model.name,
    });
    const settings = {
      maxTokens: this.settings.maxTokens,
      temperature: this.settings.temperature,
      topP: this.settings.topP,
    };
    const family = invokeFamilyOf(base.family);
    const call = (modelId: string): ModelCall => ({
      modelId,
      shape,
      question: text,
      history: fitted.history,
      family,
      settings,
    });

    // Streamed only when someone watches the answer arrive; otherwise Converse answers whole.
    const progress: { tuned: string; base?: string } = { tuned: '' };
    const report = question.onProgress;
    const watch = (side: 'tuned' | 'base') =>
      report
        ? (soFar: string) => {
            progress[side] = soFar;
            report({ ...progress });
          }
        : undefined;
    const tunedCall = this.call(call(target.invokeId), model.name, watch('tuned'));
    const baseCall = question.compare ? this.callBase(call, base, watch('base')) : undefined;

    const [tunedOutcome, baseOutcome] = await Promise.allSettled([tunedCall, baseCall]);
    if (tunedOutcome.status === 'rejected') throw tunedOutcome.reason;
    const expected = estimateInputTokens(shape, fitted.history, text);
    const tuned = this.answer(model.name, tunedOutcome.value, expected, answerCost(target.path, base));
    let comparison: AskResult['comparison'];
    if (baseOutcome.status === 'fulfilled' && baseOutcome.value) {
      comparison = {
        answer: this.answer(base.name, baseOutcome.value, expected, answerCost('on-demand', base)),
      };
    } else if (baseOutcome.status === 'rejected') {
      const reason = baseOutcome.reason;
      comparison = { failed: reason instanceof Error ? reason.message : String(reason) };
    }
    await this.dependencies.models.touch(model.modelId, this.dependencies.clock.now());
    return {
      model,
      base,
      tuned,
      ...(comparison ? { comparison } : {}),
      context: { turnsUsed: fitted.history.length, turnsDropped: fitted.droppedTurns, contextWindow },
    };
  }

  private call(
    modelCall: ModelCall,
    label: string,
    onProgress: ((soFar: string) => void) | undefined,
  ): Promise<CallResult> {
    return callModel(this.dependencies.runtime, modelCall, {
      retry: this.settings.retry,
      memory: this.memory,
      label,
      ...(onProgress ? { onProgress } : {}),
      ...(this.dependencies.sleep ? { sleep: this.dependencies.sleep } : {}),
      ...(this.dependencies.random ? { random: this.dependencies.random } : {}),
      onRetry: (error, attempt) =>
        this.dependencies.logger?.info('retrying a model call', { label, attempt, error: String(error) }),
    });
  }

  /**
   * The base model on demand by its foundation model id; where the region serves it only through a
   * cross-region inference profile (Llama 3.3 in us-west-2), Bedrock says so and the profile is used.
   */
  private async callBase(
    call: (modelId: string) => ModelCall,
    base: CatalogModel,
    onProgress: ((soFar: string) => void) | undefined,
  ): Promise<CallResult> {
    try {
      return await this.call(call(base.foundationModelId), base.name, onProgress);
    } catch (error) {
      const prefix = profilePrefix(this.dependencies.region);
      if (!(error instanceof UpstreamRejectedError && /inference profile/i.test(error.message) && prefix))
        throw error;
      return this.call(call(`${prefix}.${base.foundationModelId}`), base.name, onProgress);
    }
  }

  private answer(label: string, outcome: CallResult, expectedInput: number, cost: AnswerCost): ModelAnswer {
    const { result } = outcome;
    const counted = result.inputTokens !== undefined && result.outputTokens !== undefined;
    return {
      label,
      text: result.text,
      inputTokens: result.inputTokens ?? expectedInput,
      outputTokens: result.outputTokens ?? estimateTokens(result.text),
      tokensEstimated: !counted,
      api: outcome.api,
      retries: outcome.retries,
      cost,
    };
  }
}
