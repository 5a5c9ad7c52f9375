/**
 * Reads the elements of a top-level JSON array one at a time from a stream of text, so that a
 * large `[{...}, {...}]` export converts in memory bounded by its largest element. It tracks only
 * nesting depth and string state to find where each element ends, then hands the element's text
 * to `JSON.parse`.
 */
import { InputError } from '../../errors.js';

export interface JsonArrayElement {
  value: unknown;
  /** 0-based position in the array. */
  index: number;
  /** 1-based line on which the element starts. */
  line: number;
}

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;

type ArrayState = 'before' | 'between' | 'element' | 'after';

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xfeff;
}

export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  maxElementChars = 50_000_000,
): AsyncGenerator<JsonArrayElement> {
  let state = 'before' as ArrayState;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let partsLength = 0;
  let index = 0;
  let line = 1;
  let elementLine = 1;

  const finish = (): JsonArrayElement => {
    const text = parts.join('').trim();
    parts = [];
    partsLength = 0;
    try {
      return { value: JSON.parse(text), index: index++, line: elementLine };
    } catch (cause) {
      throw new InputError(
        `line ${elementLine}: element ${index + 1} of the JSON array is not valid JSON (${cause instanceof Error ? cause.message : String(cause)}).`,
        { field: 'file', cause },
      );
    }
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let position = 0; position < chunk.length; position++) {
      const code = chunk.charCodeAt(position);
      if (code === NEWLINE) line++;
      if (state === 'before') {
        if (isWhitespace(code)) continue;
        if (code !== OPEN_BRACKET) {
          throw new InputError(`line ${line}: the file does not start with "[", so it is not a JSON array.`, {
            field: 'file',
          });
        }
        state = 'between';
        continue;
      }
      if (state === 'after') {
        if (!isWhitespace(code)) {
          throw new InputError(`line ${line}: there is text after the end of the JSON array.`, {
            field: 'file',
          });
        }
        continue;
      }
      if (state === 'between') {
        if (isWhitespace(code) || code === COMMA) continue;
        if (code === CLOSE_BRACKET) {
          state = 'after';
          continue;
        }
        state = 'element';
        elementLine = line;
        start = position;
        depth = 0;
      }
      // state === 'element'
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) inString = false;
        continue;
      }
      if (code === QUOTE) inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || (code === CLOSE_BRACKET && depth > 0)) depth--;
      else if (depth === 0 && (code === COMMA || code === CLOSE_BRACKET)) {
        parts.push(chunk.slice(start, position));
        yield finish();
        state = code === CLOSE_BRACKET ? 'after' : 'between';
      }
    }
    if (state === 'element') {
      parts.push(chunk.slice(start));
      partsLength += chunk.length - start;
      if (partsLength > maxElementChars) {
        throw new InputError(
          `line ${elementLine}: element ${index + 1} of the JSON array is longer than ${maxElementChars.toLocaleString('en-US')} characters.`,
          { field: 'file' },
        );
      }
    }
  }
  if (state === 'before')
    throw new InputError('the file is empty: expected a JSON array.', { field: 'file' });
  if (state !== 'after') throw new InputError('the JSON array is not closed with "]".', { field: 'file' });
}
