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
      'tune score: pairs.jsonl: line 2: "reference" must be a string or a list of strings: put each expected answer in double quotes\n',
    );
    expect(captured.stdout()).toBe('');
  });

  it('names every bad line, not only the first, and exits 1', async () => {
    // Prepare
    write('pairs.jsonl', [
      JSON.stringify({ prediction: 'a', reference: 'b' }),
      '{"prediction": "a",',
      JSON.stringify({ prediction: 'a', reference: 'b' }),
      JSON.stringify({ prediction: 3, reference: 'b' }),
      JSON.stringify({ prediction: 'a' }),
    ]);
    const captured = capture(dir);

    // Act
    const code = await runCli(['score', 'pairs.jsonl', '--json'], captured.io);

    // Assess
    expect(code).toBe(1);
    const lines = captured.stderr().split('\n');
    expect(lines[0]).toBe('tune score: pairs.jsonl has 3 bad lines; fix them and run again:');
    expect(lines[1]).toMatch(/^ {2}line 2: not valid JSON \(.*\): each line must be one object such as/);
    expect(lines.slice(2)).toEqual([
      '  line 4: "prediction" must be a string: put the model’s answer in double quotes',
      '  line 5: "reference" is missing: add the expected answer as "reference"',
      '',
    ]);
    expect(captured.stdout()).toBe('');
  });

  it('shows the first 50 bad lines of a file wrong throughout and counts the rest', async () => {
    write(
      'pairs.jsonl',
      Array.from({ length: 120 }, () => 'prediction,reference'),
    );
    const captured = capture(dir);

    expect(await runCli(['score', 'pairs.jsonl'], captured.io)).toBe(1);
    const lines = captured.stderr().trimEnd().split('\n');
    expect(lines[0]).toBe('tune score: pairs.jsonl has 120 bad lines; fix them and run again:');
    expect(lines[50]).toMatch(/^ {2}line 50: not valid JSON/);
    expect(lines.slice(51)).toEqual(['  … and 70 more']);
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

describe('tune score --compare', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tune-compare-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const REFERENCES = Array.from({ length: 12 }, (_, index) => `the answer number ${index} is on the shelf`);

  function write(name: string, predictions: string[], references: readonly string[] = REFERENCES): void {
    const lines = predictions.map((prediction, index) =>
      JSON.stringify({ prediction, reference: references[index] }),
    );
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }

  it('prints both means, the difference, its interval and the verdict per metric', async () => {
    // Prepare: the base answers something unrelated, the tuned model the reference itself.
    write(
      'base.jsonl',
      REFERENCES.map(() => 'no idea'),
    );
    write('tuned.jsonl', [...REFERENCES]);
    const captured = capture(dir);

    // Act
    const code = await runCli(['score', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io);

    // Assess: an exact 8-word match scores METEOR 1 − 0.5·(1 chunk / 8 matches)³ = 0.99902.
    expect(code).toBe(0);
    expect(captured.stderr()).toBe('');
    expect(captured.stdout()).toBe(
      [
        '12 paired records',
        'metric   base    tuned   difference  95% interval',
        'METEOR   0.0000  0.9990  +0.9990     [+0.9990, +0.9990]',
        'ROUGE-1  0.0000  1.0000  +1.0000     [+1.0000, +1.0000]',
        'ROUGE-2  0.0000  1.0000  +1.0000     [+1.0000, +1.0000]',
        'ROUGE-L  0.0000  1.0000  +1.0000     [+1.0000, +1.0000]',
        'verdict: tuned is better on all four metrics; the gain is larger than chance',
        '(paired bootstrap: 1000 resamples, seed 20261127)',
        '',
      ].join('\n'),
    );
  });

  it('gives the same figures as JSON with --json', async () => {
    write(
      'base.jsonl',
      REFERENCES.map((reference, index) => (index % 2 === 0 ? reference : 'no idea')),
    );
    write(
      'tuned.jsonl',
      REFERENCES.map((reference, index) => (index % 2 === 1 ? reference : 'no idea')),
    );
    const captured = capture(dir);

    const code = await runCli(['score', '--json', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io);

    expect(code).toBe(0);
    const summary = JSON.parse(captured.stdout());
    expect(summary.records).toBe(12);
    expect(summary.metrics.rouge1).toMatchObject({
      base: 0.5,
      tuned: 0.5,
      difference: 0,
      verdict: 'no-clear-difference',
    });
    expect(summary.metrics.rouge1.interval.low).toBeLessThan(0);
    expect(summary.metrics.rouge1.interval.high).toBeGreaterThan(0);
    expect(summary.verdict.kind).toBe('no-clear-difference');
  });

  it('names the lines whose references differ and exits 1', async () => {
    write(
      'base.jsonl',
      REFERENCES.map(() => 'x'),
    );
    const changed = [...REFERENCES];
    changed[4] = 'a different reference';
    write(
      'tuned.jsonl',
      REFERENCES.map(() => 'x'),
      changed,
    );
    const captured = capture(dir);

    const code = await runCli(['score', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io);

    expect(code).toBe(1);
    expect(captured.stderr()).toBe(
      'tune score --compare: record 5 has different references: line 5 of base.jsonl and line 5 of tuned.jsonl; both files must hold the same references in the same order\n',
    );
    expect(captured.stdout()).toBe('');
  });

  it('says how many records each file has when the counts differ', async () => {
    write(
      'base.jsonl',
      REFERENCES.map(() => 'x'),
    );
    write(
      'tuned.jsonl',
      REFERENCES.slice(0, 10).map(() => 'x'),
    );
    const captured = capture(dir);

    expect(await runCli(['score', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io)).toBe(1);
    expect(captured.stderr()).toContain('base.jsonl has 12 records and tuned.jsonl has 10');
  });

  it('reports a malformed line of either file with exit 1', async () => {
    write(
      'base.jsonl',
      REFERENCES.map(() => 'x'),
    );
    writeFileSync(join(dir, 'tuned.jsonl'), '{"prediction": "a"}\n');
    const captured = capture(dir);

    expect(await runCli(['score', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io)).toBe(1);
    expect(captured.stderr()).toBe(
      'tune score: tuned.jsonl: line 1: "reference" is missing: add the expected answer as "reference"\n',
    );
  });

  it('names the bad lines of both files in one run', async () => {
    writeFileSync(join(dir, 'base.jsonl'), '{"prediction": "a"}\n');
    writeFileSync(join(dir, 'tuned.jsonl'), '{"reference": "a"}\n');
    const captured = capture(dir);

    expect(await runCli(['score', '--compare', 'base.jsonl', 'tuned.jsonl'], captured.io)).toBe(1);
    expect(captured.stderr()).toContain('tune score: base.jsonl: line 1: "reference" is missing');
    expect(captured.stderr()).toContain('tune score: tuned.jsonl: line 1: "prediction" is missing');
  });

  it('exits 2 unless given exactly two files', async () => {
    const captured = capture(dir);
    expect(await runCli(['score', '--compare', 'base.jsonl'], captured.io)).toBe(2);
    expect(captured.stderr()).toContain('--compare takes two files');
    expect(await runCli(['score', '--compare', 'a', 'b', 'c'], capture(dir).io)).toBe(2);
  });
});
