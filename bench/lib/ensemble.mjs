// Ensemble benchmark: 10,000 virtual patients of the sepsis twin (examples/sepsis/twin.idt, its
// lognormal priors on P0 and k_pg) through the bundle API (`idt build` -> import { simulate }),
// on one thread and on a worker pool, against CVODE looping over the same parameter sets.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { samplePatient } from '@idt/runtime';
import { compileModel, cpuNow, defaults, eventTimes, linspace } from './idt-side.mjs';
import { buildCvode, cvodeMissing, runCvode, WORK } from './peers.mjs';
import { median, mescd } from './accuracy.mjs';
import { ROOT } from './problems.mjs';
import { runPatients } from './patients-run.mjs';

export const SEPSIS = path.join(ROOT, 'examples', 'sepsis', 'twin.idt');
const SEED = 7;

/** `idt build` of the sepsis twin into bench/.work (the real CLI). */
export function buildBundle() {
  const out = path.join(WORK, 'sepsis-twin.mjs');
  fs.mkdirSync(WORK, { recursive: true });
  const cli = path.join(ROOT, 'packages', 'cli', 'bin', 'idt.js');
  const r = spawnSync(process.execPath, [cli, 'build', SEPSIS, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`idt build failed: ${r.stderr}`);
  return out;
}

/** Parameter overrides of patient i (the same draws `idt ensemble` makes for this seed). */
export function patients(ir, count) {
  const priors = ir.params.filter((x) => x.prior).map((x) => ({ name: x.name, prior: x.prior, ...(x.bounds ? { bounds: x.bounds } : {}) }));
  return Array.from({ length: count }, (_, i) => samplePatient(priors, SEED, i));
}

/** The ensemble section. opts: patients, workers, log. */
export async function benchEnsemble(opts) {
  const log = opts.log;
  const ir = compileModel(SEPSIS);
  const bundle = buildBundle();
  const count = opts.patients;
  const sets = patients(ir, count);
  const tEnd = ir.simulate?.tEnd ?? 100;
  const points = ir.simulate?.points ?? 201;
  const rtol = ir.simulate?.rtol ?? 1e-6;
  const atol = ir.simulate?.atol ?? 1e-9;
  const times = linspace(0, tEnd, points);
  const result = { patients: count, tEnd, points, rtol, atol, bundleKB: fs.statSync(bundle).size / 1024 };

  // CVODE inputs: full parameter vectors and initial states from the same model code.
  const why = cvodeMissing();
  let cvSets;
  let exe;
  let events;
  if (why) result.cvodeMissing = why;
  else {
    cvSets = sets.map((ov) => {
      const { p, y0 } = defaults(ir, ov);
      return { p, y0 };
    });
    const { model, p } = defaults(ir);
    events = eventTimes(model, p, 0, tEnd);
    exe = buildCvode('sepsis', ir);
  }

  // Rounds: the whole population through the bundle on this thread, then through CVODE, so that
  // both see the same machine conditions; medians over the rounds, and each round's ratio.
  await runPatients(bundle, sets, 0, Math.min(200, count), 0);
  const rounds = [];
  let one;
  let c;
  for (let round = 0; round < opts.rounds; round++) {
    global.gc?.();
    const m0 = process.memoryUsage();
    const c0 = cpuNow();
    const t0 = performance.now();
    one = await runPatients(bundle, sets, 0, count, 100, Math.max(1, Math.floor(count / 10)));
    const wall = performance.now() - t0;
    const cpu = cpuNow() - c0;
    global.gc?.();
    const m1 = process.memoryUsage();
    const r = { idt: { wallMs: wall, cpuMs: cpu, failed: one.failed, memory: one.memory, heapBeforeMB: m0.heapUsed / 2 ** 20, heapAfterMB: m1.heapUsed / 2 ** 20, rssAfterMB: m1.rss / 2 ** 20 } };
    log(`  ensemble round ${round + 1}: idt one thread ${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU`);
    if (exe) {
      c = runCvode(exe, cvSets, { rtol, atol, times, events, linsol: 'dense', warmup: 200, repeats: 1 });
      r.cvode = { wallMs: c.wallMs, cpuMs: c.cpuMs, failed: c.failed };
      log(`  ensemble round ${round + 1}: CVODE ${(c.wallMs / 1000).toFixed(2)} s wall, ${(c.cpuMs / 1000).toFixed(2)} s CPU`);
    }
    rounds.push(r);
  }
  const med = (f) => median(rounds.map(f));
  const last = rounds[rounds.length - 1].idt;
  result.rounds = rounds.map((r) => ({ idtCpuMs: r.idt.cpuMs, idtWallMs: r.idt.wallMs, ...(r.cvode ? { cvodeCpuMs: r.cvode.cpuMs, cvodeWallMs: r.cvode.wallMs, ratio: r.idt.cpuMs / r.cvode.cpuMs } : {}) }));
  result.oneThread = {
    wallMs: med((r) => r.idt.wallMs), cpuMs: med((r) => r.idt.cpuMs),
    failed: last.failed, decisions: one.decisions, memory: last.memory,
    heapBeforeMB: last.heapBeforeMB, heapAfterMB: last.heapAfterMB, rssAfterMB: last.rssAfterMB,
  };
  result.oneThread.patientsPerSecond = count / (result.oneThread.wallMs / 1000);
  result.oneThread.patientsPerCpuSecond = count / (result.oneThread.cpuMs / 1000);
  if (exe) {
    result.cvode = { wallMs: med((r) => r.cvode.wallMs), cpuMs: med((r) => r.cvode.cpuMs), failed: rounds[0].cvode.failed };
    result.cvode.patientsPerSecond = count / (result.cvode.wallMs / 1000);
    result.cvode.patientsPerCpuSecond = count / (result.cvode.cpuMs / 1000);
  }

  // Worker threads: each imports the bundle and runs a contiguous block.
  const nWorkers = opts.workers;
  const workerFile = new URL('./ensemble-worker.mjs', import.meta.url);
  const tw0 = performance.now();
  const blocks = await Promise.all(Array.from({ length: nWorkers }, (_, w) => new Promise((resolve, reject) => {
    const from = Math.floor((count * w) / nWorkers);
    const to = Math.floor((count * (w + 1)) / nWorkers);
    const worker = new Worker(workerFile, { workerData: { bundle, sets, from, to } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  const wallW = performance.now() - tw0;
  result.workers = {
    threads: nWorkers, wallMs: wallW, patientsPerSecond: count / (wallW / 1000),
    failed: blocks.reduce((s, b) => s + b.failed, 0),
    // Per worker: time inside the worker (import of the bundle included, thread start excluded).
    workerMs: blocks.map((b) => b.ms),
  };
  log(`  ensemble ${nWorkers} workers: ${(wallW / 1000).toFixed(2)} s wall`);
  if (!exe) return result;

  // Accuracy on the first 100 patients against a tight CVODE solve of each.
  const k = Math.min(100, count);
  const ref = runCvode(exe, cvSets.slice(0, k), { rtol: 1e-12, atol: 1e-14, times, events, linsol: 'dense', warmup: 0, repeats: 1, maxSteps: 10_000_000 });
  const n = ir.states.length;
  const refFinal = (i) => ref.final.slice(i * n, (i + 1) * n);
  const cvFinal = (i) => c.final.slice(i * n, (i + 1) * n);
  result.accuracy = {
    patients: k,
    reference: 'SUNDIALS CVODE BDF, rtol 1e-12, atol 1e-14, per patient',
    idtMedian: median(one.finals.slice(0, k).map((f, i) => mescd(f, refFinal(i), rtol, atol))),
    idtWorst: Math.min(...one.finals.slice(0, k).map((f, i) => mescd(f, refFinal(i), rtol, atol))),
    cvodeMedian: median(Array.from({ length: k }, (_, i) => mescd(cvFinal(i), refFinal(i), rtol, atol))),
    cvodeWorst: Math.min(...Array.from({ length: k }, (_, i) => mescd(cvFinal(i), refFinal(i), rtol, atol))),
  };
  return result;
}
