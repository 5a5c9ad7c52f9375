import { BedrockClient } from '@aws-sdk/client-bedrock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BedrockCustomizer } from '../../../src/aws/bedrock-customizer.js';
import { BedrockModelRuntime } from '../../../src/aws/bedrock-runtime.js';
import {
  type AwsClientSettings,
  createBedrockClient,
  createBedrockRuntimeClient,
} from '../../../src/aws/clients.js';
import { ThrottledError, UpstreamUnavailableError } from '../../../src/core/errors.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';
import { type BedrockStack, REGION, startBedrockStack } from './stack.js';

let stack: BedrockStack;

beforeAll(async () => {
  // Titan Text Express is served in the workshop's world only (end of life today).
  stack = await startBedrockStack({ world: '2024' });
});
afterEach(() => {
  stack.emulator.setFaults({});
  stack.emulator.resetStats();
});
afterAll(async () => {
  await stack.close();
});

const GENERATE = {
  modelId: 'amazon.titan-text-express-v1',
  family: 'titan-text' as const,
  prompt: 'Hello',
  maxTokens: 50,
  temperature: 0,
  topP: 0.9,
};

describe('injected throttling and server errors', () => {
  it('surfaces throttling as a retryable ThrottledError when the SDK does not retry', async () => {
    stack.emulator.setFaults({ throttleRate: 1 });

    const listing = stack.customizer({ maxAttempts: 1 }).listFoundationModels();

    await expect(listing).rejects.toBeInstanceOf(ThrottledError);
    await expect(listing).rejects.toMatchObject({
      retryable: true,
      message: 'Too many requests, please wait before trying again.',
    });
  });

  it('surfaces a 500 as a retryable UpstreamUnavailableError, on the control plane and the runtime', async () => {
    stack.emulator.setFaults({ serverErrorRate: 1 });

    const getting = await stack
      .customizer({ maxAttempts: 1 })
      .getJob('any-job')
      .catch((error: unknown) => error);
    const invoking = await stack
      .modelRuntime({ maxAttempts: 1 })
      .generate(GENERATE)
      .catch((error: unknown) => error);

    expect(getting).toBeInstanceOf(UpstreamUnavailableError);
    expect(invoking).toBeInstanceOf(UpstreamUnavailableError);
    expect(invoking).toMatchObject({ retryable: true });
    expect(stack.emulator.stats().serverErrors).toBe(2);
  });

  it('is retried away by the SDK’s default retry strategy', async () => {
    // Prepare: with this seed the first attempt gets a 500 and the second is throttled.
    stack.emulator.setFaults({ throttleRate: 0.5, serverErrorRate: 0.5, maxFaults: 2, seed: 3 });

    // Act
    const models = await stack.customizer().listFoundationModels();
    const answer = await stack.modelRuntime().generate(GENERATE);

    // Assess
    expect(models.length).toBeGreaterThan(10);
    expect(answer.text).toMatch(/^\[bedrock-emulator\] /);
    expect(stack.emulator.stats()).toEqual({
      calls: { ListFoundationModels: 3, InvokeModel: 1 },
      throttled: 1,
      serverErrors: 1,
      hung: 0,
    });
  });

  it('injects only into the operations named', async () => {
    stack.emulator.setFaults({ throttleRate: 1, operations: ['InvokeModel'] });

    const models = await stack.customizer({ maxAttempts: 1 }).listFoundationModels();
    const invoking = stack.modelRuntime({ maxAttempts: 1 }).generate(GENERATE);

    expect(models.length).toBeGreaterThan(0);
    await expect(invoking).rejects.toBeInstanceOf(ThrottledError);
  });

  it('adds the configured latency to every call', async () => {
    stack.emulator.setFaults({ latencyMs: 150 });
    const customizer = stack.customizer();
    await customizer.listFoundationModels();

    const started = performance.now();
    await customizer.listFoundationModels();
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(140);
  });

  it('counts calls per operation for benchmarks', async () => {
    const customizer = stack.customizer();

    await customizer.listFoundationModels();
    await customizer.listFoundationModels();
    await customizer.listJobs({});

    expect(stack.emulator.stats().calls).toEqual({ ListFoundationModels: 2, ListModelCustomizationJobs: 1 });
  });
});

describe('a Bedrock that does not answer', () => {
  // tune's own clients (src/aws/clients.ts), with the timeout shortened as the local stack's tests do.
  const TIMEOUT_MS = 300;
  const settings = (): AwsClientSettings => ({
    region: REGION,
    endpoints: { bedrock: stack.emulator.url, bedrockRuntime: stack.emulator.url },
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    bedrockRequestTimeoutMs: TIMEOUT_MS,
  });

  it('ends a hung control-plane call at the request timeout, as a retryable error', async () => {
    stack.emulator.setFaults({ hangRate: 1 });
    const client = createBedrockClient(settings());
    const started = performance.now();

    const error = await new BedrockCustomizer({ client })
      .getJob('any-job')
      .catch((caught: unknown) => caught);

    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ retryable: true });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
    expect(stack.emulator.stats().hung).toBe(1);
    client.destroy();
  }, 5_000);

  it('ends a hung runtime call at its idle timeout, as a retryable error', async () => {
    stack.emulator.setFaults({ hangRate: 1 });
    const client = createBedrockRuntimeClient(settings());
    const started = performance.now();

    const error = await new BedrockModelRuntime({ client })
      .generate(GENERATE)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({ retryable: true });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    client.destroy();
  }, 5_000);

  it('is retryable when the connection is dropped mid-call, and retried away by the SDK', async () => {
    stack.emulator.setFaults({ hangRate: 1, hangMs: 20, maxFaults: 1 });
    const once = createBedrockClient(settings());
    const retrying = createBedrockClient({ ...settings(), maxAttempts: 3 });

    const dropped = await new BedrockCustomizer({ client: once })
      .getJob('any-job')
      .catch((caught: unknown) => caught);
    const models = await new BedrockCustomizer({ client: retrying }).listFoundationModels();

    expect(dropped).toBeInstanceOf(UpstreamUnavailableError);
    expect(dropped).toMatchObject({ retryable: true });
    expect(models.length).toBeGreaterThan(10);
    once.destroy();
    retrying.destroy();
  }, 5_000);
});

describe('an unreachable Bedrock', () => {
  it('is a retryable UpstreamUnavailableError naming what tune was doing', async () => {
    const client = new BedrockClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    const customizer = new BedrockCustomizer({ client });

    const getting = customizer.getJob('job');

    await expect(getting).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(getting).rejects.toThrow(
      /^Bedrock could not be reached while getting the customization job/,
    );
    client.destroy();
  });
});
