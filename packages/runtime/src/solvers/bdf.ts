// Variable-order (1-5), variable-step BDF with the numerical differentiation formula
// modification, for stiff systems.
//
// Method: L. F. Shampine and M. W. Reichelt, "The MATLAB ODE Suite", SIAM J. Sci. Comput. 18(1),
// 1997 (ode15s: NDF coefficients kappa, quasi-constant step size with the backward-difference
// array D rescaled on every step size change, simplified Newton iteration with a stored LU and
// Jacobian reuse, order selection from the error estimates of orders k-1, k, k+1), following
// SciPy's scipy/integrate/_ivp/bdf.py step by step; for the BDF/Newton background see G. D. Byrne
// and A. C. Hindmarsh, "A polyalgorithm for the numerical solution of ordinary differential
// equations", ACM TOMS 1(1), 1975. The Jacobian is re-evaluated only when Newton fails to
// converge with a stale one; the LU of I - c*J (c = h/alpha_k) is redone when c has moved more
// than 30% or after 20 steps (CVODE's rule, with its correction factor for a stale c), not on
// every change of h or order as in SciPy. Dense output is the interpolating polynomial held in D.

import type { LinearSolver } from '../linalg/linear-solver.js';
import { createLinearSolver } from '../linalg/linear-solver.js';
import { allFinite, JacobianEvaluator, minStepAt, rmsNorm, selectInitialStep, spectralRadius } from './stiff-common.js';
import type { OdeSolver, OdeSystem, SolverCounters, SolverFactory, SolverOptions, SolverStatus } from './types.js';

const EPS = 2.220446049250313e-16;
const MAX_ORDER = 5;
/** Newton iterations per attempt before the step counts as not converged. */
const NEWTON_MAXITER = 4;
/** Step size ratio bounds after an error test or an order decision (SciPy's). */
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
/** Base safety factor; SciPy scales it by (2m+1)/(2m+n_iter) to favour cheap Newton solves. */
const SAFETY = 0.9;
/** After an accepted step the next step size and order come from CVODE's biased estimates
 *  eta = 1 / ((BIAS * err)^(1/q) + ADDON) (cvode.c: BIAS1, BIAS2, BIAS3, ADDON): bias 6 for the
 *  orders k-1 and k and 10 for k+1. SciPy's 0.9 * err^(-1/q) aims steps at the tolerance itself,
 *  so global errors came out ~0.2 digit worse than CVODE's at the same rtol/atol on the bench's
 *  sparse networks (mescd 4.9 vs 5.1); the bias buys those digits back for ~3-8% more steps. */
const BIAS_LOWER = 6;
const BIAS_SAME = 6;
const BIAS_HIGHER = 10;
const ADDON = 1e-6;
/** Step size ratio after a Newton failure with a fresh Jacobian, or a singular matrix. */
const NEWTON_FAILURE_FACTOR = 0.5;
/** The LU of I - c*J is kept while c stays within this relative distance of the c it was made
 *  with, for at most LU_MAX_STEPS steps (CVODE's dgmax = 0.3 and msbp = 20, Hindmarsh et al.,
 *  ACM TOMS 31(3), 2005): Newton corrections made with it are scaled by 2 / (1 + c/c_lu), which
 *  makes up for the stale c to first order. Refactoring on every change of c (SciPy's rule) costs
 *  about 30% more factorisations, which dominate large sparse systems. */
const LU_MAX_C_CHANGE = 0.3;
const LU_MAX_STEPS = 20;
/** Smallest Newton tolerance, in units of the error tolerance (see the constructor). */
const NEWTON_TOL_FLOOR = 0.01;

/** NDF coefficients of ode15s (kappa) and the derived BDF constants, index = order. */
const KAPPA = [0, -0.185, -1 / 9, -0.0823, -0.0415, 0];
const GAMMA = new Float64Array(MAX_ORDER + 1);
const ALPHA = new Float64Array(MAX_ORDER + 1);
const ERROR_CONST = new Float64Array(MAX_ORDER + 2);
for (let k = 1; k <= MAX_ORDER; k++) GAMMA[k] = GAMMA[k - 1] + 1 / k;
for (let k = 0; k <= MAX_ORDER; k++) {
  ALPHA[k] = (1 - KAPPA[k]) * GAMMA[k];
  ERROR_CONST[k] = KAPPA[k] * GAMMA[k] + 1 / (k + 1);
}
ERROR_CONST[MAX_ORDER + 1] = 1 / (MAX_ORDER + 2);

