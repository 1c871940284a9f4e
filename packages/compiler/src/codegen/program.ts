// Straight-line programs: the form every generated function takes before it is printed.
//
// A program is a list of statements over numbered slots (intermediate values). Passes run in this
// order: lowerSurrogates -> eliminateCommonSubexpressions (cse.ts) -> eliminateDeadCode ->
// printProgram (emit.ts), which splits long programs into chunks and decides where slots live.
import type { Expr } from '../ir/types.js';
import { ExprInterner, forEachNode, transform } from '../ir/expr-intern.js';

/** An array a store writes to: the function's output parameter `o`, or y / p themselves. */
export type StoreTarget = 'o' | 'y' | 'p';

export type Stmt =
  /** slot := expr */
  | { readonly kind: 'def'; readonly slot: number; readonly expr: Expr }
  /** target[index] = expr; with `guard`, only when o[index] === 0 (derivedParams' overridden flags). */
  | { readonly kind: 'store'; readonly target: StoreTarget; readonly index: number; readonly expr: Expr; readonly guard?: boolean }
  /** Evaluate surrogate s at args; out[k] / grad[k * nIn + m] are the slots receiving output k and
   *  d output k / d input m (-1 when not needed; grad null when no derivative is needed). */
  | { readonly kind: 'surrogate'; readonly s: number; readonly args: readonly Expr[]; readonly out: readonly number[]; readonly grad: readonly number[] | null }
  /** return expr (as a number, or as a Boolean when `bool`). Last statement only. */
  | { readonly kind: 'return'; readonly expr: Expr; readonly bool: boolean };

export interface Program {
  readonly stmts: readonly Stmt[];
  /** Slot numbers in use are < nSlots. */
  readonly nSlots: number;
}

/** Expressions a statement reads. */
export function stmtExprs(s: Stmt): readonly Expr[] {
  switch (s.kind) {
    case 'def': case 'store': case 'return': return [s.expr];
    case 'surrogate': return s.args;
  }
}

/** Slots a statement defines. */
export function stmtDefs(s: Stmt): readonly number[] {
  if (s.kind === 'def') return [s.slot];
  if (s.kind === 'surrogate') return [...s.out, ...(s.grad ?? [])].filter((x) => x >= 0);
  return [];
}

export function mapStmtExprs(s: Stmt, f: (e: Expr) => Expr): Stmt {
  switch (s.kind) {
    case 'def': case 'store': case 'return': return { ...s, expr: f(s.expr) };
    case 'surrogate': return { ...s, args: s.args.map(f) };
  }
}

/** Slots read by an expression that is a tree (as after CSE, where shared subexpressions have
 *  become slots): a plain recursive walk, cheaper than slotsRead's visited set. */
export function slotsReadTree(e: Expr, into: Set<number>): void {
  switch (e.k) {
    case 'slot': into.add(e.i); return;
    case 'num': case 'state': case 'param': case 'time': case 'const': case 'assigned': return;
    case 'add': case 'mul': case 'call': case 'bool': case 'surrogate': case 'surrogateGrad':
      for (const a of e.args) slotsReadTree(a, into);
      return;
    case 'sub': case 'div': case 'pow': case 'cmp': slotsReadTree(e.a, into); slotsReadTree(e.b, into); return;
    case 'neg': case 'not': slotsReadTree(e.a, into); return;
    case 'if': slotsReadTree(e.c, into); slotsReadTree(e.a, into); slotsReadTree(e.b, into); return;
  }
}

/** Slots read by an expression. */
export function slotsRead(e: Expr, into: Set<number>, seen?: Set<Expr>): void {
  forEachNode(e, (n) => { if (n.k === 'slot') into.add(n.i); }, seen);
}

/** Replaces surrogate and surrogateGrad nodes by slots filled by one `surrogate` statement per
 *  distinct (surrogate, arguments), placed just before the first statement that needs it. */
export function lowerSurrogates(prog: Program, layerSizes: (s: number) => { nIn: number; nOut: number }): Program {
  let nSlots = prog.nSlots;
  const interner = new ExprInterner();
  interface Group { s: number; args: readonly Expr[]; out: number[]; grad: number[] | null; emitted: boolean }
  const groups = new Map<string, Group>();
  const groupOf = (s: number, args: readonly Expr[]): Group => {
    const key = `${s}:${args.map((a) => interner.id(a)).join(',')}`;
    let g = groups.get(key);
    if (!g) {
      const { nIn, nOut } = layerSizes(s);
      if (args.length !== nIn) throw new Error('code generation: surrogate called with the wrong number of inputs');
      g = { s, args, out: new Array<number>(nOut).fill(-1), grad: null, emitted: false };
      groups.set(key, g);
    }
    return g;
  };
  // Pass 1: rewrite every statement, allocating slots (so each group knows all it must compute).
  const memo = new Map<Expr, Expr>();
  const rewritten = prog.stmts.map((st) => {
    const used: Group[] = [];
    const lowered = mapStmtExprs(st, (e) => transform(e, (x) => {
      if (x.k !== 'surrogate' && x.k !== 'surrogateGrad') return x;
      const g = groupOf(x.s, x.args);
      used.push(g);
      const nOut = g.out.length, nIn = g.args.length;
      if (!Number.isInteger(x.out) || x.out < 0 || x.out >= nOut) throw new Error('code generation: surrogate output out of range');
      if (x.k === 'surrogate') {
        if (g.out[x.out]! < 0) g.out[x.out] = nSlots++;
        return { k: 'slot', i: g.out[x.out]! };
      }
      if (!Number.isInteger(x.wrt) || x.wrt < 0 || x.wrt >= nIn) throw new Error('code generation: surrogate input out of range');
      g.grad ??= new Array<number>(nOut * nIn).fill(-1);
      const k = x.out * nIn + x.wrt;
      if (g.grad[k]! < 0) g.grad[k] = nSlots++;
      return { k: 'slot', i: g.grad[k]! };
    }, memo));
    return { lowered, used };
  });
  // Pass 2: each evaluation just before its first use (used is in post-order: inner calls first).
  const out: Stmt[] = [];
  for (const { lowered, used } of rewritten) {
    for (const g of used) {
      if (g.emitted) continue;
      g.emitted = true;
      out.push({ kind: 'surrogate', s: g.s, args: g.args, out: g.out, grad: g.grad });
    }
    out.push(lowered);
  }
  return { stmts: out, nSlots };
}

/** Removes definitions whose slots are never read by a live statement. With `trees`, the
 *  expressions are known to share no subtrees (after CSE) and are walked without a visited set. */
export function eliminateDeadCode(prog: Program, trees = false): Program {
  const live = new Set<number>();
  const seen = new Set<Expr>();
  const kept: Stmt[] = [];
  for (let k = prog.stmts.length - 1; k >= 0; k--) {
    const s = prog.stmts[k]!;
    const defs = stmtDefs(s);
    if ((s.kind === 'def' || s.kind === 'surrogate') && !defs.some((d) => live.has(d))) continue;
    kept.push(s);
    for (const e of stmtExprs(s)) if (trees) slotsReadTree(e, live); else slotsRead(e, live, seen);
  }
  kept.reverse();
  return { stmts: kept, nSlots: prog.nSlots };
}
