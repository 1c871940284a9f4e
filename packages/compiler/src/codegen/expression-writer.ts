// Expr -> JavaScript expression text: one writer method per operator, brackets by precedence,
// numbers printed by the compiler itself. The writer never sees a name, only indices and numbers.
//
// Identifiers the written text can contain: `t`, `y`, `p`, `w` (the work array), `tN` locals
// (compiler-numbered temporaries), `Math`, `NaN`, `Infinity`, and the helpers of
// HELPERS_SOURCE (`h_factorial`, `h_hill`). Every number and index is checked before printing:
// a non-number, a non-integer index or an unknown operator throws instead of reaching the code.
//
// Bracketing rules (JavaScript precedence, higher binds tighter):
//   ATOM 20   literals, y[i], p[i], w[i], tN, calls, bracketed text
//   UNARY 15  -x, !x            operand must be an ATOM (so `-(-x)`, `-(a * b)`)
//   MUL 13    a * b, a / b, a % b
//   ADD 12    a + b, a - b
//   REL 10    a < b, a <= b, ...
//   EQ 9      a === b, a !== b
//   AND 5     a && b
//   OR 4      a || b
//   COND 3    c ? a : b
// A binary operator's left operand needs precedence >= the operator's, its right operand strictly
// greater: the tree's grouping is kept exactly, so floating-point evaluation order is what the IR
// says (`a + (b + c)` keeps its brackets). Negative numbers print with UNARY precedence.
// Comparisons and Boolean operators used as numbers print as `(c ? 1 : 0)`; numbers used as
// conditions print as `x !== 0`. Powers use Math.pow (no `**`, whose base may not be unary).
// No simplification happens here: that is ir/simplify.ts.
import type { BoolOp, BuiltinFunction, CompareOp, Expr } from '../ir/types.js';
import { BUILTIN_ARITY, isBuiltin } from './builtins.js';

const ATOM = 20, UNARY = 15, MUL = 13, ADD = 12, REL = 10, EQ = 9, AND = 5, OR = 4, COND = 3;

/** Where a slot lives: in the work array `w`, or in a function-local constant `tN`. */
export type SlotStorage = { readonly kind: 'work'; readonly index: number } | { readonly kind: 'local'; readonly index: number };

/** Text of a JS number literal that evaluates to exactly v. Finite numbers use
 *  Number.prototype.toString (shortest round-trip form); -0, NaN and the infinities come from a
 *  fixed map. Anything that is not a number throws. */
export function printNumber(v: unknown): string {
  if (typeof v !== 'number') throw new TypeError('expression writer: a number literal is not a number');
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : v.toString();
  if (Number.isNaN(v)) return NON_FINITE.nan;
  return v > 0 ? NON_FINITE.inf : NON_FINITE.negInf;
}
const NON_FINITE = { nan: 'NaN', inf: 'Infinity', negInf: '-Infinity' } as const;

/** Checks an array index before it is printed. */
export function printIndex(i: unknown): string {
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) {
    throw new TypeError('expression writer: an index is not a non-negative integer');
  }
  return i.toString();
}

interface Written { readonly text: string; readonly prec: number }

const COMPARE: Readonly<Record<CompareOp, { readonly js: string; readonly prec: number }>> = {
  '<': { js: '<', prec: REL }, '<=': { js: '<=', prec: REL }, '>': { js: '>', prec: REL },
  '>=': { js: '>=', prec: REL }, '==': { js: '===', prec: EQ }, '!=': { js: '!==', prec: EQ },
};

type CallWriter = (args: readonly string[]) => Written;
const mathCall = (name: string): CallWriter => (a) => ({ text: `Math.${name}(${a.join(', ')})`, prec: ATOM });
const reciprocal = (name: string): CallWriter => (a) => ({ text: `1 / Math.${name}(${a[0]})`, prec: MUL });
const ofReciprocal = (name: string): CallWriter => (a) => ({ text: `Math.${name}(1 / ${a[0]})`, prec: ATOM });

