// Conceptual maps: a model's species, logic and influences → Graphviz DOT → SVG (Graphviz in WASM).

import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { dotAttributes, type DotValue } from './dot-writer.js';

/** What a node stands for in the model; decides its shape and colour. */
export type ConceptNodeKind = 'species' | 'logic' | 'surrogate' | 'parameter' | 'observable' | 'decision';

/** A model element. `id`, `label` and `doc` are untrusted text and are always escaped. */
export interface ConceptNode {
  id: string;
  label: string;
  kind: ConceptNodeKind;
  /** Id of the module (cluster) the node belongs to. */
  cluster?: string;
  /** Documentation, shown as the node's tooltip in the SVG. */
  doc?: string;
}

/** A signed relation: `+` activates, `-` inhibits, `?` unknown or mixed. */
export interface ConceptEdge {
  from: string;
  to: string;
  sign: '+' | '-' | '?';
  kind: 'reaction' | 'influence' | 'logic';
  label?: string;
}

/** A module, drawn as a labelled box around its nodes. */
export interface ConceptCluster {
  id: string;
  label: string;
}

/** The conceptual map of a model. */
export interface ConceptGraph {
  title?: string;
  nodes: ConceptNode[];
  edges: ConceptEdge[];
  clusters: ConceptCluster[];
}

type Attributes = Record<string, DotValue | undefined>;

/**
 * Graphviz in WASM has no fonts and sizes text from built-in Helvetica metrics; viewers draw it
 * with Helvetica or Arial, and the PNG rasterizer with the metric-compatible Arimo.
 */
const FONT = 'Helvetica,Arial,sans-serif';

const NODE_STYLE: Record<ConceptNodeKind, Attributes> = {
  species: { shape: 'ellipse', fillcolor: '#dbe9f6', color: '#4e79a7' },
  logic: { shape: 'box', fillcolor: '#fff3c4', color: '#b8860b' },
  surrogate: { shape: 'hexagon', fillcolor: '#eadcf2', color: '#7b4f9d' },
  parameter: { shape: 'parallelogram', fillcolor: '#eeeeee', color: '#777777' },
  observable: { shape: 'box', peripheries: 2, fillcolor: '#e0f2e0', color: '#3c763d' },
  decision: { shape: 'diamond', fillcolor: '#fde0d0', color: '#c0504d' },
};

/** Green-ish arrow for activation, red-ish tee for inhibition, grey circle for unknown. */
const SIGN_STYLE: Record<ConceptEdge['sign'], Attributes & { meaning: string }> = {
  '+': { color: '#1a9850', arrowhead: 'normal', meaning: 'activates (+)' },
  '-': { color: '#d73027', arrowhead: 'tee', meaning: 'inhibits (−)' },
  '?': { color: '#7f7f7f', arrowhead: 'odot', meaning: 'unknown sign (?)' },
};

const EDGE_KIND_STYLE: Record<ConceptEdge['kind'], Attributes> = {
  reaction: { style: 'solid', penwidth: 1.6 },
  influence: { style: 'dashed', penwidth: 1.2 },
  logic: { style: 'dotted', penwidth: 1.4 },
};

const NODE_KINDS = Object.keys(NODE_STYLE) as ConceptNodeKind[];
const SIGNS = Object.keys(SIGN_STYLE) as ConceptEdge['sign'][];
const EDGE_KINDS = Object.keys(EDGE_KIND_STYLE) as ConceptEdge['kind'][];

let graphviz: Promise<Graphviz> | undefined;

/** Graphviz's WASM module, loaded once per process (~0.1 s). */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= Graphviz.load();
  return graphviz;
}

/** Lays the conceptual map out with Graphviz `dot` and returns SVG text. */
export async function renderConceptualMap(graph: ConceptGraph): Promise<string> {
  const dot = conceptualMapDot(graph);
  try {
    return (await loadGraphviz()).layout(dot, 'svg', 'dot');
  } catch {
    // A trap inside the WASM module can leave its memory inconsistent (see dot-writer.ts), and a
    // broken instance fails every later layout: start over on a fresh one, once.
    graphviz = undefined;
    Graphviz.unload();
    return (await loadGraphviz()).layout(dot, 'svg', 'dot');
  }
}

