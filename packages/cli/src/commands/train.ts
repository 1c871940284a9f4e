// `idt train <model> --data file.csv`: fit a model's surrogates to data (supervised on tabular
// samples, or hybrid on time series of the whole model) and write their weights files, with a
// training report, loss curves and, for hybrid fits, a plot of the fit against the data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin } from '@idt/runtime';
import { Workspace } from '@idt/lang';
import { ModelCompileError, trainModel, TrainingDataError, type TrainReport } from '@idt/train';
import { ModelError, UsageError } from '../errors.js';
import { compileOrExplain, parseAssignments, parsePositive, requireFile } from '../load-model.js';
import { terminal } from '../terminal.js';
import { version } from '../version.js';

export interface TrainCommandOptions {
  data?: string;
  surrogate: string[];
  map: string[];
  mode?: 'auto' | 'supervised' | 'hybrid';
  timeColumn?: string;
  seed?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  validationSplit?: string;
  patience?: string;
  backend?: 'cpu' | 'wasm';
  fit?: string;
  set: string[];
  adamIterations?: string;
  iterations?: string;
  rtol?: string;
  atol?: string;
  outputScale?: string;
  l2?: string;
  residualScaling?: 'std' | 'none';
  report?: string;
  plot?: string;
  fitPlot?: string;
  quiet?: boolean;
}

