import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readParagraphs, TextChunker } from '../../../src/core/dataset/convert/chunk.js';
import { readCsv } from '../../../src/core/dataset/convert/csv.js';
import { readJsonArray } from '../../../src/core/dataset/convert/json-array.js';
import { TrainValidationSplit } from '../../../src/core/dataset/convert/split.js';
import {
  type ConvertOptions,
  convertDataset,
  detectInputKind,
  validateDataset,
} from '../../../src/core/dataset/index.js';
import { InputError } from '../../../src/core/errors.js';
import { estimateTokens } from '../../../src/core/tokens/index.js';
import { awsCliExamples, chunked, fixture, lines, model } from './support.js';

async function* text(value: string, size: number): AsyncGenerator<string> {
  for (let offset = 0; offset < value.length; offset += size) yield value.slice(offset, offset + size);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

interface Converted {
  training: string[];
  validation: string[];
  summary: Awaited<ReturnType<typeof convertDataset>>;
}

async function convert(
  source: AsyncIterable<Uint8Array> | string,
  options: Partial<Omit<ConvertOptions, 'model' | 'writeTraining' | 'writeValidation'>> & { alias: string },
): Promise<Converted> {
  const training: string[] = [];
  const validation: string[] = [];
  const { alias, ...rest } = options;
  const summary = await convertDataset(typeof source === 'string' ? chunked(source) : source, {
    model: model(alias),
    target: 'FINE_TUNING',
    writeTraining: (line) => {
      training.push(line);
    },
    writeValidation: (line) => {
      validation.push(line);
    },
    ...rest,
  });
  return { training, validation, summary };
}

async function validateLines(
  records: string[],
  alias: string,
  type: 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING',
) {
  return validateDataset(chunked(records.length > 0 ? `${records.join('\n')}\n` : ''), {
    model: model(alias),
    customizationType: type,
    companionRecords: 100,
  });
}

/** A minimal valid PDF with one text line per entry, one page per array, as pdf.js reads it. */
function minimalPdf(pages: string[][]): Uint8Array {
  const objects: string[] = ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', ''];
  const kids: number[] = [];
  for (const pageLines of pages) {
    const content = `BT /F1 12 Tf 72 720 Td 14 TL\n${pageLines.map((line) => `(${line.replace(/[\\()]/g, '\\$&')}) Tj T*`).join('\n')}\nET`;
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    const contentId = objects.length;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('reading CSV', () => {
  it('reads quoted cells with escaped quotes, commas and line breaks, whatever the chunking', async () => {
    const csv = readFileSync(
      resolve(import.meta.dirname, '../../fixtures/datasets/quoted-multiline.csv'),
      'utf8',
    );
    for (const size of [1, 2, 5, 1000]) {
      const rows = await collect(readCsv(text(csv, size), { delimiter: ',' }));
      expect(
        rows.map((row) => [row.line, row.cells]),
        `chunks of ${size}`,
      ).toEqual([
        [1, ['question', 'answer', 'notes']],
        [2, ['What does "S3" stand for?', 'Simple Storage\r\nService', 'x']],
        [4, ['plain question', 'multi\nline, with comma', '']],
        [6, ['', 'empty question', '']],
      ]);
    }
  });

  it('reads TSV and refuses a quote that never closes', async () => {
    const rows = await collect(readCsv(text('a\tb\n"x\ty"\tz\n', 3), { delimiter: '\t' }));
    expect(rows.map((row) => row.cells)).toEqual([
      ['a', 'b'],
      ['x\ty', 'z'],
    ]);
    await expect(collect(readCsv(text('a,b\n"open,c\n', 4), { delimiter: ',' }))).rejects.toThrow(
      /line 2: a quoted cell is never closed/,
    );
  });
});

describe('reading a JSON array', () => {
  it('yields each element with its line, across chunks, strings and nesting', async () => {
    const json = '[\n {"a": "x],[\\"y"},\n {"b": [1, {"c": 2}]},\n  3, "s"\n]\n';
    for (const size of [1, 3, 100]) {
      const elements = await collect(readJsonArray(text(json, size)));
      expect(elements.map((element) => [element.line, element.value])).toEqual([
        [2, { a: 'x],["y' }],
        [3, { b: [1, { c: 2 }] }],
        [4, 3],
        [4, 's'],
      ]);
    }
  });

  it('names the broken element', async () => {
    await expect(collect(readJsonArray(text('[{"a": 1}, {"b": }]', 4)))).rejects.toThrow(
      /element 2 of the JSON array is not valid JSON/,
    );
    await expect(collect(readJsonArray(text('[{"a": 1}', 4)))).rejects.toThrow(/not closed/);
  });
});

describe('converting to fine-tuning records', () => {
  it('tells input kinds by content before extension', () => {
    const encode = (value: string) => new TextEncoder().encode(value);
    expect(detectInputKind('data.jsonl', encode('%PDF-1.7'))).toBe('pdf');
    expect(detectInputKind('data.json', encode('  [{"a": 1}]'))).toBe('json-array');
    expect(detectInputKind('data.json', encode('{"a": 1}\n'))).toBe('jsonl');
    expect(detectInputKind('notes.md', encode('# Title'))).toBe('markdown');
    expect(detectInputKind('table.TSV', encode('a\tb'))).toBe('tsv');
    expect(detectInputKind(undefined, encode('plain words'))).toBe('text');
  });

  it('turns Dolly records into prompt/completion, joining instruction and context', async () => {
    const { training, summary } = await convert(fixture('dolly.jsonl'), { alias: 'titan-text-lite' });
    expect(summary.mapping).toBe('Dolly (instruction, context, response)');
    expect(training.map((line) => JSON.parse(line))).toEqual([
      { prompt: 'Summarize.\n\nAWS is a cloud.', completion: 'A cloud.' },
      { prompt: 'Name a service.', completion: 'S3' },
    ]);
  });

  it('turns an Alpaca JSON array into prompt/completion', async () => {
    const { training, summary } = await convert(fixture('alpaca.json'), {
      alias: 'titan-text-lite',
      fileName: 'alpaca.json',
    });
    expect(summary.inputKind).toBe('json-array');
    expect(training.map((line) => JSON.parse(line))).toEqual([
      { prompt: 'Give a synonym.\n\nhappy', completion: 'glad' },
      { prompt: 'Add the numbers.\n\n2 and 3', completion: '5' },
      { prompt: 'Say hello.', completion: 'Hello.' },
    ]);
  });

  it('maps named CSV columns, leaves out rows with an empty side and says why', async () => {
    const { training, summary } = await convert(fixture('quoted-multiline.csv'), {
      alias: 'titan-text-lite',
      fileName: 'quoted-multiline.csv',
      promptColumns: ['question'],
      completionColumns: ['answer'],
    });
    expect(training.map((line) => JSON.parse(line))).toEqual([
      { prompt: 'What does "S3" stand for?', completion: 'Simple Storage\r\nService' },
      { prompt: 'plain question', completion: 'multi\nline, with comma' },
    ]);
    expect(summary.issues.map((issue) => [issue.line, issue.code])).toEqual([[6, 'empty_pair']]);
    expect(summary.issues[0]?.message).toContain('the prompt (question) is empty');
  });

  it('asks for column names when it cannot detect them, listing the columns', async () => {
    await expect(
      convert('service,command\ns3,ls\n', { alias: 'titan-text-lite', fileName: 'x.csv' }),
    ).rejects.toThrow(InputError);
    await expect(
      convert('service,command\ns3,ls\n', { alias: 'titan-text-lite', fileName: 'x.csv' }),
    ).rejects.toThrow(/columns: service, command\). Name them with --prompt-column and --completion-column/);
  });

  it('writes the format of the target model: Claude messages and bedrock-conversation-2024', async () => {
    const haiku = await convert(fixture('pairs.tsv'), {
      alias: 'haiku',
      fileName: 'pairs.tsv',
      system: 'Be brief.',
    });
    expect(JSON.parse(haiku.training[0] ?? '')).toEqual({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'world' },
      ],
    });
    const llama = await convert(fixture('pairs.tsv'), {
      alias: 'llama3.2-3b',
      fileName: 'pairs.tsv',
      system: 'Be brief.',
    });
    expect(JSON.parse(llama.training[1] ?? '')).toEqual({
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ text: 'tab\tinside' }] },
        { role: 'assistant', content: [{ text: 'fine' }] },
      ],
    });
    expect((await validateLines(llama.training, 'llama3.2-3b', 'FINE_TUNING')).errors).toEqual([]);
  });

  it('keeps conversations already in the model’s format as they are, turns and system text, and splits them', async () => {
    // Regression: a Nova JSONL shared with --split was refused ("cannot tell which columns hold the
    // prompt and the completion"), as if its records were pairs to map.
    const conversations = Array.from({ length: 20 }, (_, index) => ({
      schemaVersion: 'bedrock-conversation-2024',
      system: [{ text: 'You answer for the support desk.' }],
      messages: [
        { role: 'user', content: [{ text: `Question ${index}?` }] },
        { role: 'assistant', content: [{ text: 'Which order?' }] },
        { role: 'user', content: [{ text: `Order ${index}.` }] },
        { role: 'assistant', content: [{ text: `Answer ${index}.` }] },
      ],
    }));

    const { training, validation, summary } = await convert(lines(conversations), {
      alias: 'nova-micro',
      fileName: 'support.jsonl',
      split: { fraction: 0.25, seed: 1 },
    });

    expect(summary.mapping).toBe('records already in the bedrock-conversation-2024 format, kept as they are');
    expect(validation).toHaveLength(5);
    expect(training).toHaveLength(15);
    expect(
      [...training, ...validation]
        .map((line) => JSON.parse(line))
        .sort((a, b) => a.messages[0].content[0].text.localeCompare(b.messages[0].content[0].text)),
    ).toEqual(
      [...conversations].sort((a, b) =>
        (a.messages[0]?.content[0]?.text ?? '').localeCompare(b.messages[0]?.content[0]?.text ?? ''),
      ),
    );
    expect((await validateLines(training, 'nova-micro', 'FINE_TUNING')).errors).toEqual([]);
  });

  it('leaves out records over the token limit and records with reserved strings', async () => {
    const data = lines([
      { question: 'q'.repeat(20_000), answer: 'a' },
      { question: 'fine', answer: 'ok' },
      { question: 'x\nHuman: y', answer: 'z' },
    ]);
    const { training, summary } = await convert(data, { alias: 'haiku' });
    expect(training).toHaveLength(2);
    expect(summary.issues.map((issue) => [issue.line, issue.code])).toEqual([[3, 'record_invalid']]);
    const titan = await convert(data, { alias: 'titan-text-lite' });
    expect(titan.summary.issues.map((issue) => [issue.line, issue.code])).toEqual([[1, 'record_too_long']]);
  });

  it('leaves out records nested too deeply or holding a lone surrogate, naming their lines', async () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const dolly = [
      '{"instruction": "Name a service.", "response": "S3"}',
      `{"instruction": ${nested}, "response": "x"}`,
      String.raw`{"instruction": "half \ud800", "response": "y"}`,
    ];
    const array = `[{"prompt": "a", "completion": "b"}, {"prompt": ${nested}, "completion": "c"}]`;

    const fromLines = await convert(`${dolly.join('\n')}\n`, { alias: 'titan-text-lite' });
    const fromArray = await convert(array, { alias: 'titan-text-lite', fileName: 'deep.json' });

    expect(fromLines.training).toHaveLength(1);
    expect(fromLines.summary.issues.map((issue) => [issue.line, issue.code])).toEqual([
      [2, 'too_deeply_nested'],
      [3, 'lone_surrogate'],
    ]);
    expect(fromArray.training).toHaveLength(1);
    expect(fromArray.summary.issues.map((issue) => [issue.line, issue.code])).toEqual([
      [1, 'too_deeply_nested'],
    ]);
  });

  it('drops exact duplicates when asked', async () => {
    const data = lines([
      { prompt: 'a', completion: 'b' },
      { prompt: 'a', completion: 'b' },
      { prompt: 'a', completion: 'c' },
    ]);
    const { training, summary } = await convert(data, { alias: 'titan-text-lite', dedupe: true });
    expect(training).toHaveLength(2);
    expect(summary.duplicatesDropped).toBe(1);
  });

  it('refuses text for fine-tuning and says to use continued pre-training', async () => {
    await expect(
      convert(fixture('notes.md'), { alias: 'titan-text-lite', fileName: 'notes.md' }),
    ).rejects.toThrow(/--to continued-pretraining/);
  });

  it('converts the 1,705 AWS CLI examples into a valid split dataset', async () => {
    // Act
    const { training, validation, summary } = await convert(
      (await import('node:fs')).createReadStream(resolve(awsCliExamples, 'examples.csv')),
      {
        alias: 'titan-text-lite',
        fileName: 'examples.csv',
        promptColumns: ['title', 'description'],
        completionColumns: ['cli'],
        split: { fraction: 0.1, seed: 7 },
      },
    );

    // Assess
    expect(summary.inputRecords).toBe(1705);
    expect(summary.written).toBe(1705);
    expect(validation).toHaveLength(171);
    expect(training).toHaveLength(1534);
    const unsplit = await convert(
      (await import('node:fs')).createReadStream(resolve(awsCliExamples, 'examples.csv')),
      {
        alias: 'titan-text-lite',
        fileName: 'examples.csv',
        promptColumns: ['title', 'description'],
        completionColumns: ['cli'],
      },
    );
    expect([...training, ...validation].sort()).toEqual([...unsplit.training].sort());
    const first = JSON.parse(
      training.concat(validation).find((line) => line.includes('batch-get-item')) ?? '{}',
    );
    expect(first.completion).toContain(
      'aws dynamodb batch-get-item \\\n    --request-items file://request-items.json',
    );
    const report = await validateDataset(chunked(`${training.join('\n')}\n`), {
      model: model('titan-text-lite'),
      customizationType: 'FINE_TUNING',
    });
    expect(report.errors).toEqual([]);
    expect(report.records).toBe(1534);
  });
});