/** Builtin -> writer. Arguments arrive already written at ATOM-safe precedence where needed. */
const CALLS: Readonly<Record<BuiltinFunction, CallWriter>> = {
  exp: mathCall('exp'), log: mathCall('log'), log10: mathCall('log10'), log2: mathCall('log2'),
  sqrt: mathCall('sqrt'), abs: mathCall('abs'), sin: mathCall('sin'), cos: mathCall('cos'),
  tan: mathCall('tan'), asin: mathCall('asin'), acos: mathCall('acos'), atan: mathCall('atan'),
  sinh: mathCall('sinh'), cosh: mathCall('cosh'), tanh: mathCall('tanh'), floor: mathCall('floor'),
  ceil: mathCall('ceil'), min: mathCall('min'), max: mathCall('max'), pow: mathCall('pow'),
  sign: mathCall('sign'), atan2: mathCall('atan2'), asinh: mathCall('asinh'), acosh: mathCall('acosh'),
  atanh: mathCall('atanh'),
  sec: reciprocal('cos'), csc: reciprocal('sin'), cot: reciprocal('tan'),
  sech: reciprocal('cosh'), csch: reciprocal('sinh'), coth: reciprocal('tanh'),
  asec: ofReciprocal('acos'), acsc: ofReciprocal('asin'), acot: ofReciprocal('atan'),
  asech: ofReciprocal('acosh'), acsch: ofReciprocal('asinh'), acoth: ofReciprocal('atanh'),
  hill: (a) => ({ text: `h_hill(${a.join(', ')})`, prec: ATOM }),
  factorial: (a) => ({ text: `h_factorial(${a[0]})`, prec: ATOM }),
  // root(n, x) = x^(1/n) (SBML argument order: degree first).
  root: (a) => ({ text: `Math.pow(${a[1]}, 1 / ${a[0]})`, prec: ATOM }),
  rem: (a) => ({ text: `${a[0]} % ${a[1]}`, prec: MUL }),
  quotient: (a) => ({ text: `Math.trunc(${a[0]} / ${a[1]})`, prec: ATOM }),
};
/** Minimum precedence each call writer needs of its arguments (operands of an operator in the
 *  template need brackets; plain call arguments need none beyond the comma level). */
const CALL_ARG_PREC: Partial<Record<BuiltinFunction, number>> = {
  rem: MUL + 1, quotient: MUL + 1, root: MUL + 1,
  asec: MUL + 1, acsc: MUL + 1, acot: MUL + 1, asech: MUL + 1, acsch: MUL + 1, acoth: MUL + 1,
};

const BOOL_JS: Readonly<Record<'and' | 'or', { readonly js: string; readonly prec: number }>> = {
  and: { js: '&&', prec: AND }, or: { js: '||', prec: OR },
};

export interface ExpressionWriterOptions {
  /** Loop-template mode (vectorize.ts): leaf c reads column c at iteration k, printed as
   *  `y[I<c>[k]]`, `p[I<c>[k]]`, `w[I<c>[k]]` and `N<c>[k]` for state, param, slot and num nodes. */
  readonly columns?: boolean;
  /** Storage of slot i (work array or local). Required when slot nodes are written. */
  readonly slot?: (i: number) => SlotStorage;
  /** Index in the work array of assigned value i; when absent, assigned nodes throw. */
  readonly assigned?: (i: number) => number;
}

/** Writes Expr trees as JavaScript expressions. */
export class ExpressionWriter {
  constructor(private readonly options: ExpressionWriterOptions = {}) {}

  /** The expression as a number. */
  num(e: Expr): string {
    return this.n(e, COND).text;
  }

  /** The expression as a condition (a JS boolean). */
  bool(e: Expr): string {
    return this.b(e, COND).text;
  }

  private wrap(w: Written, min: number): Written {
    return w.prec >= min ? w : { text: `(${w.text})`, prec: ATOM };
  }

  /** Numeric context, bracketed to at least `min`. */
  private n(e: Expr, min: number): Written {
    return this.wrap(this.numeric(e), min);
  }

  /** Boolean context, bracketed to at least `min`. */
  private b(e: Expr, min: number): Written {
    return this.wrap(this.boolean(e), min);
  }

