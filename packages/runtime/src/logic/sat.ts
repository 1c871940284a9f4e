// A compact CDCL SAT solver in the MiniSat tradition (Eén & Sörensson, "An extensible
// SAT-solver", SAT 2003): two watched literals, first-UIP conflict analysis with local clause
// minimisation, VSIDS variable activities in a binary heap, phase saving, Luby restarts
// (Luby, Sinclair & Zuckerman 1993) and activity-based deletion of learnt clauses. It is
// incremental: clauses can be added between calls to solve() and learnt clauses are kept, which
// is what enumeration with blocking clauses needs.
//
// Literals are integers: variable v positive is 2v, negative 2v + 1.

/** A literal: variable v is `2v` (true) or `2v + 1` (false). */
export type Lit = number;

export const mkLit = (v: number, positive = true): Lit => (v << 1) | (positive ? 0 : 1);
export const notLit = (l: Lit): Lit => l ^ 1;
export const litVar = (l: Lit): number => l >> 1;

/** Solver statistics, for reports and efficiency budgets in tests. */
export interface SatCounters {
  conflicts: number;
  decisions: number;
  propagations: number;
  restarts: number;
  solves: number;
}

interface Clause {
  lits: Int32Array;
  learnt: boolean;
  activity: number;
  removed: boolean;
}

const UNASSIGNED = -1;
const VAR_DECAY = 0.95;
const CLAUSE_DECAY = 0.999;
const RESTART_UNIT = 100;
const RESCALE_LIMIT = 1e100;

/** Luby sequence value x (0-based) for base y: 1 1 2 1 1 2 4 1 1 2 ... */
function luby(y: number, x: number): number {
  let size = 1;
  let seq = 0;
  while (size < x + 1) {
    seq++;
    size = 2 * size + 1;
  }
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x = x % size;
  }
  return y ** seq;
}

export class SatSolver {
  readonly counters: SatCounters = { conflicts: 0, decisions: 0, propagations: 0, restarts: 0, solves: 0 };
  private nv = 0;
  private assigns = new Int8Array(16);
  private level = new Int32Array(16);
  private reason = new Int32Array(16);
  private activity = new Float64Array(16);
  private polarity = new Uint8Array(16);
  private seen = new Uint8Array(16);
  private heapPos = new Int32Array(16);
  private heap: number[] = [];
  private trail = new Int32Array(16);
  private trailSize = 0;
  private trailLim: number[] = [];
  private qhead = 0;
  private watches: number[][] = [];
  private clauses: Clause[] = [];
  private freeRefs: number[] = [];
  private nLearnts = 0;
  private maxLearnts = 2000;
  private varInc = 1;
  private claInc = 1;
  private ok = true;
  private model = new Int8Array(0);

  get numVars(): number {
    return this.nv;
  }

  /** A fresh variable (index). */
  newVar(): number {
    const v = this.nv++;
    if (v >= this.assigns.length) this.grow(this.assigns.length * 2);
    this.assigns[v] = UNASSIGNED;
    this.reason[v] = -1;
    this.heapPos[v] = -1;
    this.watches.push([], []);
    this.heapInsert(v);
    return v;
  }

  private grow(cap: number): void {
    const g8 = (a: Int8Array): Int8Array<ArrayBuffer> => {
      const b = new Int8Array(cap);
      b.set(a);
      return b;
    };
    const gu8 = (a: Uint8Array): Uint8Array<ArrayBuffer> => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.assigns = g8(this.assigns);
    this.level = g32(this.level);
    this.reason = g32(this.reason);
    this.heapPos = g32(this.heapPos);
    this.trail = g32(this.trail);
    this.polarity = gu8(this.polarity);
    this.seen = gu8(this.seen);
    const act = new Float64Array(cap);
    act.set(this.activity);
    this.activity = act;
  }

  /** Value of a literal: 1 true, 0 false, -1 unassigned. */
  private value(l: Lit): number {
    const a = this.assigns[l >> 1]!;
    return a < 0 ? -1 : a ^ (l & 1);
  }

