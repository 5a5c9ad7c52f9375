/** Every `/tune` subcommand the slash-command listener dispatches to; one file each. */
import { datasets } from './datasets.js';
import { evaluate } from './eval.js';
import { help } from './help.js';
import { list } from './list.js';
import { start } from './start.js';
import { status } from './status.js';
import { stop } from './stop.js';
import type { SlashSubcommand } from './types.js';
import { upload } from './upload.js';

export const SLASH_SUBCOMMANDS: ReadonlyMap<string, SlashSubcommand> = new Map(
  [help, start, status, list, stop, evaluate, datasets, upload].map((subcommand) => [
    subcommand.name,
    subcommand,
  ]),
);
