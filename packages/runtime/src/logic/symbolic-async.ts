// Symbolic (BDD) search for the attractors of asynchronous updating, for networks too large to
// enumerate state by state.
//
// Transitions: node j can flip in the states Δ_j = x_j ⊕ f_j(x). For a state set S,
//   post(S) = ⋃_j flip_j(S ∧ Δ_j)        pre(S) = ⋃_j flip_j(S) ∧ Δ_j
// and reachability applies these one node at a time (chaining) up to a fixed point.
//
// Search, a sampling variant of Xie & Beerel's SCC enumeration ("Implicit enumeration of
// strongly connected components", ICCAD 1999) specialised to terminal components:
//   K ← the fixed points (given by SAT enumeration, or ⋀_j ¬Δ_j); V ← all states.
//   repeat
//     V ← V \ bwd(attractors reported since the last removal)   (their basins)
//     if V = ∅: stop
//     sample: s ← a random state of V moved by a random walk; if s ∈ K it is a miss;
//       else F ← fwd(s), B ← bwd(s) ∩ F;
//            F ⊆ B: F is a terminal SCC, report it (K ← K ∪ F);
//            else the next sample is drawn from F \ B;
//     until MISS_LIMIT misses in a row.
// Soundness: when F ⊆ B every state of F reaches s and s reaches every state of F, so F is an
// SCC, and it is closed under successors, so it is terminal: an attractor. F \ B is closed under
// successors (a successor of a state that cannot reach s cannot reach s either, and stays in F),
// so it holds an attractor. Completeness: V is the complement of a union of backward-closed
// sets, so it is closed under successors; it loses only states that reach a reported attractor,
// and a state of an unreported attractor reaches no other attractor. So every unreported
// attractor stays in V, and the search stops only when V is empty. Termination: a miss needs a
// reported attractor whose basin is still in V, i.e. one found since the last removal, so each
// removal after misses follows at least one new attractor; there are finitely many.
// Cost: the basin removals dominate; batching them (instead of one backward search per
// attractor as in Xie–Beerel) made the T-LGL network (61 nodes, 318 attractors) about ten
// times faster.

import { Bdd, BDD_FALSE, BDD_TRUE } from './bdd.js';
import { type RuleProgram, compileRules, evalWord } from './compile.js';
import type { RawAttractor } from './exhaustive.js';
import { Xoshiro128 } from './prng.js';
import type { ReducedNetwork } from './reduce.js';
import { collectVariables } from './rules.js';
import type { BoolRule } from './types.js';

export interface SymbolicOptions {
  /** List at most this many states per attractor (default 65536). */
  readonly maxStates?: number;
  /** Fixed points found elsewhere (reduced bit strings); computed symbolically when absent. */
  readonly fixedPoints?: readonly string[];
  /** Seed of the random walks that choose starting states (results do not depend on it). */
  readonly seed?: number;
  /** BDD node limit (default 2^23). */
  readonly maxNodes?: number;
  /** Collects BDD statistics when given. */
  readonly stats?: SymbolicStats;
}

/** Compact the node table at a safe point once it holds this many nodes (and four times the
 *  live nodes of the last compaction). */
const COMPACT_THRESHOLD = 1 << 20;
/** Walks in a row that may end in already reported attractors before their basins are removed. */
const MISS_LIMIT = 4;

function ruleToBdd(bdd: Bdd, r: BoolRule): number {
  switch (r.k) {
    case 'var':
      return bdd.variable(r.i);
    case 'const':
      return r.v ? BDD_TRUE : BDD_FALSE;
    case 'not':
      return bdd.not(ruleToBdd(bdd, r.a));
    case 'and':
      return r.args.reduce((acc, a) => bdd.and(acc, ruleToBdd(bdd, a)), BDD_TRUE);
    case 'or':
      return r.args.reduce((acc, a) => bdd.or(acc, ruleToBdd(bdd, a)), BDD_FALSE);
    case 'xor':
      return r.args.reduce((acc, a) => bdd.xor(acc, ruleToBdd(bdd, a)), BDD_FALSE);
    case 'implies': {
      if (r.args.length === 0) return BDD_TRUE;
      let acc = ruleToBdd(bdd, r.args[r.args.length - 1]!);
      for (let j = r.args.length - 2; j >= 0; j--) acc = bdd.or(bdd.not(ruleToBdd(bdd, r.args[j]!)), acc);
      return acc;
    }
  }
}

