// What the stiff solvers (rodas.ts, bdf.ts) share: the weighted RMS norm, the starting-step
// heuristic, the Jacobian (analytic, or by coloured finite differences), df/dt, and the cheap
// spectral-radius estimate behind stiffnessEstimate().

import type { SparsePattern } from '../model.js';
import type { OdeSystem, SolverCounters } from './types.js';

const EPS = 2.220446049250313e-16;
const SQRT_EPS = Math.sqrt(EPS);
/** CVODE's floor on finite-difference increments: MIN_INC_MULT * |h| * eps * n * ||f||. */
const MIN_INC_MULT = 1000;
/** Power-iteration sweeps for the spectral radius estimate. */
const POWER_ITERATIONS = 12;

/**
 * Optional hints a system may carry besides the OdeSystem contract. `autonomous: true` promises
 * that rhs does not depend on t, which saves Rosenbrock methods the finite difference in t.
 */
export interface StiffSystemHints {
  readonly autonomous?: boolean;
}

/** True when every entry is finite. */
export function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] - v[i] !== 0) return false;
  return true;
}

/** The smallest step size worth taking at t: ten units in the last place of t (as SciPy). */
export function minStepAt(t: number): number {
  return 10 * Math.max(Math.abs(t) * EPS, Number.MIN_VALUE);
}

/** sqrt(mean((v_i / scale_i)^2)): the error norm of Hairer-Wanner and SciPy. */
export function rmsNorm(v: Float64Array, scale: Float64Array): number {
  const n = v.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i] / scale[i];
    s += x * x;
  }
  return Math.sqrt(s / n);
}

/**
 * Starting step (Hairer, Norsett & Wanner, Solving ODEs I, 2nd ed., Sec. II.4; SciPy's
 * select_initial_step): h0 from |y0| / |f0|, then one explicit Euler step to estimate y''.
 * Uses one rhs evaluation (counted). `order` is the order of the method's local error estimate.
 */
export function selectInitialStep(
  system: OdeSystem, t0: number, y0: Float64Array, f0: Float64Array, direction: number, order: number,
  rtol: Float64Array, atol: Float64Array, maxStep: number, tBound: number,
  y1: Float64Array, f1: Float64Array, counters: SolverCounters,
): number {
  const n = y0.length;
  const interval = Math.abs(tBound - t0);
  if (n === 0) return interval;
  if (interval === 0) return 0;
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + Math.abs(y0[i]) * rtol[i];
    d0 += (y0[i] / sc) ** 2;
    d1 += (f0[i] / sc) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h0 = Math.min(h0, interval);
  for (let i = 0; i < n; i++) y1[i] = y0[i] + h0 * direction * f0[i];
  system.rhs(t0 + h0 * direction, y1, f1);
  counters.nfev++;
  let d2 = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol[i] + Math.abs(y0[i]) * rtol[i];
    d2 += ((f1[i] - f0[i]) / sc) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / (order + 1));
  return Math.min(100 * h0, h1, interval, maxStep);
}

/** The full n x n pattern, for systems that give neither a Jacobian nor a pattern. */
export function densePattern(n: number): SparsePattern {
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * n);
  for (let r = 0; r < n; r++) {
    rowPtr[r + 1] = (r + 1) * n;
    for (let c = 0; c < n; c++) colIdx[r * n + c] = c;
  }
  return { n, rowPtr, colIdx };
}

/**
 * The Jacobian df/dy of a system in CSR form: the system's analytic jac when it has one, else
 * forward differences with Curtis-Powell-Reid column grouping (A. R. Curtis, M. J. D. Powell and
 * J. K. Reid, "On the estimation of sparse Jacobian matrices", J. Inst. Math. Appl. 13, 1974):
 * columns that share no row are perturbed together, one rhs evaluation per group (greedy colouring;
 * with no pattern every column is its own group). Increments follow CVODE's difference-quotient
 * Jacobian: max(sqrt(eps)*|y_j|, MIN_INC_MULT*|h|*eps*n*||f||_wrms / w_j).
 */
export class JacobianEvaluator {
  readonly pattern: SparsePattern;
  readonly values: Float64Array;
  readonly analytic: boolean;
  /** Number of rhs evaluations one finite-difference Jacobian costs (0 when analytic). */
  readonly groups: number;
  private readonly system: OdeSystem;
  private readonly groupPtr: Int32Array;
  private readonly groupCols: Int32Array;
  /** CSC view: for column j, entries colPtr[j]..colPtr[j+1] with rows colRow and value positions colPos. */
  private readonly colPtr: Int32Array;
  private readonly colRow: Int32Array;
  private readonly colPos: Int32Array;
  private readonly yPert: Float64Array;
  private readonly fPert: Float64Array;
  private readonly inc: Float64Array;

