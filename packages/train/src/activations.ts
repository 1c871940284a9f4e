// Activation functions in double precision, the same formulas the compiler prints into surrogate
// code (packages/compiler/src/codegen/surrogate.ts); tests hold the two to rounding agreement.
import { canonicalActivation, type ActivationName } from '@idt/lang';

export interface ActivationFn {
  f(z: number): number;
  /** f'(z), given a = f(z). */
  df(z: number, a: number): number;
}

const SELU_SCALE = 1.0507009873554805, SELU_ALPHA = 1.6732632423543772;
const logistic = (z: number): number => 1 / (1 + Math.exp(-z));

/** erf by the positive series of Abramowitz & Stegun 7.1.6 (as in the generated code). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax, sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  return x < 0 ? -r : r;
}

const TABLE: Readonly<Record<ActivationName, ActivationFn>> = {
  linear: { f: (z) => z, df: () => 1 },
  tanh: { f: Math.tanh, df: (_z, a) => 1 - a * a },
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
  relu6: { f: (z) => (z > 0 ? (z < 6 ? z : 6) : 0), df: (z) => (z > 0 && z < 6 ? 1 : 0) },
  sigmoid: { f: logistic, df: (_z, a) => a * (1 - a) },
  hardsigmoid: { f: (z) => (z < -2.5 ? 0 : z > 2.5 ? 1 : 0.2 * z + 0.5), df: (z) => (z > -2.5 && z < 2.5 ? 0.2 : 0) },
  softplus: { f: (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))), df: (z) => logistic(z) },
  softsign: { f: (z) => z / (1 + Math.abs(z)), df: (z) => 1 / ((1 + Math.abs(z)) * (1 + Math.abs(z))) },
  elu: { f: (z) => (z > 0 ? z : Math.expm1(z)), df: (z, a) => (z > 0 ? 1 : a + 1) },
  selu: { f: (z) => (z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * Math.expm1(z)), df: (z) => (z > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(z)) },
  swish: { f: (z) => z / (1 + Math.exp(-z)), df: (z) => (1 + Math.exp(-z) + z * Math.exp(-z)) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z))) },
  rbf: { f: (z) => Math.exp(-z * z), df: (z, a) => -2 * z * a },
  gelu: {
    f: (z) => 0.5 * z * (1 + erf(z * Math.SQRT1_2)),
    df: (z) => 0.5 * (1 + erf(z * Math.SQRT1_2)) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI),
  },
};
/** Canonical activation name (case, '_' and '-' ignored; the language's list and aliases). */
export { canonicalActivation };

export function activation(name: string): ActivationFn | undefined {
  const c = canonicalActivation(name);
  return c ? TABLE[c] : undefined;
}
