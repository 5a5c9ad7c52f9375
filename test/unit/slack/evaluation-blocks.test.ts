import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { compareScores } from '../../../src/core/evaluation/bootstrap.js';
import type { EvaluationResult, RecordResult } from '../../../src/core/evaluation/run.js';
import {
  comparisonTable,
  evaluationHeadline,
  evaluationMessage,
  evaluationRecordsJsonl,
  messageCharacters,
} from '../../../src/slack/blocks/evaluation.js';
import { escapeAndClip, escapeMrkdwn } from '../../../src/slack/mrkdwn.js';

const scores = (value: number) => ({ meteor: value, rouge1: value, rouge2: value, rougeL: value });

function record(line: number, base: number, tuned: number, text = `question ${line}`): RecordResult {
  return {
    line,
    history: [],
    prompt: text,
    reference: `reference ${line}`,
    base: { text: `base answer ${line}`, scores: scores(base), inputTokens: 10, outputTokens: 5 },
    tuned: { text: `tuned answer ${line}`, scores: scores(tuned), inputTokens: 10, outputTokens: 7 },
  };
}

function result(records: RecordResult[], overrides: Partial<EvaluationResult> = {}): EvaluationResult {
  const usage = (output: number) => ({
    generations: records.length,
    inputTokens: 10 * records.length,
    outputTokens: output * records.length,
    uncounted: 0,
  });
  return {
    evaluationId: 'eval-1',
    format: 'prompt-completion',
    heldOut: 40,
    selected: 12,
    complete: true,
    records,
    failed: [],
    skipped: [],
    comparison:
      records.length > 0
        ? compareScores(
            records.map((item) => item.base.scores),
            records.map((item) => item.tuned.scores),
          )
        : undefined,
    usage: { base: usage(5), tuned: usage(7), usd: undefined, resumed: 0, retries: 0 },
    settings: { limit: 100, seed: 7, temperature: 0, topP: 1, maxTokensCap: 1024 },
    ...overrides,
  };
}

const twelve = Array.from({ length: 12 }, (_, index) => record(index + 1, 0.2, 0.2 + (index - 2) / 20));

/** Every text Slack would show, to search in. */
function allText(blocks: readonly KnownBlock[]): string[] {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else visit(inner);
      }
    }
  };
  visit(blocks);
  return texts;
}

