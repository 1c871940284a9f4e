// Dormand–Prince 5(4) explicit Runge–Kutta method with Hairer's DOPRI5 dense output and stiffness detection.
//
// References:
//   J. R. Dormand, P. J. Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6
//     (1980) 19-26: the tableau.
//   E. Hairer, S. P. Nørsett, G. Wanner, "Solving Ordinary Differential Equations I", 2nd ed., Springer
//     1993: II.4 (starting step, p. 169), II.5 (dense output of DOPRI5, the continuous extension of
//     Shampine 1986 in Hairer's form), II.6 / IV.2 (PI step size control with beta = 0.04, stiffness
//     detection from the two last stages, p. 21-22 of volume II), and the Fortran code DOPRI5
//     (dopri5.f, version of 1996) whose constants and control flow this follows.
//   SciPy `integrate/_ivp/rk.py` for the shape: the tableau is data, one generic stepper, counters.
//
// The method is FSAL (first same as last): the derivative at the end of an accepted step is the first
// stage of the next, so an accepted step costs 6 rhs evaluations. All work arrays are allocated once in
// the constructor: step() and dense() never allocate.

import type { OdeSolver, OdeSystem, SolverCounters, SolverFactory, SolverOptions, SolverStatus } from './types.js';

/** The Dormand–Prince 5(4) tableau: nodes C, stage matrix A (row s holds a_{s,0..s-1}), weights B of
 *  the 5th-order solution, error weights E = B - B̂ (7 entries: the 7th stage is the FSAL derivative),
 *  and Hairer's dense output coefficients D (rcont5 = h Σ D_j k_j). */
export const DOPRI5_TABLEAU = {
  order: 5,
  errorEstimatorOrder: 4,
  nStages: 6,
  C: Float64Array.of(0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1),
  A: [
    Float64Array.of(),
    Float64Array.of(1 / 5),
    Float64Array.of(3 / 40, 9 / 40),
    Float64Array.of(44 / 45, -56 / 15, 32 / 9),
    Float64Array.of(19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729),
    Float64Array.of(9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656),
  ],
  B: Float64Array.of(35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84),
  E: Float64Array.of(71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40),
  D: Float64Array.of(
    -12715105075 / 11282082432,
    0,
    87487479700 / 32700410799,
    -10690763975 / 1880347072,
    701980252875 / 199316789632,
    -1453857185 / 822651844,
    69997945 / 29380423,
  ),
} as const;

/** Safety factor on the predicted optimal step (Hairer's SAFE). */
export const SAFETY = 0.9;
/** Smallest and largest ratio h_new / h_old (Hairer's FAC1 = 0.2, FAC2 = 10). */
export const MIN_FACTOR = 0.2;
export const MAX_FACTOR = 10;
/** PI controller: beta of Hairer's "stabilized" step size control (II.4, IV.2), 0.04 for DOPRI5. */
export const PI_BETA = 0.04;
/** The error exponent alpha = 1/5 - 0.75 beta of the PI controller (Hairer's EXPO1). */
const ERROR_EXPONENT = 1 / 5 - 0.75 * PI_BETA;
/** Lower bound of the remembered previous error in the PI controller (Hairer's FACOLD floor). */
const MIN_PREVIOUS_ERROR = 1e-4;
/** A step that would stop within 1% short of tBound is stretched to land on it (Hairer: 1.01 h). */
const STRETCH_TO_BOUND = 1.01;
/** The step fails when |h| falls below this many ulps of t (SciPy: 10 * spacing(t)). */
const MIN_STEP_ULPS = 10;
/** Starting-step heuristic thresholds (Hairer's HINIT). */
const HINIT_SMALL_NORM = 1e-5;
const HINIT_DEFAULT_STEP = 1e-6;
const HINIT_FRACTION = 0.01;
/** The starting step is at least this many ulps of t (CVODE's lower bound HLB_FACTOR * uround * |t|,
 *  Hindmarsh et al. 2005): HINIT's 0.01 d0/d1 goes below the failure threshold for a state that is
 *  tiny but not zero (e.g. 1e-17 left by an event) and moving; the error control shrinks a first step
 *  that is too large anyway. */
const HINIT_MIN_ULPS = 100;
/** Hairer's stiffness threshold: |h lambda| beyond this is on the boundary of DOPRI5's stability region
 *  (which crosses the negative real axis near -3.3). Exported for the `auto` method switch. */
export const DOPRI5_STIFF_HLAMBDA = 3.25;

/** About one ulp of t (within a factor 2): the scale of the smallest meaningful step at t. */
function spacing(t: number): number {
  return Math.max(Math.abs(t) * Number.EPSILON, Number.MIN_VALUE);
}

