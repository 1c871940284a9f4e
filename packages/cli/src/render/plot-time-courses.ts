// Time-course plots: simulation output → Vega-Lite spec → Vega view in Node → SVG (and PNG via resvg).

import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { downsampleSeries } from './downsample.js';
import { svgToPng } from './rasterize.js';

/** One simulated quantity over the shared time grid. */
export interface TimeCourseSeries {
  name: string;
  /** Display units, e.g. `1e6 cells/mL`; series with the same units share a panel by default. */
  units?: string;
  /** One value per time point; non-finite values are drawn as gaps. */
  values: Float64Array;
  /** Overrides units as the panel key: series with the same group share a panel. */
  group?: string;
}

/** What to plot: a shared time grid and the series sampled on it. */
export interface TimeCourseInput {
  title: string;
  timeUnits?: string;
  time: Float64Array;
  series: TimeCourseSeries[];
}

/** How to plot it. */
export interface TimeCourseOptions {
  format: 'svg' | 'png';
  /** `by-units` (default): one panel per units (or group); `single`: everything in one panel. */
  panels?: 'by-units' | 'single';
  /** Whole image width in pixels (default 800). */
  width?: number;
  /** Whole image height in pixels (default grows with the number of panels). */
  height?: number;
  /**
   * Log-scale y: `true` for every panel, or a list of panel keys (units or group), unit strings
   * or series names; a panel is logarithmic when any of its keys, units or series names is listed.
   * Values ≤ 0 cannot be drawn on a log axis and become gaps.
   */
  logY?: boolean | string[];
  /**
   * Series longer than this are downsampled (LTTB) for display. Default: two points per
   * horizontal pixel of the plot area, at least 1000; `Infinity` turns it off.
   */
  maxPointsPerSeries?: number;
}

/** A plotting panel: the series that share one y axis. */
interface Panel {
  key: string;
  yTitle: string;
  log: boolean;
  /** Legend labels, unique within the panel, in input order. */
  labels: string[];
  series: TimeCourseSeries[];
}

/** Plot-area sizes in pixels: one width shared by all panels, one height per panel. */
interface PanelSizes {
  width: number;
  heights: number[];
}

/** One drawn point; `v` null breaks the line. */
interface PlotRow {
  t: number;
  v: number | null;
  s: string;
}

/** Layout constants (pixels); named so the size estimate below can be read. */
const DEFAULT_WIDTH = 800;
const PANEL_HEIGHT_DEFAULT = 200;
const PANEL_HEIGHT_MIN = 60;
const PANEL_WIDTH_MIN = 120;
const CONCAT_SPACING = 24;
const LEGEND_ROWS_PER_COLUMN = 15;
/**
 * Legend labels longer than this (pixels) end in an ellipsis. Series names should show whole, and
 * headless Vega over-estimates text width (0.8 em per character), so this is generous: about 36
 * characters at 11 px.
 */
const LABEL_LIMIT = 320;
/** Headless Vega's text width estimate per character at the legend's 11 px. */
const LEGEND_CHAR_WIDTH = 0.8 * 11;
/** Layout probes before the full layout; tick counts change with size, so one may not settle it. */
const SIZE_PASSES = 3;
/** LTTB keeps the look of a line at two points per pixel; below this many points, never reduce. */
const POINTS_PER_PIXEL = 2;
const MIN_DOWNSAMPLED_POINTS = 1000;
/** Longest y-axis title before the series names are replaced by a generic word. */
const Y_TITLE_NAMES_MAX = 36;

/** Tableau 10: distinct, colour-blind-aware, readable on white. */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];
/** Dash patterns that extend the palette past ten series in a panel (10 × 5 distinct styles). */
const DASHES: number[][] = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4]];

/** Viewers use Helvetica or Arial; the PNG rasterizer maps these to the metric-compatible Arimo. */
const FONT = 'Helvetica, Arial, sans-serif';

/**
 * Renders time courses to SVG text or PNG bytes.
 *
 * Throws `RangeError` when a series' length differs from the time grid's: that is a caller bug,
 * not a user error.
 */
