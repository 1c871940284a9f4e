// `npm run bench`: the idt benchmarks side by side with CVODE and SciPy, in one run.
//
// Sections: testset (IVP test set problems), network (generated mass-action networks, 1,000 and
// 5,000 species), ensemble (10,000 sepsis patients through the bundle API), frontend (parse,
// check, lowering and code generation of a 10,000-reaction model), lsp (the language server on a
// 5,000-line twin: bench/lsp.mjs). Options:
//   --quick                fewer repeats and rounds, network 1,000 only, 1,000 patients
//   --only=a,b             sections to run (testset, network, ensemble, frontend, lsp)
//   --problems=a,b         test-set problems or networks to run (e.g. rober,hires,network-1000)
//   --rounds=N             measurement rounds (default 3; the median is over all rounds)
//   --patients=N           ensemble size (default 10,000)
//   --make-references      recompute bench/references.json (tight reference solves)
// Needs `npm run build` first (the bench imports the built packages). Peers: see bench/README.md.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEST_SET, ROOT } from './lib/problems.mjs';
import { benchProblem, loadReferences, makeReference, networkProblem, REFERENCES_FILE, SCIPY_METHODS } from './lib/runtime-bench.mjs';
import { benchEnsemble } from './lib/ensemble.mjs';
import { benchFrontEnd } from './lib/frontend.mjs';
import { cvodeMissing, cvodeVersion, findPython } from './lib/peers.mjs';
import { ensembleSection, frontEndSection, machineLine, runtimeTable, statsTable } from './lib/report.mjs';

const args = process.argv.slice(2);
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const only = opt('only')?.split(',');
const problemFilter = opt('problems')?.split(',');
const rounds = Number(opt('rounds') ?? (quick ? 1 : 3));
const section = (s) => !only || only.includes(s);
const log = (line) => process.stderr.write(`${line}\n`);

if (!fs.existsSync(path.join(ROOT, 'packages', 'compiler', 'dist', 'index.js'))) {
  console.error('bench: build the packages first (npm run build)');
  process.exit(1);
}

const load = { start: os.loadavg() };
const startedAt = new Date();
const networks = (quick ? [1000] : [1000, 5000]).map(networkProblem);
const problems = [...TEST_SET.map((p) => (p.id === 'lotka-volterra' ? { ...p, nonStiff: true } : p)), ...networks]
  .filter((p) => !problemFilter || problemFilter.includes(p.id))
  .filter((p) => (p.network ? section('network') : section('testset')));

if (args.includes('--make-references')) {
  const refs = loadReferences();
  for (const prob of problems.filter((p) => !p.published)) refs[prob.id] = makeReference(prob, log);
  fs.writeFileSync(REFERENCES_FILE, JSON.stringify(refs, null, 1) + '\n');
  log(`wrote ${path.relative(ROOT, REFERENCES_FILE)}`);
  process.exit(0);
}

const refs = loadReferences();
const results = [];
const cvWhy = cvodeMissing();
const py = findPython();
if (cvWhy) log(`bench: CVODE skipped: ${cvWhy}`);
if (py.missing) log(`bench: SciPy skipped: ${py.missing}`);
for (const prob of problems) {
  log(`bench: ${prob.id}`);
  const big = prob.id === 'network-5000';
  results.push(benchProblem(prob, refs, {
    rounds: prob.network ? Math.min(rounds, 2) : rounds,
    repeats: prob.network ? (big ? 2 : 3) : quick ? 5 : 10,
    scipyRepeats: prob.network ? 1 : quick ? 2 : 3,
    scipyRounds: prob.network ? 1 : quick ? 1 : 2,
    // LSODA works with a dense Jacobian: 5,000 x 5,000 dense LUs would take hours.
    scipyMethods: (p) => (p.id === 'network-5000' ? SCIPY_METHODS.filter((m) => m !== 'LSODA') : SCIPY_METHODS),
    scipyBudget: prob.network ? 600 : 60,
    log,
  }));
}

let ensemble;
if (section('ensemble')) {
  log('bench: ensemble');
  ensemble = await benchEnsemble({ patients: Number(opt('patients') ?? (quick ? 1000 : 10000)), workers: Math.max(2, Math.min(os.cpus().length, 2)), rounds, log });
}
let frontEnd;
if (section('frontend')) {
  log('bench: front end');
  frontEnd = benchFrontEnd({ nSpecies: 5000 });
}
let lsp;
if (section('lsp')) {
  log('bench: language server');
  // Its own process tree (a client and the server over stdio), as an editor runs it.
  lsp = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'lsp.mjs'), ...(quick ? ['--edits=30', '--requests=30'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}
load.end = os.loadavg();

const md = [
  '# idt benchmark results',
  '',
  `Run ${startedAt.toISOString()} with \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\`. ${machineLine(load)}`,
  `Peers: SUNDIALS CVODE ${cvWhy ? `skipped (${cvWhy})` : `${cvodeVersion()} (Debian libsundials-dev, our C driver bench/peers/cvode_driver.c, gcc -O2)`}; ${py.missing ? `SciPy skipped (${py.missing})` : `SciPy ${py.scipy} / NumPy ${py.numpy} (${py.python}, solve_ivp, bench/peers/scipy_driver.py)`}.`,
  '',
  'Times are **CPU milliseconds per solve** (median over all repeats and rounds, after warm-up, setup included: one `twin.simulate` call, CVODE from CVodeCreate to the last output, one `solve_ivp` call), so that preemption by other processes on the shared machine does not count; wall-clock medians are in the detail table. Every tool solves the same IR (peers get C/Python printed from it), from the same initial state, at the same tolerances, with output at the same 101 times, and stops at the end time (CVODE with a stop time, as idt).',
  '',
];
if (results.length) {
  md.push('## Runtime: test set and large networks', '');
  md.push('Accuracy: scd (correct significant digits of the final state, minimum over components) against the published reference of the IVP test set where there is one, otherwise against a tight reference solve (bench/references.json records the solver and command); for the networks mescd (many species decay to ~0, where relative error says nothing). "target": idt `auto` (the default method) at most 1.5x CVODE\'s CPU time, faster than every SciPy method, and accuracy not below CVODE\'s by more than 0.1 digit.', '');
  md.push(runtimeTable(results), '');
  md.push('Reference per problem: ' + results.map((r) => `${r.id}: ${r.refSource}`).join('; ') + '.', '');
  md.push('<details><summary>Counters and timing spread per tool</summary>', '', statsTable(results), '', '</details>', '');
}
if (ensemble) md.push('## Ensemble: sepsis twin through the bundle API', '', ensembleSection(ensemble), '');
if (frontEnd) md.push('## Front end: a 10,000-reaction model', '', frontEndSection(frontEnd), '');
if (lsp) md.push('## Language server', '', lsp, '');
const text = md.join('\n');
console.log(text);
if (!problemFilter && !only && !quick) {
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.md'), text);
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify({ results, ensemble, frontEnd, load }, (k, v) => (v instanceof Float64Array ? Array.from(v) : v), 1));
  log('bench: wrote bench/results/latest.md');
} else {
  fs.mkdirSync(path.join(ROOT, 'bench', '.work'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', '.work', 'partial.md'), text);
  log('bench: partial run (filters or --quick): wrote bench/.work/partial.md, not results/latest.md');
}
