/** Every subcommand of `tune`, loaded lazily; one line each. */
import type { CliCommand } from '../io.js';

export const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  // '<name>': () => import('./<name>.js'),
  validate: () => import('./validate.js'),
  convert: () => import('./convert.js'),
  models: () => import('./models.js'),
  score: () => import('./score.js'),
};
