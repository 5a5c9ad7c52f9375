/**
 * The evaluation use case: the tuned model against its base model on held-out records.
 *
 * At most 100 records are drawn with a fixed seed (./examples.ts), each becomes a prompt and a
 * reference, both models answer with the same settings (temperature 0, the same token budget), and
 * each answer is scored with METEOR and ROUGE-1/2/L (./score.ts). The paired bootstrap
 * (./bootstrap.ts) then says whether the difference is larger than chance.
 *
 * What it guarantees:
 * - Resumable. Each answer is written to the `EvaluationResultsStore` as soon as its record is done,
 *   so a redelivered or continued run (same evaluation id, same settings) invokes no model twice.
 * - Slows down instead of failing. Retryable errors (`ThrottledError`, `UpstreamUnavailableError`)
 *   are retried with exponential backoff and jitter, up to `maxAttempts` per call.
 * - One record's failure is not the run's: it is counted and reported with its reason, and that
 *   record is left out of the comparison (a pair needs both answers).
 * - Bounded in time: no record is started after `stopAt` (a Lambda deadline less a margin); the
 *   result is then `complete: false` and running again continues where it stopped.
 * - Progress is reported at most once per `progressIntervalMs`, and once at the end.
 */
import * as z from 'zod';
import type { DatasetFormat } from '../catalog/types.js';
import { isTuneError } from '../errors.js';
import type {
  Clock,
  EvaluationResultsStore,
  GenerateRequest,
  GenerateResult,
  InvokeBodyFamily,
  Logger,
  ModelRuntime,
} from '../ports.js';
import { estimateTokens } from '../tokens/estimate.js';
import { type ComparisonSummary, compareScores } from './bootstrap.js';
import {
  EVALUATION_RECORD_LIMIT,
  EVALUATION_SEED,
  type EvaluationExample,
  type SkippedRecord,
  selectExamples,
} from './examples.js';
import { METRIC_NAMES, type MetricScores, scorePair } from './score.js';

/** How a model is called: Converse, or InvokeModel with its family's native body. */
export type EvaluationModel =
  | { modelId: string; api: 'converse' }
  | { modelId: string; api: 'invoke'; family: InvokeBodyFamily };

export interface TokenPrice {
  /** US dollars per 1,000 input tokens. */
  inputPer1k: number;
  outputPer1k: number;
}

export interface EvaluationRequest {
  /** Names the stored progress: the same id resumes, a new id starts over. */
  evaluationId: string;
  format: DatasetFormat;
  /** The held-out JSON Lines text (the job's validation file, or a split of its training data). */
  heldOutText: string;
  base: EvaluationModel;
  tuned: EvaluationModel;
  /** On-demand prices where known; without both, the cost is given in tokens only. */
  prices?: { base?: TokenPrice; tuned?: TokenPrice };
  /** No record is started from this time on; see the header. */
  stopAt?: Date;
}

export interface EvaluationProgress {
  done: number;
  total: number;
  failed: number;
}

export interface EvaluationDependencies {
  runtime: ModelRuntime;
  results: EvaluationResultsStore;
  clock: Clock;
  /** Waits between retries; tests pass one that only records. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  logger?: Logger;
  onProgress?: (progress: EvaluationProgress) => void | Promise<void>;
}

export interface EvaluationSettings {
  limit: number;
  seed: number;
  temperature: number;
  topP: number;
  /** Most tokens either model may generate for one record, whatever the reference's length. */
  maxTokensCap: number;
  /** Records in flight at once (each runs its two generations in turn). */
  concurrency: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  progressIntervalMs: number;
}

export const EVALUATION_DEFAULTS: EvaluationSettings = {
  limit: EVALUATION_RECORD_LIMIT,
  seed: EVALUATION_SEED,
  // Greedy decoding: both models give their single most likely answer, so a difference in scores is
  // a difference between the models, not between two samples; a rerun gives the same answers.
  temperature: 0,
  topP: 1,
  maxTokensCap: 1024,
  // Two records at once: Bedrock's on-demand quotas are per account and shared with the people
  // using the tuned model; faster runs are not worth throttling them.
  concurrency: 2,
  maxAttempts: 8,
  backoffBaseMs: 1000,
  backoffCapMs: 20_000,
  progressIntervalMs: 5000,
};

