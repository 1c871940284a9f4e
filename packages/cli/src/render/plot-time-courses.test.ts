import { beforeAll, describe, expect, it } from 'vitest';
import { renderTimeCourses, type TimeCourseInput, type TimeCourseSeries } from './plot-time-courses.js';
import { findElements, parseSvg, svgSize, svgTexts, type SvgElement } from './svg-check.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function timeGrid(n: number, end: number): Float64Array {
  return new Float64Array(n).map((_, i) => (i * end) / (n - 1));
}

/** A small sepsis-like run: pathogen, two cytokines, a unitless damage score. */
function sepsisRun(n = 500): TimeCourseInput {
  const time = timeGrid(n, 72);
  return {
    title: 'Sepsis twin: baseline',
    timeUnits: 'h',
    time,
    series: [
      { name: 'P', units: '1e6 cells/mL', values: time.map((t) => 1e-3 * Math.exp(0.3 * t) / (1 + 2e-5 * Math.exp(0.3 * t))) },
      { name: 'IL6', units: 'pg/mL', values: time.map((t) => 5 + 300 * Math.exp(-((t - 20) ** 2) / 50)) },
      { name: 'TNF', units: 'pg/mL', values: time.map((t) => 2 + 80 * Math.exp(-((t - 12) ** 2) / 30)) },
      { name: 'damage', values: time.map((t) => t / 72) },
    ],
  };
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The `d` of every drawn line, one per series (Vega tags line paths with `aria-roledescription`). */
function linePaths(root: SvgElement): string[] {
  return findElements(root, 'path')
    .filter((path) => path.attributes['aria-roledescription'] === 'line mark')
    .map((path) => path.attributes.d ?? '');
}

describe('renderTimeCourses, SVG, one panel per units', () => {
  let root: SvgElement;
  let texts: string[];

  beforeAll(async () => {
    const svg = await renderTimeCourses(sepsisRun(), { format: 'svg', width: 900, height: 700 });
    expect(typeof svg).toBe('string');
    root = parseSvg(svg as string);
    texts = svgTexts(root);
  });

  it('is well-formed SVG of the requested size', () => {
    expect(svgSize(root)).toEqual({ width: 900, height: 700 });
  });

  it('has the title', () => {
    expect(texts).toContain('Sepsis twin: baseline');
  });

  it('titles axes with names and units', () => {
    expect(texts).toContain('time (h)');
    expect(texts).toContain('P (1e6 cells/mL)');
    expect(texts).toContain('IL6, TNF (pg/mL)');
    expect(texts).toContain('damage');
  });

  it('names every series in a legend', () => {
    for (const name of ['P', 'IL6', 'TNF', 'damage']) expect(texts).toContain(name);
  });

  it('draws one line per series', () => {
    expect(linePaths(root)).toHaveLength(4);
  });

  it('leaves out the labels Vega hid', () => {
    expect(findElements(root, 'text').filter((t) => t.attributes.opacity === '0')).toEqual([]);
  });
});

describe('renderTimeCourses, options', () => {
  it('puts everything in one panel with `single`', async () => {
    const svg = (await renderTimeCourses(sepsisRun(), { format: 'svg', panels: 'single' })) as string;
    const texts = svgTexts(parseSvg(svg));
    // Units differ, so the axis says "value" and the legend carries the units.
    expect(texts).toContain('value');
    expect(texts).toContain('P (1e6 cells/mL)');
    expect(texts).toContain('IL6 (pg/mL)');
    expect(texts.filter((t) => t === 'time (h)')).toHaveLength(1);
  });

  it('draws a log y axis for listed panels and turns values ≤ 0 into gaps', async () => {
    const input = sepsisRun();
    const p = input.series[0]!;
    p.values[0] = 0;
    p.values[1] = -1;
    const svg = (await renderTimeCourses(input, { format: 'svg', logY: ['P'] })) as string;
    const root = parseSvg(svg);
    const texts = svgTexts(root);
    expect(texts).toContain('P (1e6 cells/mL) [log]');
    expect(texts).toContain('IL6, TNF (pg/mL)');
    // Decade labels on the log axis (d3 formats 1e-3 as 0.001).
    expect(texts).toContain('0.001');
    expect(texts).toContain('10');
    for (const d of linePaths(root)) expect(d).not.toMatch(/NaN|Infinity/);
  });

  it('breaks lines at non-finite values', async () => {
    const input = sepsisRun(200);
    input.series[1]!.values.fill(Number.NaN, 80, 90);
    const svg = (await renderTimeCourses(input, { format: 'svg' })) as string;
    const il6 = linePaths(parseSvg(svg)).find((d) => (d.match(/M/g) ?? []).length > 1);
    expect(il6).toBeDefined();
  });

  it('groups series by `group` over units', async () => {
    const input = sepsisRun();
    for (const s of input.series.slice(1, 3)) s.group = 'cytokines';
    const texts = svgTexts(parseSvg((await renderTimeCourses(input, { format: 'svg' })) as string));
    expect(texts).toContain('cytokines (pg/mL)');
  });

  it('renders an empty input as an empty panel', async () => {
    const input: TimeCourseInput = { title: 'Nothing yet', time: timeGrid(2, 1), series: [] };
    const root = parseSvg((await renderTimeCourses(input, { format: 'svg' })) as string);
    expect(svgTexts(root)).toContain('Nothing yet');
    expect(svgSize(root).width).toBe(800);
  });

  it('keeps hostile names as text', async () => {
    const names = ['<script>alert(1)</script>', '"/><g onload="x', 'a & b &amp; c'];
    const input: TimeCourseInput = {
      title: '<b>title</b> & "quotes"',
      timeUnits: 'h<i>',
      time: timeGrid(3, 2),
      series: names.map((name, k) => ({ name, units: 'u', values: new Float64Array([k, k + 1, k]) })),
    };
    const root = parseSvg((await renderTimeCourses(input, { format: 'svg', width: 1000 })) as string);
    const texts = svgTexts(root);
    expect(texts).toEqual(expect.arrayContaining([...names, '<b>title</b> & "quotes"', 'time (h<i>)']));
    expect(findElements(root, 'script')).toEqual([]);
    expect(findElements(root, 'g').filter((g) => 'onload' in g.attributes)).toEqual([]);
  });

  it('refuses a series whose length differs from the time grid', async () => {
    const input = sepsisRun(10);
    input.series[0]!.values = new Float64Array(9);
    await expect(renderTimeCourses(input, { format: 'svg' })).rejects.toThrow(RangeError);
  });
});

describe('renderTimeCourses, PNG', () => {
  it('starts with the PNG signature and has the requested size', async () => {
    const png = await renderTimeCourses(sepsisRun(), { format: 'png', width: 640, height: 480 });
    expect(png).toBeInstanceOf(Uint8Array);
    const bytes = png as Uint8Array;
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytes)).toEqual({ width: 640, height: 480 });
    // Text and lines make a few tens of kB; a blank or glyph-less image compresses far smaller.
    expect(bytes.length).toBeGreaterThan(15_000);
  });
});

