import { describe, expect, it } from 'vitest';
import {
  baseAnswerer,
  EMULATOR_MARKER,
  passageWindows,
  shapeAnswer,
  tunedAnswerer,
} from '../../../src/local/bedrock-emulator/answers.js';

describe('tunedAnswerer', () => {
  it('answers with the completion of the most similar training prompt', () => {
    const answerer = tunedAnswerer({
      kind: 'examples',
      examples: [
        { prompt: 'How do I reset my password?', completion: 'Use Settings, Security.' },
        { prompt: 'Where is my invoice?', completion: 'Billing, Invoices.' },
      ],
    });

    expect(answerer.answer('I forgot the password, how to reset it')).toBe('Use Settings, Security.');
    expect(answerer.answer('invoice please')).toBe('Billing, Invoices.');
  });

  it('still answers, deterministically, when no word matches', () => {
    const answerer = tunedAnswerer({
      kind: 'examples',
      examples: [
        { prompt: 'alpha', completion: 'one' },
        { prompt: 'beta', completion: 'two' },
      ],
    });

    const answer = answerer.answer('zebra');

    expect(['one', 'two']).toContain(answer);
    expect(answerer.answer('zebra')).toBe(answer);
  });

  it('answers continued pre-training models with the relevant window of a passage', () => {
    const filler = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const answerer = tunedAnswerer({
      kind: 'passages',
      passages: [`${filler} dynamodb create-table keys`, 'lambda function deploy'],
    });

    expect(answerer.answer('dynamodb create-table')).toContain('dynamodb create-table keys');
    expect(answerer.answer('deploy a lambda function')).toBe('lambda function deploy');
  });
});

describe('passageWindows', () => {
  it('keeps short passages whole and splits long ones into overlapping windows', () => {
    expect(passageWindows('a  b\nc')).toEqual(['a b c']);

    const words = Array.from({ length: 300 }, (_, index) => `w${index}`);
    const windows = passageWindows(words.join(' '));

    expect(windows).toHaveLength(4);
    expect(windows[0]?.split(' ')).toHaveLength(120);
    expect(windows[1]?.startsWith('w60 ')).toBe(true);
    expect(windows.at(-1)?.endsWith('w299')).toBe(true);
  });
});

describe('baseAnswerer', () => {
  it('gives a generic reply naming the model and quoting the prompt’s opening', () => {
    const answer = baseAnswerer('Titan Text G1 - Lite').answer(
      'Please summarize the attached quarterly sales report for the board meeting',
    );

    expect(answer).toContain('Titan Text G1 - Lite (base model, not customized)');
    expect(answer).toContain(
      'a prompt of 11 words that begins "Please summarize the attached quarterly sales report for ..."',
    );
  });
});

describe('shapeAnswer', () => {
  it('puts the emulator marker in front of every answer', () => {
    expect(shapeAnswer('Hello there.', 100)).toEqual({
      text: `${EMULATOR_MARKER}Hello there.`,
      outputTokens: Math.ceil((EMULATOR_MARKER.length + 12) / 4),
      ending: 'finished',
    });
  });

  it('cuts at a word boundary within the token budget', () => {
    const shaped = shapeAnswer('one two three four five six seven eight', 4);

    expect(shaped.text).toBe(`${EMULATOR_MARKER}one two three`);
    expect(shaped.ending).toBe('length');
  });

  it('cuts at the earliest stop sequence and names it', () => {
    const shaped = shapeAnswer('Answer: yes. User: next question. Bot: more', 100, ['Bot:', 'User:']);

    expect(shaped.text).toBe(`${EMULATOR_MARKER}Answer: yes. `);
    expect(shaped).toMatchObject({ ending: 'stop-sequence', stopSequence: 'User:' });
  });
});