/**
 * The DOT source of a conceptual map. Every name in it is generated (`n0`, `cluster_0`, …), so
 * user text only ever appears inside escaped quoted strings.
 *
 * Edges whose ends are not declared nodes get a dashed placeholder node labelled with the missing
 * id, and nodes naming an undeclared cluster get a cluster labelled with that id, so nothing in the
 * model silently disappears from the map.
 */
export function conceptualMapDot(graph: ConceptGraph): string {
  const lines: string[] = [];
  const emit = (indent: number, text: string) => lines.push('  '.repeat(indent) + text);

  emit(0, 'digraph conceptual_map {');
  emit(1, `graph${dotAttributes({
    rankdir: 'LR',
    newrank: 'true',
    fontname: FONT,
    fontsize: 12,
    nodesep: 0.3,
    ranksep: 0.6,
    pad: 0.2,
    label: graph.title,
    labelloc: graph.title === undefined ? undefined : 't',
    labeljust: graph.title === undefined ? undefined : 'l',
  })};`);
  emit(1, `node${dotAttributes({ fontname: FONT, fontsize: 11, style: 'filled', penwidth: 1.2 })};`);
  emit(1, `edge${dotAttributes({ fontname: FONT, fontsize: 9, arrowsize: 0.8 })};`);

  // Node names are positional: model ids are untrusted and may collide with DOT keywords.
  const nodeName = new Map<string, string>();
  graph.nodes.forEach((node, index) => {
    if (!nodeName.has(node.id)) nodeName.set(node.id, `n${index}`);
  });
  const placeholders: string[] = [];
  for (const edge of graph.edges) {
    for (const id of [edge.from, edge.to]) {
      if (!nodeName.has(id)) {
        nodeName.set(id, `u${placeholders.length}`);
        placeholders.push(id);
      }
    }
  }

  // Clusters in declaration order, then undeclared ones in order of first use.
  const clusterLabels = new Map<string, string>();
  for (const cluster of graph.clusters) if (!clusterLabels.has(cluster.id)) clusterLabels.set(cluster.id, cluster.label);
  for (const node of graph.nodes) {
    if (node.cluster !== undefined && !clusterLabels.has(node.cluster)) clusterLabels.set(node.cluster, node.cluster);
  }

  const nodeLine = (node: ConceptNode, index: number) =>
    `n${index}${dotAttributes({
      ...NODE_STYLE[node.kind],
      label: node.label,
      tooltip: node.doc === undefined ? `${node.label} (${node.kind})` : `${node.label} (${node.kind}): ${node.doc}`,
    })};`;

  [...clusterLabels].forEach(([clusterId, label], clusterIndex) => {
    const members = graph.nodes
      .map((node, index) => ({ node, index }))
      .filter(({ node }) => node.cluster === clusterId);
    if (members.length === 0) return;
    emit(1, `subgraph cluster_${clusterIndex} {`);
    emit(2, `graph${dotAttributes({
      label,
      style: 'rounded,filled',
      fillcolor: '#f7f7f7',
      color: '#b0b0b0',
      fontsize: 12,
      labeljust: 'l',
    })};`);
    for (const { node, index } of members) emit(2, nodeLine(node, index));
    emit(1, '}');
  });
  graph.nodes.forEach((node, index) => {
    if (node.cluster === undefined) emit(1, nodeLine(node, index));
  });
  placeholders.forEach((id, index) => {
    emit(1, `u${index}${dotAttributes({
      label: id,
      shape: 'box',
      style: 'dashed',
      color: '#999999',
      fontcolor: '#666666',
      tooltip: `${id} (not declared)`,
    })};`);
  });

  for (const edge of graph.edges) {
    const { meaning, ...sign } = SIGN_STYLE[edge.sign];
    emit(1, `${nodeName.get(edge.from)} -> ${nodeName.get(edge.to)}${dotAttributes({
      ...sign,
      ...EDGE_KIND_STYLE[edge.kind],
      label: edge.label,
      fontcolor: sign.color,
      tooltip: `${edge.kind}: ${meaning}${edge.label === undefined ? '' : ` (${edge.label})`}`,
    })};`);
  }

  // Nodes with no outgoing edge; the legend is ranked after them, i.e. drawn on the right.
  const hasOutgoing = new Set(graph.edges.map((edge) => nodeName.get(edge.from)));
  const modelNames = [...new Set(nodeName.values())];
  const sinks = modelNames.filter((name) => !hasOutgoing.has(name));
  emitLegend(graph, emit, sinks.length > 0 ? sinks : modelNames);
  emit(0, '}');
  return lines.join('\n') + '\n';
}

