import { describe, expect, it } from 'vitest';
import type { IRModel } from './types.js';
import { validateIR } from './validate.js';
import { e, michaelisMenten, mlpSurrogate, robertson, rulesAndIfs } from '../codegen/test-models.js';

const codes = (ir: unknown): string[] => validateIR(ir).problems.map((p) => p.code);

describe('validateIR', () => {
  it('accepts the hand-built models, also after a JSON round trip', () => {
    for (const ir of [robertson(), michaelisMenten(), rulesAndIfs()]) {
      expect(validateIR(ir)).toEqual({ valid: true, problems: [] });
      expect(validateIR(JSON.parse(JSON.stringify(ir))).valid).toBe(true);
    }
  });

  it('rejects a wrong version and malformed shapes (schema)', () => {
    expect(codes({ ...robertson(), irVersion: 2 })).toEqual(['version']);
    expect(codes({ ...robertson(), states: [{ name: 'x', kind: 'species' }] })).toContain('schema');
    expect(codes({ ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: { k: 'num', v: '1); process.exit(1)' } }] })).toContain('schema');
    expect(codes({ ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: { k: 'state', i: 1.5 } }] })).toContain('schema');
    expect(codes({ ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: { k: 'call', fn: 'eval', args: [] } }] })).toContain('schema');
    expect(codes({ ...robertson(), extra: 1 })).toContain('schema');
  });

  it('reports indices out of range with a path', () => {
    const ir: IRModel = { ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: e.mul(e.p(7), e.y(3)), stoich: [{ state: 9, coef: 1 }] }] };
    const r = validateIR(ir);
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => p.path)).toEqual(['/reactions/0/rate/args/0', '/reactions/0/rate/args/1', '/reactions/0/stoich/0/state']);
  });

  it('requires assignment rules in topological order', () => {
    const ir: IRModel = { ...robertson(), assigned: [{ name: 'a', expr: e.a(1) }, { name: 'b', expr: e.y(0) }] };
    expect(codes(ir)).toEqual(['assigned-order']);
  });

  it('checks arity, compiler-internal nodes, parameter-only expressions and cycles', () => {
    const r = robertson();
    expect(codes({ ...r, reactions: [{ ...r.reactions[0]!, rate: e.call('pow', e.y(0)) }] })).toEqual(['arity']);
    expect(codes({ ...r, reactions: [{ ...r.reactions[0]!, rate: { k: 'slot', i: 0 } }] })).toContain('schema');
    expect(codes({ ...r, events: [{ name: 'x', intervention: true, trigger: { kind: 'at', time: e.y(0) }, persistent: true, initialValue: true, useValuesFromTriggerTime: true, assignments: [] }] })).toEqual(['not-parameter-only']);
    expect(codes({ ...r, params: [{ name: 'a', value: 0, expr: e.p(1) }, { name: 'b', value: 0, expr: e.p(0) }, ...r.params] })).toContain('cycle');
  });

  it('checks surrogate shapes and activations', () => {
    const sur = mlpSurrogate([2, 3, 2], 'tanh');
    const base: IRModel = { ...robertson(), surrogates: [sur] };
    expect(codes(base)).toEqual([]);
    expect(codes({ ...base, surrogates: [{ ...sur, activation: 'gelu-ish' }] })).toEqual(['surrogate-activation']);
    expect(codes({ ...base, surrogates: [{ ...sur, layers: [3, 3, 2] }] })).toContain('surrogate-shape');
    expect(codes({ ...base, reactions: [{ ...robertson().reactions[0]!, rate: { k: 'surrogate', s: 0, out: 5, args: [e.y(0)] } }] })).toEqual(['index-out-of-range', 'arity']);
  });

  it('checks that logic node values are contiguous in p', () => {
    const r = robertson();
    const ir: IRModel = { ...r, logic: [{ name: 'A', param: 0, initial: false }, { name: 'B', param: 2, initial: true }] };
    expect(codes(ir)).toEqual(['logic-layout']);
  });
});