/** Work done by the symbolic search: sampling rounds, largest node table, nodes created. */
export interface SymbolicStats {
  rounds: number;
  peakNodes: number;
  nodesCreated: number;
}

export function symbolicAsyncAttractors(red: ReducedNetwork, options: SymbolicOptions = {}): RawAttractor[] {
  const m = red.m;
  const maxStates = options.maxStates ?? 65536;
  const bdd = new Bdd(m, options.maxNodes);
  let delta = red.rules.map((r, j) => bdd.xor(bdd.variable(j), ruleToBdd(bdd, r)));
  let compactAt = COMPACT_THRESHOLD;

  // Forward reachability one node at a time, restarting from the bottom of the variable order
  // whenever a node adds states: the set grows "from below" and its BDD stays small (the idea
  // of saturation, Ciardo et al. 2001, without its per-level caches).
  const fwd = (s: number): number => {
    let reach = s;
    for (let j = m - 1; j >= 0; ) {
      const fresh = bdd.diff(bdd.flip(bdd.and(reach, delta[j]!), j), reach);
      if (fresh === BDD_FALSE) j--;
      else {
        reach = bdd.or(reach, fresh);
        j = m - 1;
      }
    }
    return reach;
  };
  // Backward reachability inside `within` by chained sweeps from the top of the order. (Measured
  // on the T-LGL and Klamt networks: the restart-from-bottom scheme above builds four times as
  // many nodes here, restarting from the top twice as many.)
  const bwd = (s: number, within: number): number => {
    let reach = s;
    for (let changed = true; changed; ) {
      changed = false;
      for (let j = 0; j < m; j++) {
        const pre = bdd.and(bdd.and(bdd.flip(reach, j), delta[j]!), within);
        const fresh = bdd.diff(pre, reach);
        if (fresh !== BDD_FALSE) {
          reach = bdd.or(reach, fresh);
          changed = true;
        }
      }
    }
    return reach;
  };

  const out: RawAttractor[] = [];
  let fixed = BDD_FALSE;
  if (options.fixedPoints) {
    for (const s of options.fixedPoints) {
      fixed = bdd.or(fixed, bdd.cube(Array.from(s, (c) => (c === '1' ? 1 : 0))));
      out.push({ type: 'fixed', states: [s], space: s, size: 1, truncated: false });
    }
  } else {
    fixed = delta.reduce((acc, d) => bdd.diff(acc, d), BDD_TRUE);
    const count = bdd.satCount(fixed);
    for (const s of bdd.enumerate(fixed, Infinity)) out.push({ type: 'fixed', states: [s], space: s, size: 1, truncated: false });
    if (out.length !== count) throw new Error('internal: fixed-point enumeration disagrees with its count');
  }

  const walker = new AsyncWalker(red, new Xoshiro128(options.seed ?? 1));
  const rng = new Xoshiro128((options.seed ?? 1) + 1);
  let rest = BDD_TRUE; // V: states not yet known to reach a reported attractor
  let known = fixed; // every reported attractor
  let pending = fixed; // reported attractors whose basins are still inside V
  for (;;) {
    if (pending !== BDD_FALSE) {
      rest = bdd.diff(rest, bwd(pending, rest));
      pending = BDD_FALSE;
    }
    if (rest === BDD_FALSE) break;
    // Sample V until MISS_LIMIT walks in a row end in reported attractors whose basins are
    // still in V; then remove those basins and go on.
    let candidates = rest;
    for (let misses = 0; misses < MISS_LIMIT; ) {
      if (options.stats) {
        options.stats.rounds++;
        options.stats.peakNodes = Math.max(options.stats.peakNodes, bdd.nodeCount);
      }
      const s = walker.walk(bdd.pickRandom(candidates, rng), 16 * m);
      if (bdd.contains(known, s)) {
        misses++;
        candidates = rest;
        continue;
      }
      const start = bdd.cube(s);
      const forward = fwd(start);
      const escape = bdd.diff(forward, bwd(start, forward));
      if (escape !== BDD_FALSE) {
        // s is transient; fwd(s) minus the states that reach s is closed and holds an attractor.
        candidates = escape;
        continue;
      }
      const size = bdd.satCount(forward);
      const states = bdd.enumerate(forward, maxStates);
      let space = '';
      for (let j = 0; j < m; j++) {
        const x = bdd.variable(j);
        const on = bdd.and(forward, x) !== BDD_FALSE;
        const off = bdd.diff(forward, x) !== BDD_FALSE;
        space += on && off ? '-' : on ? '1' : '0';
      }
      out.push({ type: size === 1 ? 'fixed' : 'cycle', states, space, size, truncated: size > states.length });
      known = bdd.or(known, forward);
      pending = bdd.or(pending, forward);
      misses = 0;
      candidates = rest;
    }
    if (bdd.nodeCount > compactAt) {
      [rest, known, pending, ...delta] = bdd.compact([rest, known, pending, ...delta]);
      compactAt = Math.max(COMPACT_THRESHOLD, 4 * bdd.nodeCount);
    }
  }
  if (options.stats) options.stats.nodesCreated += bdd.created;
  return out;
}

