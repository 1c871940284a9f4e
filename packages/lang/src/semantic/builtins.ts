// Built-in functions, constants, trajectory statistics and distributions of the language.

/** How a built-in function's result unit follows from its arguments. */
export type UnitRule =
  /** All arguments share one unit; the result has it (min, max, abs, floor, ceil). */
  | 'same'
  /** Arguments must be dimensionless; so is the result (exp, sin, ...). */
  | 'dimensionless'
  /** Logarithms: dimensionless result; a dimensioned argument is only warned about. */
  | 'log'
  | 'sqrt'
  | 'pow'
  /** hill(x, K, n) = x^n / (K^n + x^n): x and K share a unit, n dimensionless, result dimensionless. */
  | 'hill'
  | 'atan2'
  | 'root';

export interface BuiltinFunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly unit: UnitRule;
  readonly doc: string;
}

const d = (minArgs: number, maxArgs: number, unit: UnitRule, doc: string): BuiltinFunctionSpec => ({ minArgs, maxArgs, unit, doc });

export const builtinFunctions: Readonly<Record<string, BuiltinFunctionSpec>> = {
  exp: d(1, 1, 'dimensionless', 'exp(x): e to the power x'),
  log: d(1, 1, 'log', 'log(x): natural logarithm'),
  ln: d(1, 1, 'log', 'ln(x): natural logarithm'),
  log10: d(1, 1, 'log', 'log10(x): base-10 logarithm'),
  log2: d(1, 1, 'log', 'log2(x): base-2 logarithm'),
  sqrt: d(1, 1, 'sqrt', 'sqrt(x): square root'),
  abs: d(1, 1, 'same', 'abs(x): absolute value'),
  sign: d(1, 1, 'dimensionless', 'sign(x): -1, 0 or 1'),
  floor: d(1, 1, 'same', 'floor(x): largest integer <= x'),
  ceil: d(1, 1, 'same', 'ceil(x): smallest integer >= x'),
  min: d(2, 64, 'same', 'min(a, b, ...): smallest argument'),
  max: d(2, 64, 'same', 'max(a, b, ...): largest argument'),
  pow: d(2, 2, 'pow', 'pow(x, y): x to the power y'),
  hill: d(3, 3, 'hill', 'hill(x, K, n): x^n / (K^n + x^n), the Hill activation function'),
  sin: d(1, 1, 'dimensionless', 'sin(x)'),
  cos: d(1, 1, 'dimensionless', 'cos(x)'),
  tan: d(1, 1, 'dimensionless', 'tan(x)'),
  asin: d(1, 1, 'dimensionless', 'asin(x)'),
  acos: d(1, 1, 'dimensionless', 'acos(x)'),
  atan: d(1, 1, 'dimensionless', 'atan(x)'),
  atan2: d(2, 2, 'atan2', 'atan2(y, x)'),
  sinh: d(1, 1, 'dimensionless', 'sinh(x)'),
  cosh: d(1, 1, 'dimensionless', 'cosh(x)'),
  tanh: d(1, 1, 'dimensionless', 'tanh(x)'),
  asinh: d(1, 1, 'dimensionless', 'asinh(x)'),
  acosh: d(1, 1, 'dimensionless', 'acosh(x)'),
  atanh: d(1, 1, 'dimensionless', 'atanh(x)'),
  sec: d(1, 1, 'dimensionless', 'sec(x)'),
  csc: d(1, 1, 'dimensionless', 'csc(x)'),
  cot: d(1, 1, 'dimensionless', 'cot(x)'),
  sech: d(1, 1, 'dimensionless', 'sech(x)'),
  csch: d(1, 1, 'dimensionless', 'csch(x)'),
  coth: d(1, 1, 'dimensionless', 'coth(x)'),
  asec: d(1, 1, 'dimensionless', 'asec(x)'),
  acsc: d(1, 1, 'dimensionless', 'acsc(x)'),
  acot: d(1, 1, 'dimensionless', 'acot(x)'),
  asech: d(1, 1, 'dimensionless', 'asech(x)'),
  acsch: d(1, 1, 'dimensionless', 'acsch(x)'),
  acoth: d(1, 1, 'dimensionless', 'acoth(x)'),
  factorial: d(1, 1, 'dimensionless', 'factorial(n)'),
  root: d(2, 2, 'root', 'root(n, x): the n-th root of x'),
  rem: d(2, 2, 'same', 'rem(a, b): remainder of a / b'),
  quotient: d(2, 2, 'dimensionless', 'quotient(a, b): integer part of a / b'),
};

export const builtinConstants: Readonly<Record<string, { value: number; doc: string }>> = {
  pi: { value: Math.PI, doc: 'pi = 3.14159...' },
  avogadro: { value: 6.02214076e23, doc: "Avogadro's number, 6.02214076e23 per mol" },
};

