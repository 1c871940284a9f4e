// The math of an SBML model as a small tree (read from and written to MathML), with the tree
// operations the importer needs: free names, renaming, substitution and linear solving.
//
// Operators keep their MathML names (`plus`, `times`, `eq`, `piecewise`, ...), so reading and
// writing MathML is a direct mapping and the idt translation is one table.

export type MathNode =
  | { readonly k: 'num'; readonly v: number; readonly units?: string }
  | { readonly k: 'ci'; readonly name: string }
  /** Model time, Avogadro's number (SBML csymbols). */
  | { readonly k: 'time' }
  | { readonly k: 'avogadro' }
  | { readonly k: 'const'; readonly name: 'true' | 'false' | 'pi' | 'exponentiale' | 'infinity' | 'notanumber' }
  /** A MathML operator, a user function call (`op: 'call'`, `fn`), or the csymbols delay and rateOf. */
  | { readonly k: 'apply'; readonly op: string; readonly fn?: string; readonly args: readonly MathNode[]; readonly degree?: MathNode; readonly logbase?: MathNode }
  /** piecewise: (value, condition) pairs, then `otherwise`. */
  | { readonly k: 'piecewise'; readonly pieces: readonly { readonly value: MathNode; readonly cond: MathNode }[]; readonly otherwise?: MathNode }
  | { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: MathNode };

export const num = (v: number): MathNode => ({ k: 'num', v });
export const ci = (name: string): MathNode => ({ k: 'ci', name });
export const apply = (op: string, ...args: MathNode[]): MathNode => ({ k: 'apply', op, args });

/** Names referenced by `ci` (function calls included as `fn`), in order of first use. */
export function freeNames(m: MathNode, out: Set<string> = new Set()): Set<string> {
  switch (m.k) {
    case 'ci':
      out.add(m.name);
      break;
    case 'apply':
      if (m.fn) out.add(m.fn);
      m.args.forEach((a) => freeNames(a, out));
      if (m.degree) freeNames(m.degree, out);
      if (m.logbase) freeNames(m.logbase, out);
      break;
    case 'piecewise':
      for (const p of m.pieces) {
        freeNames(p.value, out);
        freeNames(p.cond, out);
      }
      if (m.otherwise) freeNames(m.otherwise, out);
      break;
    case 'lambda': {
      const inner = freeNames(m.body);
      for (const n of inner) if (!m.params.includes(n)) out.add(n);
      break;
    }
    default:
      break;
  }
  return out;
}

/** Whether the tree contains a node matching the predicate. */
export function someNode(m: MathNode, pred: (n: MathNode) => boolean): boolean {
  if (pred(m)) return true;
  switch (m.k) {
    case 'apply':
      return m.args.some((a) => someNode(a, pred)) || (!!m.degree && someNode(m.degree, pred)) || (!!m.logbase && someNode(m.logbase, pred));
    case 'piecewise':
      return m.pieces.some((p) => someNode(p.value, pred) || someNode(p.cond, pred)) || (!!m.otherwise && someNode(m.otherwise, pred));
    case 'lambda':
      return someNode(m.body, pred);
    default:
      return false;
  }
}

/** Bottom-up rewrite: `f` sees each node after its children were rewritten. */
export function mapMath(m: MathNode, f: (n: MathNode) => MathNode): MathNode {
  switch (m.k) {
    case 'apply':
      return f({
        ...m,
        args: m.args.map((a) => mapMath(a, f)),
        ...(m.degree ? { degree: mapMath(m.degree, f) } : {}),
        ...(m.logbase ? { logbase: mapMath(m.logbase, f) } : {}),
      });
    case 'piecewise':
      return f({
        k: 'piecewise',
        pieces: m.pieces.map((p) => ({ value: mapMath(p.value, f), cond: mapMath(p.cond, f) })),
        ...(m.otherwise ? { otherwise: mapMath(m.otherwise, f) } : {}),
      });
    case 'lambda':
      return f({ k: 'lambda', params: m.params, body: mapMath(m.body, f) });
    default:
      return f(m);
  }
}

/** Rewrite free `ci` names (lambda parameters are bound) and, optionally, called function names. */
function mapFreeNames(m: MathNode, onName: (name: string) => MathNode | undefined, onFunction?: (fn: string) => string | undefined): MathNode {
  const go = (n: MathNode, bound: ReadonlySet<string>): MathNode => {
    switch (n.k) {
      case 'ci':
        return bound.has(n.name) ? n : onName(n.name) ?? n;
      case 'apply': {
        const fn = n.fn !== undefined && onFunction ? onFunction(n.fn) ?? n.fn : n.fn;
        return {
          ...n,
          ...(fn !== undefined ? { fn } : {}),
          args: n.args.map((a) => go(a, bound)),
          ...(n.degree ? { degree: go(n.degree, bound) } : {}),
          ...(n.logbase ? { logbase: go(n.logbase, bound) } : {}),
        };
      }
      case 'piecewise':
        return {
          k: 'piecewise',
          pieces: n.pieces.map((p) => ({ value: go(p.value, bound), cond: go(p.cond, bound) })),
          ...(n.otherwise ? { otherwise: go(n.otherwise, bound) } : {}),
        };
      case 'lambda':
        return { k: 'lambda', params: n.params, body: go(n.body, new Set([...bound, ...n.params])) };
      default:
        return n;
    }
  };
  return go(m, new Set());
}

