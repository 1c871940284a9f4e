import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Expr } from './types.js';
import { simplify } from './simplify.js';
import { ExpressionWriter } from '../codegen/expression-writer.js';
import { HELPERS_SOURCE } from '../codegen/builtins.js';
import { e } from '../codegen/test-models.js';

const { y, num, add, mul, sub, div, pow, neg, call } = e;
const writer = new ExpressionWriter();
const evaluate = (x: Expr, Y: number[]): number =>
  new Function('y', `${HELPERS_SOURCE}\nconst t = 0.25, p = [2, -3];\nreturn ${writer.num(x)};`)(Float64Array.from(Y)) as number;

describe('simplify', () => {
  it('folds constants and neutral elements', () => {
    expect(simplify(add(num(1), num(2), y(0)))).toEqual(add(y(0), num(3)));
    expect(simplify(mul(num(1), y(0)))).toEqual(y(0));
    expect(simplify(add(y(0), num(0)))).toEqual(y(0));
    expect(simplify(sub(y(0), num(0)))).toEqual(y(0));
    expect(simplify(sub(num(0), y(0)))).toEqual(neg(y(0)));
    expect(simplify(pow(y(0), num(1)))).toEqual(y(0));
    expect(simplify(pow(y(0), num(0)))).toEqual(num(1));
    expect(simplify(div(y(0), num(1)))).toEqual(y(0));
    expect(simplify(neg(neg(y(0))))).toEqual(y(0));
    expect(simplify(mul(num(-1), y(0)))).toEqual(neg(y(0)));
    expect(simplify(call('exp', num(0)))).toEqual(num(1));
    expect(simplify(e.if(e.cmp('<', num(1), num(2)), y(0), y(1)))).toEqual(y(0));
    expect(simplify(e.if(e.cmp('<', y(2), num(2)), mul(y(0), y(1)), mul(y(0), y(1))))).toEqual(mul(y(0), y(1)));
  });

  it('flattens nested sums and products', () => {
    expect(simplify(add(y(0), add(y(1), add(y(2), num(1))), num(2)))).toEqual(add(y(0), y(1), y(2), num(3)));
    expect(simplify(mul(num(2), mul(y(0), mul(num(3), y(1)))))).toEqual(mul(num(6), y(0), y(1)));
    expect(simplify(mul(neg(y(0)), y(1)))).toEqual(neg(mul(y(0), y(1))));
  });

  it('x * 0: folded to 0 by default, kept with ieee: true; constant NaN * 0 stays NaN', () => {
    expect(simplify(mul(num(0), y(0)))).toEqual(num(0));
    expect(simplify(div(num(0), y(0)))).toEqual(num(0));
    expect(simplify(mul(num(0), y(0)), { ieee: true })).toEqual(mul(num(0), y(0)));
    expect(simplify(div(num(0), y(0)), { ieee: true })).toEqual(div(num(0), y(0)));
    expect(simplify(pow(num(1), y(0)), { ieee: true })).toEqual(pow(num(1), y(0)));
    const nan = simplify(mul(num(0), num(NaN)));
    expect(nan.k === 'num' && Number.isNaN(nan.v)).toBe(true);
  });

  it('preserves values on random expressions (ieee mode exactly up to reassociation)', () => {
    const leaf = fc.oneof(fc.integer({ min: 0, max: 2 }).map(y), fc.constantFrom(0, 1, -1, 2, 0.5).map(num));
    const { x } = fc.letrec<{ x: Expr }>((tie) => ({
      x: fc.oneof({ depthSize: 'small' }, leaf,
        fc.array(tie('x'), { minLength: 1, maxLength: 3 }).map((args) => add(...args)),
        fc.array(tie('x'), { minLength: 1, maxLength: 3 }).map((args) => mul(...args)),
        fc.tuple(tie('x'), tie('x')).map(([a, b]) => sub(a, b)),
        // Denominators kept away from zero: reassociation may move a cancellation into a division.
        fc.tuple(tie('x'), tie('x')).map(([a, b]) => div(a, add(num(4), mul(b, b)))),
        fc.tuple(tie('x'), fc.constantFrom(0, 1, 2)).map(([a, k]) => pow(a, num(k))),
        tie('x').map(neg)),
    }));
    fc.assert(fc.property(x, fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), (ex, pt) => {
      const want = evaluate(ex, pt);
      const got = evaluate(simplify(ex, { ieee: true }), pt);
      if (Number.isNaN(want)) { expect(Number.isNaN(got)).toBe(true); return; }
      if (!Number.isFinite(want)) { expect(got).toBe(want); return; }
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(want)));
    }), { numRuns: 500 });
  });
});
