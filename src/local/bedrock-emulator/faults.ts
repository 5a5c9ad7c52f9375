/**
 * Injected failures: ThrottlingException (HTTP 429) and InternalServerException (HTTP 500) at given
 * rates, calls that get no answer at all (a hung Bedrock: the client's request timeout has to end
 * them), plus added latency, on any operation. Draws come from a seeded generator, so a test or a
 * benchmark sees the same sequence of failures on every run.
 */
import { BedrockEmulatorError } from './errors.js';
import { seededRandom } from './random.js';

export interface FaultSettings {
  /** Share of calls answered with ThrottlingException, 0–1. */
  throttleRate?: number;
  /** Share of calls answered with InternalServerException, 0–1. */
  serverErrorRate?: number;
  /**
   * Share of calls that hang, 0–1: nothing is done and nothing is answered, until the client gives
   * up (its request timeout) or, with `hangMs`, the emulator drops the connection.
   */
  hangRate?: number;
  /** How long a hung call is held before its connection is dropped; held until the client leaves when absent. */
  hangMs?: number;
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

  get hangMs(): number | undefined {
    return this.settings.hangMs;
  }

  /** The fault to answer this call with (`'hang'`: no answer), if any. */
  draw(operation: string): BedrockEmulatorError | 'hang' | undefined {
    const { throttleRate = 0, serverErrorRate = 0, hangRate = 0, maxFaults, operations } = this.settings;
    if (throttleRate <= 0 && serverErrorRate <= 0 && hangRate <= 0) return undefined;
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
    // Drawn last, so that settings without hangs see the same sequence of failures as before.
    if (draw < throttleRate + serverErrorRate + hangRate) {
      this.injected++;
      return 'hang';
    }
    return undefined;
  }
}