/** Replace `ci` names (and called function names) through a map; lambda parameters are bound. */
export function renameMath(m: MathNode, rename: (name: string) => string | undefined): MathNode {
  return mapFreeNames(
    m,
    (name) => {
      const r = rename(name);
      return r !== undefined && r !== name ? { k: 'ci', name: r } : undefined;
    },
    rename,
  );
}

/** Replace `ci` names by trees (lambda parameters are bound). */
export function substitute(m: MathNode, values: (name: string) => MathNode | undefined): MathNode {
  return mapFreeNames(m, values);
}

/** The tree with user function calls expanded (bodies substituted); for analysis only. */
export function inlineFunctions(m: MathNode, functions: ReadonlyMap<string, MathNode>, depth = 0): MathNode {
  if (depth > 64) return m;
  return mapMath(m, (n) => {
    if (n.k !== 'apply' || n.op !== 'call' || !n.fn) return n;
    const lambda = functions.get(n.fn);
    if (!lambda || lambda.k !== 'lambda') return n;
    const args = new Map(lambda.params.map((p, i) => [p, n.args[i] ?? num(NaN)] as const));
    return inlineFunctions(substitute(lambda.body, (name) => args.get(name)), functions, depth + 1);
  });
}

const isZero = (m: MathNode | null): boolean => m === null || (m.k === 'num' && m.v === 0);
const isOne = (m: MathNode): boolean => m.k === 'num' && m.v === 1;

function sumOf(a: MathNode | null, b: MathNode | null): MathNode | null {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  return apply('plus', a!, b!);
}
function productOf(a: MathNode, b: MathNode): MathNode {
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  return apply('times', a, b);
}
function negate(a: MathNode | null): MathNode | null {
  if (a === null) return null;
  if (a.k === 'num') return num(-a.v);
  if (a.k === 'apply' && a.op === 'minus' && a.args.length === 1) return a.args[0]!;
  return apply('minus', a);
}

/** f = a * x + b with a, b free of x; null when f is not affine in x (or x hides in a call). */
export function affineIn(f: MathNode, x: string): { a: MathNode | null; b: MathNode | null } | null {
  const has = (m: MathNode): boolean => freeNames(m).has(x);
  if (!has(f)) return { a: null, b: f };
  switch (f.k) {
    case 'ci':
      return { a: num(1), b: null };
    case 'apply': {
      const parts = f.args.map((g) => affineIn(g, x));
      if (parts.some((p) => p === null)) return null;
      const ps = parts as { a: MathNode | null; b: MathNode | null }[];
      switch (f.op) {
        case 'plus':
          return ps.reduce((acc, p) => ({ a: sumOf(acc.a, p.a), b: sumOf(acc.b, p.b) }), { a: null, b: null } as { a: MathNode | null; b: MathNode | null });
        case 'minus':
          if (ps.length === 1) return { a: negate(ps[0]!.a), b: negate(ps[0]!.b) };
          return { a: sumOf(ps[0]!.a, negate(ps[1]!.a)), b: sumOf(ps[0]!.b, negate(ps[1]!.b)) };
        case 'times': {
          const withX = ps.findIndex((p) => !isZero(p.a));
          if (ps.some((p, i) => i !== withX && !isZero(p.a))) return null;
          const others = f.args.filter((_, i) => i !== withX);
          const factor = others.reduce((acc: MathNode, o) => productOf(acc, o), num(1));
          const p = ps[withX]!;
          return { a: p.a ? productOf(p.a, factor) : null, b: p.b ? productOf(p.b, factor) : null };
        }
        case 'divide': {
          if (has(f.args[1]!)) return null;
          const p = ps[0]!;
          return { a: p.a ? apply('divide', p.a, f.args[1]!) : null, b: p.b ? apply('divide', p.b, f.args[1]!) : null };
        }
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** Solve 0 = f for x when f is affine in x with a coefficient free of x. */
export function solveLinear(f: MathNode, x: string): MathNode | null {
  const r = affineIn(f, x);
  if (!r || isZero(r.a)) return null;
  const minusB = negate(r.b) ?? num(0);
  if (r.a!.k === 'num' && r.a!.v === 1) return minusB;
  if (r.a!.k === 'num' && r.a!.v === -1) return r.b ?? num(0);
  return apply('divide', minusB, r.a!);
}
