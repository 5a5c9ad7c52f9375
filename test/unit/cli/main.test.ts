import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { createModelsCommand } from '../../../src/cli/commands/models.js';
import type { CliIo } from '../../../src/cli/io.js';
import { suggestSubcommand } from '../../../src/core/commands/registry.js';
import type { Customizer } from '../../../src/core/ports.js';
import { unknownSubcommandMessage } from '../../../src/slack/blocks/help.js';
import { tune } from './support.js';

function capture(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    cwd,
  };
  return { out, io };
}

/** A region that lists no model; every other call fails loudly. */
function emptyRegion(): Customizer {
  return new Proxy({} as Customizer, {
    get: (_target, name) => {
      if (name === 'listFoundationModels') return async () => [];
      // Not a promise: `await` looks for `then`.
      if (name === 'then') return undefined;
      return () => {
        throw new Error(`unscripted call to ${String(name)}`);
      };
    },
  });
}

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

describe('tune <command> --help', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tune-help-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  /** The examples of a help text, each a command line (continued lines joined) split into words. */
  function examples(help: string): { env: Record<string, string>; args: string[] }[] {
    const section = help.split('\nExamples:\n')[1] ?? '';
    return section
      .replace(/ \\\n\s+/g, ' ')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const words = line.trim().split(/\s+/);
        const env: Record<string, string> = {};
        while (words[0]?.includes('=')) {
          const [name = '', value = ''] = (words.shift() ?? '').split('=');
          env[name] = value;
        }
        expect(words.shift()).toBe('tune');
        return { env, args: words };
      });
  }

  it.each(Object.keys(COMMANDS))('%s has examples that run past their options', async (name) => {
    // Prepare
    const help = await tune([name, '--help']);
    const lines = examples(help.stdout);

    // Assess: each example names the command, and its options parse; in an empty directory the
    // only thing wrong is that the files it names do not exist.
    expect(help.code).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    for (const { env, args } of lines) {
      expect(args[0]).toBe(name);
      let result: { code: number; stderr: string };
      if (name === 'models') {
        const { out, io } = capture(directory);
        const command = createModelsCommand({ env, customizer: () => emptyRegion() });
        result = { code: await command.run(args.slice(1), io), stderr: out.stderr };
      } else {
        result = await tune(args, directory);
      }
      expect(result.stderr).not.toContain('--help` for every option');
      if (result.code !== 0) expect(result.stderr).toContain('no such file');
    }
  });

  it.each(Object.keys(COMMANDS))('%s fits its help in 100 columns', async (name) => {
    const { stdout } = await tune([name, '--help']);

    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('lists --seed for convert', async () => {
    const { stdout } = await tune(['convert', '--help']);

    expect(stdout).toMatch(/^ {2}--seed <n> +seed of the --split/m);
  });
});

describe('a usage error', () => {
  it('names the option, then shows the synopsis and where the rest is, not the whole help', async () => {
    const { code, stderr } = await tune(['validate', 'train.jsonl', '--type', 'fine-tuning']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      [
        'tune validate: missing --model <id> (run `tune models` for the list)',
        '',
        'Usage: tune validate <file> --model <id> --type fine-tuning|continued-pretraining',
        '         [--validation] [--batch-size <n>] [--epochs <n>] [--max-errors <n>] [--json]',
        'Run `tune validate --help` for every option and examples.',
        '',
      ].join('\n'),
    );
  });

  it('suggests the option meant by a mistyped one', async () => {
    const convert = await tune(['convert', 'a.csv', '--to', 'fine-tuning', '--sed', '3']);
    const score = await tune(['score', 'a.jsonl', '--jsn']);

    expect(convert.stderr).toContain('tune convert: unknown option --sed (did you mean --seed?)\n');
    expect(score.stderr).toContain('tune score: unknown option --jsn (did you mean --json?)\n');
  });

  it('says an option needs a value, or takes none, in words', async () => {
    const missing = await tune(['validate', 'a.jsonl', '--type', 'fine-tuning', '--model']);
    const swallowed = await tune(['validate', 'a.jsonl', '--model', '--type', 'fine-tuning']);
    const valued = await tune(['models', '--json=yes']);

    expect(missing.stderr).toContain('tune validate: --model needs a value after it\n');
    expect(swallowed.stderr).toContain('tune validate: --model needs a value after it\n');
    expect(valued.stderr).toContain('tune models: --json takes no value; write it alone\n');
  });
});
