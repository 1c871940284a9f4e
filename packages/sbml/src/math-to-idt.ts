// MathNode -> idt expression text, precedence-aware (few parentheses) and type-correct.
//
// SBML math is loosely typed (a Boolean may stand where a number is expected and vice versa:
// the test suite's BoolNumericSwap cases); idt is not. Each subexpression is translated with its
// type, and a Boolean used as a number becomes `if c then 1 else 0`, a number used as a condition
// `x != 0`, which is what SBML's MathML rules say they mean.
import type { MathNode } from './math.js';

export type MathType = 'real' | 'bool';

export class TranslateError extends Error {
  constructor(message: string, readonly unsupported = true) {
    super(message);
  }
}

/** How names, functions and the csymbols the caller owns translate. */
export interface ExprContext {
  /** idt text of a referenced SBML id; undefined when unknown. */
  ref(name: string): string | undefined;
  /** A user function: its idt name and the type of its result. */
  fn(name: string): { readonly name: string; readonly returns: MathType; readonly arity: number } | undefined;
  /** idt text of rateOf(arg) (already parenthesised as needed). */
  rateOf?(arg: MathNode): string;
  /** idt unit text for an SBML unit id used on a number (`sbml:units`), when known. */
  unit?(id: string): string | undefined;
}

// Precedence levels of the idt grammar (higher binds tighter).
const IF = 0, IMPLIES = 1, OR = 2, AND = 3, NOT = 4, CMP = 5, ADD = 6, MUL = 7, UNARY = 8, POW = 9, ATOM = 10;

interface Out {
  readonly text: string;
  readonly prec: number;
  readonly type: MathType;
}

const atom = (text: string, type: MathType = 'real'): Out => ({ text, prec: ATOM, type });

function wrap(o: Out, min: number): string {
  return o.prec >= min ? o.text : `(${o.text})`;
}

/** Number literal text: finite values as JavaScript prints them (the idt lexer reads them all),
 *  infinities as 1e400 (which reads back as Infinity), NaN as sqrt(-1). */
export function numberLiteral(v: number): Out {
  if (Number.isNaN(v)) return atom('sqrt(-1)');
  if (v === Infinity) return atom('1e400');
  if (v === -Infinity) return { text: '-1e400', prec: UNARY, type: 'real' };
  if (v < 0 || Object.is(v, -0)) return { text: `-${String(-v)}`, prec: UNARY, type: 'real' };
  return atom(String(v));
}

const FUNCTIONS: Record<string, string> = {
  abs: 'abs', exp: 'exp', ln: 'ln', floor: 'floor', ceiling: 'ceil', factorial: 'factorial',
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', sech: 'sech', csch: 'csch', coth: 'coth',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', arcsec: 'asec', arccsc: 'acsc', arccot: 'acot',
  arcsinh: 'asinh', arccosh: 'acosh', arctanh: 'atanh', arcsech: 'asech', arccsch: 'acsch', arccoth: 'acoth',
  rem: 'rem', quotient: 'quotient',
};
const COMPARE: Record<string, string> = { eq: '==', neq: '!=', gt: '>', lt: '<', geq: '>=', leq: '<=' };

export class MathTranslator {
  constructor(private readonly ctx: ExprContext) {}

  /** Translate to idt text of the wanted type (converting if needed). */
  text(m: MathNode, want: MathType): string {
    const o = this.node(m);
    return want === 'bool' ? this.asBool(o).text : this.asReal(o).text;
  }

  /** The natural type of an expression. */
  typeOf(m: MathNode): MathType {
    return this.node(m).type;
  }

  /** Translate keeping the expression's own type. */
  any(m: MathNode): { text: string; type: MathType } {
    const o = this.node(m);
    return { text: o.text, type: o.type };
  }

  private asReal(o: Out): Out {
    return o.type === 'real' ? o : { text: `if ${o.text} then 1 else 0`, prec: IF, type: 'real' };
  }

  private asBool(o: Out): Out {
    return o.type === 'bool' ? o : { text: `${wrap(o, ADD)} != 0`, prec: CMP, type: 'bool' };
  }

  private real(m: MathNode): Out {
    return this.asReal(this.node(m));
  }

