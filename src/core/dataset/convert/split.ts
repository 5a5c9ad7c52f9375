/**
 * A seeded train/validation split in bounded memory. The validation share is `fraction` of the
 * records, but never more than the model's validation limit. Records are sampled into a reservoir
 * as large as that limit; a record pushed out of it goes to training straight away, so only the
 * reservoir is held. At the end the first `round(fraction × records)` of the (uniformly sampled)
 * reservoir become the validation set and the rest go to training. The same seed and input give
 * the same split.
 */
export interface SplitOptions {
  /** Share of records for validation, between 0 and 1. */
  fraction: number;
  /** Most validation records the model accepts. */
  maxValidation: number;
  seed: number;
  writeTraining: (line: string) => void | Promise<void>;
  writeValidation: (line: string) => void | Promise<void>;
}

export interface SplitResult {
  training: number;
  validation: number;
}

/** mulberry32: a small, well-distributed 32-bit generator, enough for sampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export class TrainValidationSplit {
  private readonly reservoir: string[] = [];
  private readonly random: () => number;
  private seen = 0;
  private training = 0;

  constructor(private readonly options: SplitOptions) {
    if (!(options.fraction > 0 && options.fraction < 1)) {
      throw new RangeError('the split fraction must be between 0 and 1');
    }
    this.random = seededRandom(options.seed);
  }

  async add(line: string): Promise<void> {
    this.seen++;
    const capacity = this.options.maxValidation;
    if (capacity <= 0) {
      await this.writeTraining(line);
      return;
    }
    if (this.reservoir.length < capacity) {
      this.reservoir.push(line);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < capacity) {
      const evicted = this.reservoir[slot] as string;
      this.reservoir[slot] = line;
      await this.writeTraining(evicted);
    } else {
      await this.writeTraining(line);
    }
  }

  async finish(): Promise<SplitResult> {
    const wanted = Math.min(
      Math.round(this.options.fraction * this.seen),
      this.options.maxValidation,
      this.seen,
    );
    // Shuffle the reservoir so that which of its records go to validation is random too.
    for (let index = this.reservoir.length - 1; index > 0; index--) {
      const other = Math.floor(this.random() * (index + 1));
      const swap = this.reservoir[index] as string;
      this.reservoir[index] = this.reservoir[other] as string;
      this.reservoir[other] = swap;
    }
    for (let index = 0; index < this.reservoir.length; index++) {
      const line = this.reservoir[index] as string;
      if (index < wanted) await this.options.writeValidation(line);
      else await this.writeTraining(line);
    }
    return { training: this.training, validation: wanted };
  }

  private async writeTraining(line: string): Promise<void> {
    this.training++;
    await this.options.writeTraining(line);
  }
}
