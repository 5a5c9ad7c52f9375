/** Every `/tune` subcommand the slash-command listener dispatches to; one file each. */
import { ask } from './ask.js';
import { datasets } from './datasets.js';
import { deploy } from './deploy.js';
import { evaluate } from './eval.js';
import { help } from './help.js';
import { list } from './list.js';
import { models } from './models.js';
import { share } from './share.js';
import { start } from './start.js';
import { status } from './status.js';
import { stop } from './stop.js';
import type { SlashSubcommand } from './types.js';
import { undeploy } from './undeploy.js';
import { upload } from './upload.js';
import { use } from './use.js';

export const SLASH_SUBCOMMANDS: ReadonlyMap<string, SlashSubcommand> = new Map(
  [
    help,
    start,
    status,
    list,
    stop,
    evaluate,
    datasets,
    upload,
    models,
    deploy,
    undeploy,
    ask,
    use,
    share,
  ].map((subcommand) => [subcommand.name, subcommand]),
);
