/**
 * The dataset validator: reads a JSONL stream once, in constant memory, and reports every problem
 * Bedrock would fail the job on, with its 1-based line, a stable code and how to fix it, plus the
 * token counts and the estimated cost. Bedrock finds a record over the token limit only hours into
 * a run (docs/bedrock-facts.md, "Limits"), so this runs before anything is paid for.
 *
 * The input is any `AsyncIterable<Uint8Array>`: a file read stream in the CLI, an S3 object body or
 * a Slack download in the worker. `onProgress` is called between chunks for long files.
 */
import type { AppliedTokenLimit } from '../catalog/catalog.js';
import { budgetTotal, defaultEpochs, requireSpec, tokenLimitFor } from '../catalog/catalog.js';
import type { CatalogModel, CustomizationSpec, DatasetFormat, Fact } from '../catalog/types.js';
import type { CustomizationType } from '../jobs/job.js';
import { estimateCounter, loadTokenCounter, type TokenCounter } from '../tokens/counter.js';
import { type CostEstimate, estimateTrainingCost } from './cost.js';
import { FingerprintTable } from './fingerprints.js';
import { classifyRecord, conversionHint, FORMAT_LABELS } from './formats.js';
import { Histogram } from './histogram.js';
import { type ErrorCode, type Issue, IssueLog, type WarningCode } from './issues.js';
import {
  loneSurrogate,
  loneSurrogatePath,
  MAX_NESTING,
  mayHoldSurrogate,
  nestedDeeperThan,
  tooDeeplyNested,
} from './json-structure.js';
import { concatBytes, LineSplitter } from './lines.js';
import { checkRecord, fieldPath, type RecordReporter, type RecordTokens } from './record-checks.js';

export type DatasetRole = 'training' | 'validation';

export interface ValidationProgress {
  bytes: number;
  /** Known when the caller gave `totalBytes`. */
  totalBytes?: number;
  lines: number;
  records: number;
  errors: number;
}

export interface ValidateOptions {
  model: CatalogModel;
  customizationType: CustomizationType;
  /** Which file this is: limits differ (default training). */
  role?: DatasetRole;
  /** The batch size the job will use; the token limit depends on it for Titan (default: the model's default). */
  batchSize?: number;
  /** Epochs for the cost estimate (default: the model's default `epochCount`). */
  epochs?: number;
  /** Records in the companion file (validation for a training file, or the reverse), for limits on their sum. */
  companionRecords?: number;
  /** Errors kept in full in the report; all are counted (default 1,000). */
  maxStoredErrors?: number;
  /** Warnings kept in full in the report; all are counted (default 200). */
  maxStoredWarnings?: number;
  /** Longest line buffered; longer ones are reported as too long (default 4 MB). */
  maxLineBytes?: number;
  /** Share of the token limit from which a record draws a warning (default 0.9). */
  nearLimitRatio?: number;
  /** Records whose fingerprints are kept to find duplicates (default 200,000), bounding memory. */
  duplicateCheckLimit?: number;
  /** Use the model's exact tokenizer where one exists (default true); false always estimates. */
  exactTokens?: boolean;
  /** Replaces the model's token counter (tests, benchmarks). */
  tokenCounter?: TokenCounter;
  /**
   * For a file tune made from another (`tune convert`): the source line each line came from, so that
   * a record's problems (and the line a duplicate repeats) cite the lines the person wrote.
   */
  sourceLine?: (line: number) => number;
  onProgress?: (progress: ValidationProgress) => void | Promise<void>;
  /** Bytes between progress calls (default 8 MiB). */
  progressIntervalBytes?: number;
  totalBytes?: number;
  signal?: AbortSignal;
}

export interface TokenSummary {
  total: number;
  max: number;
  /** Upper bound of the 95th percentile, within 0.8% (exact below 2,048). */
  p95: number;
  mean: number;
  /** Records whose tokens were counted (structurally valid ones). */
  counted: number;
  method: TokenCounter['method'];
  exact: boolean;
  description: string;
  /** The per-record limit applied; undefined when the model's is unknown. */
  limit?: AppliedTokenLimit;
  overLimit: number;
  nearLimit: number;
}

