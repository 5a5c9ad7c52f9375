/**
 * Python `str` and `re` semantics that the NLTK and rouge_score ports depend on. JavaScript's
 * regular expressions differ from Python's in exactly the places these tokenizers lean on, so the
 * ports build their patterns from the pieces below instead of `\s`, `\w`, `\d` and `\b`:
 *
 * - Python's `\s` (and `str.isspace`, `str.split()`, `str.strip()`) is Unicode whitespace *including*
 *   U+001C–U+001F and U+0085 but *excluding* U+FEFF; JavaScript's `\s` is the other way round.
 * - Python's `\w` on `str` is every letter and number (categories L and N) plus `_`; JavaScript's `\w`
 *   is ASCII only even with the `u` flag, and so is `\b`.
 * - Python's `\d` is every decimal digit (category Nd); JavaScript's is ASCII only.
 * - Python measures strings in code points; JavaScript in UTF-16 units (see `codePointLength`).
 *
 * The classes were checked against CPython 3.11 (Unicode 14) over every code point: `\w` is exactly
 * `[\p{L}\p{N}_]` and `\d` exactly `\p{Nd}`. Characters added in later Unicode versions may differ.
 */

/** The characters of Python's `\s` / `str.isspace()`, for use inside a character class. */
export const PY_SPACE_CHARS =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python's `\s`. */
export const PY_S = `[${PY_SPACE_CHARS}]`;
/** Python's `\S`. */
export const PY_NOT_S = `[^${PY_SPACE_CHARS}]`;
/** The characters of Python's `\w` on `str`, for use inside a character class (needs the `u` flag). */
export const PY_WORD_CHARS = '\\p{L}\\p{N}_';
/** Python's `\w` (needs the `u` flag). */
export const PY_W = `[${PY_WORD_CHARS}]`;
/** Python's `[^\W\d]`: a word character that is not a decimal digit (needs the `u` flag). */
export const PY_W_NOT_DIGIT = '[\\p{L}\\p{Nl}\\p{No}_]';
/** Python's `\b` where the character before it is known to be a word character. */
export const PY_B_AFTER_WORD = `(?!${PY_W})`;
/** Python's `\b` where the character after it is known to be a word character. */
export const PY_B_BEFORE_WORD = `(?<!${PY_W})`;

const SPACE_RUN = new RegExp(`${PY_S}+`, 'u');
const LEADING_SPACE = new RegExp(`^${PY_S}+`, 'u');
const TRAILING_SPACE = new RegExp(`${PY_S}+$`, 'u');
const UPPERCASE = /^\p{Uppercase}$/u;
const LOWERCASE = /^\p{Lowercase}$/u;

/** Python's `str.split()` with no argument: split on runs of whitespace, no empty strings. */
export function pySplit(text: string): string[] {
  const parts = text.split(SPACE_RUN);
  const tokens: string[] = [];
  for (const part of parts) if (part !== '') tokens.push(part);
  return tokens;
}

/** Python's `str.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '');
}

/** Python's `str.rstrip()`. */
export function pyRstrip(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

/** The first code point of `text` as a string (Python's `text[0]`). */
export function firstCodePoint(text: string): string {
  const code = text.codePointAt(0);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** Python's `text[0].isupper()`: the first character has the Unicode Uppercase property. */
export function firstIsUpper(text: string): boolean {
  return UPPERCASE.test(firstCodePoint(text));
}

/** Python's `text[0].islower()`: the first character has the Unicode Lowercase property. */
export function firstIsLower(text: string): boolean {
  return LOWERCASE.test(firstCodePoint(text));
}

/** Python's `len(text)`: code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}

/** Python's `str.lower()`. JavaScript's `toLowerCase` applies the same full Unicode mapping. */
export function pyLower(text: string): string {
  return text.toLowerCase();
}

/** `string.whitespace` from Python's standard library: ASCII whitespace only. */
export function isAsciiWhitespace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\v' || char === '\f';
}
