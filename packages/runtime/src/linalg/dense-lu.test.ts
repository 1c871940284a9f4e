// Dense LU: exact small systems, pivoting, singularity, and agreement with the residual.
import { describe, expect, it } from 'vitest';
import { DenseLu } from './dense-lu.js';
import { seededRandom } from './test-matrices.js';

describe('DenseLu', () => {
  it('solves a system that needs a row exchange', () => {
    const lu = new DenseLu(3);
    // [[0, 2, 1], [1, 1, 1], [2, 1, 0]] x = [5, 4, 4] has x = [1, 2, 1].
    lu.a.set([0, 2, 1, 1, 1, 1, 2, 1, 0]);
    expect(lu.factor()).toBe(true);
    const b = Float64Array.from([5, 4, 4]);
    lu.solve(b);
    expect(Array.from(b).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 2, 1]);
  });

  it('reports a singular matrix', () => {
    const lu = new DenseLu(3);
    lu.a.set([1, 2, 3, 2, 4, 6, 0, 1, 1]);
    expect(lu.factor()).toBe(false);
    expect(lu.singularRow).toBe(2);
  });

  it('has a small backward error on random matrices', () => {
    const rand = seededRandom(7);
    for (const n of [1, 5, 30, 120]) {
      const lu = new DenseLu(n);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) a[i] = rand() - 0.5;
      lu.a.set(a);
      expect(lu.factor()).toBe(true);
      const b = new Float64Array(n).map(() => rand());
      const x = b.slice();
      lu.solve(x);
      let res = 0;
      let bmax = 0;
      for (let i = 0; i < n; i++) {
        let s = b[i];
        for (let j = 0; j < n; j++) s -= a[i * n + j] * x[j];
        res = Math.max(res, Math.abs(s));
        bmax = Math.max(bmax, Math.abs(b[i]));
      }
      expect(res / bmax).toBeLessThan(1e-11);
    }
  });
});
