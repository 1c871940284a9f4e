// `idt train` as a library call: read the model and the data, decide the mode, train, write the
// weights files the declarations name, and return a report (the CLI prints and plots it).
//
// Modes: supervised when the data have a column for every input and output of the surrogate
// (tabular samples of the unknown function); hybrid when they have a time column and columns for
// quantities of the model (time series the whole model must reproduce).
import * as path from 'node:path';
import type { Expr, IRModel } from '@idt/compiler';
import { column, readTable, TrainingDataError, type Table } from './csv.js';
import { loadTrainingModel, type SurrogateSpec } from './model-surrogates.js';
import { trainSupervised, type SupervisedResult, type SupervisedSettings } from './supervised.js';
import { trainHybrid, type HybridResult, type ObservedSeries } from './hybrid/fit.js';
import { weightsFileText, writeWeightsFile, type Provenance } from './weights-file.js';

export interface TrainModelOptions extends SupervisedSettings {
  readonly model: string;
  readonly data: string;
  /** Surrogates to train (default: all the model declares; supervised mode needs exactly one). */
  readonly surrogates?: readonly string[];
  /** Model name -> data column, for columns not named like the model's quantities. */
  readonly map?: Readonly<Record<string, string>>;
  readonly mode?: 'auto' | 'supervised' | 'hybrid';
  /** Time column for hybrid mode (default: 'time', else 't'). */
  readonly timeColumn?: string;
  // hybrid
  readonly fit?: readonly string[];
  readonly params?: Readonly<Record<string, number>>;
  readonly adamIterations?: number;
  readonly iterations?: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly outputScale?: number;
  readonly l2?: number;
  readonly residualScaling?: 'std' | 'none';
  /** "idt train <version>", recorded in the provenance. */
  readonly tool?: string;
  /** Write the weights files (default true). */
  readonly write?: boolean;
  readonly onProgress?: (message: string) => void;
}

export type TrainReport =
  | { readonly mode: 'supervised'; readonly surrogate: string; readonly weightsFile: string; readonly result: SupervisedResult; readonly inputs: readonly string[]; readonly outputs: readonly string[] }
  | { readonly mode: 'hybrid'; readonly weightsFiles: readonly { surrogate: string; file: string }[]; readonly result: HybridResult; readonly times: Float64Array; readonly observed: readonly ObservedSeries[]; readonly ir: IRModel };

export interface TrainModelResult {
  readonly report: TrainReport;
  readonly warnings: readonly string[];
}

const rel = (from: string, to: string): string => path.relative(path.dirname(from), to).split(path.sep).join('/');