export async function renderTimeCourses(
  input: TimeCourseInput,
  options: TimeCourseOptions,
): Promise<string | Uint8Array> {
  const svg = await renderTimeCoursesSvg(input, options);
  if (options.format === 'svg') return svg;
  return svgToPng(svg, { width: svgSize(svg).width });
}

async function renderTimeCoursesSvg(input: TimeCourseInput, options: TimeCourseOptions): Promise<string> {
  for (const s of input.series) {
    if (s.values.length !== input.time.length) {
      throw new RangeError(
        `series "${s.name}" has ${s.values.length} values for ${input.time.length} time points`,
      );
    }
  }
  const panels = buildPanels(input, options);
  const width = Math.round(options.width ?? DEFAULT_WIDTH);
  const height = Math.round(options.height ?? defaultHeight(panels.length));

  let size = estimatePanelSize(panels, width, height);
  const maxPoints = options.maxPointsPerSeries ?? Math.max(MIN_DOWNSAMPLED_POINTS, POINTS_PER_PIXEL * size.width);
  const datasets = panels.map((panel) => panelRows(panel, input.time, maxPoints));

  // Axis and legend extents depend on tick labels that only Vega knows, so the size of the whole
  // image is measured on a layout of each series' extreme points alone (same domains, hence the
  // same ticks and legends) and the panels are resized until it matches; only then is the full
  // data laid out, once. A full layout is the expensive step (~0.4 s for 30 × 1200 points).
  const extremes = datasets.map(extremeRows);
  for (let pass = 0; pass < SIZE_PASSES; pass++) {
    const probe = await layoutView(buildSpec(input, panels, size), extremes);
    const natural = viewSize(probe);
    probe.finalize();
    const dw = width - natural.width;
    const dh = height - natural.height;
    if (dw === 0 && dh === 0) break;
    size = {
      width: Math.max(PANEL_WIDTH_MIN, size.width + dw),
      // Spread the height error over the panels; the first takes the remainder.
      heights: size.heights.map((h, i) =>
        Math.max(PANEL_HEIGHT_MIN, h + Math.trunc(dh / panels.length) + (i === 0 ? dh % panels.length : 0)),
      ),
    };
  }
  const view = await layoutView(buildSpec(input, panels, size), datasets);
  const svg = await view.toSVG();
  view.finalize();
  return fitSvgToSize(withoutHiddenText(svg), width, height);
}

/** Groups series into panels and decides titles, labels and scales. */
function buildPanels(input: TimeCourseInput, options: TimeCourseOptions): Panel[] {
  const byKey = new Map<string, TimeCourseSeries[]>();
  for (const s of input.series) {
    const key = options.panels === 'single' ? '' : (s.group ?? s.units ?? '');
    let list = byKey.get(key);
    if (list === undefined) byKey.set(key, (list = []));
    list.push(s);
  }
  // No series still gets one (empty) panel: a frame with axes, not a bare title stretched to size.
  if (byKey.size === 0) byKey.set('', []);
  const logList = Array.isArray(options.logY) ? new Set(options.logY) : undefined;
  return [...byKey].map(([key, series]) => {
    const units = [...new Set(series.map((s) => s.units ?? ''))];
    const mixedUnits = units.length > 1;
    const log =
      options.logY === true ||
      (logList !== undefined &&
        (logList.has(key) || units.some((u) => logList.has(u)) || series.some((s) => logList.has(s.name))));
    return {
      key,
      yTitle: yAxisTitle(key, series, units, options.panels === 'single') + (log ? ' [log]' : ''),
      log,
      labels: uniqueLabels(series.map((s) => (mixedUnits && s.units ? `${s.name} (${s.units})` : s.name))),
      series,
    };
  });
}

/** "P (1e6 cells/mL)", "IL6, TNF (pg/mL)", "cytokines (pg/mL)", or "value" when units differ. */
function yAxisTitle(key: string, series: TimeCourseSeries[], units: string[], single: boolean): string {
  const isGroup = !single && series[0]?.group !== undefined;
  const names = series.map((s) => s.name).join(', ');
  const what = isGroup && key !== '' ? key : names.length <= Y_TITLE_NAMES_MAX ? names : 'value';
  if (units.length !== 1) return what === names ? 'value' : what;
  return units[0] === '' ? what : `${what} (${units[0]})`;
}

