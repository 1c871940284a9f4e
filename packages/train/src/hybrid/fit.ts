// Hybrid (universal differential equation) training: fit the weights of the trained surrogates,
// and optionally some mechanistic parameters, so that the whole model's simulated observables
// match time series. Gradients by forward sensitivities through the runtime's DOPRI5
// (sensitivity-model.ts; why: docs/decisions/0004-ude-gradients.md); Adam first, then
// Levenberg–Marquardt on the residual Jacobian the sensitivities provide.
import * as path from 'node:path';
import type { Expr, IRModel } from '@idt/compiler';
import { simulateCompiled, Xoshiro128 } from '@idt/runtime';
import { TrainingDataError } from '../csv.js';
import { glorotInit, Mlp } from '../mlp.js';
import type { SurrogateSpec } from '../model-surrogates.js';
import { fitScaling } from '../scaling.js';
import type { TrainedNetwork } from '../weights-file.js';
import { buildAuxModel } from './aux-model.js';
import { Adam, dampedSolve } from './optimizers.js';
import { SensitivityModel } from './sensitivity-model.js';

/** Share of the observed input span added on each side of a hybrid fit's training range. */
export const RANGE_MARGIN = 0.02;

export interface ObservedSeries {
  /** Data column name and the model quantity it measures. */
  readonly name: string;
  readonly expr: Expr;
  /** One value per data time (NaN = not measured then). */
  readonly values: Float64Array;
}

export interface HybridOptions {
  readonly ir: IRModel;
  /** The entry model file (surrogate weights paths in the IR are relative to its folder). */
  readonly modelFile: string;
  readonly trained: readonly SurrogateSpec[];
  /** Increasing data times (the run starts at t0, default 0). */
  readonly times: Float64Array;
  readonly observed: readonly ObservedSeries[];
  readonly t0?: number;
  /** Names of mechanistic parameters fitted along with the weights. */
  readonly fitParams?: readonly string[];
  /** Parameter overrides for the experiment the data come from. */
  readonly params?: Readonly<Record<string, number>>;
  readonly seed?: number;
  /** Adam iterations (default 200) and learning rate (default 0.01). */
  readonly adamIterations?: number;
  readonly learningRate?: number;
  /** Levenberg–Marquardt iterations after Adam (default 200). */
  readonly iterations?: number;
  readonly rtol?: number;
  readonly atol?: number;
  /** Residuals divided by each column's standard deviation ('std', default) or not ('none'). */
  readonly residualScaling?: 'std' | 'none';
  /** Network output scale (per surrogate output; default estimated from the data's rates). */
  readonly outputScale?: number;
  /** Ridge penalty on the network weights (default 1e-4: keeps Levenberg–Marquardt out of
   *  flat directions of over-parametrised networks; the loss is in units of scaled residuals). */
  readonly l2?: number;
  readonly onIteration?: (phase: 'adam' | 'lm', iteration: number, loss: number) => void;
}

export interface NetworkResult extends TrainedNetwork {
  readonly spec: SurrogateSpec;
}

export interface HybridResult {
  readonly networks: NetworkResult[];
  /** Fitted mechanistic parameter values by name. */
  readonly params: Record<string, number>;
  /** Loss (half the sum of squared scaled residuals) per iteration, Adam then LM. */
  readonly loss: number[];
  readonly adamIterations: number;
  readonly lmIterations: number;
  /** Root mean square error per observed column on the training data, in data units. */
  readonly rmse: Record<string, number>;
  readonly finalLoss: number;
  readonly seconds: number;
  /** Gradient evaluations (simulations with sensitivities) and plain simulations. */
  readonly sensitivitySolves: number;
  readonly plainSolves: number;
}

