// `idt run <model>`: simulate, write CSV/JSON and a plot, print the decision outputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { twinDefinition, type IRModel } from '@idt/compiler';
import { createTwin, TwinOptionError, type TwinResult } from '@idt/runtime';
import { compileOrExplain, parseAssignments, parsePositive } from '../load-model.js';
import { ModelError, UsageError } from '../errors.js';
import { terminal } from '../terminal.js';
import { resultsToCsv, resultsToJson } from '../output/results.js';

export async function runSimulation(model: string, opts: Record<string, unknown>): Promise<number> {
  const quiet = Boolean(opts['quiet']);
  const { ir } = compileOrExplain(model, { quiet });
  const out = opts['out'] as string | undefined;
  const plot = opts['plot'] as string | undefined;
  if (out && !/\.(csv|json)$/i.test(out)) throw new UsageError(`--out must end in .csv or .json, got '${out}'`);
  if (plot && !/\.(svg|png)$/i.test(plot)) throw new UsageError(`--plot must end in .svg or .png, got '${plot}'`);
  const times = opts['times'] !== undefined ? parseTimes(String(opts['times'])) : undefined;
  const vars = opts['vars'] !== undefined ? String(opts['vars']).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const twin = createTwin(twinDefinition(ir));
  if (vars) {
    const known = outputNames(ir);
    const unknown = vars.filter((v) => !known.includes(v));
    if (unknown.length) throw new UsageError(`--vars: unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} (known: ${known.join(', ')})`);
  }
  let result: TwinResult;
  try {
    const tEnd = parsePositive(opts['tEnd'], '--t-end');
    const points = parsePositive(opts['points'], '--points', true);
    const rtol = parsePositive(opts['rtol'], '--rtol');
    const atol = parsePositive(opts['atol'], '--atol');
    const seed = opts['seed'] !== undefined ? Number(opts['seed']) : undefined;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got '${String(opts['seed'])}'`);
    result = twin.simulate({
      ...(tEnd !== undefined ? { tEnd } : {}),
      ...(times ? { times, tEnd: times[times.length - 1]! } : {}),
      ...(points !== undefined ? { points } : {}),
      ...(rtol !== undefined ? { rtol } : {}),
      ...(atol !== undefined ? { atol } : {}),
      ...(opts['method'] ? { method: opts['method'] as 'auto' } : {}),
      params: parseAssignments((opts['set'] as string[]) ?? [], '--set'),
      initial: parseAssignments((opts['init'] as string[]) ?? [], '--init'),
      interventions: opts['interventions'] !== false,
      ...(seed !== undefined ? { seed } : {}),
    });
  } catch (e) {
    if (e instanceof TwinOptionError) throw new UsageError(e.message);
    throw e;
  }
  for (const w of result.warnings) terminal.warn(w);
  if (out) {
    fs.writeFileSync(out, /\.json$/i.test(out) ? resultsToJson(ir, result) : resultsToCsv(result));
    if (!quiet) terminal.info(`wrote ${out} (${result.time.length} rows)`);
  }
  if (plot) {
    // Default: every state; a purely logical model has none, so its logic nodes instead.
    const defaults = ir.states.length > 0 ? ir.states.map((s) => s.name) : ir.logic.map((l) => l.name);
    const series = (vars ?? defaults).map((name) => ({ name, ...(unitsOf(ir, name) ? { units: unitsOf(ir, name)! } : {}), values: result.values[name]! }));
    // Loaded on demand: the plotting stack is the slowest part of the CLI to start.
    const { renderTimeCourses } = await import('../render/index.js');
    const rendered = await renderTimeCourses(
      { title: `${ir.name}${result.status === 'failed' ? ' (simulation failed)' : ''}`, ...(ir.timeUnits ? { timeUnits: ir.timeUnits } : {}), time: result.time, series },
      { format: /\.png$/i.test(plot) ? 'png' : 'svg', ...(opts['logY'] ? { logY: true } : {}) },
    );
    fs.mkdirSync(path.dirname(path.resolve(plot)), { recursive: true });
    fs.writeFileSync(plot, rendered);
    if (!quiet) terminal.info(`wrote ${plot}`);
  }
  if (!out && !quiet) printSummary(ir, result);
  for (const [name, label] of Object.entries(result.decisions)) terminal.out(`${name}: ${label}`);
  if (result.status === 'failed') throw new ModelError(`simulation failed: ${result.message}${out ? ` (the rows computed so far are in ${out})` : ''}`);
  return 0;
}

function parseTimes(text: string): number[] {
  const times = text.split(',').map((s) => Number(s.trim()));
  if (times.length === 0 || times.some((t) => !Number.isFinite(t))) throw new UsageError(`--times expects numbers separated by commas, got '${text}'`);
  for (let i = 1; i < times.length; i++) if (!(times[i]! > times[i - 1]!)) throw new UsageError('--times must be increasing');
  return times;
}

function outputNames(ir: IRModel): string[] {
  return [...ir.states, ...ir.assigned, ...ir.observables, ...ir.logic].map((x) => x.name);
}

function unitsOf(ir: IRModel, name: string): string | undefined {
  return [...ir.states, ...ir.assigned, ...ir.observables].find((x) => x.name === name)?.units;
}

/** Without --out, a short table of the final state so the run is never silent. */
function printSummary(ir: IRModel, r: TwinResult): void {
  const n = r.time.length;
  if (n === 0) return;
  const tu = ir.timeUnits ? ` ${ir.timeUnits}` : '';
  terminal.out(`t = ${r.time[n - 1]}${tu} (${r.stats.steps} steps, ${r.stats.rhs} rhs evaluations)`);
  const width = Math.max(...ir.states.map((s) => s.name.length));
  for (const s of ir.states) {
    const v = r.values[s.name]![n - 1]!;
    terminal.out(`  ${s.name.padEnd(width)}  ${Number(v.toPrecision(6))}${s.units ? ` [${s.units}]` : ''}`);
  }
}
