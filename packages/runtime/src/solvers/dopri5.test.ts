// DOPRI5 against closed-form solutions: scaled error |y - y*| / (atol + rtol |y*|) and evaluation budgets.
import { describe, expect, it } from 'vitest';
import { Dopri5, DOPRI5_STIFF_HLAMBDA, DOPRI5_TABLEAU, dopri5Factory } from './dopri5.js';
import type { OdeSystem, SolverCounters, SolverOptions } from './types.js';

function counters(): SolverCounters {
  return { steps: 0, rejected: 0, nfev: 0, njev: 0, nlu: 0 };
}

function options(n: number, rtol: number, atol: number, extra: Partial<SolverOptions> = {}): SolverOptions {
  return { rtol: new Float64Array(n).fill(rtol), atol: new Float64Array(n).fill(atol), maxStep: Infinity, firstStep: 0, ...extra };
}

function system(n: number, rhs: (t: number, y: Float64Array, dy: Float64Array) => void): OdeSystem {
  return { n, rhs };
}

/** Integrate to tEnd, calling visit after every accepted step. */
function run(solver: Dopri5, visit?: (s: Dopri5) => void): void {
  while (solver.t !== solver.tBound) {
    expect(solver.step()).toBe(true);
    visit?.(solver);
  }
}

function scaledError(y: number, exact: number, rtol: number, atol: number): number {
  return Math.abs(y - exact) / (atol + rtol * Math.abs(exact));
}