/** The DOPRI5 solver. Construct through `dopri5Factory` (or directly in tests). */
export class Dopri5 implements OdeSolver {
  readonly name = 'dopri5';
  readonly n: number;
  t: number;
  tOld: number;
  readonly y: Float64Array;
  status: SolverStatus = 'running';
  message = '';
  readonly counters: SolverCounters;
  tBound: number;

  private readonly system: OdeSystem;
  private readonly rtol: Float64Array;
  private readonly atol: Float64Array;
  private readonly maxStep: number;
  private readonly firstStep: number;

  /** Stages k_1..k_7 (k_7 = f(t + h, y_new), FSAL). */
  private readonly K: Float64Array[];
  /** Derivative at (t, y): first stage of the next step. */
  private readonly f: Float64Array;
  private readonly yOld: Float64Array;
  private readonly yNew: Float64Array;
  private readonly yStage: Float64Array;
  /** The argument of stage 6 (at t + h, like stage 7): Hairer's YSTI for stiffness detection. */
  private readonly yStiff: Float64Array;
  /** Dense output coefficients rcont2..rcont5 (rcont1 is yOld), computed lazily after each step. */
  private readonly rcont2: Float64Array;
  private readonly rcont3: Float64Array;
  private readonly rcont4: Float64Array;
  private readonly rcont5: Float64Array;
  private denseReady = false;

  /** Signed size of the last accepted step and absolute size of the next attempt. */
  private hLast = 0;
  private hAbs = 0;
  private needFirstStep = true;
  private previousError = MIN_PREVIOUS_ERROR;
  private lastRejected = false;
  private hLambda = NaN;

  constructor(system: OdeSystem, t0: number, y0: Float64Array, tBound: number, options: SolverOptions, counters: SolverCounters) {
    const n = system.n;
    this.n = n;
    this.system = system;
    this.rtol = options.rtol;
    this.atol = options.atol;
    this.maxStep = options.maxStep;
    this.firstStep = options.firstStep;
    this.counters = counters;
    this.tBound = tBound;
    this.K = [];
    for (let s = 0; s <= DOPRI5_TABLEAU.nStages; s++) this.K.push(new Float64Array(n));
    this.f = new Float64Array(n);
    this.y = new Float64Array(n);
    this.yOld = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.yStage = new Float64Array(n);
    this.yStiff = new Float64Array(n);
    this.rcont2 = new Float64Array(n);
    this.rcont3 = new Float64Array(n);
    this.rcont4 = new Float64Array(n);
    this.rcont5 = new Float64Array(n);
    this.t = t0;
    this.tOld = t0;
    this.reset(t0, y0);
  }

  get hNext(): number {
    return this.hAbs;
  }

  /** Hairer's estimate of |h lambda| on the last accepted step: h |k7 - k6| / |y_new - y_stage6|, both
   *  stages being evaluated at t + h. NaN before the first step or when the two arguments coincide. */
  stiffnessEstimate(): number {
    return this.hLambda;
  }

  reset(t0: number, y0: Float64Array): void {
    this.t = t0;
    this.tOld = t0;
    this.y.set(y0);
    this.yOld.set(y0);
    this.hLast = 0;
    this.hLambda = NaN;
    this.previousError = MIN_PREVIOUS_ERROR;
    this.lastRejected = false;
    this.denseReady = false;
    this.needFirstStep = true;
    this.status = 'running';
    this.message = '';
    this.system.rhs(t0, this.y, this.f);
    this.counters.nfev++;
    if (!allFinite(this.f)) {
      this.status = 'failed';
      this.message = `non-finite derivative at t = ${t0}`;
    }
  }

  step(): boolean {
    if (this.status === 'failed') return false;
    const dir = this.tBound >= this.t ? 1 : -1;
    if (this.t === this.tBound) {
      this.status = 'finished';
      return true;
    }
    this.status = 'running';
    if (this.needFirstStep) {
      this.hAbs = this.firstStep > 0 ? Math.min(this.firstStep, this.maxStep) : this.initialStep(dir);
      this.needFirstStep = false;
    }
    const ok = this.stepImpl(dir);
    if (ok && this.t === this.tBound) this.status = 'finished';
    return ok;
  }

