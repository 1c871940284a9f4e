// `node bench/lsp.mjs`: the language server on a 5,000-line multi-module twin, over real stdio.
//
// Measures, from a client process: latency of diagnostics after a one-line edit (in the twin, and
// in a core module the twin imports, until both are re-published), of completion (at rest and
// right after a keystroke) and of hover; p50/p95 of wall time and of the server's own CPU time per
// request (from the server's `idt/stats`), and the server's memory. Targets: diagnostics p95
// <= 50 ms, completion and hover p95 <= 20 ms, memory <= 200 MB.
// Options: --edits=N (default 100), --requests=N (default 100), --lines=N (default 5000),
// --json (print the numbers as JSON). Needs `npm run build` first.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeTwin } from '../test/lsp/fixtures/generate-twin.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rpc = createRequire(import.meta.url)('vscode-languageserver-protocol/node');
const args = process.argv.slice(2);
const opt = (name, dflt) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const EDITS = opt('edits', 100);
const REQUESTS = opt('requests', 100);
const LINES = opt('lines', 5000);
const log = (s) => process.stderr.write(`${s}\n`);

const server = path.join(ROOT, 'packages', 'lsp', 'bin', 'idt-lsp.js');
if (!fs.existsSync(path.join(ROOT, 'packages', 'lsp', 'dist', 'server.js'))) {
  console.error('bench/lsp: build the packages first (npm run build)');
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-lsp-bench-'));
const twin = writeTwin(dir, { modules: 8, totalLines: LINES });
const totalLines = twin.all.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
const uri = (f) => pathToFileURL(f).href;

const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const waiters = [];
const latest = new Map();
conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
  latest.set(p.uri, p);
  for (const w of waiters.splice(0)) if (!w(p)) waiters.push(w);
});
conn.onRequest('client/registerCapability', () => null);
conn.listen();
const diagnosticsOf = (u, version) =>
  new Promise((resolve) => {
    const hit = latest.get(u);
    if (hit && (version === undefined || hit.version === version)) return resolve(hit);
    waiters.push((p) => (p.uri === u && (version === undefined || p.version === version) ? (resolve(p), true) : false));
  });
/** The next publication for `u` after now. */
const nextDiagnosticsOf = (u) => new Promise((resolve) => waiters.push((p) => (p.uri === u ? (resolve(p), true) : false)));
const stats = () => conn.sendRequest('idt/stats');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const texts = new Map(twin.all.map((f) => [f, fs.readFileSync(f, 'utf8')]));
const versions = new Map(twin.all.map((f) => [f, 1]));
async function change(file, line, from, to, text) {
  const v = versions.get(file) + 1;
  versions.set(file, v);
  const lines = texts.get(file).split('\n');
  lines[line] = lines[line].slice(0, from) + text + lines[line].slice(to);
  texts.set(file, lines.join('\n'));
  await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(file), version: v },
    contentChanges: [{ range: { start: { line, character: from }, end: { line, character: to } }, text }],
  });
  return v;
}

function pct(list, p) {
  const s = [...list].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}
const summary = (list) => ({ p50: pct(list, 50), p95: pct(list, 95), max: Math.max(...list), n: list.length });

/** Time an action from the client (wall) and the server (CPU, from the stats before and after). */
async function timed(action) {
  const before = await stats();
  const t0 = performance.now();
  const result = await action();
  const wall = performance.now() - t0;
  const after = await stats();
  return { wall, cpu: after.cpuMs - before.cpuMs, result, rss: after.rss };
}

log(`bench/lsp: ${totalLines} lines in ${twin.all.length} files`);
// Completion capabilities as VS Code declares them (the shared edit range of a list).
const capabilities = { textDocument: { completion: { completionItem: { snippetSupport: true, resolveSupport: { properties: ['documentation'] } }, completionList: { itemDefaults: ['editRange', 'insertTextFormat'] } } } };
await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: uri(dir), workspaceFolders: [{ uri: uri(dir), name: 'twin' }], capabilities });
await conn.sendNotification(rpc.InitializedNotification.type, {});
const coldStart = performance.now();
for (const f of twin.all) await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(f), languageId: 'idt', version: 1, text: texts.get(f) } });
for (const f of twin.all) await diagnosticsOf(uri(f), 1);
const cold = performance.now() - coldStart;
const initialErrors = [...latest.values()].reduce((n, p) => n + p.diagnostics.length, 0);
log(`bench/lsp: all files open and checked in ${cold.toFixed(0)} ms (${initialErrors} diagnostics)`);

