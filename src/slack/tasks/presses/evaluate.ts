/**
 * Evaluate (on a completed job's line, or on a `/tune eval` answer): authorized people only, in
 * the job's own channel, after Slack's confirmation that stated the price. The request id comes
 * from the message the button is in, so two presses of one button (two people, a double click)
 * make one evaluation. The evaluation itself runs as its own queued task, in the job's thread.
 */
import { NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { shortId } from '../../../core/jobs/naming.js';
import { mrkdwn } from '../../blocks/safe-text.js';
import {
  evaluateValueSchema,
  heldOutOf,
  queueEvaluation,
  requireEvaluable,
} from '../../evaluation-request.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';
import { type Press, reply, requireSamePlace } from './press.js';

export async function pressEvaluate(press: Press, dependencies: WorkerDependencies): Promise<void> {
  const parsed = evaluateValueSchema.safeParse(safeJson(press.value));
  if (!parsed.success) {
    dependencies.logger.warn('dropped an Evaluate press with a value tune did not write', {
      value: press.value,
    });
    return;
  }
  const job = await dependencies.jobs.get(parsed.data.job);
  if (!job) throw new NotFoundError('This job is no longer recorded.');
  requireSamePlace(press, job.place, dependencies);
  requireEvaluable(job);
  await requireAuthorized(
    {
      userId: press.userId,
      channelId: job.place.channelId,
      action: 'evaluate tuned models (it deploys them on demand and pays both models’ tokens)',
    },
    dependencies.authorization,
    dependencies.directory,
  );
  const heldOut = await heldOutOf(job, parsed.data.dataset, dependencies);
  const requestId = shortId(
    `evaluate-press:${press.channelId}:${press.messageTs ?? press.actionTs}:${press.value}`,
    20,
  );
  await queueEvaluation(job, heldOut, requestId, press.userId, dependencies);
  await reply(press, dependencies, {
    text: `:hourglass_flowing_sand: Evaluating *${mrkdwn(job.customModelName)}* against its base model on ${mrkdwn(heldOut.name)}: progress and the result in its thread.`,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
