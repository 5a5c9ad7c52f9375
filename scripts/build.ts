/**
 * `npm run build`: one esbuild bundle per Lambda function (`dist/lambda/<name>/index.mjs`) and the
 * CLI bundle (`dist/cli/tune.mjs`, imported by bin/tune.js), then a table of their sizes, also
 * written to dist/build-sizes.json. serverless.yml packages exactly these folders, so what is
 * measured and smoke-loaded here is what is deployed.
 *
 * Bundling rules (read these before adding data files or lazy imports):
 * - Everything is bundled, the AWS SDK included: the versions pinned in package.json are what runs,
 *   not whatever SDK the Lambda runtime ships this month. The one exception is a package with a
 *   native binary (`NATIVE_PACKAGES`: resvg, which rasterises charts): esbuild cannot bundle a
 *   `.node` file, so it stays external and a bundle that imports it gets it copied, with the
 *   platform package holding the binary for Lambda's CPU (`LAMBDA_ARCHITECTURE`), into its own
 *   `node_modules/`. `npm ci` installs only the current machine's platform package, so another
 *   CPU's is fetched with `npm pack` and checked against the integrity in package-lock.json.
 *   Import such a package's user (src/charts) lazily: the smoke load below imports the entry on
 *   the build machine, where another CPU's binary cannot load.
 * - ESM output with `splitting: true`: a literal `await import('./x.js')` becomes its own chunk that
 *   is loaded only when that line runs, so a tokenizer vocabulary or the WordNet data costs nothing
 *   to the commands that do not use them. Chunks sit flat beside the entry file.
 * - Lazily import our own modules, never a CommonJS package directly: with splitting, esbuild gives
 *   `await import('some-cjs-package')` only a `default` export, so destructuring its named exports
 *   works under tsx and breaks in the bundle. Import the package statically from a small local
 *   module and import that lazily. The build fails when it finds such an import.
 * - JSON that code needs is best imported (`import data from './x.json' with { type: 'json' }`,
 *   statically or lazily): esbuild inlines it into the importing chunk.
 * - A data file read at run time through `fs` must be named with the literal form
 *   `new URL('./relative/path', import.meta.url)` (a file or, with a trailing slash, a folder).
 *   The `runtime-files` plugin below copies what it names to `<outdir>/assets/<path from the
 *   project root>` and rewrites the literal to point there; as every chunk sits in the outdir, the
 *   rewritten URL resolves from whichever chunk the module lands in. The same expression keeps
 *   working unbundled under tsx. Any other use of `import.meta.url` in our sources (for example
 *   `dirname(fileURLToPath(import.meta.url))`) cannot be followed and is reported as a warning.
 * - A `createRequire` banner gives the ESM bundle a real `require`, because CommonJS dependencies
 *   (Bolt, parts of the SDK) `require('node:crypto')` and the like; without it esbuild's shim throws
 *   "Dynamic require of ... is not supported" at run time.
 * - Modules that a dependency imports at load time but that can never run on Lambda are replaced by
 *   a stub that throws if used (`LAMBDA_STUBS`): Bolt imports Socket Mode, and with it undici,
 *   for every app, although Lambda only ever receives HTTP; and its HTTP receivers' express,
 *   raw-body (with iconv-lite and mime-db behind them) and OAuth, which AwsLambdaReceiver never
 *   calls. Without the last three the slack function's entry file, parsed on every cold start
 *   within Slack's 3 seconds, is smaller by about 0.9 MB (bench/sizes.ts).
 *   test/unit/deploy/build.test.ts sends signed requests through the built slack bundle.
 * - Our own modules are marked free of side effects (`srcWithoutSideEffects`): none does work on
 *   import that another relies on (none is imported for its effects alone), so a module whose
 *   exports a function never uses is left out whole, zod schemas and all. Without it, the slack
 *   entry carried every store adapter that `src/handlers/runtime.ts` names for the other functions.
 * - `keepNames`: our errors set `this.name = new.target.name`, which minification would otherwise
 *   turn into one-letter names in logs and in the error mapper.
 */

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Loader, type Metafile, type Plugin } from 'esbuild';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Lambda functions of serverless.yml and their entry modules, each exporting `handler`. */
export const LAMBDA_FUNCTIONS = {
  slack: 'src/handlers/slack.ts',
  worker: 'src/handlers/worker.ts',
  watch: 'src/handlers/watch.ts',
  install: 'src/handlers/install.ts',
} as const;

