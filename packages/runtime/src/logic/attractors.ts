// Complete attractor search for logical models: one entry point over the exhaustive, SAT and
// symbolic engines (docs/decisions/0003-attractor-search.md explains the choice).
//
// Pipeline: pins applied → free inputs split into their value combinations (each combination is
// its own closed subspace, since inputs never change) → constants percolated (synchronous and
// asynchronous only, see reduce.ts) → one engine per combination on the remaining m dynamic
// nodes → states written back in full, cycles rotated to start at their smallest state,
// attractors sorted (fixed points first, then cycles, each by first state).
//
// Engines, all complete:
//  - 'exhaustive': every state visited, bit-packed (exhaustive.ts), m <= 26 deterministic,
//    m <= 24 asynchronous;
//  - 'sat' for synchronous / priority updating: Dubrova–Teslenko path unfolding with blocking
//    clauses (sat-attractors.ts);
//  - 'sat' for asynchronous updating: fixed points by SAT enumeration, then a BDD search for
//    terminal SCCs outside their basins (symbolic-async.ts); reported as "sat+bdd".
// 'auto' takes the exhaustive engine while the largest reduced network is small enough for it
// to be fast, the SAT engines otherwise.

import { BddLimitError } from './bdd.js';
import { type RawAttractor, MAX_EXHAUSTIVE_ASYNC, MAX_EXHAUSTIVE_DETERMINISTIC, exhaustiveAsync, exhaustiveDeterministic } from './exhaustive.js';
import {
  type PreparedNetwork,
  type ReducedNetwork,
  expandState,
  permuteReduced,
  prepareNetwork,
  reduceNetwork,
  regulatoryOrder,
} from './reduce.js';
import { AttractorSearchLimitError, type SatSearchStats, satDeterministicAttractors, satFixedPoints } from './sat-attractors.js';
import { type SymbolicStats, symbolicAsyncAttractors } from './symbolic-async.js';
import type { Attractor, AttractorResult, LogicNetwork, UpdateMode } from './types.js';

export type AttractorMethod = 'auto' | 'exhaustive' | 'sat';

export interface AttractorSearchOptions {
  readonly mode: UpdateMode;
  /** Default 'auto'. */
  readonly method?: AttractorMethod;
  /** Nodes pinned to a value: pinned free inputs stop ranging, pinned regulated nodes are
   *  knocked out (false) or over-expressed (true). */
  readonly fix?: ReadonlyMap<number, boolean>;
  /** Largest asynchronous attractor listed state by state (default 65536); larger ones carry
   *  their first states and `truncated`. */
  readonly maxStatesPerAttractor?: number;
  /** Free inputs are split into value combinations up to this many inputs (default 12);
   *  beyond, they stay state variables that never change. */
  readonly maxInputSplit?: number;
  /** 'auto' uses the exhaustive engine up to this many dynamic nodes (defaults: 20 for
   *  deterministic updating, 16 for asynchronous). */
  readonly autoExhaustiveLimit?: number;
  /** SAT engine: longest trajectory simulated from one model (default 10^7). */
  readonly maxTrajectory?: number;
  /** Symbolic engine: BDD node limit (default 2^23). */
  readonly maxBddNodes?: number;
  /** Filled with work counters when given (for reports and efficiency budgets in tests). */
  readonly stats?: AttractorSearchStats;
}

/** Work counters of one search, accumulated over the input combinations. */
export interface AttractorSearchStats {
  /** Input combinations searched separately, and the largest reduced network (dynamic nodes). */
  combinations: number;
  maxDynamicNodes: number;
  sat: SatSearchStats;
  bdd: SymbolicStats;
}

/** Zeroed counters to pass as `stats`. */
export function emptyAttractorSearchStats(): AttractorSearchStats {
  return {
    combinations: 0,
    maxDynamicNodes: 0,
    sat: { solverCalls: 0, conflicts: 0, unfoldings: 0, maxDepth: 0 },
    bdd: { rounds: 0, peakNodes: 0, nodesCreated: 0 },
  };
}

const AUTO_EXHAUSTIVE_DETERMINISTIC = 20;
const AUTO_EXHAUSTIVE_ASYNC = 16;
const DEFAULT_INPUT_SPLIT = 12;

export { AttractorSearchLimitError };

