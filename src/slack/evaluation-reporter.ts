/**
 * The evaluation as people see it in Slack: one message in the job's thread that shows progress
 * and then becomes the result (table, verdict, examples), the per-record file attached beside it,
 * and the job card updated with the headline.
 */
import type { EvaluationReporter } from '../core/evaluation/evaluate-job.js';
import type { Clock, Logger, Notifier } from '../core/ports.js';
import { evaluationMessage, evaluationRecordsJsonl } from './blocks/evaluation.js';
import { evaluationProgressMessage, evaluationStoppedMessage } from './blocks/evaluation-status.js';
import { jobCard } from './blocks/job-card.js';
import { mrkdwn } from './blocks/safe-text.js';
import { userMessageFor } from './error-messages.js';

/** A file name from a custom model name: letters, digits, `.`, `_` and `-` only. */
function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'model';
}

export function slackEvaluationReporter(dependencies: {
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}): EvaluationReporter {
  const { notifier, clock, logger } = dependencies;
  return {
    started: (job, about) =>
      notifier.post(
        job.place.channelId,
        evaluationProgressMessage(job.customModelName, about, { phase: 'starting' }),
        job.place.messageTs,
      ),
    progress: (job, ref, about, phase) =>
      notifier.update(job.place.channelId, ref, evaluationProgressMessage(job.customModelName, about, phase)),
    finished: (job, ref, result, about) =>
      notifier.update(
        job.place.channelId,
        ref,
        evaluationMessage({ result, modelName: job.customModelName, baseModelName: about.baseModelId }),
      ),
    attach: (job, result) =>
      notifier.uploadFile({
        channelId: job.place.channelId,
        ...(job.place.messageTs ? { threadTs: job.place.messageTs } : {}),
        filename: `${fileStem(job.customModelName)}-evaluation.jsonl`,
        title: `Evaluation of ${job.customModelName}: every record, both answers, their scores`,
        content: evaluationRecordsJsonl(result),
      }),
    async stopped(job, ref, outcome) {
      const why = 'reason' in outcome ? outcome.reason : userMessageFor(outcome.error, logger);
      const message = evaluationStoppedMessage(job.customModelName, why);
      if (ref) await notifier.update(job.place.channelId, ref, message);
      else await notifier.post(job.place.channelId, message, job.place.messageTs);
    },
    async busy(job) {
      await notifier.post(
        job.place.channelId,
        {
          text: `An evaluation of ${mrkdwn(job.customModelName)} on these records is running already; its result will appear in this thread.`,
        },
        job.place.messageTs,
      );
    },
    async headline(job) {
      if (job.place.messageTs) {
        await notifier.update(job.place.channelId, job.place.messageTs, jobCard(job, clock.now()));
      }
    },
  };
}
