// SAT-based attractor search for networks too large to enumerate.
//
// Deterministic updating (synchronous, priority classes) follows Dubrova & Teslenko, "A
// SAT-based algorithm for finding attractors in synchronous Boolean networks" (IEEE/ACM TCBB
// 8(5), 2011), the algorithm behind BNS and BoolNet's `sat.exhaustive`:
//   unfold the transition relation k steps, x_0 → x_1 → … → x_k (Tseitin-encoded, x_0 free),
//   and ask for a path whose last state x_k is not *blocked*. From a model, simulate forward
//   from x_k until a state repeats (a new cycle) or a blocked state is met; block the cycle's
//   states and the transient states walked (add clauses "x_k ≠ s"); when x_k was transient,
//   double k (the transients are longer than k) and unfold again.
// Completeness: a blocked state is an attractor state already reported, or a state known to
// lead into one. An attractor A not yet reported has no blocked state (its states lead only to
// A), and for every k the path that starts and stays in A satisfies the formula; so UNSAT means
// every attractor has been reported. Every model blocks at least one new state, so the search
// ends (in practice after few models, since x_k lies on or near an attractor once k exceeds the
// transient lengths).
//
// Fixed points (for any update mode: a state where no rule disagrees) are enumerated from the
// encoding x_i ↔ f_i(x) with one blocking clause per solution.

import { compileRules, evalWord } from './compile.js';
import { type RawAttractor, spaceOf } from './exhaustive.js';
import type { ReducedNetwork } from './reduce.js';
import { type Lit, SatSolver, notLit } from './sat.js';
import { CnfEncoder } from './tseitin.js';

/** Thrown when a search would exceed one of its resource limits (it never returns a partial
 *  answer silently). */
export class AttractorSearchLimitError extends Error {
  override name = 'AttractorSearchLimitError';
}

export interface SatSearchOptions {
  /** Longest trajectory simulated from a SAT model before giving up (default 10^7 states). */
  readonly maxTrajectory?: number;
  /** Collects solver statistics when given. */
  readonly stats?: SatSearchStats;
}

/** Work done by the SAT engines (accumulated over calls). */
export interface SatSearchStats {
  /** solve() calls and the conflicts they met. */
  solverCalls: number;
  conflicts: number;
  /** Transition relations unfolded, and the deepest unfolding (steps). */
  unfoldings: number;
  maxDepth: number;
}

/** Deterministic successor of a reduced state (values 0/1), for simulation from SAT models. */
export function deterministicSuccessor(red: ReducedNetwork, mode: 'sync' | 'priority'): (s: Uint8Array, out: Uint8Array) => void {
  const prog = compileRules(red.rules);
  const stack = new Int32Array(prog.maxStack);
  const words = new Int32Array(Math.max(red.m, 1));
  const m = red.m;
  const classes = [...new Set(red.priorities)].sort((a, b) => b - a);
  return (s, out) => {
    for (let j = 0; j < m; j++) words[j] = s[j] ? -1 : 0;
    for (let j = 0; j < m; j++) out[j] = evalWord(prog, j, words, stack) & 1;
    if (mode === 'priority') {
      for (const c of classes) {
        let any = false;
        for (let j = 0; j < m; j++) if (red.priorities[j] === c && out[j] !== s[j]) any = true;
        if (!any) continue;
        for (let j = 0; j < m; j++) if (red.priorities[j] !== c) out[j] = s[j]!;
        return;
      }
    }
  };
}

/** One step of the transition relation: literals of the next state from those of the current. */
function encodeStep(enc: CnfEncoder, red: ReducedNetwork, mode: 'sync' | 'priority', cur: readonly Lit[]): Lit[] {
  const f = red.rules.map((r) => enc.encode(r, cur));
  if (mode === 'sync') return f;
  // Priority classes: d_j = x_j ⊕ f_j; a node moves when it would change and no higher class
  // has a node that would change.
  const d = f.map((fj, j) => enc.xor(cur[j]!, fj));
  const classes = [...new Set(red.priorities)].sort((a, b) => b - a);
  const blockedBy = new Map<number, Lit>(); // class → "some higher class changes"
  let higher: Lit[] = [];
  for (const c of classes) {
    blockedBy.set(c, enc.or(higher));
    const mine = d.filter((_, j) => red.priorities[j] === c);
    higher = [...higher, enc.or(mine)];
  }
  return cur.map((x, j) => enc.xor(x, enc.and([d[j]!, notLit(blockedBy.get(red.priorities[j]!)!)])));
}

