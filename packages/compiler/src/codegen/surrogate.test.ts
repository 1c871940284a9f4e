import { describe, expect, it } from 'vitest';
import { simulateCompiled, type CompiledModel } from '@idt/runtime';
import type { Expr, IRModel, IRSurrogate } from '../ir/types.js';
import { generateModelSource, instantiateModel } from './generate.js';
import { e, emptyModel, mlpSurrogate } from './test-models.js';
import { validateIR } from '../ir/validate.js';

/** Reference forward pass, written plainly from the documented semantics (surrogate.ts header). */
function reference(sur: IRSurrogate, x: readonly number[]): number[] {
  const w = sur.weights!;
  const act = (z: number): number => {
    switch (sur.activation.toLowerCase()) {
      case 'tanh': return Math.tanh(z);
      case 'relu': return Math.max(0, z);
      case 'sigmoid': return 1 / (1 + Math.exp(-z));
      case 'softplus': return Math.log(1 + Math.exp(z));
      case 'elu': return z > 0 ? z : Math.exp(z) - 1;
      case 'selu': return 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * (Math.exp(z) - 1));
      case 'swish': return z / (1 + Math.exp(-z));
      case 'softsign': return z / (1 + Math.abs(z));
      case 'relu6': return Math.min(6, Math.max(0, z));
      case 'hardsigmoid': return Math.max(0, Math.min(1, 0.2 * z + 0.5));
      case 'linear': return z;
      case 'rbf': return Math.exp(-z * z);
      // GELU z Phi(z) with Phi from the complementary error function's continued fraction
      // (an independent route from the series the generated code uses).
      case 'gelu': return z * normalCdf(z);
      default: throw new Error(sur.activation);
    }
  };
  let a = x.map((v, i) => {
    const c = w.clampInputs ? Math.min(w.inputMax?.[i] ?? Infinity, Math.max(w.inputMin?.[i] ?? -Infinity, v)) : v;
    return (c - w.inputShift[i]!) / w.inputScale[i]!;
  });
  const L = sur.layers.length - 1;
  for (let l = 0; l < L; l++) {
    const nIn = sur.layers[l]!, nOut = sur.layers[l + 1]!;
    const z = Array.from({ length: nOut }, (_, j) => {
      let s = w.biases[l]![j]!;
      for (let i = 0; i < nIn; i++) s += a[i]! * w.kernels[l]![i * nOut + j]!;
      return s;
    });
    a = l < L - 1 ? z.map(act) : z;
  }
  return a.map((v, k) => v * w.outputScale[k]! + w.outputShift[k]!);
}

/** Standard normal CDF: for |z| < 3 from the Taylor series of erf (with 60 terms, exact to
 *  rounding there), beyond from Lentz's continued fraction for erfc (Abramowitz & Stegun 7.1.14). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  let erf: number;
  if (x < 2) {
    let term = x, sum = x;
    for (let n = 1; n < 60; n++) { term *= (-x * x) / n; sum += term / (2 * n + 1); }
    erf = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    let f = x;
    for (let k = 60; k >= 1; k--) f = x + (k / 2) / f;
    erf = 1 - Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
  return 0.5 * (1 + (z < 0 ? -erf : erf));
}

const S = (out: number, args: Expr[]): Expr => ({ k: 'surrogate', s: 0, out, args });

/** dx0 = net_0(x0, 2 x1); dx1 = -net_1(x0, 2 x1) x1 + net_0(x1, x0); observables: both outputs. */
function surrogateModel(sur: IRSurrogate): IRModel {
  const { y, mul, num, add, neg } = e;
  const args = [y(0), mul(num(2), y(1))];
  return {
    ...emptyModel('sur'),
    states: [{ name: 'x0', kind: 'variable', initial: num(0.3), rate: S(0, args) }, { name: 'x1', kind: 'variable', initial: num(-0.2), rate: add(neg(mul(S(1, args), y(1))), S(0, [y(1), y(0)])) }],
    surrogates: [sur],
    observables: [{ name: 'o0', expr: S(0, args) }, { name: 'o1', expr: S(1, args) }],
  };
}

