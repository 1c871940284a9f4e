// The logic nodes of an IR model as the runtime's LogicNetwork, for attractor search and pure
// logical simulation (`idt attractors`, tests of logical models).
//
// IR logic rules are ordinary IR expressions in which a logic node is read as the parameter slot
// holding its value. Only Boolean structure over logic nodes has a meaning in a LogicNetwork;
// a rule that reads a continuous quantity (a threshold on a species, a parameter) belongs to a
// hybrid model, whose logic nodes switch with the ODE state, so it is reported, never guessed.
import type { BoolRule, LogicNetwork } from '@idt/runtime';
import type { Expr, IRModel, SourceRef } from '../ir/types.js';

/** Why a logic node cannot be part of a pure logical network. */
export interface LogicNetworkProblem {
  /** The logic node whose rule is the problem. */
  readonly node: string;
  readonly message: string;
  readonly source?: SourceRef;
}

export interface LogicNetworkResult {
  /** Present when every rule is Boolean over logic nodes (problems is then empty). */
  readonly network?: LogicNetwork;
  /** Each node's `initially` value, in network order. */
  readonly initial: readonly boolean[];
  readonly problems: readonly LogicNetworkProblem[];
}

/** Translate the IR's logic nodes (in IR order, which is the network's node order) into a
 *  LogicNetwork. Free inputs (no rule) become null rules; priorities are carried when any node
 *  declares one. */
export function logicNetworkOf(ir: IRModel): LogicNetworkResult {
  const nodeOfParam = new Map<number, number>();
  ir.logic.forEach((l, i) => nodeOfParam.set(l.param, i));
  const problems: LogicNetworkProblem[] = [];
  const rules: (BoolRule | null)[] = ir.logic.map((l) => {
    if (!l.rule) return null;
    const reasons: string[] = [];
    const rule = toBoolRule(l.rule, nodeOfParam, ir, (why) => reasons.push(why));
    if (reasons.length > 0) {
      problems.push({ node: l.name, message: `the rule of '${l.name}' ${reasons[0]}, so it is not a pure logical rule (hybrid models are simulated with 'idt run')`, ...(l.source ? { source: l.source } : {}) });
      return null;
    }
    return rule;
  });
  const initial = ir.logic.map((l) => l.initial);
  if (problems.length > 0) return { initial, problems };
  const names = ir.logic.map((l) => l.name);
  const hasPriorities = ir.logic.some((l) => l.priority !== undefined);
  const network: LogicNetwork = hasPriorities ? { names, rules, priorities: ir.logic.map((l) => l.priority ?? 0) } : { names, rules };
  return { network, initial, problems };
}

/** An IR expression as a Boolean rule; `fail` is told why when the expression is not Boolean
 *  structure over logic nodes (the returned rule is then meaningless). */
function toBoolRule(e: Expr, nodeOfParam: ReadonlyMap<number, number>, ir: IRModel, fail: (why: string) => void): BoolRule {
  const sub = (x: Expr): BoolRule => toBoolRule(x, nodeOfParam, ir, fail);
  switch (e.k) {
    case 'const':
      return { k: 'const', v: e.v };
    case 'param': {
      const i = nodeOfParam.get(e.i);
      if (i === undefined) {
        fail(`reads '${ir.params[e.i]?.name ?? `#${e.i}`}', which is not a logic node`);
        return { k: 'const', v: false };
      }
      return { k: 'var', i };
    }
    case 'not':
      return { k: 'not', a: sub(e.a) };
    case 'bool':
      return { k: e.op, args: e.args.map(sub) };
    case 'if': {
      // if c then a else b == (c and a) or (not c and b), for Boolean a and b.
      const c = sub(e.c);
      const a = sub(e.a);
      const b = sub(e.b);
      return { k: 'or', args: [{ k: 'and', args: [c, a] }, { k: 'and', args: [{ k: 'not', a: c }, b] }] };
    }
    case 'cmp':
      fail('compares numbers (a threshold on a continuous quantity)');
      return { k: 'const', v: false };
    default:
      fail(`uses a ${describe(e)}`);
      return { k: 'const', v: false };
  }
}

function describe(e: Expr): string {
  switch (e.k) {
    case 'state':
      return 'state variable';
    case 'time':
      return 'the time';
    case 'assigned':
      return 'derived quantity';
    case 'num':
      return 'number';
    default:
      return 'numeric expression';
  }
}
