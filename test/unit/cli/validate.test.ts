import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tune } from './support.js';

describe('tune validate', () => {
  it('exits 0 and says so for a valid file', async () => {
    const result = await tune([
      'validate',
      'valid-prompt-completion.jsonl',
      '--model',
      'titan-text-lite',
      '--type',
      'fine-tuning',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '✓ valid-prompt-completion.jsonl is valid for Titan Text G1 - Lite fine-tuning',
    );
    expect(result.stdout).toContain('10 records');
    expect(result.stdout).toMatch(/cost ≈ \$\d/);
    expect(result.stdout).toContain('training only; price: secondary source, about 2024, not confirmed');
    // Offline checking of a file still works for a model past its end of life, and says so.
    expect(result.stderr).toBe(
      'tune validate: Titan Text G1 - Lite is past its end of life (since 2025-08-12): Bedrock refuses jobs on it. This check ran offline against its documented rules; `tune models` lists the models offered today.\n',
    );
  });

  it('adds no lifecycle notice for an active model', async () => {
    const result = await tune(['validate', 'dolly.jsonl', '--model', 'llama3.1-8b', '--type', 'fine-tuning']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Llama 3.1 8B Instruct');
    expect(result.stdout).toContain('epochs; price: no price known');
  });

  it('exits 1 and lists each problem with its line and code', async () => {
    const result = await tune([
      'validate',
      'several-errors.jsonl',
      '--model',
      'titan-text-lite',
      '--type',
      'fine-tuning',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('errors (4):');
    expect(result.stdout).toContain('line 2: not valid JSON');
    expect(result.stdout).toContain(
      'line 4: "completion" is null; it must be a string: put the text in double quotes. [wrong_type]',
    );
    expect(result.stdout).toContain('line 7: the record repeats line 1');
  });

  it('prints one JSON object with the fields scripts rely on', async () => {
    // Act
    const result = await tune([
      'validate',
      'several-errors.jsonl',
      '--model',
      'amazon.titan-text-lite-v1:0:4k',
      '--type',
      'fine-tuning',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report).slice(0, 7)).toEqual([
      'valid',
      'format',
      'records',
      'errors',
      'warnings',
      'tokens',
      'cost',
    ]);
    expect(report.valid).toBe(false);
    expect(report.format).toBe('prompt-completion');
    expect(report.records).toBe(9);
    expect(report.errors[0]).toEqual({
      line: 2,
      code: 'invalid_json',
      message: expect.stringContaining('line 2:'),
    });
    expect(Object.keys(report.errors[0])).toEqual(['line', 'code', 'message']);
    expect(report.tokens).toMatchObject({ exact: false, method: 'estimate' });
    expect(report.cost).toMatchObject({ epochs: 5 });
  });

  it('checks a validation file against the validation limits', async () => {
    const result = await tune([
      'validate',
      'too-few-records-haiku.jsonl',
      '--model',
      'haiku',
      '--type',
      'fine-tuning',
      '--validation',
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).errors).toEqual([
      {
        line: null,
        code: 'too_few_records',
        message: expect.stringContaining('at least 32 in a validation file'),
      },
    ]);
  });

  it('exits 2 on usage errors, naming the option', async () => {
    const noModel = await tune(['validate', 'valid-prompt-completion.jsonl', '--type', 'fine-tuning']);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain('missing --model <id>');
    const badType = await tune([
      'validate',
      'valid-prompt-completion.jsonl',
      '--model',
      'titan-lite',
      '--type',
      'rlhf',
    ]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('--type must be fine-tuning or continued-pretraining (got "rlhf")');
    const unknownOption = await tune([
      'validate',
      'x.jsonl',
      '--model',
      'titan-lite',
      '--type',
      'fine-tuning',
      '--fast',
    ]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('tune validate: unknown option --fast\n');
    const noFile = await tune(['validate', '--model', 'titan-lite', '--type', 'fine-tuning']);
    expect(noFile.code).toBe(2);
  });

  it('exits 2 on an unknown model or a type the model does not offer', async () => {
    const unknown = await tune([
      'validate',
      'valid-input.jsonl',
      '--model',
      'gpt-4',
      '--type',
      'fine-tuning',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'tune validate: --model gpt-4: unknown model. Run `tune models` for the models and their aliases.\n',
    );
    const typo = await tune(['validate', 'x.jsonl', '--model', 'nova-mirco', '--type', 'fine-tuning']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--model nova-mirco: unknown model; did you mean --model nova-micro?');
    const unsupported = await tune([
      'validate',
      'valid-input.jsonl',
      '--model',
      'nova-lite',
      '--type',
      'continued-pretraining',
    ]);
    expect(unsupported.code).toBe(2);
    expect(unsupported.stderr).toContain('Nova Lite does not support continued pre-training');
  });

  it('exits 2 when the file cannot be read', async () => {
    const missing = await tune([
      'validate',
      'no-such-file.jsonl',
      '--model',
      'titan-lite',
      '--type',
      'fine-tuning',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const directory = await tune(['validate', '.', '--model', 'titan-lite', '--type', 'fine-tuning']);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('is not a file');
  });

  it('names the line of a record nested too deeply instead of overflowing the stack', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tune-validate-'));
    try {
      const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      writeFileSync(
        join(directory, 'deep.jsonl'),
        `{"prompt": "a", "completion": "b"}\n{"prompt": "c", "completion": "d", "x": ${nested}}\n`,
      );

      const validated = await tune(
        ['validate', 'deep.jsonl', '--model', 'titan-text-lite', '--type', 'fine-tuning'],
        directory,
      );
      const converted = await tune(
        ['convert', 'deep.jsonl', '--to', 'fine-tuning', '--model', 'titan-lite', '-o', 'out.jsonl'],
        directory,
      );

      expect(validated.code).toBe(1);
      expect(validated.stdout).toMatch(/line 2: .*\[too_deeply_nested\]/);
      expect(converted.stderr).not.toContain('call stack');
      expect(converted.stdout).toMatch(/line 2: .*\[too_deeply_nested\]/);

      // The reported crash: a deep value where a message quotes it back (a Claude role).
      writeFileSync(
        join(directory, 'deep-role.jsonl'),
        `{"system": "s", "messages": [{"role": ${nested}, "content": "x"}, {"role": "assistant", "content": "y"}]}\n`,
      );
      const role = await tune(
        ['validate', 'deep-role.jsonl', '--model', 'haiku', '--type', 'fine-tuning'],
        directory,
      );
      expect(role.stderr).not.toContain('call stack');
      expect(role.stdout).toMatch(/line 1: .*\[too_deeply_nested\]/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
