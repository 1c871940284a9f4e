import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFunction, Expr } from './types.js';
import { buildJacobian, buildRhsProgram, differentiate, type DiffContext } from './derivative.js';
import { simplify } from './simplify.js';
import { ExpressionWriter } from '../codegen/expression-writer.js';
import { BUILTIN_ARITY, HELPERS_SOURCE } from '../codegen/builtins.js';
import { e, robertson } from '../codegen/test-models.js';

const writer = new ExpressionWriter();
const noRefs: DiffContext = { assignedGrad: () => { throw new Error('no assigned'); }, slotGrad: () => { throw new Error('no slots'); } };
type Fn = (y: Float64Array) => number;
const compile = (x: Expr): Fn => new Function('y', `${HELPERS_SOURCE}\nconst t = 0.5, p = [1.3, 0.7];\nreturn ${writer.num(x)};`) as Fn;

/** Checks d x / d y_j against central differences at y; returns false when the point is too close
 *  to a kink for finite differences to be meaningful (two step sizes disagree). */
function agrees(x: Expr, j: number, y: number[]): boolean | 'skip' {
  const f = compile(x);
  const d = differentiate(x, j, noRefs);
  const g = d === null ? () => 0 : compile(simplify(d));
  const Y = Float64Array.from(y);
  const at = (h: number): number => {
    const yh = Float64Array.from(Y);
    yh[j] = yh[j]! + h;
    return f(yh);
  };
  const h = 1e-5;
  const a = (at(h) - at(-h)) / (2 * h), b = (at(10 * h) - at(-10 * h)) / (20 * h);
  const forward = (at(h) - at(0)) / h, backward = (at(0) - at(-h)) / h;
  const exact = g(Y);
  const gAt = (dh: number): number => { const yh = Float64Array.from(Y); yh[j] = yh[j]! + dh; return g(yh); };
  // Near a kink the derivative itself jumps within the finite-difference stencil.
  // (a smooth derivative has a second difference of order (10h)^2, a jump one of its size).
  if (Math.abs(gAt(10 * h) + gAt(-10 * h) - 2 * exact) > 1e-6 * (1 + Math.abs(exact))) return 'skip';
  if (![a, b, exact, f(Y)].every(Number.isFinite) || Math.abs(exact) > 1e6) return 'skip';
  const scale = 1 + Math.abs(exact);
  // A kink (abs, min, if) near the point: one-sided slopes or two step sizes disagree.
  if (Math.abs(a - b) > 1e-5 * scale || Math.abs(forward - backward) > 1e-3 * scale) return 'skip';
  if (Math.abs(exact - a) <= 1e-6 * scale) return true;
  throw new Error(`d/dy${j} at [${y.join(', ')}]: analytic ${exact}, central differences ${a} (10h: ${b}), of ${writer.num(x)}`);
}

const { y, num, call } = e;
// Expressions whose domains stay safe on [-1.5, 1.5]^3.
const safeArg = (u: Expr): Expr => call('tanh', u); // in (-1, 1)
const positive = (u: Expr): Expr => e.add(num(1.5), call('tanh', u)); // in (0.5, 2.5)
const UNARY: [BuiltinFunction, (u: Expr) => Expr][] = [
  ['exp', safeArg], ['log', positive], ['log10', positive], ['log2', positive], ['sqrt', positive], ['abs', (u) => u],
  ['sin', (u) => u], ['cos', (u) => u], ['tan', safeArg], ['asin', (u) => e.mul(num(0.9), safeArg(u))],
  ['acos', (u) => e.mul(num(0.9), safeArg(u))], ['atan', (u) => u], ['sinh', safeArg], ['cosh', safeArg], ['tanh', (u) => u],
  ['asinh', (u) => u], ['acosh', (u) => e.add(num(1.2), positive(u))], ['atanh', (u) => e.mul(num(0.9), safeArg(u))],
  ['sec', safeArg], ['csc', positive], ['cot', (u) => e.mul(num(0.5), positive(u))], ['sech', (u) => u], ['csch', positive],
  ['coth', positive], ['asec', (u) => e.add(num(0.6), positive(u))], ['acsc', (u) => e.add(num(0.6), positive(u))],
  ['acot', positive], ['asech', (u) => e.mul(num(0.35), positive(u))], ['acsch', positive],
  ['acoth', (u) => e.add(num(0.6), positive(u))], ['floor', (u) => u], ['ceil', (u) => u], ['sign', (u) => u],
  ['factorial', (u) => u],
];

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof({ depthSize: 'small' },
    fc.integer({ min: 0, max: 2 }).map(y),
    fc.integer({ min: 0, max: 2 }).map(y),
    fc.double({ min: -2, max: 2, noNaN: true }).map(num),
    fc.constant<Expr>({ k: 'param', i: 0 }),
    fc.constant<Expr>({ k: 'time' }),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((args): Expr => ({ k: 'add', args })),
    fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((args): Expr => ({ k: 'mul', args })),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => e.sub(a, b)),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => e.div(a, positive(b))),
    tie('e').map(e.neg),
    fc.tuple(tie('e'), fc.constantFrom(2, 3, 0.5, -1.5)).map(([a, k]) => e.pow(positive(a), num(k))),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => e.pow(positive(a), safeArg(b))),
    fc.tuple(tie('e'), fc.integer({ min: 0, max: UNARY.length - 1 })).map(([a, k]) => call(UNARY[k]![0], UNARY[k]![1](a))),
    fc.tuple(tie('e'), tie('e'), fc.constantFrom<BuiltinFunction>('min', 'max', 'atan2', 'rem', 'quotient')).map(([a, b, fn]) =>
      fn === 'rem' || fn === 'quotient' ? call(fn, a, positive(b)) : call(fn, a, b)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => call('max', a, b, c)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => call('hill', positive(a), positive(b), e.add(num(2), safeArg(c)))),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => call('root', e.add(num(2), safeArg(a)), positive(b))),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => call('pow', positive(a), b)),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => e.if(e.cmp('>', c, num(0.1)), a, b)),
  ),
})).e;

