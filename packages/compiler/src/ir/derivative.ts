// Symbolic differentiation of Expr with respect to a state, and the sparse symbolic Jacobian of a
// model's right-hand side.
//
// The right-hand side is seen as a straight-line program: assigned values (IR.assigned, in their
// topological order), then one slot per reaction rate, then dy_i = (sum_r coef_ir * rate_r) / V_i
// + rateRule_i. The Jacobian is built in two steps: first its *pattern*, from the states each
// quantity depends on (through assigned values and reaction rates), then one derivative per
// nonzero entry. Derivatives of assigned values and of reaction rates with respect to y_j are
// computed once, stored as slots, and reused by every entry that needs them (the chain rule over
// the program). Slot expressions are simplified as they are made.
//
// Semantics of derivatives of non-smooth functions (the choices every ODE tool makes):
//   - `if`, min, max, abs: the derivative of the active branch; conditions are constant almost
//     everywhere, so states appearing only in a condition contribute no Jacobian entry;
//     d|u| = sign(u) du (0 at u = 0); d min(a, b) = a <= b ? da : db.
//   - floor, ceil, sign, factorial, quotient, comparisons, Boolean values: derivative 0.
//   - rem(a, b) = a - b * trunc(a / b): da - quotient(a, b) db.
//   - pow with an exponent that does not depend on the state: b a^(b-1) da; otherwise
//     a^b (db log a + b da / a).
//   - surrogates: sum_k surrogateGrad(s, out, k) * d(arg_k), the partials evaluated by the
//     generated network code (forward mode through the layers).
import type { BuiltinFunction, Expr, IRModel } from './types.js';
import { PIECEWISE_CONSTANT } from '../codegen/builtins.js';
import { Simplifier } from './simplify.js';
import { forEachNode } from './expr-intern.js';

/** How differentiation sees the quantities an expression refers to by index. */
export interface DiffContext {
  /** d(assigned i)/d y[wrt], or null when identically zero. */
  assignedGrad(i: number, wrt: number): Expr | null;
  /** d(slot i)/d y[wrt], or null when identically zero. */
  slotGrad(i: number, wrt: number): Expr | null;
}

const num = (v: number): Expr => ({ k: 'num', v });
const add = (...args: Expr[]): Expr => (args.length === 1 ? args[0]! : { k: 'add', args });
const mul = (...args: Expr[]): Expr => ({ k: 'mul', args });
const sub = (a: Expr, b: Expr): Expr => ({ k: 'sub', a, b });
const div = (a: Expr, b: Expr): Expr => ({ k: 'div', a, b });
const pow = (a: Expr, b: Expr): Expr => ({ k: 'pow', a, b });
const neg = (a: Expr): Expr => ({ k: 'neg', a });
const call = (fn: BuiltinFunction, ...args: Expr[]): Expr => ({ k: 'call', fn, args });
const sq = (a: Expr): Expr => mul(a, a);

/** Sum of the non-null terms; null when all are null. */
function sum(terms: readonly (Expr | null)[]): Expr | null {
  const kept = terms.filter((t): t is Expr => t !== null);
  return kept.length === 0 ? null : add(...kept);
}
/** f * du, or null when du is null. */
function chain(f: Expr, du: Expr | null): Expr | null {
  return du === null ? null : mul(f, du);
}

