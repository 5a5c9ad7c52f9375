/**
 * One model answering one question through the runtime: the Converse API first (ConverseStream
 * when someone is watching the answer arrive), then the family's InvokeModel body where Converse is
 * refused. Bedrock documents Converse for custom models on Provisioned Throughput and deployments
 * but leaves open whether every legacy custom model takes it (reference §7.3), so a refusal is
 * answered by the next way down rather than by an error:
 *
 *   ConverseStream → Converse → InvokeModel (Titan `inputText`, Llama `prompt`, Nova / Anthropic messages)
 *
 * Each call is retried on throttling and outages with backoff (../retry.ts); a refused call costs
 * nothing, and a refusal is remembered per model id only once the next way down has worked, so a
 * model that is merely not ready is not marked as refusing Converse.
 */
import type { ModelFamily } from '../catalog/types.js';
import { ThrottledError, UpstreamRejectedError } from '../errors.js';
import type { ChatTurn, GenerateRequest, GenerateResult, InvokeBodyFamily, ModelRuntime } from '../ports.js';
import { type RetryDependencies, type RetryPolicy, withRetries } from '../retry.js';
import { type PromptShape, singlePrompt } from './conversation.js';

/** The InvokeModel body a catalog family speaks; undefined where tune has none (Cohere). */
export function invokeFamilyOf(family: ModelFamily): InvokeBodyFamily | undefined {
  switch (family) {
    case 'titan-text':
    case 'titan-text-premier':
      return 'titan-text';
    case 'llama2':
    case 'llama3.1':
    case 'llama3.2':
    case 'llama3.3':
      return 'llama';
    case 'claude-3-haiku':
      return 'anthropic-messages';
    case 'nova':
      return 'nova-messages';
    case 'cohere-command':
      return undefined;
  }
}

export interface GenerationSettings {
  maxTokens: number;
  temperature: number;
  topP: number;
}

export type ApiUsed = 'converse-stream' | 'converse' | 'invoke';

export interface ModelCall {
  /** What serves the model: a deployment or Provisioned Throughput ARN, or a base model id. */
  modelId: string;
  shape: PromptShape;
  question: string;
  /** Earlier turns that fit, oldest first, alternating and ending with an answer. */
  history: readonly ChatTurn[];
  family: InvokeBodyFamily | undefined;
  settings: GenerationSettings;
}

export interface CallResult {
  result: GenerateResult;
  api: ApiUsed;
  /** Calls retried after throttling or an outage. */
  retries: number;
}

/** Which ways of calling each model id were refused (kept for the life of the process). */
export class RefusalMemory {
  private readonly refused = new Map<string, Set<ApiUsed>>();

  refuses(modelId: string, api: ApiUsed): boolean {
    return this.refused.get(modelId)?.has(api) ?? false;
  }

  remember(modelId: string, apis: readonly ApiUsed[]): void {
    if (apis.length === 0) return;
    const known = this.refused.get(modelId) ?? new Set<ApiUsed>();
    for (const api of apis) known.add(api);
    this.refused.set(modelId, known);
  }
}

export interface CallOptions extends RetryDependencies {
  retry: RetryPolicy;
  memory: RefusalMemory;
  /** Called with the whole answer so far each time more arrives (a retried stream starts again). */
  onProgress?: (textSoFar: string) => void;
  /** Names the model in messages ("support-bot", "Nova Micro"). */
  label: string;
}

/** The request for the APIs with a message list (Converse, and the Nova / Anthropic bodies). */
function messagesRequest(call: ModelCall): Omit<GenerateRequest, 'family'> {
  const common = {
    modelId: call.modelId,
    maxTokens: call.settings.maxTokens,
    temperature: call.settings.temperature,
    topP: call.settings.topP,
  };
  // A single-prompt model sees one user turn holding the whole prompt, as in its training data.
  if (call.shape !== 'messages') {
    return { ...common, prompt: singlePrompt(call.shape, call.history, call.question) };
  }
  return { ...common, prompt: call.question, ...(call.history.length > 0 ? { history: call.history } : {}) };
}

function invokeRequest(call: ModelCall, family: InvokeBodyFamily): GenerateRequest {
  const request = messagesRequest(call);
  if (family === 'nova-messages' || family === 'anthropic-messages') return { ...request, family };
  // Titan and Llama bodies take one prompt: earlier turns are folded into it (../evaluation/run.ts).
  return {
    modelId: request.modelId,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    topP: request.topP,
    family,
    prompt: singlePrompt(call.shape === 'messages' ? 'prompt' : call.shape, call.history, call.question),
  };
}

const isRefusal = (error: unknown): boolean => error instanceof UpstreamRejectedError;

/** Asks one model; see the header for the order of the ways tried. */
export async function callModel(
  runtime: ModelRuntime,
  call: ModelCall,
  options: CallOptions,
): Promise<CallResult> {
  let retries = 0;
  const retrying: RetryDependencies = {
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    onRetry: (error, attempt) => {
      retries++;
      options.onRetry?.(error, attempt);
    },
  };
  const attempt = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(send, options.retry, retrying);
    } catch (error) {
      if (error instanceof ThrottledError) {
        throw new ThrottledError(
          `Bedrock kept throttling ${options.label}: ${options.retry.maxAttempts} tries, backing off between them, were all refused.`,
          { cause: error },
        );
      }
      throw error;
    }
  };

  const request = messagesRequest(call);
  const refused: ApiUsed[] = [];
  const done = (result: GenerateResult, api: ApiUsed): CallResult => {
    options.memory.remember(call.modelId, refused);
    return { result, api, retries };
  };

  if (options.onProgress && !options.memory.refuses(call.modelId, 'converse-stream')) {
    const onProgress = options.onProgress;
    let text = '';
    try {
      const result = await attempt(() => {
        text = '';
        return runtime.converseStream(request, (delta) => {
          text += delta;
          onProgress(text);
        });
      });
      return done(result, 'converse-stream');
    } catch (error) {
      // Text already shown cannot be taken back quietly: only a refusal before any answer falls back.
      if (!isRefusal(error) || text !== '') throw error;
      refused.push('converse-stream');
    }
  }

  if (!options.memory.refuses(call.modelId, 'converse')) {
    try {
      const result = await attempt(() => runtime.converse(request));
      options.onProgress?.(result.text);
      return done(result, 'converse');
    } catch (error) {
      if (!isRefusal(error) || !call.family) throw error;
      refused.push('converse');
    }
  }

  const family = call.family;
  if (!family) {
    throw new UpstreamRejectedError(
      `${options.label} refused the Converse API, and tune has no InvokeModel body for its family.`,
    );
  }
  const result = await attempt(() => runtime.generate(invokeRequest(call, family)));
  options.onProgress?.(result.text);
  return done(result, 'invoke');
}
