// Algebraic simplification of Expr trees, as its own pass (the expression writer never simplifies).
//
// Rules, applied bottom-up:
//   - constant folding of every operator and builtin with all-constant arguments (evaluated with
//     the same functions generated code uses: BUILTIN_EVAL, Math.pow, IEEE arithmetic);
//   - nested add/mul flattening, constants gathered into one term (this reassociates, so results
//     can differ from the unsimplified tree in the last bits, as with any compiler's fast-math);
//   - x + 0, x - 0, 0 - x, x * 1, x * -1, x / 1, x ^ 1, x ^ 0 = 1 (Math.pow(x, 0) is 1 for every x),
//     -(-x), constant conditions of `if`, equal branches of `if`, Boolean constants in and/or/not.
//
// NaN semantics. IEEE arithmetic says 0 * x is NaN when x is NaN or infinite, 0 / x is NaN when x
// is 0 or NaN, and 1 ^ x is NaN when x is NaN. By default (`ieee: false`) the simplifier folds
// 0 * x -> 0, 0 / x -> 0 and 1 ^ x -> 1 for non-constant x, as symbolic algebra systems do: this is
// what makes structural zeros in Jacobians vanish, and a model whose values are already NaN or
// infinite has lost its meaning anyway. Constants are always folded with exact IEEE semantics
// (NaN * 0 stays NaN). With `ieee: true` those three rules are off and the simplified tree computes
// exactly what the original computes for every input, NaN and infinities included (up to the
// reassociation of sums and products noted above).
import type { Expr } from './types.js';
import { BUILTIN_EVAL, isBuiltin } from '../codegen/builtins.js';
import { ExprInterner, mapChildren } from './expr-intern.js';

export interface SimplifyOptions {
  /** Keep IEEE NaN/infinity semantics exactly: no 0*x -> 0, 0/x -> 0, 1^x -> 1 (default false). */
  readonly ieee?: boolean;
}

const num = (v: number): Expr => ({ k: 'num', v });
const ZERO = num(0), ONE = num(1);
const isNum = (e: Expr, v?: number): e is { k: 'num'; v: number } =>
  e.k === 'num' && (v === undefined || Object.is(e.v, v) || (v === 0 && e.v === 0));

/** A simplifier; reuse one instance across many expressions so shared subtrees are done once. */
export class Simplifier {
  private readonly memo = new Map<Expr, Expr>();
  private readonly interner = new ExprInterner();
  private readonly ieee: boolean;

  constructor(options: SimplifyOptions = {}) {
    this.ieee = options.ieee ?? false;
  }

  simplify(e: Expr): Expr {
    const known = this.memo.get(e);
    if (known) return known;
    const out = this.node(mapChildren(e, (c) => this.simplify(c)));
    this.memo.set(e, out);
    return out;
  }

  private node(e: Expr): Expr {
    switch (e.k) {
      case 'add': return this.add(e.args);
      case 'mul': return this.mul(e.args);
      case 'sub': {
        const { a, b } = e;
        if (isNum(a) && isNum(b)) return num(a.v - b.v);
        if (isNum(b, 0)) return a;
        if (isNum(a, 0) && !Object.is(a.v, -0)) return this.neg(b);
        return e;
      }
      case 'div': {
        const { a, b } = e;
        if (isNum(a) && isNum(b)) return num(a.v / b.v);
        if (isNum(b, 1)) return a;
        if (isNum(b, -1)) return this.neg(a);
        if (!this.ieee && isNum(a, 0)) return ZERO;
        return e;
      }
      case 'pow': {
        const { a, b } = e;
        if (isNum(a) && isNum(b)) return num(Math.pow(a.v, b.v));
        if (isNum(b, 1)) return a;
        if (isNum(b, 0)) return ONE;
        if (!this.ieee && isNum(a, 1)) return ONE;
        return e;
      }
      case 'neg': return this.neg(e.a);
      case 'call': {
        if (isBuiltin(e.fn) && e.args.length > 0 && e.args.every((x) => x.k === 'num')) {
          return num(BUILTIN_EVAL[e.fn](...e.args.map((x) => (x as { v: number }).v)));
        }
        if ((e.fn === 'min' || e.fn === 'max') && e.args.length === 1) return e.args[0]!;
        return e;
      }
      case 'if': {
        if (e.c.k === 'const') return e.c.v ? e.a : e.b;
        if (e.c.k === 'num') return e.c.v !== 0 ? e.a : e.b;
        if (this.interner.id(e.a) === this.interner.id(e.b)) return e.a;
        return e;
      }
      case 'cmp': {
        if (isNum(e.a) && isNum(e.b)) return { k: 'const', v: compare(e.op, e.a.v, e.b.v) };
        return e;
      }
      case 'not': return e.a.k === 'const' ? { k: 'const', v: !e.a.v } : e.a.k === 'not' ? e.a.a : e;
      case 'bool': return this.bool(e);
      default: return e;
    }
  }

