// Test helper: build small CompiledModel objects by hand, as the compiler's generated code would.
//
// Only rhs is required; every other function defaults to a no-op (or a dense finite-difference
// Jacobian), counts default to zero, and events are given as plain objects with SBML-like defaults.

import type { CompiledModel, SparsePattern, TimedEventSpec, TriggeredEventSpec } from '../model.js';
import type { OdeSystem } from '../solvers/types.js';

type Fn = (t: number, y: Float64Array, p: Float64Array, out: Float64Array) => void;

/** One event's assignments: `values` computes them (at trigger or execution time), `apply` writes them. */
export interface HandEvent {
  /** Number of assignment values (length of buf); default 0. */
  readonly size?: number;
  values?(t: number, y: Float64Array, p: Float64Array, buf: Float64Array): void;
  apply(buf: Float64Array, y: Float64Array, p: Float64Array): void;
}

/** A timed event firing at start + k period (k < count, time <= end); period 0 fires once. */
export interface HandTimedEvent {
  readonly event: number;
  readonly start: number;
  readonly period?: number;
  readonly end?: number;
  readonly count?: number;
}

/** A triggered event with SBML defaults: initialValue true, persistent true, no delay, priority 0,
 *  values from trigger time. */
export interface HandTriggeredEvent {
  readonly event: number;
  readonly rootIndices?: readonly number[];
  condition(t: number, y: Float64Array, p: Float64Array): boolean;
  readonly initialValue?: boolean;
  readonly persistent?: boolean;
  readonly delay?: number | ((t: number, y: Float64Array, p: Float64Array) => number);
  readonly priority?: number | ((t: number, y: Float64Array, p: Float64Array) => number);
  readonly useValuesFromTriggerTime?: boolean;
}

export interface HandModelSpec {
  readonly nStates: number;
  readonly nParams?: number;
  readonly nRoots?: number;
  readonly nAssigned?: number;
  readonly nObservables?: number;
  readonly nLogic?: number;
  /** Where logic values live in p; default nParams - nLogic (the end of p). */
  readonly logicOffset?: number;
  rhs: Fn;
  /** Dense Jacobian df/dy in row-major order; default: forward differences. */
  jacDense?(t: number, y: Float64Array, p: Float64Array, J: Float64Array): void;
  /** A sparse Jacobian instead (values in the order of pattern); takes precedence over jacDense. */
  readonly jacSparse?: { readonly pattern: SparsePattern; values(t: number, y: Float64Array, p: Float64Array, v: Float64Array): void };
  roots?: Fn;
  assigned?: Fn;
  observables?: Fn;
  logicNext?: Fn;
  initial?(p: Float64Array, y: Float64Array): void;
  readonly events?: readonly HandEvent[];
  readonly timed?: readonly HandTimedEvent[];
  readonly triggered?: readonly HandTriggeredEvent[];
}

const noop = (): void => {};

function densePattern(n: number): SparsePattern {
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * n);
  for (let r = 0; r < n; r++) {
    rowPtr[r + 1] = (r + 1) * n;
    for (let c = 0; c < n; c++) colIdx[r * n + c] = c;
  }
  return { n, rowPtr, colIdx };
}

function constantOrFn(v: number | ((t: number, y: Float64Array, p: Float64Array) => number) | undefined, dflt: number) {
  if (typeof v === 'function') return v;
  const c = v ?? dflt;
  return () => c;
}

/** A CompiledModel over a plain OdeSystem (no parameters, events or roots): for solver test problems. */
export function modelFromSystem(system: OdeSystem): CompiledModel {
  const jac = system.jac;
  return handModel({
    nStates: system.n,
    rhs: (t, y, _p, dy) => system.rhs(t, y, dy),
    ...(jac && system.pattern ? { jacSparse: { pattern: system.pattern, values: (t: number, y: Float64Array, _p: Float64Array, v: Float64Array) => jac.call(system, t, y, v) } } : {}),
  });
}

/** Build a CompiledModel from a hand-written spec. */
export function handModel(spec: HandModelSpec): CompiledModel {
  const n = spec.nStates;
  const nLogic = spec.nLogic ?? 0;
  const nParams = spec.nParams ?? nLogic;
  const events = spec.events ?? [];
  const rhs = spec.rhs;
  // Dense Jacobian values, row-major, matching densePattern.
  const f0 = new Float64Array(n);
  const f1 = new Float64Array(n);
  const yp = new Float64Array(n);
  const jacDense =
    spec.jacDense ??
    ((t: number, y: Float64Array, p: Float64Array, J: Float64Array) => {
      rhs(t, y, p, f0);
      yp.set(y);
      for (let c = 0; c < n; c++) {
        const h = Math.sqrt(Number.EPSILON) * Math.max(1e-8, Math.abs(y[c]!));
        yp[c] = y[c]! + h;
        rhs(t, yp, p, f1);
        yp[c] = y[c]!;
        for (let r = 0; r < n; r++) J[r * n + c] = (f1[r]! - f0[r]!) / h;
      }
    });
  const timedEvents: TimedEventSpec[] = (spec.timed ?? []).map((e) => ({
    event: e.event,
    times: () => ({ start: e.start, period: e.period ?? 0, end: e.end ?? Infinity, count: e.count ?? Infinity }),
  }));
  const triggeredEvents: TriggeredEventSpec[] = (spec.triggered ?? []).map((e) => ({
    event: e.event,
    rootIndices: e.rootIndices ?? [],
    condition: e.condition,
    initialValue: e.initialValue ?? true,
    persistent: e.persistent ?? true,
    delay: constantOrFn(e.delay, 0),
    priority: constantOrFn(e.priority, 0),
    useValuesFromTriggerTime: e.useValuesFromTriggerTime ?? true,
  }));
  return {
    nStates: n,
    nParams,
    nRoots: spec.nRoots ?? 0,
    nAssigned: spec.nAssigned ?? 0,
    nObservables: spec.nObservables ?? 0,
    nLogic,
    rhs,
    jac: spec.jacSparse ? spec.jacSparse.values : jacDense,
    jacPattern: spec.jacSparse ? spec.jacSparse.pattern : densePattern(n),
    roots: spec.roots ?? noop,
    assigned: spec.assigned ?? noop,
    observables: spec.observables ?? noop,
    initial: spec.initial ?? noop,
    derivedParams: noop,
    logicNext: spec.logicNext ?? noop,
    logicOffset: spec.logicOffset ?? nParams - nLogic,
    timedEvents,
    triggeredEvents,
    eventValues(e, t, y, p, buf) {
      events[e]!.values?.(t, y, p, buf);
    },
    eventApply(e, buf, y, p) {
      events[e]!.apply(buf, y, p);
    },
    eventSize: events.map((e) => e.size ?? 0),
  };
}
