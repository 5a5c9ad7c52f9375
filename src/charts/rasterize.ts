/**
 * SVG → PNG with resvg (Rust, through @resvg/resvg-js), using only the font shipped in ./fonts.
 *
 * Why a shipped font: resvg draws text only with fonts it has loaded, and a Lambda image has no
 * system fonts, so with `loadSystemFonts` left on every label silently disappears there while
 * looking fine on a laptop. Loading exactly one known file (and never the system's) makes the PNG
 * the same everywhere, and the tests can prove text is drawn.
 *
 * @resvg/resvg-js is a native module: scripts/build.ts leaves it out of the bundle and ships it with
 * its Linux platform package beside the bundle (see NATIVE_PACKAGES there). The font file is named
 * with a literal `new URL` relative to this module, so the build copies it next to the bundle.
 */
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/** The family name inside DejaVuSans.ttf; the SVG asks for it by name. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

export const CHART_FONT_FILE = fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url));

export interface RasterImage {
  png: Uint8Array;
  width: number;
  height: number;
  /** Straight RGBA bytes, row by row (tests look at them; callers usually only need `png`). */
  pixels: Uint8Array;
}

export interface RasterizeOptions {
  /** Output width in pixels; the height keeps the SVG's aspect ratio. Default: the SVG's width. */
  width?: number;
  /** Painted under the drawing; charts are posted on Slack's light and dark themes alike. */
  background?: string;
}

export function rasterize(svg: string, options: RasterizeOptions = {}): RasterImage {
  const renderer = new Resvg(svg, {
    background: options.background ?? '#ffffff',
    ...(options.width ? { fitTo: { mode: 'width' as const, value: options.width } } : {}),
    font: {
      loadSystemFonts: false,
      fontFiles: [CHART_FONT_FILE],
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  const image = renderer.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}

/** Width and height from a PNG's IHDR chunk, checking the signature; for tests and sanity checks. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((byte, index) => png[index] !== byte)) {
    throw new RangeError('not a PNG');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') throw new RangeError('PNG without IHDR first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
