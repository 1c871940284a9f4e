// Runtime benchmark: every problem solved by idt (its default method and each stiff method), CVODE
// and SciPy (LSODA, BDF, Radau), same tolerances and output times, in rounds; CPU time per solve
// (median over all rounds) and accuracy (scd, mescd) against the reference.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileModel, defaults, eventTimes, linspace, timeIdt } from './idt-side.mjs';
import { buildCvode, cvodeMissing, findPython, runCvode, runScipy, writeScipyModule, WORK } from './peers.mjs';
import { isMassActionNetwork, massActionPySource } from './peer-code.mjs';
import { median, mescd, scd } from './accuracy.mjs';
import { POINTS, ROOT } from './problems.mjs';
import { writeNetwork } from './network.mjs';

export const REFERENCES_FILE = path.join(ROOT, 'bench', 'references.json');
export const IDT_METHODS = ['auto', 'bdf', 'rodas'];
export const SCIPY_METHODS = ['LSODA', 'BDF', 'Radau'];

/** A network problem: written under bench/.work and compiled like any other. */
export function networkProblem(nSpecies) {
  const net = writeNetwork(path.join(WORK, `network-${nSpecies}`), { nSpecies });
  return { id: `network-${nSpecies}`, file: net.file, tEnd: 100, rtol: 1e-6, atol: 1e-10, network: true, nReactions: net.nReactions };
}

