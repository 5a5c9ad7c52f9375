import { describe, expect, it } from 'vitest';
import { ThrottledError, UpstreamRejectedError } from '../../../src/core/errors.js';
import { selectExamples, splitPassage } from '../../../src/core/evaluation/examples.js';
import {
  type EvaluationRequest,
  foldHistory,
  maxTokensFor,
  pickShowcase,
  type RecordResult,
  runEvaluation,
} from '../../../src/core/evaluation/run.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedModelRuntime, ThrottlingModelRuntime } from '../../fakes/model-runtime.js';
import { InMemoryEvaluationResultsStore } from '../../fakes/stores.js';

const BASE = 'amazon.titan-text-lite-v1';
const TUNED = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/tuned';

function promptCompletion(count: number): { text: string; references: Map<string, string> } {
  const references = new Map<string, string>();
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const prompt = `Question ${index}: where is the spare key kept?`;
    const completion = `The spare key number ${index} is kept in the blue drawer by the door.`;
    references.set(prompt, completion);
    lines.push(JSON.stringify({ prompt, completion }));
  }
  return { text: `${lines.join('\n')}\n`, references };
}

/** The base model shrugs; the tuned model has learnt the answers. */
function scriptedModels(references: Map<string, string>): ScriptedModelRuntime {
  return new ScriptedModelRuntime()
    .answer(BASE, () => 'I am not sure, please ask someone at the office.')
    .answer(TUNED, (request) => references.get(request.prompt) ?? 'unknown prompt');
}

function request(heldOutText: string, overrides: Partial<EvaluationRequest> = {}): EvaluationRequest {
  return {
    evaluationId: 'eval-1',
    format: 'prompt-completion',
    heldOutText,
    base: { modelId: BASE, api: 'invoke', family: 'titan-text' },
    tuned: { modelId: TUNED, api: 'invoke', family: 'titan-text' },
    ...overrides,
  };
}

function dependencies(runtime: ScriptedModelRuntime | ThrottlingModelRuntime, clock = new FixedClock()) {
  const sleeps: number[] = [];
  return {
    runtime,
    results: new InMemoryEvaluationResultsStore(),
    clock,
    sleep: async (milliseconds: number) => {
      sleeps.push(milliseconds);
      clock.advance(milliseconds);
    },
    random: () => 0.5,
    sleeps,
  };
}

