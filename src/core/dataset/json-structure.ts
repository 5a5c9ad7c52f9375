/**
 * Structural checks of a parsed JSON record that neither `JSON.parse` nor the format schemas make.
 *
 * Nesting: V8 parses any depth, but serialising such a value (`JSON.stringify`, messages quoting a
 * field) recurses and overflows the stack at about 10,000 levels, and JSON readers elsewhere give
 * up far sooner (Python's at 1,000). No Bedrock format nests deeper than 8 (a Nova image turn), so
 * a record past `MAX_NESTING` is refused before anything recurses into it.
 *
 * Surrogates: UTF-8 cannot encode half of a UTF-16 surrogate pair, so a line of valid UTF-8 holds
 * one only through an escape such as `\ud800` with no partner; Bedrock would reject or mangle it.
 */

export const MAX_NESTING = 100;

/**
 * True when `value` nests arrays and objects more than `limit` levels deep. The recursion stops
 * at `limit`, so it cannot overflow whatever the input.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestedDeeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (nestedDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}

/** An escaped surrogate, \uD800 to \uDFFF. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/**
 * An escaped high surrogate not followed by an escaped low one, or a low one not preceded by a
 * high one. Python's json.dumps escapes every emoji as such a pair, so a pair must not cost a walk.
 */
const LONE_SURROGATE_ESCAPE =
  /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/;
/** With the `u` flag a well-formed pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * A cheap test of the raw line: valid UTF-8 cannot carry a surrogate, so only a line with an
 * unpaired surrogate escape can hold one. An escaped backslash (`\\ud800` is text, not an escape)
 * can fool the pairing, so such lines are left to `loneSurrogatePath` to decide.
 */
export function mayHoldSurrogate(line: string): boolean {
  if (!line.includes('\\u')) return false;
  if (LONE_SURROGATE_ESCAPE.test(line)) return true;
  return line.includes('\\\\') && SURROGATE_ESCAPE.test(line);
}

/**
 * The path of the first string, key or value, that holds a lone surrogate; undefined when there
 * is none. Call it on values already checked with `nestedDeeperThan` (it recurses).
 */
export function loneSurrogatePath(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [] : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = loneSurrogatePath(value[index]);
      if (found) return [index, ...found];
    }
    return undefined;
  }
  for (const key in value) {
    if (LONE_SURROGATE.test(key)) return [key];
    const found = loneSurrogatePath((value as Record<string, unknown>)[key]);
    if (found) return [key, ...found];
  }
  return undefined;
}

/** What the validator reports and the converter says when it leaves such a record out. */
export function tooDeeplyNested(what: string): string {
  return `${what} nests arrays or objects more than ${MAX_NESTING} levels deep; no Bedrock format goes beyond 8, and JSON readers give up on such records. Flatten it or remove the record.`;
}

export function loneSurrogate(where: string): string {
  return `${where} holds a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its other half), which is not valid Unicode and cannot be sent to Bedrock as UTF-8. Remove it, or escape the whole character as a pair.`;
}
