// Boolean rule trees: validation, free-input detection, constant folding and variable maps,
// shared by the simulator and every attractor engine.

import type { BoolRule, LogicNetwork } from './types.js';

export const TRUE_RULE: BoolRule = { k: 'const', v: true };
export const FALSE_RULE: BoolRule = { k: 'const', v: false };

/** A free input is a node without a rule or whose rule is the node itself (`x, x` in .bnet):
 *  it never changes during a run. */
export function isFreeInputRule(rule: BoolRule | null, self: number): boolean {
  return rule === null || (rule.k === 'var' && rule.i === self);
}

/** Structural problems of a network (indices out of range, lengths that disagree), as messages.
 *  An empty list means every engine accepts it. */
export function validateLogicNetwork(net: LogicNetwork): string[] {
  const problems: string[] = [];
  const n = net.names.length;
  if (net.rules.length !== n) problems.push(`rules has ${net.rules.length} entries, names has ${n}`);
  if (net.priorities !== undefined && net.priorities.length !== n) {
    problems.push(`priorities has ${net.priorities.length} entries, names has ${n}`);
  }
  const check = (r: BoolRule, owner: number): void => {
    switch (r.k) {
      case 'var':
        if (!Number.isInteger(r.i) || r.i < 0 || r.i >= n) {
          problems.push(`rule of ${net.names[owner] ?? owner} reads node ${r.i}, out of range`);
        }
        return;
      case 'const':
        return;
      case 'not':
        check(r.a, owner);
        return;
      default:
        for (const a of r.args) check(a, owner);
    }
  };
  net.rules.forEach((r, i) => {
    if (r !== null) check(r, i);
  });
  return problems;
}

/** Evaluate a rule (reference evaluator: clear rather than fast; the engines use compiled code).
 *  `implies` over several arguments folds to the right: a → (b → c). */
export function evaluateRule(r: BoolRule, value: (i: number) => boolean): boolean {
  switch (r.k) {
    case 'var':
      return value(r.i);
    case 'const':
      return r.v;
    case 'not':
      return !evaluateRule(r.a, value);
    case 'and':
      return r.args.every((a) => evaluateRule(a, value));
    case 'or':
      return r.args.some((a) => evaluateRule(a, value));
    case 'xor':
      return r.args.reduce((acc, a) => acc !== evaluateRule(a, value), false);
    case 'implies': {
      if (r.args.length === 0) return true;
      let acc = evaluateRule(r.args[r.args.length - 1]!, value);
      for (let j = r.args.length - 2; j >= 0; j--) acc = !evaluateRule(r.args[j]!, value) || acc;
      return acc;
    }
  }
}

/** Rewrite `implies` into not/or (right fold), so later passes see four connectives only. */
function impliesToOr(args: readonly BoolRule[]): BoolRule {
  if (args.length === 0) return TRUE_RULE;
  let acc = args[args.length - 1]!;
  for (let j = args.length - 2; j >= 0; j--) acc = { k: 'or', args: [{ k: 'not', a: args[j]! }, acc] };
  return acc;
}

function negate(r: BoolRule): BoolRule {
  if (r.k === 'const') return r.v ? FALSE_RULE : TRUE_RULE;
  if (r.k === 'not') return r.a;
  return { k: 'not', a: r };
}

/**
 * Substitute known node values and fold constants. `known[i]` is -1 (unknown), 0 or 1.
 * The result contains no `implies`, no constant below the root, and no single-argument and/or/xor.
 */
export function foldConstants(r: BoolRule, known: ArrayLike<number>): BoolRule {
  switch (r.k) {
    case 'var': {
      const v = known[r.i] ?? -1;
      return v < 0 ? r : v === 1 ? TRUE_RULE : FALSE_RULE;
    }
    case 'const':
      return r;
    case 'not':
      return negate(foldConstants(r.a, known));
    case 'implies':
      return foldConstants(impliesToOr(r.args), known);
    case 'and':
    case 'or': {
      const absorbing = r.k === 'or'; // or: a true argument decides; and: a false one
      const out: BoolRule[] = [];
      for (const a of r.args) {
        const f = foldConstants(a, known);
        if (f.k === 'const') {
          if (f.v === absorbing) return f;
          continue;
        }
        out.push(f);
      }
      if (out.length === 0) return absorbing ? FALSE_RULE : TRUE_RULE;
      if (out.length === 1) return out[0]!;
      return { k: r.k, args: out };
    }
    case 'xor': {
      let parity = false;
      const out: BoolRule[] = [];
      for (const a of r.args) {
        const f = foldConstants(a, known);
        if (f.k === 'const') parity = parity !== f.v;
        else out.push(f);
      }
      if (out.length === 0) return parity ? TRUE_RULE : FALSE_RULE;
      const base: BoolRule = out.length === 1 ? out[0]! : { k: 'xor', args: out };
      return parity ? negate(base) : base;
    }
  }
}

/** Replace every variable through `map` (renumbering or substitution). */
export function mapVariables(r: BoolRule, map: (i: number) => BoolRule): BoolRule {
  switch (r.k) {
    case 'var':
      return map(r.i);
    case 'const':
      return r;
    case 'not':
      return { k: 'not', a: mapVariables(r.a, map) };
    default:
      return { k: r.k, args: r.args.map((a) => mapVariables(a, map)) };
  }
}

/** Add the nodes a rule reads to `out`. */
export function collectVariables(r: BoolRule, out: Set<number>): Set<number> {
  switch (r.k) {
    case 'var':
      out.add(r.i);
      break;
    case 'const':
      break;
    case 'not':
      collectVariables(r.a, out);
      break;
    default:
      for (const a of r.args) collectVariables(a, out);
  }
  return out;
}