  /** Add a clause (a disjunction of literals). Returns false if the formula became unsatisfiable. */
  addClause(lits: readonly Lit[]): boolean {
    if (!this.ok) return false;
    this.cancelUntil(0);
    const sorted = [...lits].sort((a, b) => a - b);
    const out: number[] = [];
    let prev = -1;
    for (const l of sorted) {
      if (litVar(l) >= this.nv) throw new RangeError(`literal ${l} names an unknown variable`);
      const val = this.value(l);
      if (val === 1 || l === (prev ^ 1)) return true; // satisfied, or a tautology
      if (val === 0 || l === prev) continue;
      out.push(l);
      prev = l;
    }
    if (out.length === 0) return (this.ok = false);
    if (out.length === 1) {
      this.enqueue(out[0]!, -1);
      if (this.propagate() >= 0) this.ok = false;
      return this.ok;
    }
    this.attach(Int32Array.from(out), false);
    return true;
  }

  private attach(lits: Int32Array, learnt: boolean): number {
    const c: Clause = { lits, learnt, activity: 0, removed: false };
    const ref = this.freeRefs.length > 0 ? this.freeRefs.pop()! : this.clauses.length;
    this.clauses[ref] = c;
    this.watches[lits[0]!]!.push(ref);
    this.watches[lits[1]!]!.push(ref);
    if (learnt) this.nLearnts++;
    return ref;
  }

  private enqueue(l: Lit, from: number): void {
    const v = l >> 1;
    this.assigns[v] = (l & 1) ^ 1;
    this.level[v] = this.trailLim.length;
    this.reason[v] = from;
    this.trail[this.trailSize++] = l;
  }

