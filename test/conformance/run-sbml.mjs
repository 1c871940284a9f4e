// SBML Test Suite semantic cases: import each case's SBML, simulate as its settings say, compare
// with its results at the suite's tolerances; tally per component and test tag.
//
//   npm run conformance:sbml                      every case, on all cores (needs `npm run build`)
//   npm run conformance:sbml -- --only 00001,00945
//   npm run conformance:sbml -- --update-known    also add newly passing cases to the known-pass list
//   npm run conformance:sbml -- --seed 7          another seed for the random order of tied events
//                                                 (the RandomEventExecution cases are statistical)
//
// Writes test/conformance/sbml-results.md. The last line printed reads
// `SBML semantic: P passed, F failed, U unsupported of N`. Exit code 1 when a case in
// sbml-known-pass.txt no longer passes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const defaultCases = path.resolve(root, '..', 'shared', 'conformance', 'sbml-semantic', 'cases');
const knownPassFile = path.join(here, 'sbml-known-pass.txt');
const reportFile = path.join(here, 'sbml-results.md');

if (!isMainThread) {
  const { runSemanticCase } = await import('@idt/sbml');
  for (const dir of workerData.dirs) parentPort.postMessage(runSemanticCase(dir, { roundTrip: workerData.roundTrip, ...(workerData.seed !== undefined ? { seed: workerData.seed } : {}) }));
  parentPort.postMessage({ done: true });
} else {
  await main();
}

