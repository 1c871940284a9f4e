// The contract between generated model code and the runtime: what a compiled twin provides.
//
// Generated code (packages/compiler) produces an object of this shape; the runtime (solvers,
// event handling, logic engine, simulate driver) only ever talks to a model through it.
// Everything is index-based over Float64Arrays: names, units and source ranges travel separately
// as JSON metadata (ModelInfo), never inside generated code.

/** Compressed sparse row pattern of an n x n matrix. Entry k of a values array sits at
 *  row r where rowPtr[r] <= k < rowPtr[r+1], column colIdx[k]. Columns are sorted within a row. */
export interface SparsePattern {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
}

/** A timed event: fires at fixed times known before the run (doses, schedules). Times are
 *  evaluated once from the parameters at the start of a run, so they can depend on parameters. */
export interface TimedEventSpec {
  /** Index of the event in the model's event list (passed to applyEvent). */
  readonly event: number;
  /** First trigger time, period (0 = once), last allowed trigger time (Infinity = unbounded), number
   *  of firings, and the delay from each trigger to its execution (absent = 0). Code generated before
   *  delays were separate folds the delay into start and end and gives none. */
  times(p: Float64Array): { start: number; period: number; end: number; count: number; delay?: number };
  /** Priority when executions coincide (higher first); absent = 0. */
  priority?(t: number, y: Float64Array, p: Float64Array): number;
  /** SBML `useValuesFromTriggerTime` for a delayed firing; absent = true. */
  readonly useValuesFromTriggerTime?: boolean;
}

/** A triggered event: fires when its Boolean condition goes from false to true (SBML semantics). */
export interface TriggeredEventSpec {
  readonly event: number;
  /** Root-function indices (into roots()) whose sign changes can flip this condition. */
  readonly rootIndices: readonly number[];
  /** Evaluate the trigger condition at (t, y, p). */
  condition(t: number, y: Float64Array, p: Float64Array): boolean;
  /** SBML `initialValue`: the condition's value assumed just before t0 (true means an event whose
   *  condition already holds at t0 does not fire at t0). */
  readonly initialValue: boolean;
  /** SBML `persistent`: if false the event is cancelled when its condition becomes false during a delay. */
  readonly persistent: boolean;
  /** Delay (0 for immediate) evaluated at trigger time. */
  delay(t: number, y: Float64Array, p: Float64Array): number;
  /** Priority evaluated when several events fire at once (higher first); 0 when unspecified. */
  priority(t: number, y: Float64Array, p: Float64Array): number;
  /** SBML `useValuesFromTriggerTime`: assignment values are computed at trigger time (true) or at
   *  execution time (false). Only matters with a delay. */
  readonly useValuesFromTriggerTime: boolean;
}

/** Surrogate inputs seen outside their training range, one slot per input of every surrogate
 *  (surrogates in model order, inputs in declaration order). Generated code sets `flagged[k]` and
 *  records the time and value of the first such evaluation; the simulate driver clears the flags
 *  at the start of a run and reports them as warnings at its end. */
export interface SurrogateRangeRecord {
  readonly flagged: Uint8Array;
  readonly time: Float64Array;
  readonly value: Float64Array;
  /** Training range per input (-Infinity / Infinity where the weights file gives none). */
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** The generated, allocation-free functions of one compiled model. */
export interface CompiledModel {
  /** Number of continuous state variables (length of y). */
  readonly nStates: number;
  /** Length of p: parameters, then discrete variables (logic nodes as 0/1, event-assigned values). */
  readonly nParams: number;
  /** Number of root (threshold) functions. */
  readonly nRoots: number;
  /** Number of assignment-rule values, observables, logic nodes. */
  readonly nAssigned: number;
  readonly nObservables: number;
  readonly nLogic: number;