  constructor(system: OdeSystem) {
    const n = system.n;
    this.system = system;
    this.analytic = typeof system.jac === 'function' && system.pattern !== undefined;
    this.pattern = system.pattern ?? densePattern(n);
    const p = this.pattern;
    this.values = new Float64Array(p.rowPtr[n]);
    this.yPert = new Float64Array(n);
    this.fPert = new Float64Array(n);
    this.inc = new Float64Array(n);
    // CSC view of the pattern.
    const nnz = p.rowPtr[n];
    const colPtr = new Int32Array(n + 1);
    for (let q = 0; q < nnz; q++) colPtr[p.colIdx[q] + 1]++;
    for (let j = 0; j < n; j++) colPtr[j + 1] += colPtr[j];
    const fill = colPtr.slice(0, n);
    const colRow = new Int32Array(nnz);
    const colPos = new Int32Array(nnz);
    for (let r = 0; r < n; r++) {
      for (let q = p.rowPtr[r]; q < p.rowPtr[r + 1]; q++) {
        const at = fill[p.colIdx[q]]++;
        colRow[at] = r;
        colPos[at] = q;
      }
    }
    this.colPtr = colPtr;
    this.colRow = colRow;
    this.colPos = colPos;
    // Greedy colouring of the column intersection graph.
    const color = new Int32Array(n).fill(-1);
    const forbidden = new Int32Array(n + 1).fill(-1);
    let nColors = 0;
    for (let j = 0; j < n; j++) {
      for (let a = colPtr[j]; a < colPtr[j + 1]; a++) {
        const r = colRow[a];
        for (let q = p.rowPtr[r]; q < p.rowPtr[r + 1]; q++) {
          const c = color[p.colIdx[q]];
          if (c >= 0) forbidden[c] = j;
        }
      }
      let c = 0;
      while (forbidden[c] === j) c++;
      color[j] = c;
      if (c + 1 > nColors) nColors = c + 1;
    }
    const groupPtr = new Int32Array(nColors + 1);
    for (let j = 0; j < n; j++) groupPtr[color[j] + 1]++;
    for (let g = 0; g < nColors; g++) groupPtr[g + 1] += groupPtr[g];
    const gFill = groupPtr.slice(0, nColors);
    const groupCols = new Int32Array(n);
    for (let j = 0; j < n; j++) groupCols[gFill[color[j]]++] = j;
    this.groupPtr = groupPtr;
    this.groupCols = groupCols;
    this.groups = this.analytic ? 0 : nColors;
  }

  /**
   * Evaluate J at (t, y) into `values`. f0 = f(t, y) is needed only for finite differences; h is
   * the current step size and rtol/atol the tolerances (they size the increments). Counts njev and
   * the nfev of the differences.
   */
  evaluate(t: number, y: Float64Array, f0: Float64Array, h: number, rtol: Float64Array, atol: Float64Array, counters: SolverCounters): void {
    counters.njev++;
    if (this.analytic) {
      this.system.jac!(t, y, this.values);
      return;
    }
    const n = y.length;
    const inc = this.inc;
    const yp = this.yPert;
    const fp = this.fPert;
    const values = this.values;
    let fnorm = 0;
    for (let i = 0; i < n; i++) {
      const x = f0[i] / (atol[i] + rtol[i] * Math.abs(y[i]));
      fnorm += x * x;
    }
    fnorm = n > 0 ? Math.sqrt(fnorm / n) : 0;
    const minInc = fnorm !== 0 ? MIN_INC_MULT * Math.abs(h) * EPS * n * fnorm : 1;
    for (let j = 0; j < n; j++) {
      const w = atol[j] + rtol[j] * Math.abs(y[j]);
      let d = Math.max(SQRT_EPS * Math.abs(y[j]), minInc * w);
      // Make the increment exactly representable as a difference of floating-point numbers.
      d = y[j] + d - y[j];
      inc[j] = d === 0 ? SQRT_EPS : d;
    }
    yp.set(y);
    const groupPtr = this.groupPtr;
    const groupCols = this.groupCols;
    const colPtr = this.colPtr;
    const colRow = this.colRow;
    const colPos = this.colPos;
    for (let g = 0; g + 1 < groupPtr.length; g++) {
      for (let a = groupPtr[g]; a < groupPtr[g + 1]; a++) {
        const j = groupCols[a];
        yp[j] = y[j] + inc[j];
      }
      this.system.rhs(t, yp, fp);
      counters.nfev++;
      for (let a = groupPtr[g]; a < groupPtr[g + 1]; a++) {
        const j = groupCols[a];
        const dj = 1 / inc[j];
        for (let b = colPtr[j]; b < colPtr[j + 1]; b++) {
          const r = colRow[b];
          values[colPos[b]] = (fp[r] - f0[r]) * dj;
        }
        yp[j] = y[j];
      }
    }
  }
}

/** df/dt at (t, y) by a forward difference in t (one rhs evaluation, counted); f0 = f(t, y). */
export function timeDerivative(system: OdeSystem, t: number, y: Float64Array, f0: Float64Array, h: number, out: Float64Array, ftmp: Float64Array, counters: SolverCounters): void {
  let dt = SQRT_EPS * Math.max(Math.abs(t), Math.abs(h), 1e-300);
  dt = t + dt - t;
  system.rhs(t + dt, y, ftmp);
  counters.nfev++;
  const inv = 1 / dt;
  for (let i = 0; i < y.length; i++) out[i] = (ftmp[i] - f0[i]) * inv;
}

/**
 * Spectral radius of J (CSR) by power iteration: ||J^k v|| / ||J^(k-1) v|| after POWER_ITERATIONS
 * sweeps from a fixed start vector. Cheap (a dozen sparse products) and good to the factor of 2
 * that method switching needs; complex dominant pairs make it oscillate within that band.
 */
export function spectralRadius(p: SparsePattern, values: Float64Array, v: Float64Array, w: Float64Array): number {
  const n = p.n;
  if (n === 0) return 0;
  for (let i = 0; i < n; i++) v[i] = 1 + 0.37 * Math.sin(1 + i);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) v[i] /= norm;
  let lambda = 0;
  for (let it = 0; it < POWER_ITERATIONS; it++) {
    let s = 0;
    for (let r = 0; r < n; r++) {
      let acc = 0;
      for (let q = p.rowPtr[r]; q < p.rowPtr[r + 1]; q++) acc += values[q] * v[p.colIdx[q]];
      w[r] = acc;
      s += acc * acc;
    }
    lambda = Math.sqrt(s);
    if (!(lambda > 0) || !Number.isFinite(lambda)) return lambda === 0 ? 0 : NaN;
    for (let i = 0; i < n; i++) v[i] = w[i] / lambda;
  }
  return lambda;
}
