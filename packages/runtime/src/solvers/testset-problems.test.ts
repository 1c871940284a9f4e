// The test-set fixture itself: every analytic Jacobian agrees with finite differences of its rhs.
import { describe, expect, it } from 'vitest';
import { JacobianEvaluator } from './stiff-common.js';
import { newCounters } from './stiff-test-helpers.js';
import { hires, orego, pollu, rober, vdpol } from './testset-problems.js';

describe('test-set problems', () => {
  for (const p of [rober(1e5), hires(), pollu(), orego(), vdpol()]) {
    it(`${p.name}: analytic Jacobian matches coloured finite differences`, () => {
      const n = p.system.n;
      const analytic = new JacobianEvaluator(p.system);
      const { jac: _jac, ...withoutJac } = p.system;
      const fd = new JacobianEvaluator({ ...withoutJac, rhs: p.system.rhs });
      expect(analytic.analytic).toBe(true);
      expect(fd.analytic).toBe(false);
      // A state where every term is active.
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = 0.3 + 0.1 * Math.sin(i + 1) + p.y0[i];
      const f0 = new Float64Array(n);
      p.system.rhs(0, y, f0);
      const rtol = new Float64Array(n).fill(1e-6);
      const atol = new Float64Array(n).fill(1e-8);
      analytic.evaluate(0, y, f0, 1e-3, rtol, atol, newCounters());
      const c = newCounters();
      fd.evaluate(0, y, f0, 1e-3, rtol, atol, c);
      expect(c.nfev).toBe(fd.groups);
      expect(fd.groups).toBeLessThanOrEqual(n);
      let scale = 0;
      for (const v of analytic.values) scale = Math.max(scale, Math.abs(v));
      for (let q = 0; q < analytic.values.length; q++) {
        expect(Math.abs(analytic.values[q] - fd.values[q])).toBeLessThan(1e-5 * scale);
      }
    });
  }
});
