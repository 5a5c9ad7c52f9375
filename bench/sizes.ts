/**
 * Bundle sizes of the Lambda functions, what fills them, and what the build's choices save.
 *
 * 1. Each function is built with scripts/build.ts's own `bundleOptions` (the bytes `npm run build`
 *    writes) into dist/bench/sizes/: its entry file (parsed on every cold start), all its code
 *    (entry and lazy chunks, shipped in the zip), and the largest contributors to the entry by
 *    package, from esbuild's metafile. The slack entry is checked against its goal (≤ 1.5 MB).
 * 2. Variants of the slack entry measure what the build's choices save: the build with only Socket
 *    Mode stubbed and our modules not marked free of side effects (what it was before both), and
 *    the build without that marking alone (scripts/build.ts `srcWithoutSideEffects`). Each variant
 *    is loaded in fresh processes, interleaved with the others in rotated order, timing the import
 *    and a first signed `/tune help` (no network: the secrets come from the environment), which
 *    also checks that the variant still answers.
 * Figures go to bench/results/sizes.json and sizes.md.
 *
 *   npx tsx bench/sizes.ts [--rounds 5]
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { type BundleTarget, bundleOptions, LAMBDA_STUBS, lambdaTargets } from '../scripts/build.js';
import { benchTarget, ROOT } from './support/bundles.js';
import {
  describeMachine,
  finishMachine,
  formatSpread,
  machine,
  markdownTable,
  type Percentiles,
  percentiles,
  rotate,
  roundSpread,
  type Spread,
  spread,
  writeResults,
} from './support/figures.js';
import { apiGatewayEvent, BOT_ID, BOT_USER_ID, TUNE_PATHS } from './support/slack-events.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
const SLACK_ENTRY_GOAL_BYTES = 1.5 * 1000 * 1000;
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

const started = machine();

interface Contributor {
  name: string;
  bytes: number;
}

interface Measured {
  entryBytes: number;
  codeBytes: number;
  chunks: number;
  /** Largest contributors to the entry file: node_modules packages, or src folders. */
  topInputs: Contributor[];
  entryPath: string;
}

/** Which package (or src folder) a metafile input belongs to. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  const parts = input.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `${parts[0]}/${parts[1]}` : input;
}

function measure(metafile: Metafile, outdir: string): Measured {
  const entryFile = `${outdir}/index.mjs`;
  let codeBytes = 0;
  let chunks = 0;
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    codeBytes += output.bytes;
    chunks++;
  }
  const entry = metafile.outputs[entryFile];
  if (!entry) throw new Error(`esbuild wrote no ${entryFile}`);
  const byOwner = new Map<string, number>();
  for (const [input, info] of Object.entries(entry.inputs)) {
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + info.bytesInOutput);
  }
  const topInputs = [...byOwner]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 10);
  return {
    entryBytes: entry.bytes,
    codeBytes,
    chunks: chunks - 1,
    topInputs,
    entryPath: join(ROOT, entryFile),
  };
}

/** Builds `target` as `npm run build` does, less the build's plugins named in `without`. */
async function bundle(target: BundleTarget, without: string[] = []): Promise<Measured> {
  const outdir = `dist/bench/sizes/${target.name}`;
  await rm(join(ROOT, outdir), { recursive: true, force: true });
  const options: BuildOptions = bundleOptions({ ...target, outdir }, ROOT);
  const plugins = (options.plugins ?? []).filter((plugin) => !without.includes(plugin.name));
  const { metafile } = await build({ ...options, plugins });
  if (!metafile) throw new Error('esbuild returned no metafile');
  return measure(metafile, outdir);
}

// 1. The functions as `npm run build` bundles them.
process.stdout.write('bundling the Lambda functions…\n');
const functions: Record<string, Omit<Measured, 'entryPath'>> = {};
let slackBuilt: Measured | undefined;
for (const target of lambdaTargets()) {
  const { entryPath: _entryPath, ...measured } = await bundle(target);
  functions[target.name] = measured;
  if (target.name === 'slack') slackBuilt = { ...measured, entryPath: _entryPath };
}

