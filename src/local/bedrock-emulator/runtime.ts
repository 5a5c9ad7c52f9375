/**
 * The runtime operations: InvokeModel with each family's native body (Titan, Llama, Anthropic
 * Messages, Cohere, Nova), Converse and ConverseStream. The model id may be a base model id or ARN,
 * an inference profile id, a provisioned model ARN or name, or a custom model deployment ARN; a
 * custom model itself cannot be invoked on demand, as on Bedrock, and a model past its end of life
 * answers with Bedrock's end-of-life error. Request-body errors use Bedrock's "Malformed input
 * request" wording (JSON-schema paths such as `#/textGenerationConfig/temperature`).
 */
import {
  type Answerer,
  baseAnswerer,
  EMULATOR_HEADER,
  EMULATOR_HEADER_VALUE,
  type ShapedAnswer,
  shapeAnswer,
  tunedAnswerer,
} from './answers.js';
import type { EmulatorContext, OperationRequest, OperationResponse } from './context.js';
import { deploymentStatus, findDeployment } from './deployments.js';
import { constraintError, endOfLife, validation } from './errors.js';
import { encodeEvent } from './event-stream.js';
import { type BodyFamily, type FoundationModelRow, inferenceTypesIn, PROFILE_PREFIX } from './model-table.js';
import { findCustomModel, findProvisioned, provisionedStatus } from './models-and-throughput.js';
import { isJsonObject, type JsonObject } from './request-checks.js';
import type { CustomModelRecord } from './state.js';
import { estimateTokens } from './training-data.js';

interface Target {
  model: FoundationModelRow;
  answerer: Answerer;
}

const INVALID_MODEL = 'The provided model identifier is invalid.';
// Bedrock's words for a model that has no on-demand throughput (konveyor/kai#411).
const NO_ON_DEMAND = "The provided model doesn't support on-demand throughput.";

/** A foundation model that is still served: past its end of life it answers with Bedrock's error. */
function serving(model: FoundationModelRow | undefined): FoundationModelRow {
  if (!model) throw validation(INVALID_MODEL);
  if (model.lifecycle === 'END_OF_LIFE') throw endOfLife();
  return model;
}

/** A custom model answers in its base model's body family, until that base model's end of life. */
async function customTarget(context: EmulatorContext, custom: CustomModelRecord): Promise<Target> {
  const model = serving(context.models.find(custom.baseModelId));
  return { model, answerer: await customAnswerer(context, custom.modelId) };
}