  private neg(a: Expr): Expr {
    if (a.k === 'num') return num(-a.v);
    if (a.k === 'neg') return a.a;
    return { k: 'neg', a };
  }

  private add(args: readonly Expr[]): Expr {
    const terms: Expr[] = [];
    let c = 0, hasConst = false;
    const gather = (x: Expr): void => {
      if (x.k === 'add') x.args.forEach(gather);
      else if (x.k === 'num') { c += x.v; hasConst = true; }
      else terms.push(x);
    };
    args.forEach(gather);
    // -0 + x is x for every x, +0 + x is x except for x = -0; dropping a zero constant is the usual
    // convention (the sign of a zero derivative does not matter).
    if (hasConst && (c !== 0 || Number.isNaN(c))) terms.push(num(c));
    if (terms.length === 0) return hasConst ? num(c) : ZERO;
    if (terms.length === 1) return terms[0]!;
    return { k: 'add', args: terms };
  }

  private mul(args: readonly Expr[]): Expr {
    const factors: Expr[] = [];
    let c = 1;
    const gather = (x: Expr): void => {
      if (x.k === 'mul') x.args.forEach(gather);
      else if (x.k === 'num') c *= x.v;
      else if (x.k === 'neg') { c = -c; gather(x.a); }
      else factors.push(x);
    };
    args.forEach(gather);
    if (factors.length === 0) return num(c);
    if (c === 0 && !this.ieee) return ZERO;
    const rest: Expr = factors.length === 1 ? factors[0]! : { k: 'mul', args: factors };
    if (c === 1) return rest;
    if (c === -1) return this.neg(rest);
    return { k: 'mul', args: [num(c), ...factors] };
  }

  private bool(e: Extract<Expr, { k: 'bool' }>): Expr {
    if (e.op !== 'and' && e.op !== 'or') {
      if (e.args.every((a) => a.k === 'const')) {
        const v = e.args.map((a) => (a as { v: boolean }).v);
        if (e.op === 'xor') return { k: 'const', v: v.reduce((x, y) => x !== y) };
        if (e.op === 'implies' && v.length === 2) return { k: 'const', v: !v[0] || v[1]! };
      }
      return e;
    }
    const absorbing = e.op === 'or';
    const kept: Expr[] = [];
    for (const a of e.args) {
      if (a.k === 'const') {
        if (a.v === absorbing) return { k: 'const', v: absorbing };
      } else kept.push(a);
    }
    if (kept.length === 0) return { k: 'const', v: !absorbing };
    if (kept.length === 1 && isBooleanValued(kept[0]!)) return kept[0]!;
    return kept.length === e.args.length ? e : { k: 'bool', op: e.op, args: kept };
  }
}

/** True when e is Boolean-valued by construction (so it may stand alone where a Boolean is due). */
function isBooleanValued(e: Expr): boolean {
  return e.k === 'cmp' || e.k === 'bool' || e.k === 'not' || e.k === 'const';
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': return a === b;
    default: return a !== b;
  }
}

/** Simplifies one expression (see the header for the rules and NaN semantics). */
export function simplify(e: Expr, options: SimplifyOptions = {}): Expr {
  return new Simplifier(options).simplify(e);
}
