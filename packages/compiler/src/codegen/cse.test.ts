import { describe, expect, it } from 'vitest';
import { eliminateCommonSubexpressions } from './cse.js';
import type { Program } from './program.js';
import { e } from './test-models.js';

const { y, p, mul, add, call } = e;

describe('eliminateCommonSubexpressions', () => {
  it('gives a shared subexpression one slot, defined before its first use', () => {
    const shared = mul(p(0), y(1)); // equal by structure, distinct objects below
    const prog: Program = {
      nSlots: 0,
      stmts: [
        { kind: 'store', target: 'o', index: 0, expr: add(mul(p(0), y(1)), y(0)) },
        { kind: 'store', target: 'o', index: 1, expr: call('exp', shared) },
        { kind: 'store', target: 'o', index: 2, expr: y(2) },
      ],
    };
    const out = eliminateCommonSubexpressions(prog);
    expect(out.nSlots).toBe(1);
    expect(out.stmts[0]).toEqual({ kind: 'def', slot: 0, expr: mul(p(0), y(1)) });
    expect(out.stmts[1]).toEqual({ kind: 'store', target: 'o', index: 0, expr: add({ k: 'slot', i: 0 }, y(0)) });
    expect(out.stmts[2]).toEqual({ kind: 'store', target: 'o', index: 1, expr: call('exp', { k: 'slot', i: 0 }) });
    expect(out.stmts[3]).toEqual(prog.stmts[2]);
  });

  it('leaves leaves, negated leaves and Boolean nodes alone', () => {
    const cond = e.cmp('>', y(0), y(1));
    const prog: Program = {
      nSlots: 0,
      stmts: [
        { kind: 'store', target: 'o', index: 0, expr: e.if(cond, e.neg(y(0)), y(1)) },
        { kind: 'store', target: 'o', index: 1, expr: e.if(cond, e.neg(y(0)), p(1)) },
      ],
    };
    expect(eliminateCommonSubexpressions(prog)).toEqual(prog);
  });
});