// Lines to edit: parameter values in the twin, parameter values in core module 3.
const core = twin.modules[3];
const valueLines = (file) => texts.get(file).split('\n').flatMap((l, i) => (/^parameter \w+ = [\d.]+/.test(l) ? [i] : []));
const twinLines = valueLines(twin.twin);
const coreLines = valueLines(core);
let peakRss = 0;
let counter = 0;
/** A one-line edit: a parameter's value changes (the text stays valid). */
async function editValue(file, lines) {
  const line = lines[counter++ % lines.length];
  const l = texts.get(file).split('\n')[line];
  const m = /= ([\d.]+)/.exec(l);
  const from = m.index + 2;
  const value = (0.01 * (1 + (counter % 97))).toFixed(2);
  return change(file, line, from, from + m[1].length, value);
}

// Warm-up (JIT), then measure.
for (let i = 0; i < 20; i++) {
  const v = await editValue(twin.twin, twinLines);
  await diagnosticsOf(uri(twin.twin), v);
}
const diagTwin = { wall: [], cpu: [] };
const diagCore = { wall: [], cpu: [] };
const diagDependent = { wall: [], cpu: [] };
for (let i = 0; i < EDITS; i++) {
  const r = await timed(async () => {
    const v = await editValue(twin.twin, twinLines);
    return diagnosticsOf(uri(twin.twin), v);
  });
  diagTwin.wall.push(r.wall);
  diagTwin.cpu.push(r.cpu);
  peakRss = Math.max(peakRss, r.rss);
  await sleep(20);
}
for (let i = 0; i < EDITS; i++) {
  const before = await stats();
  const t0 = performance.now();
  const dependent = nextDiagnosticsOf(uri(twin.twin));
  const v = await editValue(core, coreLines);
  await diagnosticsOf(uri(core), v);
  const own = performance.now() - t0;
  await dependent;
  const both = performance.now() - t0;
  const after = await stats();
  diagCore.wall.push(own);
  diagDependent.wall.push(both);
  diagDependent.cpu.push(after.cpuMs - before.cpuMs);
  peakRss = Math.max(peakRss, after.rss);
  await sleep(20);
}

// Completion: member access, expression context, statement start; at rest and after a keystroke.
const twinText = () => texts.get(twin.twin);
const lastLine = () => twinText().split('\n').length - 1;
let v = await change(twin.twin, lastLine(), 0, 0, 'let probe = inst_3.\nlet probe2 = out_1 + \n\n');
await diagnosticsOf(uri(twin.twin), v);
const probeLine = lastLine() - 3;
const sites = [
  { line: probeLine, character: 'let probe = inst_3.'.length },
  { line: probeLine + 1, character: 'let probe2 = out_1 + '.length },
  { line: probeLine + 2, character: 0 },
];
const complete = (pos) => conn.sendRequest('textDocument/completion', { textDocument: { uri: uri(twin.twin) }, position: pos });
for (let i = 0; i < 10; i++) await complete(sites[i % 3]);
const compRest = { wall: [], cpu: [], items: [] };
for (let i = 0; i < REQUESTS; i++) {
  const r = await timed(() => complete(sites[i % 3]));
  compRest.wall.push(r.wall);
  compRest.cpu.push(r.cpu);
  compRest.items.push(r.result.items.length);
}
// Typing: a character goes in and completion is asked at once, as editors do while typing. The
// change, the request and the stats go out together, so the server's CPU time covers handling the
// keystroke and answering (the check the keystroke triggers waits for the typing pause).
const compTyping = { wall: [], cpu: [] };
for (let i = 0; i < REQUESTS; i++) {
  const line = probeLine + 1;
  const col = texts.get(twin.twin).split('\n')[line].length;
  const typing = i % 2 === 0;
  const before = await stats();
  const t0 = performance.now();
  const ver = typing ? change(twin.twin, line, col, col, 'k') : change(twin.twin, line, col - 1, col, '');
  const res = complete({ line, character: typing ? col + 1 : col - 1 });
  const after = stats();
  await Promise.all([ver, res]);
  compTyping.wall.push(performance.now() - t0);
  compTyping.cpu.push((await after).cpuMs - before.cpuMs);
  await diagnosticsOf(uri(twin.twin), await ver);
  await sleep(20);
}

