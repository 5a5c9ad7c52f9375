/**
 * Seeded randomness, so that loss curves, ids and injected faults repeat exactly from one run to
 * the next (tests and benchmarks compare runs).
 */

/** mulberry32: tiny, fast, good enough for noise; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable 32-bit seed from a string (a job id, a prompt). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A 12-character lowercase id like the last segment of Bedrock's job and model ARNs. */
export function resourceId(random: () => number): string {
  let id = '';
  for (let index = 0; index < 12; index++) id += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return id;
}
