// Hash-consing of Expr trees: structurally equal subtrees get the same integer id.
// Used by the simplifier (equal branches) and common subexpression elimination.
import type { Expr } from './types.js';

/** Assigns ids to Expr nodes so that equal trees get equal ids. Ids are dense from 0. */
export class ExprInterner {
  private readonly byNode = new WeakMap<Expr, number>();
  private readonly byKey = new Map<string, number>();
  /** A representative node for each id. */
  readonly nodes: Expr[] = [];

  /** The id of e (computing ids of its children first). */
  id(e: Expr): number {
    const known = this.byNode.get(e);
    if (known !== undefined) return known;
    const key = this.key(e);
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.byKey.set(key, id);
      this.nodes.push(e);
    }
    this.byNode.set(e, id);
    return id;
  }

  private ids(args: readonly Expr[]): string {
    let s = '';
    for (const a of args) s += `,${this.id(a)}`;
    return s;
  }

  private key(e: Expr): string {
    switch (e.k) {
      case 'num': return Object.is(e.v, -0) ? 'n-0' : `n${e.v}`;
      case 'time': return 't';
      case 'state': return `y${e.i}`;
      case 'param': return `p${e.i}`;
      case 'assigned': return `a${e.i}`;
      case 'slot': return `s${e.i}`;
      case 'const': return e.v ? 'T' : 'F';
      case 'add': return `+${this.ids(e.args)}`;
      case 'mul': return `*${this.ids(e.args)}`;
      case 'sub': return `-,${this.id(e.a)},${this.id(e.b)}`;
      case 'div': return `/,${this.id(e.a)},${this.id(e.b)}`;
      case 'pow': return `^,${this.id(e.a)},${this.id(e.b)}`;
      case 'neg': return `~,${this.id(e.a)}`;
      case 'not': return `!,${this.id(e.a)}`;
      case 'call': return `c${e.fn}${this.ids(e.args)}`;
      case 'cmp': return `?${e.op},${this.id(e.a)},${this.id(e.b)}`;
      case 'bool': return `b${e.op}${this.ids(e.args)}`;
      case 'if': return `i,${this.id(e.c)},${this.id(e.a)},${this.id(e.b)}`;
      case 'surrogate': return `S${e.s},${e.out}${this.ids(e.args)}`;
      case 'surrogateGrad': return `G${e.s},${e.out},${e.wrt}${this.ids(e.args)}`;
    }
  }
}

/** The direct children of a node. */
export function children(e: Expr): readonly Expr[] {
  switch (e.k) {
    case 'add': case 'mul': case 'call': case 'bool': case 'surrogate': case 'surrogateGrad': return e.args;
    case 'sub': case 'div': case 'pow': case 'cmp': return [e.a, e.b];
    case 'neg': case 'not': return [e.a];
    case 'if': return [e.c, e.a, e.b];
    default: return [];
  }
}

/** Rebuilds e with each child replaced by f(child); returns e itself when nothing changed. */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.k) {
    case 'add': case 'mul': case 'call': case 'bool': case 'surrogate': case 'surrogateGrad': {
      let changed = false;
      const args = e.args.map((a) => { const b = f(a); if (b !== a) changed = true; return b; });
      return changed ? { ...e, args } as Expr : e;
    }
    case 'sub': case 'div': case 'pow': case 'cmp': {
      const a = f(e.a), b = f(e.b);
      return a === e.a && b === e.b ? e : { ...e, a, b };
    }
    case 'neg': case 'not': {
      const a = f(e.a);
      return a === e.a ? e : { ...e, a };
    }
    case 'if': {
      const c = f(e.c), a = f(e.a), b = f(e.b);
      return c === e.c && a === e.a && b === e.b ? e : { ...e, c, a, b };
    }
    default: return e;
  }
}

/** Rewrites every node bottom-up with f, visiting each distinct node object once. */
export function transform(e: Expr, f: (e: Expr) => Expr, memo: Map<Expr, Expr> = new Map()): Expr {
  const seen = memo.get(e);
  if (seen) return seen;
  const out = f(mapChildren(e, (c) => transform(c, f, memo)));
  memo.set(e, out);
  return out;
}

/** Calls visit on every distinct node object of e (pre-order). */
export function forEachNode(e: Expr, visit: (e: Expr) => void, seen: Set<Expr> = new Set()): void {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    visit(n);
    const cs = children(n);
    for (let k = cs.length - 1; k >= 0; k--) stack.push(cs[k]!);
  }
}
