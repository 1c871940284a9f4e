// The idt side of the runtime benchmark: the real pipeline (compileFile -> IR -> generated code
// -> runtime), timed per solve after warm-up, plus what the peers need from the same model
// (parameter vector, initial state, event times).
import { performance } from 'node:perf_hooks';
import { compileFile, twinDefinition, instantiateModel } from '@idt/compiler';
import { createTwin } from '@idt/runtime';

/** Compiles an .idt file; throws with the diagnostics when it has errors. */
export function compileModel(file) {
  const r = compileFile(file);
  if (!r.ir) {
    const msgs = r.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map((d) => `${d.code}: ${d.message}`);
    throw new Error(`${file} does not compile:\n${msgs.join('\n')}`);
  }
  return r.ir;
}

/** The default parameter vector (derived parameters recomputed), initial state, and the model. */
export function defaults(ir, overrides = {}) {
  const model = instantiateModel(ir);
  const p = Float64Array.from(ir.params, (x) => x.value);
  const overridden = new Uint8Array(p.length);
  for (const [name, v] of Object.entries(overrides)) {
    const i = ir.params.findIndex((x) => x.name === name);
    if (i < 0) throw new Error(`unknown parameter ${name}`);
    p[i] = v;
    overridden[i] = 1;
  }
  model.derivedParams(p, overridden);
  const y0 = new Float64Array(model.nStates);
  model.initial(p, y0);
  return { model, p, y0 };
}

/** Timed event firings in [t0, tEnd] as [time, event index], sorted (what the peers replay). */
export function eventTimes(model, p, t0, tEnd) {
  const out = [];
  for (const spec of model.timedEvents) {
    const { start, period, end, count } = spec.times(p);
    const n = period > 0 ? count : Math.min(count, 1);
    for (let k = 0; k < n; k++) {
      const t = start + k * (period > 0 ? period : 0);
      if (t > end || t > tEnd || Number.isNaN(t)) break;
      if (t >= t0) out.push([t, spec.event]);
      if (!(period > 0)) break;
    }
  }
  if (model.triggeredEvents.length > 0) throw new Error('triggered events are not replayed by the peers');
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export function linspace(t0, t1, m) {
  const out = new Float64Array(m);
  for (let k = 0; k < m; k++) out[k] = t0 + ((t1 - t0) * k) / (m - 1);
  out[m - 1] = t1;
  return out;
}

/** Process CPU time in milliseconds (all threads: JIT and GC work count too). */
export function cpuNow() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Warm-up: at least `runs` calls and at least WARMUP_CPU_MS of CPU time, so that the optimizing
 *  compiler has finished with the hot functions (on a loaded machine its thread gets less time). */
const WARMUP_CPU_MS = 300;

/**
 * Times `twin.simulate` (the name-based runtime API, compiled in-process) after warm-up, `repeats`
 * times (fewer when the budget runs out). Returns per-solve wall and CPU milliseconds, the final
 * state and the run statistics.
 */
export function timeIdt(ir, { tEnd, rtol, atol, times, method, warmup = 2, repeats = 5, budgetMs = 60_000 }) {
  const twin = createTwin(twinDefinition(ir));
  const wallMs = [];
  const cpuMs = [];
  let result;
  const run = () => twin.simulate({ tEnd, times, rtol, atol, method, maxSteps: 1_000_000 });
  const w0 = cpuNow();
  for (let r = 0; r < warmup || (cpuNow() - w0 < WARMUP_CPU_MS && r < 50); r++) {
    result = run();
    if (result.status !== 'success') break;
  }
  const started = performance.now();
  for (let r = 0; r < repeats && result.status === 'success'; r++) {
    const t0 = performance.now();
    const c0 = cpuNow();
    result = run();
    cpuMs.push(cpuNow() - c0);
    const t1 = performance.now();
    wallMs.push(t1 - t0);
    if (t1 - started > budgetMs) break;
  }
  const final = ir.states.map((s) => {
    const col = result.values[s.name];
    return col[col.length - 1];
  });
  return { wallMs, cpuMs, final, stats: result.stats, status: result.status, message: result.message };
}
