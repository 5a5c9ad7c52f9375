/**
 * Conversion of what people have into the JSONL a model reads: CSV/TSV, JSON arrays and JSON Lines
 * of Dolly, Alpaca, question/answer or any columns named by the caller become fine-tuning records
 * in the model's format; plain text, Markdown and PDF (and a text column of tabular data) become
 * continued pre-training `{"input"}` records cut under the token limit with a safety margin. Output
 * can be deduplicated and split into training and validation sets with a seed.
 *
 * Records go out through `writeTraining`/`writeValidation` one line at a time (without the newline),
 * with the source line the record came from where there is one, so the CLI can write files (and
 * cite the source's lines when it validates them) and the worker can stream to S3. Records that cannot be valid (an empty
 * side, over the token limit, a reserved string) are left out and listed with their source line, so
 * the output passes `validateDataset`.
 */
import * as crypto from 'node:crypto';
import { budgetTotal, requireSpec, tokenLimitFor } from '../../catalog/catalog.js';
import type { CatalogModel, DatasetFormat } from '../../catalog/types.js';
import { InputError } from '../../errors.js';
import type { CustomizationType } from '../../jobs/job.js';
import { loadTokenCounter, type TokenCounter } from '../../tokens/counter.js';
import { FORMAT_SCHEMAS } from '../formats.js';
import { type Issue, IssueLog } from '../issues.js';
import {
  loneSurrogate,
  loneSurrogatePath,
  MAX_NESTING,
  mayHoldSurrogate,
  nestedDeeperThan,
  tooDeeplyNested,
} from '../json-structure.js';
import { concatBytes } from '../lines.js';
import { checkRecord, fieldPath } from '../record-checks.js';
import { readParagraphs, TextChunker } from './chunk.js';
import { readCsv } from './csv.js';
import { readJsonArray } from './json-array.js';
import { extractPdfPages } from './pdf.js';
import {
  choosePairMapping,
  chooseTextFields,
  formatPair,
  joinFields,
  type PairMapping,
  pairOf,
} from './records.js';
import { TrainValidationSplit } from './split.js';

export const INPUT_KINDS = ['jsonl', 'json-array', 'csv', 'tsv', 'text', 'markdown', 'pdf'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

export type ConversionIssueCode =
  | 'empty_pair'
  | 'invalid_json'
  | 'not_an_object'
  | 'too_deeply_nested'
  | 'lone_surrogate'
  | 'record_too_long'
  | 'record_invalid'
  | 'empty_text';

export interface ConvertOptions {
  model: CatalogModel;
  target: CustomizationType;
  /** Used to tell the input kind by extension when `inputKind` is not given. */
  fileName?: string;
  inputKind?: InputKind;
  promptColumns?: readonly string[];
  completionColumns?: readonly string[];
  /** Columns or keys whose text feeds continued pre-training (default: input, text, content, ...). */
  textColumns?: readonly string[];
  /** A system prompt for models whose format has one (Claude, bedrock-conversation-2024). */
  system?: string;
  dedupe?: boolean;
  split?: { fraction: number; seed?: number };
  batchSize?: number;
  /** Share of the token limit kept free in each chunk (default 0.1). */
  margin?: number;
  /** Tokens repeated between consecutive chunks (default 0). */
  overlapTokens?: number;
  /** Issues kept in full; all are counted (default 100). */
  maxIssues?: number;
  /** Largest PDF read (default 200 MB): a PDF is held in memory whole. */
  maxPdfBytes?: number;
  tokenCounter?: TokenCounter;
  /**
   * Receives each record, and the 1-based line of the source it came from (where a CSV row or a
   * JSON record starts); undefined for chunks of text, Markdown or PDF, which have no one line.
   */
  writeTraining: RecordWriter;
  writeValidation?: RecordWriter;
  onProgress?: (progress: { bytes: number; records: number }) => void | Promise<void>;
  signal?: AbortSignal;
}

export type RecordWriter = (line: string, sourceLine: number | undefined) => void | Promise<void>;

export interface ConversionSummary {
  inputKind: InputKind;
  target: CustomizationType;
  outputFormat: DatasetFormat;
  /** How source fields became records, e.g. "Dolly (instruction, context, response)". */
  mapping: string;
  /** Rows, elements, lines or paragraphs read. */
  inputRecords: number;
  written: number;
  training: number;
  validation: number;
  duplicatesDropped: number;
  skipped: number;
  /** For continued pre-training: most tokens a chunk may have after the safety margin. */
  chunkTokens?: number;
  tokens: { total: number; max: number; exact: boolean };
  issues: Issue<ConversionIssueCode>[];
  issueCount: number;
}

const MB = 1_000_000;

/** The input kind from the file name and first bytes; content wins where they disagree (PDF, arrays). */
export function detectInputKind(fileName: string | undefined, head: Uint8Array): InputKind {
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return 'pdf';
  const extension = (fileName ?? '').toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (extension === 'csv') return 'csv';
  if (extension === 'tsv' || extension === 'tab') return 'tsv';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  if (['txt', 'text', 'rst', 'adoc'].includes(extension)) return 'text';
  const first = firstNonSpace(head);
  if (first === '[') return 'json-array';
  if (['jsonl', 'ndjson', 'json'].includes(extension) || first === '{') return 'jsonl';
  return 'text';
}

function firstNonSpace(head: Uint8Array): string | undefined {
  let index = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) index = 3;
  for (; index < head.length; index++) {
    const code = head[index] as number;
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return String.fromCharCode(code);
  }
  return undefined;
}

