// The twin's conceptual map as data: which quantities influence which, with signs.
//
// Nodes are state variables, logic nodes, surrogates, observables and decisions. Edges:
// - reaction edges, reactant -> product, labelled with the reaction;
// - influence edges x -> y for every nonzero Jacobian entry d(dy/dt)/dx (x != y), signed by the
//   entry's sign sampled along a short simulation ('?' when it changes sign): this follows
//   influences through derived quantities, functions and surrogates without reading them;
// - logic edges from the nodes and variables a logic rule reads, '+' unless read under 'not'.
// Clusters are module instances: a node belongs to the instance that declares it, and a hub
// species to the one instance that changes it, if exactly one does.
import type { CompiledModel } from '@idt/runtime';
import type { Expr, IRModel } from './ir/types.js';
import { forEachNode } from './ir/expr-intern.js';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'species' | 'logic' | 'surrogate' | 'observable' | 'decision';
  readonly cluster?: string;
  readonly doc?: string;
}
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly sign: '+' | '-' | '?';
  readonly kind: 'reaction' | 'influence' | 'logic';
  readonly label?: string;
}
export interface ConceptualGraph {
  readonly title: string;
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly clusters: { id: string; label: string }[];
}

function instanceOf(name: string): string | undefined {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(0, i) : undefined;
}

