/**
 * A progress bar for long work (validating or converting a large file, scoring thousands of pairs),
 * drawn on stderr so that stdout stays the command's result. Drawn only on a terminal: when stderr
 * is piped or captured, or with --json, nothing is written at all, so logs and scripts never see
 * carriage returns. Work that ends within the first redraw interval draws nothing either.
 */
import type { CliIo } from './io.js';

/** Least time between two redraws: five a second at most, and nothing for work shorter than this. */
export const REDRAW_INTERVAL_MS = 200;

export interface Progress {
  /** `done` units of the total: redraws when the last drawing is at least 200 ms old. */
  update(done: number): void;
  /** Clears the bar, so that whatever is printed next starts on a clean line. Safe to call twice. */
  finish(): void;
}

export interface ProgressOptions {
  /** What is being done, e.g. "validating train.jsonl". */
  label: string;
  total: number;
  /** How to show an amount: bytes as "12.3 MB", records as "1,234 pairs". */
  unit: 'bytes' | { one: string; many: string };
  /** True with --json: a script reads the output. */
  quiet?: boolean;
}

const SILENT: Progress = { update: () => {}, finish: () => {} };

function amount(value: number, unit: ProgressOptions['unit']): string {
  if (unit === 'bytes') {
    if (value < 1_000_000) return `${Math.round(value / 1000).toLocaleString('en-US')} kB`;
    return `${(value / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
  }
  return value.toLocaleString('en-US');
}

export function progressBar(io: CliIo, options: ProgressOptions): Progress {
  const columns = io.stderrColumns;
  if (columns === undefined || options.quiet) return SILENT;
  const now = io.now ?? Date.now;
  let lastDraw = now();
  let drawn = false;
  let finished = false;
  const total = Math.max(options.total, 0);
  const totalText = amount(total, options.unit);
  const noun = options.unit === 'bytes' ? '' : ` ${total === 1 ? options.unit.one : options.unit.many}`;
  return {
    update(done) {
      if (finished) return;
      const time = now();
      if (time - lastDraw < REDRAW_INTERVAL_MS) return;
      lastDraw = time;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const figures = ` ${Math.floor(share * 100)
        .toString()
        .padStart(3)}% ${amount(Math.min(done, total), options.unit)} of ${totalText}${noun}`;
      // The label gives way first, then the bar: the line never wraps, or \r would not redraw it.
      const room = Math.max(0, columns - 1 - figures.length);
      const barWidth = Math.min(30, Math.max(0, room - options.label.length - 3));
      const filled = Math.round(share * barWidth);
      const bar = barWidth > 0 ? ` [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]` : '';
      const label = options.label.slice(0, Math.max(0, room - bar.length));
      io.stderr(`\r${`${label}${bar}${figures}`.slice(0, Math.max(1, columns - 1))}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (finished) return;
      finished = true;
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}

/** The chunks of a byte stream, reporting the bytes read so far as they pass. */
export async function* countingBytes(
  source: AsyncIterable<Uint8Array>,
  progress: Progress,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.length;
    progress.update(bytes);
    yield chunk;
  }
}

/** The items of a list, reporting how many have been used once each is done with. */
export function* countingItems<Item>(items: Iterable<Item>, progress: Progress, offset = 0): Generator<Item> {
  let done = offset;
  for (const item of items) {
    yield item;
    done++;
    progress.update(done);
  }
}