export async function convertDataset(
  source: AsyncIterable<Uint8Array>,
  options: ConvertOptions,
): Promise<ConversionSummary> {
  const spec = requireSpec(options.model, options.target);
  const counter = options.tokenCounter ?? (await loadTokenCounter(options.model.tokenizer));
  const run = new Conversion(options, spec.dataFormat, counter);
  const [head, rest] = await peek(source, 8192);
  const inputKind = options.inputKind ?? detectInputKind(options.fileName, head);
  const bytes = run.countBytes(rest);
  if (options.target === 'CONTINUED_PRE_TRAINING') {
    const limit = tokenLimitFor(spec, options.batchSize);
    if (!limit) throw new InputError(`${options.model.name} has no known token limit to chunk under.`);
    const margin = options.margin ?? 0.1;
    if (!(margin >= 0 && margin < 1))
      throw new InputError('--margin must be at least 0 and below 1.', { field: '--margin' });
    run.chunkTokens = Math.max(1, Math.floor(budgetTotal(limit) * (1 - margin)) - counter.recordOverhead);
    await run.continuedPretraining(inputKind, bytes);
  } else {
    if (inputKind === 'text' || inputKind === 'markdown' || inputKind === 'pdf') {
      throw new InputError(
        `a ${inputKind === 'pdf' ? 'PDF' : 'text'} file has no prompt/completion pairs for fine-tuning; convert it with --to continued-pretraining, or give a CSV or JSON file of pairs.`,
        { field: '--to' },
      );
    }
    await run.fineTuning(inputKind, bytes);
  }
  return run.finish(inputKind);
}

class Conversion {
  chunkTokens: number | undefined;
  private readonly issues: IssueLog<ConversionIssueCode>;
  private readonly seen = new Set<string>();
  private readonly split: TrainValidationSplit | undefined;
  private mapping = '';
  private inputRecords = 0;
  private written = 0;
  private duplicates = 0;
  private tokensTotal = 0;
  private tokensMax = 0;
  private bytes = 0;
  private nextProgress = 8 * MB;

