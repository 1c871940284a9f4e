// The auxiliary model of a hybrid (UDE) fit: the model's IR with every call of a trained surrogate
// cut out and replaced by an extra state, so that the compiler's own symbolic Jacobian yields all
// the partial derivatives the forward sensitivities need (docs/decisions/0004-ude-gradients.md).
//
// States of the auxiliary model, in order:
//   y   (n)  the model's states, rates unchanged except for the substitutions below;
//   u   (m)  one per output of each distinct call site (surrogate, arguments): the call's value;
//   q   (nq) the mechanistic parameters being fitted, promoted from p to states;
//   a   (r)  one per argument of each call site: rate = the argument expression;
//   h   (o)  one per observed quantity: rate = its expression.
// u and q have rate 0. The compiled rhs then gives f(y; u, q), the argument values and the
// observed values; the compiled Jacobian gives df/dy, df/du, df/dq, da/dy, da/dq, dh/dy, dh/du,
// dh/dq in one sparse evaluation. The network itself is evaluated outside (mlp.ts), in float64,
// with weights that change at every iteration without recompiling anything.
import { instantiateModel, type Expr, type IRModel, type IRState } from '@idt/compiler';
import type { CompiledModel } from '@idt/runtime';
import { TrainingDataError } from '../csv.js';

export interface CallSite {
  /** Index into HybridSpec.surrogates (the trained surrogate it calls). */
  readonly net: number;
  /** Offsets of its outputs (in u) and its arguments (in a), relative to the auxiliary state. */
  readonly uOffset: number;
  readonly aOffset: number;
}

export interface AuxModel {
  readonly model: CompiledModel;
  readonly n: number;
  readonly sites: readonly CallSite[];
  /** Offsets of the blocks in the auxiliary state vector. */
  readonly uBase: number;
  readonly qBase: number;
  readonly aBase: number;
  readonly hBase: number;
  readonly nAux: number;
  /** Parameter indices (into p) of the fitted mechanistic parameters, in q order. */
  readonly fittedParams: readonly number[];
  readonly nObserved: number;
}

/** Which surrogates (IR indices, grouped by network: instances sharing a weights file share a
 *  network) and which parameters are fitted, and what is observed. */
export interface AuxRequest {
  /** For each trained network, the IR surrogate indices that use it. */
  readonly networks: readonly (readonly number[])[];
  readonly networkSizes: readonly { readonly nIn: number; readonly nOut: number }[];
  readonly fittedParams: readonly number[];
  readonly observed: readonly Expr[];
}

/** Map every child expression of e through f (a shallow structural map). */
function mapChildren(e: Expr, f: (x: Expr) => Expr): Expr {
  switch (e.k) {
    case 'num': case 'time': case 'state': case 'param': case 'assigned': case 'const': case 'slot': return e;
    case 'add': case 'mul': case 'call': case 'bool': return { ...e, args: e.args.map(f) } as Expr;
    case 'surrogate': case 'surrogateGrad': return { ...e, args: e.args.map(f) } as Expr;
    case 'sub': case 'div': case 'pow': case 'cmp': return { ...e, a: f(e.a), b: f(e.b) } as Expr;
    case 'neg': case 'not': return { ...e, a: f(e.a) } as Expr;
    case 'if': return { ...e, c: f(e.c), a: f(e.a), b: f(e.b) };
  }
}