/** d e / d y[wrt]; null means identically zero. The result is not simplified. */
export function differentiate(e: Expr, wrt: number, ctx: DiffContext): Expr | null {
  const memo = new Map<Expr, Expr | null>();
  const d = (x: Expr): Expr | null => {
    if (memo.has(x)) return memo.get(x)!;
    const r = rule(x);
    memo.set(x, r);
    return r;
  };

  const rule = (x: Expr): Expr | null => {
    switch (x.k) {
      case 'num': case 'time': case 'param': case 'const': case 'cmp': case 'bool': case 'not':
        return null;
      case 'state': return x.i === wrt ? num(1) : null;
      case 'assigned': return ctx.assignedGrad(x.i, wrt);
      case 'slot': return ctx.slotGrad(x.i, wrt);
      case 'add': return sum(x.args.map(d));
      case 'mul': return sum(x.args.map((a, k) => {
        const da = d(a);
        if (da === null) return null;
        const others = x.args.filter((_, m) => m !== k);
        return others.length === 0 ? da : mul(da, ...others);
      }));
      case 'sub': {
        const da = d(x.a), db = d(x.b);
        if (db === null) return da;
        return da === null ? neg(db) : sub(da, db);
      }
      case 'neg': { const da = d(x.a); return da === null ? null : neg(da); }
      case 'div': {
        const da = d(x.a), db = d(x.b);
        const first = da === null ? null : div(da, x.b);
        if (db === null) return first;
        const second = div(mul(x.a, db), sq(x.b));
        return first === null ? neg(second) : sub(first, second);
      }
      case 'pow': return dPow(x.a, x.b, d(x.a), d(x.b));
      case 'if': {
        const da = d(x.a), db = d(x.b);
        if (da === null && db === null) return null;
        return { k: 'if', c: x.c, a: da ?? num(0), b: db ?? num(0) };
      }
      case 'call': return dCall(x.fn, x.args, d);
      case 'surrogate':
        return sum(x.args.map((a, k) => chain({ k: 'surrogateGrad', s: x.s, out: x.out, wrt: k, args: x.args }, d(a))));
      case 'surrogateGrad':
        throw new Error('differentiate: second derivatives of surrogates are not supported');
    }
  };
  return d(e);
}

function dPow(a: Expr, b: Expr, da: Expr | null, db: Expr | null): Expr | null {
  if (db === null) {
    if (da === null) return null;
    const bm1 = b.k === 'num' ? num(b.v - 1) : sub(b, num(1));
    return mul(b, pow(a, bm1), da);
  }
  // a^b (db log a + b da / a)
  const inner = sum([mul(db, call('log', a)), da === null ? null : div(mul(b, da), a)])!;
  return mul(pow(a, b), inner);
}

