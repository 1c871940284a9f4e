// Shared helpers for the example-model tests: compile an example through the real front end and
// the accuracy measures of the IVP test set.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile, twinDefinition, type IRModel } from '@idt/compiler';
import { formatDiagnostic } from '@idt/lang';
import { createTwin, type Twin } from '@idt/runtime';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const EXAMPLES = path.join(REPO, 'examples');
export const REFERENCES = path.join(import.meta.dirname, 'references');

export interface CompiledExample {
  readonly ir: IRModel;
  readonly twin: Twin;
}

/** Compile a model (path relative to examples/ unless absolute); any error or warning fails the
 *  test with the diagnostics as the compiler prints them. */
export function compileExample(file: string): CompiledExample {
  const full = path.isAbsolute(file) ? file : path.join(EXAMPLES, file);
  const result = compileFile(full);
  if (!result.ir || result.diagnostics.length > 0) {
    const text = result.diagnostics.map((d) => formatDiagnostic(d, fs.readFileSync(d.file, 'utf8'))).join('\n');
    throw new Error(`${file} does not compile cleanly:\n${text}`);
  }
  return { ir: result.ir, twin: createTwin(twinDefinition(result.ir)) };
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(REFERENCES, file), 'utf8')) as T;
}

/** Final value of a named output. */
export function final(values: Readonly<Record<string, Float64Array>>, name: string): number {
  const v = values[name];
  if (!v || v.length === 0) throw new Error(`no output named '${name}'`);
  return v[v.length - 1]!;
}

/** Mixed significant digits of the IVP test set (Mazzia et al.):
 *  mescd = -log10(max_i |y_i - ref_i| / (atol/rtol + |ref_i|)). */
export function mixedDigits(y: Readonly<Record<string, number>>, ref: Readonly<Record<string, number>>, atol: number, rtol: number): number {
  let worst = 0;
  for (const [name, r] of Object.entries(ref)) {
    const v = y[name];
    if (v === undefined) throw new Error(`no value for '${name}'`);
    worst = Math.max(worst, Math.abs(v - r) / (atol / rtol + Math.abs(r)));
  }
  return -Math.log10(worst);
}

/** Significant correct digits of the worst component: scd = min_i -log10(|y_i - ref_i| / |ref_i|). */
export function significantDigits(y: Readonly<Record<string, number>>, ref: Readonly<Record<string, number>>): number {
  let worst = 0;
  for (const [name, r] of Object.entries(ref)) worst = Math.max(worst, Math.abs(y[name]! - r) / Math.abs(r));
  return -Math.log10(worst);
}

/** Index and value of the largest sample of a series. */
export function peakOf(time: Float64Array, v: Float64Array): { t: number; value: number } {
  let m = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[m]!) m = i;
  return { t: time[m]!, value: v[m]! };
}
