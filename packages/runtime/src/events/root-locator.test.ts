// Root location: earliest crossing among several roots, tolerance, iteration counts, exact zeros.
import { describe, expect, it } from 'vitest';
import { ROOT_TIME_RTOL, RootLocator, anyCrossing } from './root-locator.js';

function evaluator(fns: ((t: number) => number)[]) {
  return {
    calls: 0,
    evalRoots(t: number, g: Float64Array) {
      this.calls++;
      fns.forEach((f, i) => (g[i] = f(t)));
    },
  };
}

function locate(fns: ((t: number) => number)[], tl: number, tr: number) {
  const ev = evaluator(fns);
  const gl = Float64Array.from(fns.map((f) => f(tl)));
  const gr = Float64Array.from(fns.map((f) => f(tr)));
  expect(anyCrossing(gl, gr)).toBe(true);
  const loc = new RootLocator(fns.length);
  const t = loc.locate(tl, gl, tr, gr, ev);
  return { t, loc, calls: ev.calls };
}

describe('RootLocator (Illinois regula falsi over all roots)', () => {
  it('finds ln 2 for exp(t) - 2 to the tolerance, from the right side, in few evaluations', () => {
    const { t, loc, calls } = locate([(t) => Math.exp(t) - 2], 0, 1);
    expect(t).toBeGreaterThanOrEqual(Math.LN2);
    expect(t - Math.LN2).toBeLessThan(2 * ROOT_TIME_RTOL);
    expect(loc.gRight[0]).toBeGreaterThan(0);
    expect(loc.crossed[0]).toBe(1);
    expect(calls).toBeLessThan(15);
  });

  it('returns the earliest of several crossings and flags only it', () => {
    const { t, loc } = locate([(t) => 0.8 - t, (t) => t * t - 0.25, (t) => t - 2], 0, 1);
    expect(Math.abs(t - 0.5)).toBeLessThan(1e-11);
    expect(Array.from(loc.crossed)).toEqual([0, 1, 0]);
  });

  it('locates a g leaving an exact zero just after the start', () => {
    const { t } = locate([(t) => t - 3], 3, 4);
    expect(t).toBeGreaterThan(3);
    expect(t - 3).toBeLessThan(1e-10);
  });

  it('does not stop on an exact zero inside the step: the located time is strictly past it', () => {
    // A piecewise-linear g that is exactly 0 on [0.4, 0.6].
    const { t, loc } = locate([(t) => (t < 0.4 ? t - 0.4 : t > 0.6 ? t - 0.6 : 0)], 0, 1);
    expect(loc.gRight[0]).toBeGreaterThan(0);
    expect(t).toBeGreaterThan(0.6);
    expect(t - 0.6).toBeLessThan(1e-11);
  });

  it('keeps a relative tolerance at large t', () => {
    const t0 = 1e6;
    const { t } = locate([(t) => Math.sin((t - t0) * 3) - 0.5], t0, t0 + 0.5);
    const exact = t0 + Math.PI / 18;
    expect(Math.abs(t - exact) / t0).toBeLessThan(2 * ROOT_TIME_RTOL);
  });

  it('ignores NaN roots', () => {
    expect(anyCrossing(Float64Array.of(NaN, 1), Float64Array.of(1, 1))).toBe(false);
  });
});