export type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;

export const CLI_ENTRY = 'src/cli/main.ts';

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

// `require` must keep this exact name: esbuild's CommonJS shim looks for a `require` in scope.
const REQUIRE_BANNER =
  "import { createRequire as __tuneCreateRequire } from 'node:module'; const require = __tuneCreateRequire(import.meta.url);";

const RUNTIME_URL = /new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

const LOADERS: Record<string, Loader> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
};

/** Copies files named by `new URL('./…', import.meta.url)` under `<outdir>/assets/` (see the header). */
export function runtimeFilesPlugin(options: { projectRoot: string; outdir: string }): Plugin {
  return {
    name: 'runtime-files',
    setup(pluginBuild) {
      const copies = new Map<string, string>();
      pluginBuild.onStart(() => {
        copies.clear();
      });
      pluginBuild.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const loader = LOADERS[extname(args.path)] ?? 'js';
        const errors: { text: string }[] = [];
        const rewritten = source.replace(RUNTIME_URL, (match, quote: string, target: string) => {
          const absolute = resolve(dirname(args.path), target);
          const fromRoot = relative(options.projectRoot, absolute);
          if (fromRoot.startsWith('..') || !existsSync(absolute)) {
            errors.push({
              text: `${relative(options.projectRoot, args.path)} reads ${target}, which does not exist inside the project`,
            });
            return match;
          }
          const assetPath = `assets/${fromRoot.split(sep).join('/')}${target.endsWith('/') ? '/' : ''}`;
          copies.set(absolute, join(options.outdir, 'assets', fromRoot));
          return `new URL(${quote}./${assetPath}${quote}, import.meta.url)`;
        });
        // Comparing import.meta.url (the "run when executed directly" check) reads no file.
        const leftover = rewritten
          .replace(RUNTIME_URL, '')
          .replace(/import\.meta\.url\s*===|===\s*import\.meta\.url/g, '')
          .includes('import.meta.url');
        const warnings = leftover
          ? [
              {
                text: `${relative(options.projectRoot, args.path)} uses import.meta.url in a form the build cannot follow; if it locates a data file, write new URL('./relative/path', import.meta.url) so the file is copied next to the bundle`,
              },
            ]
          : [];
        return { contents: rewritten, loader, errors, warnings, resolveDir: dirname(args.path) };
      });
      pluginBuild.onEnd(async (result) => {
        if (result.errors.length > 0) return;
        for (const [from, to] of copies) {
          await mkdir(dirname(to), { recursive: true });
          await cp(from, to, { recursive: true });
        }
      });
    },
  };
}

/** Packages imported at load time by dependencies but never used on Lambda, with why. */
export const LAMBDA_STUBS: Record<string, string> = {
  '@slack/socket-mode':
    'Socket Mode is how the local stack talks to a real workspace; on Lambda Slack calls the HTTP API.',
  // Bolt's index requires every receiver. On Lambda only AwsLambdaReceiver runs, which reads the
  // body API Gateway hands it and never calls these; they are required at load time and used only
  // inside ExpressReceiver, HTTPReceiver and their request-body helper.
  express: "Bolt's ExpressReceiver serves HTTP itself; on Lambda AwsLambdaReceiver gets the event.",
  'raw-body':
    "Bolt's HTTP receivers read the request stream with it (and iconv-lite); on Lambda the body is in the event.",
  '@slack/oauth':
    "OAuth installation flows of Bolt's HTTP receivers; tune has one workspace and its bot token from SSM.",
};

/**
 * The `install` function runs Bolt's ExpressReceiver and its OAuth flow behind serverless-http: it
 * needs express, raw-body and @slack/oauth for real, and only Socket Mode stubbed.
 */
