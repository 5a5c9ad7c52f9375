/**
 * Runs one part of an evaluation request (see src/core/evaluation/evaluate-job.ts) and, when its
 * deadline came first, queues the next part. The next part's message id is derived from the
 * request and the part number, so a run repeated after a crash queues the same continuation, which
 * the worker then runs once.
 */
import { evaluateJob } from '../../core/evaluation/evaluate-job.js';
import { slackEvaluationReporter } from '../evaluation-reporter.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

/**
 * Left of a run's time when no record may start any more: the records in flight (two, each up to
 * a minute with its backoff), then the result message, the file, the card and the release.
 */
export const EVALUATION_FINISH_MARGIN_MS = 90_000;

export function evaluationMessageId(requestId: string, part: number): string {
  return `evaluation:${requestId}:${part}`;
}

export async function runEvaluationTask(
  task: TaskOf<'evaluation'>,
  dependencies: WorkerDependencies,
  attempt: { lastAttempt: boolean; deadline: Date },
): Promise<void> {
  const outcome = await evaluateJob(
    {
      requestId: task.requestId,
      jobId: task.jobId,
      heldOut: task.heldOut,
      userId: task.userId,
      part: task.part,
      stopAt: new Date(attempt.deadline.getTime() - EVALUATION_FINISH_MARGIN_MS),
      lastAttempt: attempt.lastAttempt,
    },
    {
      jobs: dependencies.jobs,
      datasetStore: dependencies.datasetStore,
      results: dependencies.evaluationResults,
      serving: dependencies.evaluationServing,
      runtime: dependencies.runtime,
      idempotency: dependencies.idempotency,
      clock: dependencies.clock,
      logger: dependencies.logger,
      region: dependencies.serving.region,
      report: slackEvaluationReporter(dependencies),
      customModels: dependencies.customModels,
      ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
    },
  );
  if (outcome === 'continue') {
    const next = { ...task, part: task.part + 1 };
    await dependencies.queue.send({ id: evaluationMessageId(task.requestId, next.part), body: next });
  }
}
