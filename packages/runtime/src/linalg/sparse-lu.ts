// Sparse LU of Newton matrices M = I - c*J over a fixed CSR pattern: ordering and symbolic
// factorisation once per pattern, allocation-free numeric refactorisation on every call.
//
// Ordering: approximate minimum degree on A + A^T (amd.ts; Amestoy, Davis & Duff 1996), applied
// symmetrically so the diagonal stays on the diagonal. Symbolic factorisation: the exact
// (unsymmetric) structure of L and U for elimination without row exchanges, by reachability; mass-
// action Jacobians are far from symmetric, and this keeps about 30% fewer entries than the
// symmetrised (Cholesky) structure of A + A^T. Numeric factorisation is a row-by-row (IKJ)
// Gaussian elimination inside that fixed structure with a dense work vector. Pivots are the (permuted) diagonal entries: stable for I - c*J while c*|J| is
// moderate, which is when a stiff solver needs it most. A pivot that is tiny relative to its row,
// or element growth beyond GROWTH_LIMIT, is reported as a failure so the caller can fall back to
// partial pivoting (linear-solver.ts) or reduce the step.

import { approximateMinimumDegree } from './amd.js';

/** A pivot with |u_ii| <= TINY_PIVOT * max|row i of M| fails the factorisation. */
const TINY_PIVOT = 1e-13;
/** max|U| > GROWTH_LIMIT * max|M| (diagonal pivoting went unstable) fails the factorisation. */
const GROWTH_LIMIT = 1e10;
/**
 * Multipliers below this, and U entries below it times their row's largest entry, are stored as
 * zero. Fill-in values are products of chains of small multipliers; for I - c*J with small c they
 * can underflow into subnormal numbers, whose arithmetic is many times slower on x86, in every
 * later factorisation and solve. Dropping them perturbs M by far less than rounding does
 * (|U| <= GROWTH_LIMIT * max|M|).
 */
const NEGLIGIBLE = 1e-150;

export class SparseLu {
  readonly n: number;
  /** perm[k]: original index of the k-th pivot; pinv is its inverse. */
  readonly perm: Int32Array;
  readonly pinv: Int32Array;
  /** Strict lower factor L (unit diagonal implied), CSR by permuted rows, each row's columns in a
   *  topological order of the elimination (not ascending). */
  readonly lPtr: Int32Array;
  readonly lCol: Int32Array;
  /** Strict upper factor U, CSR by permuted rows (columns unordered). */
  readonly uPtr: Int32Array;
  readonly uCol: Int32Array;
  /** Factor values: L entries, then U entries, then the diagonal of U. */
  readonly lu: Float64Array;
  /** View of the U entries of lu (lu[uBase + q] === uVal[q]): the inner loops index it directly. */
  private readonly uVal: Float64Array;
  readonly invDiag: Float64Array;
  /** dest[q]: where entry q of the input pattern goes in lu. */
  private readonly dest: Int32Array;
  private readonly uBase: number;
  private readonly dBase: number;
  private readonly work: Float64Array;
  /** Permuted row at which the last factorisation failed, or -1; and why. */
  failedRow = -1;
  failure = '';

