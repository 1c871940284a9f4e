import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '@idt/runtime';
import type { IRModel } from '../ir/types.js';
import { generateModel, generateModelSource, instantiateModel } from './generate.js';
import {
  e, emptyModel, michaelisMenten, michaelisMentenRhs, robertson, robertsonRhs, rulesAndIfs, rulesAndIfsRate, rulesAndIfsRhs,
} from './test-models.js';

/** Dense Jacobian of the model's rhs by central differences. */
export function fdJacobian(m: CompiledModel, t: number, y: Float64Array, p: Float64Array): number[][] {
  const n = m.nStates;
  const fp = new Float64Array(n), fm = new Float64Array(n);
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const yj = y[j]!;
    const h = 1e-6 * Math.max(1, Math.abs(yj));
    y[j] = yj + h; m.rhs(t, y, p, fp);
    y[j] = yj - h; m.rhs(t, y, p, fm);
    y[j] = yj;
    for (let i = 0; i < n; i++) J[i]![j] = (fp[i]! - fm[i]!) / (2 * h);
  }
  return J;
}

/** Analytic Jacobian expanded to dense. */
export function denseJac(m: CompiledModel, t: number, y: Float64Array, p: Float64Array): number[][] {
  const { rowPtr, colIdx, n } = m.jacPattern;
  const v = new Float64Array(colIdx.length);
  m.jac(t, y, p, v);
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) J[i]![colIdx[k]!] = v[k]!;
  return J;
}

function expectJacobianMatchesFD(m: CompiledModel, t: number, y: number[], p: number[], rtol = 1e-6, atolScale = 1e-7): void {
  const Y = Float64Array.from(y), P = Float64Array.from(p);
  const A = denseJac(m, t, Y, P), F = fdJacobian(m, t, Y, P);
  const scale = Math.max(1, ...F.flat().map(Math.abs));
  for (let i = 0; i < m.nStates; i++) {
    for (let j = 0; j < m.nStates; j++) {
      expect(Math.abs(A[i]![j]! - F[i]![j]!), `J[${i}][${j}] analytic ${A[i]![j]} vs FD ${F[i]![j]}`)
        .toBeLessThanOrEqual(rtol * Math.abs(F[i]![j]!) + atolScale * scale);
    }
  }
}

function rhsOf(m: CompiledModel, t: number, y: number[], p: number[]): Float64Array {
  const dy = new Float64Array(m.nStates);
  m.rhs(t, Float64Array.from(y), Float64Array.from(p), dy);
  return dy;
}