  /** One accepted step, retrying with smaller steps after rejections (dopri5.f, label 1 to 2). */
  private stepImpl(dir: number): boolean {
    const t = this.t;
    let nonFinite = false;
    const minStep = MIN_STEP_ULPS * spacing(t);
    let hAbs = Math.min(this.hAbs, this.maxStep);
    for (;;) {
      if (!(hAbs >= minStep)) {
        this.status = 'failed';
        this.message = `step size too small at t = ${t} (h = ${hAbs.toExponential(3)})` + (nonFinite ? ': non-finite derivative in the attempted steps' : '');
        this.hAbs = hAbs;
        return false;
      }
      let h = hAbs * dir;
      let tNew = t + h;
      // Land exactly on tBound; stretch a step that would stop just short of it (dopri5.f: 1.01 h).
      if ((t + STRETCH_TO_BOUND * h - this.tBound) * dir >= 0) {
        tNew = this.tBound;
        h = tNew - t;
        hAbs = Math.abs(h);
      }
      this.rkStep(t, h);
      const err = this.errorNorm(h);
      const ok = err <= 1;
      if (!Number.isFinite(err)) {
        // NaN/Inf in a stage: retreat as fast as the controller allows.
        this.counters.rejected++;
        this.lastRejected = true;
        nonFinite = true;
        hAbs *= MIN_FACTOR;
        continue;
      }
      const fac11 = Math.pow(err, ERROR_EXPONENT);
      if (ok) {
        // PI control (Gustafsson; Hairer II.4 eq. 4.13 with beta = 0.04).
        let fac = fac11 / Math.pow(this.previousError, PI_BETA);
        fac = Math.max(1 / MAX_FACTOR, Math.min(1 / MIN_FACTOR, fac / SAFETY));
        let hNew = hAbs / fac;
        if (this.lastRejected) hNew = Math.min(hNew, hAbs);
        this.previousError = Math.max(err, MIN_PREVIOUS_ERROR);
        this.lastRejected = false;
        this.estimateStiffness(h);
        this.tOld = t;
        this.t = tNew;
        this.hLast = h;
        this.hAbs = Math.min(hNew, this.maxStep);
        this.yOld.set(this.y);
        this.y.set(this.yNew);
        this.f.set(this.K[DOPRI5_TABLEAU.nStages]!);
        this.denseReady = false;
        this.counters.steps++;
        return true;
      }
      this.counters.rejected++;
      this.lastRejected = true;
      nonFinite = false;
      hAbs = hAbs / Math.min(1 / MIN_FACTOR, fac11 / SAFETY);
    }
  }

  /** The generic explicit RK step over the tableau: stages K, yNew, and the FSAL stage k7 = f(t+h, yNew).
   *  Stage sums are accumulated column by column (one axpy per earlier stage): V8 keeps each inner loop
   *  over two typed arrays, which measured faster than a dot product over the stage index. */
  private rkStep(t: number, h: number): void {
    const A = DOPRI5_TABLEAU.A;
    const B = DOPRI5_TABLEAU.B;
    const C = DOPRI5_TABLEAU.C;
    const nStages = DOPRI5_TABLEAU.nStages;
    const n = this.n;
    const K = this.K;
    const y = this.y;
    const fun = this.system;
    K[0]!.set(this.f);
    for (let s = 1; s < nStages; s++) {
      const a = A[s]!;
      // Stage 6 sits at t + h like stage 7: keep its argument for stiffness detection.
      const ys = s === nStages - 1 ? this.yStiff : this.yStage;
      ys.set(y);
      for (let j = 0; j < s; j++) axpy(n, h * a[j]!, K[j]!, ys);
      fun.rhs(t + C[s]! * h, ys, K[s]!);
    }
    const yNew = this.yNew;
    yNew.set(y);
    for (let j = 0; j < nStages; j++) {
      const b = B[j]!;
      if (b !== 0) axpy(n, h * b, K[j]!, yNew);
    }
    fun.rhs(t + h, yNew, K[nStages]!);
    this.counters.nfev += nStages;
  }

