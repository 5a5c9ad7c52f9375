/**
 * Parses the text after `/tune` into a subcommand, positional arguments and `--options`.
 * Slack sends the text with `&`, `<` and `>` escaped and may turn quotes into typographic ones on
 * some clients, so both are undone before splitting.
 */
import { InputError } from '../errors.js';

export interface ParsedCommand {
  /** Lower-cased subcommand; `help` when the text is empty. */
  name: string;
  positionals: string[];
  options: Record<string, string | true>;
  /** The text as typed, for messages that quote it back. */
  raw: string;
  /** The text after the subcommand, as typed: free text such as a question is read from here. */
  rest: string;
}

export function unescapeSlackText(text: string): string {
  return text
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Splits on whitespace, keeping "quoted strings" and 'quoted strings' together. A quote opens only
 * at the start of a word or after `=` (`--name="my model"`): inside a word it is an apostrophe
 * (`what's`, `customer's`), which questions are full of.
 */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const character of text) {
    if (quote) {
      if (character === quote) quote = undefined;
      else current += character;
    } else if ((character === '"' || character === "'") && (!inWord || current.endsWith('='))) {
      quote = character;
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (quote) throw new InputError(`A ${quote} quote is not closed. Close it or remove it and try again.`);
  if (inWord) words.push(current);
  return words;
}

/**
 * Links as typed. The command is sent escaped (`should_escape`, so that `#channel` arrives as
 * `<#C…|name>`), and Slack then also wraps what looks like a link: `notes.md` becomes
 * `<http://notes.md|notes.md>`. Channel and user mentions are kept: `/tune share` reads channel ids.
 * Done before the entities are decoded, while every `<` is Slack's own.
 */
export function unwrapLinks(text: string): string {
  return text.replace(/<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>/g, (_link, url: string, label?: string) =>
    label === undefined ? url : label,
  );
}

export function parseCommand(text: string): ParsedCommand {
  const raw = unescapeSlackText(unwrapLinks(text)).trim();
  const words = splitArguments(raw);
  const [first, ...rest] = words;
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index] ?? '';
    if (word.startsWith('--') && word.length > 2) {
      const body = word.slice(2);
      const equals = body.indexOf('=');
      if (equals >= 0) {
        options[body.slice(0, equals)] = body.slice(equals + 1);
        continue;
      }
      const next = rest[index + 1];
      if (next !== undefined && !next.startsWith('--')) {
        options[body] = next;
        index++;
      } else {
        options[body] = true;
      }
    } else {
      positionals.push(word);
    }
  }
  return {
    name: (first ?? 'help').toLowerCase(),
    positionals,
    options,
    raw,
    rest: raw.replace(/^\S+\s*/, ''),
  };
}