  /** Analyse the pattern (rows of J; the diagonal is always added). */
  constructor(n: number, rowPtr: Int32Array, colIdx: Int32Array, perm?: Int32Array) {
    this.n = n;
    this.perm = perm ?? approximateMinimumDegree(n, rowPtr, colIdx);
    const pinv = new Int32Array(n);
    for (let k = 0; k < n; k++) pinv[this.perm[k]] = k;
    this.pinv = pinv;

    // Symbolic factorisation (J. R. Gilbert and T. Peierls, "Sparse partial pivoting in time
    // proportional to arithmetic operations", SIAM J. Sci. Stat. Comput. 9, 1988, by rows): row i
    // of L holds every k < i reachable from the lower entries of row i of the permuted M through
    // the structure of U (k -> j for j in U row k); row i of U holds its upper entries plus every
    // j > i met on the way. Depth-first search gives the reachable set in a topological order
    // (reverse postorder), which is all the numeric row elimination needs: each row k is used
    // only after every earlier row that updates its entry. Cost: proportional to the factor's
    // operation count, no sorting.
    const mark = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n);
    const next = new Int32Array(n);
    const post = new Int32Array(n);
    let lCap = Math.max(16, 2 * rowPtr[n]);
    let uCap = Math.max(16, 2 * rowPtr[n]);
    let lColB: Int32Array = new Int32Array(lCap);
    let uColB: Int32Array = new Int32Array(uCap);
    const lPtr = new Int32Array(n + 1);
    const uPtr = new Int32Array(n + 1);
    let nnzL = 0;
    let nnzU = 0;
    for (let i = 0; i < n; i++) {
      const r = this.perm[i];
      mark[i] = i;
      let nPost = 0;
      for (let q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
        const j0 = pinv[colIdx[q]];
        if (mark[j0] === i) continue;
        mark[j0] = i;
        if (j0 > i) {
          if (nnzU === uCap) uColB = grow(uColB, (uCap *= 2));
          uColB[nnzU++] = j0;
          continue;
        }
        // Iterative depth-first search from j0 over U's rows.
        let top = 0;
        stack[0] = j0;
        next[j0] = uPtr[j0];
        while (top >= 0) {
          const k = stack[top];
          const end = uPtr[k + 1];
          let descended = false;
          while (next[k] < end) {
            const j = uColB[next[k]++];
            if (mark[j] === i) continue;
            mark[j] = i;
            if (j > i) {
              if (nnzU === uCap) uColB = grow(uColB, (uCap *= 2));
              uColB[nnzU++] = j;
            } else {
              stack[++top] = j;
              next[j] = uPtr[j];
              descended = true;
              break;
            }
          }
          if (!descended) {
            post[nPost++] = k;
            top--;
          }
        }
      }
      // Row i of L in reverse postorder (topological).
      if (nnzL + nPost > lCap) lColB = grow(lColB, (lCap = Math.max(2 * lCap, nnzL + nPost)));
      for (let m = nPost - 1; m >= 0; m--) lColB[nnzL++] = post[m];
      lPtr[i + 1] = nnzL;
      uPtr[i + 1] = nnzU;
    }
    const lCol = lColB.slice(0, nnzL);
    const uCol = uColB.slice(0, nnzU);
    this.lPtr = lPtr;
    this.lCol = lCol;
    this.uPtr = uPtr;
    this.uCol = uCol;
    this.uBase = nnzL;
    this.dBase = nnzL + nnzU;
    this.lu = new Float64Array(nnzL + nnzU + n);
    this.uVal = this.lu.subarray(nnzL, nnzL + nnzU);
    this.invDiag = new Float64Array(n);
    this.work = new Float64Array(n);