export interface AppliedLimits {
  maxRecords: Fact<number>;
  minRecords: Fact<number>;
  combinedMax?: Fact<number>;
  combinedMinimum?: Fact<number>;
  maxBytes: Fact<number>;
}

export interface ValidationReport {
  valid: boolean;
  model: { id: string; name: string };
  customizationType: CustomizationType;
  role: DatasetRole;
  /** The format of the file's first record; null when no record could be read. */
  format: DatasetFormat | null;
  expectedFormat: DatasetFormat;
  bytes: number;
  lines: number;
  /** Non-blank lines: each is meant to be one record. */
  records: number;
  tokens: TokenSummary;
  cost: CostEstimate;
  limits: AppliedLimits;
  errors: Issue<ErrorCode>[];
  errorCount: number;
  errorCounts: Partial<Record<ErrorCode, number>>;
  warnings: Issue<WarningCode>[];
  warningCount: number;
  warningCounts: Partial<Record<WarningCode, number>>;
  /** True when more errors or warnings exist than the report holds in full. */
  truncated: boolean;
}

const MiB = 1024 * 1024;
/** Enough of the start to recognise binary formats before reading on. */
const SNIFF_BYTES = 8192;

/** Validates a dataset stream. Throws only for I/O failures of the stream and for an abort. */
export async function validateDataset(
  source: AsyncIterable<Uint8Array>,
  options: ValidateOptions,
): Promise<ValidationReport> {
  const { model, customizationType } = options;
  const spec = requireSpec(model, customizationType);
  const counter =
    options.tokenCounter ??
    (options.exactTokens === false ? estimateCounter() : await loadTokenCounter(model.tokenizer));
  const validation = new DatasetValidation(options, counter);
  const interval = options.progressIntervalBytes ?? 8 * MiB;
  let nextProgress = interval;
  let head: Uint8Array[] | undefined = [];
  let headBytes = 0;

  for await (const chunk of source) {
    options.signal?.throwIfAborted();
    if (head) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes < SNIFF_BYTES) continue;
      validation.start(concatBytes(head, headBytes));
      head = undefined;
    } else {
      validation.push(chunk);
    }
    if (validation.halted) break;
    if (options.onProgress && validation.bytes >= nextProgress) {
      nextProgress = validation.bytes + interval;
      await options.onProgress(validation.progress());
    }
  }
  if (head) validation.start(concatBytes(head, headBytes));
  validation.end();
  if (options.onProgress) await options.onProgress(validation.progress());
  return validation.report(spec);
}

/** The state of one validation run; `validateDataset` feeds it chunks. */
class DatasetValidation {
  readonly errors: IssueLog<ErrorCode>;
  readonly warnings: IssueLog<WarningCode>;
  private readonly splitter: LineSplitter;
  private readonly histogram = new Histogram();
  private readonly spec: CustomizationSpec;
  private readonly limit: AppliedTokenLimit | undefined;
  private readonly role: DatasetRole;
  private readonly nearLimitRatio: number;
  private readonly duplicateCheckLimit: number;
  private readonly fingerprints = new FingerprintTable();
  private readonly reporter: RecordReporter;
  /** The counter for lines known to be ASCII: skips a scan per text with the estimate. */
  private readonly asciiCounter: TokenCounter;
  halted = false;
  private records = 0;
  private currentLine = 0;
  private sawContent = false;
  private fileFormat: DatasetFormat | undefined;
  private crlfLines = 0;
  private firstCrlfLine = 0;
  private duplicateCheckStopped = false;
  private overLimit = 0;
  private firstImageLine = 0;
  private firstVideoLine = 0;
  private nearLimit = 0;

