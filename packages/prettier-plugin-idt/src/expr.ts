// Expressions to Prettier docs: the tokens as written, in the same order, with normalised spacing.
//
// The AST keeps every parenthesis the modeller wrote (`paren` nodes) and the tree already encodes
// precedence, so printing the same tokens in the same order re-parses to the same tree: nothing is
// added or removed. Long chains of one precedence level break before their operators, one operand
// per line, the way equations are written on paper.
import type { Expr } from '@idt/lang';
import { builders } from 'prettier/doc';
import type { Doc } from 'prettier';
import { printUnit } from './units.js';

const { group, indent, join, line, softline } = builders;

/** Operators of one precedence level chain left-associatively and are flattened together. */
const levelOf: Record<string, number> = {
  or: 1, xor: 1,
  and: 2,
  '<': 3, '<=': 3, '>': 3, '>=': 3, '==': 3, '!=': 3,
  '+': 4, '-': 4,
  '*': 5, '/': 5,
};

export function printExpr(e: Expr): Doc {
  switch (e.kind) {
    case 'number':
      return e.unit ? `${e.text} ${printUnit(e.unit)}` : e.text;
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'ref':
      return e.name.text;
    case 'call':
      return printArgs(e.callee.text, e.args.map(printExpr));
    case 'unary': {
      const operand = need(e.operand, e);
      if (e.op === 'not') return ['not ', printExpr(operand)];
      // `- -x` rather than `--x`, which reads like a decrement.
      const gap = operand.kind === 'unary' && operand.op !== 'not' ? ' ' : '';
      return [e.op, gap, printExpr(operand)];
    }
    case 'binary': {
      if (e.op === '^') return [printExpr(e.left), '^', printExpr(need(e.right, e))];
      if (e.op === 'implies') return group([printExpr(e.left), indent([line, 'implies ', printExpr(need(e.right, e))])]);
      return printChain(e);
    }
    case 'if':
      return group([
        'if ',
        printExpr(need(e.condition, e)),
        indent([line, 'then ', printExpr(need(e.then, e)), line, 'else ', printExpr(need(e.otherwise, e))]),
      ]);
    case 'paren':
      return ['(', printExpr(need(e.inner, e)), ')'];
    case 'missing':
      throw new Error('prettier-plugin-idt: cannot print an incomplete expression');
  }
}

/** `a + b - c` as one group: flat when it fits, else one operand per line (operator first). */
function printChain(e: Expr & { kind: 'binary' }): Doc {
  const level = levelOf[e.op];
  const operands: Expr[] = [];
  const ops: string[] = [];
  let cur: Expr = e;
  while (cur.kind === 'binary' && levelOf[cur.op] === level) {
    operands.unshift(need(cur.right, cur));
    ops.unshift(cur.op);
    cur = cur.left;
  }
  const first = printExpr(cur);
  const rest = operands.map((o, i) => [line, ops[i]!, ' ', printExpr(o)]);
  return group([first, indent(rest)]);
}

/** `name(a, b)`: flat when it fits, else one argument per line. */
export function printArgs(callee: string, args: Doc[]): Doc {
  if (args.length === 0) return `${callee}()`;
  return group([callee, '(', indent([softline, join([',', line], args)]), softline, ')']);
}

function need<T>(x: T | undefined, where: Expr): T {
  if (x === undefined) throw new Error(`prettier-plugin-idt: cannot print an incomplete ${where.kind} expression`);
  return x;
}
