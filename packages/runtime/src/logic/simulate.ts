// Trajectories of a logical model under synchronous, asynchronous or priority-class updating.
//
// Semantics (DESIGN.md, "Logic nodes"):
//  - sync: every node takes the value of its rule in the previous state;
//  - async: one node changes per step, chosen by a seeded PRNG among the nodes whose rule
//    disagrees with them (`asyncChoice: 'changing'`, each step is an edge of the asynchronous
//    state transition graph), or among all nodes (`'any'`, BoolNet's convention: a chosen node
//    that already agrees with its rule leaves the state unchanged);
//  - priority: among the nodes that would change, only those of the highest priority class
//    update, synchronously within the class (GINsim's priority classes, each class synchronous).
// Free inputs (rule null or the node itself) and pinned nodes never change; a pinned node takes
// its pinned value from the initial state on.

import { compileRules, evalWord } from './compile.js';
import { Xoshiro128 } from './prng.js';
import { isFreeInputRule, validateLogicNetwork } from './rules.js';
import type { LogicNetwork, UpdateMode } from './types.js';

export interface LogicSimulationOptions {
  readonly mode: UpdateMode;
  /** Number of update steps; the trajectory holds steps + 1 states. */
  readonly steps: number;
  /** Initial state: a bit string in node order, or one value per node. */
  readonly initial: string | ArrayLike<number | boolean>;
  /** Seed of the PRNG for asynchronous updating (default 0). */
  readonly seed?: number;
  /** Nodes pinned to a value for the whole run (knock-out / over-expression, or input values). */
  readonly fix?: ReadonlyMap<number, boolean>;
  /** Asynchronous updating: choose among nodes that would change (default) or among all nodes. */
  readonly asyncChoice?: 'changing' | 'any';
}

/** States of a run, row-major: state t is `states[t * n .. t * n + n)` with values 0 / 1. */
export interface LogicTrajectory {
  readonly names: readonly string[];
  readonly n: number;
  /** Number of states (steps + 1). */
  readonly length: number;
  readonly states: Uint8Array;
  /** Asynchronous runs: the node chosen at each step (-1 when no node could change). */
  readonly chosen?: Int32Array;
}

/** State t of a trajectory as a bit string in node order. */
export function trajectoryState(tr: LogicTrajectory, t: number): string {
  let s = '';
  for (let i = 0; i < tr.n; i++) s += tr.states[t * tr.n + i] ? '1' : '0';
  return s;
}

/** Parse an initial state given as a bit string or as values per node. */
export function parseState(initial: string | ArrayLike<number | boolean>, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (initial.length !== n) throw new RangeError(`initial state has ${initial.length} values, the network ${n} nodes`);
  for (let i = 0; i < n; i++) {
    const c = typeof initial === 'string' ? initial[i] : initial[i];
    if (c === '1' || c === 1 || c === true) out[i] = 1;
    else if (c !== '0' && c !== 0 && c !== false) throw new RangeError(`initial state: value ${String(c)} at ${i} is not 0/1`);
  }
  return out;
}

export function simulateLogic(net: LogicNetwork, options: LogicSimulationOptions): LogicTrajectory {
  const problems = validateLogicNetwork(net);
  if (problems.length > 0) throw new RangeError(`invalid logic network: ${problems.join('; ')}`);
  const n = net.names.length;
  const steps = Math.max(0, Math.floor(options.steps));
  const state = parseState(options.initial, n);
  // Nodes that may change; pinned ones are written into the state and frozen.
  const frozen = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isFreeInputRule(net.rules[i] ?? null, i)) frozen[i] = 1;
  for (const [i, v] of options.fix ?? []) {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`fix: node ${i} out of range`);
    frozen[i] = 1;
    state[i] = v ? 1 : 0;
  }
  const prog = compileRules(net.rules);
  const stack = new Int32Array(prog.maxStack);
  const words = new Int32Array(Math.max(n, 1));
  const next = new Uint8Array(n);
  const states = new Uint8Array((steps + 1) * n);
  states.set(state, 0);
  const mode = options.mode;
  const rng = new Xoshiro128(options.seed ?? 0);
  const chosen = mode === 'async' ? new Int32Array(steps) : undefined;
  const candidates = new Int32Array(n);
  const priorities = net.priorities;

  // next[i] = rule value for movable nodes, current value for frozen ones.
  const image = (): void => {
    for (let i = 0; i < n; i++) words[i] = state[i] ? -1 : 0;
    for (let i = 0; i < n; i++) next[i] = frozen[i] ? state[i]! : evalWord(prog, i, words, stack) & 1;
  };

  for (let t = 1; t <= steps; t++) {
    if (mode === 'sync') {
      image();
      state.set(next);
    } else if (mode === 'async') {
      const choice = options.asyncChoice ?? 'changing';
      let pick = -1;
      if (choice === 'any') {
        pick = rng.nextInt(n);
        if (!frozen[pick]) {
          for (let i = 0; i < n; i++) words[i] = state[i] ? -1 : 0;
          state[pick] = evalWord(prog, pick, words, stack) & 1;
        }
      } else {
        image();
        let c = 0;
        for (let i = 0; i < n; i++) if (next[i] !== state[i]) candidates[c++] = i;
        if (c > 0) {
          pick = candidates[rng.nextInt(c)]!;
          state[pick] = next[pick]!;
        }
      }
      chosen![t - 1] = pick;
    } else {
      image();
      let best = -Infinity;
      for (let i = 0; i < n; i++) {
        if (next[i] !== state[i]) best = Math.max(best, priorities?.[i] ?? 0);
      }
      for (let i = 0; i < n; i++) {
        if (next[i] !== state[i] && (priorities?.[i] ?? 0) === best) state[i] = next[i]!;
      }
    }
    states.set(state, t * n);
  }
  return chosen
    ? { names: net.names, n, length: steps + 1, states, chosen }
    : { names: net.names, n, length: steps + 1, states };
}