  constructor(
    private readonly options: ValidateOptions,
    private readonly counter: TokenCounter,
  ) {
    this.spec = requireSpec(options.model, options.customizationType);
    this.limit = tokenLimitFor(this.spec, options.batchSize);
    this.role = options.role ?? 'training';
    const countAscii = counter.countAscii;
    this.asciiCounter = countAscii ? { ...counter, count: (text) => countAscii(text) } : counter;
    this.nearLimitRatio = options.nearLimitRatio ?? 0.9;
    this.duplicateCheckLimit = options.duplicateCheckLimit ?? 200_000;
    this.errors = new IssueLog(options.maxStoredErrors ?? 1000);
    this.warnings = new IssueLog(options.maxStoredWarnings ?? 200);
    this.reporter = {
      error: (code, message, field) => this.error(code, message, field),
      warn: (code, message, field) => this.warn(code, message, field),
    };
    this.splitter = new LineSplitter(
      {
        line: (text, lineNumber, crlf, ascii) => this.line(text, lineNumber, crlf, ascii),
        invalidUtf8: (lineNumber) => {
          this.records++;
          this.sawContent = true;
          this.errors.add({
            line: lineNumber,
            code: 'invalid_utf8',
            message: `line ${lineNumber} is not valid UTF-8: save the file as UTF-8 (not Latin-1 or Windows-1252), or remove the stray bytes on this line.`,
          });
        },
        tooLong: (lineNumber, bytes) => {
          this.records++;
          this.sawContent = true;
          const limitText = this.limit
            ? ` no record within ${this.options.model.name}'s ${budgetTotal(this.limit).toLocaleString('en-US')}-token limit is that long`
            : ' no record can be that long';
          this.errors.add({
            line: lineNumber,
            code: 'line_too_long',
            message: `line ${lineNumber} is ${bytes.toLocaleString('en-US')} bytes, over the ${formatBytes(this.maxLineBytes)} a line may have here;${limitText}. Split it into several records, or check that the file has a line break after each record.`,
          });
        },
      },
      this.maxLineBytes,
    );
  }

  get maxLineBytes(): number {
    return this.options.maxLineBytes ?? 4_000_000;
  }

  get bytes(): number {
    return this.splitter.bytes;
  }

  progress(): ValidationProgress {
    return {
      bytes: this.splitter.bytes,
      ...(this.options.totalBytes === undefined ? {} : { totalBytes: this.options.totalBytes }),
      lines: this.splitter.lines,
      records: this.records,
      errors: this.errors.total,
    };
  }

  /** The first bytes: recognised as binary, or split into lines like the rest. */
  start(head: Uint8Array): void {
    const binary = describeBinary(head);
    if (binary) {
      this.splitter.bytes += head.length;
      this.errors.add({
        line: 1,
        code: 'binary_file',
        message: `the file is ${binary}`,
      });
      this.halted = true;
      return;
    }
    this.splitter.push(head);
  }

  push(chunk: Uint8Array): void {
    this.splitter.push(chunk);
  }

  end(): void {
    if (!this.halted) this.splitter.end();
  }

  private cite(line: number): number {
    return this.options.sourceLine?.(line) ?? line;
  }

  private error(code: ErrorCode, message: string, field?: string): void {
    const line = this.cite(this.currentLine);
    this.errors.add(
      field === undefined
        ? { line, code, message: `line ${line}: ${message}` }
        : { line, code, message: `line ${line}: ${message}`, field },
    );
  }

  private warn(code: WarningCode, message: string, field?: string): void {
    const line = this.cite(this.currentLine);
    this.warnings.add(
      field === undefined
        ? { line, code, message: `line ${line}: ${message}` }
        : { line, code, message: `line ${line}: ${message}`, field },
    );
  }

