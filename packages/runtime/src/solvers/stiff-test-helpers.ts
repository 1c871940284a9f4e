// Shared helpers of the stiff-solver tests: run a solver to the end, scaled errors, closed forms.

import type { OdeSolver, OdeSystem, SolverCounters, SolverFactory, SolverOptions } from './types.js';

export function newCounters(): SolverCounters {
  return { steps: 0, rejected: 0, nfev: 0, njev: 0, nlu: 0 };
}

export function options(n: number, rtol: number, atol: number, maxStep = Infinity, firstStep = 0): SolverOptions {
  return { rtol: new Float64Array(n).fill(rtol), atol: new Float64Array(n).fill(atol), maxStep, firstStep };
}

/** Step to tBound; throws with the solver's message if a step fails. */
export function runToEnd(solver: OdeSolver, onStep?: (s: OdeSolver) => void): void {
  while (solver.status === 'running') {
    if (!solver.step()) throw new Error(`${solver.name} failed: ${solver.message}`);
    onStep?.(solver);
  }
}

/** max_i |y_i - exact_i| / (atol + rtol |exact_i|): SciPy's test metric (pass below 5). */
export function scaledError(y: Float64Array, exact: ArrayLike<number>, rtol: number, atol: number): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(y[i] - exact[i]) / (atol + rtol * Math.abs(exact[i])));
  return m;
}

/** Run a factory on a problem and return the solver at the end plus its counters. */
export function solve(factory: SolverFactory, system: OdeSystem, y0: Float64Array, t0: number, tEnd: number, opts: SolverOptions): { solver: OdeSolver; counters: SolverCounters } {
  const counters = newCounters();
  const solver = factory(system, t0, y0, tEnd, opts, counters);
  runToEnd(solver);
  return { solver, counters };
}

/** y' = A y with A = [[-500.5, 499.5], [499.5, -500.5]]: eigenvalues -1 (along [1, 1]) and -1000 (along [1, -1]). */
export function stiffLinear2(withJacobian: boolean): OdeSystem {
  const a = -500.5;
  const b = 499.5;
  const sys: OdeSystem = {
    n: 2,
    rhs(_t, y, dy) {
      dy[0] = a * y[0] + b * y[1];
      dy[1] = b * y[0] + a * y[1];
    },
  };
  if (!withJacobian) return sys;
  return {
    ...sys,
    rhs: sys.rhs,
    pattern: { n: 2, rowPtr: Int32Array.from([0, 2, 4]), colIdx: Int32Array.from([0, 1, 0, 1]) },
    jac(_t, _y, v) {
      v[0] = a;
      v[1] = b;
      v[2] = b;
      v[3] = a;
    },
  };
}

/** Exact solution of stiffLinear2 from y0 = [2, 0]: e^-t [1, 1] + e^-1000t [1, -1]. */
export function stiffLinear2Exact(t: number): [number, number] {
  const slow = Math.exp(-t);
  const fast = Math.exp(-1000 * t);
  return [slow + fast, slow - fast];
}

/** Non-autonomous y' = -lambda (y - cos t) - sin t, exact y = cos t + (y0 - 1) e^(-lambda t). */
export function forcedDecay(lambda: number): OdeSystem {
  return {
    n: 1,
    pattern: { n: 1, rowPtr: Int32Array.from([0, 1]), colIdx: Int32Array.from([0]) },
    rhs(t, y, dy) {
      dy[0] = -lambda * (y[0] - Math.cos(t)) - Math.sin(t);
    },
    jac(_t, _y, v) {
      v[0] = -lambda;
    },
  };
}
