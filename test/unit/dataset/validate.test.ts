import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../../src/core/dataset/index.js';
import { chunked, codes, fixture, lines, model, validate } from './support.js';

const pair = (index: number) => ({ prompt: `Question ${index}?`, completion: `Answer ${index}.` });

describe('validating a dataset: the file', () => {
  it('accepts a valid prompt/completion file and counts its records and tokens', async () => {
    // Act
    const report = await validate(fixture('valid-prompt-completion.jsonl'), 'titan-text-lite');

    // Assess
    expect(report.valid).toBe(true);
    expect(report.format).toBe('prompt-completion');
    expect(report.records).toBe(10);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.tokens.total).toBeGreaterThan(0);
    expect(report.tokens.exact).toBe(false);
    expect(report.tokens.limit?.total).toBe(4096);
  });

  it('reports an empty file and a file of blank lines', async () => {
    const empty = await validate(fixture('empty.jsonl'), 'titan-text-lite');
    expect(codes(empty.errors)).toEqual([[null, 'empty_file']]);
    expect(empty.valid).toBe(false);
    const blank = await validate(fixture('blank-lines-only.jsonl'), 'titan-text-lite');
    expect(codes(blank.errors)).toEqual([[null, 'empty_file']]);
    expect(blank.errors[0]?.message).toContain('only blank lines');
  });

  it('stops at a JSON array and says to convert it', async () => {
    const report = await validate(fixture('json-array.json'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([[1, 'json_array']]);
    expect(report.errors[0]?.message).toContain('tune convert');
    expect(report.records).toBe(0);
  });

  it('recognises binary files instead of listing every line', async () => {
    const gzip = await validate(fixture('binary.jsonl.gz'), 'titan-text-lite');
    expect(codes(gzip.errors)).toEqual([[1, 'binary_file']]);
    expect(gzip.errors[0]?.message).toContain('gzip');
    const nul = await validate(fixture('nul-bytes.jsonl'), 'titan-text-lite');
    expect(codes(nul.errors)).toEqual([[1, 'binary_file']]);
    const utf16 = await validate(fixture('utf16.jsonl'), 'titan-text-lite');
    expect(utf16.errors[0]?.message).toContain('UTF-16');
    const pdf = await validate('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n', 'titan-text-lite');
    expect(pdf.errors[0]?.message).toContain('tune convert <file> --to continued-pretraining');
  });

  it('reports invalid UTF-8 with its line and reads the lines after it', async () => {
    const report = await validate(fixture('invalid-utf8.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([[2, 'invalid_utf8']]);
    expect(report.errors[0]?.message).toContain('line 2 is not valid UTF-8');
    expect(report.records).toBe(3);
    expect(report.tokens.counted).toBe(2);
  });

  it('finds invalid UTF-8 on the right line however the bytes are chunked', async () => {
    // Prepare: a two-byte character split across chunks is valid; a lone 0xff on line 3 is not.
    const encoder = new TextEncoder();
    const bytes = new Uint8Array([
      ...encoder.encode(`${JSON.stringify({ prompt: 'café', completion: 'ok' })}\n`),
      ...encoder.encode(`${JSON.stringify(pair(2))}\n`),
      ...encoder.encode('{"prompt": "a'),
      0xff,
      ...encoder.encode('", "completion": "b"}\n'),
    ]);

    for (const size of [1, 2, 3, 7, 4096]) {
      // Act
      const report = await validateDataset(chunked(bytes, size), {
        model: model('titan-text-lite'),
        customizationType: 'FINE_TUNING',
      });

      // Assess
      expect(codes(report.errors), `chunks of ${size}`).toEqual([[3, 'invalid_utf8']]);
    }
  });

  it('reports a byte order mark and still reads the first record', async () => {
    const report = await validate(fixture('bom.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([[1, 'utf8_bom']]);
    expect(report.tokens.counted).toBe(2);
  });

  it('accepts CRLF line endings with one warning for the file', async () => {
    const report = await validate(fixture('crlf.jsonl'), 'titan-text-lite');
    expect(report.valid).toBe(true);
    expect(report.records).toBe(3);
    expect(codes(report.warnings)).toEqual([[1, 'crlf_line_endings']]);
    expect(report.warnings[0]?.message).toContain('3 line(s) end in CR LF');
  });

  it('warns about blank lines between records', async () => {
    const report = await validate(fixture('blank-lines.jsonl'), 'titan-text-lite');
    expect(report.valid).toBe(true);
    expect(codes(report.warnings)).toEqual([
      [2, 'blank_line'],
      [4, 'blank_line'],
    ]);
  });

  it('reports a 20 MB line as too long without holding it, and validates the lines after it', async () => {
    // Prepare: generated, not committed; streamed in 64 kB chunks as a file read would be.
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode(`${JSON.stringify(pair(1))}\n{"prompt": "`);
      const filler = new Uint8Array(64 * 1024).fill(0x61);
      for (let sent = 0; sent < 20 * 1024 * 1024; sent += filler.length) yield filler;
      yield new TextEncoder().encode(`", "completion": "x"}\n${JSON.stringify(pair(3))}\n{"prompt": null}\n`);
    }

    // Act
    const report = await validateDataset(source(), {
      model: model('titan-text-lite'),
      customizationType: 'FINE_TUNING',
    });

    // Assess
    expect(codes(report.errors)).toEqual([
      [2, 'line_too_long'],
      [4, 'wrong_type'],
      [4, 'missing_field'],
    ]);
    expect(report.errors[0]?.message).toMatch(
      /line 2 is 20,971,5\d\d bytes, over the 4 MB a line may have here/,
    );
    expect(report.tokens.counted).toBe(2);
  });

  it('reports a file larger than the model accepts', async () => {
    // Prepare: Titan's limit is 100 MB for a validation file; a copy of the row with 1 kB stands in.
    const titan = model('titan-text-lite');
    const spec = titan.customizations.FINE_TUNING;
    if (!spec) throw new Error('test setup');
    const small = {
      ...titan,
      customizations: {
        FINE_TUNING: {
          ...spec,
          fileSize: { ...spec.fileSize, validationBytes: { value: 1000, source: 'test', confirmed: true } },
        },
      },
    };
    const data = lines(Array.from({ length: 40 }, (_, index) => pair(index)));

    // Act
    const report = await validateDataset(chunked(data), {
      model: small,
      customizationType: 'FINE_TUNING',
      role: 'validation',
    });

    // Assess
    expect(codes(report.errors)).toEqual([[null, 'file_too_large']]);
    expect(report.errors[0]?.message).toContain('accepts at most 1 kB for a validation file');
  });
});

describe('validating a dataset: records', () => {
  // Regression: 100,000 levels of `[` overflowed the stack wherever a record was serialised
  // ("Maximum call stack size exceeded" in the CLI, "Something went wrong" in Slack).
  it('reports a record nested too deeply, with its line and a stable code, and reads on', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepExtra = `{"prompt": "a", "completion": "b", "extra": ${nested(100_000)}}`;
    const deepPrompt = `{"prompt": ${nested(100_000)}, "completion": "b"}`;
    const shallow = `{"prompt": "c", "completion": "d", "extra": ${nested(50)}}`;

    const report = await validate(lines([pair(1), deepExtra, deepPrompt, shallow]), 'titan-text-lite');

    expect(codes(report.errors)).toEqual([
      [2, 'too_deeply_nested'],
      [3, 'too_deeply_nested'],
    ]);
    expect(report.errors[0]?.message).toMatch(/^line 2: .*more than 100 levels/);
    expect(report.records).toBe(4);
    expect(report.tokens.counted).toBe(2);
  });

  // Regression: `"\ud800"` passed validation, and Bedrock cannot read half a surrogate pair as UTF-8.
  it('reports a lone UTF-16 surrogate with its line and field, and accepts an escaped pair', async () => {
    const records = [
      String.raw`{"prompt": "caf\ud800e", "completion": "b"}`,
      String.raw`{"prompt": "smile \ud83d\ude00", "completion": "c"}`,
      String.raw`{"prompt": "x", "completion": "tail \uDC00"}`,
      String.raw`{"prompt": "a backslash then \\ud800 is text", "completion": "d"}`,
      String.raw`{"prompt": "a backslash then a real half \\\ud800", "completion": "e"}`,
    ];

    const report = await validate(lines(records), 'titan-text-lite');

    expect(codes(report.errors)).toEqual([
      [1, 'lone_surrogate'],
      [3, 'lone_surrogate'],
      [5, 'lone_surrogate'],
    ]);
    expect(report.errors.map((error) => error.field)).toEqual(['prompt', 'completion', 'prompt']);
    expect(report.errors[0]?.message).toMatch(/^line 1: "prompt" holds a lone UTF-16 surrogate/);
  });

  it('reports malformed JSON on its lines and carries on', async () => {
    const report = await validate(fixture('malformed-json.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [2, 'invalid_json'],
      [4, 'invalid_json'],
    ]);
    expect(report.errors[1]?.message).toContain('double-quoted keys');
    expect(report.tokens.counted).toBe(3);
  });

  it('names the field that is null, of the wrong type or missing', async () => {
    const report = await validate(fixture('wrong-types.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [1, 'wrong_type'],
      [2, 'wrong_type'],
      [3, 'wrong_type'],
      [4, 'wrong_type'],
      [5, 'missing_field'],
    ]);
    expect(report.errors[0]?.message).toBe(
      'line 1: "prompt" is null; it must be a string: put the text in double quotes.',
    );
    expect(report.errors[1]?.message).toContain('"completion" is a number (42)');
    expect(report.errors[2]?.message).toContain('"prompt" is a list');
    expect(report.errors[4]?.message).toContain(
      '"completion" is missing: add it (the answer the model should learn to give)',
    );
    expect(report.errors.map((error) => error.field)).toEqual([
      'prompt',
      'completion',
      'prompt',
      'completion',
      'completion',
    ]);
  });

  it('reports empty and whitespace-only fields', async () => {
    const report = await validate(fixture('empty-fields.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [1, 'empty_field'],
      [2, 'empty_field'],
    ]);
  });

  it('reports lines that are JSON but not objects', async () => {
    const report = await validate(fixture('not-objects.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [2, 'not_an_object'],
      [3, 'not_an_object'],
      [4, 'not_an_object'],
      [5, 'not_an_object'],
    ]);
  });

  it('reports a file in the wrong format for the customization type once, with what to do', async () => {
    const report = await validate(fixture('wrong-format-for-type.jsonl'), 'titan-text-lite');
    expect(report.format).toBe('continued-pretraining');
    expect(codes(report.errors)).toEqual([[1, 'wrong_format']]);
    expect(report.errors[0]?.message).toContain('--type continued-pretraining');
    const asPretraining = await validate(fixture('wrong-format-for-type.jsonl'), 'titan-text-lite', {
      customizationType: 'CONTINUED_PRE_TRAINING',
    });
    expect(asPretraining.valid).toBe(true);
  });

  it('rejects records in a different format from the first', async () => {
    const report = await validate(fixture('mixed-formats.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [3, 'mixed_formats'],
      [4, 'mixed_formats'],
    ]);
  });

  it('suggests conversion for instruction datasets', async () => {
    const report = await validate(fixture('dolly.jsonl'), 'titan-text-lite');
    expect(codes(report.errors)).toEqual([
      [1, 'unknown_format'],
      [2, 'unknown_format'],
    ]);
    expect(report.errors[0]?.message).toContain('tune convert <file> --to fine-tuning');
  });

  it('lists every problem of a file with several errors on their lines', async () => {
    // Act
    const report = await validate(fixture('several-errors.jsonl'), 'titan-text-lite');

    // Assess
    expect(codes(report.errors)).toEqual([
      [2, 'invalid_json'],
      [4, 'wrong_type'],
      [8, 'empty_field'],
      [9, 'not_an_object'],
    ]);
    expect(codes(report.warnings)).toEqual([
      [5, 'blank_line'],
      [6, 'extra_key'],
      [7, 'duplicate_record'],
    ]);
    expect(report.warnings[2]?.message).toBe(
      'line 7: the record repeats line 1; remove one copy (duplicates skew training).',
    );
    expect(report.records).toBe(9);
    expect(report.errorCounts).toEqual({ invalid_json: 1, wrong_type: 1, empty_field: 1, not_an_object: 1 });
  });

  it('keeps the first errors in full but counts all of them', async () => {
    const data = lines(Array.from({ length: 100 }, () => '{"prompt": 1}'));
    const report = await validate(data, 'titan-text-lite', { maxStoredErrors: 5 });
    expect(report.errors).toHaveLength(5);
    expect(report.errorCount).toBe(200);
    expect(report.errorCounts).toEqual({ wrong_type: 100, missing_field: 100 });
    expect(report.truncated).toBe(true);
  });

  it('finds every repeated record among thousands, citing the line each one repeats', async () => {
    // Prepare: 5,000 distinct records (the fingerprint table grows several times on the way), then
    // copies of lines 1, 777 and 5,000, and one of line 1 again.
    const records: unknown[] = Array.from({ length: 5000 }, (_, index) => pair(index + 1));
    records.push(pair(1), pair(777), pair(5000), pair(1));

    // Act
    const report = await validate(lines(records), 'titan-text-lite', { maxStoredWarnings: 10 });

    // Assess
    expect(codes(report.warnings)).toEqual([
      [5001, 'duplicate_record'],
      [5002, 'duplicate_record'],
      [5003, 'duplicate_record'],
      [5004, 'duplicate_record'],
    ]);
    expect(report.warnings.map((warning) => warning.message.match(/repeats line (\d+)/)?.[1])).toEqual([
      '1',
      '777',
      '5000',
      '1',
    ]);
  });

  it('says when it stopped looking for duplicates, after reporting those it could still see', async () => {
    // Prepare: room for 3 fingerprints; line 4 repeats line 2, line 5 is new, line 6 repeats line 1.
    const records = [pair(1), pair(2), pair(3), pair(2), pair(4), pair(1)];

    // Act
    const report = await validate(lines(records), 'titan-text-lite', { duplicateCheckLimit: 3 });

    // Assess
    expect(codes(report.warnings)).toEqual([
      [null, 'duplicate_check_limited'],
      [4, 'duplicate_record'],
    ]);
    expect(report.warnings[0]?.message).toContain('among the first 3 records only');
  });
});

describe('validating a dataset: conversations', () => {
  it('checks Claude roles, turn order, reserved strings and message counts', async () => {
    const report = await validate(fixture('claude-messages-bad.jsonl'), 'claude-3-haiku', {
      role: 'validation',
    });
    expect(codes(report.errors)).toEqual([
      [null, 'too_few_records'],
      [2, 'invalid_role'],
      [3, 'role_order'],
      [4, 'role_order'],
      [5, 'role_order'],
      [6, 'reserved_string'],
      [7, 'too_few_messages'],
      [8, 'empty_field'],
    ]);
    const byLine = (line: number) => report.errors.find((error) => error.line === line)?.message;
    expect(byLine(2)).toContain('top-level "system" field');
    expect(byLine(3)).toContain('"messages[1]" is a second "user" turn in a row');
    expect(byLine(4)).toContain('must start with a "user" turn');
    expect(byLine(5)).toContain('must end with the "assistant" answer');
    expect(byLine(6)).toContain('"\\nHuman:"');
  });

  it('checks the Llama conversation schema version, media and content items', async () => {
    const report = await validate(fixture('conversation-llama-bad.jsonl'), 'llama3.2-1b', {
      companionRecords: 100,
    });
    expect(codes(report.errors)).toEqual([
      [2, 'invalid_schema_version'],
      [3, 'media_not_allowed'],
      [4, 'invalid_content'],
      [4, 'media_not_allowed'],
      [6, 'wrong_type'],
    ]);
    expect(codes(report.warnings)).toEqual([[5, 'missing_system']]);
    expect(report.errors[4]?.message).toContain('a list of parts such as [{"text": "..."}]');
  });

  it('checks Nova reserved words, media in assistant turns, names, formats, counts and mixing', async () => {
    const report = await validate(fixture('conversation-nova-bad.jsonl'), 'nova-lite');
    expect(codes(report.errors)).toEqual([
      [null, 'too_few_records'],
      [2, 'reserved_string'],
      [3, 'media_not_allowed'],
      [4, 'mixed_media'],
      [5, 'invalid_media'],
      [6, 'invalid_media'],
      [7, 'too_many_media'],
    ]);
    expect(report.errors.find((error) => error.line === 4)?.message).toContain('first on line 1');
    expect(codes(report.warnings)).toContainEqual([null, 'token_limit_unknown']);
  });

  it('turns a Nova Micro image into an error: the model takes text only', async () => {
    const data = lines([
      {
        schemaVersion: 'bedrock-conversation-2024',
        messages: [
          {
            role: 'user',
            content: [
              { text: 'q' },
              { image: { format: 'png', source: { s3Location: { uri: 's3://b/i.png' } } } },
            ],
          },
          { role: 'assistant', content: [{ text: 'a' }] },
        ],
      },
    ]);
    const report = await validate(data, 'nova-micro');
    expect(codes(report.errors)).toContainEqual([1, 'media_not_allowed']);
  });
});

describe('validating a dataset: tokens, limits and cost', () => {
  it('rejects a record over the token limit and warns near it, estimating 4 characters per token', async () => {
    // Prepare: 16,400 + 1 characters and 2 template tokens: 4,103 tokens > 4,096; 15,000 ≈ 3,753 ≥ 90%.
    const data = lines([
      { prompt: 'a'.repeat(16_400), completion: 'b' },
      { prompt: 'a'.repeat(15_000), completion: 'b' },
      pair(3),
    ]);

    // Act
    const report = await validate(data, 'titan-text-lite');

    // Assess
    expect(codes(report.errors)).toEqual([[1, 'record_too_long']]);
    expect(report.errors[0]?.message).toContain(
      '4,103 tokens (estimated); Titan Text G1 - Lite allows 4,096 per record at batchSize 1-2',
    );
    expect(codes(report.warnings)).toEqual([[2, 'near_token_limit']]);
    expect(report.tokens).toMatchObject({ overLimit: 1, nearLimit: 1, max: 4103 });
  });

  it('estimates escaped non-ASCII text as what it decodes to', async () => {
    // The line is ASCII, but "\u65e5\u672c" is two CJK characters: 2 tokens, not ceil(12 / 4).
    const report = await validate('{"prompt": "\\u65e5\\u672c", "completion": "abcd"}\n', 'titan-text-lite');
    expect(report.tokens.total).toBe(2 + 1 + 2);
  });

  it('applies the lower limit of a larger batch size', async () => {
    const data = lines([{ prompt: 'a'.repeat(9000), completion: 'b' }]);
    expect((await validate(data, 'titan-text-lite')).valid).toBe(true);
    const report = await validate(data, 'titan-text-lite', { batchSize: 4 });
    expect(codes(report.errors)).toEqual([[1, 'record_too_long']]);
    expect(report.errors[0]?.message).toContain('allows 2,048 per record at batchSize 3-6');
  });

  it('checks prompt and completion against their own limits where the model has them', async () => {
    const data = lines([{ prompt: 'x'.repeat(4000), completion: 'y'.repeat(8400) }]);
    const report = await validate(data, 'cohere-command');
    expect(codes(report.errors)).toEqual([[1, 'record_too_long']]);
    expect(report.errors[0]?.message).toContain(
      'the completion has 2,100 tokens (estimated); Cohere Command allows 2,048',
    );
  });

  it('counts Llama 3 tokens exactly with its tokenizer', async () => {
    // Prepare
    const { default: llama3 } = await import('llama3-tokenizer-js');
    const record = { prompt: 'Hello world! How do I list my S3 buckets?', completion: 'Run `aws s3 ls`.' };
    const expected =
      llama3.encode(record.prompt, { bos: false, eos: false }).length +
      llama3.encode(record.completion, { bos: false, eos: false }).length +
      2;

    // Act
    const report = await validate(lines([record]), 'llama3.1-8b', { companionRecords: 100 });

    // Assess: begin and end of text are the 2 template tokens.
    expect(report.tokens).toMatchObject({ exact: true, method: 'llama3', total: expected });
  });

  it('counts Llama 2 tokens exactly with its tokenizer', async () => {
    const { default: llama2 } = await import('llama-tokenizer-js');
    const record = { prompt: 'Hello world! How do I list my S3 buckets?', completion: 'Run `aws s3 ls`.' };
    const expected =
      llama2.encode(record.prompt, false, true).length +
      llama2.encode(record.completion, false, true).length +
      2;
    const report = await validate(lines([record]), 'llama2-13b');
    expect(report.tokens).toMatchObject({ exact: true, method: 'llama2', total: expected });
  });

  it('estimates the training cost as tokens × epochs × price, with its uncertainty', async () => {
    // Prepare: 1,000 records of 4,000 + 40 characters: 1,012 estimated tokens each with 2 overhead.
    const data = lines(
      Array.from({ length: 1000 }, (_, index) => ({
        prompt: `${index}`.padEnd(4000, '.'),
        completion: 'c'.repeat(40),
      })),
    );

    // Act
    const report = await validate(data, 'titan-text-lite', { epochs: 2 });

    // Assess
    expect(report.tokens.total).toBe(1000 * (1000 + 10 + 2));
    expect(report.cost.billedTokens).toBe(2 * 1_012_000);
    expect(report.cost.usd).toBeCloseTo((2 * 1_012_000 * 0.0004) / 1000, 4);
    expect(report.cost.low).toBeCloseTo(((2 * 1_012_000 * 4) / 6 / 1000) * 0.0004, 4);
    expect(report.cost.uncertainty.join(' ')).toContain('secondary source');
    expect(report.cost.priceSource).toBe('secondary source, about 2024, not confirmed');
  });

  it('gives no cost where no price is confirmed, but still the tokens billed', async () => {
    const report = await validate(lines([pair(1)]), 'nova-pro');
    expect(report.cost.usd).toBeNull();
    expect(report.cost.billedTokens).toBe(report.tokens.total * 2);
    expect(report.cost.uncertainty.join(' ')).toContain('no training price known');
    expect(report.cost.priceSource).toBe('no price known');
  });

  it('reports the 95th percentile from the token histogram', async () => {
    const data = lines(
      Array.from({ length: 100 }, (_, index) => ({ prompt: 'a'.repeat(4 * (index + 1)), completion: 'b' })),
    );
    const report = await validate(data, 'titan-text-lite');
    // Record i has i + 1 + 1 + 2 tokens; the 95th of 100 is record 95.
    expect(report.tokens.p95).toBe(95 + 3);
    expect(report.tokens.max).toBe(103);
  });
});

describe('validating a dataset: record counts', () => {
  it('rejects more records than a training file may hold', async () => {
    const data = lines(Array.from({ length: 10_001 }, (_, index) => pair(index)));
    const report = await validate(data, 'titan-text-lite');
    expect(codes(report.errors)).toEqual([[null, 'too_many_records']]);
    expect(report.errors[0]?.message).toContain(
      '10,001 records; Titan Text G1 - Lite accepts at most 10,000 in a training file',
    );
  });

  it('applies the validation file limit to a validation file', async () => {
    const data = lines(Array.from({ length: 1001 }, (_, index) => pair(index)));
    expect((await validate(data, 'titan-text-lite')).valid).toBe(true);
    const report = await validate(data, 'titan-text-lite', { role: 'validation' });
    expect(codes(report.errors)).toEqual([[null, 'too_many_records']]);
  });

  it('rejects too few records, counting the companion file where the limit is on the sum', async () => {
    const haiku = await validate(fixture('too-few-records-haiku.jsonl'), 'claude-3-haiku');
    expect(codes(haiku.errors)).toEqual([[null, 'too_few_records']]);
    expect(haiku.errors[0]?.message).toContain('needs at least 32');

    const data = lines(Array.from({ length: 60 }, (_, index) => pair(index)));
    const alone = await validate(data, 'llama3.1-8b');
    expect(codes(alone.errors)).toEqual([[null, 'too_few_records']]);
    expect(alone.errors[0]?.message).toContain('at least 100 in training and validation together');
    const together = await validate(data, 'llama3.1-8b', { companionRecords: 40 });
    expect(together.valid).toBe(true);
  });
});

describe('validating a dataset: streaming', () => {
  it('reports progress while it reads', async () => {
    const data = lines(Array.from({ length: 3000 }, (_, index) => pair(index)));
    const seen: number[] = [];
    await validate(data, 'titan-text-lite', {
      progressIntervalBytes: 16 * 1024,
      totalBytes: data.length,
      onProgress: (progress) => {
        seen.push(progress.bytes);
      },
    });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((left, right) => left - right));
    expect(seen.at(-1)).toBe(data.length);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(
      validate(lines([pair(1)]), 'titan-text-lite', { signal: controller.signal }),
    ).rejects.toThrow('user cancelled');
  });
});
