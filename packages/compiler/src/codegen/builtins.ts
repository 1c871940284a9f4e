// The built-in functions of the expression language: arity, evaluation (for constant folding)
// and the helper functions that generated code defines (fixed text, never from a model).
import type { BuiltinFunction } from '../ir/types.js';

/** Allowed argument counts: [min, max] (max Infinity for n-ary min/max). */
export const BUILTIN_ARITY: Readonly<Record<BuiltinFunction, readonly [number, number]>> = {
  exp: [1, 1], log: [1, 1], log10: [1, 1], log2: [1, 1], sqrt: [1, 1], abs: [1, 1],
  sin: [1, 1], cos: [1, 1], tan: [1, 1], asin: [1, 1], acos: [1, 1], atan: [1, 1],
  sinh: [1, 1], cosh: [1, 1], tanh: [1, 1], floor: [1, 1], ceil: [1, 1],
  min: [1, Infinity], max: [1, Infinity], pow: [2, 2], hill: [3, 3], sign: [1, 1], atan2: [2, 2],
  asinh: [1, 1], acosh: [1, 1], atanh: [1, 1], sec: [1, 1], csc: [1, 1], cot: [1, 1],
  sech: [1, 1], csch: [1, 1], coth: [1, 1], asec: [1, 1], acsc: [1, 1], acot: [1, 1],
  asech: [1, 1], acsch: [1, 1], acoth: [1, 1], factorial: [1, 1], root: [2, 2], rem: [2, 2],
  quotient: [2, 2],
};

export function isBuiltin(fn: unknown): fn is BuiltinFunction {
  return typeof fn === 'string' && Object.prototype.hasOwnProperty.call(BUILTIN_ARITY, fn);
}

/** n! for non-negative integers; NaN otherwise (SBML defines factorial on naturals only). */
export function factorial(x: number): number {
  if (!(x >= 0) || x !== Math.floor(x)) return NaN;
  if (x > 170) return Infinity;
  let r = 1;
  for (let i = 2; i <= x; i++) r *= i;
  return r;
}

/** hill(x, K, n) = x^n / (K^n + x^n). */
export function hill(x: number, k: number, n: number): number {
  const xn = Math.pow(x, n);
  return xn / (Math.pow(k, n) + xn);
}

/** Helper functions every generated factory defines; the writer refers to them by these names.
 *  Keep in step with `factorial` and `hill` above (a test evaluates both on the same inputs). */
export const HELPERS_SOURCE = `function h_factorial(x) {
  if (!(x >= 0) || x !== Math.floor(x)) return NaN;
  if (x > 170) return Infinity;
  let r = 1;
  for (let i = 2; i <= x; i++) r *= i;
  return r;
}
function h_hill(x, k, n) {
  const xn = Math.pow(x, n);
  return xn / (Math.pow(k, n) + xn);
}
`;

/** Evaluation of each builtin as generated code computes it (used for constant folding; a test
 *  checks agreement with the written code). */
export const BUILTIN_EVAL: Readonly<Record<BuiltinFunction, (...a: number[]) => number>> = {
  exp: Math.exp, log: Math.log, log10: Math.log10, log2: Math.log2, sqrt: Math.sqrt, abs: Math.abs,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, floor: Math.floor, ceil: Math.ceil,
  min: (...a) => Math.min(...a), max: (...a) => Math.max(...a),
  pow: (a, b) => Math.pow(a!, b!), hill: (x, k, n) => hill(x!, k!, n!), sign: Math.sign,
  atan2: (a, b) => Math.atan2(a!, b!), asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  sec: (x) => 1 / Math.cos(x!), csc: (x) => 1 / Math.sin(x!), cot: (x) => 1 / Math.tan(x!),
  sech: (x) => 1 / Math.cosh(x!), csch: (x) => 1 / Math.sinh(x!), coth: (x) => 1 / Math.tanh(x!),
  asec: (x) => Math.acos(1 / x!), acsc: (x) => Math.asin(1 / x!), acot: (x) => Math.atan(1 / x!),
  asech: (x) => Math.acosh(1 / x!), acsch: (x) => Math.asinh(1 / x!), acoth: (x) => Math.atanh(1 / x!),
  factorial: (x) => factorial(x!), root: (n, x) => Math.pow(x!, 1 / n!), rem: (a, b) => a! % b!,
  quotient: (a, b) => Math.trunc(a! / b!),
};

/** Builtins that are piecewise constant: their derivative is zero almost everywhere. */
export const PIECEWISE_CONSTANT: ReadonlySet<BuiltinFunction> = new Set<BuiltinFunction>([
  'floor', 'ceil', 'sign', 'factorial', 'quotient',
]);
