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
  /** Each record with the source line it came from, as given to `add`. */
  writeTraining: (line: string, sourceLine: number | undefined) => void | Promise<void>;
  writeValidation: (line: string, sourceLine: number | undefined) => void | Promise<void>;
}

interface Sampled {
  line: string;
  sourceLine: number | undefined;
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
  private readonly reservoir: Sampled[] = [];
  private readonly random: () => number;
  private seen = 0;
  private training = 0;

  constructor(private readonly options: SplitOptions) {
    if (!(options.fraction > 0 && options.fraction < 1)) {
      throw new RangeError('the split fraction must be between 0 and 1');
    }
    this.random = seededRandom(options.seed);
  }

  async add(line: string, sourceLine?: number): Promise<void> {
    this.seen++;
    const record: Sampled = { line, sourceLine };
    const capacity = this.options.maxValidation;
    if (capacity <= 0) {
      await this.writeTraining(record);
      return;
    }
    if (this.reservoir.length < capacity) {
      this.reservoir.push(record);
      return;
    }
    const slot = Math.floor(this.random() * this.seen);
    if (slot < capacity) {
      const evicted = this.reservoir[slot] as Sampled;
      this.reservoir[slot] = record;
      await this.writeTraining(evicted);
    } else {
      await this.writeTraining(record);
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
      const swap = this.reservoir[index] as Sampled;
      this.reservoir[index] = this.reservoir[other] as Sampled;
      this.reservoir[other] = swap;
    }
    for (let index = 0; index < this.reservoir.length; index++) {
      const record = this.reservoir[index] as Sampled;
      if (index < wanted) await this.options.writeValidation(record.line, record.sourceLine);
      else await this.writeTraining(record);
    }
    return { training: this.training, validation: wanted };
  }

  private async writeTraining(record: Sampled): Promise<void> {
    this.training++;
    await this.options.writeTraining(record.line, record.sourceLine);
  }
}
