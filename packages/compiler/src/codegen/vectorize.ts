// Table-driven loops for large programs: statements that differ only in their indices and numbers
// become one loop over index tables.
//
// Why: straight-line code for a 10,000-reaction model is megabytes of machine code that V8 takes
// seconds to optimise (if it does at all) and that runs from instruction-cache misses, about a
// microsecond per statement. Most statements of a large network share a handful of shapes
// (k * y[a] * y[b], Vmax * y[a] / (K + y[a]), ...), so a loop per (dependency level, shape) over
// Int32Array/Float64Array tables is both fast to compile and fast to run.
//
// Statements are grouped by level (1 + the highest level of the slots they read), so every loop
// runs after everything it reads; a group smaller than `minGroup` stays straight-line.
import type { Expr } from '../ir/types.js';
import { children, mapChildren } from '../ir/expr-intern.js';
import { slotsReadTree, stmtDefs, stmtExprs, type Program, type Stmt } from './program.js';

/** A table column: the values a template leaf takes, one per iteration. `w` columns hold slots. */
export interface Column {
  readonly kind: 'y' | 'p' | 'w' | 'n';
  readonly values: number[];
}

/** One loop: for k in [0, count): target[targetCol[k]] = template, where leaf c of the template
 *  reads column c (`state`/`param`/`slot`/`num` nodes whose index is the column number). */
export interface LoopStmt {
  readonly kind: 'loop';
  readonly count: number;
  readonly target: 'w' | 'o';
  /** Target indices: slots for 'w', output indices for 'o'. */
  readonly targetValues: readonly number[];
  readonly template: Expr;
  readonly columns: readonly Column[];
}

/** Many sparse linear combinations at once (the stoichiometric sums of dy):
 *  for k: target[T[k]] = (sum_{m in R[k]..R[k+1]) C[m] * w[J[m]]) [/ divisor_k]. */
export interface LinearStmt {
  readonly kind: 'linear';
  readonly target: 'w' | 'o';
  readonly targetValues: readonly number[];
  readonly rowPtr: readonly number[];
  readonly coefs: readonly number[];
  /** Slots. */
  readonly cols: readonly number[];
  /** Per row: the divisor leaf (a state, parameter or slot), when rows are divided. */
  readonly divisor?: { readonly kind: 'y' | 'p' | 'w'; readonly values: readonly number[] };
}

export type VectorStmt = Stmt | LoopStmt | LinearStmt;

interface LinearForm { terms: { coef: number; slot: number }[]; divisor?: { kind: 'y' | 'p' | 'w'; v: number } }

/** Matches sum_k c_k * slot_k, optionally divided by a leaf. */
function linearForm(e: Expr): LinearForm | undefined {
  const term = (t: Expr): { coef: number; slot: number } | undefined => {
    if (t.k === 'slot') return { coef: 1, slot: t.i };
    if (t.k === 'neg' && t.a.k === 'slot') return { coef: -1, slot: t.a.i };
    if (t.k === 'mul' && t.args.length === 2 && t.args[0]!.k === 'num' && t.args[1]!.k === 'slot') return { coef: t.args[0]!.v, slot: t.args[1]!.i };
    return undefined;
  };
  const sum = (x: Expr): LinearForm['terms'] | undefined => {
    const ts = x.k === 'add' ? x.args.map(term) : [term(x)];
    return ts.every((t) => t !== undefined) ? ts as LinearForm['terms'] : undefined;
  };
  if (e.k === 'div') {
    const leaf = e.b.k === 'state' ? 'y' : e.b.k === 'param' ? 'p' : e.b.k === 'slot' ? 'w' : undefined;
    const terms = sum(e.a);
    if (!leaf || !terms) return undefined;
    return { terms, divisor: { kind: leaf, v: (e.b as { i: number }).i } };
  }
  const terms = sum(e);
  return terms && terms.length > 1 ? { terms } : undefined;
}

export interface VectorizedProgram {
  readonly stmts: readonly VectorStmt[];
  readonly nSlots: number;
}

/** The shape of an expression with leaves abstracted, and its leaves in order. */
function shapeOf(e: Expr, leaves: { kind: Column['kind']; v: number }[]): string {
  switch (e.k) {
    case 'state': leaves.push({ kind: 'y', v: e.i }); return 'Y';
    case 'param': leaves.push({ kind: 'p', v: e.i }); return 'P';
    case 'slot': leaves.push({ kind: 'w', v: e.i }); return 'W';
    case 'num': leaves.push({ kind: 'n', v: e.v }); return 'N';
    default: {
      const op = e.k === 'call' ? `call:${e.fn}` : e.k === 'cmp' || e.k === 'bool' ? `${e.k}:${e.op}` : e.k === 'const' ? `c:${e.v}` : e.k;
      const cs = children(e);
      return cs.length === 0 ? op : `${op}(${cs.map((c) => shapeOf(c, leaves)).join(',')})`;
    }
  }
}