  /** dy := f(t, y, p). Must not allocate. */
  rhs(t: number, y: Float64Array, p: Float64Array, dy: Float64Array): void;
  /** Sparse Jacobian df/dy values in the order of jacPattern. Must not allocate. */
  jac(t: number, y: Float64Array, p: Float64Array, values: Float64Array): void;
  readonly jacPattern: SparsePattern;
  /** Root indices that belong to `if` conditions of the right-hand side: where one changes sign the
   *  simulation stops and restarts the solver (absent in models compiled before they existed). */
  readonly discontinuityRoots?: readonly number[];
  /** Root functions g(t, y, p): a threshold or event condition changes when some g changes sign. */
  roots(t: number, y: Float64Array, p: Float64Array, g: Float64Array): void;
  /** Number of reactions and their rates at (t, y, p), in ModelInfo.reactions order: used to name
   *  the reaction behind a non-finite derivative (absent in models compiled before they existed). */
  readonly nReactions?: number;
  fluxes?(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Assignment-rule (derived) values at (t, y, p), in ModelInfo.assigned order. */
  assigned(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Observable values at (t, y, p), in ModelInfo.observables order. */
  observables(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Initial state from parameters (initial assignments evaluated in dependency order). */
  initial(p: Float64Array, y: Float64Array): void;
  /** Parameters whose defaults are expressions of other parameters (SBML initial assignments on
   *  parameters) are recomputed here after user overrides; plain numbers are untouched. */
  derivedParams(p: Float64Array, overridden: Uint8Array): void;

  /** Logic nodes: next values computed from the current state (0/1 each), in ModelInfo.logic order.
   *  For hybrid models these are re-evaluated to a fixed point after every root crossing. */
  logicNext(t: number, y: Float64Array, p: Float64Array, out: Float64Array): void;
  /** Offset in p where logic node k's current value is stored (p[logicOffset + k]). */
  readonly logicOffset: number;

  readonly timedEvents: readonly TimedEventSpec[];
  readonly triggeredEvents: readonly TriggeredEventSpec[];
  /** Compute the assignment values of event e at (t, y, p) into buf (length >= eventSize[e]). */
  eventValues(e: number, t: number, y: Float64Array, p: Float64Array, buf: Float64Array): void;
  /** Apply previously computed values of event e to y and p. */
  eventApply(e: number, buf: Float64Array, y: Float64Array, p: Float64Array): void;
  readonly eventSize: readonly number[];
  /** True when rhs does not depend on t (generated code knows): Rosenbrock methods then need no
   *  df/dt. Absent or false: treated as time-dependent. */
  readonly autonomous?: boolean;
  /** Out-of-training-range record of the surrogate inputs (absent in models without surrogates
   *  compiled before it existed). */
  readonly surrogateRange?: SurrogateRangeRecord;
}

/** What a model's variables and parameters are called and measured in: JSON data. */
export interface VariableInfo {
  readonly name: string;
  readonly units?: string;
  readonly doc?: string;
}

export interface ModelInfo {
  readonly name: string;
  /** Unit of time, e.g. "h"; undefined when the model does not say. */
  readonly timeUnits?: string;
  readonly states: readonly VariableInfo[];
  readonly params: readonly (VariableInfo & { readonly value: number; readonly discrete?: boolean })[];
  readonly assigned: readonly VariableInfo[];
  readonly observables: readonly VariableInfo[];
  readonly logic: readonly VariableInfo[];
  readonly events: readonly { readonly name: string; readonly intervention: boolean }[];
  /** Reaction names (namespaced like the variables), in CompiledModel.fluxes order. */
  readonly reactions?: readonly string[];
  /** Names of the surrogate inputs in SurrogateRangeRecord order ("surrogate.input"). */
  readonly surrogateInputs?: readonly string[];
  /** Default run settings from the model's `simulate` statement. */
  readonly simulate?: { readonly tEnd?: number; readonly points?: number; readonly rtol?: number; readonly atol?: number; readonly method?: string };
}
