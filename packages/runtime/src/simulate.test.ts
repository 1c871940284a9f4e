// The simulate driver on hand-written models: output grid, dosing schedules, threshold events, failures.
import { describe, expect, it } from 'vitest';
import { simulateCompiled } from './simulate.js';
import { handModel } from './testing/hand-model.js';

function scaledError(y: number, exact: number, rtol: number, atol: number): number {
  return Math.abs(y - exact) / (atol + rtol * Math.abs(exact));
}

/** y' = -k y with k = p[0]. */
const decay = handModel({
  nStates: 1,
  nParams: 1,
  nObservables: 1,
  rhs: (_t, y, p, dy) => { dy[0] = -p[0]! * y[0]!; },
  initial: (_p, y) => { y[0] = 2; },
  observables: (_t, y, _p, out) => { out[0] = 10 * y[0]!; },
});

describe('simulateCompiled: output', () => {
  it('reports 101 equally spaced rows by default, by dense output, within the scaled error', () => {
    const r = simulateCompiled(decay, { tEnd: 10, params: Float64Array.of(0.3) });
    expect(r.status).toBe('success');
    expect(r.message).toBe('success');
    expect(r.time.length).toBe(101);
    expect(r.time[0]).toBe(0);
    expect(r.time[100]).toBe(10);
    let worst = 0;
    r.time.forEach((t, k) => (worst = Math.max(worst, scaledError(r.states[0]![k]!, 2 * Math.exp(-0.3 * t), 1e-6, 1e-9))));
    expect(worst).toBeLessThan(5);
    expect(r.observables[0]![50]).toBeCloseTo(10 * r.states[0]![50]!, 12);
    // Output never shortens steps: far fewer steps than output rows.
    expect(r.stats.steps).toBeLessThan(60);
    expect(r.stats.roots).toBe(0);
    expect(r.finalState[0]).toBe(r.states[0]![100]);
  });

  it('honours explicit output times, a non-zero t0, y0 and per-state tolerances', () => {
    const times = Float64Array.of(1, 1, 2.5, 4);
    const r = simulateCompiled(decay, { t0: 1, tEnd: 4, times, y0: Float64Array.of(1), params: Float64Array.of(1), rtol: Float64Array.of(1e-9), atol: 1e-12 });
    expect(Array.from(r.time)).toEqual([1, 1, 2.5, 4]);
    expect(r.states[0]![0]).toBe(1);
    expect(scaledError(r.states[0]![2]!, Math.exp(-1.5), 1e-9, 1e-12)).toBeLessThan(5);
    expect(scaledError(r.states[0]![3]!, Math.exp(-3), 1e-9, 1e-12)).toBeLessThan(5);
  });

  it('rejects invalid options with a RangeError', () => {
    expect(() => simulateCompiled(decay, { tEnd: 1, params: new Float64Array(2) })).toThrow(RangeError);
    expect(() => simulateCompiled(decay, { tEnd: 1, times: [0.5, 0.2], params: Float64Array.of(1) })).toThrow(/non-decreasing/);
    expect(() => simulateCompiled(decay, { tEnd: 1, times: [2], params: Float64Array.of(1) })).toThrow(/outside/);
    expect(() => simulateCompiled(decay, { t0: 2, tEnd: 1, params: Float64Array.of(1) })).toThrow(/before t0/);
    // A step limit of 0 would stall Rodas and BDF (DOPRI5 used to read it as none): refused for all.
    for (const method of ['dopri5', 'rodas', 'bdf'] as const) {
      expect(() => simulateCompiled(decay, { tEnd: 1, params: Float64Array.of(1), method, maxStep: 0 })).toThrow(/maxStep must be positive/);
    }
  });

  it('handles tEnd = t0 with a single row', () => {
    const r = simulateCompiled(decay, { tEnd: 0, points: 1, params: Float64Array.of(1) });
    expect(r.status).toBe('success');
    expect(Array.from(r.time)).toEqual([0]);
    expect(r.states[0]![0]).toBe(2);
  });
});