describe('renderTimeCourses, many series and many points', () => {
  const n = 10_000;
  const time = timeGrid(n, 100);
  const series: TimeCourseSeries[] = Array.from({ length: 30 }, (_, k) => ({
    name: `species_${k}`,
    units: ['1e6 cells/mL', 'pg/mL', 'a.u.'][k % 3],
    values: time.map((t) => 1 + k + Math.sin(t / 7 + k) + 0.05 * Math.sin(t * 40)),
  }));
  const input: TimeCourseInput = { title: 'Thirty species, ten thousand points', timeUnits: 'h', time, series };

  it('renders every series, downsampled for display, within seconds', async () => {
    const start = performance.now();
    const svg = (await renderTimeCourses(input, { format: 'svg' })) as string;
    const elapsed = performance.now() - start;
    const root = parseSvg(svg);
    const texts = svgTexts(root);
    for (const s of series) expect(texts).toContain(s.name);
    const paths = linePaths(root);
    expect(paths).toHaveLength(30);
    // Downsampled: far fewer than 10,000 vertices per line.
    for (const d of paths) expect((d.match(/L/g) ?? []).length).toBeLessThan(3000);
    // Generous budget for a loaded 2-core CI machine; typical is about 1 s.
    expect(elapsed).toBeLessThan(15_000);
  });

  it('renders all 30 series in one panel with distinct styles', async () => {
    const png = (await renderTimeCourses(input, { format: 'png', panels: 'single', width: 1000, height: 600 })) as Uint8Array;
    expect(pngSize(png)).toEqual({ width: 1000, height: 600 });
  });
});
