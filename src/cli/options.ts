/**
 * Option errors in words a person can act on: node:util's parseArgs says "Unknown option '--jsn'.
 * To specify a positional argument starting with a '-', place it at the end of the command after
 * '--' …"; tune says which option is wrong, the nearest real one, or what value it needs.
 */
import { findModel, listCatalog } from '../core/catalog/index.js';
import type { CatalogModel } from '../core/catalog/types.js';
import { closest } from '../core/commands/suggest.js';
import { UsageError } from './io.js';

/** `--jsn`: unknown, with the nearest option the command has, when one is close. */
export function unknownOption(option: string, known: readonly string[]): string {
  const name = option.replace(/^-+/, '').replace(/=.*$/, '');
  const suggestion = closest(name, known);
  return `unknown option ${option}${suggestion ? ` (did you mean --${suggestion}?)` : ''}`;
}

/** parseArgs' error for `args` as one sentence naming the option; its own message when unknown. */
export function describeOptionError(
  error: unknown,
  options: Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>,
): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const option = message.match(/'(-{1,2}[^' =]+)/)?.[1];
  if (option === undefined) return message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return unknownOption(option, Object.keys(options));
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('does not take an argument')) return `${option} takes no value; write it alone`;
    // "argument missing", or "ambiguous" when the next word is another option.
    return `${option} needs a value after it`;
  }
  return message;
}

/**
 * The model --model names, by id or alias. A miss names the option and the nearest alias (a typo
 * such as nova-mirco), instead of the core's list of every model ever customizable.
 */
export function modelOption(value: string): CatalogModel {
  const model = findModel(value);
  if (model) return model;
  const suggestion = closest(
    value,
    listCatalog().flatMap((candidate) => candidate.aliases),
    3,
  );
  throw new UsageError(
    `--model ${value}: unknown model${suggestion ? `; did you mean --model ${suggestion}?` : '.'} Run \`tune models\` for the models and their aliases.`,
  );
}