describe('simulateCompiled: repeated bolus dosing into first-order elimination', () => {
  // A' = -k A; A += D at t = 0, tau, 2 tau, ... (6 doses). A(t) = sum over t_j <= t of D exp(-k (t - t_j)).
  const k = 0.25;
  const D = 100;
  const tau = 6;
  const doses = 6;
  const model = handModel({
    nStates: 1,
    nParams: 2,
    rhs: (_t, y, p, dy) => { dy[0] = -p[0]! * y[0]!; },
    events: [{ size: 1, values: (_t, y, p, buf) => { buf[0] = y[0]! + p[1]!; }, apply: (buf, y) => { y[0] = buf[0]!; } }],
    timed: [{ event: 0, start: 0, period: tau, count: doses }],
  });
  const exact = (t: number): number => {
    let a = 0;
    for (let j = 0; j < doses && j * tau <= t; j++) a += D * Math.exp(-k * (t - j * tau));
    return a;
  };

  it('matches the sum of exponentials, with post-dose values at dose times', () => {
    const rtol = 1e-6;
    const atol = 1e-9;
    const r = simulateCompiled(model, { tEnd: 48, points: 97, rtol, atol, params: Float64Array.of(k, D) });
    expect(r.status).toBe('success');
    let worst = 0;
    r.time.forEach((t, i) => (worst = Math.max(worst, scaledError(r.states[0]![i]!, exact(t), rtol, atol))));
    expect(worst).toBeLessThan(5);
    // Output at t = 6 (a dose time) is after the dose: about D + D e^{-6k}.
    const i6 = Array.from(r.time).indexOf(6);
    expect(r.states[0]![i6]).toBeCloseTo(D + D * Math.exp(-6 * k), 4);
    expect(r.eventLog.map((e) => e.t)).toEqual([0, 6, 12, 18, 24, 30]);
    expect(r.stats.events).toBe(6);
    // measured: 98 steps over 6 restarts
    expect(r.stats.rhs).toBeLessThan(800);
  });

  it('skips doses before t0 and counts the remaining ones from the schedule start', () => {
    const r = simulateCompiled(model, { t0: 10, tEnd: 40, y0: Float64Array.of(0), params: Float64Array.of(k, D) });
    expect(r.eventLog.map((e) => e.t)).toEqual([12, 18, 24, 30]);
  });
});

describe('simulateCompiled: threshold crossings', () => {
  it('locates y = 5 on y\' = r y to 1e-8 and restarts cleanly after a reset (sawtooth)', () => {
    // y grows from 1; at y = 5 it is reset to 1; crossings at t_k = k ln 5 / r.
    const r0 = 0.8;
    const model = handModel({
      nStates: 1,
      nParams: 1,
      nRoots: 1,
      rhs: (_t, y, p, dy) => { dy[0] = p[0]! * y[0]!; },
      initial: (_p, y) => { y[0] = 1; },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 5; },
      events: [{ apply: (_b, y) => { y[0] = 1; } }],
      triggered: [{ event: 0, rootIndices: [0], condition: (_t, y) => y[0]! > 5 }],
    });
    const res = simulateCompiled(model, { tEnd: 10, rtol: 1e-10, atol: 1e-12, params: Float64Array.of(r0) });
    expect(res.status).toBe('success');
    const period = Math.log(5) / r0;
    const expected = [1, 2, 3, 4].map((k) => k * period);
    expect(res.eventLog.length).toBe(4);
    res.eventLog.forEach((e, k) => expect(Math.abs(e.t - expected[k]!)).toBeLessThan(1e-8));
    expect(res.stats.roots).toBe(4);
    // No row exceeds the threshold by more than the tolerance.
    expect(Math.max(...res.states[0]!)).toBeLessThan(5 + 1e-8);
  });

  it('ignores crossings that change nothing (false direction) without restarting', () => {
    // g = y - 0.5 crosses downward; the trigger y > 0.5 stays false: no event, one located root.
    const model = handModel({
      nStates: 1,
      nRoots: 1,
      rhs: (_t, y, _p, dy) => { dy[0] = -y[0]!; },
      initial: (_p, y) => { y[0] = 1; },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 0.5; },
      events: [{ apply: (_b, y) => { y[0] = 100; } }],
      triggered: [{ event: 0, rootIndices: [0], condition: (_t, y) => y[0]! > 0.5 }],
    });
    const res = simulateCompiled(model, { tEnd: 3, params: new Float64Array(0) });
    expect(res.stats.roots).toBe(1);
    expect(res.eventLog).toEqual([]);
    expect(scaledError(res.finalState[0]!, Math.exp(-3), 1e-6, 1e-9)).toBeLessThan(5);
  });
});

