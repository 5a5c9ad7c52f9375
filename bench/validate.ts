/**
 * Dataset validation benchmark (issue 3): throughput and peak memory of `validateDataset` on
 * generated JSONL files of 10 MB, 100 MB and 1 GB, beside a baseline of plain line splitting plus
 * `JSON.parse` on the same file in the same run; and the time to validate a 10,000-record file with
 * exact Llama 3 token counts. Each measurement runs in its own child process, so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own. The machine is shared and its speed drifts, so
 * the validator and the baseline are compared within rounds: each round runs both, in an order
 * rotated every round (A/B, B/A, ...), and the figure is the median (and range) of the per-round
 * ratio, with the load average of each round. Figures go to bench/results/validate.json and .md.
 *
 *   npx tsx bench/validate.ts                          # 10, 100 and 1000 MB
 *   npx tsx bench/validate.ts --sizes 10,100 --rounds 7
 *   npx tsx bench/validate.ts --rounds-1gb 3           # default: 1 round at 1 GB (a 2-core machine)
 *
 * Targets (reported, not asserted): a median of at least 70% of the baseline's throughput with
 * estimated tokens on 10 and 100 MB; peak RSS at most 200 MB on 1 GB; 10,000 records with exact
 * Llama 3 tokenization under 3 s.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/core/dataset/convert/split.js';
import {
  describeMachine,
  finishMachine,
  formatSpread,
  machine,
  markdownTable,
  rotate,
  round,
  roundSpread,
  type Spread,
  spread,
  writeResults,
} from './support/figures.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const MB = 1_000_000;
const TARGET_RATIO = 0.7;
const TARGET_RSS_MB = 200;
const TARGET_LLAMA_SECONDS = 3;

interface ChildResult {
  seconds: number;
  maxRssMb: number;
  records?: number;
  tokens?: number;
  valid?: boolean;
  loadSeconds?: number;
}

// ---------------------------------------------------------------------------------------------
// Child modes: one measurement each, result as JSON on stdout.

async function childBaseline(file: string): Promise<ChildResult> {
  const started = performance.now();
  const decoder = new TextDecoder();
  let rest = '';
  let records = 0;
  for await (const chunk of createReadStream(file)) {
    const text = rest + decoder.decode(chunk as Uint8Array, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.length > 0) {
        JSON.parse(line);
        records++;
      }
    }
  }
  if (rest.length > 0) {
    JSON.parse(rest);
    records++;
  }
  return { seconds: (performance.now() - started) / 1000, maxRssMb: maxRssMb(), records };
}

async function childValidate(file: string, model: string, exact: boolean): Promise<ChildResult> {
  const { findModel } = await import('../src/core/catalog/index.js');
  const { validateDataset } = await import('../src/core/dataset/validate.js');
  const { loadTokenCounter } = await import('../src/core/tokens/index.js');
  const found = findModel(model);
  if (!found) throw new Error(`unknown model ${model}`);
  const started = performance.now();
  // Loading the tokenizer is part of what a user waits for, so it is inside the timing.
  const tokenCounter = exact ? await loadTokenCounter(found.tokenizer) : undefined;
  const loaded = performance.now();
  const report = await validateDataset(createReadStream(file), {
    model: found,
    customizationType: 'FINE_TUNING',
    exactTokens: exact,
    ...(tokenCounter ? { tokenCounter } : {}),
  });
  return {
    seconds: (performance.now() - started) / 1000,
    loadSeconds: (loaded - started) / 1000,
    maxRssMb: maxRssMb(),
    records: report.records,
    tokens: report.tokens.total,
    valid: report.valid,
  };
}

function maxRssMb(): number {
  // resourceUsage reports kilobytes on Linux.
  return Math.round((process.resourceUsage().maxRSS * 1024) / MB);
}

// ---------------------------------------------------------------------------------------------
// Data generation (seeded, so runs compare).

const WORDS = (
  'the a of to and in is for on with that by this be are from as at it an or can use your you table ' +
  'instance bucket request response model training data record token limit value example command ' +
  'returns following create delete update describe list policy role region account service error ' +
  'summary article news report said people year time first new after over government minister city'
).split(' ');

function sentence(next: () => number, words: number): string {
  const parts: string[] = [];
  for (let index = 0; index < words; index++) parts.push(WORDS[Math.floor(next() * WORDS.length)] ?? 'x');
  const text = parts.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(next: () => number, minWords: number, maxWords: number): string {
  const target = minWords + Math.floor(next() * (maxWords - minWords));
  const sentences: string[] = [];
  let words = 0;
  while (words < target) {
    const length = 6 + Math.floor(next() * 14);
    sentences.push(sentence(next, length));
    words += length;
  }
  return sentences.join(' ');
}

/** A prompt/completion JSONL file of about `bytes`, records of 0.2–2 kB, every line distinct. */
async function generateFile(file: string, bytes: number): Promise<void> {
  const next = seededRandom(42);
  const pool: string[] = [];
  for (let index = 0; index < 2000; index++) {
    pool.push(
      JSON.stringify({
        prompt: `Summarize the article below.\n\n${paragraph(next, 30, 250)}`,
        completion: paragraph(next, 10, 60),
      }).slice(0, -2),
    );
  }
  const out = createWriteStream(file);
  let written = 0;
  let counter = 0;
  let batch: string[] = [];
  while (written < bytes) {
    // The counter inside the completion keeps every line distinct without adding a key.
    const line = `${pool[counter % pool.length]} (${counter})"}\n`;
    counter++;
    written += Buffer.byteLength(line);
    batch.push(line);
    if (batch.length === 1000) {
      if (!out.write(batch.join(''))) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.join(''));
  await once(out, 'finish');
}

/** 10,000 fine-tuning records for Llama 3.1, cut from the AWS CLI examples (test/fixtures). */
function llamaRecords(): string {
  const next = seededRandom(7);
  const corpus = resolve(repoRoot, 'test/fixtures/aws-cli-examples/examples.csv');
  const words = existsSync(corpus) ? readFileSync(corpus, 'utf8').split(/(?<=\s)/) : undefined;
  const lines: string[] = [];
  for (let index = 0; index < 10_000; index++) {
    let prompt: string;
    let completion: string;
    if (words) {
      const start = Math.floor(next() * (words.length - 400));
      const length = 60 + Math.floor(next() * 300);
      prompt = words.slice(start, start + length).join('');
      completion = words.slice(start + length, start + length + 40 + Math.floor(next() * 80)).join('');
    } else {
      prompt = paragraph(next, 60, 360);
      completion = paragraph(next, 40, 120);
    }
    lines.push(JSON.stringify({ prompt, completion }));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Parent

function runChild(args: string[]): ChildResult {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    },
  );
  const last = output.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as ChildResult;
}

interface Round {
  round: number;
  /** Which ran first this round. */
  first: 'baseline' | 'validate';
  loadAverage: number;
  baselineSeconds: number;
  validateSeconds: number;
  /** The validator's throughput over the baseline's in this round (baseline seconds / ours). */
  ratio: number;
  baselinePeakRssMb: number;
  validatePeakRssMb: number;
}

interface SizeFigures {
  sizeMb: number;
  records: number | undefined;
  tokens: number | undefined;
  valid: boolean | undefined;
  rounds: Round[];
  ratioToBaseline: Spread;
  baselineMbPerSecond: Spread;
  validateMbPerSecond: Spread;
  validatePeakRssMb: number;
  baselinePeakRssMb: number;
  meetsThroughputTarget?: boolean;
  meetsRssTarget?: boolean;
}

/** Rounds of baseline and validator on one file, each in a fresh child, in an order rotated each round. */
function measureSize(file: string, sizeMb: number, rounds: number): SizeFigures {
  const runners = [
    { key: 'baseline' as const, args: ['--child', 'baseline', file] },
    { key: 'validate' as const, args: ['--child', 'validate', file, 'titan-text-lite', 'estimate'] },
  ];
  const taken: Round[] = [];
  let last: ChildResult | undefined;
  for (let round = 0; round < rounds; round++) {
    const order = rotate(runners, round);
    const loadAverage = round2(loadavg()[0] ?? 0);
    const results: Partial<Record<'baseline' | 'validate', ChildResult>> = {};
    for (const runner of order) results[runner.key] = runChild(runner.args);
    const baseline = results.baseline;
    const ours = results.validate;
    if (!baseline || !ours) throw new Error('a child gave no result');
    last = ours;
    taken.push({
      round,
      first: order[0]?.key ?? 'baseline',
      loadAverage,
      baselineSeconds: round3(baseline.seconds),
      validateSeconds: round3(ours.seconds),
      ratio: round3(baseline.seconds / ours.seconds),
      baselinePeakRssMb: baseline.maxRssMb,
      validatePeakRssMb: ours.maxRssMb,
    });
    process.stdout.write(
      `  round ${round + 1}/${rounds} (${order.map((runner) => runner.key).join(' then ')}, load ${loadAverage}): ` +
        `baseline ${round2(baseline.seconds)} s, validate ${round2(ours.seconds)} s, ratio ${round2(baseline.seconds / ours.seconds)}\n`,
    );
  }
  const ratio = roundSpread(spread(taken.map((entry) => entry.ratio)));
  const validatePeakRssMb = Math.max(...taken.map((entry) => entry.validatePeakRssMb));
  return {
    sizeMb: round2(sizeMb),
    records: last?.records,
    tokens: last?.tokens,
    valid: last?.valid,
    rounds: taken,
    ratioToBaseline: ratio,
    baselineMbPerSecond: roundSpread(spread(taken.map((entry) => sizeMb / entry.baselineSeconds))),
    validateMbPerSecond: roundSpread(spread(taken.map((entry) => sizeMb / entry.validateSeconds))),
    validatePeakRssMb,
    baselinePeakRssMb: Math.max(...taken.map((entry) => entry.baselinePeakRssMb)),
    ...(sizeMb < 1000 ? { meetsThroughputTarget: ratio.median >= TARGET_RATIO } : {}),
    ...(sizeMb >= 1000 ? { meetsRssTarget: validatePeakRssMb <= TARGET_RSS_MB } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,1000' },
      rounds: { type: 'string', default: '5' },
      'rounds-1gb': { type: 'string', default: '1' },
    },
  });
  const sizes = values.sizes
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isFinite(size) && size > 0);
  const rounds = Number(values.rounds);
  const bigRounds = Number(values['rounds-1gb']);
  const started = machine();
  const work = join(tmpdir(), `tune-bench-validate-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const results: SizeFigures[] = [];
  try {
    for (const size of sizes) {
      const file = join(work, `dataset-${size}mb.jsonl`);
      process.stdout.write(`generating ${size} MB...\n`);
      await generateFile(file, size * MB);
      const fileMb = statSync(file).size / MB;
      // One unrecorded read of each, so that every recorded round finds the file in the page cache.
      runChild(['--child', 'baseline', file]);
      const figures = measureSize(file, fileMb, size >= 1000 ? bigRounds : rounds);
      rmSync(file);
      results.push(figures);
      process.stdout.write(
        `${size} MB: ratio ${formatSpread(figures.ratioToBaseline)}, validate ${formatSpread(figures.validateMbPerSecond, 0)} MB/s, baseline ${formatSpread(figures.baselineMbPerSecond, 0)} MB/s, peak RSS ${figures.validatePeakRssMb} MB\n`,
      );
    }
    const llamaFile = join(work, 'llama-10k.jsonl');
    writeFileSync(llamaFile, llamaRecords());
    const llamaRuns: ChildResult[] = [];
    for (let run = 0; run < 3; run++)
      llamaRuns.push(runChild(['--child', 'validate', llamaFile, 'llama3.1-8b', 'exact']));
    const llamaMb = statSync(llamaFile).size / MB;
    rmSync(llamaFile);
    const llamaSeconds = roundSpread(spread(llamaRuns.map((run) => run.seconds)));
    const llamaLoad = roundSpread(spread(llamaRuns.map((run) => run.loadSeconds ?? 0)));
    const llamaFirst = llamaRuns[0];
    process.stdout.write(
      `10,000 records (${round2(llamaMb)} MB) with exact Llama 3 tokens: ${formatSpread(llamaSeconds)} s (tokenizer load ${formatSpread(llamaLoad)} s), ${llamaFirst?.tokens} tokens\n`,
    );
    const finished = finishMachine(started);
    const output = {
      benchmark: 'validate',
      date: new Date().toISOString(),
      machine: finished,
      model: 'titan-text-lite (estimated tokens)',
      settings: { rounds, roundsAt1Gb: bigRounds },
      sizes: results,
      llama3Exact10k: {
        records: llamaFirst?.records,
        sizeMb: round2(llamaMb),
        seconds: llamaSeconds,
        tokenizerLoadSeconds: llamaLoad,
        tokens: llamaFirst?.tokens,
        peakRssMb: Math.max(...llamaRuns.map((run) => run.maxRssMb)),
        meetsTarget: llamaSeconds.median < TARGET_LLAMA_SECONDS,
      },
      targets: {
        throughputRatio: `median >= ${TARGET_RATIO} of the baseline on 10 and 100 MB`,
        peakRssOn1GbMb: `<= ${TARGET_RSS_MB}`,
        llama10kSeconds: `< ${TARGET_LLAMA_SECONDS}`,
      },
    };
    const rows = results.map((figures) => [
      `${Math.round(figures.sizeMb)} MB`,
      String(figures.records ?? ''),
      String(figures.rounds.length),
      formatSpread(figures.ratioToBaseline),
      formatSpread(figures.validateMbPerSecond, 0),
      formatSpread(figures.baselineMbPerSecond, 0),
      String(figures.validatePeakRssMb),
      `${Math.min(...figures.rounds.map((entry) => entry.loadAverage))}–${Math.max(...figures.rounds.map((entry) => entry.loadAverage))}`,
      figures.meetsThroughputTarget !== undefined
        ? `ratio ≥ ${TARGET_RATIO}: ${figures.meetsThroughputTarget ? 'yes' : '**no**'}`
        : figures.meetsRssTarget !== undefined
          ? `RSS ≤ ${TARGET_RSS_MB} MB: ${figures.meetsRssTarget ? 'yes' : '**no**'}`
          : '',
    ]);
    const markdown = `# Dataset validation throughput

${new Date().toISOString().slice(0, 10)}, ${describeMachine(finished)}.

\`validateDataset\` (titan-text-lite, estimated tokens) on generated prompt/completion JSONL files,
beside a baseline of plain line splitting and \`JSON.parse\` of the same file. Each run is a fresh
Node process reading the file from the page cache; each round runs both, in an order rotated every
round (A/B, B/A, ...), and the ratio is the round's baseline time over the validator's (1 = as fast
as the baseline), median (range) over the rounds. Load is the 1-minute load average at the start of
each round; the machine is shared, so ratios within a round are what to compare.

${markdownTable(
  [
    'file',
    'records',
    'rounds',
    'throughput ÷ baseline',
    'validate MB/s',
    'baseline MB/s',
    'peak RSS (MB)',
    'load',
    'target',
  ],
  rows,
)}

10,000 fine-tuning records for Llama 3.1 (${round2(llamaMb)} MB) with its exact tokenizer: ${formatSpread(llamaSeconds)} s over 3 runs, of which loading the tokenizer ${formatSpread(llamaLoad)} s (target < ${TARGET_LLAMA_SECONDS} s).
`;
    writeResults('validate', output, markdown);
    process.stdout.write(`\n${markdown}\nwrote bench/results/validate.json and validate.md\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round2(value: number): number {
  return round(value, 2);
}

function round3(value: number): number {
  return round(value, 3);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) {
  const [mode, file, model, tokens] = process.argv.slice(childIndex + 1);
  const result =
    mode === 'baseline'
      ? await childBaseline(file ?? '')
      : await childValidate(file ?? '', model ?? 'titan-text-lite', tokens === 'exact');
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
