// Hybrid models: logic nodes switching exactly at threshold crossings, piecewise-constant rates.
import { describe, expect, it } from 'vitest';
import { simulateCompiled } from './simulate.js';
import { handModel } from './testing/hand-model.js';

const tight = { rtol: 1e-10, atol: 1e-12 } as const;

describe('logic nodes in hybrid models', () => {
  // x = sin t (x' = cos t); node L = x > 0.5 (root x - 0.5); production z' = k L.
  // L is on exactly on (pi/6, 5 pi/6) in [0, 2 pi], so z(t) = k (min(t, 5 pi/6) - pi/6)^+.
  const k = 3;
  const model = handModel({
    nStates: 2,
    nParams: 2,
    nLogic: 1,
    nRoots: 1,
    rhs: (t, _y, p, dy) => { dy[0] = Math.cos(t); dy[1] = p[0]! * p[1]!; },
    roots: (_t, y, _p, g) => { g[0] = y[0]! - 0.5; },
    logicNext: (_t, y, _p, out) => { out[0] = y[0]! > 0.5 ? 1 : 0; },
  });
  const zExact = (t: number): number => k * Math.max(0, Math.min(t, (5 * Math.PI) / 6) - Math.PI / 6);

  it('switches a production rate on and off exactly at the threshold crossings (to 1e-8)', () => {
    const res = simulateCompiled(model, { tEnd: 2 * Math.PI, points: 67, ...tight, params: Float64Array.of(k, 0) });
    expect(res.status).toBe('success');
    expect(res.stats.roots).toBe(2);
    // z measures the time L was on: each switching time is recovered from z to 1e-8.
    const zEnd = res.finalState[1]!;
    expect(Math.abs(zEnd / k - (2 * Math.PI) / 3)).toBeLessThan(1e-8);
    let worst = 0;
    res.time.forEach((t, i) => (worst = Math.max(worst, Math.abs(res.states[1]![i]! - zExact(t)) / k)));
    expect(worst).toBeLessThan(1e-8);
    // The logic column follows sin t > 0.5 at every output time.
    res.time.forEach((t, i) => expect(res.logic[0]![i]).toBe(Math.sin(t) > 0.5 ? 1 : 0));
    // Final p keeps the node's value: off again at 2 pi.
    expect(res.params[1]).toBe(0);
  });

  it('starts from the logic fixed point at t0', () => {
    // From x = 1 at t0 = pi/2 the node is on immediately, though p said off.
    const res = simulateCompiled(model, { t0: Math.PI / 2, tEnd: Math.PI, y0: Float64Array.of(1, 0), ...tight, params: Float64Array.of(k, 0) });
    expect(res.logic[0]![0]).toBe(1);
    expect(Math.abs(res.finalState[1]! / k - ((5 * Math.PI) / 6 - Math.PI / 2))).toBeLessThan(1e-8);
  });

  it('settles a chain of nodes by repeated synchronous updates (L1 = L0, L2 = not L1)', () => {
    const chain = handModel({
      nStates: 2,
      nParams: 3,
      nLogic: 3,
      nRoots: 1,
      rhs: (t, _y, p, dy) => { dy[0] = Math.cos(t); dy[1] = p[2]!; },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 0.5; },
      logicNext: (_t, y, p, out) => {
        out[0] = y[0]! > 0.5 ? 1 : 0;
        out[1] = p[0]!;
        out[2] = p[1]! ? 0 : 1;
      },
    });
    const res = simulateCompiled(chain, { tEnd: 2 * Math.PI, ...tight, params: Float64Array.of(0, 0, 0) });
    // L2 is off exactly while sin t > 0.5.
    expect(Math.abs(res.finalState[1]! - (4 * Math.PI) / 3)).toBeLessThan(1e-8);
    expect(res.logic[2]![0]).toBe(1);
  });

  it('relay with hysteresis: a node reading itself drives x between -1 and 1 (triangle wave)', () => {
    // L' = x > 1 or (L and x > -1); x' = L ? -1 : +1. From x = 0, L = 0: switches at t = 1, 3, 5, ...
    const relay = handModel({
      nStates: 1,
      nParams: 1,
      nLogic: 1,
      nRoots: 2,
      rhs: (_t, _y, p, dy) => { dy[0] = p[0] ? -1 : 1; },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 1; g[1] = y[0]! + 1; },
      logicNext: (_t, y, p, out) => { out[0] = y[0]! > 1 || (p[0]! !== 0 && y[0]! > -1) ? 1 : 0; },
    });
    const res = simulateCompiled(relay, { tEnd: 10, times: [0, 1.5, 2, 4.5, 6, 10], ...tight, params: Float64Array.of(0) });
    const triangle = (t: number): number => {
      const s = (t + 1) % 4; // phase: rising on [0, 2), falling on [2, 4)
      return s < 2 ? s - 1 : 3 - s;
    };
    res.time.forEach((t, i) => expect(Math.abs(res.states[0]![i]! - triangle(t))).toBeLessThan(1e-8));
    expect(Array.from(res.logic[0]!)).toEqual([0, 1, 1, 0, 1, 1]);
  });

  it('warns when the synchronous update oscillates (L = not L) and keeps going', () => {
    const warnings: string[] = [];
    const flip = handModel({
      nStates: 1,
      nParams: 1,
      nLogic: 1,
      rhs: (_t, _y, _p, dy) => { dy[0] = 1; },
      logicNext: (_t, _y, p, out) => { out[0] = p[0] ? 0 : 1; },
    });
    const res = simulateCompiled(flip, { tEnd: 1, params: Float64Array.of(0), onWarning: (m) => warnings.push(m) });
    expect(res.status).toBe('success');
    expect(warnings.length).toBe(2); // at t0 and at tEnd
    expect(warnings[0]).toMatch(/^logic nodes reach no fixed point at t = 0/);
  });
});
