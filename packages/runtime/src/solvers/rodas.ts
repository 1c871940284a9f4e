// Rodas5P: an L-stable, stiffly accurate Rosenbrock method of order 5 (embedded order 4) with
// an order-4 dense output, for stiff systems.
//
// Method: G. Steinebach, "Construction of Rosenbrock-Wanner method Rodas5P and numerical
// benchmarks within the Julia Differential Equations package", BIT Numer. Math. 63, 27 (2023);
// the 8-stage structure and coefficient layout follow G. Di Marzo, "RODAS5(4) -- Methodes de
// Rosenbrock d'ordre 5(4) adaptees aux problemes differentiels-algebriques" (Univ. Geneve 1993)
// and Hairer & Wanner, Solving ODEs II (2nd ed., 1996), Sec. IV.7, in the transformed form
//   (I/(h*gamma) - J) k_i = f(t + c_i h, y + sum_j a_ij k_j) + sum_j (C_ij / h) k_j + h d_i f_t,
// y_new = y + sum_j a_sj k_j + k_s (stiffly accurate), error estimate k_s.
// The coefficients are as tabulated in OrdinaryDiffEq.jl's Rodas5P tableau (MIT licence).
//
// J is the system's analytic Jacobian (or coloured finite differences, stiff-common.ts),
// evaluated once per step and kept across rejected attempts of that step (only the LU is redone
// for the new h). f_t is a forward difference in t, costing one rhs evaluation per step, unless
// the system says it is autonomous (StiffSystemHints). Step size control: Hairer & Wanner's
// predictive (Gustafsson) controller of RODAS, exponent 1/5.

import type { LinearSolver } from '../linalg/linear-solver.js';
import { createLinearSolver } from '../linalg/linear-solver.js';
import { allFinite, JacobianEvaluator, minStepAt, rmsNorm, selectInitialStep, spectralRadius, timeDerivative } from './stiff-common.js';
import type { StiffSystemHints } from './stiff-common.js';
import type { OdeSolver, OdeSystem, SolverCounters, SolverFactory, SolverOptions, SolverStatus } from './types.js';

/** A Rosenbrock method in the transformed (Hairer-Wanner) form, stiffly accurate. */
export interface RosenbrockTableau {
  readonly name: string;
  readonly stages: number;
  readonly gamma: number;
  /** a_ij, row i = stage i (only j < i used); the last row also gives the solution. */
  readonly a: readonly (readonly number[])[];
  /** C_ij, row i = stage i (j < i). */
  readonly C: readonly (readonly number[])[];
  /** Stage times c_i and the f_t coefficients d_i. */
  readonly c: readonly number[];
  readonly d: readonly number[];
  /** Dense output: K_r = sum_i H[r][i] k_i, y(theta) = (1-theta) y0 + theta (y1 + (1-theta)(K_0 + theta (K_1 + theta K_2))). */
  readonly H: readonly (readonly number[])[];
  /** Order of the embedded solution the error estimate belongs to (controller exponent 1/(q+1)). */
  readonly errorOrder: number;
}

export const RODAS5P: RosenbrockTableau = {
  name: 'Rodas5P',
  stages: 8,
  gamma: 0.21193756319429014,
  a: [
    [],
    [3.0],
    [2.849394379747939, 0.45842242204463923],
    [-6.954028509809101, 2.489845061869568, -10.358996098473584],
    [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641],
    [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946],
    [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946, 1],
    [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946, 1, 1],
  ],
  C: [
    [],
    [-14.155112264123755],
    [-17.97296035885952, -2.859693295451294],
    [147.12150275711716, -1.41221402718213, 71.68940251302358],
    [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306],
    [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471],
    [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662],
    [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627],
  ],
  c: [0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1, 1],
  d: [0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0],
  H: [
    [25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493],
    [-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372],
    [11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722],
  ],
  errorOrder: 4,
};

