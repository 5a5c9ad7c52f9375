import { describe, expect, it } from 'vitest';
import { callModel, type ModelCall, RefusalMemory } from '../../../src/core/asking/index.js';
import { AccessDeniedError, ThrottledError, UpstreamRejectedError } from '../../../src/core/errors.js';
import type { GenerateRequest, GenerateResult } from '../../../src/core/ports.js';
import { ScriptedModelRuntime } from '../../fakes/model-runtime.js';

const ENDPOINT = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/support';
const SETTINGS = { maxTokens: 256, temperature: 0.3, topP: 0.9 };
const RETRY = { maxAttempts: 4, baseMs: 100, capMs: 1000 };

/** A runtime that refuses the APIs named, as Bedrock refuses Converse for some custom models. */
class RefusingRuntime extends ScriptedModelRuntime {
  constructor(private readonly refusing: ReadonlySet<'converse' | 'converseStream'>) {
    super();
  }
  override async converse(request: Omit<GenerateRequest, 'family'>): Promise<GenerateResult> {
    if (this.refusing.has('converse')) {
      this.calls.push({ api: 'converse', request });
      throw new UpstreamRejectedError('This action doesn’t support the model that you provided.');
    }
    return super.converse(request);
  }
  override async converseStream(
    request: Omit<GenerateRequest, 'family'>,
    onText: (delta: string) => void,
  ): Promise<GenerateResult> {
    if (this.refusing.has('converseStream')) {
      this.calls.push({ api: 'converseStream', request });
      throw new UpstreamRejectedError('The model is unsupported for streaming.');
    }
    return super.converseStream(request, onText);
  }
}

function call(overrides: Partial<ModelCall> = {}): ModelCall {
  return {
    modelId: ENDPOINT,
    shape: 'messages',
    question: 'Where is the spare key?',
    history: [],
    family: 'nova-messages',
    settings: SETTINGS,
    ...overrides,
  };
}

const noSleep = { sleep: async () => {}, random: () => 0 };

