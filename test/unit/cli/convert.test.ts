import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtures, repoRoot, tune } from './support.js';

const awsCliExamples = resolve(repoRoot, 'test/fixtures/aws-cli-examples');

describe('tune convert', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'tune-convert-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('converts Dolly records, writes the JSONL and validates it', async () => {
    // Act
    const result = await tune(
      [
        'convert',
        join(fixtures, 'dolly.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'titan-text-lite',
        '-o',
        'out.jsonl',
      ],
      directory,
    );

    // Assess
    // An end-of-life model can still be checked offline; the output says it cannot be trained.
    expect(result.stderr).toBe(
      'tune convert: Titan Text G1 - Lite is past its end of life (since 2025-08-12): Bedrock refuses jobs on it. This check ran offline against its documented rules; `tune models` lists the models offered today.\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('converted jsonl → prompt-completion');
    expect(result.stdout).toContain('✓ out.jsonl: 2 records');
    const written = readFileSync(join(directory, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(written[0]).toEqual({ prompt: 'Summarize.\n\nAWS is a cloud.', completion: 'A cloud.' });
  });

  it('splits off a validation file with --split', async () => {
    const result = await tune(
      [
        'convert',
        join(fixtures, 'valid-prompt-completion.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'titan-lite',
        '--split',
        '0.2',
        '-o',
        'data.jsonl',
        '--json',
      ],
      directory,
    );
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.conversion).toMatchObject({ training: 8, validation: 2 });
    expect(
      output.outputs.map((entry: { path: string; valid: boolean }) => [entry.path, entry.valid]),
    ).toEqual([
      ['data.jsonl', true],
      ['data.validation.jsonl', true],
    ]);
    expect(readFileSync(join(directory, 'data.validation.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('converts the AWS CLI examples CSV with named columns', async () => {
    const result = await tune(
      [
        'convert',
        join(awsCliExamples, 'examples.csv'),
        '--to',
        'fine-tuning',
        '--model',
        'llama3.1-8b',
        '--prompt-column',
        'title,description',
        '--completion-column',
        'cli',
        '--split',
        '0.1',
        '-o',
        'cli.jsonl',
      ],
      directory,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '1,705 source record(s) → 1,705 written (1,534 training, 171 validation)',
    );
    expect(result.stdout).toMatch(/✓ cli\.jsonl: 1,534 records, [\d,]+ tokens/);
    expect(result.stdout).toContain('cost unknown (no confirmed price)');
  });

  it('chunks Markdown for continued pre-training', async () => {
    const result = await tune(
      [
        'convert',
        join(fixtures, 'notes.md'),
        '--to',
        'continued-pretraining',
        '--model',
        'titan-lite',
        '-o',
        'cpt.jsonl',
      ],
      directory,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('chunks of at most 3,684 tokens (estimated)');
    expect(JSON.parse(readFileSync(join(directory, 'cpt.jsonl'), 'utf8')).input).toContain('# Amazon S3');
  });

  it('exits 2 when text is converted for fine-tuning, saying what to do', async () => {
    const result = await tune(
      [
        'convert',
        join(fixtures, 'notes.md'),
        '--to',
        'fine-tuning',
        '--model',
        'titan-lite',
        '-o',
        'x.jsonl',
      ],
      directory,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('convert it with --to continued-pretraining');
    expect(existsSync(join(directory, 'x.jsonl'))).toBe(false);
  });

  it('exits 2 on usage errors, naming the option', async () => {
    const noOutput = await tune(
      ['convert', join(fixtures, 'dolly.jsonl'), '--to', 'fine-tuning', '--model', 'titan-lite'],
      directory,
    );
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain('missing -o <out.jsonl>');
    const badSplit = await tune(
      [
        'convert',
        join(fixtures, 'dolly.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'titan-lite',
        '--split',
        '1.5',
        '-o',
        'x.jsonl',
      ],
      directory,
    );
    expect(badSplit.code).toBe(2);
    expect(badSplit.stderr).toContain('--split must be a fraction above 0 and below 1');
    const badColumn = await tune(
      [
        'convert',
        join(fixtures, 'quoted-multiline.csv'),
        '--to',
        'fine-tuning',
        '--model',
        'titan-lite',
        '--prompt-column',
        'title',
        '--completion-column',
        'answer',
        '-o',
        'x.jsonl',
      ],
      directory,
    );
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toContain(
      '--prompt-column "title" is not a column of this file; its columns are: question, answer, notes',
    );
  });

  it('exits 1 when nothing could be converted', async () => {
    // Prepare
    writeFileSync(
      join(directory, 'empty-answers.jsonl'),
      '{"question": "a", "answer": ""}\n{"question": "b", "answer": null}\n',
    );

    // Act
    const result = await tune(
      ['convert', 'empty-answers.jsonl', '--to', 'fine-tuning', '--model', 'titan-lite', '-o', 'x.jsonl'],
      directory,
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 source record(s) → 0 written · 2 left out');
    expect(result.stdout).toContain('line 2: the completion (answer) is empty');
  });
});
