// Dense LU factorisation with partial pivoting, in place on a preallocated row-major Float64Array.
//
// The classic right-looking (kij) Doolittle elimination of Golub & Van Loan, Matrix Computations
// (4th ed., 2013), Algorithm 3.4.1: PA = LU with L unit lower triangular stored below the diagonal
// and U on and above it. Nothing is allocated after construction; the stiff solvers use it for
// small or dense Newton matrices I - c*J (see linear-solver.ts).

/** Pivots smaller than this times the largest entry of the original matrix count as singular. */
const SINGULAR_TOLERANCE = 1e-300;

/** LU with partial pivoting of an n x n matrix held row-major in `a` (length n*n). */
export class DenseLu {
  readonly n: number;
  /** The matrix, then its factors (L strictly below the diagonal, unit diagonal implied; U on and above). */
  readonly a: Float64Array;
  /** piv[k]: the row swapped with row k at step k. */
  readonly piv: Int32Array;
  /** Row (0-based) at which the last factorisation met a zero pivot, or -1. */
  singularRow = -1;

  constructor(n: number) {
    this.n = n;
    this.a = new Float64Array(n * n);
    this.piv = new Int32Array(n);
  }

  /** Factor `a` in place. Returns false (and sets singularRow) for a zero or non-finite pivot. */
  factor(): boolean {
    const n = this.n;
    const a = this.a;
    const piv = this.piv;
    let amax = 0;
    for (let i = 0; i < n * n; i++) {
      const v = Math.abs(a[i]);
      if (v > amax) amax = v;
    }
    const tiny = SINGULAR_TOLERANCE * amax;
    this.singularRow = -1;
    for (let k = 0; k < n; k++) {
      // Pivot search in column k.
      let p = k;
      let pmax = Math.abs(a[k * n + k]);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]);
        if (v > pmax) {
          pmax = v;
          p = i;
        }
      }
      piv[k] = p;
      // `!(x > tiny)` also catches NaN.
      if (!(pmax > tiny) || pmax === Infinity) {
        this.singularRow = k;
        return false;
      }
      if (p !== k) {
        const rk = k * n;
        const rp = p * n;
        for (let j = 0; j < n; j++) {
          const tmp = a[rk + j];
          a[rk + j] = a[rp + j];
          a[rp + j] = tmp;
        }
      }
      const rk = k * n;
      const inv = 1 / a[rk + k];
      for (let i = k + 1; i < n; i++) {
        const ri = i * n;
        const lik = a[ri + k] * inv;
        a[ri + k] = lik;
        if (lik !== 0) {
          for (let j = k + 1; j < n; j++) a[ri + j] = a[ri + j] - lik * a[rk + j];
        }
      }
    }
    return true;
  }

  /** Solve A x = b in place (b becomes x) with the stored factors. */
  solve(b: Float64Array): void {
    const n = this.n;
    const a = this.a;
    const piv = this.piv;
    for (let k = 0; k < n; k++) {
      const p = piv[k];
      if (p !== k) {
        const tmp = b[k];
        b[k] = b[p];
        b[p] = tmp;
      }
    }
    for (let i = 1; i < n; i++) {
      const ri = i * n;
      let s = b[i];
      for (let j = 0; j < i; j++) s -= a[ri + j] * b[j];
      b[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      const ri = i * n;
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= a[ri + j] * b[j];
      b[i] = s / a[ri + i];
    }
  }
}