  private bool(m: MathNode): Out {
    return this.asBool(this.node(m));
  }

  private node(m: MathNode): Out {
    switch (m.k) {
      case 'num': {
        const lit = numberLiteral(m.v);
        const u = m.units && this.ctx.unit ? this.ctx.unit(m.units) : undefined;
        // A unit goes on a plain literal only (idt writes `2 [mol]`, not `-2 [mol]` as one token).
        if (u && lit.prec === ATOM && Number.isFinite(m.v)) return atom(`${lit.text} [${u}]`);
        return lit;
      }
      case 'ci': {
        const r = this.ctx.ref(m.name);
        if (r === undefined) throw new TranslateError(`'${m.name}' is not defined in this model`, false);
        return atom(r);
      }
      case 'time':
        return atom('t');
      case 'avogadro':
        // SBML's value (Level 3 defines it as 6.02214179e23), not idt's 2019 SI `avogadro`.
        return atom('6.02214179e23');
      case 'const':
        switch (m.name) {
          case 'true':
            return atom('true', 'bool');
          case 'false':
            return atom('false', 'bool');
          case 'pi':
            return atom('pi');
          case 'exponentiale':
            return atom('exp(1)');
          case 'infinity':
            return numberLiteral(Infinity);
          case 'notanumber':
            return numberLiteral(NaN);
        }
        break;
      case 'piecewise':
        return this.piecewise(m);
      case 'lambda':
        throw new TranslateError('a function definition (lambda) cannot appear inside an expression', false);
      case 'apply':
        return this.apply(m);
    }
    throw new TranslateError('unknown math node', false);
  }

  private piecewise(m: Extract<MathNode, { k: 'piecewise' }>): Out {
    const values = [...m.pieces.map((p) => this.node(p.value)), ...(m.otherwise ? [this.node(m.otherwise)] : [])];
    const type: MathType = values.length > 0 && values.every((v) => v.type === 'bool') ? 'bool' : 'real';
    const conv = (o: Out): Out => (type === 'bool' ? this.asBool(o) : this.asReal(o));
    // No `otherwise`: SBML leaves the value undefined when no piece applies.
    let acc: Out = m.otherwise ? conv(this.node(m.otherwise)) : type === 'bool' ? atom('false', 'bool') : numberLiteral(NaN);
    for (let i = m.pieces.length - 1; i >= 0; i--) {
      const p = m.pieces[i]!;
      const c = this.bool(p.cond);
      const v = conv(this.node(p.value));
      acc = { text: `if ${c.text} then ${v.text} else ${acc.text}`, prec: IF, type };
    }
    return acc;
  }

