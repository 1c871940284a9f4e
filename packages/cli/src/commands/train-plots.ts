// Plots of `idt train`: loss curves (Vega-Lite lines, log y) and a hybrid fit against its data
// (model lines, data points), rendered to SVG in Node like the time-course plots.
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

const FONT = 'Helvetica, Arial, sans-serif';

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Loss per epoch or iteration, one line per curve, logarithmic y. */
export async function lossPlotSvg(title: string, xTitle: string, curves: Readonly<Record<string, readonly number[]>>): Promise<string> {
  const values: { x: number; loss: number; curve: string }[] = [];
  for (const [curve, ys] of Object.entries(curves)) ys.forEach((loss, k) => { if (loss > 0 && Number.isFinite(loss)) values.push({ x: k + 1, loss, curve }); });
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title, width: 560, height: 300, background: 'white',
    config: { font: FONT },
    data: { values },
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { type: 'log' } },
      color: { field: 'curve', type: 'nominal', title: null },
    },
  });
}

export interface FitSeries {
  readonly name: string;
  readonly model: { readonly t: ArrayLike<number>; readonly v: ArrayLike<number> };
  readonly data: { readonly t: ArrayLike<number>; readonly v: ArrayLike<number> };
  /** Optional reference curve (e.g. the mechanistic truth). */
  readonly reference?: { readonly t: ArrayLike<number>; readonly v: ArrayLike<number>; readonly label: string };
}

/** One panel per observed quantity: the fitted model as a line, the data as points. */
export async function fitPlotSvg(title: string, timeTitle: string, series: readonly FitSeries[]): Promise<string> {
  const rows: { t: number; v: number; what: string; series: string }[] = [];
  const push = (s: string, what: string, c: { t: ArrayLike<number>; v: ArrayLike<number> }): void => {
    for (let k = 0; k < c.t.length; k++) if (Number.isFinite(c.v[k]!)) rows.push({ t: c.t[k]!, v: c.v[k]!, what, series: s });
  };
  for (const s of series) {
    push(s.name, 'model', s.model);
    push(s.name, 'data', s.data);
    if (s.reference) push(s.name, s.reference.label, s.reference);
  }
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title, background: 'white',
    config: { font: FONT },
    data: { values: rows },
    facet: { row: { field: 'series', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 560, height: 180,
      layer: [
        { transform: [{ filter: "datum.what !== 'data'" }], mark: { type: 'line' }, encoding: { x: { field: 't', type: 'quantitative', title: timeTitle }, y: { field: 'v', type: 'quantitative', title: null }, color: { field: 'what', type: 'nominal', title: null }, strokeDash: { field: 'what', type: 'nominal', title: null } } },
        { transform: [{ filter: "datum.what === 'data'" }], mark: { type: 'point', filled: true, size: 28 }, encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' }, color: { field: 'what', type: 'nominal', title: null } } },
      ],
    },
  } as TopLevelSpec);
}
