/**
 * `/tune eval <job> [dataset]`: compare a completed job's tuned model with its base model on
 * held-out records of this channel (the job's own held-out data by default). Nothing is spent
 * here: the answer, posted in the channel, states the records and the price counted on them, and
 * an authorized person starts it with Evaluate (src/slack/tasks/presses/evaluate.ts).
 */
import { InputError } from '../../core/errors.js';
import { evaluationConfirmation } from '../blocks/evaluation-offer.js';
import { evaluationEstimateFor, heldOutOf, requireEvaluable } from '../evaluation-request.js';
import { findChannelJob } from './find-job.js';
import type { SlashSubcommand } from './types.js';

export const evaluate: SlashSubcommand = {
  name: 'eval',
  async run(invocation, dependencies) {
    const { positionals, options } = invocation.parsed;
    const [reference, dataset, ...extra] = positionals;
    const unknown = Object.keys(options);
    if (!reference || extra.length > 0 || unknown.length > 0) {
      throw new InputError(
        `Use \`/tune eval <job> [dataset]\`: the job (its id or model name from \`/tune list\`) and, optionally, a dataset of this channel to compare on.${unknown.length > 0 ? ` It takes no options (${unknown.map((name) => `--${name}`).join(', ')}).` : ''}`,
        { field: 'job' },
      );
    }
    const job = await findChannelJob(dependencies.jobs, invocation, reference);
    requireEvaluable(job);
    const heldOut = await heldOutOf(job, dataset, dependencies);
    const estimate = await evaluationEstimateFor(job, heldOut, dependencies);
    return {
      ...evaluationConfirmation({
        userId: invocation.userId,
        modelName: job.customModelName,
        heldOutName: heldOut.name,
        estimate,
        value: JSON.stringify({ job: job.jobId, ...(dataset !== undefined ? { dataset } : {}) }),
      }),
      responseType: 'in_channel',
    };
  },
};