function parseArgs(argv) {
  const opts = { cases: defaultCases, only: undefined, workers: Math.max(1, os.availableParallelism?.() ?? os.cpus().length), updateKnown: false, report: true, roundTrip: false, seed: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cases') opts.cases = path.resolve(argv[++i]);
    else if (a === '--only') opts.only = new Set(argv[++i].split(',').map((s) => s.trim().padStart(5, '0')));
    else if (a === '--workers') opts.workers = Math.max(1, Number(argv[++i]));
    else if (a === '--update-known') opts.updateKnown = true;
    else if (a === '--no-report') opts.report = false;
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--round-trip') {
      // Import, export back to SBML, import again, then run: the export's fidelity.
      opts.roundTrip = true;
      opts.report = false;
    }
    else {
      process.stderr.write(`unknown option ${a}\n`);
      process.exit(2);
    }
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.cases)) {
    process.stderr.write(`SBML test suite cases not found at ${opts.cases}\n`);
    process.exit(2);
  }
  const ids = fs.readdirSync(opts.cases).filter((d) => /^\d{5}$/.test(d)).filter((d) => !opts.only || opts.only.has(d)).sort();
  const started = performance.now();
  // Interleave cases over workers so each gets a similar mix of easy and hard ones.
  const n = Math.min(opts.workers, ids.length);
  const shares = Array.from({ length: n }, () => []);
  ids.forEach((id, i) => shares[i % n].push(path.join(opts.cases, id)));
  const results = [];
  let count = 0;
  await Promise.all(shares.map((dirs) => new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { dirs, roundTrip: opts.roundTrip, seed: opts.seed } });
    w.on('message', (m) => {
      if (m.done) return resolve();
      results.push(m);
      count++;
      if (process.stderr.isTTY && count % 50 === 0) process.stderr.write(`\r${count}/${ids.length}`);
    });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with code ${code}`))));
  })));
  if (process.stderr.isTTY) process.stderr.write('\r');
  results.sort((a, b) => a.id.localeCompare(b.id));
  const seconds = (performance.now() - started) / 1000;

  const known = fs.existsSync(knownPassFile) ? fs.readFileSync(knownPassFile, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter((s) => /^\d{5}$/.test(s)) : [];
  const byId = new Map(results.map((r) => [r.id, r]));
  const regressions = known.filter((id) => byId.has(id) && byId.get(id).status !== 'pass');
  if (opts.updateKnown && !opts.roundTrip) {
    const all = new Set(known);
    for (const r of results) if (r.status === 'pass') all.add(r.id);
    fs.writeFileSync(knownPassFile, [...all].sort().join('\n') + '\n');
  }
  const tally = { pass: 0, fail: 0, unsupported: 0 };
  for (const r of results) tally[r.status]++;
  const headline = `SBML semantic${opts.roundTrip ? ' (round trip through export)' : ''}: ${tally.pass} passed, ${tally.fail} failed, ${tally.unsupported} unsupported of ${results.length}`;
  if (opts.report) fs.writeFileSync(reportFile, report(results, headline, seconds, opts.workers, opts.seed, (await import('@idt/runtime')).DEFAULT_EVENT_SEED));
  for (const id of opts.roundTrip ? [] : regressions) process.stdout.write(`regression: ${id} is in sbml-known-pass.txt but ${byId.get(id).status}s: ${byId.get(id).reason ?? ''}\n`);
  process.stdout.write(`${(seconds).toFixed(1)} s on ${opts.workers} worker(s); report: ${path.relative(process.cwd(), reportFile)}\n`);
  process.stdout.write(`${headline}\n`);
  process.exitCode = regressions.length && !opts.roundTrip ? 1 : 0;
}

function tagTable(results, key) {
  const rows = new Map();
  for (const r of results) {
    for (const t of r[key]) {
      if (!rows.has(t)) rows.set(t, { pass: 0, fail: 0, unsupported: 0 });
      rows.get(t)[r.status]++;
    }
  }
  const lines = ['| tag | cases | pass | fail | unsupported | pass % |', '|---|---:|---:|---:|---:|---:|'];
  for (const [t, c] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
    const total = c.pass + c.fail + c.unsupported;
    lines.push(`| ${t} | ${total} | ${c.pass} | ${c.fail} | ${c.unsupported} | ${((100 * c.pass) / total).toFixed(1)} |`);
  }
  return lines.join('\n');
}

function report(results, headline, seconds, workers, seed, defaultSeed) {
  const out = [];
  out.push('# SBML Test Suite: semantic cases');
  out.push('');
  out.push('Generated by `npm run conformance:sbml` (test/conformance/run-sbml.mjs); do not edit by hand.');
  out.push('');
  out.push(`**${headline}** (${((100 * results.filter((r) => r.status === 'pass').length) / Math.max(1, results.length)).toFixed(1)}% pass), ${seconds.toFixed(0)} s on ${workers} worker(s).`);
  out.push('');
  out.push('Each case: its SBML is imported to .idt, checked and compiled, simulated at the settings\' output');
  out.push('times, and every requested column compared as the suite prescribes: |C - U| <= absolute + relative |C|.');
  out.push('`unsupported` means the importer reported an SBML feature it does not translate (the reason is listed).');
  out.push(`Simultaneous events of equal priority run in random order (SBML), drawn from seed ${seed ?? `${defaultSeed} (the default)`}; the`);
  out.push('RandomEventExecution cases are statistical tests that a fair order also fails now and then (`--seed` reruns them).');
  out.push('');
  out.push('## By component tag');
  out.push('');
  out.push(tagTable(results, 'componentTags'));
  out.push('');
  out.push('## By test tag');
  out.push('');
  out.push(tagTable(results, 'testTags'));
  out.push('');
  const reasons = new Map();
  for (const r of results.filter((x) => x.status === 'unsupported')) {
    const key = (r.reason ?? '').replace(/'[^']*'/g, "'…'").replace(/\(SBML line \d+\)/, '').replace(/\d+(\.\d+)?/g, 'N').trim();
    if (!reasons.has(key)) reasons.set(key, []);
    reasons.get(key).push(r.id);
  }
  out.push('## Unsupported, by reason');
  out.push('');
  out.push('| reason | cases | examples |');
  out.push('|---|---:|---|');
  for (const [k, ids] of [...reasons].sort((a, b) => b[1].length - a[1].length)) out.push(`| ${k.replace(/\|/g, '\\|')} | ${ids.length} | ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''} |`);
  out.push('');
  out.push('## Failures');
  out.push('');
  out.push('| case | tags | reason |');
  out.push('|---|---|---|');
  for (const r of results.filter((x) => x.status === 'fail')) out.push(`| ${r.id} | ${[...r.componentTags, ...r.testTags].join(', ')} | ${(r.reason ?? '').replace(/\|/g, '\\|').slice(0, 300)} |`);
  out.push('');
  return out.join('\n');
}