describe('DOPRI5 tableau', () => {
  it('is consistent: rows of A sum to C, B sums to 1, E sums to 0', () => {
    const { A, B, C, E } = DOPRI5_TABLEAU;
    A.forEach((row, s) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(C[s]!, 14));
    expect(B.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(E.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
  });
});

describe('DOPRI5 on closed-form problems', () => {
  const rtol = 1e-6;
  const atol = 1e-9;

  it('exponential decay: scaled error < 5 at every step, within an evaluation budget', () => {
    const k = 0.7;
    const c = counters();
    const s = new Dopri5(system(1, (_t, y, dy) => { dy[0] = -k * y[0]!; }), 0, Float64Array.of(1), 10, options(1, rtol, atol), c);
    let worst = 0;
    run(s, (s) => { worst = Math.max(worst, scaledError(s.y[0]!, Math.exp(-k * s.t), rtol, atol)); });
    expect(s.t).toBe(10);
    expect(s.status).toBe('finished');
    expect(worst).toBeLessThan(5);
    // measured: 34 steps, 0 rejected, 206 rhs evaluations
    expect(c.nfev).toBeLessThan(250);
    expect(c.nfev).toBe(6 * (c.steps + c.rejected) + 2);
  });

  it('harmonic oscillator over 3 periods: scaled error < 5', () => {
    // Components pass through zero, so atol is set to the amplitude's scale times rtol.
    const tol = 1e-6;
    const c = counters();
    const s = new Dopri5(system(2, (_t, y, dy) => { dy[0] = y[1]!; dy[1] = -y[0]!; }), 0, Float64Array.of(1, 0), 6 * Math.PI, options(2, tol, tol), c);

    let worst = 0;
    run(s, (s) => {
      worst = Math.max(worst, scaledError(s.y[0]!, Math.cos(s.t), tol, tol), scaledError(s.y[1]!, -Math.sin(s.t), tol, tol));
    });
    expect(worst).toBeLessThan(5);
    // measured: 75 steps, 452 rhs evaluations
    expect(c.nfev).toBeLessThan(550);
  });

  it('Lotka–Volterra: the first integral c x - d ln x + b y - a ln y is conserved', () => {
    const [a, b, cc, d] = [1.5, 1, 3, 1];
    const V = (x: number, y: number): number => cc * x - d * Math.log(x) + b * y - a * Math.log(y);
    const c = counters();
    const s = new Dopri5(
      system(2, (_t, y, dy) => {
        dy[0] = a * y[0]! - b * y[0]! * y[1]!;
        dy[1] = cc * y[0]! * y[1]! - d * y[1]!;
      }),
      0, Float64Array.of(1, 1), 8, options(2, rtol, atol), c,
    );
    const V0 = V(1, 1);
    let worst = 0;
    run(s, (s) => { worst = Math.max(worst, scaledError(V(s.y[0]!, s.y[1]!), V0, rtol, atol)); });
    expect(worst).toBeLessThan(5);
    // measured: 50 steps, 3 rejected, 320 rhs evaluations (worst scaled drift 3.5)
    expect(c.nfev).toBeLessThan(400);
  });

  it('dense output between steps is accurate (scaled error < 5) and exact at step ends', () => {
    const c = counters();
    const s = new Dopri5(system(2, (_t, y, dy) => { dy[0] = y[1]!; dy[1] = -y[0]!; }), 0, Float64Array.of(1, 0), 10, options(2, rtol, rtol), c);
    const out = new Float64Array(2);
    let worst = 0;
    let samples = 0;
    run(s, (s) => {
      s.dense(s.t, out);
      expect(Math.abs(out[0]! - s.y[0]!)).toBeLessThanOrEqual(4 * Number.EPSILON);
      for (let j = 1; j < 10; j++) {
        const tq = s.tOld + ((s.t - s.tOld) * j) / 10;
        s.dense(tq, out);
        worst = Math.max(worst, scaledError(out[0]!, Math.cos(tq), rtol, rtol), scaledError(out[1]!, -Math.sin(tq), rtol, rtol));
        samples++;
      }
    });
    expect(samples).toBeGreaterThan(100);
    expect(worst).toBeLessThan(5);
  });

  it('dense output converges at 4th order (local error O(h^5)) with fixed steps', () => {
    // One step of size h from y(0) = 1 for y' = y, interpolated at theta = 0.5.
    const errAt = (h: number): number => {
      const s = new Dopri5(system(1, (_t, y, dy) => { dy[0] = y[0]!; }), 0, Float64Array.of(1), h, options(1, 1, 1, { firstStep: h }), counters());
      expect(s.step()).toBe(true);
      const out = new Float64Array(1);
      s.dense(h / 2, out);
      return Math.abs(out[0]! - Math.exp(h / 2));
    };
    const ratio = errAt(0.2) / errAt(0.1);
    expect(Math.log2(ratio)).toBeGreaterThan(4.7);
    expect(Math.log2(ratio)).toBeLessThan(5.3);
  });

  it('integrates backwards in time', () => {
    const s = new Dopri5(system(1, (_t, y, dy) => { dy[0] = -y[0]!; }), 2, Float64Array.of(Math.exp(-2)), 0, options(1, rtol, atol), counters());
    run(s);
    expect(s.t).toBe(0);
    expect(scaledError(s.y[0]!, 1, rtol, atol)).toBeLessThan(5);
  });

  it('respects maxStep and lands exactly on a moved tBound', () => {
    const c = counters();
    const s = new Dopri5(system(1, (_t, _y, dy) => { dy[0] = 1; }), 0, Float64Array.of(0), 0.3, options(1, rtol, atol, { maxStep: 0.05 }), c);
    run(s, (s) => expect(s.t - s.tOld).toBeLessThanOrEqual(0.05 * (1 + 1e-12)));
    expect(s.t).toBe(0.3);
    s.tBound = 0.7;
    run(s);
    expect(s.t).toBe(0.7);
    expect(s.y[0]).toBeCloseTo(0.7, 14);
  });

  it('fails with a message on finite-time blow-up (y\' = y^2, y(0) = 1, singular at t = 1)', () => {
    const s = new Dopri5(system(1, (_t, y, dy) => { dy[0] = y[0]! * y[0]!; }), 0, Float64Array.of(1), 2, options(1, rtol, atol), counters());
    let ok = true;
    while (ok && s.t < 2) ok = s.step();
    expect(ok).toBe(false);
    expect(s.status).toBe('failed');
    expect(s.message).toMatch(/^step size too small at t = (0\.999|1\.000)\d* \(h = /);
    expect(Math.abs(s.t - 1)).toBeLessThan(1e-4);
  });

  it('starts away from t = 0 from a tiny nonzero state with a large derivative (y\' = 1, y(1) = 1e-17)', () => {
    // Hairer's HINIT alone proposes h ~ 1e-19 here, below the failure threshold of 10 ulps of t; the
    // first step is bounded below as in CVODE. Exact solution y = 1e-17 + (t - 1).
    const [rt, at] = [1e-10, 1e-14];
    const s = new Dopri5(system(1, (_t, _y, dy) => { dy[0] = 1; }), 1, Float64Array.of(1e-17), 2, options(1, rt, at), counters());
    run(s);
    expect(scaledError(s.y[0]!, 1 + 1e-17, rt, at)).toBeLessThan(5);
  });

  it('reports a non-finite initial derivative as a failure', () => {
    const s = new Dopri5(system(1, (_t, _y, dy) => { dy[0] = NaN; }), 0, Float64Array.of(1), 1, options(1, rtol, atol), counters());
    expect(s.status).toBe('failed');
    expect(s.step()).toBe(false);
    expect(s.message).toMatch(/non-finite derivative at t = 0/);
  });

  it('handles a system without states', () => {
    const c = counters();
    const s = dopri5Factory(system(0, () => {}), 0, new Float64Array(0), 5, options(0, rtol, atol), c);
    while (s.t !== 5) expect(s.step()).toBe(true);
    expect(c.steps).toBeLessThan(5);
  });
});

describe('DOPRI5 stiffness detection (Hairer II.6)', () => {
  it('estimates |h lambda| near the stability boundary on a stiff linear problem', () => {
    // y' = -lambda (y - cos t): after the transient the step is stability-limited.
    const lambda = 1000;
    const c = counters();
    const s = new Dopri5(system(1, (t, y, dy) => { dy[0] = -lambda * (y[0]! - Math.cos(t)); }), 0, Float64Array.of(0), 2, options(1, 1e-4, 1e-7), c);
    const estimates: number[] = [];
    run(s, (s) => estimates.push(s.stiffnessEstimate()));
    const late = estimates.slice(-50);
    const mean = late.reduce((a, b) => a + b, 0) / late.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(4);
    expect(late.filter((e) => e > DOPRI5_STIFF_HLAMBDA).length).toBeGreaterThan(10);
  });

  it('stays far below the boundary on a non-stiff problem', () => {
    const s = new Dopri5(system(1, (_t, y, dy) => { dy[0] = -y[0]!; }), 0, Float64Array.of(1), 5, options(1, 1e-6, 1e-9), counters());
    const estimates: number[] = [];
    run(s, (s) => estimates.push(s.stiffnessEstimate()));
    // h lambda = h here exactly (linear problem, lambda = -1).
    expect(Math.max(...estimates)).toBeLessThan(1);
  });
});
