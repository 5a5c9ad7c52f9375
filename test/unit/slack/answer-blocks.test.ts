import { describe, expect, it } from 'vitest';
import type { AskResult, ModelAnswer } from '../../../src/core/asking/index.js';
import { findModel } from '../../../src/core/catalog/index.js';
import type { OutboundMessage } from '../../../src/core/ports.js';
import { checkMessageBlocks } from '../../../src/local/slack-sandbox/block-kit-rules.js';
import {
  ASK_METADATA,
  answerMessage,
  escapedPieces,
  questionMessage,
} from '../../../src/slack/blocks/answer.js';
import { customModel } from '../../fakes/custom-models.js';

const NAMES = { modelId: 'job0000support', name: 'support-bot', baseName: 'Nova Micro' };
/** Slack answers msg_blocks_too_long somewhere near 13,200 characters of blocks (bolt-js#2509). */
const SLACK_TOTAL = 13_200;

function answer(overrides: Partial<ModelAnswer> = {}): ModelAnswer {
  return {
    label: 'support-bot',
    text: 'In the blue drawer.',
    inputTokens: 1234,
    outputTokens: 56,
    tokensEstimated: false,
    api: 'converse-stream',
    retries: 0,
    cost: { kind: 'per-token', usd: undefined, modelName: 'Nova Micro' },
    ...overrides,
  };
}

function result(overrides: Partial<AskResult> = {}): AskResult {
  const base = findModel('nova-micro');
  if (!base) throw new Error('no Nova Micro in the catalog');
  return {
    model: customModel(),
    base,
    tuned: answer(),
    context: { turnsUsed: 0, turnsDropped: 0, contextWindow: 128_000 },
    ...overrides,
  };
}

function shown(message: OutboundMessage): string {
  return JSON.stringify(message.blocks);
}

function valid(message: OutboundMessage): void {
  expect(checkMessageBlocks(message.blocks)).toEqual([]);
  expect(JSON.stringify(message.blocks).length).toBeLessThan(SLACK_TOTAL);
}

describe('cutting an answer into sections', () => {
  it('escapes, and cuts after a space or a line break near the limit', () => {
    const { pieces, clipped, consumed } = escapedPieces('aaaa bbbb <cc> dddd', 12, 5);
    expect(pieces).toEqual(['aaaa bbbb ', '&lt;cc&gt; ', 'dddd']);
    expect(pieces.every((piece) => piece.length <= 12)).toBe(true);
    expect(clipped).toBe(false);
    expect(consumed).toBe(19);
  });

  it('never cuts inside an entity or between the halves of an emoji', () => {
    const { pieces } = escapedPieces('&&&&&&&&', 12, 10);
    expect(pieces).toEqual(['&amp;&amp;', '&amp;&amp;', '&amp;&amp;', '&amp;&amp;']);
    const emoji = escapedPieces('😀😀😀', 3, 10).pieces;
    expect(emoji).toEqual(['😀', '😀', '😀']);
  });

  it('says what was left over past the last piece', () => {
    const { pieces, clipped, consumed } = escapedPieces('x'.repeat(100), 30, 2);
    expect(pieces).toHaveLength(2);
    expect(clipped).toBe(true);
    expect(consumed).toBe(60);
  });
});