const key = (s: Uint8Array): string => {
  let out = '';
  for (let j = 0; j < s.length; j++) out += s[j] ? '1' : '0';
  return out;
};

/** All attractors of synchronous or priority-class updating (Dubrova–Teslenko, see header). */
export function satDeterministicAttractors(
  red: ReducedNetwork,
  mode: 'sync' | 'priority',
  options: SatSearchOptions = {},
): RawAttractor[] {
  const m = red.m;
  const maxTrajectory = options.maxTrajectory ?? 1e7;
  const succ = deterministicSuccessor(red, mode);
  const attractors: RawAttractor[] = [];
  // Blocked states: attractor states and states known to lead to a reported attractor.
  const blocked = new Set<string>();
  const blockedList: string[] = [];
  const block = (k: string): void => {
    if (!blocked.has(k)) {
      blocked.add(k);
      blockedList.push(k);
    }
  };
  let depth = 1;
  for (;;) {
    // Unfold depth steps from a free x_0.
    const solver = new SatSolver();
    const enc = new CnfEncoder(solver);
    let cur: Lit[] = Array.from({ length: m }, () => enc.fresh());
    for (let t = 0; t < depth; t++) cur = encodeStep(enc, red, mode, cur);
    const last = cur;
    const addBlock = (k: string): void => {
      solver.addClause(last.map((l, j) => (k[j] === '1' ? notLit(l) : l)));
    };
    for (const k of blockedList) addBlock(k);
    if (options.stats) {
      options.stats.unfoldings++;
      options.stats.maxDepth = Math.max(options.stats.maxDepth, depth);
    }
    let deepen = false;
    while (!deepen) {
      const conflictsBefore = solver.counters.conflicts;
      const sat = solver.solve();
      if (options.stats) {
        options.stats.solverCalls++;
        options.stats.conflicts += solver.counters.conflicts - conflictsBefore;
      }
      if (!sat) return attractors;
      let s = Uint8Array.from(last, (l) => (solver.modelLit(l) ? 1 : 0));
      const seenAt = new Map<string, number>();
      const path: string[] = [];
      let k = key(s);
      while (!blocked.has(k) && !seenAt.has(k)) {
        if (path.length >= maxTrajectory) {
          throw new AttractorSearchLimitError(`trajectory from a SAT model exceeded ${maxTrajectory} states`);
        }
        seenAt.set(k, path.length);
        path.push(k);
        const t = new Uint8Array(m);
        succ(s, t);
        s = t;
        k = key(s);
      }
      const before = blockedList.length;
      let transient = path.length;
      if (!blocked.has(k)) {
        // A new cycle closes at path[start].
        const start = seenAt.get(k)!;
        const cycle = path.slice(start);
        attractors.push({
          type: cycle.length === 1 ? 'fixed' : 'cycle',
          states: cycle,
          space: spaceOf(cycle),
          size: cycle.length,
          truncated: false,
        });
        transient = start;
      }
      for (const p of path) block(p);
      for (let i = before; i < blockedList.length; i++) addBlock(blockedList[i]!);
      // x_k was transient: the transients are longer than the unfolding, so deepen it.
      if (transient > 0) {
        depth *= 2;
        deepen = true;
      }
    }
  }
}

/** All fixed points (states where every rule agrees with its node), by SAT enumeration. */
export function satFixedPoints(red: ReducedNetwork, options: SatSearchOptions = {}): string[] {
  const solver = new SatSolver();
  const enc = new CnfEncoder(solver);
  const x: Lit[] = Array.from({ length: red.m }, () => enc.fresh());
  red.rules.forEach((r, j) => enc.equal(x[j]!, enc.encode(r, x)));
  const out: string[] = [];
  while (solver.solve()) {
    const s = x.map((l) => (solver.modelLit(l) ? '1' : '0')).join('');
    out.push(s);
    solver.addClause(x.map((l, j) => (s[j] === '1' ? notLit(l) : l)));
  }
  if (options.stats) {
    options.stats.solverCalls += solver.counters.solves;
    options.stats.conflicts += solver.counters.conflicts;
  }
  return out;
}