export async function trainHybrid(o: HybridOptions): Promise<HybridResult> {
  const started = performance.now();
  const ir = o.ir;
  const entryDir = path.dirname(path.resolve(o.modelFile));
  const networks = o.trained.map((spec) => ir.surrogates.flatMap((s, k) => (s.weightsFile && path.resolve(entryDir, s.weightsFile) === spec.weightsFile ? [k] : [])));
  networks.forEach((idx, k) => {
    if (idx.length === 0) throw new TrainingDataError(`surrogate '${o.trained[k]!.name}' is declared but never used by the model, so its dynamics cannot train it`);
  });
  const paramIndex = new Map(ir.params.map((p, i) => [p.name, i]));
  const fitted = (o.fitParams ?? []).map((name) => {
    const i = paramIndex.get(name);
    if (i === undefined) throw new TrainingDataError(`--fit: the model has no parameter '${name}'`);
    return i;
  });
  const aux = buildAuxModel(ir, {
    networks,
    networkSizes: o.trained.map((s) => ({ nIn: s.layers[0]!, nOut: s.layers[s.layers.length - 1]! })),
    fittedParams: fitted,
    observed: o.observed.map((s) => s.expr),
  });
  const scalings = o.trained.map((s) => ({
    inputShift: new Float64Array(s.layers[0]!), inputScale: new Float64Array(s.layers[0]!).fill(1),
    outputShift: new Float64Array(s.layers[s.layers.length - 1]!), outputScale: new Float64Array(s.layers[s.layers.length - 1]!).fill(1),
  }));
  const nets = o.trained.map((s, k) => new Mlp(s.layers, s.activation, scalings[k]!));
  const sm = new SensitivityModel(ir, aux, nets);
  const P = sm.P, nNet = P - fitted.length;

  const p = Float64Array.from(ir.params, (x) => x.value);
  for (const [name, v] of Object.entries(o.params ?? {})) {
    const i = paramIndex.get(name);
    if (i === undefined) throw new TrainingDataError(`--set: the model has no parameter '${name}'`);
    p[i] = v;
  }
  const overridden = new Uint8Array(p.length);
  for (const name of Object.keys(o.params ?? {})) overridden[paramIndex.get(name)!] = 1;
  fitted.forEach((pi, j) => (sm.theta[nNet + j] = p[pi]!));

  const t0 = o.t0 ?? 0;
  const times = o.times;
  const tEnd = times[times.length - 1]!;
  if (!(tEnd > t0)) throw new TrainingDataError('the data need times after the start time');
  const rtol = o.rtol ?? 1e-6, atol = o.atol ?? 1e-8;
  const plain = sm.compiled(false), withSens = sm.compiled(true);
  const n = aux.n;
  const tolerances = (N: number) => {
    const shrink = Math.sqrt(n / N);
    // Sensitivities: rtol 0 and atol Infinity make their error weight exactly 0 (Inf * 0 would be NaN).
    const rt = new Float64Array(N), at = new Float64Array(N).fill(Infinity);
    rt.fill(rtol * shrink, 0, n);
    at.fill(atol * shrink, 0, n);
    return { rt, at };
  };
  const tolPlain = tolerances(plain.nStates), tolSens = tolerances(withSens.nStates);

  // Residual weights per column.
  const q = o.observed.length, K = times.length;
  const weight = o.observed.map((s) => {
    if (o.residualScaling === 'none') return 1;
    const v = Array.from(s.values).filter((x) => !Number.isNaN(x));
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
    return sd > 0 ? 1 / sd : 1;
  });

  let sensSolves = 0, plainSolves = 0;
  const l2 = o.l2 ?? 1e-4;
  const run = (sens: boolean) => {
    fitted.forEach((pi, j) => (p[pi] = sm.theta[nNet + j]!));
    const model = sens ? withSens : plain;
    const tol = sens ? tolSens : tolPlain;
    if (sens) sensSolves++; else plainSolves++;
    return simulateCompiled(model, { t0, tEnd, times, params: p, overridden, method: 'dopri5', rtol: tol.rt, atol: tol.at, maxSteps: 20_000 });
  };
  /** Residuals (K*q, row k*q + j), loss, and with sens the Jacobian (K*q x P) and gradient. */
  const evaluate = (sens: boolean): { loss: number; r: Float64Array; J?: Float64Array; g?: Float64Array } => {
    const res = run(sens);
    const r = new Float64Array(K * q);
    if (res.status !== 'success') return { loss: Infinity, r };
    const stride = sens ? 1 + P : 1;
    let loss = 0;
    const J = sens ? new Float64Array(K * q * P) : undefined;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < q; j++) {
        const d = o.observed[j]!.values[k]!;
        if (Number.isNaN(d)) continue;
        const row = k * q + j;
        r[row] = weight[j]! * (res.observables[j * stride]![k]! - d);
        loss += 0.5 * r[row]! * r[row]!;
        if (J) for (let l = 0; l < P; l++) J[row * P + l] = weight[j]! * res.observables[j * stride + 1 + l]![k]!;
      }
    }
    for (let l = 0; l < nNet; l++) loss += 0.5 * l2 * sm.theta[l]! ** 2;
    if (!Number.isFinite(loss)) return { loss: Infinity, r };
    if (!J) return { loss, r };
    const g = new Float64Array(P);
    for (let row = 0; row < K * q; row++) {
      const rv = r[row]!;
      if (rv !== 0) for (let l = 0; l < P; l++) g[l] = g[l]! + J[row * P + l]! * rv;
    }
    for (let l = 0; l < nNet; l++) g[l] = g[l]! + l2 * sm.theta[l]!;
    return { loss, r, J, g };
  };

  // Input scaling from the arguments the model produces with the networks silent (weights 0:
  // the mechanistic part alone), sampled at every right-hand-side evaluation of that run.
  const samples = nets.map((net) => Array.from({ length: net.nIn }, () => [] as number[]));
  sm.sampleArgs = (k, x) => { for (let i = 0; i < x.length; i++) samples[k]![i]!.push(x[i]!); };
  run(false);
  sm.sampleArgs = undefined;
  o.trained.forEach((spec, k) => {
    const s = fitScaling(spec.scaling, samples[k]!.map((c) => c.filter(Number.isFinite)));
    scalings[k]!.inputShift.set(s.shift);
    scalings[k]!.inputScale.set(s.scale);
    scalings[k]!.outputScale.fill(o.outputScale ?? estimateRateScale(times, o.observed));
  });
  // Glorot weights, the output layer shrunk tenfold so training starts near the mechanistic model.
  const rng = new Xoshiro128(o.seed ?? 1);
  nets.forEach((net, k) => {
    const th = glorotInit(net, () => rng.nextFloat());
    const last = net.kernelOffset.length - 1;
    for (let i = net.kernelOffset[last]!; i < net.biasOffset[last]!; i++) th[i] = th[i]! * 0.1;
    sm.theta.set(th, sm.netOffset[k]!);
  });

  const lossHistory: number[] = [];
  let current = evaluate(true);
  if (!Number.isFinite(current.loss)) throw new TrainingDataError('the model cannot be simulated over the data span with the initial network; check the data times and the model');
  let best = { theta: Float64Array.from(sm.theta), loss: current.loss };

  // Phase 1: Adam. A failed simulation (blow-up) halves the learning rate and goes back.
  const adamIters = o.adamIterations ?? 200;
  const adam = new Adam(P, o.learningRate ?? 0.01);
  let adamDone = 0;
  for (let it = 1; it <= adamIters; it++) {
    const before = Float64Array.from(sm.theta);
    adam.step(sm.theta, current.g!);
    const next = evaluate(true);
    adamDone = it;
    if (!Number.isFinite(next.loss)) {
      sm.theta.set(before);
      adam.lr /= 2;
      continue;
    }
    current = next;
    lossHistory.push(current.loss);
    o.onIteration?.('adam', it, current.loss);
    if (current.loss < best.loss) best = { theta: Float64Array.from(sm.theta), loss: current.loss };
  }
  sm.theta.set(best.theta);
  current = evaluate(true);

  // Phase 2: Levenberg–Marquardt with Nielsen's damping update.
  const lmIters = o.iterations ?? 200;
  let lambda = 1e-3, nu = 2, lmDone = 0, stalls = 0;
  const A = new Float64Array(P * P);
  for (let it = 1; it <= lmIters && current.J; it++) {
    const J = current.J, rows = K * q;
    A.fill(0);
    for (let row = 0; row < rows; row++) {
      const o2 = row * P;
      for (let i = 0; i < P; i++) {
        const ji = J[o2 + i]!;
        if (ji === 0) continue;
        for (let j = i; j < P; j++) A[i * P + j] = A[i * P + j]! + ji * J[o2 + j]!;
      }
    }
    for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) A[i * P + j] = A[j * P + i]!;
    for (let l = 0; l < nNet; l++) A[l * P + l] = A[l * P + l]! + l2;
    const step = dampedSolve(A, current.g!, lambda, P);
    lmDone = it;
    if (!step) { lambda *= nu; nu *= 2; continue; }
    const before = Float64Array.from(sm.theta);
    for (let l = 0; l < P; l++) sm.theta[l] = sm.theta[l]! + step[l]!;
    const trial = evaluate(false);
    // Gain ratio: actual over predicted decrease of the quadratic model.
    let predicted = 0;
    for (let l = 0; l < P; l++) predicted += step[l]! * (lambda * (A[l * P + l]! + 1e-12) * step[l]! - current.g![l]!);
    predicted *= 0.5;
    const rho = (current.loss - trial.loss) / Math.max(predicted, 1e-300);
    if (Number.isFinite(trial.loss) && rho > 0) {
      const decrease = (current.loss - trial.loss) / Math.max(current.loss, 1e-300);
      current = evaluate(true);
      lambda *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
      nu = 2;
      lossHistory.push(current.loss);
      o.onIteration?.('lm', it, current.loss);
      stalls = decrease < 1e-9 ? stalls + 1 : 0;
      if (stalls >= 5) break;
    } else {
      sm.theta.set(before);
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e16) break;
    }
  }
  if (current.loss < best.loss) best = { theta: Float64Array.from(sm.theta), loss: current.loss };
  sm.theta.set(best.theta);

  // Training range: every argument the fitted model evaluates over the data span.
  sm.recordRange = true;
  const final = run(false);
  sm.recordRange = false;
  const rmse: Record<string, number> = {};
  o.observed.forEach((s, j) => {
    let sum = 0, count = 0;
    for (let k = 0; k < K; k++) {
      const d = s.values[k]!;
      if (Number.isNaN(d) || final.status !== 'success') continue;
      sum += (final.observables[j]![k]! - d) ** 2;
      count++;
    }
    rmse[s.name] = count ? Math.sqrt(sum / count) : NaN;
  });
  const fittedValues: Record<string, number> = {};
  fitted.forEach((pi, j) => (fittedValues[ir.params[pi]!.name] = sm.theta[nNet + j]!));
  return {
    networks: o.trained.map((spec, k) => {
      const { kernels, biases } = nets[k]!.unpack(sm.theta.subarray(sm.netOffset[k]!, sm.netOffset[k]! + nets[k]!.nParams));
      const sc = scalings[k]!;
      return {
        spec, kernels, biases,
        inputShift: Array.from(sc.inputShift), inputScale: Array.from(sc.inputScale),
        outputShift: Array.from(sc.outputShift), outputScale: Array.from(sc.outputScale),
        // Widened by 2 % of the span on each side: a rerun with another solver or tolerance
        // strays a hair beyond the trajectory the range was recorded on, which is not news.
        inputMin: Array.from(sm.rangeMin[k]!, (lo, i) => lo - RANGE_MARGIN * (sm.rangeMax[k]![i]! - lo)),
        inputMax: Array.from(sm.rangeMax[k]!, (hi, i) => hi + RANGE_MARGIN * (hi - sm.rangeMin[k]![i]!)),
      };
    }),
    params: fittedValues,
    loss: lossHistory,
    adamIterations: adamDone,
    lmIterations: lmDone,
    rmse,
    finalLoss: best.loss,
    seconds: (performance.now() - started) / 1000,
    sensitivitySolves: sensSolves,
    plainSolves,
  };
}

/** A typical rate of change of the observed quantities: the root mean square of their finite
 *  differences over time (the network's output scale when none is given). */
function estimateRateScale(times: Float64Array, observed: readonly ObservedSeries[]): number {
  let sum = 0, count = 0;
  for (const s of observed) {
    for (let k = 1; k < times.length; k++) {
      const a = s.values[k - 1]!, b = s.values[k]!, dt = times[k]! - times[k - 1]!;
      if (Number.isNaN(a) || Number.isNaN(b) || !(dt > 0)) continue;
      sum += ((b - a) / dt) ** 2;
      count++;
    }
  }
  const v = count ? Math.sqrt(sum / count) : 1;
  return v > 0 && Number.isFinite(v) ? v : 1;
}
