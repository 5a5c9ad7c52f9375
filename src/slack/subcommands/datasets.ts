/** `/tune datasets`: this channel's datasets, newest first, with their verdict, tokens and cost. */
import { datasetListMessage } from '../blocks/lists.js';
import type { SlashSubcommand } from './types.js';

export const datasets: SlashSubcommand = {
  name: 'datasets',
  async run(invocation, dependencies) {
    const entries = await dependencies.datasets.listByChannel(invocation.teamId, invocation.channelId, 45);
    return datasetListMessage(entries);
  },
};
