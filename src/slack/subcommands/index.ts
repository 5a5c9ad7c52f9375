/** Every `/tune` subcommand the slash-command listener dispatches to; one file each. */
import { datasets } from './datasets.js';
import { deploy } from './deploy.js';
import { help } from './help.js';
import { list } from './list.js';
import { models } from './models.js';
import { start } from './start.js';
import { status } from './status.js';
import { stop } from './stop.js';
import type { SlashSubcommand } from './types.js';
import { undeploy } from './undeploy.js';
import { upload } from './upload.js';

export const SLASH_SUBCOMMANDS: ReadonlyMap<string, SlashSubcommand> = new Map(
  [help, start, status, list, stop, datasets, upload, models, deploy, undeploy].map((subcommand) => [
    subcommand.name,
    subcommand,
  ]),
);