async function resolveTarget(context: EmulatorContext, region: string, modelId: string): Promise<Target> {
  const deployment = findDeployment(context, region, modelId);
  if (deployment) {
    const status = deploymentStatus(deployment, context.now());
    if (status !== 'Active') {
      throw validation(
        `The custom model deployment ${deployment.arn} is not ready for inference: its status is ${status}.`,
      );
    }
    const custom = context.state.customModels.find((model) => model.modelArn === deployment.modelArn);
    if (!custom) throw validation(INVALID_MODEL);
    return customTarget(context, custom);
  }
  const provisioned = findProvisioned(context, region, modelId);
  if (provisioned) {
    const status = provisionedStatus(provisioned, context.now());
    if (status !== 'InService') {
      throw validation(
        `The Provisioned Throughput ${provisioned.arn} is not ready for inference: its status is ${status}.`,
      );
    }
    const custom = context.state.customModels.find((model) => model.modelArn === provisioned.modelArn);
    if (custom) return customTarget(context, custom);
    const foundation = serving(context.models.resolve(provisioned.modelArn));
    return { model: foundation, answerer: baseAnswerer(foundation.modelName) };
  }
  // Served only through a deployment or Provisioned Throughput.
  if (findCustomModel(context, region, modelId)) throw validation(NO_ON_DEMAND);
  const foundation = serving(context.models.resolve(modelId));
  if (foundation.bodyFamily === 'none') throw validation(INVALID_MODEL);
  const types = inferenceTypesIn(foundation, region);
  if (PROFILE_PREFIX.test(modelId) && types.includes('INFERENCE_PROFILE')) {
    return { model: foundation, answerer: baseAnswerer(foundation.modelName) };
  }
  if (!types.includes('ON_DEMAND')) {
    if (types.includes('INFERENCE_PROFILE')) {
      throw validation(
        `Invocation of model ID ${foundation.modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
      );
    }
    throw validation(NO_ON_DEMAND);
  }
  return { model: foundation, answerer: baseAnswerer(foundation.modelName) };
}

function customAnswerer(context: EmulatorContext, modelId: string): Promise<Answerer> {
  let answerer = context.answerers.get(modelId);
  if (!answerer) {
    answerer = context.state.loadDataset(modelId).then((dataset) => {
      if (!dataset)
        throw validation(`The training data of custom model ${modelId} is missing from the emulator.`);
      return tunedAnswerer(dataset);
    });
    // A failed load is not cached: the next call tries again.
    answerer.catch(() => context.answerers.delete(modelId));
    context.answerers.set(modelId, answerer);
  }
  return answerer;
}

// ---------------------------------------------------------------------------------------------
// Body checks

function malformed(detail?: string): never {
  throw validation(
    detail === undefined
      ? 'Malformed input request, please reformat your input and try again.'
      : `Malformed input request: ${detail}, please reformat your input and try again.`,
  );
}

function parseBody(request: OperationRequest): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    return malformed();
  }
  if (!isJsonObject(parsed)) return malformed('#: expected type: JSONObject, found: JSONArray');
  return parsed;
}

function onlyKeys(object: JsonObject, allowed: readonly string[], path = '#'): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) malformed(`${path}: extraneous key [${key}] is not permitted`);
  }
}

function requiredString(object: JsonObject, key: string, path = '#'): string {
  const value = object[key];
  if (value === undefined) malformed(`${path}: required key [${key}] not found`);
  if (typeof value !== 'string')
    malformed(`${path}/${key}: expected type: String, found: ${typeName(value)}`);
  return value;
}

function optionalNumber(
  object: JsonObject,
  key: string,
  path: string,
  range: { min: number; max: number; integer?: boolean },
): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || (range.integer && !Number.isInteger(value))) {
    malformed(
      `${path}/${key}: expected type: ${range.integer ? 'Integer' : 'Number'}, found: ${typeName(value)}`,
    );
  }
  if (value < range.min) malformed(`${path}/${key}: ${value} is not greater or equal to ${range.min}`);
  if (value > range.max) malformed(`${path}/${key}: ${value} is not less or equal to ${range.max}`);
  return value;
}

function optionalStrings(object: JsonObject, key: string, path: string): string[] {
  const value = object[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    malformed(`${path}/${key}: expected type: JSONArray of String, found: ${typeName(value)}`);
  }
  return value;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value === null) return 'Null';
  if (typeof value === 'object') return 'JSONObject';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

/** Text of Anthropic / Nova / Converse style content: a string or a list of `{text}` blocks. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) => (isJsonObject(block) && typeof block.text === 'string' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/**
 * What the emulated model matches on: the system prompt and every user turn, oldest first. It is
 * the shape a conversation-format training record takes (`training-data.ts`), so a conversation
 * that retraces a multi-turn record finds that record, and a follow-up question is read with the
 * turns before it.
 */
function promptFromMessages(messages: unknown, system: string): string {
  if (!Array.isArray(messages) || messages.length === 0) malformed('#: required key [messages] not found');
  const users = messages.filter((message: unknown) => isJsonObject(message) && message.role === 'user');
  const texts = users.map((message) => (isJsonObject(message) ? contentText(message.content) : ''));
  return [system, ...texts].filter((part) => part !== '').join('\n');
}

interface Generation {
  prompt: string;
  maxTokens: number;
  stopSequences: string[];
}

function readGeneration(family: BodyFamily, body: JsonObject, model: FoundationModelRow): Generation {
  switch (family) {
    case 'titan-text': {
      onlyKeys(body, ['inputText', 'textGenerationConfig']);
      const prompt = requiredString(body, 'inputText');
      const config = body.textGenerationConfig;
      if (config !== undefined && !isJsonObject(config)) {
        malformed(`#/textGenerationConfig: expected type: JSONObject, found: ${typeName(config)}`);
      }
      const settings = config ?? {};
      const path = '#/textGenerationConfig';
      onlyKeys(settings, ['maxTokenCount', 'stopSequences', 'temperature', 'topP'], path);
      const maxTokens = optionalNumber(settings, 'maxTokenCount', path, {
        min: 0,
        max: model.maxOutputTokens,
        integer: true,
      });
      optionalNumber(settings, 'temperature', path, { min: 0, max: 1 });
      optionalNumber(settings, 'topP', path, { min: 0, max: 1 });
      return {
        prompt,
        maxTokens: maxTokens ?? 512,
        stopSequences: optionalStrings(settings, 'stopSequences', path),
      };
    }
    case 'llama': {
      onlyKeys(body, ['prompt', 'max_gen_len', 'temperature', 'top_p', 'images']);
      const prompt = requiredString(body, 'prompt');
      const maxTokens = optionalNumber(body, 'max_gen_len', '#', { min: 1, max: 2048, integer: true });
      optionalNumber(body, 'temperature', '#', { min: 0, max: 1 });
      optionalNumber(body, 'top_p', '#', { min: 0, max: 1 });
      return { prompt, maxTokens: maxTokens ?? 512, stopSequences: [] };
    }
    case 'anthropic-messages': {
      onlyKeys(body, [
        'anthropic_version',
        'max_tokens',
        'system',
        'messages',
        'temperature',
        'top_p',
        'top_k',
        'stop_sequences',
        'tools',
        'tool_choice',
      ]);
      requiredString(body, 'anthropic_version');
      if (body.max_tokens === undefined) malformed('#: required key [max_tokens] not found');
      const maxTokens = optionalNumber(body, 'max_tokens', '#', {
        min: 1,
        max: model.maxOutputTokens,
        integer: true,
      });
      optionalNumber(body, 'temperature', '#', { min: 0, max: 1 });
      optionalNumber(body, 'top_p', '#', { min: 0, max: 1 });
      const system = contentText(body.system);
      return {
        prompt: promptFromMessages(body.messages, system),
        maxTokens: maxTokens ?? 512,
        stopSequences: optionalStrings(body, 'stop_sequences', '#'),
      };
    }
    case 'cohere-text': {
      onlyKeys(body, [
        'prompt',
        'max_tokens',
        'temperature',
        'p',
        'k',
        'stop_sequences',
        'return_likelihoods',
        'stream',
        'num_generations',
        'truncate',
      ]);
      const prompt = requiredString(body, 'prompt');
      const maxTokens = optionalNumber(body, 'max_tokens', '#', { min: 1, max: 4096, integer: true });
      optionalNumber(body, 'temperature', '#', { min: 0, max: 5 });
      return {
        prompt,
        maxTokens: maxTokens ?? 20,
        stopSequences: optionalStrings(body, 'stop_sequences', '#'),
      };
    }
    case 'nova-messages': {
      // Nova's `messages-v1` body. The Nova (1) docs spell the settings `max_new_tokens`, `top_p`,
      // `top_k`; the Nova 2 docs `maxTokens`, `topP`, `topK`: both are accepted
      // (https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema.html,
      // https://docs.aws.amazon.com/nova/latest/nova2-userguide/using-invoke-api.html).
      onlyKeys(body, ['schemaVersion', 'system', 'messages', 'inferenceConfig', 'toolConfig']);
      const config = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
      const path = '#/inferenceConfig';
      const tokenRange = { min: 1, max: Math.max(model.maxOutputTokens, 10_000), integer: true };
      const maxTokens =
        optionalNumber(config, 'maxTokens', path, tokenRange) ??
        optionalNumber(config, 'max_new_tokens', path, tokenRange);
      for (const key of ['temperature', 'topP', 'top_p'])
        optionalNumber(config, key, path, { min: 0, max: 1 });
      return {
        prompt: promptFromMessages(body.messages, contentText(body.system)),
        maxTokens: maxTokens ?? 512,
        stopSequences: optionalStrings(config, 'stopSequences', path),
      };
    }
    default:
      throw validation(INVALID_MODEL);
  }
}

