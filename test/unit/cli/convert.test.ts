import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(result.stdout).toContain('cost unknown (price: no price known)');
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

  it('prints the warnings Slack shows, citing the rows of the CSV, not lines of the file it wrote', async () => {
    // Prepare: the first row spans lines 2-3, so the CSV's lines, its rows and the output's lines
    // all differ; lines 4 and 5 are the same question.
    writeFileSync(
      join(directory, 'faq.csv'),
      'question,answer\n"What is S3?","Object\nstorage."\nWhat is EC2?,Compute.\nWhat is EC2?,Compute.\n',
    );

    // Act
    const result = await tune(
      ['convert', 'faq.csv', '--to', 'fine-tuning', '--model', 'llama3.1-8b', '-o', 'out.jsonl'],
      directory,
    );
    const json = await tune(
      ['convert', 'faq.csv', '--to', 'fine-tuning', '--model', 'llama3.1-8b', '-o', 'out.jsonl', '--json'],
      directory,
    );

    // Assess
    expect(result.stdout).toContain('  (line numbers are those of faq.csv)\n');
    expect(result.stdout).toContain(
      '  warnings (1):\n    line 5: the record repeats line 4; remove one copy (duplicates skew training). [duplicate_record]\n',
    );
    const output = JSON.parse(json.stdout).outputs[0];
    expect(output.linesOf).toBe('faq.csv');
    expect(output.warnings).toEqual([
      { line: 5, code: 'duplicate_record', message: expect.stringContaining('repeats line 4') },
    ]);
  });

  it('cites the source lines in the validation file of a split too', async () => {
    // Prepare: 12 records, the last two the same as the first; a 0.5 split spreads them.
    const rows = Array.from({ length: 10 }, (_, index) => `q${index},a${index}`);
    writeFileSync(
      join(directory, 'pairs.csv'),
      `prompt,completion\n${[...rows, rows[0], rows[0]].join('\n')}\n`,
    );

    // Act
    const result = await tune(
      [
        'convert',
        'pairs.csv',
        '--to',
        'fine-tuning',
        '--model',
        'llama3.1-8b',
        '--split',
        '0.5',
        '--seed',
        '7',
        '-o',
        'out.jsonl',
        '--json',
      ],
      directory,
    );

    // Assess: the copies of "q0,a0" are CSV lines 2, 12 and 13, wherever the split put them.
    const outputs = JSON.parse(result.stdout).outputs as {
      linesOf: string;
      warnings: { line: number; message: string }[];
    }[];
    expect(outputs.map((output) => output.linesOf)).toEqual(['pairs.csv', 'pairs.csv']);
    const duplicates = outputs.flatMap((output) => output.warnings);
    expect(duplicates.length).toBeGreaterThan(0);
    for (const warning of duplicates) {
      const repeated = Number(warning.message.match(/repeats line (\d+);/)?.[1]);
      expect([2, 12, 13]).toContain(warning.line);
      expect([2, 12, 13]).toContain(repeated);
      expect(repeated).not.toBe(warning.line);
    }
  });

  it('keeps the output’s own line numbers for chunks of text, and says whose they are', async () => {
    writeFileSync(join(directory, 'notes.txt'), 'Same paragraph.\n\nSame paragraph.\n');

    const result = await tune(
      [
        'convert',
        'notes.txt',
        '--to',
        'continued-pretraining',
        '--model',
        'titan-lite',
        '--json',
        '-o',
        'cpt.jsonl',
      ],
      directory,
    );

    expect(JSON.parse(result.stdout).outputs[0].linesOf).toBe('cpt.jsonl');
  });

  it('names -o and stops, instead of hanging, when the output cannot be written', async () => {
    // Before: the stream's open error came before any write waited on it, and node exited 13
    // with nothing said.
    const missingFolder = await tune(
      [
        'convert',
        join(fixtures, 'dolly.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'llama3.1-8b',
        '-o',
        'no-such-folder/out.jsonl',
      ],
      directory,
    );
    const folder = await tune(
      ['convert', join(fixtures, 'dolly.jsonl'), '--to', 'fine-tuning', '--model', 'llama3.1-8b', '-o', '.'],
      directory,
    );

    expect(missingFolder.code).toBe(2);
    expect(missingFolder.stderr).toContain(
      'tune convert: -o no-such-folder/out.jsonl: cannot write there (its folder does not exist); give a file in a folder you can write to\n',
    );
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('-o .: cannot write there (it is a folder)');
  });

  it('leaves no training file behind when the validation file cannot be written', async () => {
    mkdirSync(join(directory, 'out.validation.jsonl'));

    const result = await tune(
      [
        'convert',
        join(fixtures, 'valid-prompt-completion.jsonl'),
        '--to',
        'fine-tuning',
        '--model',
        'llama3.1-8b',
        '--split',
        '0.2',
        '-o',
        'out.jsonl',
      ],
      directory,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'out.validation.jsonl (the --split file beside -o): cannot write there (it is a folder)',
    );
    expect(existsSync(join(directory, 'out.jsonl'))).toBe(false);
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