export const INSTALL_STUBS: Record<string, string> = {
  '@slack/socket-mode': LAMBDA_STUBS['@slack/socket-mode'] ?? '',
};

/** The stubs of one function's bundle. */
export function stubsFor(name: string): Record<string, string> {
  return name === 'install' ? INSTALL_STUBS : LAMBDA_STUBS;
}

/**
 * Replaces each named package with a module whose exports throw when used (see the header). Meant
 * for packages that CommonJS dependencies `require`, as Bolt does: every property read on the
 * stub, whatever its name, is a function that throws.
 */
export function stubPlugin(stubs: Record<string, string>): Plugin {
  const names = Object.keys(stubs);
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const filter = new RegExp(`^(${escaped.join('|')})$`);
  return {
    name: 'lambda-stubs',
    setup(pluginBuild) {
      if (names.length === 0) return;
      pluginBuild.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lambda-stub' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'lambda-stub' }, (args) => {
        const message = `${args.path} is not bundled: ${stubs[args.path] ?? ''}`;
        // A CommonJS module so that any named import resolves (to the throwing proxy).
        // `function`, not an arrow, so that `new Stub.SomeClass()` throws this message too; `then`
        // and symbols stay undefined so the stub is not mistaken for a promise or an iterable.
        const contents = `function fail() { throw new Error(${JSON.stringify(message)}); }
module.exports = new Proxy({}, {
  get: (_target, key) => (key === '__esModule' || key === 'then' || typeof key === 'symbol' ? undefined : fail),
});`;
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * Marks every module under `src/` as free of side effects (see the header), so that esbuild leaves
 * out a module none of whose exports is used. Packages keep their own `sideEffects` settings.
 */
export function srcWithoutSideEffects(projectRoot: string): Plugin {
  const src = `${join(projectRoot, 'src')}${sep}`;
  return {
    name: 'src-without-side-effects',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === 'src-resolved' || !args.importer.startsWith(src)) return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'src-resolved',
        });
        if (resolved.errors.length > 0 || !resolved.path.startsWith(src)) return undefined;
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: false };
      });
    },
  };
}

/** Lambda's CPU: serverless.yml's `provider.architecture` (arm64), in Node's `process.arch` words. */
export const LAMBDA_ARCHITECTURE: NodeArchitecture = 'arm64';

export type NodeArchitecture = 'arm64' | 'x64';

/** Packages with a native binary, each with the name of its platform package for a Linux CPU. */
export const NATIVE_PACKAGES: Record<string, (architecture: NodeArchitecture) => string> = {
  // napi-rs names: glibc builds, which is what Lambda's Amazon Linux 2023 runs.
  '@resvg/resvg-js': (architecture) => `@resvg/resvg-js-linux-${architecture}-gnu`,
};

/** Fetches `name@version` as an npm tarball into `destination`; returns the tarball's path. */
export type TarballFetcher = (spec: string, destination: string) => Promise<string>;

/** `npm pack`: the registry through npm's own client, with the project's npm settings. */
export const npmPack: TarballFetcher = async (spec, destination) => {
  const { stdout } = await run(
    'npm',
    ['pack', spec, '--pack-destination', destination, '--json', '--silent'],
    {
      cwd: destination,
      timeout: 120_000,
    },
  );
  const parsed: unknown = JSON.parse(stdout);
  const filename = Array.isArray(parsed)
    ? (parsed[0] as { filename?: unknown } | undefined)?.filename
    : undefined;
  if (typeof filename !== 'string') throw new BuildError(`npm pack ${spec} printed no tarball name`);
  return join(destination, filename);
};

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/**
 * The folder holding `name` for the target CPU: `node_modules/<name>` when npm installed it here (the
 * build machine has that CPU), otherwise a copy unpacked under `.cache/native-packages/` from a
 * tarball whose sha512 matches package-lock.json.
 */