/** The name of model time in expressions. */
export const TIME_NAME = 't';

/** Statistics of a trajectory, usable in decision rules only. */
export const trajectoryFunctions: Readonly<Record<string, { args: 1 | 2; result: 'same' | 'time'; doc: string }>> = {
  max: { args: 1, result: 'same', doc: 'max(x): the largest value of x over the run' },
  min: { args: 1, result: 'same', doc: 'min(x): the smallest value of x over the run' },
  final: { args: 1, result: 'same', doc: 'final(x): the value of x at the end of the run' },
  initial: { args: 1, result: 'same', doc: 'initial(x): the value of x at the start of the run' },
  mean: { args: 1, result: 'same', doc: 'mean(x): the time average of x over the run' },
  time_of_max: { args: 1, result: 'time', doc: 'time_of_max(x): when x peaks' },
  time_of_min: { args: 1, result: 'time', doc: 'time_of_min(x): when x is smallest' },
  time_above: { args: 2, result: 'time', doc: 'time_above(x, threshold): total time x spends above threshold' },
  time_below: { args: 2, result: 'time', doc: 'time_below(x, threshold): total time x spends below threshold' },
  at: { args: 2, result: 'same', doc: 'at(x, time): the value of x at a given time' },
};

/** Prior and noise distributions with their parameter names. */
export const distributions: Readonly<Record<string, { params: readonly string[]; doc: string; positive?: boolean }>> = {
  normal: { params: ['mean', 'sd'], doc: 'normal(mean, sd)' },
  lognormal: { params: ['median', 'sigma'], doc: 'lognormal(median, sigma): log(x) ~ normal(log(median), sigma)', positive: true },
  uniform: { params: ['low', 'high'], doc: 'uniform(low, high)' },
  loguniform: { params: ['low', 'high'], doc: 'loguniform(low, high): log(x) uniform on [log(low), log(high)]', positive: true },
  gamma: { params: ['shape', 'scale'], doc: 'gamma(shape, scale)', positive: true },
  beta: { params: ['a', 'b'], doc: 'beta(a, b) on [0, 1]' },
  laplace: { params: ['location', 'scale'], doc: 'laplace(location, scale)' },
  /** Observation noise only: proportional (relative) error. */
  proportional: { params: ['cv'], doc: 'proportional(cv): normal noise with sd = cv * value' },
  combined: { params: ['sd', 'cv'], doc: 'combined(sd, cv): normal noise with sd = sqrt(sd^2 + (cv*value)^2)' },
};

/** Known surrogate properties (others are reported). */
export const surrogateProperties: Readonly<Record<string, string>> = {
  layers: 'hidden layer sizes, e.g. `layers 16, 16`',
  activation: 'activation of hidden layers: tanh, relu, sigmoid, softplus, elu, gelu, swish, ... (TensorFlow.js names)',
  weights: 'path of the weights file (JSON), relative to this file',
  scaling: 'input/output normalisation: standard, minmax or none',
};

/** Hidden-layer activations of surrogate networks (TensorFlow.js identifiers), the one list the
 *  checker, the code generator (packages/compiler codegen/surrogate.ts) and training
 *  (packages/train activations.ts) implement; their tests check they cover exactly this list. */
export const activations = [
  'linear', 'tanh', 'relu', 'relu6', 'sigmoid', 'hardsigmoid', 'softplus', 'softsign', 'elu', 'selu', 'swish', 'rbf', 'gelu',
] as const;
export type ActivationName = (typeof activations)[number];

/** Other accepted spellings of activations. */
export const activationAliases: Readonly<Record<string, ActivationName>> = { identity: 'linear', silu: 'swish', logistic: 'sigmoid', gaussian: 'rbf' };

/** The activation's canonical name (case, '_' and '-' ignored; aliases resolved), or undefined. */
export function canonicalActivation(name: unknown): ActivationName | undefined {
  if (typeof name !== 'string') return undefined;
  const k = name.toLowerCase().replace(/[_-]/g, '');
  const c = Object.prototype.hasOwnProperty.call(activationAliases, k) ? activationAliases[k]! : k;
  return (activations as readonly string[]).includes(c) ? (c as ActivationName) : undefined;
}

export const simulateOptions: Readonly<Record<string, string>> = {
  points: 'number of output points',
  rtol: 'relative tolerance',
  atol: 'absolute tolerance',
  method: 'auto, dopri5, rodas or bdf',
};

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 3) return Math.abs(m - n);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? (a[i - 1] === b[j - 1] ? 0 : 0.5) : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate to `name`, if it is close enough to be a plausible typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(name, c);
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  return bestD <= limit ? best : undefined;
}