// 2. The slack entry's variants.
process.stdout.write('bundling the slack entry’s variants…\n');
const slackEntry = 'src/handlers/slack.ts';
const socketModeOnly = { '@slack/socket-mode': LAMBDA_STUBS['@slack/socket-mode'] ?? '' };
const SRC_MARKING = 'src-without-side-effects';
/** `target` undefined: the function as built above. */
const variantSpecs: { key: string; label: string; target?: BundleTarget; without: string[] }[] = [
  {
    key: 'before',
    label: 'only Socket Mode stubbed, src not marked',
    target: benchTarget('slack-before', slackEntry, socketModeOnly),
    without: [SRC_MARKING],
  },
  {
    key: 'unmarked',
    label: 'src not marked free of side effects',
    target: benchTarget('slack-unmarked', slackEntry),
    without: [SRC_MARKING],
  },
  { key: 'current', label: 'this build (`npm run build`)', without: [] },
];
const variants = new Map<string, Measured>();
for (const spec of variantSpecs) {
  const measured = spec.target ? await bundle(spec.target, spec.without) : slackBuilt;
  if (!measured) throw new Error(`no bundle for ${spec.key}`);
  variants.set(spec.key, measured);
}

// 3. Import and a first `/tune help` in fresh processes, interleaved.
const CHILD = `
const event = JSON.parse(process.env.BENCH_EVENT);
const beforeImport = performance.now();
const module = await import(process.env.BENCH_ENTRY);
const imported = performance.now();
const response = await module.handler(event);
const done = performance.now();
process.stdout.write('\\nBENCH-RESULT ' + JSON.stringify({ importMs: imported - beforeImport, requestMs: done - imported, totalMs: done, statusCode: response.statusCode, body: response.body }) + '\\n');
process.exit(0);
`;
const childEnvironment = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'tune-bench-slack',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TUNE_TABLE_NAME: 'tune-bench',
  TUNE_BUCKET: 'tune-bench-bucket',
  TUNE_BEDROCK_ROLE_ARN: 'arn:aws:iam::000000000000:role/tune-bench-bedrock',
  // Never contacted: help queues nothing.
  TUNE_QUEUE_URL: 'http://127.0.0.1:9/000000000000/tune-work',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
  SLACK_BOT_ID: BOT_ID,
  SLACK_BOT_USER_ID: BOT_USER_ID,
};

interface Load {
  importMs: number;
  requestMs: number;
  totalMs: number;
}

async function load(entryPath: string): Promise<Load> {
  const event = apiGatewayEvent(TUNE_PATHS.help.body(), SIGNING_SECRET);
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', CHILD],
      {
        env: {
          ...childEnvironment,
          BENCH_ENTRY: pathToFileURL(entryPath).href,
          BENCH_EVENT: JSON.stringify(event),
        },
        timeout: 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, output, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolvePromise(output),
    );
  });
  const line = stdout.split('\n').find((text) => text.startsWith('BENCH-RESULT '));
  if (!line) throw new Error(`${entryPath} printed no result:\n${stdout.slice(-2000)}`);
  const result = JSON.parse(line.slice('BENCH-RESULT '.length)) as Load & {
    statusCode?: number;
    body?: string;
  };
  if (!TUNE_PATHS.help.acknowledged(result)) {
    throw new Error(
      `${entryPath} answered help with ${result.statusCode}: ${String(result.body).slice(0, 300)}`,
    );
  }
  return { importMs: result.importMs, requestMs: result.requestMs, totalMs: result.totalMs };
}

process.stdout.write(`loading each variant in fresh processes (${rounds} rounds)…\n`);
const loads = new Map<string, (Load & { round: number })[]>(variantSpecs.map((spec) => [spec.key, []]));
for (const spec of variantSpecs) await load(variants.get(spec.key)?.entryPath ?? ''); // warm the file cache
for (let round = 0; round < rounds; round++) {
  for (const spec of rotate(variantSpecs, round)) {
    loads.get(spec.key)?.push({ ...(await load(variants.get(spec.key)?.entryPath ?? '')), round });
  }
}

