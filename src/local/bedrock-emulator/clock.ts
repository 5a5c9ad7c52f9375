/**
 * Time for the emulator. Every state (job, Provisioned Throughput) is computed from this clock on
 * each read, so tests move time forward instead of waiting, and nothing runs in the background.
 */
export interface EmulatorClock {
  now(): number;
  /** Moves this clock forward; with a real clock underneath it adds an offset. */
  advance(milliseconds: number): void;
}

/** A clock that only moves when told to, for tests. */
export function createManualClock(startMs = Date.UTC(2025, 0, 1)): EmulatorClock & { set(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

/** Wraps a source of time (Date.now or a manual clock) with an offset that `advance` grows. */
export function offsetClock(source: () => number): EmulatorClock {
  let offset = 0;
  return {
    now: () => source() + offset,
    advance: (milliseconds) => {
      offset += milliseconds;
    },
  };
}
