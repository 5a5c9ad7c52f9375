/**
 * Splits a byte stream into decoded lines in constant memory.
 *
 * A chunk's complete lines are decoded in one `TextDecoder` call (fatal, so invalid UTF-8 throws)
 * and split on `\n`; only when that call throws are the chunk's lines decoded one by one, to name
 * the bad ones. `\n` (0x0A) never occurs inside a multi-byte UTF-8 sequence, so cutting bytes at it
 * is safe. A line split across chunks is buffered up to `maxLineBytes`; past that the rest of the
 * line is skipped and reported as too long, so a 20 MB line costs at most `maxLineBytes` of memory.
 * A byte order mark is kept (`ignoreBOM`) so that the caller can report it: a per-call decoder
 * would otherwise strip one at the start of any line.
 */
export interface LineHandler {
  /**
   * A decoded line without its `\n`; `crlf` when it ended in `\r\n` (the `\r` is removed);
   * `ascii` when the bytes it came from were all ASCII (known for free: as many characters as bytes).
   */
  line(text: string, lineNumber: number, crlf: boolean, ascii: boolean): void;
  invalidUtf8(lineNumber: number): void;
  tooLong(lineNumber: number, bytes: number): void;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 13;

export class LineSplitter {
  /** Bytes seen so far. */
  bytes = 0;
  /** Lines handed out so far (the number of the last one). */
  lines = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Set while skipping the rest of a line that passed `maxLineBytes`. */
  private overflowBytes = -1;

  constructor(
    private readonly handler: LineHandler,
    private readonly maxLineBytes: number,
  ) {}

  /** Bytes held for the unfinished line: never more than `maxLineBytes`. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let start = 0;
    if (this.pendingBytes > 0 || this.overflowBytes >= 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.hold(chunk);
        return;
      }
      this.hold(chunk.subarray(0, newline));
      this.finishPending();
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.emitRegion(chunk.subarray(start, last));
      start = last + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  /** Hands out the last line when the stream does not end with `\n`. */
  end(): void {
    if (this.pendingBytes > 0 || this.overflowBytes >= 0) this.finishPending();
  }

  private hold(part: Uint8Array): void {
    if (this.overflowBytes >= 0) {
      this.overflowBytes += part.length;
      return;
    }
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.overflowBytes = this.pendingBytes + part.length;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    if (part.length === 0) return;
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private finishPending(): void {
    const lineNumber = ++this.lines;
    if (this.overflowBytes >= 0) {
      this.handler.tooLong(lineNumber, this.overflowBytes);
      this.overflowBytes = -1;
      return;
    }
    const bytes = concatBytes(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.decodeOne(bytes, lineNumber);
  }

  /** Complete lines separated by `\n`, without the final one's `\n`. */
  private emitRegion(region: Uint8Array): void {
    let text: string;
    try {
      text = this.decoder.decode(region);
    } catch {
      this.emitRegionLineByLine(region);
      return;
    }
    const ascii = text.length === region.length;
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      const end = newline === -1 ? text.length : newline;
      const lineNumber = ++this.lines;
      if (end - from > this.maxLineBytes) {
        // A string of n UTF-16 units is at least n bytes, so this line is over the limit.
        this.handler.tooLong(lineNumber, utf8Length(text, from, end));
      } else if (end > from && text.charCodeAt(end - 1) === CARRIAGE_RETURN) {
        this.handler.line(text.slice(from, end - 1), lineNumber, true, ascii);
      } else {
        this.handler.line(text.slice(from, end), lineNumber, false, ascii);
      }
      if (newline === -1) return;
      from = newline + 1;
    }
  }

  private emitRegionLineByLine(region: Uint8Array): void {
    let from = 0;
    for (;;) {
      const newline = region.indexOf(NEWLINE, from);
      const end = newline === -1 ? region.length : newline;
      const lineNumber = ++this.lines;
      if (end - from > this.maxLineBytes) this.handler.tooLong(lineNumber, end - from);
      else this.decodeOne(region.subarray(from, end), lineNumber);
      if (newline === -1) return;
      from = newline + 1;
    }
  }

  private decodeOne(bytes: Uint8Array, lineNumber: number): void {
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      this.handler.invalidUtf8(lineNumber);
      return;
    }
    const ascii = text.length === bytes.length;
    if (text.length > 0 && text.charCodeAt(text.length - 1) === CARRIAGE_RETURN) {
      this.handler.line(text.slice(0, -1), lineNumber, true, ascii);
    } else {
      this.handler.line(text, lineNumber, false, ascii);
    }
  }
}

/** Joins byte chunks whose total `length` is known (one chunk is returned as it is). */
export function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]?.length === length) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: one four-byte character.
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}