describe('simulateCompiled: failures keep partial results', () => {
  it('reports step size underflow at a finite-time blow-up (y\' = y^2)', () => {
    const model = handModel({ nStates: 1, rhs: (_t, y, _p, dy) => { dy[0] = y[0]! * y[0]!; }, initial: (_p, y) => { y[0] = 1; } });
    const r = simulateCompiled(model, { tEnd: 2, points: 21, params: new Float64Array(0) });
    expect(r.status).toBe('failed');
    expect(r.failure?.kind).toBe('step-size');
    expect(Math.abs(r.failure!.t - 1)).toBeLessThan(1e-4);
    expect(r.message).toMatch(/^step size too small at t = (0\.999|1\.000)\d* \(h = \d/);
    // Rows 0, 0.1, ..., 0.9 (and 1.0 only if the solver got past the singularity).
    expect(r.time.length).toBeGreaterThanOrEqual(10);
    expect(r.time.length).toBeLessThan(21);
    expect(r.states[0]!.length).toBe(r.time.length);
    expect(r.states[0]![5]).toBeCloseTo(1 / (1 - 0.5), 5);
  });

  it('reports which derivatives are non-finite after an event makes them NaN, keeping rows up to it', () => {
    const model = handModel({
      nStates: 2,
      nParams: 1,
      rhs: (_t, y, p, dy) => { dy[0] = -y[0]!; dy[1] = -p[0]! * y[1]!; },
      initial: (_p, y) => { y[0] = 1; y[1] = 1; },
      events: [{ apply: (_b, _y, p) => { p[0] = NaN; } }],
      timed: [{ event: 0, start: 2 }],
    });
    const r = simulateCompiled(model, { tEnd: 5, points: 11, params: Float64Array.of(1) });
    expect(r.status).toBe('failed');
    expect(r.failure).toEqual({ t: 2, kind: 'nan', states: [1] });
    expect(r.message).toBe('non-finite derivative at t = 2 (state 1)');
    expect(Array.from(r.time)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(Number.isNaN(r.params[0])).toBe(true);
  });

  it('reports a non-finite initial derivative with one row', () => {
    const model = handModel({ nStates: 3, nParams: 1, rhs: (_t, y, p, dy) => { dy[0] = 1; dy[1] = 1 / p[0]!; dy[2] = y[2]! / p[0]!; }, initial: (_p, y) => { y.fill(0); } });
    const r = simulateCompiled(model, { tEnd: 1, params: Float64Array.of(0) });
    expect(r.failure).toEqual({ t: 0, kind: 'nan', states: [1, 2] });
    expect(r.time.length).toBe(1);
  });

  it('stops at maxSteps', () => {
    const r = simulateCompiled(decay, { tEnd: 1000, maxSteps: 10, params: Float64Array.of(1), rtol: 1e-10, atol: 1e-12 });
    expect(r.status).toBe('failed');
    expect(r.failure?.kind).toBe('max-steps');
    expect(r.message).toMatch(/^maximum number of steps \(10\) reached at t = /);
    expect(r.stats.steps).toBe(10);
    expect(r.time.length).toBeGreaterThanOrEqual(1);
    expect(r.time.length).toBeLessThan(101);
    expect(r.finalState[0]).toBeGreaterThan(0);
  });
});
