import { describe, expect, it } from 'vitest';
import { svgToPng } from './rasterize.js';

const page = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">${body}</svg>`;

describe('svgToPng', () => {
  it('draws text with the bundled fonts, whatever family the SVG names', async () => {
    // Without a usable font resvg silently drops text, leaving a blank page that compresses to a
    // few hundred bytes; drawn glyphs make the image several times larger.
    const blank = await svgToPng(page(''));
    for (const family of ['sans-serif', 'Helvetica,Arial,sans-serif', 'NoSuchFont']) {
      const text = await svgToPng(page(`<text x="4" y="28" font-family="${family}" font-size="20">IL-6 α → µM</text>`));
      expect(text.length, family).toBeGreaterThan(blank.length * 3);
    }
  });

  it('scales to the requested width', async () => {
    const png = await svgToPng(page(''), { width: 400 });
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([400, 80]);
  });
});