/**
 * The token budget of one answer, from the reference's length: the estimate (4 characters per
 * token, at or above the real count for English) × 1.5 + 16, at least 32, at most `cap`. Both
 * models get the same budget. Far more room than the reference needs only costs money, since METEOR
 * and ROUGE penalise answers much longer than the reference anyway; less would cut off a correct
 * answer worded at more length. The cap bounds the cost of a model that never stops.
 */
export function maxTokensFor(reference: string, cap: number = EVALUATION_DEFAULTS.maxTokensCap): number {
  return answerBudget(estimateTokens(reference), cap);
}

/** The same budget from a reference's token count (cost estimates that have only counts). */
export function answerBudget(
  referenceTokens: number,
  cap: number = EVALUATION_DEFAULTS.maxTokensCap,
): number {
  return Math.min(cap, Math.max(32, Math.ceil(referenceTokens * 1.5) + 16));
}

export interface Generation {
  text: string;
  inputTokens?: number;
  outputTokens?: number;
}

export interface RecordResult extends EvaluationExample {
  base: Generation & { scores: MetricScores };
  tuned: Generation & { scores: MetricScores };
}

export interface FailedRecord {
  line: number;
  model: 'base' | 'tuned';
  reason: string;
}

export interface TokenUsage {
  /** Answers counted (made in this run or kept from an earlier one). */
  generations: number;
  inputTokens: number;
  outputTokens: number;
  /** Answers whose response carried no token counts (not in the sums). */
  uncounted: number;
}

export interface EvaluationResult {
  evaluationId: string;
  format: DatasetFormat;
  /** Records of the held-out file usable as examples; `selected` of them were drawn. */
  heldOut: number;
  selected: number;
  /** False when `stopAt` came first: run again with the same id to finish. */
  complete: boolean;
  /** Scored pairs, in file order. */
  records: RecordResult[];
  failed: FailedRecord[];
  /** Records of the file that could not become an example. */
  skipped: SkippedRecord[];
  /** Undefined when no record was scored. */
  comparison: ComparisonSummary | undefined;
  usage: {
    base: TokenUsage;
    tuned: TokenUsage;
    /** Dollars when both prices were given; undefined means "price unknown". */
    usd: number | undefined;
    /** Answers kept from an earlier run of this evaluation, not invoked again. */
    resumed: number;
    /** Retries after retryable errors (throttling, 5xx). */
    retries: number;
  };
  settings: Pick<EvaluationSettings, 'limit' | 'seed' | 'temperature' | 'topP' | 'maxTokensCap'>;
}

const generationSchema = z.object({
  text: z.string(),
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
});

/** What the results store keeps: answers by record line, under the settings that produced them. */
const storedSchema = z.object({
  version: z.literal(1),
  fingerprint: z.string(),
  answers: z.record(
    z.string(),
    z.object({
      reference: z.string(),
      base: generationSchema.optional(),
      tuned: generationSchema.optional(),
    }),
  ),
});
type StoredAnswers = z.infer<typeof storedSchema>;

/** Earlier turns as plain text, for InvokeModel bodies that take a single prompt (Titan, Llama). */
export function foldHistory(history: readonly { role: string; text: string }[], prompt: string): string {
  if (history.length === 0) return prompt;
  const turns = history.map((turn) => `${turn.role === 'user' ? 'User' : 'Assistant'}: ${turn.text}`);
  return `${turns.join('\n\n')}\n\nUser: ${prompt}`;
}

function requestFor(
  model: EvaluationModel,
  example: EvaluationExample,
  settings: EvaluationSettings,
):
  | { api: 'converse'; request: Omit<GenerateRequest, 'family'> }
  | { api: 'invoke'; request: GenerateRequest } {
  const common = {
    modelId: model.modelId,
    maxTokens: maxTokensFor(example.reference, settings.maxTokensCap),
    temperature: settings.temperature,
    topP: settings.topP,
    ...(example.system ? { system: example.system } : {}),
  };
  const history = example.history.length > 0 ? { history: example.history } : {};
  if (model.api === 'converse')
    return { api: 'converse', request: { ...common, prompt: example.prompt, ...history } };
  if (model.family === 'anthropic-messages') {
    return {
      api: 'invoke',
      request: { ...common, family: model.family, prompt: example.prompt, ...history },
    };
  }
  return {
    api: 'invoke',
    request: { ...common, family: model.family, prompt: foldHistory(example.history, example.prompt) },
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) return isTuneError(error) ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}

