// MathML (the SBML subset) -> MathNode. Unknown elements are reported, never guessed.
import type { MathNode } from './math.js';
import type { XmlElement } from './xml.js';

export class MathError extends Error {
  constructor(message: string, readonly el: XmlElement) {
    super(message);
  }
}

const CSYMBOL = 'http://www.sbml.org/sbml/symbols/';

/** Operators SBML allows inside <apply> (MathML element names), with their arity. */
const OPERATORS: Record<string, [number, number]> = {
  plus: [0, Infinity], times: [0, Infinity], minus: [1, 2], divide: [2, 2], power: [2, 2], root: [1, 1],
  abs: [1, 1], exp: [1, 1], ln: [1, 1], log: [1, 1], floor: [1, 1], ceiling: [1, 1], factorial: [1, 1],
  sin: [1, 1], cos: [1, 1], tan: [1, 1], sec: [1, 1], csc: [1, 1], cot: [1, 1],
  sinh: [1, 1], cosh: [1, 1], tanh: [1, 1], sech: [1, 1], csch: [1, 1], coth: [1, 1],
  arcsin: [1, 1], arccos: [1, 1], arctan: [1, 1], arcsec: [1, 1], arccsc: [1, 1], arccot: [1, 1],
  arcsinh: [1, 1], arccosh: [1, 1], arctanh: [1, 1], arcsech: [1, 1], arccsch: [1, 1], arccoth: [1, 1],
  eq: [0, Infinity], neq: [2, 2], gt: [0, Infinity], lt: [0, Infinity], geq: [0, Infinity], leq: [0, Infinity],
  and: [0, Infinity], or: [0, Infinity], xor: [0, Infinity], not: [1, 1], implies: [2, 2],
  max: [0, Infinity], min: [0, Infinity], rem: [2, 2], quotient: [2, 2],
};

/** Read the content of a <math> element (its single child). */
export function readMath(mathEl: XmlElement): MathNode {
  const kids = mathEl.children.filter((c) => c.name !== 'annotation' && c.name !== 'annotation-xml');
  if (kids.length !== 1) throw new MathError(`<math> must hold exactly one expression (found ${kids.length})`, mathEl);
  return node(kids[0]!);
}

function node(e: XmlElement): MathNode {
  switch (e.name) {
    case 'cn':
      return cn(e);
    case 'ci':
      return { k: 'ci', name: e.text.trim() };
    case 'csymbol': {
      const url = (e.attrs.definitionURL ?? '').trim();
      if (url === `${CSYMBOL}time`) return { k: 'time' };
      if (url === `${CSYMBOL}avogadro`) return { k: 'avogadro' };
      if (url === `${CSYMBOL}delay` || url === `${CSYMBOL}rateOf`) throw new MathError(`csymbol ${url.slice(CSYMBOL.length)} must be applied to arguments`, e);
      throw new MathError(`unknown csymbol '${url || e.text.trim()}'`, e);
    }
    case 'true':
    case 'false':
    case 'pi':
    case 'exponentiale':
    case 'infinity':
    case 'notanumber':
      return { k: 'const', name: e.name };
    case 'apply':
      return applyNode(e);
    case 'piecewise': {
      const pieces: { value: MathNode; cond: MathNode }[] = [];
      let otherwise: MathNode | undefined;
      for (const c of e.children) {
        if (c.name === 'piece') {
          if (c.children.length !== 2) throw new MathError('<piece> needs a value and a condition', c);
          pieces.push({ value: node(c.children[0]!), cond: node(c.children[1]!) });
        } else if (c.name === 'otherwise') {
          if (c.children.length !== 1) throw new MathError('<otherwise> needs one value', c);
          otherwise = node(c.children[0]!);
        } else throw new MathError(`unexpected <${c.name}> in <piecewise>`, c);
      }
      return { k: 'piecewise', pieces, ...(otherwise ? { otherwise } : {}) };
    }
    case 'lambda': {
      const params = e.children.filter((c) => c.name === 'bvar').map((b) => {
        const v = b.children.find((c) => c.name === 'ci');
        if (!v) throw new MathError('<bvar> needs a <ci>', b);
        return v.text.trim();
      });
      const body = e.children.filter((c) => c.name !== 'bvar');
      if (body.length !== 1) throw new MathError('<lambda> needs exactly one body', e);
      return { k: 'lambda', params, body: node(body[0]!) };
    }
    case 'semantics': {
      const first = e.children.find((c) => c.name !== 'annotation' && c.name !== 'annotation-xml');
      if (!first) throw new MathError('<semantics> holds no expression', e);
      return node(first);
    }
    default:
      throw new MathError(`MathML element <${e.name}> is not part of SBML's MathML subset`, e);
  }
}

function cn(e: XmlElement): MathNode {
  const type = e.attrs.type ?? 'real';
  const parts = e.textParts.map((t) => t.trim());
  const units = e.attrs.units;
  const withUnits = (v: number): MathNode => (units ? { k: 'num', v, units } : { k: 'num', v });
  const parse = (s: string | undefined): number => {
    const t = (s ?? '').trim();
    if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(t)) return NaN;
    const v = Number(t);
    if (t === '' || Number.isNaN(v)) throw new MathError(`'${t}' is not a number`, e);
    return v;
  };
  switch (type) {
    case 'integer':
    case 'real':
    case 'double':
      return withUnits(parse(e.text));
    case 'e-notation':
      return withUnits(parse(parts[0]) * Math.pow(10, parse(parts[1])));
    case 'rational':
      return withUnits(parse(parts[0]) / parse(parts[1]));
    default:
      throw new MathError(`unknown <cn> type '${type}'`, e);
  }
}

function applyNode(e: XmlElement): MathNode {
  const [head, ...rest] = e.children;
  if (!head) throw new MathError('empty <apply>', e);
  const qualifiers = rest.filter((c) => c.name === 'degree' || c.name === 'logbase');
  const argEls = rest.filter((c) => c.name !== 'degree' && c.name !== 'logbase' && c.name !== 'bvar');
  const args = argEls.map(node);
  const qual = (name: string): MathNode | undefined => {
    const q = qualifiers.find((c) => c.name === name);
    if (!q) return undefined;
    if (q.children.length !== 1) throw new MathError(`<${name}> needs one expression`, q);
    return node(q.children[0]!);
  };
  if (head.name === 'ci') return { k: 'apply', op: 'call', fn: head.text.trim(), args };
  if (head.name === 'csymbol') {
    const url = (head.attrs.definitionURL ?? '').trim();
    if (url === `${CSYMBOL}delay`) {
      if (args.length !== 2) throw new MathError('delay takes two arguments (expression, delay)', e);
      return { k: 'apply', op: 'delay', args };
    }
    if (url === `${CSYMBOL}rateOf`) {
      if (args.length !== 1) throw new MathError('rateOf takes one argument', e);
      return { k: 'apply', op: 'rateOf', args };
    }
    throw new MathError(`unknown csymbol function '${url}'`, head);
  }
  const arity = OPERATORS[head.name];
  if (!arity) throw new MathError(`<${head.name}> is not an operator SBML allows in <apply>`, head);
  if (args.length < arity[0] || args.length > arity[1]) throw new MathError(`<${head.name}> takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} or more`} argument(s), got ${args.length}`, e);
  const degree = head.name === 'root' ? qual('degree') : undefined;
  const logbase = head.name === 'log' ? qual('logbase') : undefined;
  return { k: 'apply', op: head.name, args, ...(degree ? { degree } : {}), ...(logbase ? { logbase } : {}) };
}
