/** `/tune status [job]`: the job card of a job (the channel's latest when none is named), to you only. */
import { jobCard } from '../blocks/job-card.js';
import { findChannelJob } from './find-job.js';
import type { SlashSubcommand } from './types.js';

export const status: SlashSubcommand = {
  name: 'status',
  async run(invocation, dependencies) {
    const job = await findChannelJob(dependencies.jobs, invocation, invocation.parsed.positionals[0]);
    return jobCard(job, dependencies.clock.now());
  },
};
