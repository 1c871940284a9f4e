// One case of the SBML Test Suite's semantic cases: import the SBML, simulate as the settings file
// says, and compare with the expected results at the suite's tolerances.
//
// The comparison is the suite's own: a value U passes against the expected C when
// |C - U| <= absolute + relative * |C|; an expected NaN needs NaN, an expected +-INF the same
// infinity. Species are reported as amounts or concentrations as the settings list them,
// whatever the model declares (amount = concentration x compartment size).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile, instantiateModel } from '@idt/compiler';
import { LineIndex, OverlayFileHost, Workspace, hasErrors, type Diagnostic } from '@idt/lang';
import { simulateCompiled } from '@idt/runtime';
import { importSbml } from './import.js';
import { exportSbml } from './export.js';

export interface CaseSettings {
  readonly start: number;
  readonly duration: number;
  readonly steps: number;
  readonly variables: readonly string[];
  readonly absolute: number;
  readonly relative: number;
  readonly amount: ReadonlySet<string>;
  readonly concentration: ReadonlySet<string>;
}

export interface CaseResult {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'unsupported';
  /** Why it failed or is unsupported (first problem). */
  readonly reason?: string;
  readonly componentTags: readonly string[];
  readonly testTags: readonly string[];
  readonly ms: number;
}

/** Solver tolerances used for every case: tighter than any case's comparison tolerance. */
export const CASE_RTOL = 1e-10;
export const CASE_ATOL = 1e-14;

export function readSettings(text: string): CaseSettings {
  const kv = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (m) kv.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const list = (k: string): string[] => (kv.get(k) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    start: Number(kv.get('start') ?? 0),
    duration: Number(kv.get('duration') ?? NaN),
    steps: Number(kv.get('steps') ?? NaN),
    variables: list('variables'),
    absolute: Number(kv.get('absolute') ?? 0),
    relative: Number(kv.get('relative') ?? 0),
    amount: new Set(list('amount')),
    concentration: new Set(list('concentration')),
  };
}