  /** Hairer's RMS error norm with per-component scale atol + rtol max(|y|, |y_new|). The error vector
   *  h Σ E_j k_j is accumulated into yStage (free at this point). */
  private errorNorm(h: number): number {
    const n = this.n;
    if (n === 0) return 0;
    const E = DOPRI5_TABLEAU.E;
    const K = this.K;
    const err = this.yStage;
    err.fill(0);
    for (let j = 0; j < E.length; j++) {
      const e = E[j]!;
      if (e !== 0) axpy(n, h * e, K[j]!, err);
    }
    const { y, yNew, atol, rtol } = this;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol[i]! + rtol[i]! * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
      const r = err[i]! / sc;
      sum += r * r;
    }
    return Math.sqrt(sum / n);
  }

  /** Hairer II.6 / dopri5.f "STIFFNESS DETECTION": with g7 = y_new and g6 = the stage-6 argument (both at
   *  t + h), |h lambda| ≈ |h| ‖k7 - k6‖ / ‖g7 - g6‖ estimates the dominant eigenvalue along the step. */
  private estimateStiffness(h: number): void {
    const n = this.n;
    const k6 = this.K[DOPRI5_TABLEAU.nStages - 1]!;
    const k7 = this.K[DOPRI5_TABLEAU.nStages]!;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const dk = k7[i]! - k6[i]!;
      const dg = this.yNew[i]! - this.yStiff[i]!;
      num += dk * dk;
      den += dg * dg;
    }
    this.hLambda = den > 0 ? Math.abs(h) * Math.sqrt(num / den) : NaN;
  }

  /** Hairer's HINIT (I, II.4): an Euler step of size h0 probes the second derivative. */
  private initialStep(dir: number): number {
    const n = this.n;
    if (n === 0) return Math.min(Math.abs(this.tBound - this.t), this.maxStep);
    const { y, f, yStage, rtol, atol } = this;
    const k1 = this.K[1]!;
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol[i]! + rtol[i]! * Math.abs(y[i]!);
      d0 += (y[i]! / sc) ** 2;
      d1 += (f[i]! / sc) ** 2;
    }
    d0 = Math.sqrt(d0 / n);
    d1 = Math.sqrt(d1 / n);
    let h0 = d0 < HINIT_SMALL_NORM || d1 < HINIT_SMALL_NORM ? HINIT_DEFAULT_STEP : HINIT_FRACTION * (d0 / d1);
    h0 = Math.min(h0, this.maxStep);
    for (let i = 0; i < n; i++) yStage[i] = y[i]! + h0 * dir * f[i]!;
    this.system.rhs(this.t + h0 * dir, yStage, k1);
    this.counters.nfev++;
    let d2 = 0;
    for (let i = 0; i < n; i++) {
      const sc = atol[i]! + rtol[i]! * Math.abs(y[i]!);
      d2 += ((k1[i]! - f[i]!) / sc) ** 2;
    }
    d2 = Math.sqrt(d2 / n) / h0;
    const dMax = Math.max(d1, d2);
    const h1 = dMax <= 1e-15 || !Number.isFinite(dMax) ? Math.max(HINIT_DEFAULT_STEP, h0 * 1e-3) : Math.pow(HINIT_FRACTION / dMax, 1 / DOPRI5_TABLEAU.order);
    return Math.min(Math.max(Math.min(100 * h0, h1), HINIT_MIN_ULPS * spacing(this.t)), this.maxStep);
  }

  /** Hairer's CONTD5: y(tOld + θh) = r1 + θ(r2 + (1-θ)(r3 + θ(r4 + (1-θ) r5))). A quartic interpolant
   *  (local error O(h^5)) matching y and f at both ends of the step. */
  dense(tq: number, out: Float64Array): void {
    const n = this.n;
    const h = this.hLast;
    if (h === 0) {
      out.set(this.y);
      return;
    }
    if (!this.denseReady) this.prepareDense();
    const theta = (tq - this.tOld) / h;
    const theta1 = 1 - theta;
    const { yOld, rcont2, rcont3, rcont4, rcont5 } = this;
    for (let i = 0; i < n; i++) {
      out[i] = yOld[i]! + theta * (rcont2[i]! + theta1 * (rcont3[i]! + theta * (rcont4[i]! + theta1 * rcont5[i]!)));
    }
  }

  private prepareDense(): void {
    const n = this.n;
    const h = this.hLast;
    const D = DOPRI5_TABLEAU.D;
    const K = this.K;
    const k1 = K[0]!;
    const k7 = K[DOPRI5_TABLEAU.nStages]!;
    const { y, yOld, rcont2, rcont3, rcont4, rcont5 } = this;
    for (let i = 0; i < n; i++) {
      const ydiff = y[i]! - yOld[i]!;
      const bspl = h * k1[i]! - ydiff;
      rcont2[i] = ydiff;
      rcont3[i] = bspl;
      rcont4[i] = ydiff - h * k7[i]! - bspl;
    }
    rcont5.fill(0);
    for (let j = 0; j < D.length; j++) {
      const d = D[j]!;
      if (d !== 0) axpy(n, h * d, K[j]!, rcont5);
    }
    this.denseReady = true;
  }
}

/** out += alpha x over the first n entries. */
function axpy(n: number, alpha: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) out[i] += alpha * x[i]!;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** SolverFactory for DOPRI5. */
export const dopri5Factory: SolverFactory = (system, t0, y0, tBound, options, counters) => new Dopri5(system, t0, y0, tBound, options, counters);