describe('splitting into training and validation', () => {
  async function run(count: number, fraction: number, maxValidation: number, seed: number) {
    const training: string[] = [];
    const validation: string[] = [];
    const split = new TrainValidationSplit({
      fraction,
      maxValidation,
      seed,
      writeTraining: (line) => {
        training.push(line);
      },
      writeValidation: (line) => {
        validation.push(line);
      },
    });
    for (let index = 0; index < count; index++) await split.add(`r${index}`);
    const result = await split.finish();
    return { training, validation, result };
  }

  it('holds the fraction, keeps every record once and repeats with the same seed', async () => {
    const first = await run(500, 0.2, 1000, 3);
    expect(first.validation).toHaveLength(100);
    expect(first.training).toHaveLength(400);
    expect(new Set([...first.training, ...first.validation]).size).toBe(500);
    expect((await run(500, 0.2, 1000, 3)).validation).toEqual(first.validation);
    expect((await run(500, 0.2, 1000, 4)).validation).not.toEqual(first.validation);
  });

  it('never puts more records in validation than the model allows', async () => {
    const { validation, training, result } = await run(20_000, 0.2, 1000, 1);
    expect(validation).toHaveLength(1000);
    expect(training).toHaveLength(19_000);
    expect(result).toEqual({ training: 19_000, validation: 1000 });
    // Sampled across the whole input, not only its start.
    expect(validation.filter((line) => Number(line.slice(1)) >= 10_000).length).toBeGreaterThan(300);
  });
});

