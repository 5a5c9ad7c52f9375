/**
 * The bundling rules of scripts/build.ts, checked on a small project built into a temporary folder
 * and run by Node from a different folder, as Lambda runs the zip from /var/task.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertEntriesExist,
  BuildError,
  type BundleTarget,
  buildBundle,
  lambdaTargets,
} from '../../../scripts/build.js';

const run = promisify(execFile);

const FIXTURE: Record<string, string> = {
  'src/entry.ts': `
import { readFileSync } from 'node:fs';
import platformName from 'cjs-dependency';
import { connect } from 'uses-stubbed-package';
export async function handler() {
  const { firstWord } = await import('./lazy/words.js');
  return {
    greeting: readFileSync(new URL('./data/greeting.txt', import.meta.url), 'utf8').trim(),
    firstWord: firstWord(),
    platform: platformName(),
  };
}
export async function useStub() {
  return connect();
}
`,
  'src/lazy/words.ts': `
import { readFileSync } from 'node:fs';
// LAZY-CHUNK-MARKER
export function firstWord(): string {
  return readFileSync(new URL('../data/words/list.txt', import.meta.url), 'utf8').split('\\n')[0] ?? '';
}
`,
  'src/data/greeting.txt': 'hello from a data file\n',
  'src/data/words/list.txt': 'apple\nbanana\n',
  'node_modules/cjs-dependency/package.json': '{ "name": "cjs-dependency", "main": "index.js" }',
  'node_modules/cjs-dependency/index.js':
    "module.exports = function () { return require('node:os').platform(); };",
  // Like Bolt requiring @slack/socket-mode: required at load time, used only in a constructor.
  'node_modules/uses-stubbed-package/package.json': '{ "name": "uses-stubbed-package", "main": "index.js" }',
  'node_modules/uses-stubbed-package/index.js':
    "const stubbed = require('stubbed-package'); exports.connect = () => new stubbed.Client();",
};

const target: BundleTarget = {
  name: 'fixture',
  entry: 'src/entry.ts',
  outdir: 'dist/fixture',
  entryName: 'index',
  requiredExport: 'handler',
  target: 'node20',
  stubs: { 'stubbed-package': 'it is only used locally' },
};

let workspace: string;
let project: string;

async function runBundle(entryPath: string, exportName: string): Promise<unknown> {
  const script = `const module = await import(${JSON.stringify(pathToFileURL(entryPath).href)});
try { process.stdout.write(JSON.stringify({ value: await module.${exportName}() })); }
catch (error) { process.stdout.write(JSON.stringify({ error: error.message })); }`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script]);
  return JSON.parse(stdout);
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'tune-build-'));
  project = join(workspace, 'project');
  for (const [path, contents] of Object.entries(FIXTURE)) {
    await mkdir(dirname(join(project, path)), { recursive: true });
    await writeFile(join(project, path), contents);
  }
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('scripts/build.ts', () => {
  it('bundles a lazily imported module into its own chunk, loaded only when called', async () => {
    // Act
    const size = await buildBundle(target, project);

    // Assess
    const entry = await readFile(join(project, 'dist/fixture/index.mjs'), 'utf8');
    expect(size.chunks).toBeGreaterThanOrEqual(1);
    expect(entry).not.toContain('apple');
    expect(size.entryBytes).toBeLessThan(size.codeBytes);
  });

  it('copies data files read through import.meta.url beside the bundle, so it runs from anywhere', async () => {
    // Prepare
    await buildBundle(target, project);
    // Outside the project: a data file still looked up next to its source would not be found.
    const elsewhere = join(workspace, 'var-task');
    await cp(join(project, 'dist/fixture'), elsewhere, { recursive: true });

    // Act
    const result = await runBundle(join(elsewhere, 'index.mjs'), 'handler');

    // Assess
    expect(result).toEqual({
      value: { greeting: 'hello from a data file', firstWord: 'apple', platform: process.platform },
    });
  });

  it('replaces a package a dependency requires by a stub that loads and fails only when used, naming why', async () => {
    // Prepare
    await buildBundle(target, project);

    // Act
    const result = await runBundle(join(project, 'dist/fixture/index.mjs'), 'useStub');

    // Assess
    expect(result).toEqual({ error: 'stubbed-package is not bundled: it is only used locally' });
  });

  it('fails the build when a data file named through import.meta.url does not exist', async () => {
    // Prepare
    const broken = { ...target, entry: 'src/broken.ts' };
    await writeFile(
      join(project, 'src/broken.ts'),
      "export const handler = () => new URL('./data/missing.json', import.meta.url);",
    );

    // Act
    const attempt = buildBundle(broken, project);

    // Assess
    await expect(attempt).rejects.toThrow(/reads \.\/data\/missing\.json, which does not exist/);
  });

  it('fails the build when a CommonJS package is imported lazily, whose named exports splitting would lose', async () => {
    // Prepare
    const lazy = { ...target, entry: 'src/lazy-cjs.ts' };
    await writeFile(
      join(project, 'src/lazy-cjs.ts'),
      "export async function handler() { const { connect } = await import('uses-stubbed-package'); return connect; }",
    );

    // Act
    const attempt = buildBundle(lazy, project);

    // Assess
    await expect(attempt).rejects.toThrow(/src\/lazy-cjs\.ts lazily imports uses-stubbed-package/);
  });

  it('fails when the entry does not export what its caller imports', async () => {
    // Prepare
    const wrongExport = { ...target, requiredExport: 'main' };

    // Act
    const attempt = buildBundle(wrongExport, project);

    // Assess
    await expect(attempt).rejects.toThrow(/src\/entry\.ts does not export `main`/);
  });

  it('names every missing handler and the serverless.yml function it belongs to', () => {
    // Act
    const check = () => assertEntriesExist(lambdaTargets(), project);

    // Assess
    expect(check).toThrow(BuildError);
    expect(check).toThrow(/src\/handlers\/slack\.ts \(the `slack` function of serverless\.yml/);
    expect(check).toThrow(/src\/handlers\/watch\.ts/);
  });
});