  private line(raw: string, lineNumber: number, crlf: boolean, ascii: boolean): void {
    if (this.halted) return;
    this.currentLine = lineNumber;
    let text = raw;
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) {
      this.error(
        'utf8_bom',
        'the file starts with a byte order mark (BOM), which JSON readers reject: save it as UTF-8 without BOM.',
      );
      text = text.slice(1);
    }
    if (crlf) {
      if (this.crlfLines === 0) this.firstCrlfLine = lineNumber;
      this.crlfLines++;
    }
    if (text.length === 0 || (isSpace(text.charCodeAt(0)) && text.trim().length === 0)) {
      this.warn('blank_line', 'blank line: remove it; each line must hold one record.');
      return;
    }
    if (!this.sawContent) {
      this.sawContent = true;
      if (text.trimStart().startsWith('[')) {
        this.error(
          'json_array',
          'the file is a JSON array; Bedrock needs JSON Lines, one {...} object per line. Convert it with `tune convert <file> --to fine-tuning` (or write each element on its own line).',
        );
        this.halted = true;
        return;
      }
    }
    this.records++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      this.error(
        'invalid_json',
        `not valid JSON (${detail}). Each line must be one complete JSON object with double-quoted keys and strings, and no trailing comma.`,
      );
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(
        'not_an_object',
        `the line is ${value === null ? 'JSON null' : Array.isArray(value) ? 'a JSON array' : `a JSON ${typeof value}`}, not an object; each line must be one {...} record.`,
      );
      return;
    }
    if (nestedDeeperThan(value, MAX_NESTING)) {
      this.error('too_deeply_nested', tooDeeplyNested('the record'));
      return;
    }
    // A `\u` escape is the only way a lone surrogate gets in, and the only way a line of ASCII
    // parses into non-ASCII text (\u00e9): one scan answers both.
    const escaped = text.includes('\\u');
    if (escaped && mayHoldSurrogate(text)) {
      const path = loneSurrogatePath(value);
      if (path) {
        const field = fieldPath(path);
        this.error('lone_surrogate', loneSurrogate(`"${field}"`), field);
      }
    }
    this.checkObject(value as Record<string, unknown>, text, lineNumber, ascii && !escaped);
  }

  private checkObject(
    record: Record<string, unknown>,
    text: string,
    lineNumber: number,
    /** The parsed texts are ASCII: the cheaper counter applies. */
    asciiText: boolean,
  ): void {
    const expected = this.spec.dataFormat;
    const format = classifyRecord(record);
    if (format === undefined) {
      const keys = Object.keys(record);
      const hint = conversionHint(record);
      this.error(
        'unknown_format',
        `the record (keys: ${keys.length > 0 ? keys.join(', ') : 'none'}) matches no Bedrock format; ${this.options.model.name} needs ${FORMAT_LABELS[expected]}.${hint ? ` ${hint}.` : ''}`,
      );
      return;
    }
    if (this.fileFormat === undefined) {
      this.fileFormat = format;
      if (format !== expected) {
        this.error(
          'wrong_format',
          `the file is in ${format} format, but ${this.options.model.name} ${customizationLabel(this.options.customizationType)} needs ${FORMAT_LABELS[expected]}. ${formatAdvice(format, expected)}`,
        );
      }
    } else if (format !== this.fileFormat) {
      this.error(
        'mixed_formats',
        `this record is in ${format} format but the file's first record is ${this.fileFormat}; use one format for the whole file.`,
      );
    }
    const counter = asciiText ? this.asciiCounter : this.counter;
    const tokens = checkRecord(record, format, this.spec.formatRules, counter, this.reporter);
    if (tokens) {
      this.checkTokens(tokens, format);
      this.checkMediaMix(tokens, lineNumber);
    }
    this.checkDuplicate(text, lineNumber);
  }

  private checkTokens(tokens: RecordTokens, format: DatasetFormat): void {
    this.histogram.add(tokens.total);
    const limit = this.limit;
    if (!limit) return;
    // Most records are well within the limit: leave before building any message text.
    const ceiling = budgetTotal(limit);
    if (
      tokens.total < ceiling * this.nearLimitRatio &&
      (limit.total === undefined || tokens.total <= limit.total) &&
      (limit.input === undefined || tokens.input <= limit.input) &&
      (limit.output === undefined || tokens.output <= limit.output)
    )
      return;
    const estimated = this.counter.exact ? '' : ' (estimated)';
    const where = limit.batchSizes
      ? ` at batchSize ${limit.batchSizes.min === limit.batchSizes.max ? limit.batchSizes.min : `${limit.batchSizes.min}-${limit.batchSizes.max}`}`
      : '';
    const name = this.options.model.name;
    const over: string[] = [];
    if (limit.total !== undefined && tokens.total > limit.total) {
      over.push(
        `the record has ${formatCount(tokens.total)} tokens${estimated}; ${name} allows ${formatCount(limit.total)} per record${where}`,
      );
    }
    const [inputName, outputName] =
      format === 'prompt-completion' ? ['prompt', 'completion'] : ['input', 'output'];
    if (limit.input !== undefined && limit.input !== limit.total && tokens.input > limit.input) {
      over.push(
        `the ${inputName} has ${formatCount(tokens.input)} tokens${estimated}; ${name} allows ${formatCount(limit.input)}`,
      );
    }
    if (limit.output !== undefined && limit.output !== limit.total && tokens.output > limit.output) {
      over.push(
        `the ${outputName} has ${formatCount(tokens.output)} tokens${estimated}; ${name} allows ${formatCount(limit.output)}`,
      );
    }
    if (over.length > 0) {
      this.overLimit++;
      this.error(
        'record_too_long',
        `${over.join('; ')}. Shorten the record or split it into several (\`tune convert\` chunks long text).`,
      );
      return;
    }
    if (tokens.total >= ceiling * this.nearLimitRatio) {
      this.nearLimit++;
      this.warn(
        'near_token_limit',
        `the record has ${formatCount(tokens.total)} tokens${estimated}, ${Math.round((tokens.total / ceiling) * 100)}% of the ${formatCount(ceiling)} limit${where}; ${this.counter.exact ? 'it fits, barely' : 'the estimate may be off, consider shortening it'}.`,
      );
    }
  }

  /** Nova: a dataset may hold images or videos, not both (docs/bedrock-facts.md, "Record formats"). */
  private checkMediaMix(tokens: RecordTokens, lineNumber: number): void {
    if (!this.spec.formatRules.videos) return;
    const hadBoth = this.firstImageLine > 0 && this.firstVideoLine > 0;
    if (tokens.images > 0 && this.firstImageLine === 0) this.firstImageLine = lineNumber;
    if (tokens.videos > 0 && this.firstVideoLine === 0) this.firstVideoLine = lineNumber;
    if (!hadBoth && this.firstImageLine > 0 && this.firstVideoLine > 0) {
      this.error(
        'mixed_media',
        `the dataset mixes images (first on line ${this.firstImageLine}) and videos (first on line ${this.firstVideoLine}); ${this.options.model.name} accepts one kind per dataset. Split it into two datasets.`,
      );
    }
  }

  private checkDuplicate(text: string, lineNumber: number): void {
    if (this.duplicateCheckStopped) return;
    const remember = this.fingerprints.size < this.duplicateCheckLimit;
    const first = this.fingerprints.firstLineOf(text, lineNumber, remember);
    if (first !== undefined) {
      this.warn(
        'duplicate_record',
        `the record repeats line ${this.cite(first)}; remove one copy (duplicates skew training).`,
      );
      return;
    }
    if (!remember) {
      this.duplicateCheckStopped = true;
      this.warnings.addFileLevel({
        line: null,
        code: 'duplicate_check_limited',
        message: `duplicates were looked for among the first ${this.duplicateCheckLimit.toLocaleString('en-US')} records only (memory bound); \`tune convert --dedupe\` removes them all.`,
      });
    }
  }

  report(spec: CustomizationSpec): ValidationReport {
    const { model, customizationType } = this.options;
    if (this.crlfLines > 0) {
      this.warnings.addFileLevel({
        line: this.firstCrlfLine,
        code: 'crlf_line_endings',
        message: `${this.crlfLines.toLocaleString('en-US')} line(s) end in CR LF (Windows line endings), from line ${this.firstCrlfLine}; JSON readers accept it, but saving with LF endings is safer.`,
      });
    }
    if (!this.halted && this.records === 0) {
      this.errors.addFileLevel({
        line: null,
        code: 'empty_file',
        message:
          this.splitter.bytes === 0
            ? 'the file is empty: it needs one JSON record per line.'
            : 'the file has only blank lines: it needs one JSON record per line.',
      });
    }
    const limits = this.appliedLimits(spec);
    if (!this.halted) this.checkFileLimits(limits);
    if (!this.limit) {
      this.warnings.addFileLevel({
        line: null,
        code: 'token_limit_unknown',
        message: `${model.name}'s per-record token limit is not documented in the sources tune has; record lengths were counted but not checked.`,
      });
    }
    const exact = this.counter.exact;
    const histogram = this.histogram;
    const tokens: TokenSummary = {
      total: histogram.total,
      max: histogram.max,
      p95: histogram.quantile(0.95),
      mean: histogram.count === 0 ? 0 : Math.round(histogram.total / histogram.count),
      counted: histogram.count,
      method: this.counter.method,
      exact,
      description: this.counter.description,
      ...(this.limit ? { limit: this.limit } : {}),
      overLimit: this.overLimit,
      nearLimit: this.nearLimit,
    };
    const cost = estimateTrainingCost({
      tokens: histogram.total,
      exactTokens: exact,
      epochs: this.options.epochs ?? defaultEpochs(spec),
      prices: model.prices,
    });
    if (this.role === 'validation')
      cost.uncertainty.push('this is a validation file: whether its tokens are billed is not documented');
    return {
      valid: this.errors.total === 0,
      model: { id: model.id, name: model.name },
      customizationType,
      role: this.role,
      format: this.fileFormat ?? null,
      expectedFormat: spec.dataFormat,
      bytes: this.splitter.bytes,
      lines: this.splitter.lines,
      records: this.records,
      tokens,
      cost,
      limits,
      errors: sortIssues(this.errors.kept),
      errorCount: this.errors.total,
      errorCounts: this.errors.counts,
      warnings: sortIssues(this.warnings.kept),
      warningCount: this.warnings.total,
      warningCounts: this.warnings.counts,
      truncated:
        this.errors.kept.length < this.errors.total || this.warnings.kept.length < this.warnings.total,
    };
  }

  private appliedLimits(spec: CustomizationSpec): AppliedLimits {
    const training = this.role === 'training';
    const records = spec.records;
    return {
      maxRecords: training ? records.trainingMax : records.validationMax,
      minRecords: training
        ? records.minimum
        : (records.validationMinimum ?? {
            value: 'unknown',
            note: 'no minimum for validation files is documented',
          }),
      ...(records.combinedMax ? { combinedMax: records.combinedMax } : {}),
      ...(records.combinedMinimum ? { combinedMinimum: records.combinedMinimum } : {}),
      maxBytes: training ? spec.fileSize.trainingBytes : spec.fileSize.validationBytes,
    };
  }

  private checkFileLimits(limits: AppliedLimits): void {
    const fileKind = `a ${this.role} file`;
    const name = this.options.model.name;
    const records = this.records;
    const qualifier = (fact: Fact<number>) =>
      fact.value !== 'unknown' && !fact.confirmed
        ? ` (${fact.note ?? `source ${fact.source}, unconfirmed`})`
        : '';
    const overFileLimit = limits.maxRecords.value !== 'unknown' && records > limits.maxRecords.value;
    if (overFileLimit && limits.maxRecords.value !== 'unknown') {
      this.errors.addFileLevel({
        line: null,
        code: 'too_many_records',
        message: `${formatCount(records)} records; ${name} accepts at most ${formatCount(limits.maxRecords.value)} in ${fileKind}${qualifier(limits.maxRecords)}. Remove records, or move some to the ${this.role === 'training' ? 'validation file' : 'training file'}.`,
      });
    }
    if (records > 0 && limits.minRecords.value !== 'unknown' && records < limits.minRecords.value) {
      this.errors.addFileLevel({
        line: null,
        code: 'too_few_records',
        message: `${formatCount(records)} records; ${name} needs at least ${formatCount(limits.minRecords.value)} in ${fileKind}${qualifier(limits.minRecords)}. Add records.`,
      });
    }
    const companion = this.options.companionRecords;
    const together = records + (companion ?? 0);
    const pairText =
      companion === undefined
        ? ''
        : ` (${formatCount(records)} here + ${formatCount(companion)} in the other file)`;
    // Without the companion's count the sum rule adds nothing once the file's own limit is broken.
    const combinedNews = companion !== undefined || !overFileLimit;
    if (
      combinedNews &&
      limits.combinedMax &&
      limits.combinedMax.value !== 'unknown' &&
      together > limits.combinedMax.value
    ) {
      this.errors.addFileLevel({
        line: null,
        code: 'too_many_records',
        message: `${formatCount(together)} records${pairText}; ${name} accepts at most ${formatCount(limits.combinedMax.value)} in training and validation together. Remove records.`,
      });
    }
    if (
      records > 0 &&
      limits.combinedMinimum &&
      limits.combinedMinimum.value !== 'unknown' &&
      together < limits.combinedMinimum.value
    ) {
      this.errors.addFileLevel({
        line: null,
        code: 'too_few_records',
        message: `${formatCount(together)} records${pairText}; ${name} needs at least ${formatCount(limits.combinedMinimum.value)} in training and validation together. Add records${companion === undefined ? ", or validate with the validation file's count (companionRecords)" : ''}.`,
      });
    }
    if (limits.maxBytes.value !== 'unknown' && this.splitter.bytes > limits.maxBytes.value) {
      this.errors.addFileLevel({
        line: null,
        code: 'file_too_large',
        message: `the file is ${formatBytes(this.splitter.bytes)}; ${name} accepts at most ${formatBytes(limits.maxBytes.value)} for ${fileKind}. Remove records or split the data.`,
      });
    }
  }
}

