// The simulate driver: integrates a CompiledModel over [t0, tEnd] with events, logic and method switching.
//
// The driver owns everything a single solver does not: output at requested times (always by dense
// output, never by shortening steps), root location of thresholds on the dense output, timed and
// triggered events with SBML semantics (events/event-engine.ts), logic nodes of hybrid models updated
// to a fixed point at every instant, clean restarts after discontinuities, stiffness-based method
// switching for `auto`, and failure reporting that keeps the rows computed so far. It never throws for
// a failed integration; it throws only for invalid options (a programming error of the caller).
//
// Output convention (SBML test suite): a row requested exactly at an event time reports the state
// AFTER the events of that instant (cascades included) have been applied.
//
// The inner loop (step, root check, dense output rows) does not allocate: every buffer is made once.

import type { CompiledModel, SparsePattern } from './model.js';
import type { OdeSolver, OdeSystem, SolverCounters, SolverFactory, SolverOptions } from './solvers/types.js';
import { DOPRI5_STIFF_HLAMBDA, dopri5Factory } from './solvers/dopri5.js';
import { bdfFactory, rodasFactory } from './solvers/stiff.js';
import type { StiffSystemHints } from './solvers/stiff-common.js';
import { EventEngine, POINT_STATE_CHANGED, type EventLogEntry } from './events/event-engine.js';
import { RootLocator, anyCrossing, type RootEvaluator } from './events/root-locator.js';

export type SimulationMethod = 'auto' | 'dopri5' | 'rodas' | 'bdf';
/** A concrete integration method. */
export type SolverName = Exclude<SimulationMethod, 'auto'>;

export interface SimulateOptions {
  /** Start time; default 0. */
  readonly t0?: number;
  readonly tEnd: number;
  /** Output times (non-decreasing, within [t0, tEnd]); default: `points` equally spaced on [t0, tEnd]. */
  readonly times?: ArrayLike<number>;
  /** Number of equally spaced output times when `times` is absent; default 101. */
  readonly points?: number;
  /** Relative and absolute tolerances, scalar or per state; defaults DEFAULT_RTOL, DEFAULT_ATOL. */
  readonly rtol?: number | Float64Array;
  readonly atol?: number | Float64Array;
  /** Integration method; default 'auto' (DOPRI5, switching to a stiff method when stiffness is detected). */
  readonly method?: SimulationMethod;
  /** The full parameter vector p (length model.nParams), including discrete variables and logic slots. */
  readonly params: Float64Array;
  /** When given, model.derivedParams(p, overridden) recomputes parameters defined by expressions. */
  readonly overridden?: Uint8Array;
  /** Initial state; default model.initial(p). */
  readonly y0?: Float64Array;
  /** Bound on accepted steps over the whole run; default DEFAULT_MAX_STEPS. */
  readonly maxSteps?: number;
  /** Largest step any solver may take; default Infinity. */
  readonly maxStep?: number;
  /** Receives non-fatal warnings (oscillating logic, stiffness without a stiff method, surrogate
   *  inputs outside their training range, ...). */
  readonly onWarning?: (message: string) => void;
  /** Names of the surrogate inputs (ModelInfo.surrogateInputs) for out-of-range warnings. */
  readonly surrogateInputNames?: readonly string[];
  /** Solver implementations to use instead of (or in addition to) the built-in ones. */
  readonly solvers?: Partial<Record<SolverName, SolverFactory>>;
  /** Seed of the random order of simultaneous events of equal priority (SBML); default
   *  DEFAULT_EVENT_SEED, so runs are reproducible unless the caller varies it. */
  readonly seed?: number;
}

export type FailureKind = 'step-size' | 'nan' | 'max-steps' | 'singular' | 'event-cascade';

export interface SimulationFailure {
  readonly t: number;
  readonly kind: FailureKind;
  /** Indices of the offending state variables (non-finite values or derivatives); empty when unknown. */
  readonly states: number[];
  /** For a non-finite derivative: indices of the reactions whose rate is not finite there. */
  readonly reactions?: number[];
}

export interface SimulationStats {
  /** Accepted and rejected steps, rhs and Jacobian evaluations, LU factorisations (all solvers). */
  steps: number;
  rejected: number;
  rhs: number;
  jac: number;
  lu: number;
  /** Located root crossings, executed events, method switches (auto). */
  roots: number;
  events: number;
  switches: number;
}

