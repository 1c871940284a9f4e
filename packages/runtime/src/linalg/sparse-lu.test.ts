// Sparse LU against dense LU on random sparse matrices and a 2,000-species mass-action pattern.
import { describe, expect, it } from 'vitest';
import { approximateMinimumDegree } from './amd.js';
import { createLinearSolver, DenseLinearSolver, SparseLinearSolver } from './linear-solver.js';
import { SparseLu } from './sparse-lu.js';
import { applyNewtonMatrix, massActionPattern, patternFromEntries, randomPattern, randomValues, seededRandom } from './test-matrices.js';
import type { SparsePattern } from '../model.js';

function maxRelDiff(x: Float64Array, y: Float64Array): number {
  let m = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s = Math.max(s, Math.abs(y[i]));
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]) / s);
  return m;
}

function compareWithDense(p: SparsePattern, values: Float64Array, c: number, rand: () => number): number {
  const sparse = new SparseLinearSolver(p);
  const dense = new DenseLinearSolver(p);
  expect(sparse.factor(values, c)).toBe(true);
  expect(sparse.denseFallbacks).toBe(0);
  expect(dense.factor(values, c)).toBe(true);
  const b = new Float64Array(p.n).map(() => rand() - 0.5);
  const xs = b.slice();
  const xd = b.slice();
  sparse.solve(xs);
  dense.solve(xd);
  return maxRelDiff(xs, xd);
}

describe('approximateMinimumDegree', () => {
  it('returns a permutation', () => {
    const p = randomPattern(300, 3, seededRandom(1));
    const perm = approximateMinimumDegree(p.n, p.rowPtr, p.colIdx);
    expect([...perm].sort((a, b) => a - b)).toEqual([...Array(300).keys()]);
  });

  it('orders an arrow matrix without fill', () => {
    // Hub row/column 0 coupled to all: eliminating the hub early would fill everything.
    const n = 50;
    const entries: [number, number][] = [];
    for (let i = 0; i < n; i++) entries.push([i, i], [0, i], [i, 0]);
    const p = patternFromEntries(n, entries);
    const lu = new SparseLu(n, p.rowPtr, p.colIdx);
    expect(lu.perm.indexOf(0)).toBeGreaterThanOrEqual(n - 2);
    expect(lu.factorNonzeros).toBe(p.rowPtr[n]);
  });

  it('keeps a tridiagonal matrix free of fill', () => {
    const n = 100;
    const entries: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      entries.push([i, i]);
      if (i > 0) entries.push([i, i - 1], [i - 1, i]);
    }
    const p = patternFromEntries(n, entries);
    const lu = new SparseLu(n, p.rowPtr, p.colIdx);
    expect(lu.factorNonzeros).toBe(3 * n - 2);
  });
});

describe('SparseLu', () => {
  it('matches dense LU on random sparse matrices', () => {
    const rand = seededRandom(42);
    for (const [n, perRow] of [[1, 0], [2, 1], [15, 2], [60, 3], [400, 4]] as const) {
      for (const c of [1e-3, 0.1, 10]) {
        const p = randomPattern(n, perRow, rand);
        const v = randomValues(p, rand);
        expect(compareWithDense(p, v, c, rand)).toBeLessThan(1e-10);
      }
    }
  });

  it('handles patterns without a diagonal and unsymmetric patterns', () => {
    // Cyclic shift J: e_i depends on e_{i+1} only.
    const n = 20;
    const entries: [number, number][] = [];
    for (let i = 0; i < n; i++) entries.push([i, (i + 1) % n]);
    const p = patternFromEntries(n, entries);
    const v = new Float64Array(n).fill(0.5);
    expect(compareWithDense(p, v, 1, seededRandom(3))).toBeLessThan(1e-12);
  });

  it('matches dense LU on a 2,000-species mass-action Jacobian, and refactors in place', () => {
    const rand = seededRandom(2024);
    const p = massActionPattern(2000, 3000, rand);
    const lu = new SparseLu(p.n, p.rowPtr, p.colIdx);
    // A random network is an expander, so fill is unavoidable: on this pattern SuperLU's multiple
    // minimum degree on A + A^T (SciPy 1.17.1 splu, permc_spec='MMD_AT_PLUS_A', diagonal pivots)
    // stores 322,230 entries in L + U; AMD + the unsymmetric symbolic step here gives 309,475.
    expect(lu.factorNonzeros).toBeLessThan(340_000);
    const v = randomValues(p, rand);
    expect(compareWithDense(p, v, 0.05, rand)).toBeLessThan(1e-9);
    // Refactorisation with other values and scale reuses the same structure.
    const sparse = new SparseLinearSolver(p);
    const x = new Float64Array(p.n);
    const b = new Float64Array(p.n);
    for (const c of [1e-4, 1e-2]) {
      const v2 = randomValues(p, rand);
      expect(sparse.factor(v2, c)).toBe(true);
      const xTrue = new Float64Array(p.n).map(() => rand() - 0.5);
      applyNewtonMatrix(p, v2, c, xTrue, b);
      x.set(b);
      sparse.solve(x);
      expect(maxRelDiff(x, xTrue)).toBeLessThan(1e-10);
    }
  });

  it('reports a zero pivot, and the hybrid solver falls back to partial pivoting', () => {
    // I - J with J = [[1, 1], [1, 0]] has a zero (1,1) entry: M = [[0, -1], [-1, 1]].
    const p = patternFromEntries(3, [[0, 0], [0, 1], [1, 0], [2, 2]]);
    const v = Float64Array.from([1, 1, 1, -1]);
    const lu = new SparseLu(p.n, p.rowPtr, p.colIdx, Int32Array.from([0, 1, 2]));
    expect(lu.factor(v, 1)).toBe(false);
    expect(lu.failedRow).toBe(0);
    const hybrid = new SparseLinearSolver(p);
    // Force the natural order so the zero pivot is met.
    (hybrid as unknown as { lu: SparseLu }).lu = lu;
    expect(hybrid.factor(v, 1)).toBe(true);
    expect(hybrid.denseFallbacks).toBe(1);
    const b = Float64Array.from([1, 2, 3]);
    hybrid.solve(b);
    // [[0,-1,0],[-1,1,0],[0,0,2]] x = [1,2,3]: x = [-3, -1, 1.5].
    expect(Array.from(b)).toEqual([-3, -1, 1.5]);
  });

  it('createLinearSolver picks dense for small patterns and sparse for large sparse ones', () => {
    const rand = seededRandom(5);
    expect(createLinearSolver(randomPattern(3, 2, rand)).kind).toBe('dense');
    expect(createLinearSolver(randomPattern(500, 3, rand)).kind).toBe('sparse');
  });
});
