import { describe, expect, it } from 'vitest';
import { guessPairColumns } from '../../../src/core/dataset/convert/records.js';
import { intakeOptionsFrom, intakeOptionsText } from '../../../src/core/intake/options.js';
import { readRecheck, signRecheck } from '../../../src/slack/recheck-value.js';

const KEY = 'a key derived from the signing secret';
const RECHECK = {
  channelId: 'C1',
  threadTs: '1.000100',
  file: { from: 'slack' as const, fileId: 'F1' },
  text: '--prompt-column title,description --completion-column cli',
};

describe('the re-check button value', () => {
  it('reads back what it signed, in the channel it was signed for', () => {
    const value = signRecheck(KEY, RECHECK) ?? '';

    expect(readRecheck(KEY, value, 'C1')).toEqual(RECHECK);
  });

  it('refuses a value pressed in another channel, altered, or signed with another key', () => {
    const value = signRecheck(KEY, RECHECK) ?? '';
    const altered = value.replace('F1', 'F2');

    expect(readRecheck(KEY, value, 'C2')).toBeUndefined();
    expect(altered).not.toBe(value);
    expect(readRecheck(KEY, altered, 'C1')).toBeUndefined();
    expect(readRecheck('another key', value, 'C1')).toBeUndefined();
    expect(readRecheck(KEY, 'not json', 'C1')).toBeUndefined();
  });

  it('gives no value when it would not fit in a button', () => {
    expect(signRecheck(KEY, { ...RECHECK, text: 'x'.repeat(2000) })).toBeUndefined();
  });
});

describe('guessing the columns of a table', () => {
  it('takes the last column as the completion and the others, but ids, as the prompt', () => {
    expect(guessPairColumns(['id', 'title', 'description', 'cli'])).toEqual({
      promptColumns: ['title', 'description'],
      completionColumns: ['cli'],
    });
    expect(guessPairColumns(['id', 'text'])).toBeUndefined();
  });

  it('writes options as a message that reads back to the same options', () => {
    const options = {
      model: 'amazon.nova-micro-v1:0',
      type: 'FINE_TUNING' as const,
      split: 0.2,
      promptColumns: ['title', 'long description'],
      completionColumns: ['cli'],
      epochs: 3,
    };

    expect(intakeOptionsFrom(intakeOptionsText(options))).toEqual(options);
  });
});
