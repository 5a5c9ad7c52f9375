/**
 * The `ModelRuntime` port on the Bedrock runtime (`@aws-sdk/client-bedrock-runtime`): InvokeModel
 * with each family's native body (docs/bedrock-emulator-world.md names the pages), the Converse API
 * and ConverseStream. The prompt is sent as given: a fine-tuned model expects exactly the prompt
 * shape it was trained on, so no chat template is added here; a system text, when given, goes in
 * front of it for the families without a system field. Earlier turns (`history`) become messages
 * for the APIs that take a message list.
 */
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  InvokeModelCommand,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import * as z from 'zod';
import { UpstreamRejectedError } from '../core/errors.js';
import type { GenerateRequest, GenerateResult, InvokeBodyFamily, ModelRuntime } from '../core/ports.js';
import { translateBedrockError } from './bedrock-errors.js';

const titanResponseSchema = z.object({
  inputTextTokenCount: z.number().nullish(),
  results: z
    .array(
      z.object({
        tokenCount: z.number().nullish(),
        outputText: z.string(),
        completionReason: z.string().nullish(),
      }),
    )
    .min(1),
});

const llamaResponseSchema = z.object({
  generation: z.string(),
  prompt_token_count: z.number().nullish(),
  generation_token_count: z.number().nullish(),
  stop_reason: z.string().nullish(),
});

const anthropicResponseSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().nullish() })),
  stop_reason: z.string().nullish(),
  usage: z.object({ input_tokens: z.number().nullish(), output_tokens: z.number().nullish() }).nullish(),
});

const novaResponseSchema = z.object({
  output: z.object({
    message: z.object({ content: z.array(z.object({ text: z.string().nullish() })) }),
  }),
  stopReason: z.string().nullish(),
  usage: z.object({ inputTokens: z.number().nullish(), outputTokens: z.number().nullish() }).nullish(),
});

/** The ConverseStream events tune reads; the others (tool use, reasoning) carry no answer text. */
const streamEventSchema = z.object({
  contentBlockDelta: z.object({ delta: z.object({ text: z.string().nullish() }).nullish() }).nullish(),
  messageStop: z.object({ stopReason: z.string().nullish() }).nullish(),
  metadata: z
    .object({
      usage: z.object({ inputTokens: z.number().nullish(), outputTokens: z.number().nullish() }).nullish(),
    })
    .nullish(),
});

