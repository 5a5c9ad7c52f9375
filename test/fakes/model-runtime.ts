/**
 * ModelRuntime fakes for the evaluation: one answers from a script per model id and records every
 * call; one wraps another and throttles a seeded 30% of calls, as a busy Bedrock account does.
 */
import { seededRandom } from '../../src/core/dataset/convert/split.js';
import { ThrottledError } from '../../src/core/errors.js';
import type { GenerateRequest, GenerateResult, ModelRuntime } from '../../src/core/ports.js';

export type RuntimeCall =
  | { api: 'generate'; request: GenerateRequest }
  | { api: 'converse' | 'converseStream'; request: Omit<GenerateRequest, 'family'> };

type Responder = (request: Omit<GenerateRequest, 'family'>) => string | GenerateResult | Error;

const words = (text: string) => text.split(/\s+/).filter((word) => word !== '').length;

export class ScriptedModelRuntime implements ModelRuntime {
  readonly calls: RuntimeCall[] = [];
  private readonly responders = new Map<string, Responder>();

  /** Called before each call is answered (tests move a fake clock with it). */
  onCall: (call: RuntimeCall) => void = () => {};

  /**
   * How `modelId` answers. A string answer reports one input token per prompt word and one output
   * token per answer word; return a GenerateResult to say otherwise, or an Error to throw it.
   */
  answer(modelId: string, responder: Responder): this {
    this.responders.set(modelId, responder);
    return this;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.respond({ api: 'generate', request });
  }

  async converse(request: Omit<GenerateRequest, 'family'>): Promise<GenerateResult> {
    return this.respond({ api: 'converse', request });
  }

  /** Streams the scripted answer a word at a time, as ConverseStream sends deltas. */
  async converseStream(
    request: Omit<GenerateRequest, 'family'>,
    onText: (delta: string) => void,
  ): Promise<GenerateResult> {
    const result = this.respond({ api: 'converseStream', request });
    for (const piece of result.text.match(/\S+\s*/g) ?? []) onText(piece);
    return result;
  }

  callsTo(modelId: string): RuntimeCall[] {
    return this.calls.filter((call) => call.request.modelId === modelId);
  }

  private respond(call: RuntimeCall): GenerateResult {
    this.calls.push(call);
    this.onCall(call);
    const responder = this.responders.get(call.request.modelId);
    if (!responder) {
      throw new Error(`ScriptedModelRuntime: no answer scripted for model ${call.request.modelId}`);
    }
    const answer = responder(call.request);
    if (answer instanceof Error) throw answer;
    if (typeof answer !== 'string') return answer;
    return { text: answer, inputTokens: words(call.request.prompt), outputTokens: words(answer) };
  }
}

/** Throttles `share` of the calls (seeded, so a test sees the same calls throttled every run). */
export class ThrottlingModelRuntime implements ModelRuntime {
  throttled = 0;
  private readonly random: () => number;

  constructor(
    private readonly inner: ModelRuntime,
    private readonly share = 0.3,
    seed = 42,
  ) {
    this.random = seededRandom(seed);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.maybeThrottle();
    return this.inner.generate(request);
  }

  async converse(request: Omit<GenerateRequest, 'family'>): Promise<GenerateResult> {
    this.maybeThrottle();
    return this.inner.converse(request);
  }

  async converseStream(
    request: Omit<GenerateRequest, 'family'>,
    onText: (delta: string) => void,
  ): Promise<GenerateResult> {
    this.maybeThrottle();
    return this.inner.converseStream(request, onText);
  }

  private maybeThrottle(): void {
    if (this.random() < this.share) {
      this.throttled++;
      throw new ThrottledError('Bedrock throttled invoking the model (fake).');
    }
  }
}
