/**
 * The loss chart posted when a job completes: training loss per step (thin), its exponential moving
 * average (thick), validation loss per epoch (points joined by a line) and a dashed rule at each
 * epoch boundary, with axis titles and a legend. Vega-Lite compiles the spec, Vega's headless view
 * writes SVG (`renderer: 'none'`, `toSVG()`: no canvas, no browser) and ./rasterize.ts turns it into
 * a PNG with the shipped font.
 *
 * Text is emoji-free on purpose: the one shipped font has no emoji, and resvg would draw nothing
 * (or a box) in their place.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import {
  epochBoundaries,
  exponentialMovingAverage,
  type LossCurves,
  validationSteps,
} from '../core/evaluation/loss-curves.js';
import { CHART_FONT_FAMILY, type RasterImage, rasterize } from './rasterize.js';

/** Weight of the moving average: about the last ten steps (see exponentialMovingAverage). */
export const SMOOTHING_WEIGHT = 0.9;

export const SERIES = {
  training: 'Training loss (per step)',
  smoothed: `Training loss, moving average (EMA, weight ${SMOOTHING_WEIGHT})`,
  validation: 'Validation loss (per epoch)',
} as const;

const COLORS = { training: '#9ecae1', smoothed: '#08519c', validation: '#d94801', boundary: '#888888' };

export interface LossChartOptions {
  /** First line of the title, e.g. the custom model's name. */
  title?: string;
  /** Size of the plotting area in CSS pixels (the PNG is `scale` times larger). */
  width?: number;
  height?: number;
  /** Pixel density of the PNG: 2 keeps text sharp on high-density screens. */
  scale?: number;
}

/** Pictographs and the joiners and selectors that build them: the shipped font has none of them. */
const EMOJI = /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u200d|\ufe0e|\ufe0f/gu;

export function withoutEmoji(text: string): string {
  return text
    .replace(EMOJI, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The Vega-Lite spec, exported so tests can read what is drawn without rendering. */
export function lossChartSpec(curves: LossCurves, options: LossChartOptions = {}): TopLevelSpec {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const title = withoutEmoji(options.title ?? 'Loss during tuning');
  const subtitle = curves.notes.map(withoutEmoji);
  const smoothed = exponentialMovingAverage(
    curves.training.map((point) => point.loss),
    SMOOTHING_WEIGHT,
  );
  const validationAt = validationSteps(curves);
  const rows = [
    ...curves.training.map((point) => ({ step: point.step, loss: point.loss, series: SERIES.training })),
    ...curves.training.map((point, index) => ({
      step: point.step,
      loss: smoothed[index] as number,
      series: SERIES.smoothed,
    })),
    ...curves.validation.map((point, index) => ({
      step: validationAt[index] as number,
      loss: point.loss,
      series: SERIES.validation,
    })),
  ];
  const config = {
    font: CHART_FONT_FAMILY,
    background: '#ffffff',
    view: { stroke: null },
    title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555555', anchor: 'start' as const },
  };
  if (rows.length === 0) {
    // Nothing to plot: the chart says so in words, so a post never shows an empty frame.
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width,
      height: 60,
      title: { text: title },
      data: {
        values: (subtitle.length > 0 ? subtitle : ['No loss values were found.']).map((line) => ({ line })),
      },
      mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 13, color: '#333333' },
      encoding: {
        text: { field: 'line', type: 'nominal' },
        y: { field: 'line', type: 'nominal', axis: null, sort: null },
        x: { value: 0 },
      },
      config,
    };
  }
  const presentSeries = [SERIES.training, SERIES.smoothed, SERIES.validation].filter((series) =>
    rows.some((row) => row.series === series),
  );
  const colorOf: Record<string, string> = {
    [SERIES.training]: COLORS.training,
    [SERIES.smoothed]: COLORS.smoothed,
    [SERIES.validation]: COLORS.validation,
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: presentSeries, range: presentSeries.map((series) => colorOf[series] as string) },
    legend: {
      orient: 'bottom' as const,
      direction: 'vertical' as const,
      labelLimit: 400,
      symbolType: 'stroke',
      symbolStrokeWidth: 3,
    },
  };
  const x = { field: 'step', type: 'quantitative' as const, title: 'Step', axis: { tickMinStep: 1 } };
  const y = { field: 'loss', type: 'quantitative' as const, title: 'Loss', scale: { zero: false } };
  const boundaries = epochBoundaries(curves.training);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    title: { text: title, ...(subtitle.length > 0 ? { subtitle } : {}) },
    layer: [
      ...(boundaries.length > 0
        ? [
            {
              data: {
                values: boundaries.map((boundary) => ({
                  step: boundary.step,
                  label: `epoch ${boundary.epoch}`,
                })),
              },
              layer: [
                {
                  mark: { type: 'rule' as const, strokeDash: [4, 4], color: COLORS.boundary },
                  encoding: { x: { field: 'step', type: 'quantitative' as const } },
                },
                {
                  mark: {
                    type: 'text' as const,
                    align: 'left' as const,
                    baseline: 'top' as const,
                    dx: 3,
                    dy: 2,
                    fontSize: 10,
                    color: COLORS.boundary,
                  },
                  encoding: {
                    x: { field: 'step', type: 'quantitative' as const },
                    y: { value: 0 },
                    text: { field: 'label', type: 'nominal' as const },
                  },
                },
              ],
            },
          ]
        : []),
      {
        data: { values: rows },
        layer: [
          {
            transform: [{ filter: { field: 'series', equal: SERIES.training } }],
            mark: { type: 'line' as const, strokeWidth: 1 },
            encoding: { x, y, color },
          },
          {
            transform: [{ filter: { field: 'series', equal: SERIES.smoothed } }],
            mark: { type: 'line' as const, strokeWidth: 2.5 },
            encoding: { x, y, color },
          },
          {
            transform: [{ filter: { field: 'series', equal: SERIES.validation } }],
            mark: { type: 'line' as const, strokeWidth: 2, point: { size: 50, filled: true } },
            encoding: { x, y, color },
          },
        ],
      },
    ],
    resolve: { scale: { x: 'shared' } },
    config,
  };
}

/** The chart as SVG text (Vega's headless renderer). */
export async function lossChartSvg(curves: LossCurves, options: LossChartOptions = {}): Promise<string> {
  const view = new View(parse(compile(lossChartSpec(curves, options)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface LossChart extends RasterImage {
  svg: string;
}

/** The chart as SVG and PNG (`scale` × the SVG's size, 2 by default). */
export async function renderLossChart(
  curves: LossCurves,
  options: LossChartOptions = {},
): Promise<LossChart> {
  const svg = await lossChartSvg(curves, options);
  const widthMatch = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const svgWidth = widthMatch ? Number(widthMatch[1]) : undefined;
  const scale = options.scale ?? 2;
  return { svg, ...rasterize(svg, svgWidth ? { width: Math.round(svgWidth * scale) } : {}) };
}