/**
 * A legend cluster with the node kinds, signs and edge kinds that the map uses.
 *
 * Layout: each sample edge runs between two point nodes. The left ends share one rank and the
 * right ends the next, each chained top to bottom by invisible flat edges (a flat edge fixes the
 * order within a rank), so sample edges run parallel instead of crossing; the node-kind samples
 * continue the two columns below them. Invisible weight-0 edges from the model's sinks rank the
 * legend after the model, so it sits on the right instead of above the first rank.
 */
function emitLegend(graph: ConceptGraph, emit: (indent: number, text: string) => void, after: string[]): void {
  const kinds = NODE_KINDS.filter((kind) => graph.nodes.some((node) => node.kind === kind));
  const signs = SIGNS.filter((sign) => graph.edges.some((edge) => edge.sign === sign));
  const edgeKinds = EDGE_KINDS.filter((kind) => graph.edges.some((edge) => edge.kind === kind));
  if (kinds.length === 0 && signs.length === 0) return;

  const samples: { name: string; label: string; attributes: Attributes }[] = [];
  const signName: Record<ConceptEdge['sign'], string> = { '+': 'plus', '-': 'minus', '?': 'unknown' };
  for (const sign of signs) {
    const { meaning, ...style } = SIGN_STYLE[sign];
    samples.push({ name: `legend_sign_${signName[sign]}`, label: meaning, attributes: { ...style, fontcolor: style.color, penwidth: 1.6 } });
  }
  if (edgeKinds.length > 1) {
    for (const kind of edgeKinds) {
      samples.push({ name: `legend_kind_${kind}`, label: kind, attributes: { ...EDGE_KIND_STYLE[kind], color: '#555555', arrowhead: 'none' } });
    }
  }

  emit(1, 'subgraph cluster_legend {');
  emit(2, `graph${dotAttributes({ label: 'Legend', style: 'rounded', color: '#b0b0b0', fontsize: 11, labeljust: 'l', margin: 6 })};`);
  emit(2, `node${dotAttributes({ fontsize: 9, height: 0.3, margin: '0.06,0.02' })};`);
  const point = dotAttributes({ shape: 'point', width: 0.04, color: '#555555' });
  for (const { name, label, attributes } of samples) {
    emit(2, `${name}_a${point};`);
    emit(2, `${name}_b${point};`);
    emit(2, `${name}_a -> ${name}_b${dotAttributes({ ...attributes, label, tooltip: label })};`);
  }
  for (const kind of kinds) {
    emit(2, `legend_${kind}${dotAttributes({ ...NODE_STYLE[kind], label: kind, tooltip: `${kind} node` })};`);
  }
  // Two columns: sample edges on top, node kinds below, split between the columns.
  const half = Math.ceil(kinds.length / 2);
  const columns = [
    [...samples.map(({ name }) => `${name}_a`), ...kinds.slice(0, half).map((kind) => `legend_${kind}`)],
    [...samples.map(({ name }) => `${name}_b`), ...kinds.slice(half).map((kind) => `legend_${kind}`)],
  ];
  const anchor = columns[0]![0]!;
  for (const column of columns) {
    if (column.length < 2) continue;
    // With rankdir=LR the first node of a flat chain is drawn lowest, so chain bottom-up.
    column.reverse();
    emit(2, `{ rank=same; ${column.join('; ')}; }`);
    for (let i = 1; i < column.length; i++) emit(2, `${column[i - 1]} -> ${column[i]} [style="invis"];`);
  }
  emit(1, '}');
  // Rank constraints only (weight 0 leaves the model's layout alone): the legend comes last.
  for (const name of after) emit(1, `${name} -> ${anchor} [style="invis", weight=0];`);
}
