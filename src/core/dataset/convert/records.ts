/**
 * Turning a source record (a CSV row by header, a JSON object) into a prompt/completion pair, and a
 * pair into the record format the target model reads. Known shapes are recognised by their keys:
 * prompt/completion, Dolly (`instruction`, `context`, `response`), Alpaca (`instruction`, `input`,
 * `output`), question/answer and input/output; anything else needs explicit column names.
 */

import type { DatasetFormat } from '../../catalog/types.js';
import { ColumnsNotGuessedError, InputError } from '../../errors.js';

export interface PairMapping {
  /** Fields joined, with a blank line between non-empty ones, into the prompt. */
  prompt: readonly string[];
  completion: readonly string[];
  /** How the mapping was chosen, for the summary. */
  description: string;
}

export interface Pair {
  prompt: string;
  completion: string;
}

interface KnownShape {
  name: string;
  /** Every one of these must be present. */
  required: readonly string[];
  prompt: readonly string[];
  completion: readonly string[];
}

// Order matters: the first shape whose required keys are all present wins.
const KNOWN_SHAPES: readonly KnownShape[] = [
  {
    name: 'prompt/completion',
    required: ['prompt', 'completion'],
    prompt: ['prompt'],
    completion: ['completion'],
  },
  {
    name: 'Dolly (instruction, context, response)',
    required: ['instruction', 'response'],
    prompt: ['instruction', 'context'],
    completion: ['response'],
  },
  {
    name: 'Alpaca (instruction, input, output)',
    required: ['instruction', 'output'],
    prompt: ['instruction', 'input'],
    completion: ['output'],
  },
  { name: 'question/answer', required: ['question', 'answer'], prompt: ['question'], completion: ['answer'] },
  { name: 'input/output', required: ['input', 'output'], prompt: ['input'], completion: ['output'] },
  { name: 'input/target', required: ['input', 'target'], prompt: ['input'], completion: ['target'] },
];

/** Keys holding free text for continued pre-training, in order of preference. */
const TEXT_KEYS = ['input', 'text', 'content', 'body', 'document', 'article'];

function lowerKeys(keys: readonly string[]): Map<string, string> {
  return new Map(keys.map((key) => [key.toLowerCase().trim(), key]));
}

/**
 * Chooses how to build pairs from records with these keys: the explicit columns when given (each
 * must exist), otherwise the first known shape the keys match. Throws an `InputError` listing the
 * keys when neither works.
 */
export function choosePairMapping(
  keys: readonly string[],
  explicit: { prompt?: readonly string[]; completion?: readonly string[] },
): PairMapping {
  const byLower = lowerKeys(keys);
  const resolveAll = (names: readonly string[], option: string): string[] =>
    names.map((name) => {
      const key = byLower.get(name.toLowerCase().trim());
      if (key === undefined) {
        throw new InputError(
          `${option} "${name}" is not a column of this file; its columns are: ${keys.join(', ')}.`,
          {
            field: option,
          },
        );
      }
      return key;
    });
  if (explicit.prompt || explicit.completion) {
    if (!explicit.prompt || !explicit.completion) {
      throw new InputError('give both --prompt-column and --completion-column, or neither to detect them.', {
        field: explicit.prompt ? '--completion-column' : '--prompt-column',
      });
    }
    return {
      prompt: resolveAll(explicit.prompt, '--prompt-column'),
      completion: resolveAll(explicit.completion, '--completion-column'),
      description: `prompt from ${explicit.prompt.join(' + ')}, completion from ${explicit.completion.join(' + ')}`,
    };
  }
  for (const shape of KNOWN_SHAPES) {
    if (shape.required.every((name) => byLower.has(name))) {
      const present = (names: readonly string[]) =>
        names.flatMap((name) => {
          const key = byLower.get(name);
          return key === undefined ? [] : [key];
        });
      return {
        prompt: present(shape.prompt),
        completion: present(shape.completion),
        description: shape.name,
      };
    }
  }
  const guess = guessPairColumns(keys);
  throw new ColumnsNotGuessedError(
    `cannot tell which columns hold the prompt and the completion (columns: ${keys.join(', ') || 'none'}). Name them with --prompt-column and --completion-column (several columns may be joined${guess ? `; for example --prompt-column ${guess.promptColumns.join(',')} --completion-column ${guess.completionColumns.join(',')}` : ': --prompt-column title,description'}).`,
    { field: '--prompt-column', columns: keys, guess },
  );
}

