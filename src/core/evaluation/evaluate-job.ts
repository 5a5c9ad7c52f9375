/**
 * Evaluating a finished job's model against its base model, as a queued task that may take several
 * Lambda runs. One request (Evaluate when done, an Evaluate press, a confirmed `/tune eval`) is
 * carried by a chain of runs: each does what fits before its deadline and asks for a continuation.
 *
 * What it guarantees:
 * - Nothing is paid twice. Answers are kept per evaluation (the job and its held-out file) by
 *   `runEvaluation`, so a redelivered run, a continuation, or a second request for the same records
 *   asks no model again. Only one run works on an evaluation at a time (a lease on it): a second
 *   request while one runs is told so and ends.
 * - Nothing is posted twice. What a request has posted (its progress message, the attached file)
 *   and whether it finished is kept beside the answers, so a redelivery carries on from there; a
 *   finished request's redelivery does nothing. (A crash in the moment between a post and its
 *   record would repeat that post, as everywhere else in tune.)
 * - The temporary endpoint goes away. It is released when the evaluation finishes, when it
 *   fails for good half-way (a final error, or the queue's last attempt), and when it is refused;
 *   what a crash leaves behind, the cost guard deletes once it has not been asked for within the
 *   idle time (src/core/serving/evaluation.ts). An error that may pass keeps it for the retry.
 * - Progress is shown while it runs (records done of total, every few seconds); a progress update
 *   that fails is logged and skipped: a stale counter is not worth failing an evaluation over.
 * - The headline (METEOR and ROUGE-L, base → tuned) is kept on the job (card, App Home) and on the
 *   custom model's record.
 */
import * as z from 'zod';
import { findModel, requireSpec } from '../catalog/catalog.js';
import { InputError, isTuneError, JobStateConflictError, NotFoundError, TuneError } from '../errors.js';
import type { Job } from '../jobs/job.js';
import { touched } from '../jobs/job.js';
import { shortId } from '../jobs/naming.js';
import type {
  Clock,
  CustomModelRecord,
  CustomModelStore,
  DatasetStore,
  EvaluationResultsStore,
  EvaluationServing,
  IdempotencyStore,
  JobStore,
  Logger,
  ModelRuntime,
  ServingTarget,
} from '../ports.js';
import { EVALUATION_RECORD_LIMIT } from './examples.js';
import { evaluationModels, tunedModel } from './models.js';
import type { EvaluationHeadline, HeldOut } from './offer.js';
import {
  type EvaluationProgress,
  type EvaluationResult,
  type EvaluationSettings,
  runEvaluation,
} from './run.js';

/** One request to evaluate a job's model on held-out records, as the queue carries it. */
export interface JobEvaluation {
  /** Names this request: its posts and its continuations. */
  requestId: string;
  jobId: string;
  heldOut: HeldOut;
  /** Who asked: pressed Start with Evaluate when done, pressed Evaluate, or confirmed `/tune eval`. */
  userId: string;
  /** 1 for the first run of the request, then one more per continuation. */
  part: number;
  /** No record is started after this; the run then asks for a continuation. */
  stopAt: Date;
  /** The queue will not deliver this run again: an error that may pass is final now. */
  lastAttempt: boolean;
}

/** What an evaluation compares, for the messages about it. */
export interface EvaluationAbout {
  /** Records to score (at most 100 of the held-out file). */
  records: number;
  heldOut: HeldOut;
  /** The id the base model is asked under (a foundation model or an inference profile). */
  baseModelId: string;
}

export type EvaluationPhase = { phase: 'deploying' } | ({ phase: 'scoring' } & EvaluationProgress);

/** What a person sees of an evaluation (a message in the job's thread, updated in place). */
export interface EvaluationReporter {
  /** Posts the progress message; returns what `progress`, `finished` and `stopped` update. */
  started(job: Job, about: EvaluationAbout): Promise<string>;
  progress(job: Job, ref: string, about: EvaluationAbout, phase: EvaluationPhase): Promise<void>;
  finished(job: Job, ref: string, result: EvaluationResult, about: EvaluationAbout): Promise<void>;
  /** The per-record file, in the job's thread. */
  attach(job: Job, result: EvaluationResult): Promise<void>;
  /** The evaluation ended without a result: refused (`reason`), or failed (`error`). */
  stopped(job: Job, ref: string | undefined, outcome: { reason: string } | { error: unknown }): Promise<void>;
  /** Another request is evaluating the same records now. */
  busy(job: Job): Promise<void>;
  /** The job's card, now with the headline. */
  headline(job: Job): Promise<void>;
}

