import { describe, expect, it } from 'vitest';
import { parseCommand, splitArguments } from '../../../src/core/commands/parse.js';
import { InputError } from '../../../src/core/errors.js';

describe('parseCommand', () => {
  it('treats empty text as help', () => {
    expect(parseCommand('   ').name).toBe('help');
  });

  it('separates the subcommand, positionals and options in both --name value and --name=value forms', () => {
    const parsed = parseCommand('START my-data.jsonl --model titan-text-lite --epochs=3 --dry-run');
    expect(parsed).toMatchObject({
      name: 'start',
      positionals: ['my-data.jsonl'],
      options: { model: 'titan-text-lite', epochs: '3', 'dry-run': true },
    });
  });

  it('undoes Slack escaping and typographic quotes before splitting', () => {
    const parsed = parseCommand('ask \u201Cwhat is &lt;b&gt; &amp; why\u201D');
    expect(parsed.positionals).toEqual(['what is <b> & why']);
  });

  it('unwraps what Slack made links, and keeps channel and user mentions', () => {
    const parsed = parseCommand(
      'start <http://notes.md|notes.md> <https://example.com/a> share <#C0GENERAL|general> <@U0BOB|bob>',
    );
    expect(parsed.positionals).toEqual([
      'notes.md',
      'https://example.com/a',
      'share',
      '<#C0GENERAL|general>',
      '<@U0BOB|bob>',
    ]);
  });

  it('keeps quoted words together and allows empty quoted strings', () => {
    expect(splitArguments(`a "b c" 'd e' ""`)).toEqual(['a', 'b c', 'd e', '']);
  });

  it('reads a quote inside a word as an apostrophe, and one after = as opening a quoted value', () => {
    expect(splitArguments(`what's the customer's policy`)).toEqual(["what's", 'the', "customer's", 'policy']);
    expect(parseCommand('start --name="my model" x').options).toEqual({ name: 'my model' });
  });

  it('keeps the text after the subcommand as typed, for free text such as a question', () => {
    expect(parseCommand('ask  support-bot  What is --compare? ').rest).toBe(
      'support-bot  What is --compare?',
    );
    expect(parseCommand('ask').rest).toBe('');
  });

  it('rejects an unclosed quote with a message saying which quote', () => {
    expect(() => parseCommand('start "oops')).toThrowError(InputError);
    expect(() => parseCommand('start "oops')).toThrowError(/" quote is not closed/);
  });
});