function responseBody(
  family: BodyFamily,
  model: FoundationModelRow,
  inputTokens: number,
  answer: ShapedAnswer,
): JsonObject {
  switch (family) {
    case 'titan-text':
      return {
        inputTextTokenCount: inputTokens,
        results: [
          {
            tokenCount: answer.outputTokens,
            outputText: answer.text,
            completionReason: {
              finished: 'FINISHED',
              length: 'LENGTH',
              'stop-sequence': 'STOP_CRITERIA_MET',
            }[answer.ending],
          },
        ],
      };
    case 'llama':
      return {
        generation: answer.text,
        prompt_token_count: inputTokens,
        generation_token_count: answer.outputTokens,
        stop_reason: answer.ending === 'length' ? 'length' : 'stop',
      };
    case 'anthropic-messages':
      return {
        id: `msg_bdrk_emulator_${inputTokens}_${answer.outputTokens}`,
        type: 'message',
        role: 'assistant',
        model: model.modelId,
        content: [{ type: 'text', text: answer.text }],
        stop_reason: { finished: 'end_turn', length: 'max_tokens', 'stop-sequence': 'stop_sequence' }[
          answer.ending
        ],
        stop_sequence: answer.stopSequence ?? null,
        usage: { input_tokens: inputTokens, output_tokens: answer.outputTokens },
      };
    case 'cohere-text':
      return {
        id: 'bedrock-emulator',
        generations: [
          {
            id: 'bedrock-emulator-0',
            text: answer.text,
            finish_reason: answer.ending === 'length' ? 'MAX_TOKENS' : 'COMPLETE',
          },
        ],
      };
    default:
      return {
        output: { message: { role: 'assistant', content: [{ text: answer.text }] } },
        stopReason: { finished: 'end_turn', length: 'max_tokens', 'stop-sequence': 'end_turn' }[
          answer.ending
        ],
        usage: {
          inputTokens,
          outputTokens: answer.outputTokens,
          totalTokens: inputTokens + answer.outputTokens,
        },
      };
  }
}