/** Makes legend labels unique within a panel (a colour scale's domain must be). */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} #${count}`;
  });
}

function defaultHeight(panelCount: number): number {
  return Math.max(320, 80 + panelCount * (PANEL_HEIGHT_DEFAULT + CONCAT_SPACING + 20));
}

/** First guess at the plot-area size from the whole-image size; corrected after one layout. */
function estimatePanelSize(panels: Panel[], width: number, height: number): PanelSizes {
  const longestLabel = Math.max(0, ...panels.flatMap((p) => p.labels.map((l) => l.length)));
  const columns = Math.max(1, ...panels.map((p) => Math.ceil(p.labels.length / LEGEND_ROWS_PER_COLUMN)));
  const legendWidth = columns * (Math.min(LABEL_LIMIT, longestLabel * LEGEND_CHAR_WIDTH) + 30);
  const yAxisWidth = 70;
  const chrome = { width: yAxisWidth + legendWidth + 20, height: 50 + panels.length * (CONCAT_SPACING + 20) };
  return {
    width: Math.max(PANEL_WIDTH_MIN, width - chrome.width),
    heights: panels.map(() => Math.max(PANEL_HEIGHT_MIN, Math.floor((height - chrome.height) / panels.length))),
  };
}

/** Long-format rows for one panel, downsampled for display and with undrawable values as gaps. */
function panelRows(panel: Panel, time: Float64Array, maxPoints: number): PlotRow[] {
  const rows: PlotRow[] = [];
  panel.series.forEach((s, k) => {
    const label = panel.labels[k]!;
    const reduced = downsampleSeries(time, s.values, maxPoints);
    for (let i = 0; i < reduced.time.length; i++) {
      const v = reduced.values[i]!;
      const drawable = Number.isFinite(v) && (!panel.log || v > 0);
      rows.push({ t: reduced.time[i]!, v: drawable ? v : null, s: label });
    }
  });
  return rows;
}

/** Per series, the rows that set the scale domains: first and last time, least and greatest value. */
function extremeRows(rows: PlotRow[]): PlotRow[] {
  const picks = new Map<string, PlotRow[]>();
  for (const row of rows) {
    const p = picks.get(row.s);
    if (p === undefined) {
      picks.set(row.s, [row, row, row, row]);
      continue;
    }
    // [first, last, min, max]; null values never become min or max.
    p[1] = row;
    if (row.v !== null) {
      if (p[2]!.v === null || row.v < p[2]!.v) p[2] = row;
      if (p[3]!.v === null || row.v > p[3]!.v) p[3] = row;
    }
  }
  return [...picks.values()].flatMap((p) => [...new Set(p)]);
}

function datasetName(index: number): string {
  return `panel_${index}`;
}