/** Random walks over the asynchronous state transition graph: each step flips one node, chosen
 *  uniformly among those whose rule disagrees; only the rules of the flipped node's targets are
 *  re-evaluated. */
class AsyncWalker {
  private readonly prog: RuleProgram;
  private readonly stack: Int32Array;
  private readonly words: Int32Array;
  private readonly targets: number[][];
  private readonly disagree: Uint8Array;
  private readonly movable: Int32Array;
  private readonly where: Int32Array;

  constructor(
    private readonly red: ReducedNetwork,
    private readonly rng: Xoshiro128,
  ) {
    const m = red.m;
    this.prog = compileRules(red.rules);
    this.stack = new Int32Array(this.prog.maxStack);
    this.words = new Int32Array(Math.max(m, 1));
    this.targets = Array.from({ length: m }, () => []);
    red.rules.forEach((r, t) => {
      for (const v of collectVariables(r, new Set<number>())) this.targets[v]!.push(t);
    });
    this.disagree = new Uint8Array(m);
    this.movable = new Int32Array(m);
    this.where = new Int32Array(m);
  }

  /** Walk up to `steps` steps from s (modified in place and returned). */
  walk(s: Uint8Array, steps: number): Uint8Array {
    const m = this.red.m;
    const { words, disagree, movable, where } = this;
    for (let j = 0; j < m; j++) words[j] = s[j] ? -1 : 0;
    // movable[0..count) lists the disagreeing nodes; where[j] is j's position in it.
    let count = 0;
    const update = (j: number): void => {
      const d = (evalWord(this.prog, j, words, this.stack) & 1) !== s[j] ? 1 : 0;
      if (d === disagree[j]) return;
      disagree[j] = d;
      if (d) {
        where[j] = count;
        movable[count++] = j;
      } else {
        const last = movable[--count]!;
        movable[where[j]!] = last;
        where[last] = where[j]!;
      }
    };
    disagree.fill(0);
    for (let j = 0; j < m; j++) update(j);
    for (let step = 0; step < steps && count > 0; step++) {
      const j = movable[this.rng.nextInt(count)]!;
      s[j] = s[j] ? 0 : 1;
      words[j] = ~words[j]!;
      update(j);
      for (const t of this.targets[j]!) if (t !== j) update(t);
    }
    return s;
  }
}
