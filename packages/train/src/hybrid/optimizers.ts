// Optimisers for the hybrid fit, in float64: Adam (Kingma & Ba 2015) for a robust start, then
// Levenberg–Marquardt (Moré 1978 scaling, Nielsen 1999 damping update) on the least-squares
// structure the forward sensitivities give for free (the residual Jacobian).

/** One Adam step on x in place; state m, v and the step counter live in `s`. */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  constructor(n: number, public lr: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly eps = 1e-8) {
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
  }
  step(x: Float64Array, g: Float64Array): void {
    this.t++;
    const b1 = 1 - this.beta1 ** this.t, b2 = 1 - this.beta2 ** this.t;
    for (let i = 0; i < x.length; i++) {
      this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * g[i]!;
      this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * g[i]! * g[i]!;
      x[i] = x[i]! - (this.lr * (this.m[i]! / b1)) / (Math.sqrt(this.v[i]! / b2) + this.eps);
    }
  }
}

/** Solve (A + lambda D) d = -g for symmetric positive semi-definite A (row-major n x n), with
 *  D = diag(A) + tiny (Marquardt's scaling); Cholesky. Returns undefined if not positive definite. */
export function dampedSolve(A: Float64Array, g: Float64Array, lambda: number, n: number): Float64Array | undefined {
  const M = new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, A[i * n + i]!);
  const floor = 1e-12 * Math.max(maxDiag, 1e-300);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) M[i * n + j] = A[i * n + j]!;
    M[i * n + i] = M[i * n + i]! + lambda * (A[i * n + i]! + floor);
  }
  // In-place Cholesky M = L L^T (lower triangle).
  for (let j = 0; j < n; j++) {
    let s = M[j * n + j]!;
    for (let k = 0; k < j; k++) s -= M[j * n + k]! * M[j * n + k]!;
    if (!(s > 0)) return undefined;
    const d = Math.sqrt(s);
    M[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = M[i * n + j]!;
      for (let k = 0; k < j; k++) t -= M[i * n + k]! * M[j * n + k]!;
      M[i * n + j] = t / d;
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = -g[i]!;
    for (let k = 0; k < i; k++) t -= M[i * n + k]! * x[k]!;
    x[i] = t / M[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let t = x[i]!;
    for (let k = i + 1; k < n; k++) t -= M[k * n + i]! * x[k]!;
    x[i] = t / M[i * n + i]!;
  }
  return x;
}