export async function trainModel(o: TrainModelOptions): Promise<TrainModelResult> {
  const tm = loadTrainingModel(o.model, o.surrogates ?? []);
  const table = readTable(o.data);
  const map = o.map ?? {};
  const colName = (name: string): string => map[name] ?? name;
  const warnings: string[] = [];
  const timeCol = o.timeColumn ?? (table.columns.includes('time') ? 'time' : table.columns.includes('t') ? 't' : undefined);
  let mode = o.mode ?? 'auto';
  if (mode === 'auto') {
    const s = tm.trained.length === 1 ? tm.trained[0]! : undefined;
    const hasAll = s && [...s.inputs, ...s.outputs].every((n) => table.columns.includes(colName(n)));
    if (hasAll) mode = 'supervised';
    else if (timeCol) mode = 'hybrid';
    else {
      const need = s ? [...s.inputs, ...s.outputs].map(colName).filter((c) => !table.columns.includes(c)) : [];
      throw new TrainingDataError(`${o.data}: cannot tell how to train from these columns (${table.columns.join(', ')}): supervised training needs a column per input and output of the surrogate${need.length ? ` (missing: ${need.join(', ')})` : ''}; hybrid training needs a 'time' column and columns of model quantities`);
    }
  }
  const settingsCommon = { seed: o.seed ?? 1 };
  if (mode === 'supervised') {
    if (tm.trained.length !== 1) throw new TrainingDataError(`supervised training fits one surrogate at a time; choose one with --surrogate (${tm.trained.map((s) => s.name).join(', ')})`);
    const s = tm.trained[0]!;
    const inputs = s.inputs.map((n) => column(table, colName(n), n, `input '${n}' of surrogate ${s.name}`));
    const outputs = s.outputs.map((n) => column(table, colName(n), n, `output '${n}' of surrogate ${s.name}`));
    const result = await trainSupervised({
      layers: s.layers, activation: s.activation, scaling: s.scaling, inputs, outputs,
      seed: o.seed ?? 1,
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
      ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
      ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
      ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
      ...(o.patience !== undefined ? { patience: o.patience } : {}),
      ...(o.backend ? { backend: o.backend } : {}),
      onEpoch: (e, tl, vl) => { if (e % 50 === 0) o.onProgress?.(`epoch ${e}: train loss ${tl.toExponential(3)}, validation loss ${vl.toExponential(3)}`); },
    });
    const provenance: Provenance = {
      tool: o.tool ?? 'idt train', mode: 'supervised', model: rel(s.weightsFile, path.resolve(o.model)), surrogate: s.name,
      data: [{ file: rel(s.weightsFile, path.resolve(o.data)), hash: table.hash, rows: table.rows }],
      seed: o.seed ?? 1, epochs: result.epochsRun,
      finalLoss: { train: result.trainLoss[result.bestEpoch - 1]!, validation: result.validationLoss[result.bestEpoch - 1]! },
      settings: {
        ...settingsCommon, bestEpoch: result.bestEpoch, learningRate: o.learningRate ?? 0.01, batchSize: o.batchSize ?? 32,
        validationSplit: o.validationSplit ?? 0.2, patience: o.patience ?? 50, maxEpochs: o.epochs ?? 500, backend: o.backend ?? 'cpu',
        scaling: s.scaling, heldOutRmse: result.heldOut.rmse, heldOutMaxAbs: result.heldOut.maxAbs,
        columns: Object.fromEntries([...s.inputs, ...s.outputs].map((n) => [n, colName(n)])),
      },
    };
    if (o.write !== false) writeWeightsFile(s.weightsFile, weightsFileText({ ...specContent(s), ...result }, provenance));
    return { report: { mode: 'supervised', surrogate: s.name, weightsFile: s.weightsFile, result, inputs: s.inputs, outputs: s.outputs }, warnings };
  }

  // Hybrid.
  if (!timeCol || !table.columns.includes(timeCol)) throw new TrainingDataError(`${o.data}: hybrid training needs a time column (${o.timeColumn ? `'${o.timeColumn}' is not among` : "'time' or 't'; columns:"} ${table.columns.join(', ')})`);
  const times = table.data[table.columns.indexOf(timeCol)]!;
  for (let k = 0; k < times.length; k++) {
    if (!Number.isFinite(times[k]!)) throw new TrainingDataError(`${o.data}: row ${k + 1} has no time`);
    if (k > 0 && !(times[k]! > times[k - 1]!)) throw new TrainingDataError(`${o.data}: times must increase (row ${k + 1}: ${times[k]} after ${times[k - 1]})`);
  }
  const observed = observedSeries(tm.ir, table, timeCol, map, warnings);
  const result = await trainHybrid({
    ir: tm.ir, modelFile: o.model, trained: tm.trained, times, observed,
    t0: Math.min(0, times[0]!),
    seed: o.seed ?? 1,
    ...(o.fit ? { fitParams: o.fit } : {}),
    ...(o.params ? { params: o.params } : {}),
    ...(o.adamIterations !== undefined ? { adamIterations: o.adamIterations } : {}),
    ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
    ...(o.iterations !== undefined ? { iterations: o.iterations } : {}),
    ...(o.rtol !== undefined ? { rtol: o.rtol } : {}),
    ...(o.atol !== undefined ? { atol: o.atol } : {}),
    ...(o.outputScale !== undefined ? { outputScale: o.outputScale } : {}),
    ...(o.l2 !== undefined ? { l2: o.l2 } : {}),
    ...(o.residualScaling ? { residualScaling: o.residualScaling } : {}),
    onIteration: (phase, it, loss) => { if (it % 25 === 0) o.onProgress?.(`${phase === 'adam' ? 'Adam' : 'Levenberg–Marquardt'} iteration ${it}: loss ${loss.toExponential(4)}`); },
  });
  const written: { surrogate: string; file: string }[] = [];
  for (const net of result.networks) {
    const s = net.spec;
    const provenance: Provenance = {
      tool: o.tool ?? 'idt train', mode: 'hybrid', model: rel(s.weightsFile, path.resolve(o.model)), surrogate: s.name,
      data: [{ file: rel(s.weightsFile, path.resolve(o.data)), hash: table.hash, rows: table.rows }],
      seed: o.seed ?? 1, epochs: result.adamIterations + result.lmIterations,
      finalLoss: { train: result.finalLoss, ...Object.fromEntries(Object.entries(result.rmse).map(([k, v]) => [`rmse_${k}`, v])) },
      settings: {
        ...settingsCommon, gradients: 'forward sensitivities (DOPRI5, internal differentiation)',
        adamIterations: result.adamIterations, learningRate: o.learningRate ?? 0.01, lmIterations: result.lmIterations,
        rtol: o.rtol ?? 1e-6, atol: o.atol ?? 1e-8, l2: o.l2 ?? 1e-4, residualScaling: o.residualScaling ?? 'std',
        trainedTogether: result.networks.map((n) => n.spec.name), fittedParams: result.params,
        observed: observed.map((x) => x.name), experiment: o.params ?? {},
      },
    };
    if (o.write !== false) writeWeightsFile(s.weightsFile, weightsFileText({ ...specContent(s), ...net }, provenance));
    written.push({ surrogate: s.name, file: s.weightsFile });
  }
  return { report: { mode: 'hybrid', weightsFiles: written, result, times, observed, ir: tm.ir }, warnings };
}