/** A run's output, columnar: column i of `states` holds state i at each output time. */
export interface SimulationResult {
  readonly time: Float64Array;
  readonly states: Float64Array[];
  readonly assigned: Float64Array[];
  readonly observables: Float64Array[];
  /** Logic node values (0/1) per node. */
  readonly logic: Float64Array[];
  /** Final parameter vector (event assignments and logic values included). */
  readonly params: Float64Array;
  /** State at the last time reached (tEnd on success, the failure time otherwise). */
  readonly finalState: Float64Array;
  readonly status: 'success' | 'failed';
  readonly message: string;
  readonly failure?: SimulationFailure;
  readonly stats: SimulationStats;
  readonly eventLog: EventLogEntry[];
}

export const DEFAULT_RTOL = 1e-6;
export const DEFAULT_ATOL = 1e-9;
export const DEFAULT_POINTS = 101;
export const DEFAULT_MAX_STEPS = 100_000;

/** Stiffness detection for `auto` (Hairer II.6, dopri5.f): after this many accepted steps with
 *  |h lambda| above DOPRI5's stability boundary (a non-stiff step of 6 or more resets the count)
 *  the problem is declared stiff. */
export const STIFF_STEPS_TO_SWITCH = 15;
const NONSTIFF_STEPS_TO_RESET = 6;
/** Back to the non-stiff method when the stiff method's steps have |h lambda| below this (the explicit
 *  method would be stable with the same step, with a margin) for this many consecutive steps. */
export const NONSTIFF_HLAMBDA = 1;
export const NONSTIFF_STEPS_TO_SWITCH = 20;

/** `auto` uses BDF rather than Rodas as its stiff method from this many states on. Large models
 *  have sparse Jacobians whose LU factorisation dominates the cost, and BDF needs about a quarter
 *  of Rodas's factorisations (one per step for Rodas, one per several steps for BDF; measured on
 *  the 1,000- and 5,000-species networks of bench/, where BDF takes about half Rodas's time). Small
 *  models keep Rodas, which is as fast there and more accurate at the same tolerances. */
export const AUTO_BDF_MIN_STATES = 200;

/** Built-in solvers. `auto` switches between dopri5 and a stiff method (rodas, or bdf for large
 *  models; whichever is present). */
const BUILTIN_SOLVERS: Partial<Record<SolverName, SolverFactory>> = { dopri5: dopri5Factory, rodas: rodasFactory, bdf: bdfFactory };

/** The model's rhs and Jacobian at the run's current parameter vector p. */
class ModelSystem implements OdeSystem, StiffSystemHints {
  readonly n: number;
  readonly pattern: SparsePattern;
  readonly autonomous: boolean;
  constructor(
    private readonly model: CompiledModel,
    private readonly p: Float64Array,
  ) {
    this.n = model.nStates;
    this.pattern = model.jacPattern;
    this.autonomous = model.autonomous === true;
  }
  rhs(t: number, y: Float64Array, dy: Float64Array): void {
    this.model.rhs(t, y, this.p, dy);
  }
  jac(t: number, y: Float64Array, values: Float64Array): void {
    this.model.jac(t, y, this.p, values);
  }
}

function toleranceVector(v: number | Float64Array | undefined, dflt: number, n: number, name: string): Float64Array {
  if (v === undefined) return new Float64Array(n).fill(dflt);
  if (typeof v === 'number') {
    if (!(v >= 0)) throw new RangeError(`${name} must be >= 0, got ${v}`);
    return new Float64Array(n).fill(v);
  }
  if (v.length !== n) throw new RangeError(`${name} has length ${v.length}, expected ${n} (one per state)`);
  return Float64Array.from(v);
}

function outputTimes(t0: number, tEnd: number, times: ArrayLike<number> | undefined, points: number | undefined): Float64Array {
  if (times !== undefined) {
    const out = Float64Array.from(times);
    for (let k = 0; k < out.length; k++) {
      const t = out[k]!;
      if (!(t >= t0 && t <= tEnd)) throw new RangeError(`output time ${t} is outside [${t0}, ${tEnd}]`);
      if (k > 0 && t < out[k - 1]!) throw new RangeError(`output times must be non-decreasing (${out[k - 1]} then ${t})`);
    }
    return out;
  }
  const m = points ?? DEFAULT_POINTS;
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`points must be a positive integer, got ${m}`);
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) out[k] = t0 + ((tEnd - t0) * k) / Math.max(1, m - 1);
  if (m > 1) out[m - 1] = tEnd;
  return out;
}