function dCall(fn: BuiltinFunction, args: readonly Expr[], d: (x: Expr) => Expr | null): Expr | null {
  if (PIECEWISE_CONSTANT.has(fn)) return null;
  const u = args[0]!;
  const unary = (f: () => Expr): Expr | null => chain(f(), d(u));
  switch (fn) {
    case 'exp': return unary(() => call('exp', u));
    case 'log': return unary(() => div(num(1), u));
    case 'log10': return unary(() => div(num(1), mul(u, num(Math.LN10))));
    case 'log2': return unary(() => div(num(1), mul(u, num(Math.LN2))));
    case 'sqrt': return unary(() => div(num(0.5), call('sqrt', u)));
    case 'abs': return unary(() => call('sign', u));
    case 'sin': return unary(() => call('cos', u));
    case 'cos': return unary(() => neg(call('sin', u)));
    case 'tan': return unary(() => div(num(1), sq(call('cos', u))));
    case 'asin': return unary(() => div(num(1), call('sqrt', sub(num(1), sq(u)))));
    case 'acos': return unary(() => neg(div(num(1), call('sqrt', sub(num(1), sq(u))))));
    case 'atan': return unary(() => div(num(1), add(num(1), sq(u))));
    case 'sinh': return unary(() => call('cosh', u));
    case 'cosh': return unary(() => call('sinh', u));
    case 'tanh': return unary(() => sub(num(1), sq(call('tanh', u))));
    case 'asinh': return unary(() => div(num(1), call('sqrt', add(sq(u), num(1)))));
    case 'acosh': return unary(() => div(num(1), call('sqrt', sub(sq(u), num(1)))));
    case 'atanh': return unary(() => div(num(1), sub(num(1), sq(u))));
    // sec u = 1/cos u: d = sec u tan u; csc: -csc u cot u; cot: -csc^2 u.
    case 'sec': return unary(() => mul(call('sec', u), call('tan', u)));
    case 'csc': return unary(() => neg(mul(call('csc', u), call('cot', u))));
    case 'cot': return unary(() => neg(sq(call('csc', u))));
    // sech: -sech u tanh u; csch: -csch u coth u; coth: -csch^2 u.
    case 'sech': return unary(() => neg(mul(call('sech', u), call('tanh', u))));
    case 'csch': return unary(() => neg(mul(call('csch', u), call('coth', u))));
    case 'coth': return unary(() => neg(sq(call('csch', u))));
    // Inverses through the reciprocal: asec u = acos(1/u), d(1/u) = -du/u^2.
    case 'asec': return unary(() => div(num(1), mul(sq(u), call('sqrt', sub(num(1), div(num(1), sq(u)))))));
    case 'acsc': return unary(() => neg(div(num(1), mul(sq(u), call('sqrt', sub(num(1), div(num(1), sq(u))))))));
    case 'acot': return unary(() => neg(div(num(1), add(sq(u), num(1)))));
    case 'asech': return unary(() => neg(div(num(1), mul(sq(u), call('sqrt', sub(div(num(1), sq(u)), num(1)))))));
    case 'acsch': return unary(() => neg(div(num(1), mul(sq(u), call('sqrt', add(div(num(1), sq(u)), num(1)))))));
    case 'acoth': return unary(() => div(num(1), sub(num(1), sq(u))));
    case 'pow': return dPow(args[0]!, args[1]!, d(args[0]!), d(args[1]!));
    case 'root': {
      // root(n, x) = x^(1/n)
      const n = args[0]!, x = args[1]!;
      const inv = div(num(1), n);
      const dn = d(n);
      return dPow(x, inv, d(x), dn === null ? null : neg(div(dn, sq(n))));
    }
    case 'hill': {
      // x^n / (K^n + x^n), differentiated as that quotient.
      const [x, k, n] = args as [Expr, Expr, Expr];
      const xn = pow(x, n), kn = pow(k, n);
      const dxn = dPow(x, n, d(x), d(n)), dkn = dPow(k, n, d(k), d(n));
      const den = add(kn, xn);
      const dden = sum([dkn, dxn]);
      const first = dxn === null ? null : div(dxn, den);
      if (dden === null) return first;
      const second = div(mul(xn, dden), sq(den));
      return first === null ? neg(second) : sub(first, second);
    }
    case 'atan2': {
      // atan2(y, x): (x dy - y dx) / (x^2 + y^2)
      const y = args[0]!, x = args[1]!;
      const dy = d(y), dx = d(x);
      const top = sum([dy === null ? null : mul(x, dy), dx === null ? null : neg(mul(y, dx))]);
      return top === null ? null : div(top, add(sq(x), sq(y)));
    }
    case 'rem': {
      const a = args[0]!, b = args[1]!;
      const db = d(b);
      return sum([d(a), db === null ? null : neg(mul(call('quotient', a, b), db))]);
    }
    case 'min': case 'max': {
      // d min(a0, rest) = a0 <= min(rest) ? da0 : d min(rest); ties take the first argument.
      if (args.length === 1) return d(u);
      const rest: Expr = args.length === 2 ? args[1]! : call(fn, ...args.slice(1));
      const da = d(u), dr = args.length === 2 ? d(args[1]!) : dCall(fn, args.slice(1), d);
      if (da === null && dr === null) return null;
      return { k: 'if', c: { k: 'cmp', op: fn === 'min' ? '<=' : '>=', a: u, b: rest }, a: da ?? num(0), b: dr ?? num(0) };
    }
    default:
      throw new Error('differentiate: no derivative rule for a builtin');
  }
}

// ---------------------------------------------------------------------------------------------
// Dependencies: which states a value depends on differentiably.

