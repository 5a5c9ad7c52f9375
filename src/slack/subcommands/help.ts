/** `/tune help`: answered in the acknowledgement itself, no queue needed. */
import { helpMessage } from '../blocks/help.js';
import type { SlashSubcommand } from './types.js';

export const help: SlashSubcommand = {
  name: 'help',
  async run() {
    return { ...helpMessage(), responseType: 'ephemeral' };
  },
};
