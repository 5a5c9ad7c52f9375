import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';

interface Captured {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function capture(cwd: string): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text), cwd },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

describe('tune score', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tune-score-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, lines: string[]): void {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }

  it('prints a table of means', async () => {
    // Prepare
    write('pairs.jsonl', [
      JSON.stringify({ prediction: 'the cat sat on the mat', reference: 'the cat sat on the mat' }),
      JSON.stringify({ prediction: 'x', reference: 'y' }),
    ]);
    const captured = capture(dir);
    // Act
    const code = await runCli(['score', 'pairs.jsonl'], captured.io);
    // Assess
    expect(code).toBe(0);
    expect(captured.stdout()).toBe(
      [
        '2 records',
        'mean',
        '  meteor  0.4988',
        '  rouge1  0.5000',
        '  rouge2  0.5000',
        '  rougeL  0.5000',
        '',
      ].join('\n'),
    );
    expect(captured.stderr()).toBe('');
  });

  it('prints one JSON object with the means and each record in input order with --json', async () => {
    write('pairs.jsonl', [
      JSON.stringify({ prediction: 'cats running', reference: ['nothing alike', 'cat runs'] }),
      '',
      JSON.stringify({ prediction: '', reference: 'x' }),
    ]);
    const captured = capture(dir);

    const code = await runCli(['score', '--json', 'pairs.jsonl'], captured.io);

    expect(code).toBe(0);
    const result = JSON.parse(captured.stdout()) as {
      records: number;
      mean: Record<string, number>;
      perRecord: Record<string, number>[];
    };
    expect(result.records).toBe(2);
    expect(Object.keys(result.mean)).toEqual(['meteor', 'rouge1', 'rouge2', 'rougeL']);
    expect(result.perRecord[0]?.meteor).toBeCloseTo(15 / 16, 12);
    expect(result.perRecord[1]).toEqual({ meteor: 0, rouge1: 0, rouge2: 0, rougeL: 0 });
    expect(result.mean.meteor).toBeCloseTo(15 / 32, 12);
  });

  it('names the line and the field of a malformed record and exits 1', async () => {
    write('pairs.jsonl', [
      JSON.stringify({ prediction: 'a', reference: 'b' }),
      JSON.stringify({ prediction: 'a', reference: ['b', 3] }),
    ]);
    const captured = capture(dir);

    const code = await runCli(['score', 'pairs.jsonl'], captured.io);

    expect(code).toBe(1);
    expect(captured.stderr()).toBe(
      'tune score: pairs.jsonl: line 2: "reference" must be a string or a list of strings\n',
    );
    expect(captured.stdout()).toBe('');
  });

  it.each([
    ['{"reference": "b"}', 'line 1: "prediction" is missing'],
    ['{"prediction": 1, "reference": "b"}', 'line 1: "prediction" must be a string'],
    ['{"prediction": "a"}', 'line 1: "reference" is missing'],
    ['{"prediction": "a", "reference": []}', 'line 1: "reference" must not be an empty list'],
    ['["a", "b"]', 'line 1: expected an object with "prediction" and "reference"'],
    ['{"prediction": "a",', 'line 1: not valid JSON'],
  ])('rejects %s', async (line, message) => {
    write('pairs.jsonl', [line]);
    const captured = capture(dir);

    const code = await runCli(['score', 'pairs.jsonl'], captured.io);

    expect(code).toBe(1);
    expect(captured.stderr()).toContain(message);
  });

  it('accepts Windows line endings and a byte-order mark', async () => {
    writeFileSync(
      join(dir, 'crlf.jsonl'),
      `\uFEFF${JSON.stringify({ prediction: 'a b', reference: 'a b' })}\r\n`,
    );
    const captured = capture(dir);

    expect(await runCli(['score', 'crlf.jsonl', '--json'], captured.io)).toBe(0);
    expect(JSON.parse(captured.stdout()).records).toBe(1);
  });

  it('exits 1 on a file with no records', async () => {
    write('empty.jsonl', ['', '  ']);
    const captured = capture(dir);

    expect(await runCli(['score', 'empty.jsonl'], captured.io)).toBe(1);
    expect(captured.stderr()).toContain('no records');
  });

  it('exits 2 with the usage when the file is missing from the command line', async () => {
    const captured = capture(dir);

    const code = await runCli(['score'], captured.io);

    expect(code).toBe(2);
    expect(captured.stderr()).toContain('missing the .jsonl file');
    expect(captured.stderr()).toContain('Usage: tune score <file.jsonl> [--json]');
  });

  it('exits 2 on an unknown option or a second file', async () => {
    expect(await runCli(['score', 'a.jsonl', '--csv'], capture(dir).io)).toBe(2);
    expect(await runCli(['score', 'a.jsonl', 'b.jsonl'], capture(dir).io)).toBe(2);
  });

  it('exits 2 when the file cannot be read', async () => {
    const captured = capture(dir);

    const code = await runCli(['score', 'nope.jsonl'], captured.io);

    expect(code).toBe(2);
    expect(captured.stderr()).toBe(`tune score: no such file: ${join(dir, 'nope.jsonl')}\n`);
  });
});