export interface EvaluateJobDependencies {
  jobs: JobStore;
  datasetStore: DatasetStore;
  results: EvaluationResultsStore;
  serving: EvaluationServing;
  runtime: ModelRuntime;
  idempotency: IdempotencyStore;
  clock: Clock;
  logger: Logger;
  region: string;
  report: EvaluationReporter;
  /** The custom model registry: the headline is kept on the model's record too. */
  customModels: CustomModelStore;
  sleep?: (milliseconds: number) => Promise<void>;
  /** How often a deployment being created is looked at again. */
  deploymentPollMs?: number;
  /** Overrides of runEvaluation's settings (tests: no backoff waits). */
  settings?: Partial<EvaluationSettings>;
}

export type EvaluateJobOutcome =
  /** Done: evaluated, refused, failed for good (and told), or found finished already. */
  | 'finished'
  /** The deadline came first: queue the next part. */
  | 'continue';

/** The evaluation's id: one per job and held-out file, whoever asks and however often. */
export function evaluationIdFor(jobId: string, heldOutKey: string): string {
  return `e${shortId(`evaluation:${jobId}:${heldOutKey}`, 24)}`;
}

/** Another request holds the evaluation's lease, and this one has posted already: try again later. */
export class EvaluationBusyError extends TuneError {
  constructor(message: string) {
    super('conflict', message, { retryable: true });
  }
}

const requestStateSchema = z.object({
  version: z.literal(1),
  progressRef: z.string().optional(),
  /** A temporary deployment was made for this evaluation and is owed a release. */
  temporary: z.boolean().optional(),
  attached: z.boolean().optional(),
  finished: z.boolean().optional(),
});
type RequestState = z.infer<typeof requestStateSchema>;

const DEFAULT_POLL_MS = 15_000;
/** Kept while this run holds the evaluation; past it (a crashed run) another request may take it. */
const LEASE_MARGIN_SECONDS = 60;

export async function evaluateJob(
  request: JobEvaluation,
  dependencies: EvaluateJobDependencies,
): Promise<EvaluateJobOutcome> {
  const { jobs, results, idempotency, clock, report, logger } = dependencies;
  const job = await jobs.get(request.jobId);
  if (!job) throw new NotFoundError(`No job ${request.jobId}.`);
  if (job.status !== 'Completed' || !job.customModelArn) {
    throw new InputError(`Job ${job.jobId} is ${job.status}: only a completed job's model can be evaluated.`);
  }
  const stateId = `request-${request.requestId}`;
  const state: RequestState = requestStateSchema.safeParse(await results.get(stateId)).data ?? { version: 1 };
  if (state.finished) return 'finished';
  const save = () => results.put(stateId, state);

  const evaluationId = evaluationIdFor(job.jobId, request.heldOut.key);
  const leaseSeconds =
    Math.max(0, Math.ceil((request.stopAt.getTime() - clock.now().getTime()) / 1000)) +
    LEASE_MARGIN_SECONDS * 3;
  const acquisition = await idempotency.acquire(`evaluation:${evaluationId}`, leaseSeconds);
  if (acquisition.state !== 'acquired') {
    if (state.progressRef) {
      // This request's own earlier run still holds it (it crashed): the queue tries again later.
      throw new EvaluationBusyError(`Evaluation ${evaluationId} is held by an earlier run.`);
    }
    await report.busy(job);
    state.finished = true;
    await save();
    return 'finished';
  }
  const { lease } = acquisition;

  try {
    const outcome = await evaluateHolding(job, request, evaluationId, state, save, dependencies);
    await idempotency.release(lease);
    return outcome;
  } catch (error) {
    const final = !(isTuneError(error) && error.retryable) || request.lastAttempt;
    if (!final) {
      await idempotency.release(lease);
      throw error;
    }
    logger.error('evaluation failed', { evaluationId, jobId: job.jobId, error: String(error) });
    await releaseDeployment(evaluationId, request, state, dependencies);
    try {
      await report.stopped(job, state.progressRef, { error });
    } catch (reportError) {
      logger.error('could not report a failed evaluation', { evaluationId, error: String(reportError) });
    }
    state.finished = true;
    await save();
    await idempotency.release(lease);
    return 'finished';
  }
}