/** Columns that name a record rather than hold its text. */
const IDENTIFIER = /^(id|key|index|#)$|[_ -]id$/i;

/**
 * A guess for a table tune could not map: the last column is the answer (tables are usually
 * written question first, answer last), every other column but identifiers is the prompt. A person
 * confirms it before anything is stored.
 */
export function guessPairColumns(
  keys: readonly string[],
): { promptColumns: string[]; completionColumns: string[] } | undefined {
  const usable = keys.filter((key) => key.trim() !== '' && !IDENTIFIER.test(key.trim()));
  const completion = usable.at(-1);
  if (usable.length < 2 || completion === undefined) return undefined;
  return { promptColumns: usable.slice(0, -1), completionColumns: [completion] };
}

/** Chooses the fields whose text feeds continued pre-training. */
export function chooseTextFields(keys: readonly string[], explicit?: readonly string[]): string[] {
  const byLower = lowerKeys(keys);
  if (explicit && explicit.length > 0) {
    return explicit.map((name) => {
      const key = byLower.get(name.toLowerCase().trim());
      if (key === undefined) {
        throw new InputError(
          `--text-column "${name}" is not a column of this file; its columns are: ${keys.join(', ')}.`,
          {
            field: '--text-column',
          },
        );
      }
      return key;
    });
  }
  for (const name of TEXT_KEYS) {
    const key = byLower.get(name);
    if (key !== undefined) return [key];
  }
  const textColumns = keys.filter((key) => key.trim() !== '' && !IDENTIFIER.test(key.trim()));
  throw new ColumnsNotGuessedError(
    `cannot tell which column holds the text (columns: ${keys.join(', ') || 'none'}). Name it with --text-column${textColumns.length > 0 ? `, for example --text-column ${textColumns.join(',')}` : ''}.`,
    { field: '--text-column', columns: keys, guess: textColumns.length > 0 ? { textColumns } : undefined },
  );
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Joins the values of `fields`, skipping empty ones, with a blank line between them. */
export function joinFields(record: Record<string, unknown>, fields: readonly string[]): string {
  const parts: string[] = [];
  for (const field of fields) {
    const text = textOf(record[field]).trim();
    if (text.length > 0) parts.push(text);
  }
  return parts.join('\n\n');
}

export function pairOf(record: Record<string, unknown>, mapping: PairMapping): Pair {
  return { prompt: joinFields(record, mapping.prompt), completion: joinFields(record, mapping.completion) };
}

/**
 * A pair in the format the model reads: prompt/completion as is; Claude messages and
 * bedrock-conversation-2024 as one user turn and one assistant turn, with the system prompt if given.
 */
export function formatPair(pair: Pair, format: DatasetFormat, system?: string): Record<string, unknown> {
  switch (format) {
    case 'prompt-completion':
      return { prompt: pair.prompt, completion: pair.completion };
    case 'claude-messages':
      return {
        ...(system ? { system } : {}),
        messages: [
          { role: 'user', content: pair.prompt },
          { role: 'assistant', content: pair.completion },
        ],
      };
    case 'bedrock-conversation-2024':
      return {
        schemaVersion: 'bedrock-conversation-2024',
        ...(system ? { system: [{ text: system }] } : {}),
        messages: [
          { role: 'user', content: [{ text: pair.prompt }] },
          { role: 'assistant', content: [{ text: pair.completion }] },
        ],
      };
    case 'continued-pretraining':
      return { input: `${pair.prompt}\n\n${pair.completion}` };
  }
}