export function buildAuxModel(ir: IRModel, req: AuxRequest): AuxModel {
  if (ir.logic.length) throw new TrainingDataError('hybrid training does not support models with logic nodes yet');
  if (ir.events.some((e) => e.trigger.kind === 'when')) throw new TrainingDataError("hybrid training supports timed events only ('at', 'every'), not triggered ones ('when')");
  const mentions = (e: Expr, q: number): boolean => {
    let found = false;
    const visit = (x: Expr): Expr => { if (x.k === 'param' && x.i === q) found = true; else mapChildren(x, visit); return x; };
    visit(e);
    return found;
  };
  for (const q of req.fittedParams) {
    // Derived parameters are computed once from p: their dependence on q would be lost.
    if (ir.params.some((p) => p.expr && mentions(p.expr, q)))
      throw new TrainingDataError(`parameter '${ir.params[q]!.name}' is used in the definition of other parameters and cannot be fitted here`);
  }
  const n = ir.states.length;
  const netOf = new Map<number, number>();
  req.networks.forEach((sIdx, k) => sIdx.forEach((s) => netOf.set(s, k)));
  const qIndex = new Map(req.fittedParams.map((p, k) => [p, k]));

  // First pass: collect call sites (by surrogate and argument text) so the state layout is known.
  const siteKeys = new Map<string, number>();
  const siteArgs: Expr[][] = [];
  const siteNet: number[] = [];
  const collect = (e: Expr): void => {
    if (e.k === 'surrogate' && netOf.has(e.s)) {
      const key = `${netOf.get(e.s)}:${JSON.stringify(e.args)}`;
      if (!siteKeys.has(key)) {
        for (const a of e.args) {
          let nested = false;
          const visit = (x: Expr): void => { if (x.k === 'surrogate' && netOf.has(x.s)) nested = true; else mapChildren(x, (c) => { visit(c); return c; }); };
          visit(a);
          if (nested) throw new TrainingDataError('a trained surrogate is called with the output of a trained surrogate as an argument: not supported in hybrid training');
        }
        siteKeys.set(key, siteArgs.length);
        siteArgs.push([...e.args]);
        siteNet.push(netOf.get(e.s)!);
      }
    }
    mapChildren(e, (c) => { collect(c); return c; });
  };
  const allExprs: Expr[] = [
    ...ir.states.flatMap((s) => [s.rate, s.volume].filter((x): x is Expr => !!x)),
    ...ir.reactions.flatMap((r) => [r.rate, ...r.stoich.map((st) => st.coefExpr).filter((x): x is Expr => !!x)]),
    ...ir.assigned.map((a) => a.expr),
    ...req.observed,
  ];
  allExprs.forEach(collect);

  const m = siteNet.reduce((acc, net) => acc + req.networkSizes[net]!.nOut, 0);
  const r = siteNet.reduce((acc, net) => acc + req.networkSizes[net]!.nIn, 0);
  const uBase = n, qBase = n + m, aBase = qBase + req.fittedParams.length, hBase = aBase + r;
  const sites: CallSite[] = [];
  let uo = 0, ao = 0;
  siteNet.forEach((net) => {
    sites.push({ net, uOffset: uBase + uo, aOffset: aBase + ao });
    uo += req.networkSizes[net]!.nOut;
    ao += req.networkSizes[net]!.nIn;
  });

  // Second pass: substitute calls by u states and fitted parameters by q states.
  const memo = new Map<Expr, Expr>();
  const subst = (e: Expr): Expr => {
    const hit = memo.get(e);
    if (hit) return hit;
    let out: Expr;
    if (e.k === 'surrogate' && netOf.has(e.s)) {
      const c = siteKeys.get(`${netOf.get(e.s)}:${JSON.stringify(e.args)}`)!;
      out = { k: 'state', i: sites[c]!.uOffset + e.out };
    } else if (e.k === 'param' && qIndex.has(e.i)) {
      out = { k: 'state', i: qBase + qIndex.get(e.i)! };
    } else out = mapChildren(e, subst);
    memo.set(e, out);
    return out;
  };
  const zero: Expr = { k: 'num', v: 0 };
  const extra = (name: string, rate: Expr): IRState => ({ name, kind: 'variable', initial: zero, rate });
  const states: IRState[] = [
    ...ir.states.map((s) => ({
      ...s,
      ...(s.rate ? { rate: subst(s.rate) } : {}),
      ...(s.volume ? { volume: subst(s.volume) } : {}),
    })),
    ...Array.from({ length: m }, (_, k) => extra(`__u${k}`, zero)),
    ...req.fittedParams.map((_, k) => extra(`__q${k}`, zero)),
    ...siteArgs.flatMap((args, c) => args.map((a, k) => extra(`__a${c}_${k}`, subst(a)))),
    ...req.observed.map((h, k) => extra(`__h${k}`, subst(h))),
  ];
  const aux: IRModel = {
    ...ir,
    states,
    reactions: ir.reactions.map((rx) => ({ ...rx, rate: subst(rx.rate), stoich: rx.stoich.map((st) => (st.coefExpr ? { ...st, coefExpr: subst(st.coefExpr) } : st)) })),
    assigned: ir.assigned.map((a) => ({ ...a, expr: subst(a.expr) })),
    // Argument values are read through observables (they never depend on u: no nesting).
    observables: siteArgs.flatMap((args, c) => args.map((a, k) => ({ name: `__arg${c}_${k}`, expr: subst(a) }))),
    decisions: [],
  };
  return {
    model: instantiateModel(aux),
    n, sites, uBase, qBase, aBase, hBase, nAux: states.length,
    fittedParams: req.fittedParams,
    nObserved: req.observed.length,
  };
}
