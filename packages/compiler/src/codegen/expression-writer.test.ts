import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuiltinFunction, Expr } from '../ir/types.js';
import { ExpressionWriter, printIndex, printNumber } from './expression-writer.js';
import { BUILTIN_ARITY, BUILTIN_EVAL, factorial, hill, HELPERS_SOURCE } from './builtins.js';

const writer = new ExpressionWriter();
/** Evaluates written text with y = [y0, y1, y2], p = [p0, p1], t. */
function evaluate(text: string, y: number[] = [0.3, -1.7, 2.5], p: number[] = [4, 0.5], t = 1.25): unknown {
  return new Function('t', 'y', 'p', `${HELPERS_SOURCE}\nreturn (${text});`)(t, Float64Array.from(y), Float64Array.from(p));
}
const num = (v: number): Expr => ({ k: 'num', v });
const y = (i: number): Expr => ({ k: 'state', i });

describe('printNumber', () => {
  it('round-trips every double exactly', () => {
    fc.assert(fc.property(fc.double({ noNaN: false }), (v) => {
      const text = printNumber(v);
      const back = new Function(`return ${text};`)() as number;
      expect(Object.is(back, v)).toBe(true);
    }), { numRuns: 3000 });
  });

  it('round-trips extreme values and signed zero', () => {
    for (const v of [Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -0, 0, 1e21, 1e-7, 0.1 + 0.2, Infinity, -Infinity, NaN]) {
      const back = new Function(`return ${printNumber(v)};`)() as number;
      expect(Object.is(back, v)).toBe(true);
    }
  });

  it('rejects anything that is not a number', () => {
    for (const bad of ['1); process.exit(1); //', '1', null, undefined, {}, [], 1n, true]) {
      expect(() => printNumber(bad)).toThrow(TypeError);
    }
  });

  it('keeps negative numbers correct in every operator position', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
      for (const e of [
        { k: 'sub', a: num(a), b: num(b) }, { k: 'mul', args: [num(a), num(b)] }, { k: 'neg', a: num(b) },
        { k: 'div', a: num(a), b: num(b) }, { k: 'pow', a: num(a), b: num(b) }, { k: 'add', args: [num(a), { k: 'neg', a: num(b) }] },
      ] as Expr[]) {
        const expected = e.k === 'sub' ? a - b : e.k === 'mul' ? a * b : e.k === 'neg' ? -b : e.k === 'div' ? a / b : e.k === 'pow' ? Math.pow(a, b) : a + -b;
        expect(Object.is(evaluate(writer.num(e)), expected)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});

describe('printIndex', () => {
  it('accepts non-negative integers only', () => {
    expect(printIndex(12)).toBe('12');
    for (const bad of [-1, 1.5, NaN, Infinity, '3', '0]; process.exit(1); //', 2 ** 60]) expect(() => printIndex(bad)).toThrow();
  });
});

describe('ExpressionWriter', () => {
  it('writes indices and numbers only', () => {
    const e: Expr = { k: 'add', args: [y(0), { k: 'mul', args: [{ k: 'param', i: 1 }, { k: 'time' }] }, num(-2)] };
    expect(writer.num(e)).toBe('y[0] + p[1] * t + -2');
  });

  it('keeps the grouping of the tree (floating-point order) with minimal brackets', () => {
    const a = y(0), b = y(1), c = y(2);
    expect(writer.num({ k: 'add', args: [a, { k: 'add', args: [b, c] }] })).toBe('y[0] + (y[1] + y[2])');
    expect(writer.num({ k: 'add', args: [{ k: 'add', args: [a, b] }, c] })).toBe('y[0] + y[1] + y[2]');
    expect(writer.num({ k: 'sub', a, b: { k: 'sub', a: b, b: c } })).toBe('y[0] - (y[1] - y[2])');
    expect(writer.num({ k: 'div', a, b: { k: 'mul', args: [b, c] } })).toBe('y[0] / (y[1] * y[2])');
    expect(writer.num({ k: 'neg', a: { k: 'neg', a } })).toBe('-(-y[0])');
    expect(writer.num({ k: 'mul', args: [{ k: 'add', args: [a, b] }, c] })).toBe('(y[0] + y[1]) * y[2]');
    expect(writer.num({ k: 'if', c: { k: 'cmp', op: '>', a, b }, a: b, b: c })).toBe('y[0] > y[1] ? y[1] : y[2]');
    expect(writer.num({ k: 'cmp', op: '==', a, b })).toBe('y[0] === y[1] ? 1 : 0');
    expect(writer.bool(y(0))).toBe('y[0] !== 0');
  });

  it('evaluates random trees exactly like a direct interpreter', () => {
    const leaf = fc.oneof(
      fc.integer({ min: 0, max: 2 }).map((i): Expr => ({ k: 'state', i })),
      fc.integer({ min: 0, max: 1 }).map((i): Expr => ({ k: 'param', i })),
      fc.double({ min: -5, max: 5, noNaN: true }).map((v): Expr => ({ k: 'num', v })),
      fc.constant<Expr>({ k: 'time' }),
    );
    const { e } = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((args): Expr => ({ k: 'add', args })),
        fc.array(tie('e'), { minLength: 1, maxLength: 3 }).map((args): Expr => ({ k: 'mul', args })),
        fc.tuple(tie('e'), tie('e')).map(([a, b]): Expr => ({ k: 'sub', a, b })),
        fc.tuple(tie('e'), tie('e')).map(([a, b]): Expr => ({ k: 'div', a, b })),
        fc.tuple(tie('e'), tie('e')).map(([a, b]): Expr => ({ k: 'pow', a, b })),
        tie('e').map((a): Expr => ({ k: 'neg', a })),
        fc.tuple(tie('e'), tie('e'), tie('e'), fc.constantFrom('<', '<=', '>', '>=', '==', '!=' as const)).map(([a, b, c, op]): Expr =>
          ({ k: 'if', c: { k: 'cmp', op, a, b }, a: b, b: c })),
        fc.tuple(tie('e'), fc.constantFrom<BuiltinFunction>('exp', 'sin', 'atan', 'abs', 'sech', 'acot', 'floor')).map(([a, fn]): Expr => ({ k: 'call', fn, args: [a] })),
        fc.tuple(tie('e'), tie('e'), fc.constantFrom<BuiltinFunction>('min', 'max', 'rem', 'quotient', 'root', 'atan2')).map(([a, b, fn]): Expr => ({ k: 'call', fn, args: [a, b] })),
      ),
    }));
    const Y = [0.3, -1.7, 2.5], Pp = [4, 0.5], T = 1.25;
    const interp = (x: Expr): number => {
      switch (x.k) {
        case 'num': return x.v;
        case 'time': return T;
        case 'state': return Y[x.i]!;
        case 'param': return Pp[x.i]!;
        case 'add': return x.args.slice(1).reduce((s, a) => s + interp(a), interp(x.args[0]!));
        case 'mul': return x.args.slice(1).reduce((s, a) => s * interp(a), interp(x.args[0]!));
        case 'sub': return interp(x.a) - interp(x.b);
        case 'div': return interp(x.a) / interp(x.b);
        case 'pow': return Math.pow(interp(x.a), interp(x.b));
        case 'neg': return -interp(x.a);
        case 'call': return BUILTIN_EVAL[x.fn](...x.args.map(interp));
        case 'if': {
          const c = x.c as Extract<Expr, { k: 'cmp' }>;
          const a = interp(c.a), b = interp(c.b);
          const v = { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[c.op];
          return v ? interp(x.a) : interp(x.b);
        }
        default: throw new Error('unexpected');
      }
    };
    fc.assert(fc.property(e, (x) => {
      expect(Object.is(evaluate(writer.num(x), Y, Pp, T), interp(x))).toBe(true);
    }), { numRuns: 500 });
  });

  it('writes every builtin, evaluating like BUILTIN_EVAL', () => {
    const args = [0.7, 2.5, 3];
    for (const fn of Object.keys(BUILTIN_ARITY) as BuiltinFunction[]) {
      const n = BUILTIN_ARITY[fn][0];
      const e: Expr = { k: 'call', fn, args: args.slice(0, n).map(num) };
      const got = evaluate(writer.num(e)) as number;
      const want = BUILTIN_EVAL[fn](...args.slice(0, n));
      expect(Object.is(got, want) || Math.abs(got - want) <= 1e-15 * Math.abs(want), fn).toBe(true);
    }
    for (const x of [0, 1, 5, 10, 170, 171, -1, 2.5, NaN]) expect(Object.is(evaluate(`h_factorial(${printNumber(x)})`), factorial(x))).toBe(true);
    expect(evaluate('h_hill(2, 3, 1.5)')).toBe(hill(2, 3, 1.5));
  });

  it('writes Boolean operators', () => {
    const t: Expr = { k: 'const', v: true }, f: Expr = { k: 'const', v: false };
    const cases: [Expr, boolean][] = [
      [{ k: 'bool', op: 'and', args: [t, f] }, false], [{ k: 'bool', op: 'or', args: [f, t] }, true],
      [{ k: 'bool', op: 'xor', args: [t, t, t] }, true], [{ k: 'bool', op: 'implies', args: [f, f] }, true],
      [{ k: 'not', a: { k: 'bool', op: 'and', args: [t, t] } }, false],
    ];
    for (const [e, v] of cases) {
      expect(evaluate(writer.bool(e))).toBe(v);
      expect(evaluate(writer.num(e))).toBe(v ? 1 : 0);
    }
  });

  it('rejects hostile or malformed nodes instead of printing them', () => {
    const bad: unknown[] = [
      { k: 'num', v: '1); process.exit(1); //' },
      { k: 'state', i: '0]; process.exit(1); //' },
      { k: 'param', i: -1 },
      { k: 'call', fn: 'process.exit', args: [num(1)] },
      { k: 'call', fn: 'constructor', args: [num(1)] },
      { k: 'call', fn: 'exp', args: [] },
      { k: 'cmp', op: '); process.exit(1); //', a: num(1), b: num(2) },
      { k: 'bool', op: '__proto__', args: [num(1)] },
      { k: 'const', v: 'true' },
      { k: 'eval', a: num(1) },
      { k: 'assigned', i: 0 },
      { k: 'surrogate', s: 0, out: 0, args: [] },
    ];
    for (const e of bad) {
      expect(() => writer.num(e as Expr)).toThrow();
    }
  });
});
