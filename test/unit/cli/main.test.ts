import { describe, expect, it } from 'vitest';
import { suggestSubcommand } from '../../../src/core/commands/registry.js';
import { unknownSubcommandMessage } from '../../../src/slack/blocks/help.js';
import { tune } from './support.js';

describe('tune with no or a mistyped command', () => {
  it('prints the commands and succeeds when run alone', async () => {
    const { code, stdout } = await tune([]);
    expect(code).toBe(0);
    expect(stdout).toContain('Commands:');
    expect(stdout).toContain('score');
  });

  it('suggests the nearest command, keeping what followed it', async () => {
    const { code, stderr } = await tune(['scor', 'pairs.jsonl', '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain('Did you mean `tune score pairs.jsonl --json`?');
  });

  it('suggests nothing for a word nowhere near a command', async () => {
    const { stderr } = await tune(['photosynthesis']);
    expect(stderr).not.toContain('Did you mean');
  });
});

describe('a mistyped /tune subcommand', () => {
  it('is answered with what was typed, the subcommand corrected, not its usage line', () => {
    const typo = (typed: string) =>
      unknownSubcommandMessage(typed, suggestSubcommand(typed.split(' ')[0] ?? '')).text;
    expect(typo('strat')).toContain('Did you mean `/tune start`?');
    expect(typo('stauts 123')).toContain('Did you mean `/tune status 123`?');
    expect(typo('strat')).not.toContain('--epochs');
  });
});
