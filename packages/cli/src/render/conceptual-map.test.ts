import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { conceptualMapDot, renderConceptualMap, type ConceptGraph } from './conceptual-map.js';
import { allElements, findElements, parseSvg, svgTexts, textContent, type SvgElement } from './svg-check.js';

/** Labels written to break DOT quoting, inject attributes or nodes, or smuggle markup into SVG. */
const HOSTILE = {
  quotes: 'He said "hi"',
  breakout: '"]; evil [shape=box]; n0 -> evil [label="',
  braces: '} subgraph cluster_x { injected }',
  script: '<script>alert(1)</script>',
  escapes: '\\N \\G \\E back\\',
  entities: '&lt;b&gt; &amp; &#60;img&#62; &bogus;',
  clusterLabel: 'Tissue "]; color=red; label="owned',
  doc: '" onload="alert(1)',
};

function hostileGraph(): ConceptGraph {
  return {
    title: 'Map of "]; evil; <svg onload=alert(1)>',
    clusters: [
      { id: 'innate', label: 'Innate {response}' },
      { id: 'tissue', label: HOSTILE.clusterLabel },
    ],
    nodes: [
      { id: 'P', label: HOSTILE.quotes, kind: 'species', cluster: 'innate', doc: HOSTILE.doc },
      { id: 'N', label: HOSTILE.breakout, kind: 'species', cluster: 'innate' },
      { id: 'IL6', label: HOSTILE.braces, kind: 'surrogate', cluster: 'innate' },
      { id: 'D', label: HOSTILE.script, kind: 'logic', cluster: 'tissue' },
      { id: 'k', label: HOSTILE.escapes, kind: 'parameter', cluster: 'tissue' },
      { id: 'obs', label: HOSTILE.entities, kind: 'observable' },
      { id: 'dec', label: 'treat?', kind: 'decision' },
    ],
    edges: [
      { from: 'P', to: 'N', sign: '+', kind: 'influence' },
      { from: 'N', to: 'P', sign: '-', kind: 'reaction', label: 'kill "]; x [' },
      { from: 'P', to: 'IL6', sign: '+', kind: 'reaction' },
      { from: 'IL6', to: 'D', sign: '?', kind: 'logic' },
      { from: 'k', to: 'N', sign: '+', kind: 'influence' },
      { from: 'D', to: 'obs', sign: '+', kind: 'influence' },
      { from: 'obs', to: 'dec', sign: '-', kind: 'logic' },
    ],
  };
}

/** Graphviz wraps each node, edge and cluster in `<g class="…">` with a `<title>` naming it. */
function groups(root: SvgElement, kind: 'node' | 'edge' | 'cluster'): { title: string; element: SvgElement }[] {
  return findElements(root, 'g')
    .filter((g) => g.attributes.class === kind)
    .map((element) => ({ title: textContent(findElements(element, 'title')[0]!), element }));
}

const MODEL_NODE = /^[nu]\d+$/;
const MODEL_EDGE = /^[nu]\d+->[nu]\d+$/;

describe('renderConceptualMap with hostile labels', () => {
  let root: SvgElement;
  let texts: string[];

  beforeAll(async () => {
    root = parseSvg(await renderConceptualMap(hostileGraph()));
    texts = svgTexts(root);
  });

  it('shows every label exactly as written', () => {
    for (const label of [HOSTILE.quotes, HOSTILE.breakout, HOSTILE.braces, HOSTILE.script, HOSTILE.escapes, HOSTILE.entities]) {
      expect(texts).toContain(label);
    }
    expect(texts).toContain(HOSTILE.clusterLabel);
    expect(texts).toContain('kill "]; x [');
    expect(texts).toContain('Map of "]; evil; <svg onload=alert(1)>');
  });

  it('has exactly the model nodes, edges and clusters, nothing injected', () => {
    expect(groups(root, 'node').filter((g) => MODEL_NODE.test(g.title))).toHaveLength(7);
    expect(groups(root, 'node').map((g) => g.title).filter((t) => !MODEL_NODE.test(t) && !t.startsWith('legend_'))).toEqual([]);
    expect(groups(root, 'edge').filter((g) => MODEL_EDGE.test(g.title))).toHaveLength(7);
    expect(groups(root, 'cluster').map((g) => g.title).sort()).toEqual(['cluster_0', 'cluster_1', 'cluster_legend']);
  });

  it('contains no script, foreign object or event-handler attribute', () => {
    const elements = allElements(root);
    expect(elements.filter((e) => ['script', 'foreignObject', 'iframe', 'svg'].includes(e.name) && e !== root)).toEqual([]);
    for (const element of elements) {
      expect(Object.keys(element.attributes).filter((name) => /^on/i.test(name))).toEqual([]);
    }
  });

  it('keeps injected attribute text inside the tooltip', () => {
    const p = groups(root, 'node').find((g) => g.title === 'n0')!;
    const link = findElements(p.element, 'a')[0]!;
    expect(link.attributes['xlink:title']).toBe(`${HOSTILE.quotes} (species): ${HOSTILE.doc}`);
  });

  it('draws modules as labelled clusters', () => {
    const tissue = groups(root, 'cluster').find((g) => g.title === 'cluster_1')!;
    expect(svgTexts(tissue.element)).toEqual([HOSTILE.clusterLabel]);
  });
});

