#!/usr/bin/env node
// The `tune` command. A built bundle (npm run build) is used when present; otherwise the
// TypeScript sources run through tsx, so the command works straight from a clone.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'tune.mjs');
let cli;
if (existsSync(bundle)) {
  cli = await import(pathToFileURL(bundle).href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  cli = await tsImport(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href, import.meta.url);
}
// processIo knows which streams are terminals (progress bars, table widths); a bundle built
// before it existed gets the plain io.
const io = cli.processIo
  ? cli.processIo()
  : {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    };
process.exitCode = await cli.runCli(process.argv.slice(2), io);