/** Step size controller (Hairer & Wanner's RODAS): h_new = h / clamp(err^(1/(q+1)) / SAFETY). */
const SAFETY = 0.9;
/** Smallest and largest step size ratio in one step. */
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 6;
/** Step size ratio after a singular Newton matrix or a non-finite stage. */
const FAILURE_FACTOR = 0.25;
/** Floor of the remembered error in the predictive controller (Hairer's 1e-2). */
const ERR_FLOOR = 1e-2;

export class RodasSolver implements OdeSolver {
  readonly name: string;
  readonly n: number;
  t: number;
  readonly y: Float64Array;
  tOld: number;
  status: SolverStatus = 'running';
  message = '';
  readonly counters: SolverCounters;
  tBound: number;

  private readonly system: OdeSystem;
  private readonly autonomous: boolean;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;
  private readonly maxStep: number;
  private readonly firstStep: number;
  private readonly s: number;
  private readonly gamma: number;
  private readonly A: Float64Array;
  private readonly C: Float64Array;
  private readonly cs: Float64Array;
  private readonly ds: Float64Array;
  private readonly H: Float64Array;
  private readonly exponent: number;

  private readonly jac: JacobianEvaluator;
  private readonly lin: LinearSolver;
  private readonly yOld: Float64Array;
  private readonly f0: Float64Array;
  private readonly dT: Float64Array;
  private readonly u: Float64Array;
  private readonly du: Float64Array;
  private readonly yNew: Float64Array;
  private readonly scale: Float64Array;
  /** Stage vectors k_0..k_{s-1}, stage i at [i*n, (i+1)*n), and a view of each. */
  private readonly K: Float64Array;
  private readonly kView: Float64Array[];
  /** Dense output coefficients (3 x n). */
  private readonly dense3: Float64Array;
  private readonly powV: Float64Array;
  private readonly powW: Float64Array;

  /** Step size to try next (>0), and the size of the last accepted step. */
  private h: number;
  private hLast = 0;
  private hAcc = 0;
  private errAcc = 1;
  private nAccepted = 0;
  /** J and f0 belong to (t, y); the LU belongs to scale luScale. */
  private jacCurrent = false;
  private jacVersion = 0;
  private luScale = NaN;
  private stiffVersion = -1;
  private stiffRadius = NaN;