const emptyUsage = (): TokenUsage => ({ generations: 0, inputTokens: 0, outputTokens: 0, uncounted: 0 });

function addUsage(usage: TokenUsage, generation: Generation): void {
  usage.generations++;
  if (generation.inputTokens === undefined && generation.outputTokens === undefined) usage.uncounted++;
  usage.inputTokens += generation.inputTokens ?? 0;
  usage.outputTokens += generation.outputTokens ?? 0;
}

function dollars(usage: TokenUsage, price: TokenPrice): number {
  return (usage.inputTokens / 1000) * price.inputPer1k + (usage.outputTokens / 1000) * price.outputPer1k;
}

/** Runs (or resumes) one evaluation; see the header for what it guarantees. */
export async function runEvaluation(
  request: EvaluationRequest,
  dependencies: EvaluationDependencies,
  overrides: Partial<EvaluationSettings> = {},
): Promise<EvaluationResult> {
  const settings = { ...EVALUATION_DEFAULTS, ...overrides };
  const sleep =
    dependencies.sleep ?? ((milliseconds) => new Promise((done) => setTimeout(done, milliseconds)));
  const random = dependencies.random ?? Math.random;
  const { runtime, results, clock, logger } = dependencies;

  const selection = selectExamples(request.heldOutText, request.format, {
    limit: settings.limit,
    seed: settings.seed,
  });
  // Answers are reused only if they were made the same way.
  const fingerprint = JSON.stringify({
    format: request.format,
    base: request.base,
    tuned: request.tuned,
    seed: settings.seed,
    limit: settings.limit,
    temperature: settings.temperature,
    topP: settings.topP,
    maxTokensCap: settings.maxTokensCap,
  });
  const stored = storedSchema.safeParse(await results.get(request.evaluationId));
  const document: StoredAnswers =
    stored.success && stored.data.fingerprint === fingerprint
      ? stored.data
      : { version: 1, fingerprint, answers: {} };
  if (stored.success && stored.data.fingerprint !== fingerprint) {
    logger?.warn('evaluation settings changed since the stored answers; starting over', {
      evaluationId: request.evaluationId,
    });
  }

  const failed: FailedRecord[] = [];
  let resumed = 0;
  let retries = 0;
  let done = 0;
  let stopped = false;
  let lastProgress = Number.NEGATIVE_INFINITY;
  const total = selection.examples.length;

  const report = async (final: boolean) => {
    if (!dependencies.onProgress) return;
    const now = clock.now().getTime();
    if (!final && now - lastProgress < settings.progressIntervalMs) return;
    lastProgress = now;
    await dependencies.onProgress({ done, total, failed: new Set(failed.map((item) => item.line)).size });
  };

  // Puts are chained so that two records finishing together never write an older document last.
  let writes: Promise<void> = Promise.resolve();
  const persist = () => {
    const snapshot = structuredClone(document);
    writes = writes.then(() => results.put(request.evaluationId, snapshot));
    return writes;
  };

  const generate = async (model: EvaluationModel, example: EvaluationExample): Promise<Generation> => {
    const call = requestFor(model, example, settings);
    for (let attempt = 1; ; attempt++) {
      try {
        const result: GenerateResult =
          call.api === 'converse'
            ? await runtime.converse(call.request)
            : await runtime.generate(call.request);
        return {
          text: result.text,
          ...(result.inputTokens !== undefined ? { inputTokens: result.inputTokens } : {}),
          ...(result.outputTokens !== undefined ? { outputTokens: result.outputTokens } : {}),
        };
      } catch (error) {
        if (!(isTuneError(error) && error.retryable) || attempt >= settings.maxAttempts) throw error;
        // Exponential backoff with "equal jitter": half the delay fixed, half random, so parallel
        // callers that were throttled together do not come back together.
        const delay = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** (attempt - 1));
        retries++;
        await sleep(delay / 2 + random() * (delay / 2));
      }
    }
  };

  const evaluateRecord = async (example: EvaluationExample) => {
    const key = String(example.line);
    const previous = document.answers[key];
    const entry =
      previous && previous.reference === example.reference ? previous : { reference: example.reference };
    document.answers[key] = entry;
    let changed = false;
    for (const side of ['base', 'tuned'] as const) {
      if (entry[side]) {
        resumed++;
        continue;
      }
      try {
        entry[side] = await generate(request[side], example);
        changed = true;
      } catch (error) {
        failed.push({ line: example.line, model: side, reason: describeFailure(error) });
        logger?.warn('evaluation record failed', {
          evaluationId: request.evaluationId,
          line: example.line,
          model: side,
          error: describeFailure(error),
        });
      }
    }
    if (changed) await persist();
    done++;
    await report(false);
  };

  // A small pool: each worker takes the next example until none is left or time is up.
  let next = 0;
  const worker = async () => {
    while (next < selection.examples.length) {
      if (request.stopAt && clock.now().getTime() >= request.stopAt.getTime()) {
        stopped = true;
        return;
      }
      const example = selection.examples[next++] as EvaluationExample;
      await evaluateRecord(example);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  await writes;
  await report(true);

  const records: RecordResult[] = [];
  const usage = { base: emptyUsage(), tuned: emptyUsage() };
  for (const example of selection.examples) {
    const entry = document.answers[String(example.line)];
    if (!entry?.base || !entry.tuned || entry.reference !== example.reference) continue;
    addUsage(usage.base, entry.base);
    addUsage(usage.tuned, entry.tuned);
    records.push({
      ...example,
      base: { ...entry.base, scores: scorePair(entry.base.text, example.reference) },
      tuned: { ...entry.tuned, scores: scorePair(entry.tuned.text, example.reference) },
    });
  }
  const prices = request.prices;
  const usd =
    prices?.base && prices.tuned
      ? dollars(usage.base, prices.base) + dollars(usage.tuned, prices.tuned)
      : undefined;
  return {
    evaluationId: request.evaluationId,
    format: request.format,
    heldOut: selection.heldOut,
    selected: total,
    complete: !stopped,
    records,
    failed,
    skipped: selection.skipped,
    comparison:
      records.length > 0
        ? compareScores(
            records.map((record) => record.base.scores),
            records.map((record) => record.tuned.scores),
          )
        : undefined,
    usage: { ...usage, usd, resumed, retries },
    settings: {
      limit: settings.limit,
      seed: settings.seed,
      temperature: settings.temperature,
      topP: settings.topP,
      maxTokensCap: settings.maxTokensCap,
    },
  };
}

/** The mean of the four metrics' differences (tuned − base) of one record: how much it gained. */
export function recordGain(record: Pick<RecordResult, 'base' | 'tuned'>): number {
  let sum = 0;
  for (const name of METRIC_NAMES) sum += record.tuned.scores[name] - record.base.scores[name];
  return sum / METRIC_NAMES.length;
}

/**
 * Three records to show side by side: the largest gain, a typical one (the median gain) and the
 * largest loss (the smallest gain when no record lost). Distinct records; fewer when there are fewer
 * than three.
 */
export function pickShowcase(records: readonly RecordResult[]): {
  largestGain?: RecordResult;
  typical?: RecordResult;
  largestLoss?: RecordResult;
} {
  if (records.length === 0) return {};
  // Ties keep file order, so the same results always show the same records.
  const sorted = records
    .map((record, index) => ({ record, index, gain: recordGain(record) }))
    .sort((a, b) => b.gain - a.gain || a.index - b.index);
  const first = sorted[0] as (typeof sorted)[number];
  if (sorted.length === 1) return { largestGain: first.record };
  const last = sorted.at(-1) as (typeof sorted)[number];
  if (sorted.length === 2) return { largestGain: first.record, largestLoss: last.record };
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] as (typeof sorted)[number];
  return { largestGain: first.record, typical: middle.record, largestLoss: last.record };
}