export async function platformPackageFolder(
  name: string,
  version: string,
  projectRoot: string,
  fetchTarball: TarballFetcher = npmPack,
): Promise<string> {
  const installed = join(projectRoot, 'node_modules', name);
  if (existsSync(join(installed, 'package.json'))) {
    const manifest = await readJson(join(installed, 'package.json'));
    if (manifest.version === version) return installed;
  }
  const cached = join(projectRoot, '.cache', 'native-packages', `${name.replace('/', '+')}@${version}`);
  if (existsSync(join(cached, 'package.json'))) return cached;
  const lock = await readJson(join(projectRoot, 'package-lock.json'));
  const entry = (lock.packages as Record<string, { version?: string; integrity?: string }> | undefined)?.[
    `node_modules/${name}`
  ];
  if (!entry?.integrity || entry.version !== version) {
    throw new BuildError(
      `package-lock.json has no ${name}@${version} with an integrity hash; it is needed to ship the native binary for ${name}`,
    );
  }
  const downloads = join(projectRoot, '.cache', 'native-packages', 'downloads');
  await mkdir(downloads, { recursive: true });
  const tarball = await fetchTarball(`${name}@${version}`, downloads);
  const digest = `sha512-${createHash('sha512')
    .update(await readFile(tarball))
    .digest('base64')}`;
  if (digest !== entry.integrity) {
    throw new BuildError(
      `${name}@${version}: the fetched tarball's ${digest} differs from package-lock.json's ${entry.integrity}`,
    );
  }
  const unpacked = `${cached}.unpacking`;
  await rm(unpacked, { recursive: true, force: true });
  await mkdir(unpacked, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', unpacked]);
  // npm tarballs hold one folder, `package/`.
  await rm(cached, { recursive: true, force: true });
  await cp(join(unpacked, 'package'), cached, { recursive: true });
  await rm(unpacked, { recursive: true, force: true });
  return cached;
}

/** Native packages some output file of the build imports (they are external, see the header). */
export function importedNativePackages(metafile: Metafile, packages: readonly string[]): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && packages.includes(imported.path)) found.add(imported.path);
    }
  }
  return [...found].sort();
}

/** Copies each imported native package and its platform package into `<outdir>/node_modules/`. */
export async function shipNativePackages(
  names: readonly string[],
  architecture: NodeArchitecture,
  outdir: string,
  projectRoot: string,
  fetchTarball: TarballFetcher = npmPack,
): Promise<void> {
  for (const name of names) {
    const platformName = NATIVE_PACKAGES[name]?.(architecture);
    if (!platformName) throw new BuildError(`${name} is not a known native package`);
    const source = join(projectRoot, 'node_modules', name);
    const manifest = await readJson(join(source, 'package.json'));
    const version = (manifest.optionalDependencies as Record<string, string> | undefined)?.[platformName];
    if (!version)
      throw new BuildError(`${name} does not list ${platformName} among its optional dependencies`);
    const platformFolder = await platformPackageFolder(platformName, version, projectRoot, fetchTarball);
    await cp(source, join(outdir, 'node_modules', name), { recursive: true });
    await cp(platformFolder, join(outdir, 'node_modules', platformName), { recursive: true });
  }
}

export interface BundleTarget {
  /** The function name, or `cli`. */
  name: string;
  entry: string;
  outdir: string;
  /** File name of the entry output, without extension. */
  entryName: string;
  /** The export the bundle must have for its caller. */
  requiredExport: string;
  target: string;
  /** Packages replaced by a throwing stub (see `LAMBDA_STUBS`). */
  stubs?: Record<string, string>;
  /**
   * The CPU to ship native packages for; unset (the CLI) leaves them external and resolved from
   * the project's own node_modules, where npm installed the user's platform package.
   */
  nativeArchitecture?: NodeArchitecture;
}

export function bundleOptions(bundle: BundleTarget, projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: { [bundle.entryName]: bundle.entry },
    outdir: bundle.outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: bundle.target,
    minify: true,
    keepNames: true,
    treeShaking: true,
    sourcemap: true,
    // Stack traces need the mappings, not the sources; this halves the map files.
    sourcesContent: false,
    // ESM builds of the SDK (`module`) tree-shake far better than its CommonJS `main`.
    mainFields: ['module', 'main'],
    external: Object.keys(NATIVE_PACKAGES),
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
    plugins: [
      stubPlugin(bundle.stubs ?? {}),
      srcWithoutSideEffects(projectRoot),
      runtimeFilesPlugin({ projectRoot, outdir: join(projectRoot, bundle.outdir) }),
    ],
  };
}

