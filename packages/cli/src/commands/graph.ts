// `idt graph <model> -o map.svg`: the twin's conceptual map, laid out by Graphviz.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { conceptualGraph, instantiateModel, twinDefinition } from '@idt/compiler';
import { createTwin } from '@idt/runtime';
import { compileOrExplain } from '../load-model.js';
import { UsageError } from '../errors.js';
import { terminal } from '../terminal.js';

/** Points along a default run at which influence signs are sampled. */
const SAMPLES = 25;

export async function runGraph(model: string, opts: { out: string }): Promise<number> {
  if (!/\.svg$/i.test(opts.out)) throw new UsageError(`-o must name an .svg file, got '${opts.out}'`);
  const { ir } = compileOrExplain(model);
  const compiled = instantiateModel(ir);
  const p = Float64Array.from(ir.params, (x) => x.value);
  compiled.derivedParams(p, new Uint8Array(p.length));
  const run = createTwin(twinDefinition(ir)).simulate({ points: SAMPLES });
  const samples = Array.from(run.time, (t, k) => ({ t, y: Float64Array.from(ir.states, (s) => run.values[s.name]![k]!), p }));
  const graph = conceptualGraph(ir, compiled, samples);
  const { renderConceptualMap } = await import('../render/index.js');
  const svg = await renderConceptualMap({ ...graph, nodes: [...graph.nodes], edges: [...graph.edges], clusters: [...graph.clusters] });
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, svg);
  terminal.info(`wrote ${opts.out} (${graph.nodes.length} nodes, ${graph.edges.length} edges, ${graph.clusters.length} modules)`);
  return 0;
}