function nonFiniteIndices(v: Float64Array): number[] {
  const bad: number[] = [];
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) bad.push(i);
  return bad;
}

function allFinite(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

/** One run: buffers, output columns, the event engine and the current solver. */
class Simulation implements RootEvaluator {
  private readonly n: number;
  private readonly t0: number;
  private readonly tEnd: number;
  private readonly times: Float64Array;
  private readonly maxSteps: number;
  private readonly auto: boolean;
  private readonly p: Float64Array;
  /** The state at instants (t0, crossings, events): where events are applied. */
  private readonly y: Float64Array;
  private readonly yOut: Float64Array;
  private readonly yRoot: Float64Array;
  private readonly dy: Float64Array;
  private readonly gOld: Float64Array;
  private readonly gNew: Float64Array;
  private readonly gLeft: Float64Array;
  private readonly assignedBuf: Float64Array;
  private readonly observablesBuf: Float64Array;

  private readonly time: Float64Array;
  private readonly states: Float64Array[];
  private readonly assigned: Float64Array[];
  private readonly observables: Float64Array[];
  private readonly logic: Float64Array[];
  private row = 0;
  private outIndex = 0;

  private readonly counters: SolverCounters = { steps: 0, rejected: 0, nfev: 0, njev: 0, nlu: 0 };
  private extraRhs = 0;
  private rootCount = 0;
  /** 1 for roots of `if` conditions in the right-hand side (CompiledModel.discontinuityRoots). */
  private readonly isDiscontinuity: Uint8Array;
  /** Set while a step is repeated up to the crossing time redoTo of a discontinuity. */
  private redoing = false;
  private redoTo = NaN;
  private justRedone = false;
  private chatterCount = 0;
  private chatterFrom = NaN;
  private switches = 0;

  private readonly system: ModelSystem;
  private readonly solverOptions: SolverOptions;
  private readonly factories: Partial<Record<SolverName, SolverFactory>>;
  private readonly solvers: Partial<Record<SolverName, OdeSolver>> = {};
  private readonly nonStiffName: SolverName;
  private readonly stiffName: SolverName | undefined;
  private solver!: OdeSolver;
  private current: SolverName;
  private stiffRun = 0;
  private calmRun = 0;
  private warnedNoStiff = false;

  private readonly engine: EventEngine;
  private readonly locator: RootLocator;
  private readonly warn: (message: string) => void;
  private readonly surrogateInputNames: readonly string[] | undefined;

  private done = false;
  private failure: SimulationFailure | undefined;
  private message = '';

  constructor(
    private readonly model: CompiledModel,
    options: SimulateOptions,
  ) {
    const n = model.nStates;
    this.n = n;
    const t0 = options.t0 ?? 0;
    const tEnd = options.tEnd;
    if (!Number.isFinite(t0) || !Number.isFinite(tEnd)) throw new RangeError(`t0 and tEnd must be finite (got ${t0}, ${tEnd})`);
    if (tEnd < t0) throw new RangeError(`tEnd (${tEnd}) is before t0 (${t0})`);
    this.t0 = t0;
    this.tEnd = tEnd;
    this.times = outputTimes(t0, tEnd, options.times, options.points);
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    // Every solver reads maxStep as the largest step (Infinity: none); 0 or less would stall one.
    if (options.maxStep !== undefined && !(options.maxStep > 0)) throw new RangeError(`maxStep must be positive (got ${options.maxStep}); leave it out for no limit`);
    if (options.params.length !== model.nParams) throw new RangeError(`params has length ${options.params.length}, expected ${model.nParams}`);
    this.p = Float64Array.from(options.params);
    // The out-of-range record belongs to this run: clear it before anything evaluates a network.
    model.surrogateRange?.flagged.fill(0);
    this.surrogateInputNames = options.surrogateInputNames;
    if (options.overridden) model.derivedParams(this.p, options.overridden);
    this.y = new Float64Array(n);
    if (options.y0) {
      if (options.y0.length !== n) throw new RangeError(`y0 has length ${options.y0.length}, expected ${n}`);
      this.y.set(options.y0);
    } else model.initial(this.p, this.y);

    this.yOut = new Float64Array(n);
    this.yRoot = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.gOld = new Float64Array(model.nRoots);
    this.gNew = new Float64Array(model.nRoots);
    this.gLeft = new Float64Array(model.nRoots);
    this.assignedBuf = new Float64Array(model.nAssigned);
    this.observablesBuf = new Float64Array(model.nObservables);

    const rows = this.times.length;
    const column = (): Float64Array => new Float64Array(rows);
    this.time = column();
    this.states = Array.from({ length: n }, column);
    this.assigned = Array.from({ length: model.nAssigned }, column);
    this.observables = Array.from({ length: model.nObservables }, column);
    this.logic = Array.from({ length: model.nLogic }, column);

    this.warn = options.onWarning ?? (() => {});
    this.system = new ModelSystem(model, this.p);
    this.solverOptions = {
      rtol: toleranceVector(options.rtol, DEFAULT_RTOL, n, 'rtol'),
      atol: toleranceVector(options.atol, DEFAULT_ATOL, n, 'atol'),
      maxStep: options.maxStep ?? Infinity,
      firstStep: 0,
    };
    this.factories = { ...BUILTIN_SOLVERS, ...options.solvers };
    const method = options.method ?? 'auto';
    this.auto = method === 'auto';
    this.nonStiffName = 'dopri5';
    const preferBdf = n >= AUTO_BDF_MIN_STATES;
    this.stiffName = preferBdf && this.factories.bdf ? 'bdf' : this.factories.rodas ? 'rodas' : this.factories.bdf ? 'bdf' : undefined;
    this.current = method === 'auto' ? this.nonStiffName : method;
    if (!this.factories[this.current]) throw new RangeError(`method '${method}' is not available in this runtime`);

    this.engine = new EventEngine(model, this.warn, options.seed);
    this.locator = new RootLocator(model.nRoots);
    this.isDiscontinuity = new Uint8Array(model.nRoots);
    for (const k of model.discontinuityRoots ?? []) this.isDiscontinuity[k] = 1;
  }

  /** RootEvaluator: g on the current step's dense output. */
  evalRoots(t: number, g: Float64Array): void {
    this.solver.dense(t, this.yRoot);
    this.model.roots(t, this.yRoot, this.p, g);
  }

  run(): SimulationResult {
    const { model, p, y, t0 } = this;
    // The instant t0: logic fixed point, initial triggers (against initialValue), timed firings at t0.
    this.engine.start(t0, p);
    this.engine.process(t0, y, p);
    if (this.engine.failure) this.fail('event-cascade', t0, [], this.engine.failure);
    else if (!allFinite(y)) this.failNonFinite(t0, y, 'state');
    this.emitAt(t0, y);
    if (!this.done && t0 === this.tEnd) this.done = true;
    if (!this.done) {
      model.roots(t0, y, p, this.gOld);
      this.solver = this.makeSolver(this.current, t0);
      if (this.solver.status === 'failed') this.failFromSolver();
    }
    while (!this.done) {
      const solver = this.solver;
      if (this.counters.steps >= this.maxSteps) {
        this.y.set(solver.y);
        this.fail('max-steps', solver.t, [], `maximum number of steps (${this.maxSteps}) reached at t = ${solver.t}`);
        break;
      }
      solver.tBound = this.nextStop();
      if (!solver.step()) {
        this.failFromSolver();
        break;
      }
      this.afterStep();
      if (!this.done && this.auto) this.monitorStiffness();
    }
    return this.result();
  }

  private nextStop(): number {
    const stop = Math.min(this.engine.nextTime(), this.tEnd);
    return this.redoing ? Math.min(stop, this.redoTo) : stop;
  }

  /** Roots, outputs and instants inside the step [tOld, t] just accepted. */
  private afterStep(): void {
    const { model, p, y, solver, engine } = this;
    const tr = solver.t;
    let tl = solver.tOld;
    const afterRedo = this.justRedone;
    this.justRedone = false;
    if (model.nRoots > 0) {
      const gNew = this.gNew;
      const gLeft = this.gLeft;
      model.roots(tr, solver.y, p, gNew);
      gLeft.set(this.gOld);
      while (anyCrossing(gLeft, gNew)) {
        const tc = this.locator.locate(tl, gLeft, tr, gNew, this);
        // An `if` condition of the right-hand side flipped inside the step: the stages beyond tc
        // saw the other branch, so the step (and its dense output) straddles a jump. Integrate
        // again from tl up to the left end of the root's final bracket, where no stage sees the
        // new branch; the step after that crosses within the bracket width (~1e-12 relative) and
        // restarts the solver at the crossing. Once per crossing: a crossing found by the repeated
        // step or the one right after it is taken as it is.
        if (!this.redoing && !afterRedo && tc > tl && this.crossedDiscontinuity()) {
          this.redoing = true;
          // One bracket width before its left end: g may be exactly zero there, and a condition
          // like `t < T` is already false at g = 0.
          const before = this.locator.tLeft - (tc - this.locator.tLeft);
          this.redoTo = before > tl ? before : tc;
          solver.dense(tl, y);
          this.restart(tl);
          return;
        }
        this.rootCount++;
        this.emitDense(tc, false);
        solver.dense(tc, y);
        const flags = engine.process(tc, y, p);
        if (engine.failure) return this.fail('event-cascade', tc, [], engine.failure);
        if (flags & POINT_STATE_CHANGED || engine.nextTime() < tr) {
          if (!allFinite(y)) return this.failNonFinite(tc, y, 'state');
          this.emitAt(tc, y);
          this.restart(tc);
          return;
        }
        // An `if` condition of the right-hand side flipped (in the repeated step, or in the step
        // right after it): continue from tc with a fresh solver (no stale history or Jacobian).
        if (this.crossedDiscontinuity()) {
          this.redoing = false;
          if (this.chattering(tc)) return;
          this.restart(tc);
          return;
        }
        // Nothing changed at the crossing: keep the step and look for later crossings in it.
        tl = tc;
        gLeft.set(this.locator.gRight);
      }
      this.gOld.set(gNew);
    }
    // The repeated step ended before the crossing: the next step crosses it.
    if (this.redoing && tr >= this.redoTo) {
      this.redoing = false;
      this.justRedone = true;
    }
    if (tr >= engine.nextTime() || tr === this.tEnd) {
      this.emitDense(tr, false);
      y.set(solver.y);
      const flags = engine.process(tr, y, p);
      if (engine.failure) return this.fail('event-cascade', tr, [], engine.failure);
      if (flags & POINT_STATE_CHANGED && !allFinite(y)) return this.failNonFinite(tr, y, 'state');
      this.emitAt(tr, y);
      if (tr === this.tEnd) {
        this.done = true;
        return;
      }
      if (flags & POINT_STATE_CHANGED) this.restart(tr);
    } else {
      this.emitDense(tr, true);
    }
  }

  /** A condition that keeps flipping back and forth (a sliding mode: each branch drives the state
   *  back across the threshold) would restart the solver forever with ever smaller steps: after
   *  CHATTER_SWITCHES switches within CHATTER_SPAN of the run, stop and say so. */
  private chattering(tc: number): boolean {
    if (this.chatterCount === 0 || tc - this.chatterFrom > CHATTER_SPAN * Math.abs(this.tEnd - this.t0)) {
      this.chatterFrom = tc;
      this.chatterCount = 1;
      return false;
    }
    if (++this.chatterCount < CHATTER_SWITCHES) return false;
    this.fail('step-size', tc, [], `an \`if\` condition of the model switched ${this.chatterCount} times between t = ${this.chatterFrom} and t = ${tc}: its branches push the state back across the threshold (a sliding mode), so neither branch holds; smooth the switch (e.g. a steep Hill function) or model it as an event`);
    return true;
  }

  private crossedDiscontinuity(): boolean {
    const crossed = this.locator.crossed;
    for (let k = 0; k < crossed.length; k++) if (crossed[k] && this.isDiscontinuity[k]) return true;
    return false;
  }

  /** Clean restart from (t, this.y) after a discontinuity. */
  private restart(t: number): void {
    const solver = this.solver;
    solver.tBound = this.nextStop();
    solver.reset(t, this.y);
    if (this.model.nRoots > 0) this.model.roots(t, this.y, this.p, this.gOld);
    if (solver.status === 'failed') this.failFromSolver();
  }

  private makeSolver(name: SolverName, t: number): OdeSolver {
    const factory = this.factories[name]!;
    const solver = factory(this.system, t, this.y, this.nextStop(), this.solverOptions, this.counters);
    this.solvers[name] = solver;
    return solver;
  }

  /** `auto`: Hairer's stiffness test on the non-stiff method's steps; switch back when steps are
   *  well inside the explicit method's stability region again (LSODA's idea, Petzold 1983). */
  private monitorStiffness(): void {
    const estimate = this.solver.stiffnessEstimate();
    if (this.current === this.nonStiffName) {
      if (estimate > DOPRI5_STIFF_HLAMBDA) {
        this.stiffRun++;
        this.calmRun = 0;
      } else if (++this.calmRun >= NONSTIFF_STEPS_TO_RESET) this.stiffRun = 0;
      if (this.stiffRun >= STIFF_STEPS_TO_SWITCH) {
        if (this.stiffName) this.switchTo(this.stiffName);
        else {
          if (!this.warnedNoStiff) this.warn(`the problem seems stiff at t = ${this.solver.t}, but no stiff method is available`);
          this.warnedNoStiff = true;
          this.stiffRun = 0;
        }
      }
    } else {
      if (estimate < NONSTIFF_HLAMBDA) this.calmRun++;
      else this.calmRun = 0;
      if (this.calmRun >= NONSTIFF_STEPS_TO_SWITCH) this.switchTo(this.nonStiffName);
    }
  }

  private switchTo(name: SolverName): void {
    const t = this.solver.t;
    this.y.set(this.solver.y);
    let next = this.solvers[name];
    if (next) {
      next.tBound = this.nextStop();
      next.reset(t, this.y);
    } else next = this.makeSolver(name, t);
    this.solver = next;
    this.current = name;
    this.switches++;
    this.stiffRun = 0;
    this.calmRun = 0;
    if (next.status === 'failed') this.failFromSolver();
  }

  /** Rows for output times before tLimit (and at it when inclusive) from the current step's dense output. */
  private emitDense(tLimit: number, inclusive: boolean): void {
    const times = this.times;
    while (this.outIndex < times.length) {
      const tq = times[this.outIndex]!;
      if (tq > tLimit || (tq === tLimit && !inclusive)) break;
      this.solver.dense(tq, this.yOut);
      this.record(tq, this.yOut);
      this.outIndex++;
    }
  }

  /** Rows for output times up to and including t, from the state y at the instant t. */
  private emitAt(t: number, y: Float64Array): void {
    const times = this.times;
    while (this.outIndex < times.length && times[this.outIndex]! <= t) {
      this.record(times[this.outIndex]!, y);
      this.outIndex++;
    }
  }

  private record(t: number, y: Float64Array): void {
    const { model, p } = this;
    const r = this.row++;
    this.time[r] = t;
    for (let i = 0; i < this.n; i++) this.states[i]![r] = y[i]!;
    if (model.nAssigned > 0) {
      model.assigned(t, y, p, this.assignedBuf);
      for (let k = 0; k < model.nAssigned; k++) this.assigned[k]![r] = this.assignedBuf[k]!;
    }
    if (model.nObservables > 0) {
      model.observables(t, y, p, this.observablesBuf);
      for (let k = 0; k < model.nObservables; k++) this.observables[k]![r] = this.observablesBuf[k]!;
    }
    for (let k = 0; k < model.nLogic; k++) this.logic[k]![r] = p[model.logicOffset + k]!;
  }

  private fail(kind: FailureKind, t: number, states: number[], message: string): void {
    this.failure = { t, kind, states };
    this.message = message;
    this.done = true;
  }

  private failNonFinite(t: number, y: Float64Array, what: 'state' | 'derivative'): void {
    const bad = nonFiniteIndices(y);
    this.fail('nan', t, bad, `non-finite ${what} at t = ${t} (state${bad.length > 1 ? 's' : ''} ${bad.join(', ')})`);
  }

  /** Reactions whose rate is not finite at (t, y). */
  private nonFiniteReactions(t: number, y: Float64Array): number[] {
    const model = this.model;
    if (!model.fluxes || !model.nReactions) return [];
    const rates = new Float64Array(model.nReactions);
    model.fluxes(t, y, this.p, rates);
    return nonFiniteIndices(rates);
  }

  /** Classify a solver failure: non-finite state or derivative (with indices), singular matrix, or
   *  step size underflow. */
  private failFromSolver(): void {
    const solver = this.solver;
    const t = solver.t;
    this.y.set(solver.y);
    if (!allFinite(this.y)) return this.failNonFinite(t, this.y, 'state');
    this.model.rhs(t, this.y, this.p, this.dy);
    this.extraRhs++;
    if (!allFinite(this.dy)) {
      this.failNonFinite(t, this.dy, 'derivative');
      const reactions = this.nonFiniteReactions(t, this.y);
      if (reactions.length && this.failure) this.failure = { ...this.failure, reactions };
      return;
    }
    const msg = solver.message || `integration failed at t = ${t}`;
    const kind: FailureKind = /singular/i.test(msg) ? 'singular' : /non-finite|nan/i.test(msg) ? 'nan' : 'step-size';
    this.fail(kind, t, [], msg);
    if (kind === 'nan') this.probeNonFinite(t);
  }

  /** The solver's trial stages met a non-finite derivative just beyond the last accepted state:
   *  step along the current derivative, in doubling steps from a few ulps of t, to the first state
   *  where some derivative is not finite, and name its states and reactions (the solver keeps no
   *  copy of the failing stage). */
  private probeNonFinite(t: number): void {
    const { model, p, y, dy } = this;
    const n = y.length;
    const probe = new Float64Array(n);
    const dProbe = new Float64Array(n);
    for (let s = Math.max(Math.abs(t), 1) * 1e-15, k = 0; k < 80; s *= 2, k++) {
      for (let i = 0; i < n; i++) probe[i] = y[i]! + s * dy[i]!;
      model.rhs(t + s, probe, p, dProbe);
      this.extraRhs++;
      if (allFinite(dProbe)) continue;
      const reactions = this.nonFiniteReactions(t + s, probe);
      this.failure = { t, kind: 'nan', states: nonFiniteIndices(dProbe), ...(reactions.length ? { reactions } : {}) };
      return;
    }
  }

  /** One warning per surrogate input that left its training range during the run, in time order. */
  private warnSurrogateRange(): void {
    const r = this.model.surrogateRange;
    if (!r) return;
    const seen: number[] = [];
    for (let k = 0; k < r.flagged.length; k++) if (r.flagged[k]) seen.push(k);
    seen.sort((a, b) => r.time[a]! - r.time[b]!);
    for (const k of seen) {
      const name = this.surrogateInputNames?.[k] ?? `#${k}`;
      this.warn(`surrogate input ${name} = ${r.value[k]} at t = ${r.time[k]} is outside its training range [${r.min[k]}, ${r.max[k]}]; the network extrapolates there`);
    }
  }

  private result(): SimulationResult {
    this.warnSurrogateRange();
    const rows = this.row;
    const trim = (c: Float64Array): Float64Array => (rows === c.length ? c : c.slice(0, rows));
    const c = this.counters;
    const failed = this.failure !== undefined;
    return {
      time: trim(this.time),
      states: this.states.map(trim),
      assigned: this.assigned.map(trim),
      observables: this.observables.map(trim),
      logic: this.logic.map(trim),
      params: Float64Array.from(this.p),
      finalState: Float64Array.from(this.y),
      status: failed ? 'failed' : 'success',
      message: failed ? this.message : 'success',
      ...(this.failure ? { failure: this.failure } : {}),
      stats: {
        steps: c.steps,
        rejected: c.rejected,
        rhs: c.nfev + this.extraRhs,
        jac: c.njev,
        lu: c.nlu,
        roots: this.rootCount,
        events: this.engine.log.length,
        switches: this.switches,
      },
      eventLog: this.engine.log.slice(),
    };
  }
}

/** Switches of discontinuities within this fraction of the run that count as chattering. */
const CHATTER_SPAN = 1e-3;
const CHATTER_SWITCHES = 100;

/** Simulate a compiled model. Never throws for a failed integration (status 'failed', partial rows
 *  kept); throws RangeError for invalid options. */
export function simulateCompiled(model: CompiledModel, options: SimulateOptions): SimulationResult {
  return new Simulation(model, options).run();
}
