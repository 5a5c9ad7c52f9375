/**
 * Remembers which line each record was first seen on, by a fingerprint of its text, to find
 * repeated records without keeping them.
 *
 * The fingerprint is the first 96 bits of the line's SHA-1, kept in typed arrays (an
 * open-addressing table of 16-byte slots, at most half full) instead of a `Map` of 20-character
 * digest strings: on the 100 MB benchmark file the `Map` cost about as much as hashing itself (a
 * string and a map entry per record, and rehashing as it grew). At the default 200,000 records the
 * table is 16 MB, about what the `Map` took. SHA-1 stays because native hashing measured about
 * three times faster than a hash written in JavaScript; `crypto.hash` (Node 20.12+) avoids a Hash
 * object per line. Not for security: two different lines share 96 bits with odds of about n²/2^97
 * (1 in 10^18 at 200,000 records), and then the only harm is a false duplicate warning.
 */
import * as crypto from 'node:crypto';

const hasHashOnce = typeof crypto.hash === 'function';
/** 256 kB to start: enough for 8,192 records before the first growth. */
const INITIAL_SLOTS = 16_384;

export class FingerprintTable {
  /** Three 32-bit words of the digest per slot. */
  private words = new Int32Array(INITIAL_SLOTS * 3);
  /** The line a slot's record was first seen on; 0 marks an empty slot (lines start at 1). */
  private lines = new Int32Array(INITIAL_SLOTS);
  size = 0;

  /**
   * The line `text` was first seen on, or undefined when it is new, in which case it is
   * remembered as seen on `line` (a 1-based line number) if `remember`.
   */
  firstLineOf(text: string, line: number, remember = true): number | undefined {
    // 'binary' is latin1: one character per digest byte.
    const digest = hasHashOnce
      ? crypto.hash('sha1', text, 'binary')
      : crypto.createHash('sha1').update(text).digest('binary');
    const first = word(digest, 0);
    const second = word(digest, 4);
    const third = word(digest, 8);
    const mask = this.lines.length - 1;
    // SHA-1's bits are uniform, so the first word picks the slot as well as any mix of them.
    for (let slot = first & mask; ; slot = (slot + 1) & mask) {
      const seen = this.lines[slot] ?? 0;
      if (seen === 0) {
        if (!remember) return undefined;
        this.lines[slot] = line;
        this.words[slot * 3] = first;
        this.words[slot * 3 + 1] = second;
        this.words[slot * 3 + 2] = third;
        this.size++;
        // At most half full, so that probes stay short.
        if (this.size * 2 > this.lines.length) this.grow();
        return undefined;
      }
      if (
        this.words[slot * 3] === first &&
        this.words[slot * 3 + 1] === second &&
        this.words[slot * 3 + 2] === third
      )
        return seen;
    }
  }

  private grow(): void {
    const oldWords = this.words;
    const oldLines = this.lines;
    // Four times larger: each growth rehashes every entry, so fewer of them.
    this.words = new Int32Array(oldWords.length * 4);
    this.lines = new Int32Array(oldLines.length * 4);
    const mask = this.lines.length - 1;
    for (let old = 0; old < oldLines.length; old++) {
      const line = oldLines[old] ?? 0;
      if (line === 0) continue;
      const first = oldWords[old * 3] ?? 0;
      let slot = first & mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & mask;
      this.lines[slot] = line;
      this.words[slot * 3] = first;
      this.words[slot * 3 + 1] = oldWords[old * 3 + 1] ?? 0;
      this.words[slot * 3 + 2] = oldWords[old * 3 + 2] ?? 0;
    }
  }
}

function word(digest: string, at: number): number {
  return (
    digest.charCodeAt(at) |
    (digest.charCodeAt(at + 1) << 8) |
    (digest.charCodeAt(at + 2) << 16) |
    (digest.charCodeAt(at + 3) << 24)
  );
}
