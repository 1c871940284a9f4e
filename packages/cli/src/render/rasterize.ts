// SVG → PNG with resvg (Rust, shipped as a prebuilt binary inside its npm package), with fonts
// from npm packages so text renders, and renders the same, on every machine.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

/**
 * The family that generic and unknown font names (`sans-serif`, `Helvetica`, `Arial`) become in
 * PNG output. Arimo has Arial's (hence Helvetica's) advance widths, which is what Graphviz sizes
 * node labels with, so labels fit their shapes in the PNG as they do in a browser.
 */
export const RASTER_FONT_FAMILY = 'Arimo';

/** Options for {@link svgToPng}. */
export interface RasterizeOptions {
  /** Output width in pixels; the height follows the SVG's aspect ratio. Default: the SVG's own. */
  width?: number;
  /** Fill behind transparent areas. Default white, since plots are read on any background. */
  background?: string;
}

let fontFiles: string[] | undefined;

/**
 * Font files resolved from installed npm packages: Arimo (regular, bold) for text, DejaVu Sans
 * as glyph fallback for symbols Arimo lacks. System fonts are not loaded: a CI machine may have
 * none, loading them is slow, and bundled fonts keep PNGs identical everywhere.
 */
function bundledFontFiles(): string[] {
  if (fontFiles === undefined) {
    const require = createRequire(import.meta.url);
    const arimo = dirname(require.resolve('@expo-google-fonts/arimo/package.json'));
    const dejavu = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = [
      join(arimo, '400Regular', 'Arimo_400Regular.ttf'),
      join(arimo, '700Bold', 'Arimo_700Bold.ttf'),
      join(dejavu, 'DejaVuSans.ttf'),
      join(dejavu, 'DejaVuSans-Bold.ttf'),
    ];
  }
  return fontFiles;
}

/** Renders an SVG document to PNG bytes off the main thread (resvg's worker pool). */
export async function svgToPng(svg: string, options: RasterizeOptions = {}): Promise<Uint8Array> {
  const resvgOptions: ResvgRenderOptions = {
    background: options.background ?? 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: bundledFontFiles(),
      defaultFontFamily: RASTER_FONT_FAMILY,
      sansSerifFamily: RASTER_FONT_FAMILY,
      serifFamily: RASTER_FONT_FAMILY,
      monospaceFamily: RASTER_FONT_FAMILY,
    },
    fitTo: options.width === undefined ? { mode: 'original' } : { mode: 'width', value: options.width },
    logLevel: 'off',
  };
  const image = await renderAsync(svg, resvgOptions);
  const png = image.asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