async function evaluateHolding(
  job: Job & { status: 'Completed' },
  request: JobEvaluation,
  evaluationId: string,
  state: RequestState,
  save: () => Promise<void>,
  dependencies: EvaluateJobDependencies,
): Promise<EvaluateJobOutcome> {
  const { report, clock } = dependencies;
  const model = findModel(job.baseModelId);
  const models = model ? evaluationModels(model, job.customizationType, dependencies.region) : undefined;
  if (!model || !models?.ok) {
    const reason = models?.ok === false ? models.reason : `tune has no catalog row for ${job.baseModelId}.`;
    await report.stopped(job, state.progressRef, { reason: `The base model cannot be asked: ${reason}` });
    state.finished = true;
    await save();
    return 'finished';
  }
  const about: EvaluationAbout = {
    records: Math.min(request.heldOut.records, EVALUATION_RECORD_LIMIT),
    heldOut: request.heldOut,
    baseModelId: models.base.modelId,
  };
  if (!state.progressRef) {
    state.progressRef = await report.started(job, about);
    await save();
  }
  const ref = state.progressRef;
  const show = (phase: EvaluationPhase) => showProgress(job, ref, about, phase, dependencies);

  const target = await servingTarget(job, request, evaluationId, state, save, dependencies, show);
  if (target === 'continue') return 'continue';
  if ('reason' in target) {
    await releaseDeployment(evaluationId, request, state, dependencies);
    await report.stopped(job, ref, { reason: target.reason });
    state.finished = true;
    await save();
    return 'finished';
  }

  const heldOutText = await dependencies.datasetStore.getText(request.heldOut.key);
  if (heldOutText === undefined) {
    throw new NotFoundError(`The held-out file ${request.heldOut.name} is no longer stored; share it again.`);
  }
  const result = await runEvaluation(
    {
      evaluationId,
      format: requireSpec(model, job.customizationType).dataFormat,
      heldOutText,
      base: models.base,
      tuned: tunedModel(models.call, target.invokeId),
      ...(models.prices.input !== 'unknown' && models.prices.output !== 'unknown'
        ? {
            prices: {
              base: { inputPer1k: models.prices.input.usd, outputPer1k: models.prices.output.usd },
              // On-demand custom deployments are billed per token like their base (unconfirmed, see estimate.ts).
              tuned: { inputPer1k: models.prices.input.usd, outputPer1k: models.prices.output.usd },
            },
          }
        : {}),
      stopAt: request.stopAt,
    },
    {
      runtime: dependencies.runtime,
      results: dependencies.results,
      clock,
      logger: dependencies.logger,
      ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
      onProgress: (progress) => {
        about.records = progress.total;
        return show({ phase: 'scoring', ...progress });
      },
    },
    dependencies.settings,
  );
  if (!result.complete) return 'continue';

  await report.finished(job, ref, result, about);
  if (!state.attached) {
    await report.attach(job, result);
    state.attached = true;
    await save();
  }
  if (result.comparison) {
    const headline: EvaluationHeadline = {
      at: clock.now().toISOString(),
      records: result.records.length,
      meteor: { base: result.comparison.metrics.meteor.base, tuned: result.comparison.metrics.meteor.tuned },
      rougeL: { base: result.comparison.metrics.rougeL.base, tuned: result.comparison.metrics.rougeL.tuned },
      verdict: result.comparison.verdict.text,
    };
    const updated = await recordHeadline(job.jobId, headline, dependencies);
    await report.headline(updated);
  }
  await releaseDeployment(evaluationId, request, state, dependencies);
  state.finished = true;
  await save();
  return 'finished';
}

/**
 * The tuned model's serving target, waiting for a deployment being created until the deadline;
 * `continue` when it is not ready by then, a reason when it cannot be served.
 */
