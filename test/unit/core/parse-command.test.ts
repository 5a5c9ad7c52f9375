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

  it('keeps quoted words together and allows empty quoted strings', () => {
    expect(splitArguments(`a "b c" 'd e' ""`)).toEqual(['a', 'b c', 'd e', '']);
  });

  it('rejects an unclosed quote with a message saying which quote', () => {
    expect(() => parseCommand('start "oops')).toThrowError(InputError);
    expect(() => parseCommand('start "oops')).toThrowError(/" quote is not closed/);
  });
});
