/**
 * Percentiles of token counts in constant memory: a log-linear histogram (the HdrHistogram idea).
 * Counts below 2,048 have a bucket each and are exact; above, each power of two is cut into 128
 * buckets, so a percentile is at most 0.8% high. A quantile reports its bucket's upper bound (never
 * below the true value, which is the safe side for a limit), capped at the largest value seen.
 */
const EXACT = 2048;
const EXACT_BITS = 11;
const SUB_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BITS;
const MAX_EXPONENT = 52;

export class Histogram {
  private readonly counts = new Float64Array(EXACT + (MAX_EXPONENT - EXACT_BITS + 1) * SUB_BUCKETS);
  count = 0;
  total = 0;
  max = 0;

  add(value: number): void {
    const whole = Math.max(0, Math.floor(value));
    const bucket = bucketOf(whole);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count++;
    this.total += whole;
    if (whole > this.max) this.max = whole;
  }

  /** The value at quantile `q` (0–1), or 0 when empty. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(upperBound(bucket), this.max);
    }
    return this.max;
  }
}

function bucketOf(value: number): number {
  if (value < EXACT) return value;
  const exponent = Math.min(Math.floor(Math.log2(value)), MAX_EXPONENT);
  const sub = Math.floor(value / 2 ** (exponent - SUB_BITS)) - SUB_BUCKETS;
  return EXACT + (exponent - EXACT_BITS) * SUB_BUCKETS + Math.min(sub, SUB_BUCKETS - 1);
}

function upperBound(bucket: number): number {
  if (bucket < EXACT) return bucket;
  const offset = bucket - EXACT;
  const exponent = Math.floor(offset / SUB_BUCKETS) + EXACT_BITS;
  const sub = (offset % SUB_BUCKETS) + SUB_BUCKETS;
  return (sub + 1) * 2 ** (exponent - SUB_BITS) - 1;
}
