// Common subexpression elimination: hash-cons every expression of a program into a DAG, and
// give each non-trivial numeric node used more than once its own slot, defined just before the
// first statement that needs it.
//
// Hoisting out of `if` branches is allowed: expressions are pure and never throw (Math functions
// return NaN instead), so computing a branch's subexpression unconditionally changes no result.
// Boolean-valued nodes (comparisons, and/or/not) are never hoisted: slots hold numbers.
import type { Expr } from '../ir/types.js';
import { children, ExprInterner, mapChildren } from '../ir/expr-intern.js';
import { mapStmtExprs, stmtExprs, type Program, type Stmt } from './program.js';

/** Nodes never worth a temporary: leaves, and negated leaves. */
function trivial(e: Expr): boolean {
  switch (e.k) {
    case 'num': case 'time': case 'state': case 'param': case 'assigned': case 'slot': case 'const':
      return true;
    case 'neg': return trivial(e.a);
    case 'cmp': case 'bool': case 'not': return true;
    default: return false;
  }
}

export function eliminateCommonSubexpressions(prog: Program): Program {
  const interner = new ExprInterner();
  // Reference counts over the DAG: each distinct node counts its children once per occurrence.
  const counts: number[] = [];
  const visited: boolean[] = [];
  const count = (root: Expr): void => {
    const stack: Expr[] = [root];
    const rid = interner.id(root);
    counts[rid] = (counts[rid] ?? 0) + 1;
    while (stack.length > 0) {
      const e = stack.pop()!;
      const id = interner.id(e);
      if (visited[id]) continue;
      visited[id] = true;
      for (const c of children(e)) {
        const cid = interner.id(c);
        counts[cid] = (counts[cid] ?? 0) + 1;
        stack.push(c);
      }
    }
  };
  for (const s of prog.stmts) for (const e of stmtExprs(s)) count(e);

  let nSlots = prog.nSlots;
  const slotOfId = new Map<number, number>();
  const rebuilt = new Map<number, Expr>();
  const out: Stmt[] = [];

  const rewrite = (e: Expr): Expr => {
    const id = interner.id(e);
    const slot = slotOfId.get(id);
    if (slot !== undefined) return { k: 'slot', i: slot };
    let r = rebuilt.get(id);
    if (!r) {
      r = mapChildren(e, rewrite);
      rebuilt.set(id, r);
    }
    if ((counts[id] ?? 0) >= 2 && !trivial(e)) {
      const s = nSlots++;
      slotOfId.set(id, s);
      out.push({ kind: 'def', slot: s, expr: r });
      return { k: 'slot', i: s };
    }
    return r;
  };

  for (const s of prog.stmts) {
    // A def whose whole expression is itself a shared node becomes a copy of the new slot: keep
    // the original slot number (later statements refer to it) by defining it from the temporary.
    out.push(mapStmtExprs(s, rewrite));
  }
  return { stmts: out, nSlots };
}