/** Sorted union of two sorted integer arrays. */
function union(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { out.push(x); i++; j++; } else if (x < y) { out.push(x); i++; } else { out.push(y); j++; }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

const NONE: readonly number[] = [];

/** The states an expression depends on through differentiable paths (conditions of `if`,
 *  comparisons, Boolean values and piecewise-constant functions excluded), as a sorted array. */
export class DependencyAnalysis {
  private readonly memo = new Map<Expr, readonly number[]>();

  constructor(
    private readonly assignedDeps: (i: number) => readonly number[],
    private readonly slotDeps: (i: number) => readonly number[] = () => NONE,
  ) {}

  deps(e: Expr): readonly number[] {
    const known = this.memo.get(e);
    if (known) return known;
    const r = this.compute(e);
    this.memo.set(e, r);
    return r;
  }

  private all(args: readonly Expr[]): readonly number[] {
    let acc = NONE;
    for (const a of args) acc = union(acc, this.deps(a));
    return acc;
  }

  private compute(e: Expr): readonly number[] {
    switch (e.k) {
      case 'state': return [e.i];
      case 'assigned': return this.assignedDeps(e.i);
      case 'slot': return this.slotDeps(e.i);
      case 'add': case 'mul': case 'surrogate': case 'surrogateGrad': return this.all(e.args);
      case 'call': return PIECEWISE_CONSTANT.has(e.fn) ? NONE : this.all(e.args);
      case 'sub': case 'div': case 'pow': return union(this.deps(e.a), this.deps(e.b));
      case 'neg': return this.deps(e.a);
      case 'if': return union(this.deps(e.a), this.deps(e.b));
      default: return NONE;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The right-hand side as a program, and its sparse Jacobian.

/** The right-hand side: assigned values, then slots (reaction rates), then one output per state. */
export interface RhsProgram {
  readonly nStates: number;
  /** IR.assigned expressions (they refer to `assigned` j < i). */
  readonly assigned: readonly Expr[];
  /** Slot r = rate of reaction r. */
  readonly rates: readonly Expr[];
  /** dy_i, referring to rates as `slot` nodes. */
  readonly outputs: readonly Expr[];
}

/** Builds dy_i = (sum_r coef_ir rate_r) / V_i + rate_i; boundary species get nothing from reactions. */
export function buildRhsProgram(ir: IRModel): RhsProgram {
  const n = ir.states.length;
  const terms: Expr[][] = Array.from({ length: n }, () => []);
  ir.reactions.forEach((r, ri) => {
    // Net coefficient per state (a species may appear as reactant and product of one reaction).
    const net = new Map<number, number>();
    const computed = new Map<number, Expr[]>();
    for (const { state, coef, coefExpr } of r.stoich) {
      if (coefExpr) computed.set(state, [...(computed.get(state) ?? []), coefExpr]);
      else net.set(state, (net.get(state) ?? 0) + coef);
    }
    for (const [state, coef] of net) {
      if (ir.states[state]!.boundary || coef === 0 || computed.has(state)) continue;
      terms[state]!.push(mul(num(coef), { k: 'slot', i: ri }));
    }
    // Stoichiometries computed during the run (they may change, so they stay expressions).
    for (const [state, exprs] of computed) {
      if (ir.states[state]!.boundary) continue;
      const literal = net.get(state);
      const all = literal ? [...exprs, num(literal)] : exprs;
      terms[state]!.push(mul(add(...all), { k: 'slot', i: ri }));
    }
  });
  const outputs = ir.states.map((s, i): Expr => {
    const parts: Expr[] = [];
    const t = terms[i]!;
    if (t.length > 0) {
      const flux = add(...t);
      parts.push(s.volume ? div(flux, s.volume) : flux);
    }
    if (s.rate) parts.push(s.rate);
    return parts.length === 0 ? num(0) : add(...parts);
  });
  return { nStates: n, assigned: ir.assigned.map((a) => a.expr), rates: ir.reactions.map((r) => r.rate), outputs };
}

/** The sparse Jacobian of a right-hand side program. */
export interface JacobianProgram {
  readonly n: number;
  /** CSR pattern (columns sorted within each row). */
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** Slots in evaluation order: slots[0 .. nRates) are the reaction rates (as in RhsProgram),
   *  the rest derivatives of assigned values and rates; a slot refers only to earlier slots and to
   *  assigned values. */
  readonly slots: readonly Expr[];
  readonly nRates: number;
  /** One expression per nonzero, in CSR order. */
  readonly values: readonly Expr[];
}

export interface JacobianOptions {
  /** Simplifier to use (shared to reuse its memo); a default one otherwise. */
  readonly simplifier?: Simplifier;
}

const isLeaf = (e: Expr): boolean =>
  e.k === 'num' || e.k === 'state' || e.k === 'param' || e.k === 'assigned' || e.k === 'slot' || e.k === 'time';
const isZero = (e: Expr | null): boolean => e === null || (e.k === 'num' && e.v === 0);

/** Pattern first, then one derivative per structurally nonzero entry. */
export function buildJacobian(prog: RhsProgram, options: JacobianOptions = {}): JacobianProgram {
  const simp = options.simplifier ?? new Simplifier();
  const n = prog.nStates;
  const nRates = prog.rates.length;

  // Dependencies of assigned values, in topological order.
  const assignedDeps: (readonly number[])[] = [];
  const depsA = new DependencyAnalysis((i) => {
    const d = assignedDeps[i];
    if (!d) throw new Error('buildJacobian: assigned values are not in topological order');
    return d;
  });
  for (const a of prog.assigned) assignedDeps.push(depsA.deps(a));
  const rateDeps = prog.rates.map((r) => depsA.deps(r));
  const depsOut = new DependencyAnalysis((i) => assignedDeps[i]!, (i) => rateDeps[i]!);

  const slots: Expr[] = [...prog.rates];
  const slotRef = (e: Expr | null): Expr | null => {
    if (e === null) return null;
    const s = simp.simplify(e);
    if (isZero(s)) return null;
    if (isLeaf(s)) return s;
    slots.push(s);
    return { k: 'slot', i: slots.length - 1 };
  };
  // Derivatives are made on demand and memoised per (quantity, state): key = index * n + wrt.
  const aGrad = new Map<number, Expr | null>();
  const rGrad = new Map<number, Expr | null>();
  // Assigned values each rule refers to directly (for the iterative prerequisite walk below).
  const assignedRefs = prog.assigned.map((a) => {
    const refs = new Set<number>();
    forEachNode(a, (x) => { if (x.k === 'assigned') refs.add(x.i); });
    return [...refs];
  });
  const computeAssignedGrad = (i: number, wrt: number): void => {
    const g = binarySearch(assignedDeps[i]!, wrt) ? slotRef(differentiate(prog.assigned[i]!, wrt, ctx)) : null;
    aGrad.set(i * n + wrt, g);
  };
  const ctx: DiffContext = {
    assignedGrad(i, wrt) {
      const key = i * n + wrt;
      if (aGrad.has(key)) return aGrad.get(key)!;
      // Long chains of assignment rules would recurse as deep as the chain: first compute, in
      // topological (index) order, every missing derivative this one needs.
      const needed: number[] = [];
      const seen = new Set<number>([i]);
      const stack = [i];
      while (stack.length > 0) {
        const b = stack.pop()!;
        for (const c of assignedRefs[b]!) {
          if (seen.has(c) || aGrad.has(c * n + wrt) || !binarySearch(assignedDeps[c]!, wrt)) continue;
          seen.add(c);
          needed.push(c);
          stack.push(c);
        }
      }
      needed.sort((a, b) => a - b);
      for (const b of needed) computeAssignedGrad(b, wrt);
      computeAssignedGrad(i, wrt);
      return aGrad.get(key)!;
    },
    slotGrad(i, wrt) {
      if (i >= nRates) throw new Error('buildJacobian: derivative of a derivative slot');
      const key = i * n + wrt;
      if (rGrad.has(key)) return rGrad.get(key)!;
      const g = binarySearch(rateDeps[i]!, wrt) ? slotRef(differentiate(prog.rates[i]!, wrt, ctx)) : null;
      rGrad.set(key, g);
      return g;
    },
  };

  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const values: Expr[] = [];
  for (let i = 0; i < n; i++) {
    const out = prog.outputs[i]!;
    for (const j of depsOut.deps(out)) {
      const v = differentiate(out, j, ctx);
      if (v === null) continue;
      const s = simp.simplify(v);
      if (isZero(s)) continue;
      cols.push(j);
      values.push(s);
    }
    rowPtr[i + 1] = cols.length;
  }
  return { n, rowPtr, colIdx: Int32Array.from(cols), slots, nRates, values };
}

function binarySearch(a: readonly number[], x: number): boolean {
  let lo = 0, hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}