  /** Unit propagation; returns the conflicting clause or -1. */
  private propagate(): number {
    let conflict = -1;
    while (this.qhead < this.trailSize) {
      const p = this.trail[this.qhead++]!;
      const falseLit = p ^ 1;
      const ws = this.watches[falseLit]!;
      this.counters.propagations++;
      let i = 0;
      let j = 0;
      const n = ws.length;
      while (i < n) {
        const ref = ws[i++]!;
        const c = this.clauses[ref]!;
        if (c.removed) continue;
        const lits = c.lits;
        if (lits[0] === falseLit) {
          lits[0] = lits[1]!;
          lits[1] = falseLit;
        }
        const first = lits[0]!;
        if (this.value(first) === 1) {
          ws[j++] = ref;
          continue;
        }
        let moved = false;
        for (let k = 2; k < lits.length; k++) {
          const l = lits[k]!;
          if (this.value(l) !== 0) {
            lits[1] = l;
            lits[k] = falseLit;
            this.watches[l]!.push(ref);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = ref;
        if (this.value(first) === 0) {
          conflict = ref;
          this.qhead = this.trailSize;
          while (i < n) ws[j++] = ws[i++]!;
        } else this.enqueue(first, ref);
      }
      ws.length = j;
      if (conflict >= 0) return conflict;
    }
    return -1;
  }

  /** First-UIP learnt clause (asserting literal first) and the level to backtrack to. */
  private analyze(confl: number): { learnt: number[]; btLevel: number } {
    const seen = this.seen;
    const learnt: number[] = [-1];
    const dl = this.trailLim.length;
    let pathC = 0;
    let p = -1;
    let index = this.trailSize - 1;
    do {
      const c = this.clauses[confl]!;
      if (c.learnt) this.bumpClause(c);
      const lits = c.lits;
      for (let j = p === -1 ? 0 : 1; j < lits.length; j++) {
        const q = lits[j]!;
        const v = q >> 1;
        if (!seen[v] && this.level[v]! > 0) {
          this.bumpVar(v);
          seen[v] = 1;
          if (this.level[v]! >= dl) pathC++;
          else learnt.push(q);
        }
      }
      while (!seen[this.trail[index]! >> 1]) index--;
      p = this.trail[index]!;
      index--;
      confl = this.reason[p >> 1]!;
      seen[p >> 1] = 0;
      pathC--;
    } while (pathC > 0);
    learnt[0] = p ^ 1;

    // Local minimisation: drop a literal implied by the other literals of the clause.
    const toClear = learnt.slice(1);
    let k = 1;
    for (let i = 1; i < learnt.length; i++) {
      const v = learnt[i]! >> 1;
      const r = this.reason[v]!;
      let keep = r < 0;
      if (!keep) {
        const rl = this.clauses[r]!.lits;
        for (let j = 1; j < rl.length; j++) {
          const u = rl[j]! >> 1;
          if (!seen[u] && this.level[u]! > 0) {
            keep = true;
            break;
          }
        }
      }
      if (keep) learnt[k++] = learnt[i]!;
    }
    learnt.length = k;
    for (const l of toClear) seen[l >> 1] = 0;

    let btLevel = 0;
    if (learnt.length > 1) {
      let maxI = 1;
      for (let i = 2; i < learnt.length; i++) {
        if (this.level[learnt[i]! >> 1]! > this.level[learnt[maxI]! >> 1]!) maxI = i;
      }
      const t = learnt[1]!;
      learnt[1] = learnt[maxI]!;
      learnt[maxI] = t;
      btLevel = this.level[learnt[1]! >> 1]!;
    }
    return { learnt, btLevel };
  }

  private cancelUntil(lvl: number): void {
    if (this.trailLim.length <= lvl) return;
    const stop = this.trailLim[lvl]!;
    for (let i = this.trailSize - 1; i >= stop; i--) {
      const v = this.trail[i]! >> 1;
      this.polarity[v] = this.assigns[v]!;
      this.assigns[v] = UNASSIGNED;
      this.reason[v] = -1;
      if (this.heapPos[v]! < 0) this.heapInsert(v);
    }
    this.trailSize = stop;
    this.qhead = stop;
    this.trailLim.length = lvl;
  }

  // --- VSIDS ---------------------------------------------------------------------------------

  private bumpVar(v: number): void {
    if ((this.activity[v]! += this.varInc) > RESCALE_LIMIT) {
      for (let i = 0; i < this.nv; i++) this.activity[i]! *= 1e-100;
      this.varInc *= 1e-100;
    }
    if (this.heapPos[v]! >= 0) this.siftUp(this.heapPos[v]!);
  }

  private bumpClause(c: Clause): void {
    if ((c.activity += this.claInc) > RESCALE_LIMIT) {
      for (const d of this.clauses) if (d && d.learnt) d.activity *= 1e-100;
      this.claInc *= 1e-100;
    }
  }

  private heapInsert(v: number): void {
    this.heapPos[v] = this.heap.length;
    this.heap.push(v);
    this.siftUp(this.heap.length - 1);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const v = h[i]!;
    const a = this.activity[v]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = h[parent]!;
      if (this.activity[pv]! >= a) break;
      h[i] = pv;
      this.heapPos[pv] = i;
      i = parent;
    }
    h[i] = v;
    this.heapPos[v] = i;
  }

  private heapPop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    this.heapPos[top] = -1;
    if (h.length > 0) {
      let i = 0;
      const a = this.activity[last]!;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && this.activity[h[r]!]! > this.activity[h[l]!]! ? r : l;
        if (this.activity[h[c]!]! <= a) break;
        h[i] = h[c]!;
        this.heapPos[h[i]!] = i;
        i = c;
      }
      h[i] = last;
      this.heapPos[last] = i;
    }
    return top;
  }

  // --- learnt clause database ----------------------------------------------------------------

  private locked(ref: number): boolean {
    const c = this.clauses[ref]!;
    const v = c.lits[0]! >> 1;
    return this.reason[v] === ref && this.value(c.lits[0]!) === 1;
  }

  /** Delete the less active half of the learnt clauses (never binary or locked ones). */
  private reduceDb(): void {
    const cands: number[] = [];
    this.clauses.forEach((c, ref) => {
      if (c && !c.removed && c.learnt && c.lits.length > 2 && !this.locked(ref)) cands.push(ref);
    });
    cands.sort((a, b) => this.clauses[a]!.activity - this.clauses[b]!.activity);
    const drop = cands.length >> 1;
    for (let i = 0; i < drop; i++) {
      const ref = cands[i]!;
      this.clauses[ref]!.removed = true;
      this.nLearnts--;
    }
    // Detach removed clauses from the watch lists, then recycle their slots.
    for (const ws of this.watches) {
      let j = 0;
      for (let i = 0; i < ws.length; i++) if (!this.clauses[ws[i]!]!.removed) ws[j++] = ws[i]!;
      ws.length = j;
    }
    for (let i = 0; i < drop; i++) this.freeRefs.push(cands[i]!);
  }

  // --- search --------------------------------------------------------------------------------

  /**
   * Search for a model under optional assumptions (literals held true for this call only).
   * Returns true (model available through modelValue) or false (unsatisfiable, under the
   * assumptions if any). `maxConflicts` bounds the work: when exceeded the result is undefined.
   */
  solve(assumptions: readonly Lit[] = [], maxConflicts = Infinity): boolean | undefined {
    this.counters.solves++;
    if (!this.ok) return false;
    this.cancelUntil(0);
    if (this.propagate() >= 0) {
      this.ok = false;
      return false;
    }
    let restartIndex = 0;
    let restartBudget = luby(2, restartIndex) * RESTART_UNIT;
    let conflictsHere = 0;
    const startConflicts = this.counters.conflicts;
    this.maxLearnts = Math.max(this.maxLearnts, this.clauses.length / 3);
    for (;;) {
      const confl = this.propagate();
      if (confl >= 0) {
        this.counters.conflicts++;
        conflictsHere++;
        if (this.trailLim.length === 0) {
          this.ok = false;
          return false;
        }
        const { learnt, btLevel } = this.analyze(confl);
        this.cancelUntil(btLevel);
        if (learnt.length === 1) this.enqueue(learnt[0]!, -1);
        else {
          const ref = this.attach(Int32Array.from(learnt), true);
          this.bumpClause(this.clauses[ref]!);
          this.enqueue(learnt[0]!, ref);
        }
        this.varInc /= VAR_DECAY;
        this.claInc /= CLAUSE_DECAY;
        continue;
      }
      if (this.counters.conflicts - startConflicts > maxConflicts) {
        this.cancelUntil(0);
        return undefined;
      }
      if (conflictsHere >= restartBudget) {
        this.counters.restarts++;
        conflictsHere = 0;
        restartBudget = luby(2, ++restartIndex) * RESTART_UNIT;
        this.cancelUntil(0);
        continue;
      }
      if (this.nLearnts - this.trailSize >= this.maxLearnts) {
        this.reduceDb();
        this.maxLearnts *= 1.1;
      }
      let next = -1;
      while (this.trailLim.length < assumptions.length) {
        const a = assumptions[this.trailLim.length]!;
        const val = this.value(a);
        if (val === 1) this.trailLim.push(this.trailSize); // already true: an empty level
        else if (val === 0) {
          this.cancelUntil(0);
          return false;
        } else {
          next = a;
          break;
        }
      }
      if (next < 0) {
        let v = -1;
        while (this.heap.length > 0) {
          const u = this.heapPop();
          if (this.assigns[u]! < 0) {
            v = u;
            break;
          }
        }
        if (v < 0) {
          this.model = this.assigns.slice(0, this.nv);
          this.cancelUntil(0);
          return true;
        }
        this.counters.decisions++;
        next = mkLit(v, this.polarity[v] === 1);
      }
      this.trailLim.push(this.trailSize);
      this.enqueue(next, -1);
    }
  }

  /** Value of a variable in the last model. */
  modelValue(v: number): boolean {
    return this.model[v] === 1;
  }

  /** Value of a literal in the last model. */
  modelLit(l: Lit): boolean {
    return (this.model[l >> 1]! ^ (l & 1)) === 1;
  }
}