  private apply(m: Extract<MathNode, { k: 'apply' }>): Out {
    const op = m.op;
    const args = m.args;
    switch (op) {
      case 'call': {
        const f = m.fn !== undefined ? this.ctx.fn(m.fn) : undefined;
        if (!f) throw new TranslateError(`function '${m.fn ?? ''}' is not defined in this model`, false);
        if (args.length !== f.arity) throw new TranslateError(`function '${m.fn}' takes ${f.arity} argument(s) but is given ${args.length}`, false);
        return { text: `${f.name}(${args.map((a) => this.real(a).text).join(', ')})`, prec: ATOM, type: f.returns };
      }
      case 'delay':
        throw new TranslateError('the delay csymbol (delay differential equations) is not supported');
      case 'rateOf': {
        if (!this.ctx.rateOf) throw new TranslateError('rateOf is not supported here');
        return { text: this.ctx.rateOf(args[0]!), prec: ATOM, type: 'real' };
      }
      case 'plus': {
        if (args.length === 0) return atom('0');
        if (args.length === 1) return this.real(args[0]!);
        return { text: args.map((a, i) => wrap(this.real(a), i === 0 ? ADD : MUL)).join(' + '), prec: ADD, type: 'real' };
      }
      case 'times': {
        if (args.length === 0) return atom('1');
        if (args.length === 1) return this.real(args[0]!);
        return { text: args.map((a, i) => wrap(this.real(a), i === 0 ? MUL : UNARY)).join(' * '), prec: MUL, type: 'real' };
      }
      case 'minus': {
        if (args.length === 1) return { text: `-${wrap(this.real(args[0]!), UNARY)}`, prec: UNARY, type: 'real' };
        return { text: `${wrap(this.real(args[0]!), ADD)} - ${wrap(this.real(args[1]!), MUL)}`, prec: ADD, type: 'real' };
      }
      case 'divide':
        return { text: `${wrap(this.real(args[0]!), MUL)} / ${wrap(this.real(args[1]!), UNARY)}`, prec: MUL, type: 'real' };
      case 'power':
        // The idt exponent is a unary expression (`2^-1`); the base must be an atom.
        return { text: `${wrap(this.real(args[0]!), ATOM)}^${wrap(this.real(args[1]!), UNARY)}`, prec: POW, type: 'real' };
      case 'root': {
        const x = this.real(args[0]!);
        if (!m.degree || (m.degree.k === 'num' && m.degree.v === 2)) return atom(`sqrt(${x.text})`);
        return atom(`root(${this.real(m.degree).text}, ${x.text})`);
      }
      case 'log': {
        const x = this.real(args[0]!);
        const b = m.logbase;
        if (!b || (b.k === 'num' && b.v === 10)) return atom(`log10(${x.text})`);
        if (b.k === 'num' && b.v === 2) return atom(`log2(${x.text})`);
        return { text: `ln(${x.text}) / ln(${this.real(b).text})`, prec: MUL, type: 'real' };
      }
      case 'max':
      case 'min': {
        if (args.length === 0) return numberLiteral(NaN);
        if (args.length === 1) return this.real(args[0]!);
        return atom(`${op}(${args.map((a) => this.real(a).text).join(', ')})`);
      }
      case 'and':
      case 'or':
      case 'xor': {
        if (args.length === 0) return atom(op === 'and' ? 'true' : 'false', 'bool');
        if (args.length === 1) return this.bool(args[0]!);
        const level = op === 'and' ? AND : OR;
        // Operands one level tighter: `a or b and c` needs no parentheses, `(a or b) and c` does.
        return { text: args.map((a, i) => wrap(this.bool(a), i === 0 ? level : level + 1)).join(` ${op} `), prec: level, type: 'bool' };
      }
      case 'not':
        return { text: `not ${wrap(this.bool(args[0]!), NOT)}`, prec: NOT, type: 'bool' };
      case 'implies':
        return { text: `${wrap(this.bool(args[0]!), OR)} implies ${wrap(this.bool(args[1]!), IMPLIES)}`, prec: IMPLIES, type: 'bool' };
      case 'eq':
      case 'neq':
      case 'gt':
      case 'lt':
      case 'geq':
      case 'leq':
        return this.compare(op, args);
      default: {
        const f = FUNCTIONS[op];
        if (!f) throw new TranslateError(`MathML operator <${op}> is not supported`);
        return atom(`${f}(${args.map((a) => this.real(a).text).join(', ')})`);
      }
    }
  }

  private compare(op: string, args: readonly MathNode[]): Out {
    if (args.length < 2) return atom('true', 'bool');
    const outs = args.map((a) => this.node(a));
    const pairs: string[] = [];
    for (let i = 0; i + 1 < outs.length; i++) {
      const a = outs[i]!;
      const b = outs[i + 1]!;
      if ((op === 'eq' || op === 'neq') && a.type === 'bool' && b.type === 'bool') {
        // Boolean equality: a == b is not (a xor b).
        const x = `${wrap(a, AND)} xor ${wrap(b, AND)}`;
        pairs.push(op === 'eq' ? `not (${x})` : `(${x})`);
        continue;
      }
      pairs.push(`${wrap(this.asReal(a), ADD)} ${COMPARE[op]} ${wrap(this.asReal(b), ADD)}`);
    }
    if (pairs.length === 1) return { text: pairs[0]!, prec: op === 'neq' && pairs[0]!.startsWith('(') ? ATOM : op === 'eq' && pairs[0]!.startsWith('not') ? NOT : CMP, type: 'bool' };
    return { text: pairs.map((p) => (p.startsWith('not') ? `(${p})` : p)).join(' and '), prec: AND, type: 'bool' };
  }
}
