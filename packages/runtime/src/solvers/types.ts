// The step-wise ODE solver contract shared by every method (modelled on SciPy's OdeSolver).
//
// A solver advances from tOld to t one step at a time, never past tBound, and can interpolate
// the solution anywhere in the last step (dense output). The simulate driver owns everything
// else: output times, events, restarts after discontinuities, method switching.

import type { SparsePattern } from '../model.js';

/** The system y' = f(t, y) with an optional analytic Jacobian in sparse (CSR) form. */
export interface OdeSystem {
  readonly n: number;
  rhs(t: number, y: Float64Array, dy: Float64Array): void;
  /** Jacobian values in the order of `pattern`; absent: the solver uses finite differences. */
  jac?(t: number, y: Float64Array, values: Float64Array): void;
  readonly pattern?: SparsePattern;
}

export interface SolverOptions {
  /** Per-component relative and absolute tolerances (length n). */
  readonly rtol: Float64Array;
  readonly atol: Float64Array;
  /** Largest step allowed (Infinity for none). */
  readonly maxStep: number;
  /** Initial step; 0 selects one automatically (Hairer–Wanner's starting-step heuristic). */
  readonly firstStep: number;
}

export type SolverStatus = 'running' | 'finished' | 'failed';

export interface SolverCounters {
  /** Accepted steps, rejected steps, rhs evaluations, Jacobian evaluations, LU factorisations. */
  steps: number;
  rejected: number;
  nfev: number;
  njev: number;
  nlu: number;
}

/** One method. `step()` returns false when the step failed (status 'failed', message set). */
export interface OdeSolver {
  readonly name: string;
  readonly n: number;
  /** Current time and state (end of the last accepted step). */
  readonly t: number;
  readonly y: Float64Array;
  /** Start of the last accepted step. */
  readonly tOld: number;
  status: SolverStatus;
  message: string;
  readonly counters: SolverCounters;
  /** Direction and bound: the solver never steps past tBound. Changing it is allowed between steps. */
  tBound: number;
  /** Advance one accepted step (possibly after rejected attempts). */
  step(): boolean;
  /** Interpolate the solution at time tq in [tOld, t] into out (length n). */
  dense(tq: number, out: Float64Array): void;
  /** Restart from (t0, y0) after a discontinuity: discards history (BDF order, last step size hints). */
  reset(t0: number, y0: Float64Array): void;
  /** For `auto` switching: an estimate of |h * lambda_max| on the last step, or NaN if unknown. */
  stiffnessEstimate(): number;
  /** The step size the method would try next. */
  readonly hNext: number;
}

export type SolverFactory = (system: OdeSystem, t0: number, y0: Float64Array, tBound: number, options: SolverOptions, counters: SolverCounters) => OdeSolver;