function runtimeHeaders(inputTokens: number, outputTokens: number, started: number): Record<string, string> {
  return {
    [EMULATOR_HEADER]: EMULATOR_HEADER_VALUE,
    'x-amzn-bedrock-input-token-count': String(inputTokens),
    'x-amzn-bedrock-output-token-count': String(outputTokens),
    'x-amzn-bedrock-invocation-latency': String(Math.max(0, Date.now() - started)),
  };
}

export async function invokeModel(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const started = Date.now();
  const target = await resolveTarget(context, request.region, request.params[0] ?? '');
  const body = parseBody(request);
  const generation = readGeneration(target.model.bodyFamily, body, target.model);
  const answer = shapeAnswer(
    target.answerer.answer(generation.prompt),
    generation.maxTokens,
    generation.stopSequences,
  );
  const inputTokens = estimateTokens(generation.prompt);
  return {
    status: 200,
    body: Buffer.from(
      JSON.stringify(responseBody(target.model.bodyFamily, target.model, inputTokens, answer)),
    ),
    headers: {
      'content-type': 'application/json',
      ...runtimeHeaders(inputTokens, answer.outputTokens, started),
    },
  };
}

interface ConverseAnswer {
  answer: ShapedAnswer;
  inputTokens: number;
  stopReason: string;
  started: number;
}

