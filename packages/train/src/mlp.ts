// A multilayer perceptron in double precision with exactly the semantics of the compiled surrogate
// code (packages/compiler/src/codegen/surrogate.ts, docs/surrogates.md): forward pass, Jacobian
// with respect to the inputs, and the gradient of each output with respect to the weights.
//
// Used by the hybrid (UDE) fit inside the solver's right-hand side, so it allocates nothing after
// construction. Parameters live in one Float64Array, layer by layer: kernel l (row-major
// [in_l, out_l], the TensorFlow.js Dense layout) then bias l.
import { activation, type ActivationFn } from './activations.js';

export interface Scaling {
  readonly inputShift: Float64Array;
  readonly inputScale: Float64Array;
  readonly outputShift: Float64Array;
  readonly outputScale: Float64Array;
}

export class Mlp {
  readonly nIn: number;
  readonly nOut: number;
  readonly nParams: number;
  /** Offsets of kernel l and bias l in the parameter vector. */
  readonly kernelOffset: number[] = [];
  readonly biasOffset: number[] = [];
  private readonly act: ActivationFn;
  /** Pre-activations z_l and activations a_l per layer (a_0 = scaled input). */
  private readonly z: Float64Array[] = [];
  private readonly a: Float64Array[] = [];
  /** Backward buffers: d out_k / d z_l. */
  private readonly delta: Float64Array[] = [];
  /** Forward tangents for the input Jacobian: T_l[j * nIn + m] = d a_l[j] / d x_m. */
  private readonly tan: Float64Array[] = [];