/** Replaces leaves by column references in order (the inverse of shapeOf's leaf list). */
function template(e: Expr, next: { c: number }): Expr {
  switch (e.k) {
    case 'state': return { k: 'state', i: next.c++ };
    case 'param': return { k: 'param', i: next.c++ };
    case 'slot': return { k: 'slot', i: next.c++ };
    case 'num': return { k: 'num', v: next.c++ };
    default: return mapChildren(e, (c) => template(c, next));
  }
}

export interface VectorizeOptions {
  /** Smallest group worth a loop (default 8). */
  readonly minGroup?: number;
}

/** Groups the `def` and plain `store` statements of a program into loops. */
export function vectorize(prog: Program, options: VectorizeOptions = {}): VectorizedProgram {
  const minGroup = options.minGroup ?? 8;
  const levelOfSlot = new Map<number, number>();
  interface Item { stmt: Stmt; level: number; shape?: string; leaves?: { kind: Column['kind']; v: number }[]; linear?: LinearForm }
  const items: Item[] = [];
  let maxLevel = 0;
  // Statements with side effects on y or p (initial values, derived parameters) or surrogate
  // buffers keep their order: they are barriers that raise the level of everything after them.
  let barrier = 0;
  for (const s of prog.stmts) {
    const read = new Set<number>();
    for (const e of stmtExprs(s)) slotsReadTree(e, read);
    let level = barrier;
    for (const r of read) level = Math.max(level, (levelOfSlot.get(r) ?? 0) + 1);
    const templatable = s.kind === 'def' || (s.kind === 'store' && s.target === 'o' && !s.guard);
    if (!templatable) {
      level = Math.max(level, maxLevel);
      barrier = level + 1;
    }
    for (const d of stmtDefs(s)) levelOfSlot.set(d, level);
    maxLevel = Math.max(maxLevel, level);
    const item: Item = { stmt: s, level };
    const linear = templatable ? linearForm((s as { expr: Expr }).expr) : undefined;
    if (linear) {
      item.linear = linear;
      item.shape = `${s.kind}:linear:${linear.divisor?.kind ?? ''}`;
    } else if (templatable) {
      const leaves: { kind: Column['kind']; v: number }[] = [];
      item.shape = `${s.kind}:${shapeOf((s as { expr: Expr }).expr, leaves)}`;
      item.leaves = leaves;
    }
    items.push(item);
  }

  const byLevel: Item[][] = Array.from({ length: maxLevel + 1 }, () => []);
  for (const it of items) byLevel[it.level]!.push(it);
  const out: VectorStmt[] = [];
  for (const level of byLevel) {
    const groups = new Map<string, Item[]>();
    for (const it of level) {
      if (it.shape === undefined) continue;
      let g = groups.get(it.shape);
      if (!g) groups.set(it.shape, (g = []));
      g.push(it);
    }
    const looped = new Set<Item>();
    for (const g of groups.values()) {
      if (g.length < minGroup) continue;
      const first = g[0]!.stmt as Extract<Stmt, { kind: 'def' | 'store' }>;
      const targetOf = (it: Item): number => (it.stmt.kind === 'def' ? it.stmt.slot : (it.stmt as { index: number }).index);
      if (g[0]!.linear) {
        const rowPtr = [0], coefs: number[] = [], cols: number[] = [];
        for (const it of g) {
          for (const t of it.linear!.terms) { coefs.push(t.coef); cols.push(t.slot); }
          rowPtr.push(coefs.length);
        }
        const d = g[0]!.linear.divisor;
        out.push({
          kind: 'linear', target: first.kind === 'def' ? 'w' : 'o', targetValues: g.map(targetOf), rowPtr, coefs, cols,
          ...(d ? { divisor: { kind: d.kind, values: g.map((it) => it.linear!.divisor!.v) } } : {}),
        });
        for (const it of g) looped.add(it);
        continue;
      }
      const columns: Column[] = g[0]!.leaves!.map((l) => ({ kind: l.kind, values: [] }));
      for (const it of g) it.leaves!.forEach((l, c) => columns[c]!.values.push(l.v));
      const targetValues = g.map(targetOf);
      out.push({
        kind: 'loop', count: g.length, target: first.kind === 'def' ? 'w' : 'o', targetValues,
        template: template(first.expr, { c: 0 }), columns,
      });
      for (const it of g) looped.add(it);
    }
    for (const it of level) if (!looped.has(it)) out.push(it.stmt);
  }
  return { stmts: out, nSlots: prog.nSlots };
}