describe('generated rhs and jac', () => {
  it('Robertson: rhs equals the hand-written rhs, Jacobian matches finite differences', () => {
    const m = instantiateModel(robertson());
    const y = [0.9, 3e-5, 0.1], p = [0.04, 1e4, 3e7];
    const want = new Float64Array(3);
    robertsonRhs(Float64Array.from(y), Float64Array.from(p), want);
    const got = rhsOf(m, 0, y, p);
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
    expectJacobianMatchesFD(m, 0, y, p);
    // Pattern: row 0 depends on y0, y1, y2; row 2 only on y1.
    expect(Array.from(m.jacPattern.rowPtr)).toEqual([0, 3, 6, 7]);
    expect(Array.from(m.jacPattern.colIdx)).toEqual([0, 1, 2, 0, 1, 2, 1]);
    const y0 = new Float64Array(3);
    m.initial(Float64Array.from(p), y0);
    expect(Array.from(y0)).toEqual([1, 0, 0]);
  });

  it('Michaelis-Menten with a growing compartment volume: volume division, boundary species', () => {
    const m = instantiateModel(michaelisMenten());
    const y = [3, 1, 2.5, 1], p = [1.5, 0.7, 0.1];
    const want = new Float64Array(4);
    michaelisMentenRhs(Float64Array.from(y), Float64Array.from(p), want);
    const got = rhsOf(m, 0, y, p);
    for (let i = 0; i < 4; i++) expect(got[i]).toBeCloseTo(want[i]!, 13);
    expectJacobianMatchesFD(m, 0, y, p);
  });

  it('assignment rules and if-expressions: rhs, Jacobian on both sides of the branch, assigned, observables', () => {
    const ir = rulesAndIfs();
    const m = instantiateModel(ir);
    const p = [0.8, 0.9, 2.5];
    for (const y of [[1.2, 0.4, 0.3], [0.5, 0.7, 0.6], [2, 0.3, 1.5]]) {
      const want = new Float64Array(3);
      rulesAndIfsRhs(0, Float64Array.from(y), Float64Array.from(p), want);
      const got = rhsOf(m, 0, y, p);
      for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
      expectJacobianMatchesFD(m, 0, y, p);
    }
    const out = new Float64Array(4);
    m.assigned(0, Float64Array.from([1.2, 0.4, 0.3]), Float64Array.from(p), out);
    expect(out[0]).toBeCloseTo(0.8 * 1.2 * 0.4, 14);
    const obs = new Float64Array(1);
    m.observables(0, Float64Array.from([1.2, 0.4, 0.3]), Float64Array.from(p), obs);
    expect(obs[0]).toBeCloseTo(1.6, 14);
    // With a rate rule depending on time and an assigned value.
    const withRate: IRModel = { ...ir, states: ir.states.map((s, i) => (i === 2 ? { ...s, rate: rulesAndIfsRate() } : s)) };
    const m2 = instantiateModel(withRate);
    expectJacobianMatchesFD(m2, 0.7, [1.2, 0.4, 0.3], p);
  });

  it('splits large functions into chunks sharing the work array, with identical results', () => {
    const ir = rulesAndIfs();
    const small = instantiateModel(ir, { chunkSize: 2 });
    const big = instantiateModel(ir);
    const y = [1.2, 0.4, 0.3], p = [0.8, 0.9, 2.5];
    expect(Array.from(rhsOf(small, 0, y, p))).toEqual(Array.from(rhsOf(big, 0, y, p)));
    expect(denseJac(small, 0, Float64Array.from(y), Float64Array.from(p))).toEqual(denseJac(big, 0, Float64Array.from(y), Float64Array.from(p)));
    expect(generateModel(ir, { chunkSize: 2 }).factory).toMatch(/function rhs_3\(/);
  });

  it('table-driven loops (vectorize) compute exactly what straight-line code computes', () => {
    for (const [ir, y, p] of [
      [rulesAndIfs(), [1.2, 0.4, 0.3], [0.8, 0.9, 2.5]],
      [michaelisMenten(), [3, 1, 2.5, 1], [1.5, 0.7, 0.1]],
      [robertson(), [0.9, 3e-5, 0.1], [0.04, 1e4, 3e7]],
    ] as [IRModel, number[], number[]][]) {
      const looped = instantiateModel(ir, { vectorizeThreshold: 0, minLoopGroup: 1 });
      const plain = instantiateModel(ir, { vectorizeThreshold: Infinity });
      expect(Array.from(rhsOf(looped, 0.3, y, p))).toEqual(Array.from(rhsOf(plain, 0.3, y, p)));
      expect(denseJac(looped, 0.3, Float64Array.from(y), Float64Array.from(p))).toEqual(denseJac(plain, 0.3, Float64Array.from(y), Float64Array.from(p)));
      const Y0 = new Float64Array(y.length), Y1 = new Float64Array(y.length);
      looped.initial(Float64Array.from(p), Y0); plain.initial(Float64Array.from(p), Y1);
      expect(Array.from(Y0)).toEqual(Array.from(Y1));
    }
    expect(generateModel(robertson(), { vectorizeThreshold: 0, minLoopGroup: 1 }).factory).toMatch(/for \(let k = 0; k < \d+; k\+\+\)/);
  });

  it('long chains of assignment rules: derivatives through the chain without deep recursion', () => {
    const n = 5000;
    const ir: IRModel = {
      ...emptyModel(),
      states: Array.from({ length: 3 }, (_, i) => ({ name: `x${i}`, kind: 'variable' as const, initial: e.num(1) })),
      assigned: Array.from({ length: n }, (_, i) => ({ name: `a${i}`, expr: i === 0 ? e.y(0) : e.add(e.mul(e.num(0.999), e.a(i - 1)), e.y(i % 3)) })),
      reactions: [{ name: 'r', rate: e.mul(e.a(n - 1), e.y(1)), stoich: [{ state: 2, coef: 1 }], reversible: false }],
    };
    const m = instantiateModel(ir);
    expect(Array.from(m.jacPattern.colIdx)).toEqual([0, 1, 2]);
    expectJacobianMatchesFD(m, 0, [0.5, 0.7, 0.2], []);
  });

  it('initial values in dependency order, derived parameters unless overridden', () => {
    const { y, p, a, mul, add, num } = e;
    const ir: IRModel = {
      ...emptyModel(),
      states: [
        { name: 'A', kind: 'species', initial: mul(num(2), y(1)) },
        { name: 'B', kind: 'species', initial: add(p(1), a(0)) },
      ],
      params: [{ name: 'k', value: 1 }, { name: 'k2', value: 0, expr: mul(num(3), p(0)) }, { name: 'k3', value: 0, expr: add(p(1), num(1)) }],
      assigned: [{ name: 'c', expr: mul(p(0), num(10)) }],
    };
    const m = instantiateModel(ir);
    const P = Float64Array.from([2, 0, 0]);
    m.derivedParams(P, new Uint8Array(3));
    expect(Array.from(P)).toEqual([2, 6, 7]);
    const Y = new Float64Array(2);
    m.initial(P, Y);
    expect(Array.from(Y)).toEqual([52, 26]);
    const P2 = Float64Array.from([2, 100, 0]);
    m.derivedParams(P2, Uint8Array.from([0, 1, 0]));
    expect(Array.from(P2)).toEqual([2, 100, 101]);
  });
});

describe('generated events, roots and logic', () => {
  const { y, p, t, num, cmp, mul, add } = e;
  const ir: IRModel = {
    ...emptyModel(),
    states: [{ name: 'X', kind: 'species', initial: num(1) }, { name: 'Y', kind: 'species', initial: num(0) }],
    params: [{ name: 'k', value: 0.5 }, { name: 'dose', value: 2 }, { name: 'L', value: 0, discrete: true }, { name: 'M', value: 1, discrete: true }],
    assigned: [{ name: 'sum', expr: add(y(0), y(1)) }],
    logic: [
      { name: 'L', param: 2, initial: false, rule: { k: 'bool', op: 'and', args: [cmp('>', e.a(0), num(1.5)), { k: 'not', a: p(3) }] } },
      { name: 'M', param: 3, initial: true },
    ],
    events: [
      {
        name: 'dose', intervention: true, trigger: { kind: 'every', period: num(24), start: mul(p(1), num(2)), count: num(3) },
        persistent: true, initialValue: false, useValuesFromTriggerTime: true,
        assignments: [{ target: { kind: 'state', i: 0 }, op: '+=', value: p(1) }],
      },
      {
        name: 'switch', intervention: false,
        trigger: { kind: 'when', condition: { k: 'bool', op: 'or', args: [cmp('>=', y(0), num(3)), cmp('>', t, num(10)), cmp('>', e.a(0), num(1.5))] } },
        delay: num(0.5), priority: p(0), persistent: false, initialValue: true, useValuesFromTriggerTime: false,
        assignments: [{ target: { kind: 'param', i: 0 }, op: '=', value: mul(num(2), y(1)) }, { target: { kind: 'state', i: 1 }, op: '*=', value: num(0.5) }],
      },
    ],
  };
  const m = instantiateModel(ir);

  it('one root per distinct comparison atom on continuous quantities', () => {
    // atoms: y0 >= 3, t > 10, sum > 1.5 (shared by the event and the logic rule)
    expect(m.nRoots).toBe(3);
    const g = new Float64Array(3);
    m.roots(4, Float64Array.from([1, 2]), Float64Array.from([0.5, 2, 0, 1]), g);
    expect(Array.from(g)).toEqual([-2, -6, 1.5]);
    expect(m.triggeredEvents.map((s) => s.rootIndices)).toEqual([[0, 1, 2]]);
  });

  it('triggered and timed event specs, values and application', () => {
    const te = m.timedEvents[0]!;
    expect(te.event).toBe(0);
    expect(te.times(Float64Array.from([0.5, 2, 0, 1]))).toEqual({ start: 4, period: 24, end: Infinity, count: 3 });
    const tr = m.triggeredEvents[0]!;
    expect(tr.event).toBe(1);
    expect([tr.initialValue, tr.persistent, tr.useValuesFromTriggerTime]).toEqual([true, false, false]);
    const Y = Float64Array.from([1, 0.2]), P = Float64Array.from([0.5, 2, 0, 1]);
    expect(tr.condition(0, Y, P)).toBe(false);
    expect(tr.condition(11, Y, P)).toBe(true);
    expect(tr.delay(0, Y, P)).toBe(0.5);
    expect(tr.priority(0, Y, P)).toBe(0.5);
    expect(m.eventSize).toEqual([1, 2]);
    const buf = new Float64Array(2);
    m.eventValues(1, 0, Y, P, buf);
    expect(Array.from(buf)).toEqual([0.4, 0.5]);
    m.eventApply(1, buf, Y, P);
    expect(P[0]).toBe(0.4);
    expect(Y[1]).toBeCloseTo(0.1, 15);
    m.eventValues(0, 0, Y, P, buf);
    m.eventApply(0, buf, Y, P);
    expect(Y[0]).toBe(3);
  });

  it('logic nodes: next values and offset', () => {
    expect(m.logicOffset).toBe(2);
    expect(m.nLogic).toBe(2);
    const out = new Float64Array(2);
    m.logicNext(0, Float64Array.from([1, 1]), Float64Array.from([0.5, 2, 0, 0]), out);
    expect(Array.from(out)).toEqual([1, 0]);
    m.logicNext(0, Float64Array.from([1, 1]), Float64Array.from([0.5, 2, 0, 1]), out);
    expect(Array.from(out)).toEqual([0, 1]);
  });
});

describe('generated code is safe', () => {
  const hostile = '"); process.exit(1); //';
  const ir: IRModel = {
    ...robertson(),
    name: hostile,
    files: [hostile],
    states: robertson().states.map((s) => ({ ...s, name: hostile, units: hostile, doc: `*/ ${hostile}` })),
    params: robertson().params.map((p) => ({ ...p, name: `${hostile}\`\${process.exit(1)}\`` })),
    reactions: robertson().reactions.map((r) => ({ ...r, name: hostile })),
    observables: [{ name: hostile, units: hostile, expr: e.y(0) }],
    surrogates: [],
  };

  it('no name, unit or documentation reaches the generated source', () => {
    const src = generateModelSource(ir);
    expect(src).not.toContain('process');
    expect(src).not.toContain('exit');
    expect(src).not.toContain('//');
    expect(src.startsWith('export function createModel()')).toBe(true);
    // Only compiler identifiers appear.
    const idents = new Set(src.match(/[A-Za-z_$][A-Za-z0-9_$]*/g));
    const vocabulary = new Set(('export function createModel use strict if return NaN Infinity let for const new Float64Array '
      + 'Int32Array Math floor pow x r i k n xn w EMPTY t y p o e buf jacPattern rowPtr colIdx eventValueFns eventApplyFns '
      + 'nStates nParams nRoots nAssigned nObservables nLogic rhs jac roots assigned observables initial derivedParams '
      + 'logicNext logicOffset timedEvents triggeredEvents eventValues eventApply eventSize autonomous discontinuityRoots nReactions fluxes true false').split(' '));
    for (const id of idents) expect(vocabulary.has(id) || /^(?:t\d+|[a-z]+_\d+|h_[a-z]+)$/.test(id), id).toBe(true);
    const m = instantiateModel(ir);
    expect(m.nStates).toBe(3);
  });

  it('hostile numbers and indices in expressions are rejected, never printed', () => {
    const bad1: IRModel = { ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: { k: 'num', v: '0; process.exit(1)' as unknown as number } }] };
    expect(() => generateModelSource(bad1)).toThrow();
    const bad2: IRModel = { ...robertson(), reactions: [{ ...robertson().reactions[0]!, rate: { k: 'param', i: '0]; process.exit(1); //' as unknown as number } }] };
    expect(() => generateModelSource(bad2)).toThrow();
    const bad3: IRModel = { ...robertson(), events: [{ name: 'x', intervention: false, trigger: { kind: 'at', time: e.num(1) }, persistent: true, initialValue: true, useValuesFromTriggerTime: true, assignments: [{ target: { kind: 'state', i: 0 }, op: '= 1; process.exit(1); //' as '=', value: e.num(1) }] }] };
    expect(() => generateModelSource(bad3)).toThrow();
  });
});