// Hover over names all over the twin.
const names = [];
twinText().split('\n').forEach((l, line) => {
  for (const m of l.matchAll(/\b(out_\d+|dose_\d+|total_\d+|inst_\d+|drive|S_\d+)\b/g)) names.push({ line, character: m.index + 1 });
});
const hover = (pos) => conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(twin.twin) }, position: pos });
for (let i = 0; i < 10; i++) await hover(names[i]);
const hov = { wall: [], cpu: [], empty: 0 };
for (let i = 0; i < REQUESTS; i++) {
  const r = await timed(() => hover(names[(i * 37) % names.length]));
  hov.wall.push(r.wall);
  hov.cpu.push(r.cpu);
  if (!r.result) hov.empty++;
}
const busy = await stats();
peakRss = Math.max(peakRss, busy.rss);
// At rest: what the server holds once the user pauses (it collects garbage when idle).
await sleep(3000);
const final = await stats();

await conn.sendRequest(rpc.ShutdownRequest.type);
await conn.sendNotification(rpc.ExitNotification.type);
fs.rmSync(dir, { recursive: true, force: true });

const MB = (b) => b / 1048576;
const results = {
  lines: totalLines,
  files: twin.all.length,
  coldOpenMs: cold,
  diagnosticsTwin: { wall: summary(diagTwin.wall), cpu: summary(diagTwin.cpu) },
  diagnosticsCore: { wall: summary(diagCore.wall) },
  diagnosticsCoreAndDependent: { wall: summary(diagDependent.wall), cpu: summary(diagDependent.cpu) },
  completionAtRest: { wall: summary(compRest.wall), cpu: summary(compRest.cpu), items: summary(compRest.items) },
  completionWhileTyping: { wall: summary(compTyping.wall), cpu: summary(compTyping.cpu) },
  hover: { wall: summary(hov.wall), cpu: summary(hov.cpu), empty: hov.empty },
  memory: { rssMB: MB(final.rss), peakRssMB: MB(peakRss), heapUsedMB: MB(final.heapUsed), busyHeapUsedMB: MB(busy.heapUsed) },
  load: os.loadavg(),
  cpus: os.cpus().length,
};

const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const row = (what, s, target) => `| ${what} | ${f(s.wall.p50)} | ${f(s.wall.p95)} | ${s.cpu ? f(s.cpu.p50) : '-'} | ${s.cpu ? f(s.cpu.p95) : '-'} | ${target} |`;
const md = [
  `Language server on a generated twin of ${totalLines} lines in ${twin.all.length} files (8 core modules and a twin importing and instantiating them all), all files open, driven over stdio by a client process. ${EDITS} one-line edits per row for diagnostics (a parameter value changes), ${REQUESTS} requests for completion and hover. Milliseconds; "CPU" is the server's own CPU time for the request (process.cpuUsage), which other processes on a shared machine cannot inflate. Diagnostics wait out the server's 10 ms typing pause. Load average during the run: ${results.load.map((x) => x.toFixed(1)).join(', ')} on ${results.cpus} CPUs.`,
  '',
  '| measurement | wall p50 | wall p95 | CPU p50 | CPU p95 | target (p95) |',
  '|---|---:|---:|---:|---:|---|',
  row('diagnostics after a one-line edit in the twin', results.diagnosticsTwin, '<= 50 ms'),
  `| diagnostics after a one-line edit in a core module (that module) | ${f(results.diagnosticsCore.wall.p50)} | ${f(results.diagnosticsCore.wall.p95)} | - | - | <= 50 ms |`,
  row('... until the twin importing it is re-published too', results.diagnosticsCoreAndDependent, ''),
  row(`completion at rest (${f(results.completionAtRest.items.p50)} items median)`, results.completionAtRest, '<= 20 ms'),
  row('completion right after a keystroke', results.completionWhileTyping, '<= 20 ms'),
  row('hover', results.hover, '<= 20 ms'),
  '',
  `Server memory (target <= 200 MB): ${f(results.memory.peakRssMB)} MB resident at most while editing (sampled after every edit; JavaScript heap ${f(results.memory.busyHeapUsedMB)} MB at the end of it), ${f(results.memory.rssMB)} MB resident and ${f(results.memory.heapUsedMB)} MB of heap 3 s after the last request (the server collects garbage when idle). Opening and checking all files cold: ${f(cold)} ms.`,
];
if (args.includes('--json')) console.log(JSON.stringify(results, null, 1));
else console.log(md.join('\n'));