function specContent(s: SurrogateSpec) {
  return { layers: s.layers, activation: s.activation, inputs: s.inputs, outputs: s.outputs };
}

/** The data columns that measure model quantities (states, derived values, observables). */
function observedSeries(ir: IRModel, table: Table, timeCol: string, map: Readonly<Record<string, string>>, warnings: string[]): ObservedSeries[] {
  const byColumn = new Map<string, string>();
  for (const [name, col] of Object.entries(map)) byColumn.set(col, name);
  const exprOf = (name: string): Expr | undefined => {
    const s = ir.states.findIndex((x) => x.name === name);
    if (s >= 0) return { k: 'state', i: s };
    const a = ir.assigned.findIndex((x) => x.name === name);
    if (a >= 0) return { k: 'assigned', i: a };
    return ir.observables.find((x) => x.name === name)?.expr;
  };
  for (const [name, col] of Object.entries(map)) {
    if (!table.columns.includes(col)) throw new TrainingDataError(`--map ${name}=${col}: ${table.file} has no column '${col}' (columns: ${table.columns.join(', ')})`);
    if (!exprOf(name)) throw new TrainingDataError(`--map ${name}=${col}: the model has no state, derived value or observable '${name}'`);
  }
  const out: ObservedSeries[] = [];
  table.columns.forEach((col, j) => {
    if (col === timeCol) return;
    const name = byColumn.get(col) ?? col;
    const expr = exprOf(name);
    if (!expr) { warnings.push(`column '${col}' is not a quantity of the model: ignored (use --map <name>=${col} to use it)`); return; }
    out.push({ name, expr, values: table.data[j]! });
  });
  if (out.length === 0) throw new TrainingDataError(`${table.file}: no column measures a state, derived value or observable of the model (columns: ${table.columns.join(', ')})`);
  return out;
}
