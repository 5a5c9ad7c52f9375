import { describe, expect, it } from 'vitest';
import {
  checkDataset,
  type DatasetRules,
  estimateTokens,
} from '../../../src/local/bedrock-emulator/training-data.js';

const RULES: DatasetRules = {
  customizationType: 'FINE_TUNING',
  format: 'prompt-completion',
  role: 'train',
  key: 'data/train.jsonl',
  maxTokensPerRecord: 4096,
  maxRecords: 10_000,
  minRecords: 1,
};
const PROMPT_COMPLETION_FORMAT = `Input data at data/train.jsonl must follow '{"prompt": "<input text>", "completion": "<output text>"}' format`;

const lines = (...records: unknown[]) => records.map((record) => JSON.stringify(record)).join('\n');

describe('estimateTokens', () => {
  it('counts four characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });
});

describe('checkDataset', () => {
  it('reads prompt/completion records, skipping blank lines', () => {
    const check = checkDataset(
      `${lines({ prompt: 'a', completion: 'b' }, { prompt: 'c', completion: 'd' })}\n\n`,
      RULES,
    );

    expect(check).toEqual({
      ok: true,
      records: 2,
      maxRecordTokens: 1,
      dataset: {
        kind: 'examples',
        examples: [
          { prompt: 'a', completion: 'b' },
          { prompt: 'c', completion: 'd' },
        ],
      },
    });
  });

  it.each([
    ['a record of the wrong shape', lines({ input: 'text' })],
    ['a completion that is not a string', lines({ prompt: 'a', completion: 3 })],
    ['a line that is not JSON', '{"prompt": "a", "completion": '],
    ['an empty file', ''],
  ])('fails %s with Bedrock’s format message', (_case, text) => {
    expect(checkDataset(text, RULES)).toEqual({ ok: false, message: PROMPT_COMPLETION_FORMAT });
  });

  it('fails the largest record over the token limit with Bedrock’s message', () => {
    const text = lines(
      { prompt: 'p'.repeat(100), completion: 'c' },
      { prompt: 'x'.repeat(19_000), completion: 'y'.repeat(676) },
    );

    expect(checkDataset(text, RULES)).toEqual({
      ok: false,
      message: 'Maximum input token count 4919 exceeds limit of 4096 for train data',
    });
  });

  it('names validation data in the messages of a validation file', () => {
    const text = lines({ prompt: 'x'.repeat(20_000), completion: '' });

    expect(checkDataset(text, { ...RULES, role: 'validation' })).toMatchObject({
      message: 'Maximum input token count 5000 exceeds limit of 4096 for validation data',
    });
  });

  it('enforces the record count limits', () => {
    const three = lines(...Array.from({ length: 3 }, () => ({ prompt: 'a', completion: 'b' })));

    expect(checkDataset(three, { ...RULES, maxRecords: 2 })).toEqual({
      ok: false,
      message: 'Number of records in train data (3) exceeds limit of 2',
    });
    expect(checkDataset(three, { ...RULES, minRecords: 100 })).toEqual({
      ok: false,
      message: 'Number of records in train data (3) is below the minimum of 100',
    });
  });

  it('reads continued pre-training passages and asks for the input format', () => {
    const rules = { ...RULES, customizationType: 'CONTINUED_PRE_TRAINING' as const };

    expect(checkDataset(lines({ input: 'AWS stands for Amazon Web Services' }), rules)).toMatchObject({
      ok: true,
      dataset: { kind: 'passages', passages: ['AWS stands for Amazon Web Services'] },
    });
    expect(checkDataset(lines({ prompt: 'a', completion: 'b' }), rules)).toEqual({
      ok: false,
      message: `Input data at data/train.jsonl must follow '{"input": "<input text>"}' format`,
    });
  });

  it('reads the bedrock-conversation-2024 format into prompt and final answer', () => {
    const record = {
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'You are friendly.' }],
      messages: [
        { role: 'user', content: [{ text: 'What is the capital of Mars?' }] },
        { role: 'assistant', content: [{ text: 'Mars has no capital.' }] },
      ],
    };

    const check = checkDataset(lines(record), { ...RULES, format: 'conversation' });

    expect(check).toMatchObject({
      ok: true,
      dataset: {
        examples: [
          { prompt: 'You are friendly.\nWhat is the capital of Mars?', completion: 'Mars has no capital.' },
        ],
      },
    });
  });

  it.each([
    [
      'starting with the assistant',
      [
        { role: 'assistant', content: 'hi' },
        { role: 'user', content: 'hello' },
      ],
    ],
    [
      'ending with the user',
      [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    ],
    ['with a single turn', [{ role: 'user', content: 'a' }]],
  ])('fails Claude messages %s', (_case, messages) => {
    const check = checkDataset(lines({ system: 'Be kind.', messages }), {
      ...RULES,
      format: 'claude-messages',
    });

    expect(check.ok).toBe(false);
    expect(check).toMatchObject({ message: expect.stringContaining('"messages": [{"role": "user"') });
  });

  it('reads valid Claude messages with the string system prompt', () => {
    const record = {
      system: 'You are an helpful assistant.',
      messages: [
        { role: 'user', content: 'what is AWS' },
        { role: 'assistant', content: "it's Amazon Web Services." },
      ],
    };

    expect(checkDataset(lines(record), { ...RULES, format: 'claude-messages' })).toMatchObject({
      ok: true,
      dataset: {
        examples: [
          { prompt: 'You are an helpful assistant.\nwhat is AWS', completion: "it's Amazon Web Services." },
        ],
      },
    });
  });
});
