// Runnable bundles: one self-contained ES module with the model's metadata, its generated code
// and the parts of the runtime it needs (bundled by esbuild), no imports.
//
// Names, units and decisions travel as a JSON string literal parsed at load time: model text
// never becomes code. The generated factory holds only compiler-printed numbers and indices.
// Output is byte-identical for the same input (esbuild is deterministic and nothing here
// depends on time or paths).
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { buildSync } from 'esbuild';
import type { IRModel } from './ir/types.js';
import { generateModelSource } from './codegen/generate.js';
import { modelInfo } from './compile.js';

export interface BundleOptions {
  /** Omit the command-line entry (for embedding in a page). Default false. */
  readonly noCli?: boolean;
}

/** The bundle's source text. */
export function writeBundle(ir: IRModel, options: BundleOptions = {}): string {
  const info = modelInfo(ir);
  const data = JSON.stringify({ info, decisions: ir.decisions });
  // The runtime package is resolved from this package, whichever directory the CLI runs in.
  const runtimeEntry = createRequire(import.meta.url).resolve('@idt/runtime');
  const factory = generateModelSource(ir).replace(/^export /, '');
  const entry = `
import { createTwin, runBundleCli } from ${JSON.stringify(runtimeEntry)};
${factory}
const data = JSON.parse(${JSON.stringify(data)});
const twin = createTwin({ info: data.info, decisions: data.decisions, createModel });
/** Names, units and default values of the model's variables and parameters. */
export const model = data.info;
/** The model's decision rules (labelled verdicts over the trajectories). */
export const decisions = data.decisions;
/** Simulate the twin; synchronous. See docs/bundle-api.md. */
export function simulate(options) {
  return twin.simulate(options);
}
${options.noCli ? '' : `
const proc = globalThis.process;
if (proc && Array.isArray(proc.argv) && proc.argv[1] && decodeURIComponent(new URL(import.meta.url).pathname) === proc.argv[1]) {
  proc.exitCode = runBundleCli(twin, proc.argv.slice(2), { out: (s) => proc.stdout.write(s), err: (s) => proc.stderr.write(s) });
}`}
`;
  const result = buildSync({
    stdin: { contents: entry, resolveDir: path.dirname(runtimeEntry), sourcefile: 'twin-entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const banner = `// ${JSON.stringify(ir.name).slice(1, -1).replace(/[^\w.\- ]/g, '_')}: a runnable idt twin bundle. Usage: node <file> --help, or import { simulate, model } from it.\n`;
  return banner + result.outputFiles[0]!.text;
}