interface VariantFigures {
  label: string;
  entryBytes: number;
  codeBytes: number;
  entryBytesSavedAgainstCurrent: number;
  topInputs: Contributor[];
  importMs: Percentiles;
  helpFirstRequestMs: Percentiles;
  totalMs: Percentiles;
  /** Per round: this variant's import time over the current build's in the same round. */
  importRatioToCurrent: Spread;
}
const current = variants.get('current');
const currentByRound = new Map((loads.get('current') ?? []).map((entry) => [entry.round, entry.importMs]));
const variantFigures: Record<string, VariantFigures> = {};
for (const spec of variantSpecs) {
  const measured = variants.get(spec.key);
  const taken = loads.get(spec.key) ?? [];
  if (!measured || !current) continue;
  variantFigures[spec.key] = {
    label: spec.label,
    entryBytes: measured.entryBytes,
    codeBytes: measured.codeBytes,
    entryBytesSavedAgainstCurrent: current.entryBytes - measured.entryBytes,
    topInputs: measured.topInputs.slice(0, 5),
    importMs: percentiles(taken.map((entry) => entry.importMs)),
    helpFirstRequestMs: percentiles(taken.map((entry) => entry.requestMs)),
    totalMs: percentiles(taken.map((entry) => entry.totalMs)),
    importRatioToCurrent: roundSpread(
      spread(taken.map((entry) => entry.importMs / (currentByRound.get(entry.round) ?? Number.NaN))),
    ),
  };
}

const finished = finishMachine(started);
const slack = functions.slack;
const output = {
  benchmark: 'sizes',
  date: new Date().toISOString(),
  machine: finished,
  settings: { rounds, slackEntryGoalBytes: SLACK_ENTRY_GOAL_BYTES },
  functions,
  slackEntryMeetsGoal: slack !== undefined && slack.entryBytes <= SLACK_ENTRY_GOAL_BYTES,
  slackVariants: variantFigures,
};

const kb = (bytes: number) => `${Math.round(bytes / 1000).toLocaleString('en-US')} kB`;
const functionRows = Object.entries(functions).map(([name, value]) => [
  name,
  kb(value.entryBytes),
  `${kb(value.codeBytes)} (${value.chunks} chunks)`,
  value.topInputs
    .slice(0, 6)
    .map((input) => `${input.name} ${kb(input.bytes)}`)
    .join(', '),
]);
const variantRows = Object.values(variantFigures).map((value) => [
  value.label,
  kb(value.entryBytes),
  value.entryBytesSavedAgainstCurrent === 0
    ? ''
    : `${value.entryBytesSavedAgainstCurrent > 0 ? '−' : '+'}${kb(Math.abs(value.entryBytesSavedAgainstCurrent))}`,
  `${Math.round(value.importMs.p50)}`,
  formatSpread(value.importRatioToCurrent),
  `${Math.round(value.totalMs.p50)}`,
]);
const markdown = `# Bundle sizes of the Lambda functions

${new Date().toISOString().slice(0, 10)}, ${describeMachine(finished)}.

Built with scripts/build.ts's options (kB = 1,000 bytes). The entry file is parsed on every cold
start; lazy chunks load only when their code runs, but ship in the zip.

${markdownTable(['function', 'entry', 'all code', 'largest in the entry'], functionRows)}

Slack entry goal ≤ ${kb(SLACK_ENTRY_GOAL_BYTES)}: ${slack ? kb(slack.entryBytes) : '?'}, ${
  output.slackEntryMeetsGoal ? 'met' : '**not met**'
}.

**The slack entry, and what the build's choices save** (bench/sizes.ts explains each variant;
each row is measured against this build). Fresh
processes, ${rounds} rounds interleaved: import time, and process start → a first \`/tune help\`
answered (secrets from the environment, no network); the ratio is per round against this branch's
build, median (range).

${markdownTable(
  ['slack entry', 'entry', 'change', 'import p50 (ms)', 'import × this branch', 'start → help p50 (ms)'],
  variantRows,
)}
`;
writeResults('sizes', output, markdown);
process.stdout.write(`\n${markdown}\nwritten to bench/results/sizes.json and sizes.md\n`);
await rm(join(ROOT, 'dist/bench/sizes'), { recursive: true, force: true });