/**
 * What serving is keyed by: one request of the evaluation. A request after an earlier one released
 * its endpoint gets one of its own; a redelivery or a continuation of this request finds its own.
 */
function servingKey(evaluationId: string, request: JobEvaluation): string {
  return shortId(`serving:${evaluationId}:${request.requestId}`, 24);
}

async function servingTarget(
  job: Job & { status: 'Completed'; customModelArn?: string },
  request: JobEvaluation,
  evaluationId: string,
  state: RequestState,
  save: () => Promise<void>,
  dependencies: EvaluateJobDependencies,
  show: (phase: EvaluationPhase) => Promise<void>,
): Promise<ServingTarget | { reason: string } | 'continue'> {
  const { serving, clock } = dependencies;
  const sleep =
    dependencies.sleep ?? ((milliseconds) => new Promise((done) => setTimeout(done, milliseconds)));
  const pollMs = dependencies.deploymentPollMs ?? DEFAULT_POLL_MS;
  let shown = false;
  for (;;) {
    const outcome = await serving.prepare(
      servingKey(evaluationId, request),
      { modelId: job.jobId, modelArn: job.customModelArn ?? '', baseModelId: job.baseModelId },
      request.userId,
    );
    if (outcome.state === 'refused') return { reason: outcome.reason };
    if (outcome.temporary && !state.temporary) {
      state.temporary = true;
      await save();
    }
    if (outcome.state === 'ready') return outcome.target;
    if (!shown) {
      await show({ phase: 'deploying' });
      shown = true;
    }
    if (clock.now().getTime() + pollMs >= request.stopAt.getTime()) return 'continue';
    await sleep(pollMs);
  }
}

async function showProgress(
  job: Job,
  ref: string,
  about: EvaluationAbout,
  phase: EvaluationPhase,
  dependencies: EvaluateJobDependencies,
): Promise<void> {
  try {
    await dependencies.report.progress(job, ref, about, phase);
  } catch (error) {
    dependencies.logger.warn('could not show the evaluation progress', {
      jobId: job.jobId,
      error: String(error),
    });
  }
}

async function releaseDeployment(
  evaluationId: string,
  request: JobEvaluation,
  state: RequestState,
  dependencies: EvaluateJobDependencies,
): Promise<void> {
  if (!state.temporary) return;
  try {
    await dependencies.serving.release(servingKey(evaluationId, request));
  } catch (error) {
    // The watch's backstop deletes it later; the evaluation's own outcome still stands.
    dependencies.logger.error('could not remove the evaluation deployment; the watch will', {
      evaluationId,
      error: String(error),
    });
    return;
  }
  state.temporary = false;
}

/** The headline on the job (conditional write, retried over concurrent updates) and on the model's record. */
async function recordHeadline(
  jobId: string,
  headline: EvaluationHeadline,
  dependencies: EvaluateJobDependencies,
): Promise<Job> {
  const { jobs, clock } = dependencies;
  let job: Job | undefined;
  for (let attempt = 0; ; attempt++) {
    job = await jobs.get(jobId);
    if (!job) throw new NotFoundError(`No job ${jobId}.`);
    try {
      job = await jobs.transition(touched(job, clock.now(), { evaluated: headline }), job.status);
      break;
    } catch (error) {
      if (!(error instanceof JobStateConflictError) || attempt >= 4) throw error;
    }
  }
  if (job.status === 'Completed' && job.customModelArn) {
    // The record is written when the completion is announced; a job older than the registry has none.
    if (!(await dependencies.customModels.setEvaluation(job.jobId, headline))) {
      await dependencies.customModels.put({ ...customModelRecordOf(job), evaluation: headline });
    }
  }
  return job;
}

/** The registry's record of a completed job's model, for a model the registry has not recorded yet. */
export function customModelRecordOf(job: Job & { status: 'Completed' }): CustomModelRecord {
  return {
    modelId: job.jobId,
    teamId: job.place.teamId,
    channelId: job.place.channelId,
    userId: job.place.userId,
    name: job.customModelName,
    modelArn: job.customModelArn ?? '',
    baseModelId: job.baseModelId,
    customizationType: job.customizationType,
    createdAt: job.endedAt,
    sharedWith: [],
    ...(job.place.messageTs ? { threadTs: job.place.messageTs } : {}),
  };
}
