import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/dataset/lines.js';

interface Seen {
  lines: [number, string, boolean][];
  invalid: number[];
  tooLong: [number, number][];
}

function split(
  bytes: Uint8Array,
  chunkSize: number,
  maxLineBytes = 1024,
): { seen: Seen; splitter: LineSplitter } {
  const seen: Seen = { lines: [], invalid: [], tooLong: [] };
  const splitter = new LineSplitter(
    {
      line: (text, lineNumber, crlf) => seen.lines.push([lineNumber, text, crlf]),
      invalidUtf8: (lineNumber) => seen.invalid.push(lineNumber),
      tooLong: (lineNumber, size) => seen.tooLong.push([lineNumber, size]),
    },
    maxLineBytes,
  );
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    splitter.push(bytes.subarray(offset, offset + chunkSize));
  splitter.end();
  return { seen, splitter };
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('splitting a byte stream into lines', () => {
  it('gives the same numbered lines whatever the chunk size, with or without a final newline', () => {
    const text = 'first\r\nsecond ✓ 日本\n\nfourth 😀\r\nlast';
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const { seen, splitter } = split(encode(text), size);
      expect(seen.lines, `chunks of ${size}`).toEqual([
        [1, 'first', true],
        [2, 'second ✓ 日本', false],
        [3, '', false],
        [4, 'fourth 😀', true],
        [5, 'last', false],
      ]);
      expect(splitter.lines).toBe(5);
      expect(splitter.bytes).toBe(encode(text).length);
    }
  });

  it('does not invent an empty line after a final newline', () => {
    expect(split(encode('a\nb\n'), 3).seen.lines).toEqual([
      [1, 'a', false],
      [2, 'b', false],
    ]);
  });

  it('reports each invalid UTF-8 line by number and keeps the others', () => {
    const bytes = new Uint8Array([
      ...encode('ok\n'),
      0xc3,
      0x28,
      0x0a,
      ...encode('fine\n'),
      0xed,
      0xa0,
      0x80,
      0x0a,
    ]);
    for (const size of [1, 4, 100]) {
      const { seen } = split(bytes, size);
      expect(seen.invalid, `chunks of ${size}`).toEqual([2, 4]);
      expect(seen.lines.map(([line]) => line)).toEqual([1, 3]);
    }
  });

  it('keeps a byte order mark for the caller to report', () => {
    expect(split(encode('\uFEFF{}\n'), 2).seen.lines).toEqual([[1, '\uFEFF{}', false]]);
  });

  it('never holds more than the longest allowed line, and reports the long one with its size', () => {
    // Prepare: a 20 MB line fed in 64 kB chunks, between two short lines.
    const seen: Seen = { lines: [], invalid: [], tooLong: [] };
    const max = 1024 * 1024;
    const splitter = new LineSplitter(
      {
        line: (text, lineNumber, crlf) => seen.lines.push([lineNumber, text.slice(0, 10), crlf]),
        invalidUtf8: (lineNumber) => seen.invalid.push(lineNumber),
        tooLong: (lineNumber, size) => seen.tooLong.push([lineNumber, size]),
      },
      max,
    );
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let largestBuffer = 0;

    // Act
    splitter.push(encode('before\n'));
    for (let sent = 0; sent < 20 * 1024 * 1024; sent += chunk.length) {
      splitter.push(chunk);
      largestBuffer = Math.max(largestBuffer, splitter.bufferedBytes);
    }
    splitter.push(encode('\nafter\n'));
    splitter.end();

    // Assess
    expect(largestBuffer).toBeLessThanOrEqual(max);
    expect(seen.tooLong).toEqual([[2, 20 * 1024 * 1024]]);
    expect(seen.lines).toEqual([
      [1, 'before', false],
      [3, 'after', false],
    ]);
  });

  it('reports a long line that arrives within a single chunk', () => {
    const { seen } = split(encode(`short\n${'x'.repeat(3000)}\nnext\n`), 1 << 20, 1000);
    expect(seen.tooLong).toEqual([[2, 3000]]);
    expect(seen.lines.map(([line]) => line)).toEqual([1, 3]);
  });
});