  constructor(system: OdeSystem, t0: number, y0: Float64Array, tBound: number, options: SolverOptions, counters: SolverCounters, tableau: RosenbrockTableau = RODAS5P) {
    const n = system.n;
    this.name = tableau.name;
    this.n = n;
    this.system = system;
    this.autonomous = (system as OdeSystem & StiffSystemHints).autonomous === true;
    this.counters = counters;
    this.rtol = options.rtol;
    this.atol = options.atol;
    this.maxStep = options.maxStep;
    this.firstStep = options.firstStep;
    this.tBound = tBound;
    const s = tableau.stages;
    this.s = s;
    this.gamma = tableau.gamma;
    this.A = new Float64Array(s * s);
    this.C = new Float64Array(s * s);
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < i; j++) {
        this.A[i * s + j] = tableau.a[i][j] ?? 0;
        this.C[i * s + j] = tableau.C[i][j] ?? 0;
      }
    }
    this.cs = Float64Array.from(tableau.c);
    this.ds = Float64Array.from(tableau.d);
    this.H = new Float64Array(3 * s);
    for (let r = 0; r < 3; r++) for (let i = 0; i < s; i++) this.H[r * s + i] = tableau.H[r][i];
    this.exponent = 1 / (tableau.errorOrder + 1);

    this.jac = new JacobianEvaluator(system);
    this.lin = createLinearSolver(this.jac.pattern);
    this.y = new Float64Array(n);
    this.yOld = new Float64Array(n);
    this.f0 = new Float64Array(n);
    this.dT = new Float64Array(n);
    this.u = new Float64Array(n);
    this.du = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.K = new Float64Array(s * n);
    this.kView = [];
    for (let i = 0; i < s; i++) this.kView.push(this.K.subarray(i * n, (i + 1) * n));
    this.dense3 = new Float64Array(3 * n);
    this.powV = new Float64Array(n);
    this.powW = new Float64Array(n);
    this.t = t0;
    this.tOld = t0;
    this.h = 0;
    this.reset(t0, y0);
  }

  get hNext(): number {
    return this.h;
  }

  reset(t0: number, y0: Float64Array): void {
    this.t = t0;
    this.tOld = t0;
    this.y.set(y0);
    this.yOld.set(y0);
    this.hLast = 0;
    this.dense3.fill(0);
    this.nAccepted = 0;
    this.errAcc = 1;
    this.hAcc = 0;
    this.jacCurrent = false;
    this.luScale = NaN;
    this.status = 'running';
    this.message = '';
    this.system.rhs(t0, this.y, this.f0);
    this.counters.nfev++;
    if (!allFinite(this.f0)) {
      this.status = 'failed';
      this.message = `non-finite derivative at t = ${t0}`;
      return;
    }
    const direction = this.tBound >= t0 ? 1 : -1;
    this.h = this.firstStep > 0
      ? this.firstStep
      : selectInitialStep(this.system, t0, this.y, this.f0, direction, 4, this.rtol, this.atol, this.maxStep, this.tBound, this.u, this.du, this.counters);
    if (!(this.h > 0)) this.h = Math.max(Math.abs(this.tBound - t0), 1e-6);
  }

  step(): boolean {
    if (this.status === 'failed') return false;
    const t = this.t;
    if (t === this.tBound) {
      this.status = 'finished';
      return true;
    }
    this.status = 'running';
    const ok = this.stepImpl();
    if (!ok) {
      this.status = 'failed';
      return false;
    }
    if (this.t === this.tBound) this.status = 'finished';
    return true;
  }

  /** One accepted step; rejected attempts are retried inside. */
  private stepImpl(): boolean {
    const n = this.n;
    const s = this.s;
    const t = this.t;
    const y = this.y;
    const rtol = this.rtol;
    const atol = this.atol;
    const direction = this.tBound > t ? 1 : -1;
    const minStep = minStepAt(t);
    const K = this.K;
    const A = this.A;
    const C = this.C;
    const u = this.u;
    const du = this.du;
    const yNew = this.yNew;
    const scale = this.scale;
    const f0 = this.f0;
    const dT = this.dT;
    const gamma = this.gamma;
    const counters = this.counters;
    let hAbs = Math.min(this.h, this.maxStep);
    let rejectedBefore = false;

    for (;;) {
      // A bound closer than minStep (an event just ahead) is still stepped to exactly.
      if (hAbs < minStep && Math.abs(this.tBound - t) > minStep) {
        this.message = `step size too small at t = ${t}`;
        return false;
      }
      let tNew = t + direction * hAbs;
      if (direction * (tNew - this.tBound) >= 0) tNew = this.tBound;
      const h = tNew - t;
      hAbs = Math.abs(h);

      if (!this.jacCurrent) {
        this.jac.evaluate(t, y, f0, h, rtol, atol, counters);
        if (!this.autonomous) timeDerivative(this.system, t, y, f0, h, dT, du, counters);
        this.jacCurrent = true;
        this.jacVersion++;
        this.luScale = NaN;
      }
      const hg = h * gamma;
      if (hg !== this.luScale) {
        counters.nlu++;
        if (!this.lin.factor(this.jac.values, hg)) {
          this.luScale = NaN;
          counters.rejected++;
          hAbs *= FAILURE_FACTOR;
          rejectedBefore = true;
          continue;
        }
        this.luScale = hg;
      }

      // Stages: k_i = (I - h gamma J)^-1 h gamma (f(t + c_i h, y + sum a_ij k_j) + h d_i f_t) + gamma sum C_ij k_j.
      const hd = this.autonomous ? 0 : h;
      for (let i = 0; i < s; i++) {
        const ki = this.kView[i];
        let fi: Float64Array;
        if (i === 0) {
          fi = f0;
        } else {
          const row = i * s;
          for (let m = 0; m < n; m++) {
            let acc = y[m];
            for (let j = 0; j < i; j++) acc += A[row + j] * K[j * n + m];
            u[m] = acc;
          }
          this.system.rhs(t + this.cs[i] * h, u, du);
          counters.nfev++;
          fi = du;
        }
        const dti = hd * this.ds[i];
        const row = i * s;
        for (let m = 0; m < n; m++) {
          let acc = 0;
          for (let j = 0; j < i; j++) acc += C[row + j] * K[j * n + m];
          ki[m] = hg * (fi[m] + dti * dT[m]) + gamma * acc;
        }
        this.lin.solve(ki);
      }

      // Stiffly accurate: y_new = (argument of the last stage) + k_s; the error estimate is k_s.
      const last = (s - 1) * n;
      let finite = true;
      for (let m = 0; m < n; m++) {
        const v = u[m] + K[last + m];
        yNew[m] = v;
        if (v - v !== 0) finite = false;
        scale[m] = atol[m] + rtol[m] * Math.max(Math.abs(y[m]), Math.abs(v));
      }
      const err = finite ? rmsNorm(this.kView[s - 1], scale) : Infinity;
      if (!(err <= 1)) {
        counters.rejected++;
        const factor = Number.isFinite(err) ? Math.max(MIN_FACTOR, SAFETY * Math.pow(err, -this.exponent)) : FAILURE_FACTOR;
        hAbs *= Math.min(factor, 1);
        rejectedBefore = true;
        continue;
      }

      // Accepted. Step size proposal with Gustafsson's predictive correction.
      let fac = Math.pow(err, this.exponent) / SAFETY;
      fac = Math.min(1 / MIN_FACTOR, Math.max(1 / MAX_FACTOR, fac));
      if (this.nAccepted > 0 && this.hAcc > 0) {
        let facGus = (this.hAcc / hAbs) * Math.pow((err * err) / this.errAcc, this.exponent) / SAFETY;
        facGus = Math.min(1 / MIN_FACTOR, Math.max(1 / MAX_FACTOR, facGus));
        fac = Math.max(fac, facGus);
      }
      this.hAcc = hAbs;
      this.errAcc = Math.max(ERR_FLOOR, err);
      let hNew = hAbs / fac;
      if (rejectedBefore) hNew = Math.min(hNew, hAbs);

      // Dense output coefficients.
      const H = this.H;
      const d3 = this.dense3;
      for (let r = 0; r < 3; r++) {
        const off = r * n;
        const hr = r * s;
        for (let m = 0; m < n; m++) {
          let acc = 0;
          for (let j = 0; j < s; j++) acc += H[hr + j] * K[j * n + m];
          d3[off + m] = acc;
        }
      }
      this.yOld.set(y);
      y.set(yNew);
      this.tOld = t;
      this.t = tNew;
      this.hLast = h;
      this.h = Math.min(hNew, this.maxStep);
      this.nAccepted++;
      counters.steps++;
      this.jacCurrent = false;
      // f0 at the new point: stage 1 of the next step.
      this.system.rhs(tNew, y, f0);
      counters.nfev++;
      return true;
    }
  }

  dense(tq: number, out: Float64Array): void {
    const n = this.n;
    if (this.hLast === 0) {
      out.set(this.y);
      return;
    }
    const th = (tq - this.tOld) / this.hLast;
    const th1 = 1 - th;
    const y0 = this.yOld;
    const y1 = this.y;
    const d3 = this.dense3;
    for (let m = 0; m < n; m++) {
      out[m] = th1 * y0[m] + th * (y1[m] + th1 * (d3[m] + th * (d3[n + m] + th * d3[2 * n + m])));
    }
  }

  /** |h| times a power-iteration estimate of the spectral radius of the last Jacobian. */
  stiffnessEstimate(): number {
    if (this.jacVersion === 0) return NaN;
    if (this.stiffVersion !== this.jacVersion) {
      this.stiffRadius = spectralRadius(this.jac.pattern, this.jac.values, this.powV, this.powW);
      this.stiffVersion = this.jacVersion;
    }
    return Math.abs(this.hLast !== 0 ? this.hLast : this.h) * this.stiffRadius;
  }
}

export const rodasFactory: SolverFactory = (system, t0, y0, tBound, options, counters) => new RodasSolver(system, t0, y0, tBound, options, counters);