/** Tags from the case's `.m` header block. */
export function readTags(text: string): { componentTags: string[]; testTags: string[]; testType: string } {
  const get = (k: string): string => new RegExp(`^\\s*${k}\\s*:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  const split = (s: string): string[] => s.split(',').map((x) => x.trim()).filter(Boolean);
  return { componentTags: split(get('componentTags')), testTags: split(get('testTags')), testType: get('testType') };
}

/** The expected-results CSV: header names and rows of numbers (NaN, INF, -INF allowed). */
export function readResults(text: string): { header: string[]; rows: number[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length);
  const header = lines[0]!.split(',').map((s) => s.trim());
  const parse = (s: string): number => {
    const t = s.trim();
    if (/^nan$/i.test(t)) return NaN;
    if (/^\+?inf(inity)?$/i.test(t)) return Infinity;
    if (/^-inf(inity)?$/i.test(t)) return -Infinity;
    return Number(t);
  };
  return { header, rows: lines.slice(1).map((l) => l.split(',').map(parse)) };
}

export function withinTolerance(expected: number, actual: number, abs: number, rel: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(expected - actual) <= abs + rel * Math.abs(expected);
}

function firstError(diags: readonly Diagnostic[], text?: string): string {
  const d = diags.find((x) => x.severity === 'error');
  if (!d) return '';
  const where = text ? ` (line ${new LineIndex(text).position(d.range.start).line + 1})` : '';
  return `${d.code} ${d.message}${where}`;
}

export interface CaseOptions {
  /** Import, export the imported model back to SBML, import that, and run the result: checks
   *  that a round trip keeps the simulation. */
  readonly roundTrip?: boolean;
  /** Seed of the random order of tied events (RandomEventExecution cases); default the runtime's. */
  readonly seed?: number;
}

function compileText(text: string, file: string): ReturnType<typeof compileFile> {
  const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
  host.set(file, text);
  return compileFile(file, new Workspace(host));
}

/** Run one case folder (`cases/NNNNN`). Never throws for a model problem. */
export function runSemanticCase(dir: string, options: CaseOptions = {}): CaseResult {
  const t0 = performance.now();
  const id = path.basename(dir);
  const files = fs.readdirSync(dir);
  const tags = readTags(fs.readFileSync(path.join(dir, `${id}-model.m`), 'utf8'));
  const base = { id, componentTags: tags.componentTags, testTags: tags.testTags };
  const done = (status: CaseResult['status'], reason?: string): CaseResult => ({ ...base, status, ...(reason ? { reason } : {}), ms: performance.now() - t0 });
  if (tags.testType !== 'TimeCourse') return done('unsupported', `test type ${tags.testType} (flux balance analysis is not supported)`);
  const sbmlFile = files.filter((f) => /-sbml-l\dv\d\.xml$/.test(f)).sort().pop();
  if (!sbmlFile) return done('fail', 'no SBML file in the case folder');
  const settings = readSettings(fs.readFileSync(path.join(dir, `${id}-settings.txt`), 'utf8'));
  const expected = readResults(fs.readFileSync(path.join(dir, `${id}-results.csv`), 'utf8'));
  const sbmlPath = path.join(dir, sbmlFile);
  const sbmlText = fs.readFileSync(sbmlPath, 'utf8');
  try {
    let imported = importSbml(sbmlText, { file: sbmlPath, readFile: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined) });
    const unsupported = imported.diagnostics.find((d) => d.severity === 'error' && d.code === 'IDT7002');
    if (unsupported) return done('unsupported', `${unsupported.message} (SBML line ${new LineIndex(sbmlText).position(unsupported.range.start).line + 1})`);
    if (!imported.idt || hasErrors(imported.diagnostics)) return done('fail', `import: ${firstError(imported.diagnostics, sbmlText)}`);
    if (options.roundTrip) {
      const first = compileText(imported.idt, path.resolve(dir, `${id}.first.idt`));
      if (!first.ir) return done('fail', `check: ${firstError(first.diagnostics, imported.idt)}`);
      const exported = exportSbml(first.ir, first.program);
      if (!exported.xml) return done('fail', `export: ${firstError(exported.diagnostics)}`);
      imported = importSbml(exported.xml, { file: path.resolve(dir, `${id}.exported.xml`) });
      if (!imported.idt || hasErrors(imported.diagnostics)) return done('fail', `re-import: ${firstError(imported.diagnostics, exported.xml)}`);
    }
    // One observable per output column, as the settings ask (amounts or concentrations).
    const outputs: string[] = [];
    for (const [k, v] of settings.variables.entries()) {
      const sym = imported.symbols.get(v);
      if (!sym) return done('fail', `output variable '${v}' is not in the imported model`);
      let expr = sym.idt;
      if (sym.kind === 'species' && sym.compartment) {
        if (settings.amount.has(v) && !sym.amount) expr = `${sym.idt} * ${sym.compartment}`;
        else if (settings.concentration.has(v) && sym.amount) expr = `${sym.idt} / ${sym.compartment}`;
      }
      outputs.push(`observable idt_out_${k} = ${expr}`);
    }
    const text = `${imported.idt}\n// Test-suite outputs\n${outputs.join('\n')}\n`;
    const compiled = compileText(text, path.resolve(dir, `${id}.idt`));
    if (!compiled.ir) return done('fail', `check: ${firstError(compiled.diagnostics, text)}`);
    const ir = compiled.ir;
    const model = instantiateModel(ir);
    const p = Float64Array.from(ir.params, (x) => x.value);
    model.derivedParams(p, new Uint8Array(p.length));
    const times = Array.from({ length: settings.steps + 1 }, (_, k) => settings.start + (k * settings.duration) / settings.steps);
    const tEnd = times[times.length - 1]!;
    const r = simulateCompiled(model, {
      t0: settings.start,
      tEnd,
      times,
      params: p,
      rtol: CASE_RTOL,
      atol: CASE_ATOL,
      maxSteps: 2_000_000,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      // Thresholds are checked at step ends: steps no longer than an output interval keep a
      // condition that flips and flips back between two outputs from going unseen.
      // (A case of zero duration has no interval to keep to.)
      ...(settings.duration > 0 && settings.steps > 0 ? { maxStep: settings.duration / settings.steps } : {}),
    });
    if (r.status !== 'success') return done('fail', `simulation: ${r.message}`);
    for (const [k, v] of settings.variables.entries()) {
      const col = expected.header.indexOf(v, 1);
      if (col < 0) continue;
      const oi = ir.observables.findIndex((o) => o.name === `idt_out_${k}`);
      const series = oi >= 0 ? r.observables[oi] : undefined;
      if (!series) return done('fail', `no output for '${v}'`);
      for (let row = 0; row < expected.rows.length; row++) {
        const c = expected.rows[row]![col]!;
        const u = series[row];
        if (u === undefined || !withinTolerance(c, u, settings.absolute, settings.relative)) {
          return done('fail', `${v} at t = ${expected.rows[row]![0]}: expected ${c}, got ${u}`);
        }
      }
    }
    return done('pass');
  } catch (e) {
    return done('fail', `internal error: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`);
  }
}