function shortName(name: string): string {
  const i = name.lastIndexOf('.');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Sample points: the initial state and the states of a short run supplied by the caller. */
export function conceptualGraph(ir: IRModel, model: CompiledModel, samples: readonly { t: number; y: Float64Array; p: Float64Array }[]): ConceptualGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const stateId = (i: number) => `s:${ir.states[i]!.name}`;
  // Which instance changes each state (reactions and rate rules carry the instance's prefix).
  const writers = new Map<number, Set<string>>();
  const addWriter = (i: number, inst: string | undefined) => {
    if (!inst) return;
    let s = writers.get(i);
    if (!s) writers.set(i, (s = new Set()));
    s.add(inst);
  };
  for (const r of ir.reactions) for (const st of r.stoich) addWriter(st.state, instanceOf(r.name));
  ir.states.forEach((s, i) => {
    const own = instanceOf(s.name);
    const w = writers.get(i);
    const cluster = own ?? (w && w.size === 1 ? [...w][0] : undefined);
    nodes.push({ id: stateId(i), label: own ? shortName(s.name) : s.name, kind: 'species', ...(cluster ? { cluster } : {}), ...(s.doc ? { doc: s.doc } : {}) });
  });
  ir.logic.forEach((l) => nodes.push({ id: `l:${l.name}`, label: shortName(l.name), kind: 'logic', ...(instanceOf(l.name) ? { cluster: instanceOf(l.name)! } : {}), ...(l.doc ? { doc: l.doc } : {}) }));
  ir.surrogates.forEach((s) => nodes.push({ id: `n:${s.name}`, label: shortName(s.name), kind: 'surrogate', ...(instanceOf(s.name) ? { cluster: instanceOf(s.name)! } : {}) }));
  ir.observables.forEach((o) => nodes.push({ id: `o:${o.name}`, label: shortName(o.name), kind: 'observable', ...(instanceOf(o.name) ? { cluster: instanceOf(o.name)! } : {}), ...(o.doc ? { doc: o.doc } : {}) }));
  ir.decisions.forEach((d) => nodes.push({ id: `d:${d.name}`, label: shortName(d.name), kind: 'decision', ...(instanceOf(d.name) ? { cluster: instanceOf(d.name)! } : {}), ...(d.doc ? { doc: d.doc } : {}) }));

  // Reaction edges.
  const reactionPairs = new Set<string>();
  for (const r of ir.reactions) {
    const reactants = r.stoich.filter((s) => s.coef < 0);
    const products = r.stoich.filter((s) => s.coef > 0);
    for (const a of reactants) for (const b of products) {
      reactionPairs.add(`${a.state}>${b.state}`);
      edges.push({ from: stateId(a.state), to: stateId(b.state), sign: '+', kind: 'reaction', label: shortName(r.name) });
    }
  }

  // Influence edges from Jacobian signs.
  const pat = model.jacPattern;
  const vals = new Float64Array(pat.colIdx.length);
  const signs = new Int8Array(pat.colIdx.length); // bit 1: seen positive, bit 2: seen negative
  for (const s of samples) {
    model.jac(s.t, s.y, s.p, vals);
    for (let k = 0; k < vals.length; k++) {
      const v = vals[k]!;
      if (v > 0) signs[k]! |= 1;
      else if (v < 0) signs[k]! |= 2;
    }
  }
  for (let row = 0; row < pat.n; row++) {
    for (let k = pat.rowPtr[row]!; k < pat.rowPtr[row + 1]!; k++) {
      const col = pat.colIdx[k]!;
      if (col === row || signs[k] === 0) continue;
      if (reactionPairs.has(`${col}>${row}`)) continue; // already drawn as a reaction
      edges.push({ from: stateId(col), to: stateId(row), sign: signs[k] === 1 ? '+' : signs[k] === 2 ? '-' : '?', kind: 'influence' });
    }
  }

  // Logic edges: what each rule reads, signed by polarity.
  const logicByParam = new Map(ir.logic.map((l) => [l.param, l]));
  for (const l of ir.logic) {
    if (!l.rule) continue;
    const seen = new Map<string, number>();
    visitPolarity(l.rule, 1, (ref, polarity) => {
      const id = ref.k === 'state' ? stateId(ref.i) : logicByParam.has(ref.i) ? `l:${logicByParam.get(ref.i)!.name}` : undefined;
      if (!id || id === `l:${l.name}`) return;
      seen.set(id, (seen.get(id) ?? 0) | (polarity > 0 ? 1 : polarity < 0 ? 2 : 3));
    });
    for (const [from, bits] of seen) edges.push({ from, to: `l:${l.name}`, sign: bits === 1 ? '+' : bits === 2 ? '-' : '?', kind: 'logic' });
  }
  // Logic nodes that drive continuous rates: edges into the states whose rates read them.
  ir.states.forEach((s, i) => {
    const read = new Set<number>();
    const scan = (e: Expr) => forEachNode(e, (n) => {
      if (n.k === 'param' && logicByParam.has(n.i)) read.add(n.i);
    });
    if (s.rate) scan(s.rate);
    for (const r of ir.reactions) if (r.stoich.some((st) => st.state === i)) scan(r.rate);
    for (const p of read) edges.push({ from: `l:${logicByParam.get(p)!.name}`, to: stateId(i), sign: '?', kind: 'influence' });
  });

  // Observables read states; decisions read series by name.
  const idByName = new Map<string, string>([...ir.states.map((st, i) => [st.name, stateId(i)] as const), ...ir.observables.map((o) => [o.name, `o:${o.name}`] as const), ...ir.logic.map((l) => [l.name, `l:${l.name}`] as const)]);
  for (const o of ir.observables) {
    const read = new Set<number>();
    forEachNode(o.expr, (n) => {
      if (n.k === 'state') read.add(n.i);
    });
    for (const i of read) edges.push({ from: stateId(i), to: `o:${o.name}`, sign: '+', kind: 'influence' });
  }
  for (const d of ir.decisions) {
    const read = new Set<string>();
    const scan = (t: IRModel['decisions'][number]['branches'][number]['when']): void => {
      if (t.k === 'stat') read.add(t.series);
      else if (t.k === 'arith' || t.k === 'cmp') (scan(t.a), scan(t.b));
      else if (t.k === 'bool') t.args.forEach(scan);
      else if (t.k === 'not') scan(t.a);
    };
    d.branches.forEach((b) => scan(b.when));
    for (const name of read) {
      const from = idByName.get(name);
      if (from) edges.push({ from, to: `d:${d.name}`, sign: '?', kind: 'influence' });
    }
  }

  const clusterIds = new Set(nodes.flatMap((n) => (n.cluster ? [n.cluster] : [])));
  return { title: ir.name, nodes, edges, clusters: [...clusterIds].sort().map((id) => ({ id, label: id })) };
}

type Ref = Extract<Expr, { k: 'state' | 'param' }>;

function visitPolarity(e: Expr, polarity: number, visit: (ref: Ref, polarity: number) => void): void {
  switch (e.k) {
    case 'state':
    case 'param':
      visit(e, polarity);
      return;
    case 'not':
      visitPolarity(e.a, -polarity, visit);
      return;
    case 'cmp': {
      // x > c reads x positively, x < c negatively.
      const p = e.op === '<' || e.op === '<=' ? -polarity : polarity;
      visitPolarity(e.a, p, visit);
      visitPolarity(e.b, -p, visit);
      return;
    }
    case 'bool':
      if (e.op === 'implies') {
        visitPolarity(e.args[0]!, -polarity, visit);
        visitPolarity(e.args[1]!, polarity, visit);
      } else if (e.op === 'xor') e.args.forEach((a) => (visitPolarity(a, polarity, visit), visitPolarity(a, -polarity, visit)));
      else e.args.forEach((a) => visitPolarity(a, polarity, visit));
      return;
    default:
      forEachNode(e, (n) => {
        if (n !== e && (n.k === 'state' || n.k === 'param')) visit(n, 0);
      });
  }
}