describe('runEvaluation', () => {
  it('asks both models with the same settings, scores every answer and says tuned is better', async () => {
    // Prepare
    const { text, references } = promptCompletion(12);
    const runtime = scriptedModels(references);
    const deps = dependencies(runtime);

    // Act
    const result = await runEvaluation(
      request(text, {
        prices: { base: { inputPer1k: 0.3, outputPer1k: 0.4 }, tuned: { inputPer1k: 1, outputPer1k: 2 } },
      }),
      deps,
    );

    // Assess
    expect(result.complete).toBe(true);
    expect(result.records).toHaveLength(12);
    expect(result.failed).toEqual([]);
    expect(result.comparison?.verdict.kind).toBe('better');
    expect(result.records[0]?.tuned.scores.rougeL).toBe(1);
    // Same prompt, same decoding settings, same token budget on both sides.
    const first = runtime.calls.filter(
      (call) => call.request.prompt === 'Question 0: where is the spare key kept?',
    );
    expect(first.map((call) => call.request.modelId)).toEqual([BASE, TUNED]);
    const settings = first.map(({ request: { temperature, topP, maxTokens } }) => ({
      temperature,
      topP,
      maxTokens,
    }));
    expect(settings[0]).toEqual({
      temperature: 0,
      topP: 1,
      maxTokens: maxTokensFor(references.get('Question 0: where is the spare key kept?') ?? ''),
    });
    expect(settings[1]).toEqual(settings[0]);
    // Tokens: 8 prompt words per call; answers of 10 (base) and 14 (tuned) words.
    expect(result.usage.base).toEqual({ generations: 12, inputTokens: 96, outputTokens: 120, uncounted: 0 });
    expect(result.usage.tuned).toEqual({ generations: 12, inputTokens: 96, outputTokens: 168, uncounted: 0 });
    // 0.096·0.3 + 0.12·0.4 + 0.096·1 + 0.168·2 = 0.5088
    expect(result.usage.usd).toBeCloseTo(0.5088, 10);
  });

  it('gives the cost in tokens only when a price is unknown', async () => {
    const { text, references } = promptCompletion(3);
    const result = await runEvaluation(
      request(text, { prices: { base: { inputPer1k: 1, outputPer1k: 1 } } }),
      dependencies(scriptedModels(references)),
    );
    expect(result.usage.usd).toBeUndefined();
    expect(result.usage.tuned.outputTokens).toBe(42);
  });

  it('draws at most 100 records with a fixed seed, the same ones every time, in file order', async () => {
    // Prepare
    const { text } = promptCompletion(150);

    // Act
    const first = selectExamples(text, 'prompt-completion');
    const second = selectExamples(text, 'prompt-completion');

    // Assess
    expect(first.heldOut).toBe(150);
    expect(first.examples).toHaveLength(100);
    expect(first.examples.map((example) => example.line)).toEqual(
      second.examples.map((example) => example.line),
    );
    const lines = first.examples.map((example) => example.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(lines).size).toBe(100);
    expect(
      selectExamples(text, 'prompt-completion', { seed: 1 }).examples.map((example) => example.line),
    ).not.toEqual(lines);
  });

  it('resumes a redelivered run without asking any model again for what is stored', async () => {
    // Prepare: the first run stops after its time is up, as a Lambda near its deadline does.
    const { text, references } = promptCompletion(10);
    const clock = new FixedClock('2026-11-27T10:00:00Z');
    const firstRuntime = scriptedModels(references);
    firstRuntime.onCall = () => clock.advance(1000);
    const deps = dependencies(firstRuntime, clock);
    const stopAt = new Date('2026-11-27T10:00:07Z');

    // Act
    const partial = await runEvaluation(request(text, { stopAt }), { ...deps }, { concurrency: 1 });
    const secondRuntime = scriptedModels(references);
    const finished = await runEvaluation(request(text), { ...deps, runtime: secondRuntime });

    // Assess: 4 records (8 calls) fit before the deadline; the rerun asks only for the other 6.
    expect(partial.complete).toBe(false);
    expect(partial.records).toHaveLength(4);
    expect(firstRuntime.calls).toHaveLength(8);
    expect(secondRuntime.calls).toHaveLength(12);
    expect(finished.complete).toBe(true);
    expect(finished.records).toHaveLength(10);
    expect(finished.usage.resumed).toBe(8);
    const uninterrupted = await runEvaluation(
      request(text, { evaluationId: 'eval-2' }),
      dependencies(scriptedModels(references)),
    );
    expect(finished.comparison).toEqual(uninterrupted.comparison);
  });

  it('starts over when the stored answers were made with other settings or are unreadable', async () => {
    const { text, references } = promptCompletion(3);
    const deps = dependencies(scriptedModels(references));
    await runEvaluation(request(text), deps);

    const other = scriptedModels(references);
    await runEvaluation(request(text), { ...deps, runtime: other }, { maxTokensCap: 64 });
    expect(other.calls).toHaveLength(6);

    await deps.results.put('eval-1', { version: 1, answers: 'not a record' });
    const again = scriptedModels(references);
    await runEvaluation(request(text), { ...deps, runtime: again });
    expect(again.calls).toHaveLength(6);
  });

  it('asks again for a record whose reference changed in the held-out file', async () => {
    const { text, references } = promptCompletion(3);
    const deps = dependencies(scriptedModels(references));
    await runEvaluation(request(text), deps);

    const edited = text.replace('spare key number 1 is', 'spare key number 1 was');
    const again = scriptedModels(references);
    await runEvaluation(request(edited), { ...deps, runtime: again });

    expect(again.calls.map((call) => call.request.prompt)).toEqual([
      'Question 1: where is the spare key kept?',
      'Question 1: where is the spare key kept?',
    ]);
  });

  it('slows down under throttling instead of failing: 30% of calls throttled, every record scored', async () => {
    // Prepare
    const { text, references } = promptCompletion(20);
    const runtime = new ThrottlingModelRuntime(scriptedModels(references), 0.3);
    const deps = dependencies(runtime);

    // Act
    const result = await runEvaluation(request(text), deps);

    // Assess
    expect(runtime.throttled).toBeGreaterThan(5);
    expect(result.failed).toEqual([]);
    expect(result.records).toHaveLength(20);
    expect(result.usage.retries).toBe(runtime.throttled);
    // Backoff doubles from 1 s (jitter fixed at the middle here: ¾ of each delay).
    expect(new Set(deps.sleeps)).toContain(750);
    expect(Math.max(...deps.sleeps)).toBeLessThanOrEqual(20_000);
  });

  it('counts and reports one record that fails, scores the others, and retries only it on redelivery', async () => {
    // Prepare: the tuned model refuses one prompt for good, and is throttled forever on another.
    const { text, references } = promptCompletion(5);
    const runtime = scriptedModels(references).answer(TUNED, (call) => {
      if (call.prompt.startsWith('Question 1:'))
        return new UpstreamRejectedError('Bedrock rejected the request.');
      if (call.prompt.startsWith('Question 3:')) return new ThrottledError('still busy');
      return references.get(call.prompt) ?? '';
    });
    const deps = dependencies(runtime);

    // Act
    const result = await runEvaluation(request(text), deps, { maxAttempts: 3 });

    // Assess
    expect(result.records.map((record) => record.line)).toEqual([1, 3, 5]);
    expect(result.failed).toEqual([
      { line: 2, model: 'tuned', reason: 'upstream_rejected: Bedrock rejected the request.' },
      { line: 4, model: 'tuned', reason: 'throttled: still busy' },
    ]);
    // A non-retryable error is not retried; the throttled call tried three times.
    expect(runtime.calls.filter((call) => call.request.prompt.startsWith('Question 1:'))).toHaveLength(2);
    expect(runtime.calls.filter((call) => call.request.prompt.startsWith('Question 3:'))).toHaveLength(4);

    const redelivered = scriptedModels(references);
    const second = await runEvaluation(request(text), { ...deps, runtime: redelivered });
    expect(
      redelivered.calls.map(
        (call) => `${call.request.modelId === BASE ? 'base' : 'tuned'} ${call.request.prompt.slice(0, 10)}`,
      ),
    ).toEqual(['tuned Question 1', 'tuned Question 3']);
    expect(second.records).toHaveLength(5);
  });

  it('fails loudly through the record failures when a model is not scripted', async () => {
    const { text } = promptCompletion(1);
    const result = await runEvaluation(request(text), dependencies(new ScriptedModelRuntime()));
    expect(result.failed[0]?.reason).toContain('no answer scripted for model');
    expect(result.comparison).toBeUndefined();
  });

  it('reports progress at most every five seconds, and once at the end', async () => {
    // Prepare: each call takes a second of the fake clock.
    const { text, references } = promptCompletion(10);
    const clock = new FixedClock();
    const runtime = scriptedModels(references);
    runtime.onCall = () => clock.advance(1000);
    const reports: { at: number; done: number; total: number }[] = [];

    // Act
    await runEvaluation(request(text), {
      ...dependencies(runtime, clock),
      onProgress: (progress) => {
        reports.push({ at: clock.now().getTime(), done: progress.done, total: progress.total });
      },
    });

    // Assess
    for (let index = 1; index < reports.length - 1; index++) {
      expect((reports[index]?.at ?? 0) - (reports[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(5000);
    }
    expect(reports.length).toBeLessThan(10);
    expect(reports.at(-1)).toMatchObject({ done: 10, total: 10 });
  });

  it('sends a conversation as system, earlier turns and the last user turn, through Converse', async () => {
    // Prepare
    const record = {
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'You are the help desk.' }],
      messages: [
        { role: 'user', content: [{ text: 'Hi' }] },
        { role: 'assistant', content: [{ text: 'Hello, how can I help?' }] },
        { role: 'user', content: [{ text: 'Where is the key?' }] },
        { role: 'assistant', content: [{ text: 'In the blue drawer.' }] },
      ],
    };
    const runtime = new ScriptedModelRuntime()
      .answer(BASE, () => 'No idea.')
      .answer(TUNED, () => 'In the blue drawer.');

    // Act
    const result = await runEvaluation(
      request(JSON.stringify(record), {
        format: 'bedrock-conversation-2024',
        base: { modelId: BASE, api: 'converse' },
        tuned: { modelId: TUNED, api: 'converse' },
      }),
      dependencies(runtime),
    );

    // Assess
    expect(runtime.calls[0]).toMatchObject({
      api: 'converse',
      request: {
        system: 'You are the help desk.',
        prompt: 'Where is the key?',
        history: [
          { role: 'user', text: 'Hi' },
          { role: 'assistant', text: 'Hello, how can I help?' },
        ],
      },
    });
    expect(result.records[0]?.reference).toBe('In the blue drawer.');
  });

  it('folds earlier turns into the prompt for Titan and Llama, which take one prompt', async () => {
    const record = {
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Key?' },
        { role: 'assistant', content: 'Blue drawer.' },
      ],
    };
    const runtime = new ScriptedModelRuntime().answer(BASE, () => 'x').answer(TUNED, () => 'Blue drawer.');
    await runEvaluation(
      request(JSON.stringify(record), {
        format: 'claude-messages',
        tuned: { modelId: TUNED, api: 'invoke', family: 'anthropic-messages' },
      }),
      dependencies(runtime),
    );
    expect(runtime.callsTo(BASE)[0]).toMatchObject({
      api: 'generate',
      request: {
        family: 'titan-text',
        system: 'Be brief.',
        prompt: 'User: Hi\n\nAssistant: Hello.\n\nUser: Key?',
      },
    });
    expect(runtime.callsTo(BASE)[0]?.request).not.toHaveProperty('history');
    // The Messages body has a message list: the turns go as turns.
    expect(runtime.callsTo(TUNED)[0]).toMatchObject({
      request: {
        prompt: 'Key?',
        history: [
          { role: 'user', text: 'Hi' },
          { role: 'assistant', text: 'Hello.' },
        ],
      },
    });
    expect(foldHistory([], 'Key?')).toBe('Key?');
  });

  it('scores continued pre-training by continuation: first half as prompt, second half as reference', async () => {
    const passage = 'one two three four five six seven';
    const runtime = new ScriptedModelRuntime()
      .answer(BASE, () => 'eight')
      .answer(TUNED, () => 'four five six seven');
    const result = await runEvaluation(
      request(JSON.stringify({ input: passage }), { format: 'continued-pretraining' }),
      dependencies(runtime),
    );
    expect(runtime.calls[0]?.request.prompt).toBe('one two three');
    expect(result.records[0]?.reference).toBe('four five six seven');
    expect(splitPassage('alpha\nbeta  gamma delta')).toEqual({
      prompt: 'alpha\nbeta',
      reference: 'gamma delta',
    });
    expect(splitPassage('single')).toBeUndefined();
  });
});

