// IR expressions -> MathML (the SBML Level 3 Version 2 subset), as indented XML text.
//
// Names are resolved by the caller (`ref`), so this writer only sees structure and numbers.
import type { Expr } from '@idt/compiler';
import { escapeXml } from './xml.js';

export class ExportError extends Error {}

const MATHML = 'http://www.w3.org/1998/Math/MathML';
const TIME = 'http://www.sbml.org/sbml/symbols/time';

/** How the writer names what an expression refers to. */
export interface MathRefs {
  /** MathML for a state, parameter or assigned value (usually a `<ci>`). */
  ref(e: Extract<Expr, { k: 'state' | 'param' | 'assigned' }>): string;
}

const FN: Record<string, string> = {
  exp: 'exp', log: 'ln', abs: 'abs', floor: 'floor', ceil: 'ceiling', factorial: 'factorial',
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot',
  sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', sech: 'sech', csch: 'csch', coth: 'coth',
  asin: 'arcsin', acos: 'arccos', atan: 'arctan', asec: 'arcsec', acsc: 'arccsc', acot: 'arccot',
  asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh', asech: 'arcsech', acsch: 'arccsch', acoth: 'arccoth',
  min: 'min', max: 'max', rem: 'rem', quotient: 'quotient',
};
const CMP: Record<string, string> = { '<': 'lt', '<=': 'leq', '>': 'gt', '>=': 'geq', '==': 'eq', '!=': 'neq' };

export function cn(v: number): string {
  if (Number.isNaN(v)) return '<notanumber/>';
  if (v === Infinity) return '<infinity/>';
  if (v === -Infinity) return '<apply><minus/><infinity/></apply>';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return `<cn type="integer"> ${v} </cn>`;
  return `<cn> ${String(v)} </cn>`;
}

export function ciText(name: string): string {
  return `<ci> ${escapeXml(name)} </ci>`;
}

/** The operands of a sum or product with its left-nested operands of the same kind spliced in:
 *  ((a + b) + c) is <plus/> a b c, which MathML evaluates in the same left-to-right order; a long
 *  sum parsed as a binary chain would otherwise nest beyond XML readers' depth limits. */
function leftChain(e: Extract<Expr, { k: 'add' | 'mul' }>): Expr[] {
  const tail: Expr[] = [];
  let x: Expr = e;
  for (;;) {
    if (x.k !== e.k) {
      tail.push(x);
      break;
    }
    // An empty sum or product is its operator's identity: it adds no operand.
    const args: readonly Expr[] = (x as typeof e).args;
    if (args.length === 0) break;
    for (let i = args.length - 1; i >= 1; i--) tail.push(args[i]!);
    x = args[0]!;
  }
  return tail.reverse();
}

/** MathML of an expression (no <math> wrapper). */
export function exprToMathml(e: Expr, refs: MathRefs): string {
  const go = (x: Expr): string => exprToMathml(x, refs);
  const ap = (op: string, ...args: string[]): string => `<apply><${op}/>${args.join('')}</apply>`;
  switch (e.k) {
    case 'num':
      return cn(e.v);
    case 'time':
      return `<csymbol encoding="text" definitionURL="${TIME}"> time </csymbol>`;
    case 'state':
    case 'param':
    case 'assigned':
      return refs.ref(e);
    case 'add':
      return ap('plus', ...leftChain(e).map(go));
    case 'mul':
      return ap('times', ...leftChain(e).map(go));
    case 'sub':
      return ap('minus', go(e.a), go(e.b));
    case 'div':
      return ap('divide', go(e.a), go(e.b));
    case 'pow':
      return ap('power', go(e.a), go(e.b));
    case 'neg':
      return ap('minus', go(e.a));
    case 'cmp':
      return ap(CMP[e.op]!, go(e.a), go(e.b));
    case 'bool':
      return ap(e.op, ...e.args.map(go));
    case 'not':
      return ap('not', go(e.a));
    case 'const':
      return e.v ? '<true/>' : '<false/>';
    case 'if':
      return `<piecewise><piece>${go(e.a)}${go(e.c)}</piece><otherwise>${go(e.b)}</otherwise></piecewise>`;
    case 'call': {
      const args = e.args.map(go);
      switch (e.fn) {
        case 'sqrt':
          return `<apply><root/>${args[0]}</apply>`;
        case 'root':
          return `<apply><root/><degree>${args[0]}</degree>${args[1]}</apply>`;
        case 'log10':
          return `<apply><log/>${args[0]}</apply>`;
        case 'log2':
          return `<apply><log/><logbase>${cn(2)}</logbase>${args[0]}</apply>`;
        case 'pow':
          return ap('power', args[0]!, args[1]!);
        case 'sign':
          return `<piecewise><piece>${cn(1)}${ap('gt', args[0]!, cn(0))}</piece><piece>${cn(-1)}${ap('lt', args[0]!, cn(0))}</piece><otherwise>${cn(0)}</otherwise></piecewise>`;
        case 'hill': {
          // hill(x, K, n) = x^n / (K^n + x^n)
          const [x, K, n] = args as [string, string, string];
          return ap('divide', ap('power', x, n), ap('plus', ap('power', K, n), ap('power', x, n)));
        }
        default: {
          const f = FN[e.fn];
          if (!f) throw new ExportError(`the built-in function ${e.fn} has no MathML equivalent in SBML`);
          return ap(f, ...args);
        }
      }
    }
    case 'surrogate':
    case 'surrogateGrad':
      throw new ExportError('surrogate (neural network) nodes cannot be written as SBML math');
    case 'slot':
      throw new ExportError('internal compiler node in an expression');
  }
}

export function mathElement(inner: string): string {
  return `<math xmlns="${MATHML}">${inner}</math>`;
}
