import type { Clock } from '../../src/core/ports.js';

/** A clock that stands still until told to move. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start = '2026-11-26T12:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves to a given time (ISO); tests use it forward only. */
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