  constructor(
    private readonly options: ConvertOptions,
    private readonly format: DatasetFormat,
    private readonly counter: TokenCounter,
  ) {
    this.issues = new IssueLog(options.maxIssues ?? 100);
    if (options.split) {
      const writeValidation = options.writeValidation;
      if (!writeValidation) throw new InputError('a split needs somewhere to write the validation records.');
      const spec = requireSpec(options.model, options.target);
      const limit = spec.records.validationMax;
      this.split = new TrainValidationSplit({
        fraction: options.split.fraction,
        // Where the model's validation limit is unknown, 1,000 (the common one) bounds the reservoir.
        maxValidation: limit.value === 'unknown' ? 1000 : limit.value,
        seed: options.split.seed ?? 1,
        writeTraining: options.writeTraining,
        writeValidation,
      });
    }
  }

  async *countBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.options.signal?.throwIfAborted();
      this.bytes += chunk.length;
      yield chunk;
    }
  }

  private async progress(): Promise<void> {
    if (this.options.onProgress && this.bytes >= this.nextProgress) {
      this.nextProgress = this.bytes + 8 * MB;
      await this.options.onProgress({ bytes: this.bytes, records: this.inputRecords });
    }
  }

  private issue(line: number | null, code: ConversionIssueCode, message: string): void {
    this.issues.add({ line, code, message: line === null ? message : `line ${line}: ${message}` });
  }

  /** Dedupes, counts and writes one output record. */
  private async write(
    record: Record<string, unknown>,
    tokens: number,
    sourceLine: number | undefined,
  ): Promise<void> {
    const line = JSON.stringify(record);
    if (this.options.dedupe) {
      const fingerprint = crypto.createHash('sha1').update(line).digest('base64');
      if (this.seen.has(fingerprint)) {
        this.duplicates++;
        return;
      }
      this.seen.add(fingerprint);
    }
    this.written++;
    this.tokensTotal += tokens;
    if (tokens > this.tokensMax) this.tokensMax = tokens;
    if (this.split) await this.split.add(line, sourceLine);
    else await this.options.writeTraining(line, sourceLine);
  }

  // -------------------------------------------------------------------------------------------
  // Fine-tuning

  async fineTuning(kind: InputKind, source: AsyncIterable<Uint8Array>): Promise<void> {
    let mapping: PairMapping | undefined;
    let asTheyAre: boolean | undefined;
    for await (const { record, line } of this.objects(kind, source)) {
      this.inputRecords++;
      // Conversations already in the model's format (a JSONL shared with --split, say) have turns
      // and a system text that no prompt/completion pair can carry: they are kept as they are, and
      // only checked, counted and split. The first record decides for the file.
      asTheyAre ??=
        this.format !== 'prompt-completion' && FORMAT_SCHEMAS[this.format].safeParse(record).success;
      if (asTheyAre) {
        this.mapping = `records already in the ${this.format} format, kept as they are`;
        const tokens = this.checked(record, line);
        if (tokens !== undefined) await this.write(record, tokens, line);
        await this.progress();
        continue;
      }
      if (!mapping) {
        mapping = choosePairMapping(Object.keys(record), {
          ...(this.options.promptColumns ? { prompt: this.options.promptColumns } : {}),
          ...(this.options.completionColumns ? { completion: this.options.completionColumns } : {}),
        });
        this.mapping = mapping.description;
      }
      const pair = pairOf(record, mapping);
      if (pair.prompt.length === 0 || pair.completion.length === 0) {
        this.issue(
          line,
          'empty_pair',
          `the ${pair.prompt.length === 0 ? 'prompt' : 'completion'} (${(pair.prompt.length === 0 ? mapping.prompt : mapping.completion).join(' + ')}) is empty; the record was left out.`,
        );
        continue;
      }
      const output = formatPair(pair, this.format, this.options.system);
      const tokens = this.checked(output, line);
      if (tokens !== undefined) await this.write(output, tokens, line);
      await this.progress();
    }
  }

  /** Runs the validator's record checks on an output record; its tokens, or undefined when left out. */
  private checked(record: Record<string, unknown>, line: number): number | undefined {
    const spec = requireSpec(this.options.model, this.options.target);
    const problems: string[] = [];
    const tokens = checkRecord(record, this.format, spec.formatRules, this.counter, {
      error: (_code, message) => problems.push(message),
      warn: () => {},
    });
    if (!tokens || problems.length > 0) {
      this.issue(line, 'record_invalid', `${problems.join(' ')} The record was left out.`);
      return undefined;
    }
    const limit = tokenLimitFor(spec, this.options.batchSize);
    if (limit) {
      const over =
        (limit.total !== undefined && tokens.total > limit.total) ||
        (limit.input !== undefined && tokens.input > limit.input) ||
        (limit.output !== undefined && tokens.output > limit.output);
      if (over) {
        this.issue(
          line,
          'record_too_long',
          `${tokens.total.toLocaleString('en-US')} tokens${this.counter.exact ? '' : ' (estimated)'}, over ${this.options.model.name}'s limit of ${budgetTotal(limit).toLocaleString('en-US')}; the record was left out. Shorten it in the source to keep it.`,
        );
        return undefined;
      }
    }
    return tokens.total;
  }

  /** Records of tabular or JSON input as objects with their source line. */
  private async *objects(
    kind: InputKind,
    source: AsyncIterable<Uint8Array>,
  ): AsyncGenerator<{ record: Record<string, unknown>; line: number }> {
    if (kind === 'csv' || kind === 'tsv') {
      let header: string[] | undefined;
      for await (const row of readCsv(decodeText(source), { delimiter: kind === 'tsv' ? '\t' : ',' })) {
        if (!header) {
          header = row.cells.map((cell) => cell.trim());
          continue;
        }
        const record: Record<string, unknown> = {};
        header.forEach((name, index) => {
          record[name] = row.cells[index] ?? '';
        });
        yield { record, line: row.line };
      }
      return;
    }
    if (kind === 'json-array') {
      for await (const element of readJsonArray(decodeText(source))) {
        if (!isObject(element.value))
          this.issue(
            element.line,
            'not_an_object',
            `element ${element.index + 1} is not an object; it was left out.`,
          );
        else if (this.readable(element.value, element.line))
          yield { record: element.value, line: element.line };
      }
      return;
    }
    for await (const { text, line } of readLines(decodeText(source))) {
      if (text.trim().length === 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        this.issue(
          line,
          'invalid_json',
          `not valid JSON (${cause instanceof Error ? cause.message : String(cause)}); the line was left out.`,
        );
        continue;
      }
      if (!isObject(value))
        this.issue(line, 'not_an_object', 'the line is not a JSON object; it was left out.');
      else if (this.readable(value, line, text)) yield { record: value, line };
    }
  }

  /**
   * A parsed source record that can be turned into text: not nested past what serialising can
   * handle, and without a lone surrogate (which would reach the output). Otherwise left out.
   */
  private readable(record: Record<string, unknown>, line: number, text?: string): boolean {
    if (nestedDeeperThan(record, MAX_NESTING)) {
      this.issue(line, 'too_deeply_nested', tooDeeplyNested('the record'));
      return false;
    }
    const path = text === undefined || mayHoldSurrogate(text) ? loneSurrogatePath(record) : undefined;
    if (path) {
      this.issue(line, 'lone_surrogate', loneSurrogate(`"${fieldPath(path)}"`));
      return false;
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Continued pre-training

  async continuedPretraining(kind: InputKind, source: AsyncIterable<Uint8Array>): Promise<void> {
    const chunker = new TextChunker({
      count: (text) => this.counter.count(text),
      maxTokens: this.chunkTokens ?? 1,
      overlapTokens: this.options.overlapTokens ?? 0,
    });
    const emit = async (chunks: string[], sourceLine?: number) => {
      for (const chunk of chunks) {
        await this.write(
          { input: chunk },
          this.counter.count(chunk) + this.counter.recordOverhead,
          sourceLine,
        );
      }
    };
    if (kind === 'text' || kind === 'markdown') {
      this.mapping = kind === 'markdown' ? 'Markdown paragraphs and headings' : 'text paragraphs';
      for await (const paragraph of readParagraphs(decodeText(source))) {
        this.inputRecords++;
        await emit(chunker.push(paragraph));
        await this.progress();
      }
      await emit(chunker.finish());
      return;
    }
    if (kind === 'pdf') {
      this.mapping = 'PDF text, page by page';
      const pages = await extractPdfPages(await readAll(source, this.options.maxPdfBytes ?? 200 * MB));
      for (const page of pages) {
        for await (const paragraph of readParagraphs(once(page))) {
          this.inputRecords++;
          await emit(chunker.push(paragraph));
        }
      }
      await emit(chunker.finish());
      if (this.written === 0) {
        this.issue(
          null,
          'empty_text',
          'the PDF has no extractable text (is it scanned images? run OCR first).',
        );
      }
      return;
    }
    let fields: string[] | undefined;
    for await (const { record, line } of this.objects(kind, source)) {
      this.inputRecords++;
      fields ??= chooseTextFields(Object.keys(record), this.options.textColumns);
      this.mapping = `text from ${fields.join(' + ')}, one record per source record`;
      const text = joinFields(record, fields);
      if (text.length === 0) {
        this.issue(line, 'empty_text', `${fields.join(' + ')} is empty; the record was left out.`);
        continue;
      }
      // Each source record is chunked on its own, so no chunk mixes two documents.
      for await (const paragraph of readParagraphs(once(text))) await emit(chunker.push(paragraph), line);
      await emit(chunker.finish(), line);
      await this.progress();
    }
  }

  async finish(inputKind: InputKind): Promise<ConversionSummary> {
    let training = this.written;
    let validation = 0;
    if (this.split) {
      const result = await this.split.finish();
      training = result.training;
      validation = result.validation;
    }
    return {
      inputKind,
      target: this.options.target,
      outputFormat: this.options.target === 'CONTINUED_PRE_TRAINING' ? 'continued-pretraining' : this.format,
      mapping: this.mapping,
      inputRecords: this.inputRecords,
      written: this.written,
      training,
      validation,
      duplicatesDropped: this.duplicates,
      skipped: this.issues.total,
      ...(this.chunkTokens === undefined ? {} : { chunkTokens: this.chunkTokens }),
      tokens: { total: this.tokensTotal, max: this.tokensMax, exact: this.counter.exact },
      issues: this.issues.kept,
      issueCount: this.issues.total,
    };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** UTF-8 text of a byte stream; invalid bytes are an `InputError` naming the offset. */
export async function* decodeText(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const chunk of source) {
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch (cause) {
      throw new InputError(
        `the file is not valid UTF-8 (within bytes ${offset}-${offset + chunk.length}); save it as UTF-8.`,
        { field: 'file', cause },
      );
    }
    offset += chunk.length;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** Lines of a text stream with their 1-based numbers, without `\r\n`/`\n`. */
export async function* readLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ text: string; line: number }> {
  let rest = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      line++;
      const end = newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      yield { text: text.slice(from, end), line };
      from = newline + 1;
    }
    rest = text.slice(from);
  }
  if (rest.length > 0) yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: line + 1 };
}

async function readAll(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    length += chunk.length;
    if (length > maxBytes) {
      throw new InputError(`the PDF is larger than ${Math.round(maxBytes / MB)} MB; split it first.`, {
        field: 'file',
      });
    }
    parts.push(chunk);
  }
  return concatBytes(parts, length);
}

/** The first `bytes` of a stream, and the whole stream again (head included) to read on. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  bytes: number,
): Promise<[Uint8Array, AsyncIterable<Uint8Array>]> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    length += next.value.length;
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of head) {
    joined.set(part, offset);
    offset += part.length;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (joined.length > 0) yield joined;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return [joined, rest()];
}