  constructor(readonly layers: readonly number[], activationName: string, readonly scaling: Scaling) {
    const act = activation(activationName);
    if (!act) throw new Error(`unsupported activation '${activationName}'`);
    this.act = act;
    this.nIn = layers[0]!;
    this.nOut = layers[layers.length - 1]!;
    let off = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      this.kernelOffset.push(off);
      off += layers[l]! * layers[l + 1]!;
      this.biasOffset.push(off);
      off += layers[l + 1]!;
    }
    this.nParams = off;
    for (let l = 0; l < layers.length; l++) {
      this.a.push(new Float64Array(layers[l]!));
      this.z.push(new Float64Array(layers[l]!));
      this.delta.push(new Float64Array(layers[l]!));
      this.tan.push(new Float64Array(layers[l]! * this.nIn));
    }
  }

  /** y := N(x; theta). Keeps the activations for inputJacobian / paramGradient at the same x. */
  forward(theta: Float64Array, x: ArrayLike<number>, y: Float64Array): void {
    const L = this.layers.length - 1;
    const s = this.scaling;
    const a0 = this.a[0]!;
    for (let i = 0; i < this.nIn; i++) a0[i] = (x[i]! - s.inputShift[i]!) / s.inputScale[i]!;
    for (let l = 0; l < L; l++) {
      const nI = this.layers[l]!, nO = this.layers[l + 1]!;
      const a = this.a[l]!, zn = this.z[l + 1]!, an = this.a[l + 1]!;
      const K = this.kernelOffset[l]!, B = this.biasOffset[l]!;
      const hidden = l < L - 1;
      for (let j = 0; j < nO; j++) {
        let z = theta[B + j]!;
        for (let i = 0; i < nI; i++) z += a[i]! * theta[K + i * nO + j]!;
        zn[j] = z;
        an[j] = hidden ? this.act.f(z) : z;
      }
    }
    const aL = this.a[L]!;
    for (let k = 0; k < this.nOut; k++) y[k] = aL[k]! * s.outputScale[k]! + s.outputShift[k]!;
  }

  /** J[k * nIn + m] := d y_k / d x_m at the x of the last forward(). */
  inputJacobian(theta: Float64Array, J: Float64Array): void {
    const L = this.layers.length - 1;
    const nIn = this.nIn, s = this.scaling;
    const T0 = this.tan[0]!;
    T0.fill(0);
    for (let i = 0; i < nIn; i++) T0[i * nIn + i] = 1 / s.inputScale[i]!;
    for (let l = 0; l < L; l++) {
      const nI = this.layers[l]!, nO = this.layers[l + 1]!;
      const T = this.tan[l]!, Tn = this.tan[l + 1]!, zn = this.z[l + 1]!, an = this.a[l + 1]!;
      const K = this.kernelOffset[l]!;
      const hidden = l < L - 1;
      for (let j = 0; j < nO; j++) {
        const d = hidden ? this.act.df(zn[j]!, an[j]!) : 1;
        for (let m = 0; m < nIn; m++) {
          let acc = 0;
          for (let i = 0; i < nI; i++) acc += theta[K + i * nO + j]! * T[i * nIn + m]!;
          Tn[j * nIn + m] = d * acc;
        }
      }
    }
    const TL = this.tan[L]!;
    for (let k = 0; k < this.nOut; k++) for (let m = 0; m < nIn; m++) J[k * nIn + m] = TL[k * nIn + m]! * s.outputScale[k]!;
  }

  /** g := d y_k / d theta (length nParams) at the x of the last forward(), by backpropagation. */
  paramGradient(theta: Float64Array, k: number, g: Float64Array): void {
    const L = this.layers.length - 1;
    for (const d of this.delta) d.fill(0);
    this.delta[L]![k] = this.scaling.outputScale[k]!;
    for (let l = L - 1; l >= 0; l--) {
      const nI = this.layers[l]!, nO = this.layers[l + 1]!;
      const a = this.a[l]!, dn = this.delta[l + 1]!, d = this.delta[l]!;
      const K = this.kernelOffset[l]!, B = this.biasOffset[l]!;
      for (let j = 0; j < nO; j++) {
        const dj = dn[j]!;
        g[B + j] = dj;
        for (let i = 0; i < nI; i++) g[K + i * nO + j] = a[i]! * dj;
      }
      if (l === 0) break;
      // delta_l = act'(z_l) * (K_l delta_{l+1}); layer l >= 1 is hidden.
      const z = this.z[l]!, al = this.a[l]!;
      for (let i = 0; i < nI; i++) {
        let acc = 0;
        for (let j = 0; j < nO; j++) acc += theta[K + i * nO + j]! * dn[j]!;
        d[i] = this.act.df(z[i]!, al[i]!) * acc;
      }
    }
  }

  /** Split a parameter vector into the weights file's kernels and biases. */
  unpack(theta: Float64Array): { kernels: number[][]; biases: number[][] } {
    const kernels: number[][] = [], biases: number[][] = [];
    for (let l = 0; l + 1 < this.layers.length; l++) {
      const nK = this.layers[l]! * this.layers[l + 1]!;
      kernels.push(Array.from(theta.subarray(this.kernelOffset[l]!, this.kernelOffset[l]! + nK)));
      biases.push(Array.from(theta.subarray(this.biasOffset[l]!, this.biasOffset[l]! + this.layers[l + 1]!)));
    }
    return { kernels, biases };
  }

  /** The parameter vector of kernels and biases (inverse of unpack). */
  pack(kernels: readonly (readonly number[])[], biases: readonly (readonly number[])[]): Float64Array {
    const theta = new Float64Array(this.nParams);
    kernels.forEach((k, l) => theta.set(k, this.kernelOffset[l]!));
    biases.forEach((b, l) => theta.set(b, this.biasOffset[l]!));
    return theta;
  }
}

/** Glorot-uniform kernels and zero biases (the TensorFlow.js Dense defaults), from a seeded
 *  generator of uniform numbers in [0, 1). */
export function glorotInit(mlp: Mlp, uniform: () => number): Float64Array {
  const theta = new Float64Array(mlp.nParams);
  for (let l = 0; l + 1 < mlp.layers.length; l++) {
    const nI = mlp.layers[l]!, nO = mlp.layers[l + 1]!;
    const limit = Math.sqrt(6 / (nI + nO));
    for (let k = 0; k < nI * nO; k++) theta[mlp.kernelOffset[l]! + k] = (2 * uniform() - 1) * limit;
  }
  return theta;
}