  private numeric(e: Expr): Written {
    if (this.options.columns) {
      switch (e.k) {
        case 'num': return { text: `N${printIndex(e.v)}[k]`, prec: ATOM };
        case 'state': return { text: `y[I${printIndex(e.i)}[k]]`, prec: ATOM };
        case 'param': return { text: `p[I${printIndex(e.i)}[k]]`, prec: ATOM };
        case 'slot': return { text: `w[I${printIndex(e.i)}[k]]`, prec: ATOM };
        default: break;
      }
    }
    switch (e.k) {
      case 'num': {
        const text = printNumber(e.v);
        return { text, prec: text.startsWith('-') ? UNARY : ATOM };
      }
      case 'time': return { text: 't', prec: ATOM };
      case 'state': return { text: `y[${printIndex(e.i)}]`, prec: ATOM };
      case 'param': return { text: `p[${printIndex(e.i)}]`, prec: ATOM };
      case 'assigned': {
        if (!this.options.assigned) throw new Error('expression writer: assigned values are not available here');
        return { text: `w[${printIndex(this.options.assigned(checkIndex(e.i)))}]`, prec: ATOM };
      }
      case 'slot': {
        if (!this.options.slot) throw new Error('expression writer: slots are not available here');
        const s = this.options.slot(checkIndex(e.i));
        return s.kind === 'work'
          ? { text: `w[${printIndex(s.index)}]`, prec: ATOM }
          : { text: `t${printIndex(s.index)}`, prec: ATOM };
      }
      case 'add': return this.nary(e.args, ' + ', ADD);
      case 'mul': return this.nary(e.args, ' * ', MUL);
      case 'sub': return this.binary(e.a, e.b, ' - ', ADD);
      case 'div': return this.binary(e.a, e.b, ' / ', MUL);
      case 'pow': return { text: `Math.pow(${this.n(e.a, COND).text}, ${this.n(e.b, COND).text})`, prec: ATOM };
      case 'neg': return { text: `-${this.n(e.a, ATOM).text}`, prec: UNARY };
      case 'call': {
        if (!isBuiltin(e.fn)) throw new Error('expression writer: unknown function');
        const [lo, hi] = BUILTIN_ARITY[e.fn];
        if (!Array.isArray(e.args) || e.args.length < lo || e.args.length > hi) {
          throw new Error('expression writer: wrong number of arguments');
        }
        const min = CALL_ARG_PREC[e.fn] ?? COND;
        return CALLS[e.fn](e.args.map((a) => this.n(a, min).text));
      }
      case 'if': {
        const c = this.b(e.c, COND + 1).text;
        return { text: `${c} ? ${this.n(e.a, COND).text} : ${this.n(e.b, COND).text}`, prec: COND };
      }
      case 'cmp': case 'bool': case 'not': case 'const':
        return { text: `${this.b(e, COND + 1).text} ? 1 : 0`, prec: COND };
      case 'surrogate': case 'surrogateGrad':
        throw new Error('expression writer: surrogate calls must be lowered before writing');
      default:
        throw new Error('expression writer: unknown expression kind');
    }
  }

  private boolean(e: Expr): Written {
    switch (e.k) {
      case 'const':
        if (typeof e.v !== 'boolean') throw new TypeError('expression writer: a Boolean constant is not a Boolean');
        return { text: e.v ? 'true' : 'false', prec: ATOM };
      case 'cmp': {
        const op = Object.prototype.hasOwnProperty.call(COMPARE, e.op) ? COMPARE[e.op] : undefined;
        if (!op) throw new Error('expression writer: unknown comparison');
        return { text: `${this.n(e.a, op.prec).text} ${op.js} ${this.n(e.b, op.prec + 1).text}`, prec: op.prec };
      }
      case 'not': return { text: `!${this.b(e.a, ATOM).text}`, prec: UNARY };
      case 'bool': return this.boolOp(e.op, e.args);
      case 'if': {
        const c = this.b(e.c, COND + 1).text;
        return { text: `${c} ? ${this.b(e.a, COND).text} : ${this.b(e.b, COND).text}`, prec: COND };
      }
      default:
        // A number used as a condition: true when nonzero (logic nodes hold 0 or 1).
        return { text: `${this.n(e, EQ).text} !== 0`, prec: EQ };
    }
  }

  private boolOp(op: BoolOp, args: readonly Expr[]): Written {
    if (!Array.isArray(args) || args.length === 0) throw new Error('expression writer: empty Boolean operator');
    switch (op) {
      case 'and': case 'or': {
        const { js, prec } = BOOL_JS[op];
        return { text: args.map((a, k) => this.b(a, k === 0 ? prec : prec + 1).text).join(` ${js} `), prec };
      }
      case 'xor': {
        // Boolean inequality, left-associative: ((a !== b) !== c).
        let acc = this.b(args[0]!, EQ + 1);
        for (let k = 1; k < args.length; k++) {
          acc = { text: `${this.wrap(acc, EQ).text} !== ${this.b(args[k]!, EQ + 1).text}`, prec: EQ };
        }
        return acc;
      }
      case 'implies': {
        if (args.length !== 2) throw new Error('expression writer: implies takes two arguments');
        return { text: `!${this.b(args[0]!, ATOM).text} || ${this.b(args[1]!, OR + 1).text}`, prec: OR };
      }
      default:
        throw new Error('expression writer: unknown Boolean operator');
    }
  }

  private nary(args: readonly Expr[], js: string, prec: number): Written {
    if (!Array.isArray(args) || args.length === 0) throw new Error('expression writer: empty sum or product');
    if (args.length === 1) return this.numeric(args[0]!);
    return { text: args.map((a, k) => this.n(a, k === 0 ? prec : prec + 1).text).join(js), prec };
  }

  private binary(a: Expr, b: Expr, js: string, prec: number): Written {
    return { text: `${this.n(a, prec).text}${js}${this.n(b, prec + 1).text}`, prec };
  }
}

function checkIndex(i: unknown): number {
  printIndex(i);
  return i as number;
}
