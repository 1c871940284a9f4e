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
// Two shortcuts keep it fast without changing the answer: when at most EXPLICIT_LIMIT states are
// reachable from s, they are explored state by state and their terminal SCCs reported directly
// (exact, so the argument above holds); and the node table is compacted inside long
// reachability loops, whose dead intermediate nodes otherwise fill it (a 60-node random network
// created 10^7 nodes for a live set of 10^3).
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
/** Samples in a row that may end in already reported attractors before their basins are removed. */
const MISS_LIMIT = 4;
/** Random-walk length per sample, per dynamic node. */
const WALK_STEPS_PER_NODE = 16;
/** Forward sets up to this many states are explored explicitly instead of symbolically (larger
 *  limits cost more in failed explorations than they save; measured on T-LGL and random
 *  60-node networks). */
const EXPLICIT_LIMIT = 512;

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
  return new SymbolicSearch(red, options).run();
}

const bitsOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === '1' ? 1 : 0));

class SymbolicSearch {
  private readonly m: number;
  private readonly bdd: Bdd;
  private readonly maxStates: number;
  private readonly explorer: AsyncExplorer;
  private readonly rng: Xoshiro128;
  private readonly out: RawAttractor[] = [];
  // BDD roots kept across compactions.
  private delta: number[];
  private rest = BDD_TRUE; // V: states not yet known to reach a reported attractor
  private known = BDD_FALSE; // every reported attractor
  private pending = BDD_FALSE; // reported attractors whose basins are still inside V
  private candidates = BDD_TRUE; // where the next sample is drawn
  private forward = BDD_FALSE; // the forward set under test
  private compactAt = COMPACT_THRESHOLD;

  constructor(
    red: ReducedNetwork,
    private readonly options: SymbolicOptions,
  ) {
    this.m = red.m;
    this.bdd = new Bdd(red.m, options.maxNodes);
    this.maxStates = options.maxStates ?? 65536;
    this.delta = red.rules.map((r, j) => this.bdd.xor(this.bdd.variable(j), ruleToBdd(this.bdd, r)));
    this.explorer = new AsyncExplorer(red, new Xoshiro128(options.seed ?? 1));
    this.rng = new Xoshiro128((options.seed ?? 1) + 1);
  }

  run(): RawAttractor[] {
    const { bdd, options } = this;
    let fixed = BDD_FALSE;
    if (options.fixedPoints) {
      for (const s of options.fixedPoints) fixed = bdd.or(fixed, bdd.cube(bitsOf(s)));
      for (const s of options.fixedPoints) this.out.push({ type: 'fixed', states: [s], space: s, size: 1, truncated: false });
    } else {
      fixed = this.delta.reduce((acc, d) => bdd.diff(acc, d), BDD_TRUE);
      const states = bdd.enumerate(fixed, Infinity);
      for (const s of states) this.out.push({ type: 'fixed', states: [s], space: s, size: 1, truncated: false });
    }
    this.known = fixed;
    this.pending = fixed;
    for (;;) {
      if (this.pending !== BDD_FALSE) {
        // bwd may compact the table: read the fields only after it returns.
        const basins = this.bwd(this.pending, this.rest);
        this.rest = bdd.diff(this.rest, basins);
        this.pending = BDD_FALSE;
      }
      if (this.rest === BDD_FALSE) break;
      // Sample V until MISS_LIMIT samples in a row end in reported attractors whose basins are
      // still in V; then remove those basins and go on.
      this.candidates = this.rest;
      for (let misses = 0; misses < MISS_LIMIT; ) {
        if (options.stats) {
          options.stats.rounds++;
          options.stats.peakNodes = Math.max(options.stats.peakNodes, bdd.nodeCount);
        }
        const s = this.explorer.walk(bdd.pickRandom(this.candidates, this.rng), WALK_STEPS_PER_NODE * this.m);
        if (bdd.contains(this.known, s)) {
          misses++;
          this.candidates = this.rest;
          continue;
        }
        // Small forward sets are cheaper to explore state by state.
        const local = this.explorer.explore(s, EXPLICIT_LIMIT);
        if (local) {
          let found = false;
          for (const scc of local) {
            if (bdd.contains(this.known, bitsOf(scc[0]!))) continue;
            let set = BDD_FALSE;
            for (const t of scc) set = bdd.or(set, bdd.cube(bitsOf(t)));
            this.report(set, scc);
            found = true;
          }
          misses = found ? 0 : misses + 1;
          this.candidates = this.rest;
          continue;
        }
        this.forward = this.fwd(bdd.cube(s));
        const back = this.bwd(bdd.cube(s), this.forward);
        const escape = bdd.diff(this.forward, back);
        if (escape !== BDD_FALSE) {
          // s is transient; fwd(s) minus the states that reach s is closed and holds an attractor.
          this.candidates = escape;
          continue;
        }
        this.report(this.forward, undefined);
        misses = 0;
        this.candidates = this.rest;
      }
    }
    if (options.stats) {
      options.stats.nodesCreated += bdd.created;
      options.stats.peakNodes = Math.max(options.stats.peakNodes, bdd.nodeCount);
    }
    return this.out;
  }