describe('the answer message', () => {
  it('starts by saying who is being asked, with metadata naming the model and the question', () => {
    const message = answerMessage({ model: NAMES, questionTs: '1.000100', state: 'answering', tuned: '' });
    expect(shown(message)).toContain('Asking support-bot…');
    expect(message.metadata).toEqual({
      eventType: ASK_METADATA.answer,
      payload: { model_id: 'job0000support', question_ts: '1.000100', state: 'answering', compare: false },
    });
    valid(message);
  });

  it('shows the answer so far while it streams', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answering',
      tuned: 'In the blue',
    });
    expect(shown(message)).toContain('In the blue');
    expect(shown(message)).toContain('support-bot is answering…');
  });

  it('ends with the tokens, the cost and what was left out of the context', () => {
    // Act
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: 'In the blue drawer.',
      result: result({ context: { turnsUsed: 4, turnsDropped: 2, contextWindow: 4000 } }),
    });

    // Assess
    const text = shown(message);
    expect(text).toContain('*support-bot* · 1,234 in / 56 out tokens · price unknown');
    expect(text).toContain(
      '4 earlier turns of the thread sent as context; the 2 oldest left out to fit its 4,000-token window',
    );
    expect(message.text).toBe('In the blue drawer.');
    expect(message.metadata?.payload.state).toBe('answered');
    valid(message);
  });

  it('marks estimated token counts', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: 'x',
      result: result({ tuned: answer({ tokensEstimated: true }) }),
    });
    expect(shown(message)).toContain('~1,234 in / ~56 out tokens (estimated: the model gave no counts)');
  });

  it('escapes what the model said, so an answer cannot ping the channel or hide a link', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: '<!channel> see <https://evil.example|payroll> & more',
      result: result(),
    });
    expect(shown(message)).toContain('&lt;!channel&gt; see &lt;https://evil.example|payroll&gt; &amp; more');
    expect(message.text).not.toContain('<!channel>');
  });

  it('stays within Block Kit limits for a very long answer, and says where it was cut', () => {
    const long = `${'word '.repeat(5000)}<&>`;
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: long,
      result: result(),
    });
    valid(message);
    expect(shown(message)).toMatch(/answer cut at [\d,]+ characters/);
  });

  it('shows the failure in place of the answer', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'failed',
      tuned: '',
      error: ':cloud: Bedrock kept throttling support-bot.',
    });
    expect(shown(message)).toContain('Bedrock kept throttling support-bot.');
    expect(message.metadata?.payload.state).toBe('failed');
    valid(message);
  });
});

describe('the comparison', () => {
  it('shows the tuned and the base answers side by side, each with its tokens and cost', () => {
    // Act
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: 'In the blue drawer.',
      base: 'I do not know.',
      result: result({
        comparison: {
          answer: answer({ label: 'Nova Micro', text: 'I do not know.', inputTokens: 10, outputTokens: 4 }),
        },
      }),
    });

    // Assess
    const [fields] = message.blocks as { fields?: { text: string }[] }[];
    expect(fields?.fields?.map((field) => field.text)).toEqual([
      '*support-bot (tuned)*\nIn the blue drawer.',
      '*Nova Micro (base)*\nI do not know.',
    ]);
    expect(shown(message)).toContain('*Nova Micro* (base) · 10 in / 4 out tokens');
    expect(message.metadata?.payload.compare).toBe(true);
    valid(message);
  });

  it('continues long answers below the fields and stays within the limits', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: 'tuned '.repeat(3000),
      base: 'base '.repeat(3000),
      result: result({ comparison: { answer: answer({ label: 'Nova Micro' }) } }),
    });
    valid(message);
    expect(shown(message)).toContain('(continued below)');
    expect(shown(message)).toContain('*support-bot (tuned)* _(continued)_');
  });

  it('says why the base model has no answer', () => {
    const message = answerMessage({
      model: NAMES,
      questionTs: '1.1',
      state: 'answered',
      tuned: 'In the blue drawer.',
      base: { failed: 'The base model is not enabled.' },
      result: result({ comparison: { failed: 'The base model is not enabled.' } }),
    });
    expect(shown(message)).toContain('No answer: The base model is not enabled.');
    valid(message);
  });
});

describe('the question /tune ask posts', () => {
  it('quotes the question, escaped, and names the model in its metadata', () => {
    const message = questionMessage({
      model: NAMES,
      userId: 'U0ALICE',
      question: 'Is <b> & ok?\nReally?',
      compare: true,
    });
    expect(shown(message)).toContain(
      '<@U0ALICE> asked *support-bot* and its base model Nova Micro:\\n>Is &lt;b&gt; &amp; ok?\\n>Really?',
    );
    expect(message.metadata).toEqual({
      eventType: ASK_METADATA.question,
      payload: { model_id: 'job0000support', question: 'Is <b> & ok?\nReally?' },
    });
    valid(message);
  });
});
