/**
 * What every benchmark reports alongside its figures: percentiles, medians with their range, the
 * machine and its load, and the results files (bench/results/<name>.json and a Markdown table,
 * bench/results/<name>.md, which the README links to).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Nearest-rank percentile of unsorted values (p in 0–100); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: percentile(values, 50),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
  };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function roundSpread(value: Spread, digits = 2): Spread {
  return {
    median: round(value.median, digits),
    min: round(value.min, digits),
    max: round(value.max, digits),
    n: value.n,
  };
}

/** "1.23 (1.10–1.41)": a median with its range. */
export function formatSpread(value: Spread, digits = 2): string {
  return `${value.median.toFixed(digits)} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
}

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

export function machine(): Machine {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    loadAverageAtStart: loadavg().map((value) => round(value)),
  };
}

export function finishMachine(value: Machine): Machine {
  return { ...value, loadAverageAtEnd: loadavg().map((load) => round(load)) };
}

export function describeMachine(value: Machine): string {
  const end = value.loadAverageAtEnd ? `, at the end ${value.loadAverageAtEnd.join(' / ')}` : '';
  return `${value.cpus} × ${value.cpuModel}, ${value.memoryGiB} GiB, Node ${value.node}; load average (1 / 5 / 15 min) at the start ${value.loadAverageAtStart.join(' / ')}${end}`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes bench/results/<name>.json and bench/results/<name>.md. */
export function writeResults(name: string, figures: unknown, markdown: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(join(RESULTS, `${name}.md`), `${markdown.trimEnd()}\n`);
}

/** `[a, b, c]` turned `shift` places: round r of an interleaved run starts with a different item. */
export function rotate<T>(items: readonly T[], shift: number): T[] {
  const start = ((shift % items.length) + items.length) % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
