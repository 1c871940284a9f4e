// Method `auto` on stiff problems (stiffness detection, switching both ways), and the driver's event
// machinery running over each built-in solver (dense output, reset and tBound contracts).
import { describe, expect, it } from 'vitest';
import { simulateCompiled, type SolverName } from './simulate.js';
import { rober, scd, vdpol } from './solvers/testset-problems.js';
import { handModel, modelFromSystem } from './testing/hand-model.js';

const none = new Float64Array(0);

describe('auto: DOPRI5 with switches to Rodas5P', () => {
  it('ROBER to t = 1e5: detects stiffness early, switches once, matches the reference', () => {
    const prob = rober(1e5);
    const res = simulateCompiled(modelFromSystem(prob.system), { tEnd: prob.tEnd, y0: prob.y0, rtol: prob.rtol, atol: prob.atol, params: none });
    expect(res.status).toBe('success');
    expect(res.stats.switches).toBe(1);
    // measured: 6.4 significant digits, 123 steps, 1006 rhs, 80 Jacobians
    expect(scd(res.finalState, prob.reference)).toBeGreaterThan(5.5);
    expect(res.stats.rhs).toBeLessThan(1300);
    expect(res.stats.jac).toBeLessThan(110);
  });

  it('van der Pol mu = 1000 to t = 3000: switches to the explicit method for the fast jumps and back', () => {
    const prob = vdpol();
    const res = simulateCompiled(modelFromSystem(prob.system), { tEnd: prob.tEnd, y0: prob.y0, rtol: prob.rtol, atol: prob.atol, params: none });
    expect(res.status).toBe('success');
    // measured: 5.6 digits, 7 switches, 1033 steps, 8068 rhs, 508 Jacobians (rodas alone: 973 Jacobians)
    expect(res.stats.switches).toBeGreaterThanOrEqual(3);
    expect(scd(res.finalState, prob.reference)).toBeGreaterThan(4.5);
    expect(res.stats.rhs).toBeLessThan(10_000);
    expect(res.stats.jac).toBeLessThan(700);
  });

  it('warns, and stays explicit, when no stiff method is available', () => {
    const prob = vdpol();
    const warnings: string[] = [];
    const res = simulateCompiled(modelFromSystem(prob.system), {
      tEnd: prob.tEnd, y0: prob.y0, params: none, maxSteps: 5000,
      solvers: { rodas: undefined, bdf: undefined }, onWarning: (m) => warnings.push(m),
    });
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/^the problem seems stiff at t = /);
    expect(res.failure?.kind).toBe('max-steps');
    expect(res.stats.switches).toBe(0);
  });

  it('runs the stiff methods on request', () => {
    const prob = rober(1e5);
    for (const method of ['rodas', 'bdf'] as const) {
      const res = simulateCompiled(modelFromSystem(prob.system), { tEnd: prob.tEnd, y0: prob.y0, rtol: prob.rtol, atol: prob.atol, params: none, method });
      expect(res.status).toBe('success');
      expect(res.stats.lu).toBeGreaterThan(0);
      expect(scd(res.finalState, prob.reference)).toBeGreaterThan(4.5);
    }
  });
});

describe('events and roots over every method', () => {
  const methods: SolverName[] = ['dopri5', 'rodas', 'bdf'];

  it.each(methods)('%s: repeated bolus matches the sum of exponentials', (method) => {
    const k = 0.25;
    const D = 100;
    const model = handModel({
      nStates: 1,
      nParams: 1,
      rhs: (_t, y, p, dy) => { dy[0] = -p[0]! * y[0]!; },
      events: [{ apply: (_b, y) => { y[0] += D; } }],
      timed: [{ event: 0, start: 0, period: 6, count: 4 }],
    });
    const rtol = 1e-6;
    const atol = 1e-9;
    const res = simulateCompiled(model, { tEnd: 30, points: 61, rtol, atol, method, params: Float64Array.of(k) });
    expect(res.status).toBe('success');
    expect(res.stats.switches).toBe(0);
    let worst = 0;
    res.time.forEach((t, i) => {
      let a = 0;
      for (let j = 0; j < 4 && 6 * j <= t; j++) a += D * Math.exp(-k * (t - 6 * j));
      worst = Math.max(worst, Math.abs(res.states[0]![i]! - a) / (atol + rtol * a));
    });
    // The stiff methods are lower order and their error estimates less sharp: allow a wider margin.
    expect(worst).toBeLessThan(method === 'dopri5' ? 5 : 20);
  });

  it.each(methods)('%s: locates a threshold crossing to 1e-8', (method) => {
    const model = handModel({
      nStates: 1,
      nRoots: 1,
      rhs: (_t, y, _p, dy) => { dy[0] = 0.5 * y[0]!; },
      initial: (_p, y) => { y[0] = 1; },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 5; },
      events: [{ apply: (_b, y) => { y[0] = 1; } }],
      triggered: [{ event: 0, rootIndices: [0], condition: (_t, y) => y[0]! > 5 }],
    });
    const res = simulateCompiled(model, { tEnd: 5, rtol: 1e-10, atol: 1e-12, method, params: none });
    expect(res.eventLog.length).toBe(1);
    expect(Math.abs(res.eventLog[0]!.t - 2 * Math.log(5))).toBeLessThan(1e-8);
  });
});