export interface BundleSize {
  name: string;
  /** Bytes of the entry file (what is parsed on every cold start). */
  entryBytes: number;
  /** Bytes of all JavaScript the bundle may load: the entry and its lazy chunks. */
  codeBytes: number;
  chunks: number;
  assetBytes: number;
  sourceMapBytes: number;
  /** Everything in the output folder: code, assets and source maps. */
  totalBytes: number;
}

async function folderSizes(
  outdir: string,
  metafile: Metafile,
  entryFile: string,
): Promise<Omit<BundleSize, 'name'>> {
  let codeBytes = 0;
  let chunks = 0;
  let sourceMapBytes = 0;
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) {
      sourceMapBytes += output.bytes;
    } else {
      codeBytes += output.bytes;
      chunks += 1;
    }
  }
  const entryBytes = metafile.outputs[entryFile]?.bytes ?? 0;
  // Data files and shipped native packages: both are read from disk beside the code.
  let assetBytes = 0;
  for (const folder of ['assets', 'node_modules']) {
    if (existsSync(join(outdir, folder))) assetBytes += await treeBytes(join(outdir, folder));
  }
  return {
    entryBytes,
    codeBytes,
    chunks: chunks - 1,
    assetBytes,
    sourceMapBytes,
    totalBytes: codeBytes + sourceMapBytes + assetBytes,
  };
}

async function treeBytes(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await treeBytes(join(path, entry));
  return total;
}

/**
 * Imports the built entry in a fresh Node process, as Lambda does on a cold start, and checks the
 * export is a function. This is what catches a CommonJS `require` the banner does not cover or a
 * data file read at module load that was not copied. Handlers build their clients on the first
 * invocation, so importing one touches no network.
 */
export async function smokeLoad(entryPath: string, exportName: string): Promise<void> {
  const script = `const module = await import(${JSON.stringify(pathToFileURL(entryPath).href)});
if (typeof module[${JSON.stringify(exportName)}] !== 'function') throw new Error('export ${exportName} is ' + typeof module[${JSON.stringify(exportName)}]);`;
  try {
    await run(process.execPath, ['--input-type=module', '--eval', script], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 30_000,
    });
  } catch (error) {
    const stderr =
      typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : String(error);
    throw new BuildError(`${relative(root, entryPath)} fails to load:\n${stderr.trim()}`);
  }
}

/** `import()`s whose target is a CommonJS module, which splitting reduces to a default export. */
export function lazyCommonJsImports(metafile: Metafile): string[] {
  const found: string[] = [];
  for (const [importer, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.kind === 'dynamic-import' && metafile.inputs[imported.path]?.format === 'cjs') {
        found.push(`${importer} lazily imports ${imported.original ?? imported.path}`);
      }
    }
  }
  return found;
}

/** Builds one bundle into a clean folder and checks it exports what its caller imports. */
export async function buildBundle(
  bundle: BundleTarget,
  projectRoot: string,
  fetchTarball: TarballFetcher = npmPack,
): Promise<BundleSize> {
  const outdir = join(projectRoot, bundle.outdir);
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build(bundleOptions(bundle, projectRoot));
  if (!metafile) throw new BuildError('esbuild returned no metafile');
  const lazyCommonJs = lazyCommonJsImports(metafile);
  if (lazyCommonJs.length > 0) {
    throw new BuildError(
      `a CommonJS package is imported with import(); with code splitting only its default export would be there. Import it statically from a local module and import that module lazily instead:\n  ${lazyCommonJs.join('\n  ')}`,
    );
  }
  const entryFile = `${bundle.outdir}/${bundle.entryName}.mjs`.split(sep).join('/');
  const entryOutput = metafile.outputs[entryFile];
  if (!entryOutput) throw new BuildError(`esbuild wrote no ${entryFile}`);
  if (!entryOutput.exports.includes(bundle.requiredExport)) {
    throw new BuildError(
      `${bundle.entry} does not export \`${bundle.requiredExport}\` (it exports: ${entryOutput.exports.join(', ') || 'nothing'})`,
    );
  }
  if (bundle.nativeArchitecture) {
    const natives = importedNativePackages(metafile, Object.keys(NATIVE_PACKAGES));
    await shipNativePackages(natives, bundle.nativeArchitecture, outdir, projectRoot, fetchTarball);
  }
  await smokeLoad(join(projectRoot, entryFile), bundle.requiredExport);
  return { name: bundle.name, ...(await folderSizes(outdir, metafile, entryFile)) };
}