const converseResponseSchema = z.object({
  output: z.object({
    message: z.object({ content: z.array(z.object({ text: z.string().nullish() })) }).nullish(),
  }),
  stopReason: z.string().nullish(),
  usage: z.object({ inputTokens: z.number().nullish(), outputTokens: z.number().nullish() }).nullish(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new UpstreamRejectedError(
      `Bedrock returned ${what} tune cannot read: ${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function withSystem(request: GenerateRequest): string {
  return request.system ? `${request.system}\n\n${request.prompt}` : request.prompt;
}

/** The conversation as a message list: earlier turns, then the prompt as the last user turn. */
function turns(request: Omit<GenerateRequest, 'family'>): { role: 'user' | 'assistant'; text: string }[] {
  return [...(request.history ?? []), { role: 'user', text: request.prompt }];
}

/** The family's native request body. */
export function invokeBody(request: GenerateRequest): Record<string, unknown> {
  const stopSequences =
    request.stopSequences && request.stopSequences.length > 0 ? request.stopSequences : undefined;
  switch (request.family) {
    case 'titan-text':
      return {
        inputText: withSystem(request),
        textGenerationConfig: {
          maxTokenCount: request.maxTokens,
          temperature: request.temperature,
          topP: request.topP,
          ...(stopSequences ? { stopSequences } : {}),
        },
      };
    case 'llama':
      return {
        prompt: withSystem(request),
        max_gen_len: request.maxTokens,
        temperature: request.temperature,
        top_p: request.topP,
      };
    case 'anthropic-messages':
      return {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: request.maxTokens,
        ...(request.system ? { system: request.system } : {}),
        messages: turns(request).map(({ role, text }) => ({ role, content: [{ type: 'text', text }] })),
        temperature: request.temperature,
        top_p: request.topP,
        ...(stopSequences ? { stop_sequences: stopSequences } : {}),
      };
    case 'nova-messages':
      // Nova's `messages-v1` body, with the settings spelled as the Nova 2 docs spell them
      // (https://docs.aws.amazon.com/nova/latest/nova2-userguide/using-invoke-api.html).
      return {
        schemaVersion: 'messages-v1',
        ...(request.system ? { system: [{ text: request.system }] } : {}),
        messages: turns(request).map(({ role, text }) => ({ role, content: [{ text }] })),
        inferenceConfig: {
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          topP: request.topP,
          ...(stopSequences ? { stopSequences } : {}),
        },
      };
  }
}

function readInvokeResponse(family: InvokeBodyFamily, value: unknown): GenerateResult {
  switch (family) {
    case 'titan-text': {
      const body = parse(titanResponseSchema, value, 'a Titan response');
      const [first] = body.results;
      return {
        text: first?.outputText ?? '',
        inputTokens: optional(body.inputTextTokenCount),
        outputTokens: optional(first?.tokenCount),
        stopReason: optional(first?.completionReason),
      };
    }
    case 'llama': {
      const body = parse(llamaResponseSchema, value, 'a Llama response');
      return {
        text: body.generation,
        inputTokens: optional(body.prompt_token_count),
        outputTokens: optional(body.generation_token_count),
        stopReason: optional(body.stop_reason),
      };
    }
    case 'anthropic-messages': {
      const body = parse(anthropicResponseSchema, value, 'an Anthropic Messages response');
      return {
        text: body.content.map((block) => block.text ?? '').join(''),
        inputTokens: optional(body.usage?.input_tokens),
        outputTokens: optional(body.usage?.output_tokens),
        stopReason: optional(body.stop_reason),
      };
    }
    case 'nova-messages': {
      const body = parse(novaResponseSchema, value, 'a Nova response');
      return {
        text: body.output.message.content.map((block) => block.text ?? '').join(''),
        inputTokens: optional(body.usage?.inputTokens),
        outputTokens: optional(body.usage?.outputTokens),
        stopReason: optional(body.stopReason),
      };
    }
  }
}

/** The Converse request shared by Converse and ConverseStream. */
function converseInput(request: Omit<GenerateRequest, 'family'>) {
  const messages: Message[] = turns(request).map(({ role, text }) => ({ role, content: [{ text }] }));
  return {
    modelId: request.modelId,
    messages,
    ...(request.system ? { system: [{ text: request.system }] } : {}),
    inferenceConfig: {
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      ...(request.stopSequences && request.stopSequences.length > 0
        ? { stopSequences: request.stopSequences }
        : {}),
    },
  };
}

export class BedrockModelRuntime implements ModelRuntime {
  private readonly client: BedrockRuntimeClient;

  constructor(options: { client: BedrockRuntimeClient }) {
    this.client = options.client;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const output = await this.call('invoking the model', () =>
      this.client.send(
        new InvokeModelCommand({
          modelId: request.modelId,
          contentType: 'application/json',
          accept: 'application/json',
          body: JSON.stringify(invokeBody(request)),
        }),
      ),
    );
    let body: unknown;
    try {
      body = JSON.parse(output.body.transformToString('utf8'));
    } catch (error) {
      throw new UpstreamRejectedError('Bedrock returned a model response that is not JSON.', {
        cause: error,
      });
    }
    return readInvokeResponse(request.family, body);
  }

  async converse(request: Omit<GenerateRequest, 'family'>): Promise<GenerateResult> {
    const output = await this.call('conversing with the model', () =>
      this.client.send(new ConverseCommand(converseInput(request))),
    );
    const response = parse(converseResponseSchema, output, 'a Converse response');
    return {
      text: (response.output.message?.content ?? []).map((block) => block.text ?? '').join(''),
      inputTokens: optional(response.usage?.inputTokens),
      outputTokens: optional(response.usage?.outputTokens),
      stopReason: optional(response.stopReason),
    };
  }

  async converseStream(
    request: Omit<GenerateRequest, 'family'>,
    onText: (delta: string) => void,
  ): Promise<GenerateResult> {
    const output = await this.call('streaming from the model', () =>
      this.client.send(new ConverseStreamCommand(converseInput(request))),
    );
    // Bedrock can also fail in the middle of the stream (exception events, which the SDK throws
    // from the iterator): each read goes through the same translation, each parse stays outside it.
    const stream: AsyncIterable<ConverseStreamOutput> = output.stream ?? (async function* () {})();
    const events = stream[Symbol.asyncIterator]();
    const result: GenerateResult = { text: '' };
    for (;;) {
      const next = await this.call('reading the model’s stream', () => events.next());
      if (next.done) break;
      const event = parse(streamEventSchema, next.value, 'a ConverseStream event');
      const text = event.contentBlockDelta?.delta?.text;
      if (text) {
        result.text += text;
        onText(text);
      }
      if (event.messageStop?.stopReason) result.stopReason = event.messageStop.stopReason;
      const usage = event.metadata?.usage;
      if (typeof usage?.inputTokens === 'number') result.inputTokens = usage.inputTokens;
      if (typeof usage?.outputTokens === 'number') result.outputTokens = usage.outputTokens;
    }
    return result;
  }

  private async call<T>(doing: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translateBedrockError(error, doing);
    }
  }
}
