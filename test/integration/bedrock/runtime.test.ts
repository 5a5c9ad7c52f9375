import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import { UpstreamRejectedError } from '../../../src/core/errors.js';
import type { GenerateRequest } from '../../../src/core/ports.js';
import { EMULATOR_HEADER, EMULATOR_MARKER } from '../../../src/local/bedrock-emulator/index.js';
import { type BedrockStack, startBedrockStack } from './stack.js';

let stack: BedrockStack;
let runtime: BedrockModelRuntime;

beforeAll(async () => {
  // Titan Text, Llama 3.1 on demand in us-east-1 and Claude 3 Haiku: the workshop's world.
  stack = await startBedrockStack({ world: '2024' });
  runtime = stack.modelRuntime();
});
afterAll(async () => {
  await stack.close();
});

function request(overrides: Partial<GenerateRequest>): GenerateRequest {
  return {
    modelId: 'amazon.titan-text-lite-v1',
    family: 'titan-text',
    prompt: 'Summarize the quarterly report for the board.',
    maxTokens: 200,
    temperature: 0,
    topP: 0.9,
    ...overrides,
  };
}

describe('InvokeModel on base models', () => {
  it('answers a Titan body with Titan’s response shape, marked as the emulator’s', async () => {
    const result = await runtime.generate(request({}));

    expect(result.text.startsWith(EMULATOR_MARKER)).toBe(true);
    expect(result.text).toContain('Titan Text G1 - Lite (base model, not customized)');
    expect(result).toMatchObject({ stopReason: 'FINISHED', inputTokens: 12 });
    expect(result.outputTokens).toBeGreaterThan(0);
  });

  it('answers a Llama body with Llama’s response shape', async () => {
    const result = await runtime.generate(
      request({ modelId: 'meta.llama3-1-8b-instruct-v1:0', family: 'llama' }),
    );

    expect(result.text.startsWith(EMULATOR_MARKER)).toBe(true);
    expect(result.stopReason).toBe('stop');
    expect(result.inputTokens).toBe(12);
  });

  it('answers an Anthropic Messages body with the system prompt taken into account', async () => {
    const result = await runtime.generate(
      request({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        family: 'anthropic-messages',
        system: 'Be brief.',
      }),
    );

    expect(result.text.startsWith(EMULATOR_MARKER)).toBe(true);
    expect(result.stopReason).toBe('end_turn');
    expect(result.inputTokens).toBe(
      Math.ceil('Be brief.\nSummarize the quarterly report for the board.'.length / 4),
    );
  });

  it('answers the same prompt the same way every time', async () => {
    const first = await runtime.generate(request({}));
    const second = await runtime.generate(request({}));

    expect(second.text).toBe(first.text);
  });

  it('cuts the answer at the token budget and says so', async () => {
    const result = await runtime.generate(request({ maxTokens: 8 }));

    expect(result.stopReason).toBe('LENGTH');
    expect(result.text.length).toBeLessThanOrEqual(EMULATOR_MARKER.length + 32);
  });

  it('stops at a stop sequence', async () => {
    const result = await runtime.generate(request({ stopSequences: ['not customized'] }));

    expect(result.stopReason).toBe('STOP_CRITERIA_MET');
    expect(result.text).not.toContain('not customized');
  });

  it('rejects a Titan maxTokenCount above the model’s limit with Bedrock’s schema message', async () => {
    const invoking = runtime.generate(request({ maxTokens: 5000 }));

    await expect(invoking).rejects.toBeInstanceOf(UpstreamRejectedError);
    await expect(invoking).rejects.toThrow(
      'Malformed input request: #/textGenerationConfig/maxTokenCount: 5000 is not less or equal to 4096, please reformat your input and try again.',
    );
  });

  it('rejects a Llama body sent to a Titan model', async () => {
    const invoking = runtime.generate(request({ family: 'llama' }));

    await expect(invoking).rejects.toThrow(
      'Malformed input request: #: extraneous key [prompt] is not permitted, please reformat your input and try again.',
    );
  });

  it('rejects an unknown model id, and the customizable version of a model on demand', async () => {
    await expect(runtime.generate(request({ modelId: 'amazon.titan-text-mega-v7' }))).rejects.toThrow(
      'The provided model identifier is invalid.',
    );
    await expect(runtime.generate(request({ modelId: 'amazon.titan-text-lite-v1:0:4k' }))).rejects.toThrow(
      "The provided model doesn't support on-demand throughput.",
    );
  });

  it('asks for an inference profile where Bedrock does, and accepts the profile id', async () => {
    const direct = await runtime
      .generate(request({ modelId: 'meta.llama3-2-1b-instruct-v1:0', family: 'llama' }))
      .catch((error: unknown) => error);
    const profile = await runtime.generate(
      request({ modelId: 'us.meta.llama3-2-1b-instruct-v1:0', family: 'llama' }),
    );

    expect(direct).toBeInstanceOf(UpstreamRejectedError);
    expect(direct).toMatchObject({
      message: expect.stringContaining(
        'Invocation of model ID meta.llama3-2-1b-instruct-v1:0 with on-demand throughput isn’t supported.',
      ),
    });
    expect(profile.text).toContain('Llama 3.2 1B Instruct');
  });

  it('accepts a foundation-model ARN as model id through the raw SDK client', async () => {
    const client = stack.runtimeClient();

    const output = await client.send(
      new InvokeModelCommand({
        modelId: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
        contentType: 'application/json',
        body: JSON.stringify({ inputText: 'Hi', textGenerationConfig: { maxTokenCount: 8192 } }),
      }),
    );

    expect(output.contentType).toBe('application/json');
    expect(JSON.parse(output.body.transformToString())).toMatchObject({
      results: [{ completionReason: 'FINISHED' }],
    });
  });

  it('carries a header saying the answer comes from an emulator, not a language model', async () => {
    const response = await fetch(`${stack.emulator.url}/model/amazon.titan-text-lite-v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputText: 'Hi' }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get(EMULATOR_HEADER)).toContain('not by a language model');
  });
});

describe('Converse', () => {
  it('answers in the Converse shape with usage and metrics', async () => {
    const result = await runtime.converse({
      modelId: 'amazon.nova-lite-v1:0',
      prompt: 'Plan a team offsite.',
      system: 'You are concise.',
      maxTokens: 300,
      temperature: 0.5,
      topP: 0.9,
    });

    expect(result.text.startsWith(EMULATOR_MARKER)).toBe(true);
    expect(result.stopReason).toBe('end_turn');
    expect(result.inputTokens).toBeGreaterThan(0);
  });

  it('refuses a conversation that does not start with a user turn, with Bedrock’s message', async () => {
    const client = stack.runtimeClient();

    const conversing = client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        messages: [{ role: 'assistant', content: [{ text: 'Hello' }] }],
      }),
    );

    await expect(conversing).rejects.toThrow(
      'A conversation must start with a user message. Try again with a conversation that starts with a user message.',
    );
  });
});