/** The Vega-Lite spec: a vertical concatenation of line charts with a shared time axis. */
function buildSpec(
  input: TimeCourseInput,
  panels: Panel[],
  size: PanelSizes,
): TopLevelSpec {
  const timeTitle = input.timeUnits ? `time (${input.timeUnits})` : 'time';
  const views = panels.map((panel, index) => {
    const many = panel.labels.length > PALETTE.length;
    const legend = {
      title: null,
      columns: Math.ceil(panel.labels.length / LEGEND_ROWS_PER_COLUMN),
      labelLimit: LABEL_LIMIT,
      symbolStrokeWidth: 2.5,
      symbolSize: many ? 300 : 200,
    };
    return {
      // Named data, filled with view.data(): no JSON round trip and no automatic type parsing.
      data: { name: datasetName(index), format: { parse: null } },
      width: size.width,
      height: size.heights[index]!,
      mark: { type: 'line' as const, strokeWidth: 1.75, invalid: 'break-paths-filter-domains' as const, clip: true },
      encoding: {
        x: {
          field: 't',
          type: 'quantitative' as const,
          title: index === panels.length - 1 ? timeTitle : null,
          scale: { nice: false, zero: false },
        },
        y: {
          field: 'v',
          type: 'quantitative' as const,
          title: panel.yTitle,
          scale: panel.log ? { type: 'log' as const } : { zero: false },
          // Few log ticks make d3 label whole decades only, instead of 1, 2, 5 in every decade.
          axis: panel.log ? { tickCount: 4 } : {},
        },
        color: {
          field: 's',
          type: 'nominal' as const,
          scale: { domain: panel.labels, range: panel.labels.map((_, i) => PALETTE[i % PALETTE.length]!) },
          legend,
        },
        ...(many
          ? {
              strokeDash: {
                field: 's',
                type: 'nominal' as const,
                scale: {
                  domain: panel.labels,
                  range: panel.labels.map((_, i) => DASHES[Math.floor(i / PALETTE.length) % DASHES.length]!),
                },
                legend,
              },
            }
          : {}),
      },
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: input.title, anchor: 'start', fontSize: 16, offset: 12 },
    background: 'white',
    padding: 8,
    spacing: CONCAT_SPACING,
    vconcat: views,
    resolve: {
      scale: { x: 'shared', color: 'independent', strokeDash: 'independent' },
      legend: { color: 'independent', strokeDash: 'independent' },
    },
    config: {
      font: FONT,
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', labelLimit: 120 },
      legend: { labelFontSize: 11, orient: 'right' },
      view: { stroke: '#cccccc' },
    },
  } as TopLevelSpec;
}

async function layoutView(spec: TopLevelSpec, datasets: PlotRow[][]): Promise<vega.View> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  datasets.forEach((rows, index) => view.data(datasetName(index), rows));
  await view.runAsync();
  return view;
}

/**
 * The whole image size Vega draws with `autosize: pad`: the root group's size, what its bounds
 * stick out on each side (rounded up, as vega-view-transforms' `viewSizeLayout` does), and padding.
 */
function viewSize(view: vega.View): { width: number; height: number } {
  // `scenegraph()` is public API but its item type is not exported in Vega's typings.
  const bounds = (view.scenegraph() as unknown as { root: { bounds: vega.Bounds } }).root.bounds;
  const padding = view.padding() as { left: number; right: number; top: number; bottom: number };
  const width = Math.max(0, view.width());
  const height = Math.max(0, view.height());
  const outside = (low: number, high: number, size: number) =>
    Math.max(0, Math.ceil(-low)) + Math.max(0, Math.ceil(high - size));
  return {
    width: width + outside(bounds.x1, bounds.x2, width) + padding.left + padding.right,
    height: height + outside(bounds.y1, bounds.y2, height) + padding.top + padding.bottom,
  };
}

/** A `<text>` that Vega hid (overlapping axis labels get `opacity="0"`); its content has no `<`. */
const HIDDEN_TEXT = /<text\b[^>]*\sopacity="0"[^>]*>[^<]*<\/text>/g;

/**
 * Drops text Vega drew invisible. It shows nothing, confuses text search, and resvg 2.6 aborts the
 * whole process (a Rust panic in its layer code, not an exception) on an `opacity="0"` element
 * lying wholly outside the canvas, which happens as soon as an SVG is cropped or zoomed.
 */
function withoutHiddenText(svg: string): string {
  return svg.replace(HIDDEN_TEXT, '');
}

const SVG_OPEN_TAG = /^<svg\b[^>]*>/;

/** Width and height attributes of the root element. */
function svgSize(svg: string): { width: number; height: number } {
  const open = SVG_OPEN_TAG.exec(svg)?.[0] ?? '';
  return {
    width: Number(/\swidth="([\d.]+)"/.exec(open)?.[1] ?? DEFAULT_WIDTH),
    height: Number(/\sheight="([\d.]+)"/.exec(open)?.[1] ?? 0),
  };
}

/**
 * Sets the root's width and height to exactly the requested size, keeping Vega's viewBox, so a
 * residual pixel or two of layout error is absorbed by scaling instead of changing the image size.
 */
function fitSvgToSize(svg: string, width: number, height: number): string {
  return svg.replace(SVG_OPEN_TAG, (open) =>
    open.replace(/\swidth="[^"]*"/, ` width="${width}"`).replace(/\sheight="[^"]*"/, ` height="${height}"`),
  );
}