export function loadReferences() {
  try {
    return JSON.parse(fs.readFileSync(REFERENCES_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/** Settings shared by all tools for one problem. */
function setup(prob) {
  const ir = compileModel(prob.file);
  const { model, p, y0 } = defaults(ir);
  const times = linspace(0, prob.tEnd, POINTS);
  const events = eventTimes(model, p, 0, prob.tEnd);
  return { ir, p, y0, times, events, n: ir.states.length };
}

/**
 * Solves one problem with every tool. opts: rounds, repeats (idt/CVODE per round), scipyRepeats,
 * scipyMethods, log(line).
 */
export function benchProblem(prob, refs, opts) {
  const { ir, p, y0, times, events, n } = setup(prob);
  const ref = prob.published ?? refs[prob.id]?.values;
  const refSource = prob.published ? 'published (IVP test set 2.4)' : refs[prob.id] ? refs[prob.id].source : 'none';
  const tools = {};
  const add = (name, cpuMs, wallMs, final, stats, status, extra = {}) => {
    const t = (tools[name] ??= { cpuMs: [], wallMs: [], roundMedians: [], ...extra });
    t.cpuMs.push(...cpuMs);
    t.wallMs.push(...wallMs);
    if (cpuMs.length) t.roundMedians.push(median(cpuMs));
    t.final = final;
    t.stats = stats;
    t.status = status;
  };
  const sparse = prob.network === true;
  const cvodeWhy = cvodeMissing();
  const py = findPython();
  let cvodeExe;
  if (!cvodeWhy) cvodeExe = buildCvode(prob.id, ir);
  let scipyModule;
  if (!py.missing) scipyModule = writeScipyModule(prob.id, ir, isMassActionNetwork(ir) && sparse ? massActionPySource(ir) : undefined);
  const lmm = prob.nonStiff ? 'adams' : 'bdf';
  for (let round = 0; round < opts.rounds; round++) {
    for (const method of IDT_METHODS) {
      const r = timeIdt(ir, { tEnd: prob.tEnd, rtol: prob.rtol, atol: prob.atol, times, method, repeats: opts.repeats, warmup: sparse ? 1 : 3 });
      add(`idt ${method}`, r.cpuMs, r.wallMs, r.final, r.stats, r.status);
      opts.log(`  ${prob.id} round ${round + 1}: idt ${method} ${median(r.cpuMs).toFixed(3)} ms`);
    }
    if (cvodeExe) {
      const c = runCvode(cvodeExe, [{ p, y0 }], { rtol: prob.rtol, atol: prob.atol, times, events, linsol: sparse ? 'klu' : 'dense', lmm, warmup: sparse ? 1 : 3, repeats: opts.repeats });
      add('CVODE', c.cpuMs, c.wallMs, c.final_y, c.stats, c.failed ? 'failed' : 'success', { note: `${lmm.toUpperCase()}, ${sparse ? 'KLU' : 'dense LU'}` });
      opts.log(`  ${prob.id} round ${round + 1}: CVODE ${median(c.cpuMs).toFixed(3)} ms`);
    }
    if (scipyModule && round < (opts.scipyRounds ?? opts.rounds)) {
      const methods = opts.scipyMethods(prob);
      const s = runScipy({
        module: scipyModule, n, p: [...p], y0: [...y0], times: [...times], rtol: prob.rtol, atol: prob.atol, events,
        methods, warmup: sparse ? 0 : 1, repeats: opts.scipyRepeats, sparse, budgetSeconds: opts.scipyBudget ?? 60,
      });
      for (const [m, e] of Object.entries(s.methods)) {
        add(`SciPy ${m}`, e.cpuMs, e.wallMs, e.final_y, e.stats, e.status, { note: sparse && m !== 'LSODA' ? 'sparse LU' : 'dense' });
        opts.log(`  ${prob.id} round ${round + 1}: SciPy ${m} ${e.cpuMs.length ? median(e.cpuMs).toFixed(3) : e.message} ms`);
      }
    }
  }
  for (const t of Object.values(tools)) {
    t.medianCpuMs = median(t.cpuMs);
    t.medianWallMs = median(t.wallMs);
    t.minCpuMs = Math.min(...t.cpuMs);
    if (ref && t.final && t.status === 'success') {
      t.scd = scd(t.final, ref);
      t.mescd = mescd(t.final, ref, prob.rtol, prob.atol);
    }
  }
  return {
    id: prob.id, n, nnz: undefined, tEnd: prob.tEnd, rtol: prob.rtol, atol: prob.atol, refSource,
    cvodeMissing: cvodeWhy, scipyMissing: py.missing, tools,
  };
}

/** Tight reference solves for problems without a published reference (run with --make-references). */
export function makeReference(prob, log) {
  const { ir, p, y0, times, events, n } = setup(prob);
  const sparse = prob.network === true;
  const rtol = 1e-12;
  const atol = prob.atol * 1e-6;
  const out = {};
  const why = cvodeMissing();
  if (!why) {
    const exe = buildCvode(prob.id, ir);
    const c = runCvode(exe, [{ p, y0 }], { rtol, atol, times, events, linsol: sparse ? 'klu' : 'dense', warmup: 0, repeats: 1, maxSteps: 10_000_000 });
    out.cvode = c.final_y;
  }
  const py = findPython();
  if (!py.missing && !sparse) {
    const mod = writeScipyModule(prob.id, ir);
    const s = runScipy({ module: mod, n, p: [...p], y0: [...y0], times: [...times], rtol, atol, events, methods: ['Radau'], warmup: 0, repeats: 1, budgetSeconds: 600 });
    out.radau = s.methods.Radau.final_y;
  }
  const values = out.radau ?? out.cvode;
  const agreement = out.radau && out.cvode ? scd(out.cvode, out.radau) : undefined;
  const source = out.radau
    ? `SciPy ${py.scipy} solve_ivp Radau, rtol ${rtol}, atol ${atol}, analytic Jacobian (bench/peers/scipy_driver.py)`
    : `SUNDIALS CVODE BDF + ${sparse ? 'KLU' : 'dense LU'}, rtol ${rtol}, atol ${atol}, analytic Jacobian (bench/peers/cvode_driver.c)`;
  log(`  reference ${prob.id}: ${source}${agreement !== undefined ? `; CVODE at the same tolerances agrees to scd ${agreement.toFixed(1)}` : ''}`);
  return { values, source, ...(agreement !== undefined ? { agreementScd: agreement } : {}), command: 'npm run bench -- --make-references' };
}