describe('calling a model', () => {
  it('streams through ConverseStream when someone watches, reporting the answer so far', async () => {
    // Prepare
    const runtime = new ScriptedModelRuntime().answer(ENDPOINT, () => 'In the blue drawer.');
    const seen: string[] = [];

    // Act
    const outcome = await callModel(runtime, call(), {
      retry: RETRY,
      memory: new RefusalMemory(),
      label: 'support-bot',
      onProgress: (text) => seen.push(text),
      ...noSleep,
    });

    // Assess
    expect(outcome.api).toBe('converse-stream');
    expect(outcome.result.text).toBe('In the blue drawer.');
    expect(seen).toEqual(['In ', 'In the ', 'In the blue ', 'In the blue drawer.']);
  });

  it('uses Converse when nobody watches, with earlier turns as messages and the same settings', async () => {
    const runtime = new ScriptedModelRuntime().answer(ENDPOINT, () => 'The left one.');
    const history = [
      { role: 'user' as const, text: 'Which drawer?' },
      { role: 'assistant' as const, text: 'The blue one.' },
    ];

    const outcome = await callModel(runtime, call({ history }), {
      retry: RETRY,
      memory: new RefusalMemory(),
      label: 'support-bot',
    });

    expect(outcome.api).toBe('converse');
    expect(runtime.calls).toEqual([
      {
        api: 'converse',
        request: { modelId: ENDPOINT, prompt: 'Where is the spare key?', history, ...SETTINGS },
      },
    ]);
  });

  it("falls back from a refused stream to Converse, then to the family's body, and remembers the refusals", async () => {
    // Prepare: a Titan custom model on Provisioned Throughput that takes neither Converse API.
    const runtime = new RefusingRuntime(new Set(['converse', 'converseStream'])).answer(
      ENDPOINT,
      () => 'In the blue drawer.',
    );
    const memory = new RefusalMemory();
    const titan = call({
      family: 'titan-text',
      shape: 'prompt',
      history: [
        { role: 'user', text: 'Hi' },
        { role: 'assistant', text: 'Hello' },
      ],
    });
    const options = { retry: RETRY, memory, label: 'support-bot', onProgress: () => {}, ...noSleep };

    // Act
    const first = await callModel(runtime, titan, options);
    const second = await callModel(runtime, titan, options);

    // Assess: the prompt/completion model gets its raw prompt in Titan's body, history folded in.
    expect(first.api).toBe('invoke');
    expect(second.api).toBe('invoke');
    expect(runtime.calls.map((made) => made.api)).toEqual([
      'converseStream',
      'converse',
      'generate',
      'generate',
    ]);
    expect(runtime.calls[2]).toEqual({
      api: 'generate',
      request: {
        modelId: ENDPOINT,
        family: 'titan-text',
        prompt: 'User: Hi\n\nAssistant: Hello\n\nUser: Where is the spare key?',
        ...SETTINGS,
      },
    });
  });

  it('keeps earlier turns as messages in a Nova body when Converse is refused', async () => {
    const runtime = new RefusingRuntime(new Set(['converse'])).answer(ENDPOINT, () => 'Yes.');
    const history = [
      { role: 'user' as const, text: 'Hi' },
      { role: 'assistant' as const, text: 'Hello' },
    ];

    await callModel(runtime, call({ history }), { retry: RETRY, memory: new RefusalMemory(), label: 'x' });

    expect(runtime.calls.at(-1)).toEqual({
      api: 'generate',
      request: {
        modelId: ENDPOINT,
        family: 'nova-messages',
        prompt: 'Where is the spare key?',
        history,
        ...SETTINGS,
      },
    });
  });

  it('does not remember a refusal when the next way down failed too (a model not ready, say)', async () => {
    // Prepare: Converse refused and the body refused as well.
    const runtime = new RefusingRuntime(new Set(['converse'])).answer(
      ENDPOINT,
      () => new UpstreamRejectedError('The deployment is not ready for inference: its status is Creating.'),
    );
    const memory = new RefusalMemory();

    // Act
    await expect(
      callModel(runtime, call(), { retry: RETRY, memory, label: 'support-bot' }),
    ).rejects.toBeInstanceOf(UpstreamRejectedError);

    // Assess
    expect(memory.refuses(ENDPOINT, 'converse')).toBe(false);
  });

  it('retries throttled calls with growing waits, then answers', async () => {
    // Prepare: throttled twice, then answered.
    let calls = 0;
    const runtime = new ScriptedModelRuntime().answer(ENDPOINT, () =>
      ++calls <= 2 ? new ThrottledError('Too many requests, please wait before trying again.') : 'Here.',
    );
    const waits: number[] = [];

    // Act
    const outcome = await callModel(runtime, call(), {
      retry: RETRY,
      memory: new RefusalMemory(),
      label: 'support-bot',
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
      random: () => 0.5,
    });

    // Assess: half fixed, half jitter (here 0.5) of 100 ms, then of 200 ms.
    expect(outcome.result.text).toBe('Here.');
    expect(outcome.retries).toBe(2);
    expect(waits).toEqual([75, 150]);
  });

  it('says plainly that Bedrock kept throttling once every try was refused', async () => {
    const runtime = new ScriptedModelRuntime().answer(
      ENDPOINT,
      () => new ThrottledError('Too many requests'),
    );

    const failure = callModel(runtime, call(), {
      retry: RETRY,
      memory: new RefusalMemory(),
      label: 'support-bot',
      ...noSleep,
    });

    await expect(failure).rejects.toThrowError(/Bedrock kept throttling support-bot: 4 tries/);
    await expect(failure).rejects.toBeInstanceOf(ThrottledError);
    expect(runtime.calls).toHaveLength(4);
  });

  it('fails at once on an error retrying cannot fix, and never falls back on it', async () => {
    const runtime = new ScriptedModelRuntime().answer(ENDPOINT, () => new AccessDeniedError('denied'));

    await expect(
      callModel(runtime, call(), { retry: RETRY, memory: new RefusalMemory(), label: 'x', ...noSleep }),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    expect(runtime.calls).toHaveLength(1);
  });

  it('does not quietly start over on Converse once streamed text was shown', async () => {
    // Prepare: the stream breaks after its first words with a refusal.
    class BreakingRuntime extends ScriptedModelRuntime {
      override async converseStream(
        request: Omit<GenerateRequest, 'family'>,
        onText: (delta: string) => void,
      ): Promise<GenerateResult> {
        this.calls.push({ api: 'converseStream', request });
        onText('In the ');
        throw new UpstreamRejectedError('The stream was cut.');
      }
    }
    const runtime = new BreakingRuntime().answer(ENDPOINT, () => 'In the blue drawer.');

    // Act
    const failure = callModel(runtime, call(), {
      retry: RETRY,
      memory: new RefusalMemory(),
      label: 'x',
      onProgress: () => {},
    });

    // Assess
    await expect(failure).rejects.toThrowError('The stream was cut.');
    expect(runtime.calls.map((made) => made.api)).toEqual(['converseStream']);
  });

  it('cannot fall back without a body for the family', async () => {
    const runtime = new RefusingRuntime(new Set(['converse'])).answer(ENDPOINT, () => 'x');

    await expect(
      callModel(runtime, call({ family: undefined }), {
        retry: RETRY,
        memory: new RefusalMemory(),
        label: 'x',
      }),
    ).rejects.toBeInstanceOf(UpstreamRejectedError);
    expect(runtime.calls.map((made) => made.api)).toEqual(['converse']);
  });
});