export function lambdaTargets(): BundleTarget[] {
  return Object.entries(LAMBDA_FUNCTIONS).map(([name, entry]) => ({
    name,
    entry,
    outdir: `dist/lambda/${name}`,
    entryName: 'index',
    requiredExport: 'handler',
    // serverless.yml runs nodejs22.x.
    target: 'node22',
    stubs: stubsFor(name),
    nativeArchitecture: LAMBDA_ARCHITECTURE,
  }));
}

export const CLI_TARGET: BundleTarget = {
  name: 'cli',
  entry: CLI_ENTRY,
  outdir: 'dist/cli',
  entryName: 'tune',
  requiredExport: 'runCli',
  // The CLI runs on the user's machine: package.json allows Node 20.
  target: 'node20',
};

/** Fails before any work when an entry module is missing, naming every missing one. */
export function assertEntriesExist(targets: BundleTarget[], projectRoot: string): void {
  const missing = targets.filter((target) => !existsSync(join(projectRoot, target.entry)));
  if (missing.length === 0) return;
  const lines = missing.map((target) =>
    target.requiredExport === 'handler'
      ? `  ${target.entry} (the \`${target.name}\` function of serverless.yml; it must export \`handler\`)`
      : `  ${target.entry} (must export \`${target.requiredExport}\`)`,
  );
  throw new BuildError(
    `Cannot build: missing entry module${missing.length > 1 ? 's' : ''}:\n${lines.join('\n')}`,
  );
}

function kibibytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function formatSizes(sizes: BundleSize[]): string {
  const header = ['bundle', 'entry', 'code (all chunks)', 'chunks', 'assets', 'source maps', 'total'];
  const rows = sizes.map((size) => [
    size.name,
    kibibytes(size.entryBytes),
    kibibytes(size.codeBytes),
    String(size.chunks),
    kibibytes(size.assetBytes),
    kibibytes(size.sourceMapBytes),
    kibibytes(size.totalBytes),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export async function buildAll(projectRoot: string = root): Promise<BundleSize[]> {
  const targets = [...lambdaTargets(), CLI_TARGET];
  assertEntriesExist(targets, projectRoot);
  const sizes: BundleSize[] = [];
  // One at a time: the machine has two cores and esbuild already uses both.
  for (const target of targets) sizes.push(await buildBundle(target, projectRoot));
  return sizes;
}

function isEsbuildFailure(error: unknown): error is { errors: unknown[] } {
  return typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors);
}

async function main(): Promise<void> {
  const started = performance.now();
  const sizes = await buildAll(root);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  await mkdir(join(root, 'dist'), { recursive: true });
  const report = { builtAt: new Date().toISOString(), bundles: sizes };
  await writeFile(join(root, 'dist', 'build-sizes.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `${formatSizes(sizes)}\n\nBuilt in ${seconds} s; sizes written to dist/build-sizes.json\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    const message =
      error instanceof BuildError
        ? error.message
        : isEsbuildFailure(error)
          ? `esbuild reported ${error.errors.length} error(s), shown above.`
          : error instanceof Error
            ? error.stack
            : String(error);
    process.stderr.write(`build failed: ${message}\n`);
    process.exitCode = 1;
  });
}