  /** Record an attractor given as a BDD (and, when known, its sorted states). */
  private report(set: number, explicit: string[] | undefined): void {
    const { bdd } = this;
    const size = explicit ? explicit.length : bdd.satCount(set);
    const states = explicit ? explicit.slice(0, this.maxStates) : bdd.enumerate(set, this.maxStates);
    let space = '';
    for (let j = 0; j < this.m; j++) {
      const x = bdd.variable(j);
      const on = bdd.and(set, x) !== BDD_FALSE;
      const off = bdd.diff(set, x) !== BDD_FALSE;
      space += on && off ? '-' : on ? '1' : '0';
    }
    this.out.push({ type: size === 1 ? 'fixed' : 'cycle', states, space, size, truncated: size > states.length });
    this.known = bdd.or(this.known, set);
    this.pending = bdd.or(this.pending, set);
  }

  /** Compact the node table when it has grown; `locals` are extra live roots, returned renumbered. */
  private collect(locals: number[]): number[] {
    if (this.bdd.nodeCount <= this.compactAt) return locals;
    const m = this.m;
    const fields = [this.rest, this.known, this.pending, this.candidates, this.forward];
    const k = fields.length;
    const roots = this.bdd.compact([...fields, ...this.delta, ...locals]);
    [this.rest, this.known, this.pending, this.candidates, this.forward] = roots as [number, number, number, number, number];
    this.delta = roots.slice(k, k + m);
    this.compactAt = Math.max(COMPACT_THRESHOLD, 4 * this.bdd.nodeCount);
    return roots.slice(k + m);
  }

  // Forward reachability one node at a time, restarting from the bottom of the variable order
  // whenever a node adds states: the set grows "from below" and its BDD stays small (the idea
  // of saturation, Ciardo et al. 2001, without its per-level caches).
  private fwd(s: number): number {
    const bdd = this.bdd;
    let reach = s;
    for (let j = this.m - 1; j >= 0; ) {
      const fresh = bdd.diff(bdd.flip(bdd.and(reach, this.delta[j]!), j), reach);
      if (fresh === BDD_FALSE) j--;
      else {
        [reach] = this.collect([bdd.or(reach, fresh)]) as [number];
        j = this.m - 1;
      }
    }
    return reach;
  }

  // Backward reachability inside `within` by chained sweeps from the top of the order. (Measured
  // on the T-LGL and Klamt networks: the restart-from-bottom scheme of fwd builds four times as
  // many nodes here, restarting from the top twice as many.)
  private bwd(s: number, within: number): number {
    const bdd = this.bdd;
    let reach = s;
    for (let changed = true; changed; ) {
      changed = false;
      for (let j = 0; j < this.m; j++) {
        const pre = bdd.and(bdd.and(bdd.flip(reach, j), this.delta[j]!), within);
        const fresh = bdd.diff(pre, reach);
        if (fresh !== BDD_FALSE) {
          [reach, within] = this.collect([bdd.or(reach, fresh), within]) as [number, number];
          changed = true;
        }
      }
    }
    return reach;
  }
}

/** Explicit moves over the asynchronous state transition graph: random walks (each step flips
 *  one node, chosen uniformly among those whose rule disagrees; only the rules of the flipped
 *  node's targets are re-evaluated) and bounded exhaustive exploration. */
class AsyncExplorer {
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

  /** The nodes whose rule disagrees in state s. */
  private changing(s: Uint8Array): number[] {
    const m = this.red.m;
    for (let j = 0; j < m; j++) this.words[j] = s[j] ? -1 : 0;
    const out: number[] = [];
    for (let j = 0; j < m; j++) if ((evalWord(this.prog, j, this.words, this.stack) & 1) !== s[j]) out.push(j);
    return out;
  }

  /**
   * The terminal SCCs (attractors) reachable from s, each as sorted bit strings, when at most
   * `limit` states are reachable; undefined otherwise.
   */
  explore(start: Uint8Array, limit: number): string[][] | undefined {
    const key = (s: Uint8Array): string => Array.from(s, (b) => (b ? '1' : '0')).join('');
    const states = [key(start)];
    const index = new Map([[states[0]!, 0]]);
    const succ: number[][] = [];
    for (let k = 0; k < states.length; k++) {
      const s = Uint8Array.from(states[k]!, (c) => (c === '1' ? 1 : 0));
      const list: number[] = [];
      for (const j of this.changing(s)) {
        s[j] ^= 1;
        const t = key(s);
        s[j] ^= 1;
        let i = index.get(t);
        if (i === undefined) {
          if (states.length >= limit) return undefined;
          i = states.length;
          index.set(t, i);
          states.push(t);
        }
        list.push(i);
      }
      succ.push(list);
    }
    return terminalComponents(succ).map((c) => c.map((i) => states[i]!).sort());
  }
}

/** Terminal strongly connected components of a small explicit graph (iterative Tarjan). */
export function terminalComponents(succ: readonly (readonly number[])[]): number[][] {
  const n = succ.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    const frames: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const v = frame[0];
      const list = succ[v]!;
      if (frame[1] < list.length) {
        const w = list[frame[1]++]!;
        if (index[w]! < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members);
      }
    }
  }
  return components.filter((members, c) => members.every((v) => succ[v]!.every((w) => comp[w] === c)));
}
