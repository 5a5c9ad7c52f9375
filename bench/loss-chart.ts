/**
 * The loss chart's render time: Vega-Lite compile + Vega's headless SVG, then resvg's PNG, on a
 * realistic job (1,500 steps over 3 epochs with validation), first call in a fresh process (what a
 * cold Lambda pays, module loading included) and the best and median of 10 warm calls. Writes
 * bench/results/loss-chart.json; asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  simulateTraining,
  trainingMetricsCsv,
  validationMetricsCsv,
} from '../src/local/bedrock-emulator/training-metrics.js';

const here = dirname(fileURLToPath(import.meta.url));
const loadAverageAtStart = loadavg().map((value) => Math.round(value * 100) / 100);

const started = performance.now();
const { lossChartSvg } = await import('../src/charts/loss-chart.js');
const { rasterize } = await import('../src/charts/rasterize.js');
const { lossCurvesFromTexts } = await import('../src/core/evaluation/loss-curves.js');
const importMs = performance.now() - started;

const run = simulateTraining({
  seed: 7,
  trainingRecords: 4000,
  batchSize: 8,
  epochs: 3,
  validationRecords: 400,
});
const curves = lossCurvesFromTexts({
  training: trainingMetricsCsv(run.training),
  validation: validationMetricsCsv(run.validation),
});

async function once(): Promise<{
  svgMs: number;
  pngMs: number;
  width: number;
  height: number;
  bytes: number;
}> {
  const t0 = performance.now();
  const svg = await lossChartSvg(curves, { title: 'bench' });
  const t1 = performance.now();
  const width = Math.round(Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]) * 2);
  const image = rasterize(svg, { width });
  const t2 = performance.now();
  return {
    svgMs: t1 - t0,
    pngMs: t2 - t1,
    width: image.width,
    height: image.height,
    bytes: image.png.length,
  };
}

const first = await once();
const warm: { svgMs: number; pngMs: number }[] = [];
for (let index = 0; index < 10; index++) warm.push(await once());
const round = (value: number) => Math.round(value * 10) / 10;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const summary = (values: number[]) => ({
  best: round(sorted(values)[0] ?? 0),
  median: round(sorted(values)[5] ?? 0),
});

const result = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { loadAverageAtStart },
  chart: {
    steps: curves.training.length,
    validationPoints: curves.validation.length,
    png: { width: first.width, height: first.height, bytes: first.bytes },
  },
  firstCall: { importMs: round(importMs), svgMs: round(first.svgMs), pngMs: round(first.pngMs) },
  warm: {
    svgMs: summary(warm.map((item) => item.svgMs)),
    pngMs: summary(warm.map((item) => item.pngMs)),
    totalMs: summary(warm.map((item) => item.svgMs + item.pngMs)),
  },
};
writeFileSync(join(here, 'results', 'loss-chart.json'), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
