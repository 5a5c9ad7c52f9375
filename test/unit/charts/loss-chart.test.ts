/**
 * The loss chart rendered for real: Vega's headless SVG, then resvg with the shipped font. What is
 * checked is what a reader of the PNG needs: both curves, the axis titles, and text that is drawn
 * at all (resvg draws no text, silently, when it has no font).
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { lossChartSvg, renderLossChart, SERIES, withoutEmoji } from '../../../src/charts/loss-chart.js';
import { CHART_FONT_FAMILY, pngSize, rasterize } from '../../../src/charts/rasterize.js';
import { lossCurvesFromTexts } from '../../../src/core/evaluation/loss-curves.js';

function csv(lossColumn: string, rows: [number, number, number][]): string {
  return `step_number,epoch_number,${lossColumn},perplexity\n${rows.map((row) => `${row.join(',')},1`).join('\n')}\n`;
}

const training = Array.from({ length: 60 }, (_, step): [number, number, number] => [
  step,
  Math.floor(step / 20) + 1,
  2 * Math.exp(-step / 20) + 0.3 + (step % 3) * 0.02,
]);
const curves = lossCurvesFromTexts({
  training: csv('training_loss', training),
  validation: csv('validation_loss', [
    [19, 1, 1.1],
    [39, 2, 0.7],
    [59, 3, 0.55],
  ]),
});

/** Pixels clearly darker than the white background: text, lines, axes. */
function darkPixels(pixels: Uint8Array): number {
  let count = 0;
  for (let index = 0; index < pixels.length; index += 4) {
    const luminance = ((pixels[index] ?? 255) + (pixels[index + 1] ?? 255) + (pixels[index + 2] ?? 255)) / 3;
    if (luminance < 128) count++;
  }
  return count;
}

describe('the loss chart', () => {
  it('renders a PNG twice the size of its SVG, both series, epoch rules and axis titles in it', async () => {
    // Act
    const chart = await renderLossChart(curves, { title: 'support-desk' });

    // Assess
    const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(chart.svg)?.[1]);
    const svgHeight = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(chart.svg)?.[1]);
    expect(pngSize(chart.png)).toEqual({
      width: Math.round(svgWidth * 2),
      height: Math.round(svgHeight * 2),
    });
    expect(chart.width).toBe(Math.round(svgWidth * 2));
    for (const text of [
      SERIES.training,
      SERIES.smoothed,
      SERIES.validation,
      'Step',
      'Loss',
      'epoch 2',
      'epoch 3',
    ]) {
      expect(chart.svg).toContain(`>${text}</text>`);
    }
    // One path per series, in its own colour: training, its moving average, validation.
    for (const colour of ['#9ecae1', '#08519c', '#d94801']) expect(chart.svg).toContain(`stroke="${colour}"`);
    expect(chart.svg).toContain(`font-family="${CHART_FONT_FAMILY}"`);
    expect(darkPixels(chart.pixels)).toBeGreaterThan(1000);
  });

  it('states why a curve is missing under the title', async () => {
    const svg = await lossChartSvg(lossCurvesFromTexts({ training: csv('training_loss', training) }));
    expect(svg).toContain('>No validation loss: the job had no validation data.</text>');
    expect(svg).not.toContain(SERIES.validation);
  });

  it('draws text with the shipped font: a text-only chart is not blank, and would be without the font', async () => {
    // Prepare: no curve at all, so the only ink is text.
    const svg = await lossChartSvg(lossCurvesFromTexts({}), { title: 'Nothing to plot' });
    expect(svg).not.toMatch(/mark-(line|rule|symbol)/);

    // Act
    const withFont = rasterize(svg);
    // What Lambda would draw without a shipped font: resvg with no font at all.
    const noFont = new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: false } }).render();

    // Assess
    expect(darkPixels(withFont.pixels)).toBeGreaterThan(500);
    expect(darkPixels(noFont.pixels)).toBe(0);
  });

  it('keeps emoji out of the text: the font has none', () => {
    expect(withoutEmoji('tuned 🚀 model ✅ v2 👩‍💻')).toBe('tuned model v2');
  });

  it('rejects bytes that are not a PNG', () => {
    expect(() => pngSize(new Uint8Array([1, 2, 3]))).toThrow(RangeError);
  });
});
