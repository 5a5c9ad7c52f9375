/** Runs `tune` in-process with an io that captures what it prints. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtures = resolve(repoRoot, 'test/fixtures/datasets');

/** `terminal` adds what a terminal io has (widths, a clock); without it, output is captured as if piped. */
export async function tune(
  args: string[],
  cwd: string = fixtures,
  terminal: Pick<CliIo, 'stdoutColumns' | 'stderrColumns' | 'now'> = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    ...terminal,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
