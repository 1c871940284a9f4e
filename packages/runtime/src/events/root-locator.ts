// Locate the first sign change of any root function g_i(t) inside one step, on the solver's dense output.
//
// Method: the modified regula falsi of Hiebert & Shampine ("Implicitly defined output points for
// solutions of ODEs", Sandia report SAND80-0180, 1980) as used by CVODE's rootfinding: all roots are
// searched together, the secant is taken on the root whose estimate comes earliest, and the Illinois
// modification (Dowell & Jarratt 1971) halves / doubles the weight of the endpoint kept twice in a
// row so the bracket shrinks superlinearly from both sides.
//
// Signs are three-valued (-1, 0, +1): a root "changes" when sign(g) differs between the ends, so a g
// that leaves an exact zero (e.g. a state reset onto its threshold by an event) is also located. During
// the search a trial point where g is exactly zero counts as not yet crossed: the located time is
// strictly past the threshold whenever the step itself ends past it.
//
// Tolerance: the bracket [a, b] is shrunk until b - a <= ROOT_TIME_RTOL * max(|a|, |b|, b0 - a0)
// (never below a few ulps). The located time is the RIGHT end b of the final bracket: the side where
// the sign has already changed, so a condition like `x > c` evaluated there is already true.

/** Relative tolerance on the located time, relative to max(|t|, step length). */
export const ROOT_TIME_RTOL = 1e-12;
/** Floor on the tolerance in ulps of t, so the search always terminates. */
const ROOT_TIME_MIN_ULPS = 4;
/** Hard bound on iterations (regula falsi with Illinois needs ~10 for 1e-12). */
const ROOT_MAX_ITERATIONS = 100;
/** Every this many iterations without halving the bracket, bisect instead (guards pathological g). */
const BISECTION_GUARD = 4;

export function sign3(g: number): number {
  return g > 0 ? 1 : g < 0 ? -1 : 0;
}

/** True when some root's three-valued sign differs between gl and gr. NaN never counts as a change. */
export function anyCrossing(gl: Float64Array, gr: Float64Array): boolean {
  for (let i = 0; i < gl.length; i++) if (changed(gl[i]!, gr[i]!)) return true;
  return false;
}

function changed(a: number, b: number): boolean {
  return a === a && b === b && sign3(a) !== sign3(b);
}

/** Inside the search: some root has left gLo's sign for a strictly positive or negative value at the
 *  trial point. An exact zero does not count as crossed, so the located time lies strictly beyond
 *  the threshold and a strict condition (`x > c`) already holds there. */
function passedCrossing(gLo: Float64Array, gMid: Float64Array): boolean {
  for (let i = 0; i < gLo.length; i++) {
    const s = sign3(gMid[i]!);
    if (s !== 0 && changed(gLo[i]!, gMid[i]!)) return true;
  }
  return false;
}

/** Evaluates all root functions at time t (on the dense output) into g. */
export interface RootEvaluator {
  evalRoots(t: number, g: Float64Array): void;
}

function ulp(t: number): number {
  const a = Math.abs(t);
  return a === 0 ? Number.MIN_VALUE : Math.pow(2, Math.floor(Math.log2(a)) - 52);
}

export class RootLocator {
  /** g at the located time (right end of the final bracket). */
  readonly gRight: Float64Array;
  /** Left end of the final bracket: the last time known to be before every crossing. */
  tLeft = NaN;
  /** 1 for roots whose sign differs between the left end of the search and the located time. */
  readonly crossed: Uint8Array;
  /** Total root-function evaluations made by locate(). */
  evaluations = 0;
  private readonly gLo: Float64Array;
  private readonly gMid: Float64Array;

  constructor(readonly nRoots: number) {
    this.gRight = new Float64Array(nRoots);
    this.crossed = new Uint8Array(nRoots);
    this.gLo = new Float64Array(nRoots);
    this.gMid = new Float64Array(nRoots);
  }

  /** Earliest crossing in (tl, tr], given g at both ends with anyCrossing(gl, gr). Returns the located
   *  time; gRight and crossed describe it. Does not allocate. */
  locate(tl: number, gl: Float64Array, tr: number, gr: Float64Array, ev: RootEvaluator): number {
    const m = this.nRoots;
    const gLo = this.gLo;
    const gHi = this.gRight;
    const gMid = this.gMid;
    gLo.set(gl);
    gHi.set(gr);
    let lo = tl;
    let hi = tr;
    const tol = Math.max(ROOT_TIME_RTOL * Math.max(Math.abs(tl), Math.abs(tr), Math.abs(tr - tl)), ROOT_TIME_MIN_ULPS * ulp(Math.max(Math.abs(tl), Math.abs(tr))));
    let alpha = 1;
    let side = 0;
    let sidePrev = -1;
    let spanAtGuard = Math.abs(hi - lo);
    for (let iter = 0; iter < ROOT_MAX_ITERATIONS && Math.abs(hi - lo) > tol; iter++) {
      // Illinois: the same end kept twice in a row gets its weight changed.
      if (side === sidePrev) alpha = side === 2 ? alpha * 2 : alpha * 0.5;
      else alpha = 1;
      // The root whose secant point lies earliest: the largest fraction of the way back from hi.
      let frac = -1;
      for (let i = 0; i < m; i++) {
        const a = gLo[i]!;
        const b = gHi[i]!;
        if (!changed(a, b)) continue;
        // g exactly zero at lo: at the very start the crossing is right there (try lo + tol/2);
        // later lo sits on a plateau of zeros and only bisection makes progress.
        const denom = Math.abs(b) + alpha * Math.abs(a);
        const f = a === 0 ? (iter === 0 ? 1 : 0.5) : Math.abs(b) / denom;
        if (f > frac) frac = f;
      }
      if (frac < 0) frac = 0.5;
      let mid = hi - (hi - lo) * frac;
      if ((iter + 1) % BISECTION_GUARD === 0) {
        if (Math.abs(hi - lo) > 0.5 * spanAtGuard) mid = 0.5 * (lo + hi);
        spanAtGuard = Math.abs(hi - lo);
      }
      // Keep the trial point inside the bracket by at least half the tolerance, so it always shrinks.
      const gap = 0.5 * tol;
      if (Math.abs(mid - lo) < gap) mid = lo + Math.sign(hi - lo) * gap;
      if (Math.abs(hi - mid) < gap) mid = hi - Math.sign(hi - lo) * gap;
      ev.evalRoots(mid, gMid);
      this.evaluations++;
      sidePrev = side;
      if (passedCrossing(gLo, gMid)) {
        hi = mid;
        gHi.set(gMid);
        side = 1;
      } else {
        lo = mid;
        gLo.set(gMid);
        side = 2;
      }
    }
    for (let i = 0; i < m; i++) this.crossed[i] = changed(gl[i]!, gHi[i]!) ? 1 : 0;
    this.tLeft = lo;
    return hi;
  }
}
