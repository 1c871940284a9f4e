// The one linear-solver interface of the stiff solvers: factor M = I - c*J and solve with it,
// choosing dense LU (partial pivoting) for small or dense patterns and sparse LU otherwise.

import type { SparsePattern } from '../model.js';
import { DenseLu } from './dense-lu.js';
import { SparseLu } from './sparse-lu.js';

/** Patterns with n at most this use dense LU. Measured on the test set (both solvers): dense is up to
 *  30% faster for n <= 8 (ROBER, OREGO, VDPOL, HIRES), sparse about 10% faster for POLLU (n = 20). */
export const DENSE_MAX_N = 12;
/** Patterns filled above this fraction use dense LU whatever n is. */
export const DENSE_MIN_FILL = 0.3;
/** When diagonal pivoting fails, sparse solvers up to this n retry with dense partial pivoting. */
export const DENSE_FALLBACK_MAX_N = 1000;

/** Factor-and-solve for Newton matrices I - c*J over one Jacobian pattern. */
export interface LinearSolver {
  readonly n: number;
  readonly kind: 'dense' | 'sparse';
  /** Factor M = I - scale * J; `jacValues` in the order of the pattern. False: singular (see message). */
  factor(jacValues: Float64Array, scale: number): boolean;
  /** Solve M x = b with the last successful factorisation; b is overwritten with x. */
  solve(b: Float64Array): void;
  /** Why the last factor() failed. */
  readonly message: string;
}

/** Dense LU with partial pivoting of I - c*J, J scattered from CSR. */
export class DenseLinearSolver implements LinearSolver {
  readonly kind = 'dense' as const;
  readonly n: number;
  message = '';
  private readonly lu: DenseLu;
  /** pos[q]: row-major index of pattern entry q. */
  private readonly pos: Int32Array;

  constructor(pattern: SparsePattern) {
    const n = pattern.n;
    this.n = n;
    this.lu = new DenseLu(n);
    const nnz = pattern.rowPtr[n];
    this.pos = new Int32Array(nnz);
    for (let r = 0; r < n; r++) for (let q = pattern.rowPtr[r]; q < pattern.rowPtr[r + 1]; q++) this.pos[q] = r * n + pattern.colIdx[q];
  }

  factor(jacValues: Float64Array, scale: number): boolean {
    const n = this.n;
    const a = this.lu.a;
    const pos = this.pos;
    a.fill(0);
    for (let q = 0; q < pos.length; q++) a[pos[q]] -= scale * jacValues[q];
    for (let i = 0; i < n; i++) a[i * n + i] += 1;
    const ok = this.lu.factor();
    this.message = ok ? '' : `singular matrix (zero pivot in column ${this.lu.singularRow})`;
    return ok;
  }

  solve(b: Float64Array): void {
    this.lu.solve(b);
  }
}

/** Sparse LU with diagonal pivoting; falls back to dense partial pivoting when that is unstable. */
export class SparseLinearSolver implements LinearSolver {
  readonly kind = 'sparse' as const;
  readonly n: number;
  message = '';
  readonly lu: SparseLu;
  private readonly pattern: SparsePattern;
  private dense: DenseLinearSolver | undefined;
  private useDense = false;
  /** How many factorisations fell back to dense LU. */
  denseFallbacks = 0;

  constructor(pattern: SparsePattern) {
    this.n = pattern.n;
    this.pattern = pattern;
    this.lu = new SparseLu(pattern.n, pattern.rowPtr, pattern.colIdx);
  }

  factor(jacValues: Float64Array, scale: number): boolean {
    this.useDense = false;
    if (this.lu.factor(jacValues, scale)) {
      this.message = '';
      return true;
    }
    this.message = `sparse LU: ${this.lu.failure} at pivot ${this.lu.failedRow}`;
    if (this.n > DENSE_FALLBACK_MAX_N) return false;
    // Allocated on first need only: most runs never get here.
    this.dense ??= new DenseLinearSolver(this.pattern);
    this.denseFallbacks++;
    this.useDense = this.dense.factor(jacValues, scale);
    if (!this.useDense) this.message = this.dense.message;
    return this.useDense;
  }

  solve(b: Float64Array): void {
    if (this.useDense) this.dense!.solve(b);
    else this.lu.solve(b);
  }
}

/** Dense for small or dense patterns, sparse otherwise (or as forced). */
export function createLinearSolver(pattern: SparsePattern, force?: 'dense' | 'sparse'): LinearSolver {
  const n = pattern.n;
  const kind = force ?? (n <= DENSE_MAX_N || pattern.rowPtr[n] > DENSE_MIN_FILL * n * n ? 'dense' : 'sparse');
  return kind === 'dense' ? new DenseLinearSolver(pattern) : new SparseLinearSolver(pattern);
}