function customizationLabel(type: CustomizationType): string {
  return type === 'FINE_TUNING' ? 'fine-tuning' : 'continued pre-training';
}

function formatAdvice(found: DatasetFormat, expected: DatasetFormat): string {
  if (expected === 'continued-pretraining') {
    return 'Continued pre-training takes unlabelled text: `tune convert <file> --to continued-pretraining` makes {"input"} records.';
  }
  if (found === 'continued-pretraining') {
    return 'Fine-tuning needs labelled pairs; to train on plain text use --type continued-pretraining with a model that offers it.';
  }
  return 'Rewrite the records in that shape, or choose a model that takes this format (`tune models`).';
}

/** What a binary start looks like, as an instruction; undefined for text. */
function describeBinary(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d))
    return 'a PDF document, not JSON Lines: turn it into training text with `tune convert <file> --to continued-pretraining`.';
  if (starts(0x50, 0x4b, 0x03, 0x04))
    return 'a ZIP archive (or an Excel/Word file), not JSON Lines: export the data as CSV and run `tune convert`.';
  if (starts(0x1f, 0x8b)) return 'gzip-compressed: decompress it and validate the .jsonl inside.';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'UTF-16 text: save it as UTF-8.';
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38))
    return 'an image, not JSON Lines.';
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'a Parquet file, not JSON Lines: export it as JSONL.';
  if (head.indexOf(0) !== -1)
    return 'binary (it contains NUL bytes), not JSON Lines: a dataset must be UTF-8 text with one JSON object per line.';
  return undefined;
}

function sortIssues<Code extends string>(issues: Issue<Code>[]): Issue<Code>[] {
  // File-level issues (line null) first, then by line; the sort is stable within a line.
  return [...issues].sort((left, right) => (left.line ?? 0) - (right.line ?? 0));
}

function isSpace(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 13 || code === 0xa0 || code === 0xfeff || code === 11 || code === 12
  );
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Decimal units, as AWS states its limits (1 GB = 10^9 bytes). */
export function formatBytes(bytes: number): string {
  const scaled = (value: number, unit: string) =>
    `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
  if (bytes >= 1e9) return scaled(bytes / 1e9, 'GB');
  if (bytes >= 1e6) return scaled(bytes / 1e6, 'MB');
  if (bytes >= 1e3) return scaled(bytes / 1e3, 'kB');
  return `${bytes} bytes`;
}
