/**
 * A job reached Completed, Failed or Stopped (queued by the announcement of that change, see
 * src/slack/follow-ups.ts). Two things follow, in this order, so the thread reads in order:
 *
 * 1. Its loss curves, once per job: one PNG chart in its thread drawn from Bedrock's metrics files,
 *    or one plain line saying why there is none (files missing or malformed). A job that failed
 *    before training started has no curves and gets nothing. "Once" is an idempotency record kept
 *    for 30 days, whatever the queue redelivers.
 * 2. For a completed job whose Start agreed to it, its evaluation, queued under an id derived from
 *    the job, so it is queued once however often this runs.
 *
 * The chart module is imported here, lazily: it loads Vega and resvg (about 2 s), which no other
 * task needs.
 */

import { isTuneError } from '../../core/errors.js';
import { readLossCurves } from '../../core/evaluation/loss-curves.js';
import type { Job } from '../../core/jobs/job.js';
import { shortId } from '../../core/jobs/naming.js';
import { mrkdwn } from '../blocks/safe-text.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';
import { evaluationMessageId } from './evaluation.js';

/** Longer than any redelivery or repeated announcement of a job's end can come. */
const CHART_KEEP_SECONDS = 30 * 24 * 60 * 60;
const CHART_LEASE_SECONDS = 5 * 60;

export function jobFinishedMessageId(jobId: string): string {
  return `job-finished:${jobId}`;
}

/** The request id of the evaluation a Start press agreed to. */
export function whenDoneRequestId(jobId: string): string {
  return shortId(`evaluate-when-done:${jobId}`, 20);
}

export async function runJobFinished(
  task: TaskOf<'job-finished'>,
  dependencies: WorkerDependencies,
): Promise<void> {
  const job = await dependencies.jobs.get(task.jobId);
  if (!job) {
    dependencies.logger.warn('a finished job is not recorded; nothing to follow up', { jobId: task.jobId });
    return;
  }
  await lossCurvesOnce(job, dependencies);
  const offer = job.evaluation;
  if (job.status === 'Completed' && offer?.whenDone && offer.heldOut) {
    const requestId = whenDoneRequestId(job.jobId);
    await dependencies.queue.send({
      id: evaluationMessageId(requestId, 1),
      body: {
        kind: 'evaluation',
        requestId,
        jobId: job.jobId,
        heldOut: offer.heldOut,
        teamId: job.place.teamId,
        channelId: job.place.channelId,
        userId: job.confirmedBy ?? job.place.userId,
        ...(job.place.messageTs ? { threadTs: job.place.messageTs } : {}),
        part: 1,
      },
    });
  }
}

async function lossCurvesOnce(job: Job, dependencies: WorkerDependencies): Promise<void> {
  const { idempotency } = dependencies;
  const acquisition = await idempotency.acquire(`loss-curves:${job.jobId}`, CHART_LEASE_SECONDS);
  // Completed: posted already. Held: another run is posting them now.
  if (acquisition.state !== 'acquired') return;
  try {
    await postLossCurves(job, dependencies);
  } catch (error) {
    await idempotency.release(acquisition.lease);
    throw error;
  }
  await idempotency.complete(acquisition.lease, CHART_KEEP_SECONDS);
}

async function postLossCurves(job: Job, dependencies: WorkerDependencies): Promise<void> {
  const { notifier, logger } = dependencies;
  if (!job.jobArn || !(await trainingStarted(job, dependencies))) return;
  const { channelId, messageTs } = job.place;
  const name = mrkdwn(job.customModelName);
  const curves = await readLossCurves(dependencies.datasetStore, {
    jobArn: job.jobArn,
    outputDataUri: job.outputDataUri,
  });
  if (curves.training.length === 0 && curves.validation.length === 0) {
    await notifier.post(
      channelId,
      { text: `No loss curves for ${name}: ${curves.notes.map((note) => mrkdwn(note)).join(' ')}` },
      messageTs,
    );
    return;
  }
  let png: Uint8Array;
  try {
    const { renderLossChart } = await import('../../charts/loss-chart.js');
    ({ png } = await renderLossChart(curves, { title: `Loss while tuning ${job.customModelName}` }));
  } catch (error) {
    // Drawing is our own code on our own data: a failure will not pass on a retry. Say so in words.
    logger.error('could not draw the loss chart', { jobId: job.jobId, error: String(error) });
    await notifier.post(
      channelId,
      {
        text: `Could not draw the loss curves of ${name} (${curves.training.length} training and ${curves.validation.length} validation points were read); the metrics files are under the job's output folder.`,
      },
      messageTs,
    );
    return;
  }
  await notifier.uploadFile({
    channelId,
    ...(messageTs ? { threadTs: messageTs } : {}),
    filename: 'loss-curves.png',
    title: `Loss while tuning ${job.customModelName}`,
    content: png,
  });
}

/**
 * A failed job has curves only if it got to training (Bedrock's stages say so); without stages
 * (older jobs, other accounts' APIs), the metrics files decide. Completed and stopped jobs trained.
 */
async function trainingStarted(job: Job, dependencies: WorkerDependencies): Promise<boolean> {
  if (job.status !== 'Failed' || !job.jobArn) return true;
  try {
    const report = await dependencies.customizer.getJob(job.jobArn);
    const training = report.stages?.training?.status;
    return training === undefined || training !== 'NotStarted';
  } catch (error) {
    if (isTuneError(error) && error.retryable) throw error;
    return true;
  }
}
