import { describe, expect, it } from 'vitest';
import { INTAKE_OPTIONS, intakeOptionsFrom } from '../../../src/core/intake/options.js';
import { helpMessage, SHARE_EXAMPLE_MESSAGE } from '../../../src/slack/blocks/help.js';

describe('/tune help teaches sharing a file', () => {
  it('names every option a shared file accepts, and the parser accepts every option it names', () => {
    const blocks = helpMessage().blocks ?? [];
    // The part about sharing comes before the commands, whose own options (`/tune start --batch-size`) differ.
    const commands = blocks.findIndex((block) => JSON.stringify(block).includes('*Commands*'));
    const shown = JSON.stringify(blocks.slice(0, commands));
    const named = [...shown.matchAll(/--([a-z][a-z-]*)/g)].map((match) => match[1] ?? '');

    for (const option of INTAKE_OPTIONS) expect(shown).toContain(`--${option.name}`);
    for (const name of new Set(named))
      expect(() => intakeOptionsFrom(`--${name} 0.1`)).not.toThrow(/Unknown option/);
    expect(named).toEqual(
      expect.arrayContaining([
        'model',
        'type',
        'split',
        'epochs',
        'prompt-column',
        'completion-column',
        'text-column',
      ]),
    );
  });

  it('gives an example message that tune reads as the options it shows', () => {
    expect(helpMessage().text).toContain(SHARE_EXAMPLE_MESSAGE);
    expect(intakeOptionsFrom(SHARE_EXAMPLE_MESSAGE)).toEqual({
      promptColumns: ['question'],
      completionColumns: ['answer'],
      split: 0.1,
    });
  });
});
