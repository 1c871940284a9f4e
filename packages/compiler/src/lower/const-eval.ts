// Evaluate an IR expression that does not depend on time or state (parameter defaults,
// bounds, schedule times). Returns undefined when the expression is not constant.
import type { Expr } from '../ir/types.js';
import { factorial, hill } from '../codegen/builtins.js';

const unary: Record<string, (x: number) => number> = {
  exp: Math.exp, log: Math.log, log10: Math.log10, log2: Math.log2, sqrt: Math.sqrt, abs: Math.abs,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  floor: Math.floor, ceil: Math.ceil, sign: Math.sign, factorial,
  sec: (x) => 1 / Math.cos(x), csc: (x) => 1 / Math.sin(x), cot: (x) => 1 / Math.tan(x),
  sech: (x) => 1 / Math.cosh(x), csch: (x) => 1 / Math.sinh(x), coth: (x) => 1 / Math.tanh(x),
  asec: (x) => Math.acos(1 / x), acsc: (x) => Math.asin(1 / x), acot: (x) => Math.atan(1 / x),
  asech: (x) => Math.acosh(1 / x), acsch: (x) => Math.asinh(1 / x), acoth: (x) => Math.atanh(1 / x),
};

/** Value of e, with parameters read from `params` when given; undefined if e is not constant. */
export function evaluateConstant(e: Expr, params?: readonly number[]): number | undefined {
  const v = ev(e, params);
  return v === undefined ? undefined : typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function num(x: number | boolean | undefined): number | undefined {
  return x === undefined ? undefined : typeof x === 'boolean' ? (x ? 1 : 0) : x;
}

function ev(e: Expr, params?: readonly number[]): number | boolean | undefined {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'const':
      return e.v;
    case 'param':
      return params ? params[e.i] : undefined;
    case 'add': {
      let s = 0;
      for (const a of e.args) {
        const v = num(ev(a, params));
        if (v === undefined) return undefined;
        s += v;
      }
      return s;
    }
    case 'mul': {
      let s = 1;
      for (const a of e.args) {
        const v = num(ev(a, params));
        if (v === undefined) return undefined;
        s *= v;
      }
      return s;
    }
    case 'sub':
    case 'div':
    case 'pow': {
      const a = num(ev(e.a, params));
      const b = num(ev(e.b, params));
      if (a === undefined || b === undefined) return undefined;
      return e.k === 'sub' ? a - b : e.k === 'div' ? a / b : Math.pow(a, b);
    }
    case 'neg': {
      const a = num(ev(e.a, params));
      return a === undefined ? undefined : -a;
    }
    case 'not': {
      const a = ev(e.a, params);
      return a === undefined ? undefined : !a;
    }
    case 'cmp': {
      const a = num(ev(e.a, params));
      const b = num(ev(e.b, params));
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '==': return a === b;
        case '!=': return a !== b;
      }
      return undefined;
    }
    case 'bool': {
      const vals = e.args.map((a) => ev(a, params));
      if (vals.some((v) => v === undefined)) return undefined;
      const b = vals.map((v) => !!v);
      switch (e.op) {
        case 'and': return b.every(Boolean);
        case 'or': return b.some(Boolean);
        case 'xor': return b.filter(Boolean).length % 2 === 1;
        case 'implies': return !b[0] || !!b[1];
      }
      return undefined;
    }
    case 'if': {
      const c = ev(e.c, params);
      if (c === undefined) return undefined;
      return c ? ev(e.a, params) : ev(e.b, params);
    }
    case 'call': {
      const args = e.args.map((a) => num(ev(a, params)));
      if (args.some((a) => a === undefined)) return undefined;
      const x = args as number[];
      switch (e.fn) {
        case 'min': return Math.min(...x);
        case 'max': return Math.max(...x);
        case 'pow': return Math.pow(x[0]!, x[1]!);
        case 'atan2': return Math.atan2(x[0]!, x[1]!);
        case 'hill': return hill(x[0]!, x[1]!, x[2]!);
        case 'root': return Math.pow(x[1]!, 1 / x[0]!);
        case 'rem': return x[0]! % x[1]!;
        case 'quotient': return Math.trunc(x[0]! / x[1]!);
        default: {
          const f = unary[e.fn];
          return f ? f(x[0]!) : undefined;
        }
      }
    }
    default:
      return undefined;
  }
}