describe('chunking text for continued pre-training', () => {
  const count = (value: string) => estimateTokens(value);

  it('packs paragraphs and cuts long ones at sentences and words, never over the limit', () => {
    // Prepare
    const chunker = new TextChunker({ count, maxTokens: 50 });
    const paragraphs = [
      'Short paragraph one.',
      'Short paragraph two.',
      `${'A sentence that goes on. '.repeat(20)}`,
      `${'word '.repeat(120)}`,
      'z'.repeat(500),
    ];

    // Act
    const chunks = [...paragraphs.flatMap((paragraph) => chunker.push(paragraph)), ...chunker.finish()];

    // Assess
    for (const chunk of chunks) expect(count(chunk)).toBeLessThanOrEqual(50);
    expect(chunks[0]?.startsWith('Short paragraph one.\n\nShort paragraph two.\n\nA sentence')).toBe(true);
    expect(chunks.join(' ').replace(/\s+/g, '')).toBe(paragraphs.join('').replace(/\s+/g, ''));
  });

  it('repeats the end of a chunk at the start of the next when asked to overlap', () => {
    const chunker = new TextChunker({ count, maxTokens: 30, overlapTokens: 12 });
    const sentences = Array.from({ length: 12 }, (_, index) => `Sentence number ${index} here.`).join(' ');
    const chunks = [...chunker.push(sentences), ...chunker.finish()];
    expect(chunks.length).toBeGreaterThan(2);
    for (let index = 1; index < chunks.length; index++) {
      const previous = chunks[index - 1] ?? '';
      const lastSentence = previous.slice(previous.lastIndexOf('Sentence'));
      expect(chunks[index]?.startsWith(lastSentence)).toBe(true);
    }
  });

  it('cuts paragraphs at blank lines and before Markdown headings', async () => {
    const paragraphs = await collect(
      readParagraphs(text('# Title\nintro line\n\npara two\r\n\r\n## Next\nbody\n#not-heading', 4)),
    );
    expect(paragraphs).toEqual(['# Title\nintro line', 'para two', '## Next\nbody\n#not-heading']);
  });

  it('turns Markdown into input records under the limit with the margin', async () => {
    const { training, summary } = await convert(fixture('notes.md'), {
      alias: 'titan-text-lite',
      target: 'CONTINUED_PRE_TRAINING',
      fileName: 'notes.md',
    });
    expect(summary.chunkTokens).toBe(Math.floor(4096 * 0.9) - 2);
    expect(training).toHaveLength(1);
    expect(JSON.parse(training[0] ?? '').input).toContain('## Versioning\n\nVersioning keeps every version');
  });

  it('chunks AWS CLI .rst pages into valid Titan records', async () => {
    // Prepare: 80 reStructuredText pages, about 150 kB.
    const folder = resolve(awsCliExamples, 'docs/ec2');
    const pages = readdirSync(folder)
      .sort()
      .slice(0, 80)
      .map((name) => readFileSync(resolve(folder, name), 'utf8'))
      .join('\n\n');

    // Act
    const { training, summary } = await convert(pages, {
      alias: 'titan-text-lite',
      target: 'CONTINUED_PRE_TRAINING',
      fileName: 'pages.rst',
      margin: 0.2,
      overlapTokens: 200,
    });

    // Assess
    expect(summary.chunkTokens).toBe(Math.floor(4096 * 0.8) - 2);
    expect(training.length).toBeGreaterThan(5);
    for (const line of training)
      expect(estimateTokens(JSON.parse(line).input)).toBeLessThanOrEqual(summary.chunkTokens ?? 0);
    const report = await validateLines(training, 'titan-text-lite', 'CONTINUED_PRE_TRAINING');
    expect(report.errors).toEqual([]);
    expect(report.tokens.max).toBeLessThanOrEqual(4096 * 0.8);
  });

  it('extracts the text of a PDF and chunks it', async () => {
    // Prepare
    const pdf = minimalPdf([
      ['Amazon S3 stores objects.', 'Buckets hold objects.'],
      ['Page two talks about (parentheses) and backslashes \\ too.'],
    ]);

    // Act
    const { training, summary } = await convert(chunked(pdf, 100), {
      alias: 'titan-text-express',
      target: 'CONTINUED_PRE_TRAINING',
      fileName: 'guide.pdf',
    });

    // Assess
    expect(summary.inputKind).toBe('pdf');
    const inputs = training.map((line) => JSON.parse(line).input as string).join('\n');
    expect(inputs).toContain('Amazon S3 stores objects.');
    expect(inputs).toContain('Page two talks about (parentheses) and backslashes \\ too.');
  });

  it('makes one or more records per text column value, keeping documents apart', async () => {
    const data = lines([{ text: 'First document.' }, { text: 'Second document.' }, { text: '' }]);
    const { training, summary } = await convert(data, {
      alias: 'titan-text-lite',
      target: 'CONTINUED_PRE_TRAINING',
    });
    expect(training.map((line) => JSON.parse(line))).toEqual([
      { input: 'First document.' },
      { input: 'Second document.' },
    ]);
    expect(summary.issues.map((issue) => [issue.line, issue.code])).toEqual([[3, 'empty_text']]);
  });
});