export class BdfSolver implements OdeSolver {
  readonly name = 'BDF';
  readonly n: number;
  t: number;
  readonly y: Float64Array;
  tOld: number;
  status: SolverStatus = 'running';
  message = '';
  readonly counters: SolverCounters;
  tBound: number;

  private readonly system: OdeSystem;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;
  private readonly maxStep: number;
  private readonly firstStep: number;
  private readonly newtonTol: number;
  private readonly jac: JacobianEvaluator;
  private readonly lin: LinearSolver;

  /** Backward differences D[0..MAX_ORDER+2], row k at [k*n, (k+1)*n). */
  private readonly D: Float64Array;
  private readonly yPredict: Float64Array;
  private readonly psi: Float64Array;
  private readonly yNew: Float64Array;
  private readonly d: Float64Array;
  private readonly dy: Float64Array;
  private readonly f: Float64Array;
  private readonly scale: Float64Array;
  private readonly err: Float64Array;
  private readonly tmpD: Float64Array;
  private readonly R: Float64Array;
  private readonly U: Float64Array;
  private readonly RU: Float64Array;
  /** Dense output: D rows of the last step when the end-of-step rescaling changed D. */
  private readonly denseD: Float64Array;
  private denseFromCopy = false;
  private denseOrder = 0;
  private denseH = 0;
  private readonly powV: Float64Array;
  private readonly powW: Float64Array;

  private hAbs = 0;
  private order = 1;
  private nEqualSteps = 0;
  private luValid = false;
  /** c of the current LU, and accepted steps since it was made. */
  private luC = NaN;
  private luSteps = 0;
  private haveJac = false;
  private jacVersion = 0;
  private stiffVersion = -1;
  private stiffRadius = NaN;
  private direction = 1;

  constructor(system: OdeSystem, t0: number, y0: Float64Array, tBound: number, options: SolverOptions, counters: SolverCounters) {
    const n = system.n;
    this.n = n;
    this.system = system;
    this.counters = counters;
    this.rtol = options.rtol;
    this.atol = options.atol;
    this.maxStep = options.maxStep;
    this.firstStep = options.firstStep;
    this.tBound = tBound;
    let rtolMin = Infinity;
    for (let i = 0; i < n; i++) rtolMin = Math.min(rtolMin, options.rtol[i]);
    if (!(rtolMin < Infinity)) rtolMin = 1e-3;
    // SciPy's min(0.03, sqrt(rtol)), floored at NEWTON_TOL_FLOOR: the Newton norm is already in
    // units of the tolerance (atol + rtol |y|), so sqrt(rtol) below that asks tight tolerances for
    // an iteration error of 0.1% of the tolerance; 1% keeps the same accuracy on the test set and
    // the bench's networks with about 20% fewer iterations (rhs evaluations and solves).
    this.newtonTol = Math.max((10 * EPS) / rtolMin, Math.min(0.03, Math.max(NEWTON_TOL_FLOOR, Math.sqrt(rtolMin))));
    this.jac = new JacobianEvaluator(system);
    this.lin = createLinearSolver(this.jac.pattern);
    this.y = new Float64Array(n);
    this.D = new Float64Array((MAX_ORDER + 3) * n);
    this.yPredict = new Float64Array(n);
    this.psi = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.d = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.f = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.err = new Float64Array(n);
    this.tmpD = new Float64Array((MAX_ORDER + 1) * n);
    this.R = new Float64Array((MAX_ORDER + 1) * (MAX_ORDER + 1));
    this.U = new Float64Array((MAX_ORDER + 1) * (MAX_ORDER + 1));
    this.RU = new Float64Array((MAX_ORDER + 1) * (MAX_ORDER + 1));
    this.denseD = new Float64Array((MAX_ORDER + 1) * n);
    this.powV = new Float64Array(n);
    this.powW = new Float64Array(n);
    this.t = t0;
    this.tOld = t0;
    this.reset(t0, y0);
  }

  get hNext(): number {
    return this.hAbs;
  }