describe('selectExamples', () => {
  it('skips records that cannot become an example, saying why and where', () => {
    const lines = [
      '{"prompt": "a", "completion": "b"}',
      'not json',
      '{"prompt": "a"}',
      '',
      '{"prompt": "c", "completion": "d"}',
    ].join('\n');
    const selection = selectExamples(lines, 'prompt-completion');
    expect(selection.heldOut).toBe(2);
    expect(selection.skipped).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not a {"prompt", "completion"} record' },
    ]);
  });

  it('skips conversations without a final answer and turns with images', () => {
    const noAnswer = {
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    };
    const image = {
      schemaVersion: 'bedrock-conversation-2024',
      messages: [
        {
          role: 'user',
          content: [
            { text: 'what is this?' },
            { image: { format: 'png', source: { s3Location: { uri: 's3://b/k.png' } } } },
          ],
        },
        { role: 'assistant', content: [{ text: 'a cat' }] },
      ],
    };
    expect(selectExamples(JSON.stringify(noAnswer), 'claude-messages').skipped[0]?.reason).toBe(
      'the conversation has no assistant turn to compare with',
    );
    expect(selectExamples(JSON.stringify(image), 'bedrock-conversation-2024').skipped[0]?.reason).toBe(
      'it holds images or videos, which the evaluation does not send',
    );
  });
});