/** What Converse and ConverseStream share: the target, Bedrock's checks on the turns, the answer. */
async function answerConversation(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<ConverseAnswer> {
  const started = Date.now();
  const target = await resolveTarget(context, request.region, request.params[0] ?? '');
  let body: JsonObject;
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    body = isJsonObject(parsed) ? parsed : {};
  } catch {
    throw validation('Could not parse the request body as JSON.');
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  if (messages.length === 0) {
    throw constraintError([
      {
        field: 'messages',
        value: undefined,
        constraint: 'Member must have length greater than or equal to 1',
      },
    ]);
  }
  // Bedrock's own Converse checks on turn order.
  const roles = messages.map((message: unknown) => (isJsonObject(message) ? message.role : undefined));
  if (roles[0] !== 'user') {
    throw validation(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  }
  if (roles.some((role, index) => index > 0 && role === roles[index - 1])) {
    throw validation(
      'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.',
    );
  }
  const system = Array.isArray(body.system) ? contentText(body.system) : '';
  const prompt = promptFromMessages(messages, system);
  const config = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = typeof config.maxTokens === 'number' ? config.maxTokens : 512;
  const stopSequences = Array.isArray(config.stopSequences)
    ? config.stopSequences.filter((item: unknown): item is string => typeof item === 'string')
    : [];
  const answer = shapeAnswer(target.answerer.answer(prompt), maxTokens, stopSequences);
  const stopReason = { finished: 'end_turn', length: 'max_tokens', 'stop-sequence': 'stop_sequence' }[
    answer.ending
  ];
  return { answer, inputTokens: estimateTokens(prompt), stopReason, started };
}

export async function converse(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const { answer, inputTokens, stopReason, started } = await answerConversation(context, request);
  const latencyMs = Math.max(0, Date.now() - started);
  return {
    status: 200,
    body: {
      output: { message: { role: 'assistant', content: [{ text: answer.text }] } },
      stopReason,
      usage: {
        inputTokens,
        outputTokens: answer.outputTokens,
        totalTokens: inputTokens + answer.outputTokens,
      },
      metrics: { latencyMs },
    },
    headers: runtimeHeaders(inputTokens, answer.outputTokens, started),
  };
}

/** Words per text delta: Bedrock streams a few tokens at a time. */
const WORDS_PER_DELTA = 3;

/** The answer cut into deltas whose concatenation is the answer, spaces included. */
function textDeltas(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  const deltas: string[] = [];
  for (let index = 0; index < words.length; index += WORDS_PER_DELTA) {
    deltas.push(words.slice(index, index + WORDS_PER_DELTA).join(''));
  }
  return deltas;
}

/**
 * ConverseStream: the same answer as Converse, as an event stream (messageStart, one
 * contentBlockDelta per few words `streamIntervalMs` apart, contentBlockStop, messageStop,
 * metadata with usage), so callers see the text arrive over time.
 */
export async function converseStream(
  context: EmulatorContext,
  request: OperationRequest,
): Promise<OperationResponse> {
  const { answer, inputTokens, stopReason, started } = await answerConversation(context, request);
  const interval = context.durations.streamIntervalMs;
  async function* events(): AsyncIterable<Buffer> {
    yield encodeEvent('messageStart', { role: 'assistant' });
    for (const text of textDeltas(answer.text)) {
      // Each delta is "generated" for a while, the first one too (time to first token).
      await new Promise((resolve) => setTimeout(resolve, interval));
      yield encodeEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
    }
    yield encodeEvent('contentBlockStop', { contentBlockIndex: 0 });
    yield encodeEvent('messageStop', { stopReason });
    yield encodeEvent('metadata', {
      usage: {
        inputTokens,
        outputTokens: answer.outputTokens,
        totalTokens: inputTokens + answer.outputTokens,
      },
      metrics: { latencyMs: Math.max(0, Date.now() - started) },
    });
  }
  return {
    status: 200,
    stream: events(),
    headers: {
      'content-type': 'application/vnd.amazon.eventstream',
      [EMULATOR_HEADER]: EMULATOR_HEADER_VALUE,
    },
  };
}