  reset(t0: number, y0: Float64Array): void {
    const n = this.n;
    this.t = t0;
    this.tOld = t0;
    this.y.set(y0);
    this.status = 'running';
    this.message = '';
    this.direction = this.tBound >= t0 ? 1 : -1;
    const f = this.f;
    this.system.rhs(t0, this.y, f);
    this.counters.nfev++;
    if (!allFinite(f)) {
      this.status = 'failed';
      this.message = `non-finite derivative at t = ${t0}`;
      return;
    }
    this.hAbs = this.firstStep > 0
      ? this.firstStep
      : selectInitialStep(this.system, t0, this.y, f, this.direction, 1, this.rtol, this.atol, this.maxStep, this.tBound, this.yNew, this.dy, this.counters);
    if (!(this.hAbs > 0)) this.hAbs = Math.max(Math.abs(this.tBound - t0), 1e-6);
    const D = this.D;
    D.fill(0);
    D.set(y0, 0);
    const hd = this.hAbs * this.direction;
    for (let i = 0; i < n; i++) D[n + i] = f[i] * hd;
    this.order = 1;
    this.nEqualSteps = 0;
    this.luValid = false;
    this.haveJac = false;
    this.denseFromCopy = false;
    this.denseOrder = 0;
    this.denseH = 0;
  }

  step(): boolean {
    if (this.status === 'failed') return false;
    if (this.t === this.tBound) {
      this.status = 'finished';
      return true;
    }
    this.status = 'running';
    const dir = this.tBound > this.t ? 1 : -1;
    if (dir !== this.direction) {
      // tBound moved behind us: restart from the current point in the new direction.
      this.reset(this.t, this.y);
    }
    if (!this.stepImpl()) {
      this.status = 'failed';
      return false;
    }
    if (this.t === this.tBound) this.status = 'finished';
    return true;
  }