describe('evaluationMessage', () => {
  it('shows the table, the verdict, the records and the cost, and three examples side by side', () => {
    // Act
    const message = evaluationMessage({
      result: result(twelve),
      modelName: 'support-desk',
      baseModelName: 'amazon.titan-text-lite-v1',
    });

    // Assess
    const texts = allText(message.blocks).join('\n');
    expect(texts).toContain(
      '*Did tuning help?* `support-desk` against its base model `amazon.titan-text-lite-v1`',
    );
    expect(texts).toContain(
      comparisonTable(result(twelve).comparison as NonNullable<EvaluationResult['comparison']>),
    );
    expect(texts).toContain('12 records scored of 40 held-out (12 drawn with seed 7)');
    expect(texts).toContain('Cost: price unknown (240 input and 144 output tokens)');
    expect(texts).toMatch(/\*Largest gain\* · line 12 · METEOR 0\.20 → 0\.65/);
    // Gains run from −0.10 (line 1) to +0.45 (line 12); the median of twelve is taken at the 6th largest.
    expect(texts).toMatch(/\*Typical\* · line 7 /);
    expect(texts).toMatch(/\*Largest loss\* · line 1 · METEOR 0\.20 → 0\.10/);
    const fields = message.blocks.flatMap((block) =>
      block.type === 'section' && block.fields
        ? [block.fields.map((field) => field.text.split('\n')[0])]
        : [],
    );
    expect(fields[0]).toEqual(['*Prompt*', '*Reference*', '*Base answer*', '*Tuned answer*']);
    expect(message.text).toMatch(
      /^Evaluation of support-desk: METEOR 0\.20 → 0\.38, ROUGE-L 0\.20 → 0\.38\. Tuned is better/,
    );
  });

  it('lays the table out in columns', () => {
    // Differences 0.3 and 0.2: resample means are 0.2, 0.25 or 0.3, so the interval is [0.2, 0.3].
    const table = comparisonTable(compareScores([scores(0.2), scores(0.2)], [scores(0.5), scores(0.4)]));
    expect(table.split('\n')[0]).toBe('metric   base  tuned  diff   95% interval');
    expect(table.split('\n')[1]).toBe('METEOR   0.20  0.45   +0.25  [+0.20, +0.30]');
  });

  it('escapes what datasets and models wrote, so nobody is pinged and no link is forged', () => {
    const hostile = record(1, 0.1, 0.9, '<!channel> see <https://evil.example|the docs> & reply');
    hostile.tuned.text = '<@U123> a > b';
    const message = evaluationMessage({ result: result([hostile]), modelName: 'm<x>', baseModelName: 'b&c' });
    const texts = allText(message.blocks).join('\n');
    expect(texts).toContain('&lt;!channel&gt; see &lt;https://evil.example|the docs&gt; &amp; reply');
    expect(texts).toContain('&lt;@U123&gt; a &gt; b');
    expect(texts).toContain('`m&lt;x&gt;` against its base model `b&amp;c`');
    expect(texts).not.toMatch(/<!channel>|<@U123>|<https:/);
  });

  it('stays within Block Kit limits whatever the records hold', () => {
    // Prepare: 10,000-character texts full of characters that grow when escaped.
    const long = '&<>'.repeat(3400);
    const records = Array.from({ length: 12 }, (_, index) => {
      const item = record(index + 1, 0.2, 0.2 + index / 20, long);
      item.reference = long;
      item.base.text = long;
      item.tuned.text = long;
      item.history = [{ role: 'user', text: long }];
      item.system = long;
      return item;
    });
    const failed = Array.from({ length: 30 }, (_, index) => ({
      line: 100 + index,
      model: 'tuned' as const,
      reason: long,
    }));

    // Act
    const message = evaluationMessage({
      result: result(records, { failed, skipped: [{ line: 1, reason: 'x' }], complete: false }),
      modelName: long,
      baseModelName: long,
      notes: [long, long],
    });

    // Assess
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(messageCharacters(message)).toBeLessThan(12_000);
    for (const block of message.blocks) {
      if (block.type === 'section') {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
      }
      if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
    }
    // Clipped texts end with an ellipsis and hold no half entity.
    for (const text of allText(message.blocks)) expect(text).not.toMatch(/&(a|am|amp|l|lt|g|gt)?…/);
  });

  it('says for continued pre-training that continuations were scored, and only then', () => {
    const continued = evaluationMessage({
      result: result(twelve, { format: 'continued-pretraining' }),
      modelName: 'm',
      baseModelName: 'b',
    });
    const labelled = evaluationMessage({ result: result(twelve), modelName: 'm', baseModelName: 'b' });
    const line =
      'each held-out passage was cut in half by words; the models continued the first half (the prompt) and were scored against the second half (the reference)';
    expect(allText(continued.blocks).join('\n')).toContain(line);
    expect(allText(labelled.blocks).join('\n')).not.toContain('cut in half');
  });

  it('reports failures, a partial run and the cost in dollars', () => {
    const message = evaluationMessage({
      result: result(twelve, {
        failed: [{ line: 30, model: 'tuned', reason: 'throttled: still busy' }],
        complete: false,
        selected: 20,
        usage: { ...result(twelve).usage, usd: 0.0042 },
      }),
      modelName: 'm',
      baseModelName: 'b',
    });
    const texts = allText(message.blocks).join('\n');
    expect(texts).toContain('1 failed (line 30, tuned: throttled: still busy)');
    expect(texts).toContain('Partial: 13 of 20 records done so far');
    expect(texts).toContain('Cost: $0.0042 (240 input and 144 output tokens)');
  });

  it('says so when nothing could be scored, with no table and no examples', () => {
    const message = evaluationMessage({ result: result([]), modelName: 'm', baseModelName: 'b' });
    expect(message.text).toBe('Evaluation of m: no record could be scored.');
    expect(allText(message.blocks).join('\n')).not.toContain('```');
    expect(message.blocks.some((block) => block.type === 'divider')).toBe(false);
  });
});

describe('evaluationHeadline', () => {
  it('gives METEOR and ROUGE-L before and after', () => {
    const comparison = compareScores(
      [scores(0.21), { ...scores(0.21), rougeL: 0.18 }]
        .slice(0, 1)
        .map(() => ({ ...scores(0.21), rougeL: 0.18 })),
      [{ ...scores(0.48), rougeL: 0.52 }],
    );
    expect(evaluationHeadline(comparison)).toBe('METEOR 0.21 → 0.48, ROUGE-L 0.18 → 0.52');
  });
});

describe('evaluationRecordsJsonl', () => {
  it('writes every scored record with full texts and scores, then the failures', () => {
    const long = 'x'.repeat(5000);
    const first = record(3, 0.1, 0.6, long);
    first.history = [{ role: 'user', text: 'earlier' }];
    const jsonl = evaluationRecordsJsonl(
      result([first], { failed: [{ line: 9, model: 'base', reason: 'boom' }] }),
    );
    const lines = jsonl
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        line: 3,
        status: 'scored',
        history: [{ role: 'user', text: 'earlier' }],
        prompt: long,
        reference: 'reference 3',
        base: { answer: 'base answer 3', ...scores(0.1), inputTokens: 10, outputTokens: 5 },
        tuned: { answer: 'tuned answer 3', ...scores(0.6), inputTokens: 10, outputTokens: 7 },
        gain: expect.closeTo(0.5, 12),
      },
      { line: 9, status: 'failed', model: 'base', error: 'boom' },
    ]);
    expect(evaluationRecordsJsonl(result([]))).toBe('');
  });
});

describe('mrkdwn escaping', () => {
  it('escapes the three control characters', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('clips after escaping without cutting an entity or a surrogate pair', () => {
    expect(escapeAndClip('ab&cd', 5)).toBe('ab…');
    expect(escapeAndClip('abcdef', 4)).toBe('abc…');
    expect(escapeAndClip('abc', 3)).toBe('abc');
    expect(escapeAndClip('a😀b', 3)).toBe('a…');
    expect(escapeAndClip('abc', 0)).toBe('');
  });
});