    // Where each input entry lands: positions of row pr's factor entries, by column, in `at`.
    const nnzA = rowPtr[n];
    const dest = new Int32Array(nnzA);
    const at = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const pr = pinv[r];
      for (let q = lPtr[pr]; q < lPtr[pr + 1]; q++) at[lCol[q]] = q;
      for (let q = uPtr[pr]; q < uPtr[pr + 1]; q++) at[uCol[q]] = this.uBase + q;
      at[pr] = this.dBase + pr;
      for (let q = rowPtr[r]; q < rowPtr[r + 1]; q++) dest[q] = at[pinv[colIdx[q]]];
    }
    this.dest = dest;
  }

  /** Number of stored entries of L + U (diagonal included). */
  get factorNonzeros(): number {
    return this.dBase + this.n;
  }

  /** Factor M = I - scale * J, J given by its values in the input pattern's order. */
  factor(jacValues: Float64Array, scale: number): boolean {
    const n = this.n;
    const lu = this.lu;
    const dest = this.dest;
    const dBase = this.dBase;
    lu.fill(0);
    for (let q = 0; q < dest.length; q++) lu[dest[q]] -= scale * jacValues[q];
    for (let i = 0; i < n; i++) lu[dBase + i] += 1;
    return this.eliminate();
  }

  /** Factor the matrix whose entries factor() assembled into lu. */
  eliminate(): boolean {
    const n = this.n;
    const lu = this.lu;
    const lPtr = this.lPtr;
    const lCol = this.lCol;
    const uPtr = this.uPtr;
    const uCol = this.uCol;
    const uBase = this.uBase;
    const dBase = this.dBase;
    const invDiag = this.invDiag;
    const w = this.work;
    const uVal = this.uVal;
    let aMax = 0;
    let uMax = 0;
    this.failedRow = -1;
    for (let i = 0; i < n; i++) {
      const l0 = lPtr[i];
      const l1 = lPtr[i + 1];
      const u0 = uPtr[i];
      const u1 = uPtr[i + 1];
      // Load row i into the work vector.
      let rowMax = Math.abs(lu[dBase + i]);
      w[i] = lu[dBase + i];
      for (let q = l0; q < l1; q++) {
        const v = lu[q];
        w[lCol[q]] = v;
        const a = Math.abs(v);
        if (a > rowMax) rowMax = a;
      }
      for (let q = u0; q < u1; q++) {
        const v = lu[uBase + q];
        w[uCol[q]] = v;
        const a = Math.abs(v);
        if (a > rowMax) rowMax = a;
      }
      if (rowMax > aMax) aMax = rowMax;
      // Eliminate with the earlier rows, in ascending column order.
      for (let q = l0; q < l1; q++) {
        const k = lCol[q];
        const lik = w[k] * invDiag[k];
        if (lik > NEGLIGIBLE || lik < -NEGLIGIBLE) {
          lu[q] = lik;
          const r1 = uPtr[k + 1];
          for (let r = uPtr[k]; r < r1; r++) w[uCol[r]] -= lik * uVal[r];
        } else {
          lu[q] = 0;
        }
      }
      const piv = w[i];
      const absPiv = Math.abs(piv);
      // `!(a > b)` is also true for NaN.
      if (!(absPiv > TINY_PIVOT * rowMax) || absPiv === Infinity) {
        this.failedRow = i;
        this.failure = 'zero or tiny pivot';
        return false;
      }
      lu[dBase + i] = piv;
      invDiag[i] = 1 / piv;
      if (absPiv > uMax) uMax = absPiv;
      const negligible = NEGLIGIBLE * rowMax;
      for (let q = u0; q < u1; q++) {
        const v = w[uCol[q]];
        const a = Math.abs(v);
        lu[uBase + q] = a > negligible ? v : 0;
        if (a > uMax) uMax = a;
      }
    }
    if (!(uMax <= GROWTH_LIMIT * aMax)) {
      this.failedRow = n - 1;
      this.failure = 'element growth without row exchanges';
      return false;
    }
    return true;
  }

  /** Solve M x = b in place (b becomes x). */
  solve(b: Float64Array): void {
    const n = this.n;
    const lu = this.lu;
    const lPtr = this.lPtr;
    const lCol = this.lCol;
    const uPtr = this.uPtr;
    const uCol = this.uCol;
    const invDiag = this.invDiag;
    const perm = this.perm;
    const uVal = this.uVal;
    const x = this.work;
    for (let i = 0; i < n; i++) x[i] = b[perm[i]];
    for (let i = 0; i < n; i++) {
      let s = x[i];
      const q1 = lPtr[i + 1];
      for (let q = lPtr[i]; q < q1; q++) s -= lu[q] * x[lCol[q]];
      x[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      const q1 = uPtr[i + 1];
      for (let q = uPtr[i]; q < q1; q++) s -= uVal[q] * x[uCol[q]];
      x[i] = s * invDiag[i];
    }
    for (let i = 0; i < n; i++) b[perm[i]] = x[i];
  }
}

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
