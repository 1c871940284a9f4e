// Reader for the BoolNet / PyBoolNet `.bnet` text format (test support; `idt import` may reuse
// it): an optional `targets, factors` header, `#` comments, one `target, expression` line per
// node, expressions over names with `!`, `&`, `|`, parentheses and the constants 0 / 1.
// Precedence: ! binds tightest, then &, then |. Names that are read but never a target become
// free inputs (rule null), as do targets whose rule is the target itself.

import type { BoolRule, LogicNetwork } from '../types.js';

export interface BnetProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

export interface BnetParseResult {
  readonly network: LogicNetwork;
  readonly problems: readonly BnetProblem[];
}

type Token = { t: 'name'; v: string } | { t: 'op'; v: '!' | '&' | '|' | '(' | ')' } | { t: 'end' };

function tokenize(src: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '!' || c === '&' || c === '|' || c === '(' || c === ')') {
      out.push({ t: 'op', v: c });
      i++;
    } else if (/[A-Za-z0-9_.]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_.]/.test(src[j]!)) j++;
      out.push({ t: 'name', v: src.slice(i, j) });
      i = j;
    } else {
      return `unexpected character '${c}'`;
    }
  }
  out.push({ t: 'end' });
  return out;
}

/** Parse one expression; names are resolved through `index`, which may add new names. */
function parseExpression(src: string, index: (name: string) => number): BoolRule | string {
  const toks = tokenize(src);
  if (typeof toks === 'string') return toks;
  let pos = 0;
  const peek = (): Token => toks[pos]!;
  const isOp = (v: string): boolean => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const or = (): BoolRule | string => {
    const args: BoolRule[] = [];
    for (;;) {
      const a = and();
      if (typeof a === 'string') return a;
      args.push(a);
      if (!isOp('|')) break;
      pos++;
    }
    return args.length === 1 ? args[0]! : { k: 'or', args };
  };
  const and = (): BoolRule | string => {
    const args: BoolRule[] = [];
    for (;;) {
      const a = unary();
      if (typeof a === 'string') return a;
      args.push(a);
      if (!isOp('&')) break;
      pos++;
    }
    return args.length === 1 ? args[0]! : { k: 'and', args };
  };
  const unary = (): BoolRule | string => {
    const t = peek();
    if (t.t === 'op' && t.v === '!') {
      pos++;
      const a = unary();
      return typeof a === 'string' ? a : { k: 'not', a };
    }
    if (t.t === 'op' && t.v === '(') {
      pos++;
      const a = or();
      if (typeof a === 'string') return a;
      if (!isOp(')')) return "expected ')'";
      pos++;
      return a;
    }
    if (t.t === 'name') {
      pos++;
      const low = t.v.toLowerCase();
      if (t.v === '0' || low === 'false') return { k: 'const', v: false };
      if (t.v === '1' || low === 'true') return { k: 'const', v: true };
      return { k: 'var', i: index(t.v) };
    }
    return t.t === 'end' ? 'unexpected end of expression' : `unexpected '${t.v}'`;
  };
  const r = or();
  if (typeof r === 'string') return r;
  if (peek().t !== 'end') return `unexpected '${(peek() as { v: string }).v}' after expression`;
  return r;
}

/** Parse .bnet text. Node order: targets in file order, then names only read (free inputs). */
export function parseBnet(text: string): BnetParseResult {
  const problems: BnetProblem[] = [];
  const lines = text.split('\n');
  const targets: { name: string; expr: string; line: number }[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.replace(/#.*/, '').trim();
    if (line === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) {
      problems.push({ line: ln + 1, message: "expected 'target, expression'" });
      continue;
    }
    const name = line.slice(0, comma).trim();
    const expr = line.slice(comma + 1).trim();
    if (name.toLowerCase() === 'targets' && expr.toLowerCase() === 'factors') continue;
    if (!/^[A-Za-z0-9_.]+$/.test(name)) {
      problems.push({ line: ln + 1, message: `invalid target name '${name}'` });
      continue;
    }
    targets.push({ name, expr, line: ln + 1 });
  }
  const names: string[] = [];
  const indexOf = new Map<string, number>();
  for (const t of targets) {
    if (indexOf.has(t.name)) problems.push({ line: t.line, message: `duplicate target '${t.name}'` });
    else {
      indexOf.set(t.name, names.length);
      names.push(t.name);
    }
  }
  const index = (name: string): number => {
    let i = indexOf.get(name);
    if (i === undefined) {
      i = names.length;
      indexOf.set(name, i);
      names.push(name);
    }
    return i;
  };
  const rules: (BoolRule | null)[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    const r = parseExpression(t.expr, index);
    if (typeof r === 'string') {
      problems.push({ line: t.line, message: r });
      rules[indexOf.get(t.name)!] = null;
    } else rules[indexOf.get(t.name)!] = r;
  }
  for (let i = 0; i < names.length; i++) if (rules[i] === undefined) rules[i] = null;
  problems.sort((a, b) => a.line - b.line);
  return { network: { names, rules }, problems };
}

/** The same network with its nodes in the given order (every name exactly once). */
export function reorderNetwork(net: LogicNetwork, order: readonly string[]): LogicNetwork {
  const oldIndex = new Map(net.names.map((n, i) => [n, i] as const));
  if (order.length !== net.names.length || order.some((n) => !oldIndex.has(n))) {
    throw new RangeError('reorderNetwork: order must list every node name once');
  }
  const newIndex = new Map(order.map((n, i) => [oldIndex.get(n)!, i] as const));
  const rename = (r: BoolRule): BoolRule => {
    switch (r.k) {
      case 'var':
        return { k: 'var', i: newIndex.get(r.i)! };
      case 'const':
        return r;
      case 'not':
        return { k: 'not', a: rename(r.a) };
      default:
        return { k: r.k, args: r.args.map(rename) };
    }
  };
  return {
    names: [...order],
    rules: order.map((n) => {
      const r = net.rules[oldIndex.get(n)!] ?? null;
      return r === null ? null : rename(r);
    }),
    ...(net.priorities ? { priorities: order.map((n) => net.priorities![oldIndex.get(n)!]!) } : {}),
  };
}
