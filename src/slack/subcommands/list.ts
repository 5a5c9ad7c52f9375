/** `/tune list`: this channel's jobs, newest first, with status, duration and estimated cost. */
import { jobListMessage } from '../blocks/lists.js';
import type { SlashSubcommand } from './types.js';

export const list: SlashSubcommand = {
  name: 'list',
  async run(invocation, dependencies) {
    const jobs = await dependencies.jobs.listByChannel(invocation.teamId, invocation.channelId, 45);
    return jobListMessage(jobs, dependencies.clock.now());
  },
};
