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
    const item = (value as Record<string, unknown>)[key];
    // Checked here rather than by a call: most values of a record are strings.
    if (typeof item === 'object' && item !== null && nestedDeeperThan(item, limit - 1)) return true;
  }
  return false;
}

/** With the `u` flag a well-formed pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const BACKSLASH = 92;

/** The hex digit after `\uD` as a surrogate half: 'high' (8-b), 'low' (c-f), or undefined. */
function surrogateHalf(line: string, escapeAt: number): 'high' | 'low' | undefined {
  if ((line.charCodeAt(escapeAt + 2) | 0x20) !== 0x64) return undefined; // 'd' or 'D'
  const digit = line.charCodeAt(escapeAt + 3) | 0x20;
  if (digit === 0x38 || digit === 0x39 || digit === 0x61 || digit === 0x62) return 'high'; // 8 9 a b
  if (digit >= 0x63 && digit <= 0x66) return 'low'; // c-f
  return undefined;
}

/**
 * A cheap and exact test of the raw line: valid UTF-8 cannot carry a surrogate, so a string holds
 * a lone one only through an escape (`\ud800`) that is not half of a pair. Python's json.dumps
 * escapes every emoji as such a pair, so a pair must cost nothing: the line is scanned from one
 * `\u` to the next (no regex, which measured slower on such lines), and a `\u` whose backslash is
 * itself escaped (`\\ud800` is text) is not an escape.
 */
export function mayHoldSurrogate(line: string): boolean {
  for (let at = line.indexOf('\\u'); at !== -1; at = line.indexOf('\\u', at + 2)) {
    let backslashes = 1;
    while (at - backslashes >= 0 && line.charCodeAt(at - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) continue;
    const half = surrogateHalf(line, at);
    if (half === 'low') return true;
    if (half === 'high') {
      if (
        line.charCodeAt(at + 6) !== BACKSLASH ||
        line.charCodeAt(at + 7) !== 0x75 ||
        surrogateHalf(line, at + 6) !== 'low'
      )
        return true;
      at += 6;
    }
  }
  return false;
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