describe('renderConceptualMap styling', () => {
  let root: SvgElement;

  beforeAll(async () => {
    root = parseSvg(await renderConceptualMap(hostileGraph()));
  });

  const node = (title: string) => groups(root, 'node').find((g) => g.title === title)!.element;
  const polygonCorners = (element: SvgElement) =>
    (findElements(element, 'polygon')[0]!.attributes.points ?? '').trim().split(/\s+/).length - 1;

  it('gives each kind its shape', () => {
    expect(findElements(node('n0'), 'ellipse')).toHaveLength(1); // species
    expect(polygonCorners(node('n2'))).toBe(6); // surrogate: hexagon
    expect(polygonCorners(node('n3'))).toBe(4); // logic: box
    expect(polygonCorners(node('n6'))).toBe(4); // decision: diamond
    expect(findElements(node('n5'), 'polygon')).toHaveLength(2); // observable: double box
  });

  it('colours activation green with an arrow and inhibition red with a tee', () => {
    const edge = (title: string) => groups(root, 'edge').find((g) => g.title === title)!.element;
    expect(findElements(edge('n0->n1'), 'path')[0]!.attributes.stroke).toBe('#1a9850');
    const inhibition = edge('n1->n0');
    expect(findElements(inhibition, 'path')[0]!.attributes.stroke).toBe('#d73027');
    // Graphviz draws a tee as a thin polygon in the edge colour.
    expect(findElements(inhibition, 'polygon')[0]!.attributes.fill).toBe('#d73027');
  });

  it('has a legend naming the kinds and signs in use', () => {
    // Graphviz does not nest node and edge groups in their cluster's group: collect them by name.
    const legend = [...groups(root, 'cluster'), ...groups(root, 'node'), ...groups(root, 'edge')].filter(
      (g) => g.title.startsWith('legend_') || g.title === 'cluster_legend',
    );
    const texts = new Set(legend.flatMap((g) => svgTexts(g.element)));
    for (const text of ['Legend', 'species', 'logic', 'surrogate', 'parameter', 'observable', 'decision', 'activates (+)', 'inhibits (−)', 'unknown sign (?)', 'reaction', 'influence']) {
      expect(texts).toContain(text);
    }
  });
});

describe('renderConceptualMap edge cases', () => {
  it('draws an undeclared edge end as a placeholder and an undeclared cluster by its id', async () => {
    const graph: ConceptGraph = {
      nodes: [{ id: 'a', label: 'A', kind: 'species', cluster: 'mystery' }],
      edges: [{ from: 'ghost', to: 'a', sign: '+', kind: 'influence' }],
      clusters: [],
    };
    const root = parseSvg(await renderConceptualMap(graph));
    expect(svgTexts(root)).toEqual(expect.arrayContaining(['A', 'ghost', 'mystery']));
    expect(groups(root, 'node').map((g) => g.title)).toContain('u0');
  });

  it('renders an empty graph', async () => {
    const root = parseSvg(await renderConceptualMap({ nodes: [], edges: [], clusters: [] }));
    expect(groups(root, 'node')).toEqual([]);
  });

  it('keeps any label intact and the graph shape fixed (property)', async () => {
    // Characters that matter to DOT, escString, HTML entities or XML, plus ordinary text.
    const unit = fc.constantFrom(...'"\\{}[];=<>&#/\'-x Y1α→\n\r\t'.split(''), 'n0', '->', '\\N', '&amp;', '&lt;');
    const label = fc.string({ unit, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(fc.array(label, { minLength: 2, maxLength: 4 }), async (labels) => {
        const graph: ConceptGraph = {
          nodes: labels.map((l, i) => ({ id: `s${i}`, label: l, kind: 'species', cluster: i % 2 ? 'c' : undefined })),
          edges: [{ from: 's0', to: 's1', sign: '-', kind: 'reaction', label: labels[0] }],
          clusters: [{ id: 'c', label: labels[1]! }],
        };
        const root = parseSvg(await renderConceptualMap(graph));
        expect(groups(root, 'node').filter((g) => MODEL_NODE.test(g.title))).toHaveLength(labels.length);
        expect(groups(root, 'edge').filter((g) => MODEL_EDGE.test(g.title))).toHaveLength(1);
        labels.forEach((l, i) => {
          // Expected text: controls dropped, one <text> per line, blank lines not drawn.
          const lines = l.replace(/[\r\t]/g, '').split('\n').filter((line) => line.trim() !== '');
          const shown = svgTexts(groups(root, 'node').find((g) => g.title === `n${i}`)!.element);
          // Graphviz writes runs of spaces as no-break spaces so SVG keeps them.
          const drawn = shown.map((t) => t.replace(/\u00a0/g, ' ').trim()).filter((t) => t !== '');
          expect(drawn).toEqual(lines.map((line) => line.trim()));
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('conceptualMapDot', () => {
  it('never writes user text outside quoted strings', () => {
    const dot = conceptualMapDot(hostileGraph());
    // Strip every quoted string (with its escapes); what is left must be our own syntax only.
    const unquoted = dot.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(unquoted).not.toMatch(/evil|script|alert|injected|owned|cluster_x/);
  });
});