  /** D[0..order] := (R(order, factor) U(order))^T D[0..order]: the same polynomial at step size factor*h. */
  private changeD(order: number, factor: number): void {
    const n = this.n;
    const m = order + 1;
    computeR(order, factor, this.R);
    computeR(order, 1, this.U);
    const R = this.R;
    const U = this.U;
    const RU = this.RU;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += R[i * m + k] * U[k * m + j];
        RU[i * m + j] = s;
      }
    }
    const D = this.D;
    const tmp = this.tmpD;
    for (let i = 0; i < m * n; i++) tmp[i] = D[i];
    for (let j = 0; j < m; j++) {
      const off = j * n;
      for (let i = 0; i < n; i++) D[off + i] = 0;
      for (let k = 0; k < m; k++) {
        const c = RU[k * m + j];
        if (c === 0) continue;
        const src = k * n;
        for (let i = 0; i < n; i++) D[off + i] += c * tmp[src + i];
      }
    }
  }

  private stepImpl(): boolean {
    const n = this.n;
    const t = this.t;
    const D = this.D;
    const dir = this.direction;
    const minStep = minStepAt(t);
    const rtol = this.rtol;
    const atol = this.atol;
    const counters = this.counters;
    const yPredict = this.yPredict;
    const psi = this.psi;
    const scale = this.scale;
    const yNew = this.yNew;
    const d = this.d;
    let hAbs: number;
    if (this.hAbs > this.maxStep) {
      hAbs = this.maxStep;
      this.changeD(this.order, this.maxStep / this.hAbs);
      this.nEqualSteps = 0;
    } else if (this.hAbs < minStep) {
      hAbs = minStep;
      this.changeD(this.order, minStep / this.hAbs);
      this.nEqualSteps = 0;
    } else {
      hAbs = this.hAbs;
    }
    let order = this.order;
    let currentJac = false;
    if (!this.haveJac) {
      this.evaluateJacobian(t, this.y, hAbs);
      currentJac = true;
    }
    let tNew = t;
    let nIter = 0;
    let errorNorm = 0;
    for (;;) {
      if (hAbs < minStep) {
        this.message = `step size too small at t = ${t}`;
        return false;
      }
      let h = hAbs * dir;
      tNew = t + h;
      if (dir * (tNew - this.tBound) > 0) {
        tNew = this.tBound;
        this.changeD(order, Math.abs(tNew - t) / hAbs);
        this.nEqualSteps = 0;
      }
      h = tNew - t;
      hAbs = Math.abs(h);

      // Predictor: y_predict = sum D[0..order]; psi = sum_{j=1..order} gamma_j D[j] / alpha_order.
      const alpha = ALPHA[order];
      for (let i = 0; i < n; i++) {
        let yp = D[i];
        let ps = 0;
        for (let j = 1; j <= order; j++) {
          const v = D[j * n + i];
          yp += v;
          ps += GAMMA[j] * v;
        }
        yPredict[i] = yp;
        psi[i] = ps / alpha;
        scale[i] = atol[i] + rtol[i] * Math.abs(yp);
      }
      const c = h / alpha;

      let converged = false;
      for (;;) {
        let freshLu = false;
        if (!this.luValid || Math.abs(c / this.luC - 1) > LU_MAX_C_CHANGE || this.luSteps >= LU_MAX_STEPS) {
          counters.nlu++;
          this.luValid = false;
          if (!this.lin.factor(this.jac.values, c)) break;
          this.luValid = true;
          this.luC = c;
          this.luSteps = 0;
          freshLu = true;
        }
        nIter = this.newton(tNew, c);
        converged = nIter > 0;
        if (converged) break;
        // A stale LU first: refactor with the current c before paying for a new Jacobian.
        if (!freshLu && this.luC !== c) {
          this.luValid = false;
          continue;
        }
        if (currentJac) break;
        this.evaluateJacobian(tNew, yPredict, hAbs);
        this.luValid = false;
        currentJac = true;
      }
      if (!converged) {
        counters.rejected++;
        hAbs *= NEWTON_FAILURE_FACTOR;
        this.changeD(order, NEWTON_FAILURE_FACTOR);
        this.nEqualSteps = 0;
        continue;
      }

      const safety = (SAFETY * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + nIter);
      const ec = ERROR_CONST[order];
      for (let i = 0; i < n; i++) {
        scale[i] = atol[i] + rtol[i] * Math.abs(yNew[i]);
        this.err[i] = ec * d[i];
      }
      errorNorm = rmsNorm(this.err, scale);
      if (errorNorm > 1) {
        counters.rejected++;
        const factor = Math.max(MIN_FACTOR, safety * Math.pow(errorNorm, -1 / (order + 1)));
        hAbs *= factor;
        this.changeD(order, factor);
        this.nEqualSteps = 0;
        // The LU is kept while c stays close (LU_MAX_C_CHANGE); a failure to converge refactors.
        continue;
      }

      // Accepted.
      this.nEqualSteps++;
      this.tOld = t;
      this.t = tNew;
      this.y.set(yNew);
      this.hAbs = hAbs;
      counters.steps++;
      this.luSteps++;
      // D^{j+1} y_n = D^j y_n - D^j y_{n-1}: D[order+2] = d - D[order+1], D[order+1] = d, then accumulate down.
      const o1 = (order + 1) * n;
      const o2 = (order + 2) * n;
      for (let i = 0; i < n; i++) {
        D[o2 + i] = d[i] - D[o1 + i];
        D[o1 + i] = d[i];
      }
      for (let j = order; j >= 0; j--) {
        const off = j * n;
        const nxt = (j + 1) * n;
        for (let i = 0; i < n; i++) D[off + i] += D[nxt + i];
      }
      this.denseOrder = order;
      this.denseH = h;
      this.denseFromCopy = false;
      if (this.nEqualSteps < order + 1) return true;

      // Order and step size selection from the error estimates at orders k-1, k, k+1.
      const errM = order > 1 ? this.errorAt(order - 1, order) : Infinity;
      const errP = order < MAX_ORDER ? this.errorAt(order + 1, order + 2) : Infinity;
      const fM = 1 / (Math.pow(BIAS_LOWER * errM, 1 / order) + ADDON);
      const f0 = 1 / (Math.pow(BIAS_SAME * errorNorm, 1 / (order + 1)) + ADDON);
      const fP = 1 / (Math.pow(BIAS_HIGHER * errP, 1 / (order + 2)) + ADDON);
      let best = f0;
      let delta = 0;
      if (fM > best) {
        best = fM;
        delta = -1;
      }
      if (fP > best) {
        best = fP;
        delta = 1;
      }
      // SciPy takes argmax over [k-1, k, k+1] (first on ties, so lower orders win ties).
      if (fM === f0 && delta === 0 && fM >= fP) delta = -1;
      // The bias replaces SciPy's safety factor; the Newton-iteration scaling stays.
      const factor = Math.min(MAX_FACTOR, (safety / SAFETY) * best);
      // Dense output must describe the step just taken: keep D before it is rescaled.
      const denseD = this.denseD;
      for (let i = 0; i < (order + 1) * n; i++) denseD[i] = D[i];
      this.denseFromCopy = true;
      order += delta;
      this.order = order;
      this.hAbs = hAbs * factor;
      this.changeD(order, factor);
      this.nEqualSteps = 0;
      return true;
    }
  }

  /** ||ERROR_CONST[k] * D[row]|| in the current scale. */
  private errorAt(k: number, row: number): number {
    const n = this.n;
    const D = this.D;
    const ec = ERROR_CONST[k];
    const err = this.err;
    for (let i = 0; i < n; i++) err[i] = ec * D[row * n + i];
    return rmsNorm(err, this.scale);
  }

  /**
   * Simplified Newton for y = y_predict + d, (I - cJ) dy = c f(t, y) - psi - d. Returns the number
   * of iterations when converged, 0 when not (SciPy's solve_bdf_system).
   */
  private newton(tNew: number, c: number): number {
    const n = this.n;
    const y = this.yNew;
    const d = this.d;
    const dy = this.dy;
    const f = this.f;
    const psi = this.psi;
    const scale = this.scale;
    const tol = this.newtonTol;
    y.set(this.yPredict);
    d.fill(0);
    let dyNormOld = -1;
    // The LU may belong to an earlier c (see LU_MAX_C_CHANGE): CVODE's correction factor.
    const gamRatio = c / this.luC;
    const corr = 2 / (1 + gamRatio);
    for (let k = 0; k < NEWTON_MAXITER; k++) {
      this.system.rhs(tNew, y, f);
      this.counters.nfev++;
      let finite = true;
      for (let i = 0; i < n; i++) {
        const fi = f[i];
        if (fi - fi !== 0) finite = false;
        dy[i] = c * fi - psi[i] - d[i];
      }
      if (!finite) return 0;
      this.lin.solve(dy);
      if (gamRatio !== 1) for (let i = 0; i < n; i++) dy[i] *= corr;
      const dyNorm = rmsNorm(dy, scale);
      const rate = dyNormOld >= 0 ? dyNorm / dyNormOld : -1;
      if (rate >= 0 && (rate >= 1 || (Math.pow(rate, NEWTON_MAXITER - k) / (1 - rate)) * dyNorm > tol)) return 0;
      for (let i = 0; i < n; i++) {
        y[i] += dy[i];
        d[i] += dy[i];
      }
      if (dyNorm === 0 || (rate >= 0 && (rate / (1 - rate)) * dyNorm < tol)) return k + 1;
      dyNormOld = dyNorm;
    }
    return 0;
  }

  private evaluateJacobian(t: number, y: Float64Array, hAbs: number): void {
    if (!this.jac.analytic) {
      this.system.rhs(t, y, this.f);
      this.counters.nfev++;
    }
    this.jac.evaluate(t, y, this.f, hAbs, this.rtol, this.atol, this.counters);
    this.haveJac = true;
    this.jacVersion++;
  }

  dense(tq: number, out: Float64Array): void {
    const n = this.n;
    const order = this.denseOrder;
    const D = this.denseFromCopy ? this.denseD : this.D;
    const h = this.denseH;
    if (order === 0 || h === 0) {
      out.set(this.y);
      return;
    }
    for (let i = 0; i < n; i++) out[i] = D[i];
    // p_j = prod_{m<=j} (tq - (t - m h)) / ((m + 1) h)
    let p = 1;
    for (let j = 0; j < order; j++) {
      p *= (tq - (this.t - j * h)) / ((j + 1) * h);
      const off = (j + 1) * n;
      for (let i = 0; i < n; i++) out[i] += D[off + i] * p;
    }
  }

  /** |h| times a power-iteration estimate of the spectral radius of the (possibly stale) Jacobian. */
  stiffnessEstimate(): number {
    if (!this.haveJac) return NaN;
    if (this.stiffVersion !== this.jacVersion) {
      this.stiffRadius = spectralRadius(this.jac.pattern, this.jac.values, this.powV, this.powW);
      this.stiffVersion = this.jacVersion;
    }
    const h = this.denseH !== 0 ? Math.abs(this.denseH) : this.hAbs;
    return h * this.stiffRadius;
  }
}

/** SciPy's compute_R: the (order+1)^2 matrix that rescales backward differences by `factor`. */
function computeR(order: number, factor: number, out: Float64Array): void {
  const m = order + 1;
  for (let j = 0; j < m; j++) out[j] = 1;
  for (let i = 1; i < m; i++) {
    out[i * m] = 0;
    for (let j = 1; j < m; j++) out[i * m + j] = out[(i - 1) * m + j] * ((i - 1 - factor * j) / i);
  }
}

export const bdfFactory: SolverFactory = (system, t0, y0, tBound, options, counters) => new BdfSolver(system, t0, y0, tBound, options, counters);
