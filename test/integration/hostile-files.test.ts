/**
 * Hostile files, one table: each file with the answer tune must give and the time and memory it
 * may take, sent through every way a file comes in. `intake` is the core's intake (what the
 * worker runs for a shared file and for an upload link) with in-memory stores; `cli` is
 * `tune validate` (or `tune convert` for PDFs) on the file on disk; `slack` shares the file in the
 * sandbox and reads the answer in its thread (the file-share listener, the queue, the dataset
 * task, the real download). Files too big to hold in the sandbox's memory skip `slack` (the
 * download's own cut-off is in slack/files.test.ts); the 1 GB files are generated as they are read
 * (or made sparse on disk), never committed.
 *
 * Memory is the growth of the process's resident set over the run, sampled every few
 * milliseconds (vitest runs each file in a process of its own); time is wall-clock on a shared
 * 2-core machine, so the bounds leave room for load.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { intakeDataset } from '../../src/core/intake/intake.js';
import { silentLogger } from '../../src/local/console-logger.js';
import { type LocalStack, startLocalStack } from '../../src/local/stack.js';
import { FixedClock } from '../fakes/clock.js';
import { InMemoryDatasetIndex, InMemoryDatasetStore } from '../fakes/stores.js';
import { ALICE, sandboxOf } from '../support/jobs.js';
import { tune } from '../unit/cli/support.js';
import { eastOffers, TODAY } from '../unit/core/offers-fixture.js';

const MB = 1_000_000;
const GB = 1_000 * MB;

/** One record in us-east-1's default model's format (Nova Micro). */
function record(text = 'How do I list my buckets?'): string {
  return JSON.stringify({
    schemaVersion: 'bedrock-conversation-2024',
    messages: [
      { role: 'user', content: [{ text }] },
      { role: 'assistant', content: [{ text: 'aws s3 ls' }] },
    ],
  });
}
const GOOD = Array.from({ length: 12 }, (_, index) => record(`question ${index}`));
const lines = (...items: string[]) => `${items.join('\n')}\n`;

/** The same bytes over and over up to `total`: a file of any size without holding it. */
async function* repeated(unit: Buffer, total: number): AsyncGenerator<Uint8Array> {
  const chunk = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(MB / unit.length)) }, () => unit));
  for (let sent = 0; sent < total; sent += chunk.length) {
    yield sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
  }
}

/** A real ZIP archive (one stored-deflated member) whose member inflates to `size` zero bytes. */
function zipBomb(size: number): Buffer {
  const inflated = Buffer.alloc(size);
  const data = deflateRawSync(inflated, { level: 9 });
  const name = Buffer.from('data.jsonl');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt32LE(crc32(inflated), 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, data]);
}

