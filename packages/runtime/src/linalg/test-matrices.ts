// Seeded random matrices and mass-action Jacobian patterns for the linear-algebra tests.

import type { SparsePattern } from '../model.js';

/** Deterministic PRNG (mulberry32) so test matrices are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSR pattern from (row, col) pairs; duplicates merged, columns sorted. */
export function patternFromEntries(n: number, entries: readonly (readonly [number, number])[]): SparsePattern {
  const rows: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [r, c] of entries) rows[r].add(c);
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  for (let r = 0; r < n; r++) {
    const sorted = [...rows[r]].sort((x, y) => x - y);
    cols.push(...sorted);
    rowPtr[r + 1] = cols.length;
  }
  return { n, rowPtr, colIdx: Int32Array.from(cols) };
}

/** A random sparse pattern with about `perRow` off-diagonal entries per row (diagonal included). */
export function randomPattern(n: number, perRow: number, rand: () => number): SparsePattern {
  const entries: [number, number][] = [];
  for (let r = 0; r < n; r++) {
    entries.push([r, r]);
    for (let k = 0; k < perRow; k++) entries.push([r, Math.floor(rand() * n)]);
  }
  return patternFromEntries(n, entries);
}

/**
 * The Jacobian pattern of a random mass-action network: `reactions` reactions of the kinds
 * A -> B, A + B -> C, A -> B + C and A + B -> C + D over n species; every species in a reaction
 * depends on each of its reactants. A few hub species (cytokines) take part in many reactions.
 */
export function massActionPattern(n: number, reactions: number, rand: () => number): SparsePattern {
  const entries: [number, number][] = [];
  const hubs = Math.max(1, Math.floor(n / 200));
  const pick = (): number => (rand() < 0.1 ? Math.floor(rand() * hubs) : Math.floor(rand() * n));
  for (let i = 0; i < n; i++) entries.push([i, i]);
  for (let r = 0; r < reactions; r++) {
    const kind = Math.floor(rand() * 4);
    const reactants = kind === 1 || kind === 3 ? [pick(), pick()] : [pick()];
    const products = kind === 2 || kind === 3 ? [pick(), pick()] : [pick()];
    for (const s of [...reactants, ...products]) for (const x of reactants) entries.push([s, x]);
  }
  return patternFromEntries(n, entries);
}

/** Random values for a pattern, scaled like a stiff Jacobian (negative diagonal). */
export function randomValues(p: SparsePattern, rand: () => number, spread = 1): Float64Array {
  const v = new Float64Array(p.rowPtr[p.n]);
  for (let r = 0; r < p.n; r++) {
    for (let q = p.rowPtr[r]; q < p.rowPtr[r + 1]; q++) {
      const mag = Math.pow(10, spread * (2 * rand() - 1));
      v[q] = p.colIdx[q] === r ? -mag * 3 : (rand() - 0.5) * mag;
    }
  }
  return v;
}

/** y = (I - c*J) x for J in CSR form. */
export function applyNewtonMatrix(p: SparsePattern, values: Float64Array, c: number, x: Float64Array, y: Float64Array): void {
  for (let r = 0; r < p.n; r++) {
    let s = x[r];
    for (let q = p.rowPtr[r]; q < p.rowPtr[r + 1]; q++) s -= c * values[q] * x[p.colIdx[q]];
    y[r] = s;
  }
}
