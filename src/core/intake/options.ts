/**
 * Intake options a person writes in the message that shares a file: `--model`, `--type`,
 * `--split`, `--epochs`, and for tables `--prompt-column`, `--completion-column`, `--text-column`.
 */
import { parseCommand } from '../commands/parse.js';
import { InputError } from '../errors.js';
import { parseCustomizationType } from '../jobs/plan.js';
import type { IntakeOptions } from './intake.js';

/**
 * Every option a shared file's message may carry, in the order help shows them. Help is rendered
 * from this list and the parser accepts only these names, so help cannot name an option the
 * parser refuses.
 */
export const INTAKE_OPTIONS = [
  {
    name: 'model',
    value: '<id>',
    summary: 'the model to check the file for (default: the region’s default)',
  },
  { name: 'type', value: 'fine-tuning|continued-pretraining', summary: 'what the data is for' },
  { name: 'split', value: '0.1', summary: 'the share of records set aside for validation' },
  { name: 'prompt-column', value: '<col,col>', summary: 'the column(s) joined into the prompt' },
  { name: 'completion-column', value: '<col>', summary: 'the column(s) joined into the answer' },
  { name: 'text-column', value: '<col>', summary: 'the column(s) holding text, for continued pre-training' },
  { name: 'epochs', value: '<n>', summary: 'the epochs the cost estimate assumes' },
] as const;

const KNOWN: readonly string[] = INTAKE_OPTIONS.map((option) => option.name);

export function intakeOptionsFrom(text: string): IntakeOptions {
  // Mentions (`<@U123>`) and links are not options; the parser only looks at `--name value` pairs.
  const { options } = parseCommand(`share ${text.replace(/<[^>]*>/g, ' ')}`);
  const unknown = Object.keys(options).filter((name) => !KNOWN.includes(name));
  if (unknown.length > 0) {
    throw new InputError(
      `Unknown option ${unknown.map((name) => `--${name}`).join(', ')}: a shared file takes ${KNOWN.map((name) => `--${name}`).join(', ')}.`,
      {
        field: unknown[0] ?? 'options',
      },
    );
  }
  const value = (name: string): string | undefined => {
    const given = options[name];
    if (given === true) throw new InputError(`--${name} needs a value.`, { field: name });
    return given;
  };
  const result: IntakeOptions = {};
  const model = value('model');
  if (model) result.model = model;
  const type = value('type');
  if (type) result.type = parseCustomizationType(type);
  const split = value('split');
  if (split !== undefined) {
    const fraction = Number(split);
    if (!(fraction > 0 && fraction < 0.5)) {
      throw new InputError(`--split ${split}: give the share for validation, between 0 and 0.5 (e.g. 0.1).`, {
        field: 'split',
      });
    }
    result.split = fraction;
  }
  const epochs = value('epochs');
  if (epochs !== undefined) {
    const count = Number(epochs);
    if (!Number.isInteger(count) || count < 1)
      throw new InputError(`--epochs ${epochs}: give a whole number of epochs.`, { field: 'epochs' });
    result.epochs = count;
  }
  const columns = (name: string): string[] | undefined =>
    value(name)
      ?.split(',')
      .map((column) => column.trim())
      .filter((column) => column.length > 0);
  const prompt = columns('prompt-column');
  if (prompt) result.promptColumns = prompt;
  const completion = columns('completion-column');
  if (completion) result.completionColumns = completion;
  const textColumns = columns('text-column');
  if (textColumns) result.textColumns = textColumns;
  return result;
}

/** One option value as a person would type it: quoted when it holds a space. */
function typed(value: string): string {
  return /\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/**
 * The message that shares a file with these options: `intakeOptionsFrom` reads it back to the same
 * options. Shown as the exact text to share a file again with, and used to re-check it.
 */
export function intakeOptionsText(options: IntakeOptions): string {
  const parts: string[] = [];
  if (options.model) parts.push(`--model ${typed(options.model)}`);
  if (options.type)
    parts.push(`--type ${options.type === 'FINE_TUNING' ? 'fine-tuning' : 'continued-pretraining'}`);
  if (options.split !== undefined) parts.push(`--split ${options.split}`);
  const columns = (name: string, list: string[] | undefined) => {
    if (list && list.length > 0) parts.push(`--${name} ${typed(list.join(','))}`);
  };
  columns('prompt-column', options.promptColumns);
  columns('completion-column', options.completionColumns);
  columns('text-column', options.textColumns);
  if (options.epochs !== undefined) parts.push(`--epochs ${options.epochs}`);
  return parts.join(' ');
}
