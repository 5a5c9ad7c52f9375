import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSubcommand, SUBCOMMANDS, suggestSubcommand } from '../../../src/core/commands/registry.js';

describe('subcommand registry', () => {
  it('gives every subcommand a usage and an example that starts with /tune and its name', () => {
    for (const subcommand of SUBCOMMANDS) {
      expect(subcommand.usage.startsWith(subcommand.name)).toBe(true);
      expect(subcommand.example.startsWith(`/tune ${subcommand.name}`)).toBe(true);
    }
  });

  it('suggests the nearest subcommand for a typo and nothing for unrelated words', () => {
    expect(suggestSubcommand('hlep')?.name).toBe('help');
    expect(suggestSubcommand('photosynthesis')).toBeUndefined();
    expect(findSubcommand('help')?.name).toBe('help');
  });

  it('is documented in the README, one row per subcommand', () => {
    // A `|` inside a Markdown table cell is written `\|`.
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replaceAll(
      '\\|',
      '|',
    );
    for (const subcommand of SUBCOMMANDS) {
      expect(readme).toContain(`\`/tune ${subcommand.usage}\``);
    }
  });
});

describe('the /tune listener', () => {
  it('dispatches exactly the subcommands help lists', async () => {
    const { SLASH_SUBCOMMANDS } = await import('../../../src/slack/subcommands/index.js');
    expect([...SLASH_SUBCOMMANDS.keys()].sort()).toEqual(
      SUBCOMMANDS.map((subcommand) => subcommand.name).sort(),
    );
  });
});
