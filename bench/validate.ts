/**
 * Dataset validation benchmark (issue 3): throughput and peak memory of `validateDataset` on
 * generated JSONL files of 10 MB, 100 MB and 1 GB, beside a baseline of plain line splitting plus
 * `JSON.parse` on the same file in the same run; and the time to validate a 10,000-record file with
 * exact Llama 3 token counts. Each measurement runs in its own child process, so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own. Figures go to bench/results/validate.json.
 *
 *   npx tsx bench/validate.ts               # 10, 100 and 1000 MB
 *   npx tsx bench/validate.ts --sizes 10,100
 *   npx tsx bench/validate.ts --repeat 1   # one run each (default: best of 3 below 1 GB)
 *
 * Targets (reported, not asserted): ≥ 50% of the baseline's MB/s with estimated tokens; peak RSS
 * under 200 MB on 1 GB; 10,000 records with exact Llama tokenization under 3 s.
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
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/dataset/convert/split.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..');
const MB = 1_000_000;

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

/** Best time of `repeat` runs (the machine is shared, so single runs are noisy) and the highest peak RSS. */
function bestOf(repeat: number, args: string[]): ChildResult {
  let best: ChildResult | undefined;
  let maxRssMb = 0;
  for (let run = 0; run < repeat; run++) {
    const result = runChild(args);
    maxRssMb = Math.max(maxRssMb, result.maxRssMb);
    if (!best || result.seconds < best.seconds) best = result;
  }
  if (!best) throw new Error('no run');
  return { ...best, maxRssMb };
}

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

async function main(): Promise<void> {
  const sizesArgument = process.argv.indexOf('--sizes');
  const sizes = (sizesArgument === -1 ? '10,100,1000' : (process.argv[sizesArgument + 1] ?? ''))
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isFinite(size) && size > 0);
  const repeatIndex = process.argv.indexOf('--repeat');
  const repeatArgument = repeatIndex === -1 ? undefined : Number(process.argv[repeatIndex + 1]);
  const work = join(tmpdir(), `tune-bench-validate-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const results: Record<string, unknown>[] = [];
  try {
    for (const size of sizes) {
      const file = join(work, `dataset-${size}mb.jsonl`);
      process.stdout.write(`generating ${size} MB... `);
      await generateFile(file, size * MB);
      const fileMb = statSync(file).size / MB;
      process.stdout.write('baseline... ');
      const repeat = repeatArgument ?? (size >= 1000 ? 1 : 3);
      const baseline = bestOf(repeat, ['--child', 'baseline', file]);
      process.stdout.write('validate... ');
      const ours = bestOf(repeat, ['--child', 'validate', file, 'titan-text-lite', 'estimate']);
      rmSync(file);
      const row = {
        sizeMb: Math.round(fileMb),
        records: ours.records,
        baseline: {
          mbPerSecond: round(fileMb / baseline.seconds),
          seconds: round(baseline.seconds),
          peakRssMb: baseline.maxRssMb,
        },
        validate: {
          mbPerSecond: round(fileMb / ours.seconds),
          seconds: round(ours.seconds),
          peakRssMb: ours.maxRssMb,
          tokens: ours.tokens,
          valid: ours.valid,
        },
        ratioToBaseline: round(baseline.seconds / ours.seconds),
        runs: repeat,
      };
      results.push(row);
      process.stdout.write(
        `ours ${row.validate.mbPerSecond} MB/s, baseline ${row.baseline.mbPerSecond} MB/s (${Math.round(row.ratioToBaseline * 100)}%), peak RSS ${row.validate.peakRssMb} MB\n`,
      );
    }
    const llamaFile = join(work, 'llama-10k.jsonl');
    writeFileSync(llamaFile, llamaRecords());
    const llama = bestOf(repeatArgument ?? 3, ['--child', 'validate', llamaFile, 'llama3.1-8b', 'exact']);
    const llamaMb = statSync(llamaFile).size / MB;
    rmSync(llamaFile);
    process.stdout.write(
      `10,000 records (${round(llamaMb)} MB) with exact Llama 3 tokens: ${round(llama.seconds)} s (tokenizer load ${round(llama.loadSeconds ?? 0)} s), ${llama.tokens} tokens\n`,
    );
    const output = {
      benchmark: 'validate',
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      date: new Date().toISOString(),
      model: 'titan-text-lite (estimated tokens)',
      sizes: results,
      llama3Exact10k: {
        records: llama.records,
        sizeMb: round(llamaMb),
        seconds: round(llama.seconds),
        tokenizerLoadSeconds: round(llama.loadSeconds ?? 0),
        tokens: llama.tokens,
        peakRssMb: llama.maxRssMb,
      },
      targets: {
        throughputRatio: '>= 0.5 of baseline',
        peakRssOn1GbMb: '< 200',
        llama10kSeconds: '< 3',
      },
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'validate.json'), `${JSON.stringify(output, null, 2)}\n`);
    process.stdout.write('wrote bench/results/validate.json\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
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
