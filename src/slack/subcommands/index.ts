/** Every `/tune` subcommand the slash-command listener dispatches to; one file each. */
import { help } from './help.js';
import type { SlashSubcommand } from './types.js';

export const SLASH_SUBCOMMANDS: ReadonlyMap<string, SlashSubcommand> = new Map(
  [help].map((subcommand) => [subcommand.name, subcommand]),
);