describe('differentiate', () => {
  it('agrees with central finite differences on random expressions', () => {
    let checked = 0;
    fc.assert(fc.property(exprArb, fc.integer({ min: 0, max: 2 }),
      fc.tuple(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true })),
      (x, j, pt) => {
        // Offsets keep states apart, so ties of min/max between states are not the common case.
        const ok = agrees(x, j, [pt[0] + 0.137, pt[1] - 0.291, pt[2] + 0.433]);
        if (ok !== 'skip') { checked++; expect(ok).toBe(true); }
      }), { numRuns: 1500 });
    expect(checked).toBeGreaterThan(1000);
  });

  it('has a rule for every builtin', () => {
    for (const fn of Object.keys(BUILTIN_ARITY) as BuiltinFunction[]) {
      const n = BUILTIN_ARITY[fn][0];
      const args = [y(0), y(1), y(2)].slice(0, Math.max(n, fn === 'min' || fn === 'max' ? 2 : n));
      expect(() => differentiate(call(fn, ...args), 0, noRefs), fn).not.toThrow();
    }
  });

  it('is structurally zero for conditions, comparisons and piecewise-constant functions', () => {
    expect(differentiate(e.if(e.cmp('>', y(0), num(1)), y(1), num(2)), 0, noRefs)).toBeNull();
    expect(differentiate(call('floor', y(0)), 0, noRefs)).toBeNull();
    expect(differentiate(e.mul(y(1), { k: 'param', i: 0 }), 0, noRefs)).toBeNull();
  });

  it('goes through assigned values and surrogates by the chain rule', () => {
    const ctx: DiffContext = { assignedGrad: (i, wrt) => (wrt === 0 ? { k: 'slot', i: 100 + i } : null), slotGrad: () => null };
    const d = simplify(differentiate(e.mul(e.a(3), y(1)), 0, ctx)!);
    expect(d).toEqual({ k: 'mul', args: [{ k: 'slot', i: 103 }, y(1)] });
    const s = differentiate({ k: 'surrogate', s: 0, out: 1, args: [y(0), e.mul(num(2), y(0))] }, 0, noRefs)!;
    expect(simplify(s)).toEqual({
      k: 'add', args: [
        { k: 'surrogateGrad', s: 0, out: 1, wrt: 0, args: [y(0), e.mul(num(2), y(0))] },
        { k: 'mul', args: [num(2), { k: 'surrogateGrad', s: 0, out: 1, wrt: 1, args: [y(0), e.mul(num(2), y(0))] }] },
      ],
    });
  });
});

describe('buildJacobian', () => {
  it('computes the pattern first and one derivative per nonzero', () => {
    const jac = buildJacobian(buildRhsProgram(robertson()));
    expect(Array.from(jac.rowPtr)).toEqual([0, 3, 6, 7]);
    expect(Array.from(jac.colIdx)).toEqual([0, 1, 2, 0, 1, 2, 1]);
    expect(jac.values).toHaveLength(7);
    expect(jac.nRates).toBe(3);
  });

  it('computes each d(assigned)/dy once, shared by every rate that uses it', () => {
    const { y: Y, a, mul, add } = e;
    const ir = {
      ...robertson(),
      assigned: [{ name: 's', expr: add(mul(Y(0), Y(0)), Y(1)) }],
      reactions: [0, 1, 2].map((k) => ({ name: `r${k}`, rate: mul({ k: 'param', i: k } as Expr, a(0)), stoich: [{ state: k, coef: -1 }], reversible: false })),
    };
    const jac = buildJacobian(buildRhsProgram(ir));
    // slots: 3 rates, then d s/dy0 = 2 y0 (one slot), then d r_k/dy0 = p_k * slot (3 slots); d s/dy1 = 1 is inlined.
    const derivSlots = jac.slots.slice(jac.nRates);
    const dsdy0 = derivSlots.filter((s) => JSON.stringify(s).includes('"k":"state","i":0'));
    expect(dsdy0).toHaveLength(1);
    expect(Array.from(jac.rowPtr)).toEqual([0, 2, 4, 6]);
  });
});