function parseMap(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const m = /^\s*([A-Za-z_][\w.]*)\s*=\s*(.+?)\s*$/.exec(item);
    if (!m) throw new UsageError(`--map expects name=column, got '${item}' (example: --map IL6=il6_pg_per_ml)`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

function nonNegativeInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new UsageError(`${flag} must be a whole number >= 0, got '${v}'`);
  return x;
}

export async function runTrain(model: string, opts: TrainCommandOptions): Promise<number> {
  requireFile(model);
  if (!opts.data) throw new UsageError('--data <file.csv> is required: the samples or time series to train on');
  requireFile(opts.data, 'data');
  for (const [flag, file] of [['--plot', opts.plot], ['--fit-plot', opts.fitPlot]] as const) {
    if (file && !/\.svg$/i.test(file)) throw new UsageError(`${flag} must name an .svg file, got '${file}'`);
  }
  const split = opts.validationSplit !== undefined ? Number(opts.validationSplit) : undefined;
  if (split !== undefined && !(split >= 0 && split < 1)) throw new UsageError(`--validation-split must be in [0, 1), got '${opts.validationSplit}'`);
  const quiet = opts.quiet === true;
  let result;
  try {
    result = await trainModel({
      model, data: opts.data,
      surrogates: opts.surrogate,
      map: parseMap(opts.map),
      ...(opts.mode ? { mode: opts.mode } : {}),
      ...(opts.timeColumn ? { timeColumn: opts.timeColumn } : {}),
      ...(opts.seed !== undefined ? { seed: nonNegativeInt(opts.seed, '--seed')! } : {}),
      ...(opts.epochs !== undefined ? { epochs: parsePositive(opts.epochs, '--epochs', true)! } : {}),
      ...(opts.batchSize !== undefined ? { batchSize: parsePositive(opts.batchSize, '--batch-size', true)! } : {}),
      ...(opts.learningRate !== undefined ? { learningRate: parsePositive(opts.learningRate, '--learning-rate')! } : {}),
      ...(split !== undefined ? { validationSplit: split } : {}),
      ...(opts.patience !== undefined ? { patience: nonNegativeInt(opts.patience, '--patience')! } : {}),
      ...(opts.backend ? { backend: opts.backend } : {}),
      ...(opts.fit ? { fit: opts.fit.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(opts.set.length ? { params: parseAssignments(opts.set, '--set') } : {}),
      ...(opts.adamIterations !== undefined ? { adamIterations: nonNegativeInt(opts.adamIterations, '--adam-iterations')! } : {}),
      ...(opts.iterations !== undefined ? { iterations: nonNegativeInt(opts.iterations, '--iterations')! } : {}),
      ...(opts.rtol !== undefined ? { rtol: parsePositive(opts.rtol, '--rtol')! } : {}),
      ...(opts.atol !== undefined ? { atol: parsePositive(opts.atol, '--atol')! } : {}),
      ...(opts.outputScale !== undefined ? { outputScale: parsePositive(opts.outputScale, '--output-scale')! } : {}),
      ...(opts.l2 !== undefined ? { l2: Number(opts.l2) } : {}),
      ...(opts.residualScaling ? { residualScaling: opts.residualScaling } : {}),
      tool: `idt train ${version}`,
      onProgress: (m) => { if (!quiet) terminal.info(m); },
    });
  } catch (e) {
    if (e instanceof TrainingDataError) throw new UsageError(e.message);
    if (e instanceof ModelCompileError) {
      // Show the model's diagnostics exactly as `idt check` would.
      compileOrExplain(model, { quiet: true });
      throw new ModelError(e.message);
    }
    throw e;
  }
  for (const w of result.warnings) terminal.warn(w);
  const report = result.report;
  const display = (f: string) => path.relative(process.cwd(), f) || f;
  if (!quiet) printReport(report, display);
  if (opts.report) {
    fs.mkdirSync(path.dirname(path.resolve(opts.report)), { recursive: true });
    const relTo = (f: string) => path.relative(path.dirname(path.resolve(opts.report!)), f).split(path.sep).join('/');
    fs.writeFileSync(opts.report, JSON.stringify(reportJson(report, relTo), null, 2) + '\n');
    if (!quiet) terminal.info(`wrote ${opts.report}`);
  }
  if (opts.plot) {
    const { lossPlotSvg } = await import('./train-plots.js');
    const svg = report.mode === 'supervised'
      ? await lossPlotSvg(`training of ${report.surrogate}`, 'epoch', { train: report.result.trainLoss, validation: report.result.validationLoss })
      : await lossPlotSvg('hybrid training', 'iteration (Adam, then Levenberg–Marquardt)', { loss: report.result.loss });
    writeFile(opts.plot, svg);
    if (!quiet) terminal.info(`wrote ${opts.plot}`);
  }
  if (opts.fitPlot) {
    if (report.mode !== 'hybrid') throw new UsageError('--fit-plot draws a hybrid fit against its time series; supervised training reports its held-out error instead');
    // The fitted twin as the compiler builds it from the weights just written.
    const compiled = compileFile(model, new Workspace());
    if (!compiled.ir) throw new ModelError('the model does not compile with the trained weights; run idt check');
    const twin = createTwin(twinDefinition(compiled.ir));
    const t0 = Math.min(0, report.times[0]!), tEnd = report.times[report.times.length - 1]!;
    const run = twin.simulate({ t0, tEnd, points: 301, ...(opts.set.length ? { params: parseAssignments(opts.set, '--set') } : {}) });
    const { fitPlotSvg } = await import('./train-plots.js');
    const svg = await fitPlotSvg(`${compiled.ir.name}: fit against ${path.basename(opts.data)}`, `time${compiled.ir.timeUnits ? ` (${compiled.ir.timeUnits})` : ''}`,
      report.observed.map((s) => ({ name: s.name, model: { t: run.time, v: run.values[s.name] ?? new Float64Array(run.time.length).fill(NaN) }, data: { t: report.times, v: s.values } })));
    writeFile(opts.fitPlot, svg);
    if (!quiet) terminal.info(`wrote ${opts.fitPlot}`);
  }
  return 0;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

function printReport(r: TrainReport, display: (f: string) => string): void {
  const g = (x: number) => Number(x.toPrecision(4)).toString();
  if (r.mode === 'supervised') {
    const s = r.result;
    terminal.info(`trained ${r.surrogate} on ${s.trainRows} rows (${s.validationRows} held out) in ${g(s.seconds)} s: ${s.epochsRun} epochs, best at epoch ${s.bestEpoch}`);
    r.outputs.forEach((o, k) => terminal.info(`  held-out error of ${o}: RMSE ${g(s.heldOut.rmse[k]!)} (${g(100 * s.heldOut.relativeRmse[k]!)} % of its spread), max ${g(s.heldOut.maxAbs[k]!)}`));
    terminal.info(`wrote ${display(r.weightsFile)}`);
    return;
  }
  const h = r.result;
  terminal.info(`hybrid fit in ${g(h.seconds)} s: ${h.adamIterations} Adam + ${h.lmIterations} Levenberg–Marquardt iterations, final loss ${g(h.finalLoss)}`);
  for (const [name, v] of Object.entries(h.rmse)) terminal.info(`  RMSE of ${name} on the data: ${g(v)}`);
  for (const [name, v] of Object.entries(h.params)) terminal.info(`  fitted ${name} = ${g(v)}`);
  for (const w of r.weightsFiles) terminal.info(`wrote ${display(w.file)}`);
}

/** The report as JSON, file paths relative to the report (so it can be committed). */
function reportJson(r: TrainReport, rel: (f: string) => string): unknown {
  if (r.mode === 'supervised') return { mode: r.mode, surrogate: r.surrogate, weightsFile: rel(r.weightsFile), ...r.result };
  const { networks, seconds, ...rest } = r.result;
  return {
    mode: r.mode, weightsFiles: r.weightsFiles.map((w) => ({ ...w, file: rel(w.file) })), seconds, ...rest,
    networks: networks.map((n) => ({ surrogate: n.spec.name, inputMin: n.inputMin, inputMax: n.inputMax, outputScale: n.outputScale })),
  };
}