/** The reduced networks of all input combinations. */
function reductions(p: PreparedNetwork, mode: UpdateMode, maxSplit: number): ReducedNetwork[] {
  const inputs = p.freeInputs;
  const split = inputs.length <= maxSplit;
  const combos = split ? 2 ** inputs.length : 1;
  const out: ReducedNetwork[] = [];
  for (let c = 0; c < combos; c++) {
    const known = new Int8Array(p.n).fill(-1);
    if (split) inputs.forEach((i, t) => (known[i] = (c >>> t) & 1));
    out.push(reduceNetwork(p, known, mode !== 'priority'));
  }
  return out;
}

/** Rotate a cycle so that it starts at its lexicographically smallest state. */
function rotateToSmallest(states: string[]): string[] {
  let best = 0;
  for (let i = 1; i < states.length; i++) if (states[i]! < states[best]!) best = i;
  return [...states.slice(best), ...states.slice(0, best)];
}

function toAttractor(red: ReducedNetwork, raw: RawAttractor, mode: UpdateMode): Attractor {
  let states = raw.states.map((s) => expandState(red, s));
  states = mode === 'async' ? states.sort() : rotateToSmallest(states);
  const base = { type: raw.type, states, space: expandState(red, raw.space), size: raw.size };
  return raw.truncated ? { ...base, truncated: true } : base;
}

/** Deterministic order: fixed points first, then cycles, each by their first state. */
export function compareAttractors(a: Attractor, b: Attractor): number {
  if (a.type !== b.type) return a.type === 'fixed' ? -1 : 1;
  const x = a.states[0] ?? '';
  const y = b.states[0] ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * All attractors of a logical model under the given update mode. Throws RangeError for an
 * invalid network or `fix`, and AttractorSearchLimitError when a resource limit (exhaustive size,
 * BDD nodes, trajectory length) would be passed: never a partial answer.
 */
export function findAttractors(net: LogicNetwork, options: AttractorSearchOptions): AttractorResult {
  const mode = options.mode;
  const p = prepareNetwork(net, options.fix);
  const reds = reductions(p, mode, options.maxInputSplit ?? DEFAULT_INPUT_SPLIT);
  const maxM = reds.reduce((acc, r) => Math.max(acc, r.m), 0);
  let method = options.method ?? 'auto';
  if (method === 'auto') {
    const limit = options.autoExhaustiveLimit ?? (mode === 'async' ? AUTO_EXHAUSTIVE_ASYNC : AUTO_EXHAUSTIVE_DETERMINISTIC);
    method = maxM <= limit ? 'exhaustive' : 'sat';
  }
  const limit = mode === 'async' ? MAX_EXHAUSTIVE_ASYNC : MAX_EXHAUSTIVE_DETERMINISTIC;
  if (method === 'exhaustive' && maxM > limit) {
    throw new AttractorSearchLimitError(`exhaustive search over ${maxM} dynamic nodes exceeds the limit of ${limit}; use method 'sat'`);
  }
  const maxStates = options.maxStatesPerAttractor ?? 65536;
  const stats = options.stats;
  if (stats) {
    stats.combinations += reds.length;
    stats.maxDynamicNodes = Math.max(stats.maxDynamicNodes, maxM);
  }
  const attractors: Attractor[] = [];
  for (let red of reds) {
    let raw: RawAttractor[];
    if (method === 'exhaustive') {
      raw = mode === 'async' ? exhaustiveAsync(red, maxStates) : exhaustiveDeterministic(red, mode);
    } else if (mode === 'async') {
      red = permuteReduced(red, regulatoryOrder(red));
      const fixedPoints = satFixedPoints(red, stats ? { stats: stats.sat } : {});
      try {
        raw = symbolicAsyncAttractors(red, {
          fixedPoints,
          maxStates,
          ...(options.maxBddNodes !== undefined ? { maxNodes: options.maxBddNodes } : {}),
          ...(stats ? { stats: stats.bdd } : {}),
        });
      } catch (e) {
        if (e instanceof BddLimitError) throw new AttractorSearchLimitError(`${e.message}; raise maxBddNodes`);
        throw e;
      }
    } else {
      raw = satDeterministicAttractors(red, mode, {
        ...(options.maxTrajectory !== undefined ? { maxTrajectory: options.maxTrajectory } : {}),
        ...(stats ? { stats: stats.sat } : {}),
      });
    }
    for (const r of raw) attractors.push(toAttractor(red, r, mode));
  }
  attractors.sort(compareAttractors);
  return {
    variables: p.names,
    freeInputs: p.freeInputs.map((i) => p.names[i]!),
    mode,
    attractors,
    method: method === 'sat' && mode === 'async' ? 'sat+bdd' : method,
  };
}