function fdCheck(m: CompiledModel, y: number[]): void {
  const n = m.nStates, Y = Float64Array.from(y), P = new Float64Array(0);
  const vals = new Float64Array(m.jacPattern.colIdx.length);
  m.jac(0, Y, P, vals);
  const fp = new Float64Array(n), fm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const h = 1e-6;
    Y[j] = y[j]! + h; m.rhs(0, Y, P, fp);
    Y[j] = y[j]! - h; m.rhs(0, Y, P, fm);
    Y[j] = y[j]!;
    for (let i = 0; i < n; i++) {
      let a = 0;
      for (let k = m.jacPattern.rowPtr[i]!; k < m.jacPattern.rowPtr[i + 1]!; k++) if (m.jacPattern.colIdx[k] === j) a = vals[k]!;
      const fd = (fp[i]! - fm[i]!) / (2 * h);
      expect(Math.abs(a - fd), `J[${i}][${j}] ${a} vs ${fd}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
    }
  }
}

describe('surrogate code', () => {
  const activations = ['tanh', 'relu', 'sigmoid', 'softplus', 'elu', 'selu', 'swish', 'softsign', 'relu6', 'hardSigmoid', 'linear', 'rbf', 'gelu'];
  for (const activation of activations) {
    it(`${activation}: forward pass equals the reference, Jacobian matches finite differences`, () => {
      const sur = mlpSurrogate([2, 8, 6, 2], activation);
      const ir = surrogateModel(sur);
      expect(validateIR(ir).problems).toEqual([]);
      const m = instantiateModel(ir);
      for (const y of [[0.3, -0.2], [1.1, 0.7], [-0.8, 0.45]]) {
        const obs = new Float64Array(2);
        m.observables(0, Float64Array.from(y), new Float64Array(0), obs);
        const want = reference(sur, [y[0]!, 2 * y[1]!]);
        expect(obs[0]).toBeCloseTo(want[0]!, 12);
        expect(obs[1]).toBeCloseTo(want[1]!, 12);
        fdCheck(m, y);
      }
    });
  }

  it('networks above the straight-line limit are generated as loops, with the same results', () => {
    const sur = mlpSurrogate([2, 70, 70, 2], 'tanh'); // 5,180 weights > STRAIGHT_LINE_MAX_WEIGHTS
    const src = generateModelSource(surrogateModel(sur));
    expect(src).toContain('S0_K1 = new Float64Array');
    const m = instantiateModel(surrogateModel(sur));
    for (const y of [[0.3, -0.2], [1.1, 0.7]]) {
      const obs = new Float64Array(2);
      m.observables(0, Float64Array.from(y), new Float64Array(0), obs);
      const want = reference(sur, [y[0]!, 2 * y[1]!]);
      expect(obs[0]).toBeCloseTo(want[0]!, 10);
      expect(obs[1]).toBeCloseTo(want[1]!, 10);
      fdCheck(m, y);
    }
    // Small networks have no weight arrays: every weight is a literal.
    expect(generateModelSource(surrogateModel(mlpSurrogate([2, 8, 2], 'tanh')))).not.toContain('S0_K0');
  });

  it('evaluates the network once per distinct input vector', () => {
    const src = generateModelSource(surrogateModel(mlpSurrogate([2, 4, 2], 'tanh')));
    const rhs = src.slice(src.indexOf('function rhs_0'), src.indexOf('function jac_0'));
    expect(rhs.match(/S0\(false, t\)/g)).toHaveLength(2); // (x0, 2 x1) and (x1, x0)
    const jac = src.slice(src.indexOf('function jac_0'), src.indexOf('function roots_0'));
    expect(jac.match(/S0\(true, t\)/g)).toHaveLength(2);
  });

  it('clamps inputs to the training range when clampInputs is set, with zero derivative outside it', () => {
    const sur = mlpSurrogate([2, 5, 2], 'tanh');
    const clamped: IRSurrogate = { ...sur, weights: { ...sur.weights!, inputMin: [-0.5, -0.5], inputMax: [0.5, 0.5], clampInputs: true } };
    const m = instantiateModel(surrogateModel(clamped));
    const obs = new Float64Array(2), obs2 = new Float64Array(2);
    m.observables(0, Float64Array.from([3, 0.1]), new Float64Array(0), obs);
    m.observables(0, Float64Array.from([0.5, 0.1]), new Float64Array(0), obs2);
    expect(Array.from(obs)).toEqual(Array.from(obs2));
    fdCheck(m, [3, 0.1]);
  });

  it('extrapolates outside the training range by default and records the first evaluation there', () => {
    const sur = mlpSurrogate([2, 5, 2], 'tanh');
    const ranged: IRSurrogate = { ...sur, weights: { ...sur.weights!, inputMin: [-0.5, -0.5], inputMax: [0.5, 0.5] } };
    const m = instantiateModel(surrogateModel(ranged));
    const obs = new Float64Array(2);
    m.observables(0, Float64Array.from([3, 0.1]), new Float64Array(0), obs);
    expect(obs[0]).toBeCloseTo(reference(ranged, [3, 0.2])[0]!, 12);
    const r = m.surrogateRange!;
    // Input 0 of the call (x0, 2 x1) is 3 > 0.5; input 1 (0.2) is inside. Not yet the call (x1, x0).
    expect(Array.from(r.flagged)).toEqual([1, 0]);
    expect(r.value[0]).toBe(3);
    m.observables(7, Float64Array.from([4, 0.1]), new Float64Array(0), obs);
    expect(r.value[0]).toBe(3); // recorded once
    expect(r.time[0]).toBe(0);
  });

  it('the simulate driver warns once per input, with its name and the time it first left the range', () => {
    // dx0/dt = net_0(x0, 2 x1) ... from x0 = 0.3; the range [-0.35, 0.35] on input 0 is left early.
    const sur = mlpSurrogate([2, 5, 2], 'tanh');
    const ranged: IRSurrogate = { ...sur, weights: { ...sur.weights!, inputMin: [-0.35, -10], inputMax: [0.35, 10] } };
    const m = instantiateModel(surrogateModel(ranged));
    const warnings: string[] = [];
    const res = simulateCompiled(m, { tEnd: 5, params: new Float64Array(0), onWarning: (w) => warnings.push(w), surrogateInputNames: ['net.in0', 'net.in1'] });
    expect(res.status).toBe('success');
    const x0 = res.states[0]!, t = res.time;
    const firstOut = t.find((_, k) => Math.abs(x0[k]!) > 0.35 || Math.abs(res.states[1]![k]!) > 0.35);
    expect(firstOut).toBeDefined();
    expect(warnings.filter((w) => w.includes('net.in0'))).toHaveLength(1);
    const m0 = /net\.in0 = ([\d.e+-]+) at t = ([\d.e+-]+)/.exec(warnings.find((w) => w.includes('net.in0'))!)!;
    const value = Number(m0[1]), tw = Number(m0[2]);
    expect(Math.abs(value)).toBeGreaterThan(0.35);
    // The first out-of-range evaluation is a solver stage near the first output row outside the
    // range (rows every 0.05; a step is shorter than 0.5 here).
    expect(Math.abs(tw - firstOut!)).toBeLessThan(0.5);
    // A second run warns again: the record belongs to the run.
    const again: string[] = [];
    simulateCompiled(m, { tEnd: 5, params: new Float64Array(0), onWarning: (w) => again.push(w) });
    expect(again.filter((w) => w.includes('#0'))).toHaveLength(1);
  });

  it('without weights: the source is generated, construction throws a clear error', () => {
    const ir = surrogateModel(mlpSurrogate([2, 4, 2], 'tanh', 7, false));
    const src = generateModelSource(ir);
    expect(src).toContain('surrogate #0 has no weights');
    expect(() => instantiateModel(ir)).toThrow(/surrogate #0 has no weights/);
  });
});