describe('maxTokensFor', () => {
  it('gives 1.5 × the reference estimate + 16 tokens, at least 32 and at most the cap', () => {
    expect(maxTokensFor('')).toBe(32);
    // 400 ASCII characters ≈ 100 tokens → 166
    expect(maxTokensFor('x'.repeat(400))).toBe(166);
    expect(maxTokensFor('x'.repeat(40_000))).toBe(1024);
    expect(maxTokensFor('x'.repeat(400), 100)).toBe(100);
  });
});

describe('pickShowcase', () => {
  const record = (line: number, gain: number): RecordResult => ({
    line,
    history: [],
    prompt: `p${line}`,
    reference: `r${line}`,
    base: { text: 'b', scores: { meteor: 0.5, rouge1: 0.5, rouge2: 0.5, rougeL: 0.5 } },
    tuned: {
      text: 't',
      scores: { meteor: 0.5 + gain, rouge1: 0.5 + gain, rouge2: 0.5 + gain, rougeL: 0.5 + gain },
    },
  });

  it('picks the largest gain, the median and the largest loss, each once', () => {
    const showcase = pickShowcase([
      record(1, 0.1),
      record(2, -0.3),
      record(3, 0.4),
      record(4, 0),
      record(5, 0.2),
    ]);
    expect(showcase.largestGain?.line).toBe(3);
    // Gains in order 0.4, 0.2, 0.1, 0, −0.3: the median is 0.1.
    expect(showcase.typical?.line).toBe(1);
    expect(showcase.largestLoss?.line).toBe(2);
    expect(pickShowcase([record(1, 0.1)])).toEqual({ largestGain: record(1, 0.1) });
    expect(pickShowcase([])).toEqual({});
  });
});
