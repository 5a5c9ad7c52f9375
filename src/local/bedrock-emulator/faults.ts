/**
 * Injected failures: ThrottlingException (HTTP 429) and InternalServerException (HTTP 500) at given
 * rates, plus added latency, on any operation. Draws come from a seeded generator, so a test or a
 * benchmark sees the same sequence of failures on every run.
 */
import { BedrockEmulatorError } from './errors.js';
import { seededRandom } from './random.js';

export interface FaultSettings {
  /** Share of calls answered with ThrottlingException, 0–1. */
  throttleRate?: number;
  /** Share of calls answered with InternalServerException, 0–1. */
  serverErrorRate?: number;
  /** Added to every call, in milliseconds. */
  latencyMs?: number;
  seed?: number;
  /** Stop injecting after this many faults (for "fails twice, then succeeds"). */
  maxFaults?: number;
  /** Only these operations (e.g. `['InvokeModel']`); all when absent. */
  operations?: string[];
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private random: () => number = seededRandom(1);
  private injected = 0;

  constructor(settings: FaultSettings = {}) {
    this.set(settings);
  }

  set(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.random = seededRandom(settings.seed ?? 1);
    this.injected = 0;
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** The fault to answer this call with, if any. */
  draw(operation: string): BedrockEmulatorError | undefined {
    const { throttleRate = 0, serverErrorRate = 0, maxFaults, operations } = this.settings;
    if (throttleRate <= 0 && serverErrorRate <= 0) return undefined;
    if (operations && !operations.includes(operation)) return undefined;
    if (maxFaults !== undefined && this.injected >= maxFaults) return undefined;
    const draw = this.random();
    if (draw < throttleRate) {
      this.injected++;
      return new BedrockEmulatorError(
        'ThrottlingException',
        'Too many requests, please wait before trying again.',
      );
    }
    if (draw < throttleRate + serverErrorRate) {
      this.injected++;
      return new BedrockEmulatorError(
        'InternalServerException',
        'The system encountered an unexpected error during processing. Try your request again.',
      );
    }
    return undefined;
  }
}