/** A well-formed one-page PDF with nothing on the page. */
function pdfWithoutText(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

type Driver = 'intake' | 'cli' | 'slack';

interface HostileFile {
  name: string;
  fileName: string;
  /** Small files as bytes; large ones as a stream made on demand, with their size. */
  content: () => Buffer | { stream: () => AsyncIterable<Uint8Array>; bytes: number; sparseZeros?: boolean };
  /** What every driver's answer must contain (its code, or its words)… */
  answer: RegExp;
  /** …unless a driver answers otherwise, for a reason given in the row. */
  answers?: Partial<Record<Driver, RegExp>>;
  /** What Slack may not show (raw mrkdwn that would ping or link). */
  neverInSlack?: RegExp;
  skip?: Partial<Record<Driver, string>>;
  seconds: number;
  megabytes: number;
}

const tooBigForTheSandbox = 'the sandbox holds a shared file in memory';

const HOSTILE: HostileFile[] = [
  {
    name: 'a gzip bomb named .jsonl (100 MB of JSON in 100 kB)',
    fileName: 'bomb.jsonl',
    content: () =>
      gzipSync(Buffer.from(lines(...GOOD).repeat(Math.ceil((100 * MB) / lines(...GOOD).length)))),
    answer: /gzip-compressed[\s\S]*binary_file/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'a zip bomb named .jsonl (200 MB of zeros in 200 kB)',
    fileName: 'archive.jsonl',
    content: () => zipBomb(200 * MB),
    answer: /ZIP archive[\s\S]*binary_file/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'a zip named .pdf',
    fileName: 'report.pdf',
    content: () => zipBomb(10 * MB),
    // A PDF is text for continued pre-training, which us-east-1 does not offer: said before reading it.
    answer: /Continued pre-training is not available in us-east-1/,
    // `tune convert` reads a .pdf that is not one as text for continued pre-training, and stops at its bytes.
    answers: { cli: /the file is not valid UTF-8/ },
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'a PDF with no text',
    fileName: 'scan.pdf',
    content: pdfWithoutText,
    answer: /Continued pre-training is not available in us-east-1/,
    answers: { cli: /no extractable text[\s\S]*empty_text/ },
    seconds: 10,
    megabytes: 150,
  },
  {
    name: 'a 1 GB file of valid records, streamed',
    fileName: 'huge.jsonl',
    content: () => ({ stream: () => repeated(Buffer.from(`${record('q'.repeat(300))}\n`), GB), bytes: GB }),
    answer: /accepts at most 20,000 in a training file[\s\S]*too_many_records/,
    skip: {
      cli: 'the same validator as intake on 1 GB of disk: bench/ measures it',
      slack: tooBigForTheSandbox,
    },
    seconds: 90,
    megabytes: 200,
  },
  {
    name: 'a 1 GB file of NUL bytes (sparse on disk)',
    fileName: 'zeros.jsonl',
    content: () => ({ stream: () => repeated(Buffer.alloc(64 * 1024), GB), bytes: GB, sparseZeros: true }),
    answer: /NUL bytes[\s\S]*binary_file/,
    skip: { slack: tooBigForTheSandbox },
    seconds: 60,
    megabytes: 200,
  },
  {
    name: 'a 100 MB single line',
    fileName: 'one-line.jsonl',
    content: () => ({
      stream: async function* () {
        yield Buffer.from('{"schemaVersion": "bedrock-conversation-2024", "padding": "');
        yield* repeated(Buffer.from('a'), 100 * MB);
        yield Buffer.from('"}\n');
      },
      bytes: 100 * MB + 61,
    }),
    answer: /line 1 is 100,000,061 bytes[\s\S]*line_too_long/,
    skip: { slack: tooBigForTheSandbox },
    seconds: 30,
    megabytes: 120,
  },
  {
    name: 'a record nested 100,000 levels deep',
    fileName: 'deep.jsonl',
    content: () => Buffer.from(lines(...GOOD, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)),
    answer: /line 13: the record nests[\s\S]*too_deeply_nested/,
    seconds: 10,
    megabytes: 150,
  },
  {
    name: 'a JSON array nested 100,000 levels deep',
    fileName: 'deep-array.json',
    content: () => Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
    // Shared, an array is converted: its one element is not a record. `tune validate` reads JSON Lines only.
    answer: /element 1 is not an object[\s\S]*not_an_object/,
    answers: { cli: /is a JSON array[\s\S]*json_array/ },
    seconds: 10,
    megabytes: 150,
  },
  {
    name: 'invalid UTF-8',
    fileName: 'latin1.jsonl',
    content: () =>
      Buffer.concat([
        Buffer.from(lines(...GOOD)),
        Buffer.from('{"a": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
    answer: /line 13 is not valid UTF-8[\s\S]*invalid_utf8/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'UTF-16 with a byte-order mark',
    fileName: 'utf16.jsonl',
    content: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(...GOOD), 'utf16le')]),
    answer: /UTF-16 text: save it as UTF-8[\s\S]*binary_file/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'NUL bytes between records',
    fileName: 'nul.jsonl',
    content: () => Buffer.from(lines(...GOOD.slice(0, 6), '\0\0\0\0', ...GOOD.slice(6))),
    answer: /NUL bytes[\s\S]*binary_file/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'lone surrogates',
    fileName: 'surrogates.jsonl',
    content: () =>
      Buffer.from(lines(...GOOD, record('half a pair: \\ud800').replace('\\\\ud800', '\\ud800'))),
    answer: /line 13: .*lone UTF-16 surrogate[\s\S]*lone_surrogate/,
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'a name that climbs out of its folder',
    fileName: '../../../etc/passwd.jsonl',
    content: () => Buffer.from(lines(...GOOD)),
    answer: /is ready for fine-tuning/,
    skip: { cli: 'on the command line the name is the path the person typed' },
    seconds: 5,
    megabytes: 100,
  },
  {
    name: 'mrkdwn and mentions in the name',
    fileName: '*bold* _it_ ~no~ `tick` <!here> <@U0BOB> <#C0GENERAL> &amp.jsonl',
    content: () => Buffer.from(lines(...GOOD)),
    answer: /is ready for fine-tuning/,
    neverInSlack: /<!here>|<@U0BOB>|<#C0GENERAL>/,
    skip: { cli: 'a terminal renders no mrkdwn' },
    seconds: 5,
    megabytes: 100,
  },
];

let stack: LocalStack;
let directory: string;

beforeAll(async () => {
  stack = await startLocalStack({ watchIntervalMs: 0, logger: silentLogger });
  directory = await mkdtemp(join(tmpdir(), 'tune-hostile-'));
});
afterAll(async () => {
  await stack?.close();
  await rm(directory, { recursive: true, force: true });
});

/** Runs `work`, sampling the resident set; returns its result, the seconds and the megabytes it grew by. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; megabytes: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: (performance.now() - started) / 1000, megabytes: (peak - baseline) / MB };
  } finally {
    clearInterval(sampler);
  }
}

type Content = ReturnType<HostileFile['content']>;

/** Each file made once for its three drivers (a bomb takes a second to compress). */
const made = new Map<HostileFile, Content>();
function contentOf(file: HostileFile): Content {
  const content = made.get(file) ?? file.content();
  made.set(file, content);
  return content;
}

function streamOf(content: Content): AsyncIterable<Uint8Array> {
  if (Buffer.isBuffer(content)) {
    return (async function* () {
      for (let at = 0; at < content.length; at += 64 * 1024) yield content.subarray(at, at + 64 * 1024);
    })();
  }
  return content.stream();
}

/** The intake's answer as text: the report's and the conversion's issues with their codes, or its refusal. */
async function viaIntake(file: HostileFile, content: Content): Promise<string> {
  const datasetStore = new InMemoryDatasetStore();
  try {
    const outcome = await intakeDataset(
      {
        teamId: 'T1',
        channelId: 'C1',
        userId: 'U1',
        fileName: file.fileName,
        source: 'slack-file',
        options: {},
        offered: eastOffers(),
        download: async () => streamOf(content),
      },
      { datasetStore, datasets: new InMemoryDatasetIndex(), clock: new FixedClock(TODAY.toISOString()) },
    );
    // Wherever the name points, the dataset is stored under its channel's folder by id.
    for (const key of datasetStore.objects.keys()) expect(key).toMatch(/^datasets\/T1\/C1\/[a-z0-9-]+\./);
    const issues = [...(outcome.conversion?.issues ?? []), ...outcome.report.errors];
    const verdict = outcome.entry?.valid ? `${file.fileName} is ready for fine-tuning` : 'not valid';
    return [verdict, ...issues.map((issue) => `${issue.message} [${issue.code}]`)].join('\n');
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}

/** Writes the file (not measured), then runs `tune` on it. */
async function viaCli(file: HostileFile, content: Content): Promise<() => Promise<string>> {
  const path = join(directory, file.fileName);
  if (Buffer.isBuffer(content)) await writeFile(path, content);
  else if (content.sparseZeros) {
    await writeFile(path, '');
    await truncate(path, content.bytes);
  } else {
    const out = createWriteStream(path);
    for await (const chunk of content.stream()) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  const args = file.fileName.endsWith('.pdf')
    ? ['convert', path, '--to', 'continued-pretraining', '--model', 'titan-lite', '-o', `${path}.out.jsonl`]
    : ['validate', path, '--model', 'nova-micro', '--type', 'fine-tuning'];
  return async () => {
    const result = await tune(args, directory);
    await rm(path, { force: true });
    expect(result.code, result.stdout + result.stderr).not.toBe(0);
    return `${result.stdout}\n${result.stderr}`;
  };
}

async function viaSlack(file: HostileFile, content: Content): Promise<string> {
  const sandbox = sandboxOf(stack);
  if (!Buffer.isBuffer(content)) throw new Error(`${file.name} is not held in memory`);
  const channel = sandbox.channelId('ml-experiments');
  const shared = await sandbox.shareFile({
    userId: ALICE,
    channelId: channel,
    filename: file.fileName,
    content,
  });
  await stack.idle();
  return sandbox
    .thread(channel, String(shared.message.ts))
    .filter((message) => message.user === sandbox.botUserId)
    .map((message) => JSON.stringify(message))
    .join('\n');
}

/** Each way in: what it needs made first (not measured), then the run that is measured. */
const DRIVERS: Record<Driver, (file: HostileFile, content: Content) => Promise<() => Promise<string>>> = {
  intake: async (file, content) => () => viaIntake(file, content),
  cli: viaCli,
  slack: async (file, content) => () => viaSlack(file, content),
};

const cases = HOSTILE.flatMap((file) =>
  (['intake', 'cli', 'slack'] as const).map((driver) => ({
    file,
    driver,
    label: `${file.name} (${driver})`,
  })),
);

describe('hostile files', () => {
  it.each(cases)('$label: the answer it must get, in time and memory', async ({ file, driver }) => {
    const skipped = file.skip?.[driver];
    if (skipped) {
      // Said in the table why this way in is not tried.
      expect(skipped.length).toBeGreaterThan(0);
      return;
    }
    const run = await DRIVERS[driver](file, contentOf(file));
    const { result: answer, seconds, megabytes } = await measured(run);

    expect(answer).toMatch(file.answers?.[driver] ?? file.answer);
    if (file.neverInSlack && driver === 'slack') expect(answer).not.toMatch(file.neverInSlack);
    expect(seconds, `${file.name} via ${driver} took ${seconds.toFixed(1)} s`).toBeLessThan(file.seconds);
    expect(megabytes, `${file.name} via ${driver} grew by ${megabytes.toFixed(0)} MB`).toBeLessThan(
      file.megabytes,
    );
  });
});
