// `idt ensemble <model> --samples N --seed S`: a virtual population drawn from the parameters'
// priors, simulated on all cores (a piscina worker pool), summarised per output and decision.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IRModel } from '@idt/compiler';
import { compileOrExplain, parsePositive } from '../load-model.js';
import { ModelError, UsageError } from '../errors.js';
import { terminal } from '../terminal.js';
import { PatientRunner, type PatientSummary, type PatientTask } from '../ensemble/patients.js';
import { summarise, type PopulationSummary } from '../ensemble/summary.js';

/** Patients per task: large enough to amortise messaging, small enough for a smooth progress bar. */
const BLOCK = 25;

export async function runEnsemble(model: string, opts: Record<string, string | boolean | undefined>): Promise<number> {
  const samples = parsePositive(opts['samples'], '--samples', true) ?? 100;
  const seedText = String(opts['seed'] ?? '1');
  const seed = Number(seedText);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number >= 0, got '${seedText}'`);
  const tEnd = parsePositive(opts['tEnd'], '--t-end');
  const points = parsePositive(opts['points'], '--points', true) ?? 101;
  const out = opts['out'] as string | undefined;
  if (out && !/\.(csv|arrow)$/i.test(out)) throw new UsageError(`--out must end in .csv or .arrow, got '${out}'`);
  const workers = parsePositive(opts['workers'], '--workers', true) ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const { ir } = compileOrExplain(model, { quiet: true });
  if (!ir.params.some((p) => p.prior)) throw new ModelError(`no parameter of ${path.basename(model)} has a prior: declare one with '~', e.g. 'parameter k = 0.3 [1/h] ~ lognormal(0.3, 0.2)'`);

  const tasks: PatientTask[] = [];
  for (let start = 0; start < samples; start += BLOCK) tasks.push({ start, end: Math.min(samples, start + BLOCK), seed, points, ...(tEnd !== undefined ? { tEnd } : {}) });
  const started = performance.now();
  const progress = await makeProgress(samples, Boolean(opts['json']));
  let patients: PatientSummary[];
  if (workers === 1) {
    const runner = new PatientRunner(ir);
    patients = [];
    for (const t of tasks) {
      patients.push(...runner.run(t));
      progress.update(patients.length);
    }
  } else {
    const { Piscina } = await import('piscina');
    const filename = fileURLToPath(new URL('../ensemble/worker.js', import.meta.url));
    const pool = new Piscina({ filename, workerData: { ir }, maxThreads: workers, minThreads: workers });
    let done = 0;
    try {
      const blocks = await Promise.all(
        tasks.map((t) =>
          (pool.run(t) as Promise<PatientSummary[]>).then((r) => {
            done += r.length;
            progress.update(done);
            return r;
          }),
        ),
      );
      patients = blocks.flat();
    } finally {
      await pool.destroy();
    }
  }
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  const summary = summarise(ir, patients);
  if (out) await writePopulation(out, ir, patients);
  if (opts['json']) terminal.out(JSON.stringify({ model: ir.name, samples, seed, seconds, ...summary }, null, 1));
  else printSummary(ir, summary, seconds, workers, out);
  return 0;
}

async function makeProgress(total: number, silent: boolean): Promise<{ update(n: number): void; stop(): void }> {
  // A bar only on a terminal, and only if the run lasts more than a second.
  if (silent || !process.stderr.isTTY) return { update() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: 'patients {bar} {value}/{total} | {eta}s left', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  const t0 = performance.now();
  return {
    update(n) {
      if (!started && performance.now() - t0 > 1000) {
        bar.start(total, n);
        started = true;
      } else if (started) bar.update(n);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

function printSummary(ir: IRModel, s: PopulationSummary, seconds: number, workers: number, out?: string): void {
  terminal.out(`${s.patients} virtual patients of ${ir.name} in ${seconds.toFixed(2)} s on ${workers} thread${workers === 1 ? '' : 's'} (${(s.patients / seconds).toFixed(0)} patients/s)${s.failed ? `; ${s.failed} simulations failed` : ''}`);
  terminal.out('\nfinal values            mean       sd        p5       p50       p95');
  for (const o of s.final) terminal.out(`  ${(o.name + (o.units ? ` [${o.units}]` : '')).padEnd(20)} ${[o.mean, o.sd, o.p5, o.p50, o.p95].map((v) => fmt(v).padStart(9)).join(' ')}`);
  for (const [name, shares] of Object.entries(s.decisions)) {
    terminal.out(`\n${name}:`);
    for (const [label, share] of Object.entries(shares).sort((a, b) => b[1] - a[1])) terminal.out(`  ${label.padEnd(20)} ${(share * 100).toFixed(1)} %`);
  }
  if (out) terminal.info(`\nwrote ${out}`);
}

function csvCell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NaN';
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function columns(ir: IRModel, patients: readonly PatientSummary[]): { name: string; values: (number | string)[] }[] {
  const sampled = ir.params.filter((p) => p.prior);
  return [
    { name: 'patient', values: patients.map((p) => p.index) },
    ...sampled.map((p, k) => ({ name: p.name, values: patients.map((x) => x.params[k]!) })),
    ...ir.states.map((s, k) => ({ name: `final_${s.name}`, values: patients.map((x) => x.final[k]!) })),
    ...ir.states.map((s, k) => ({ name: `peak_${s.name}`, values: patients.map((x) => x.peak[k]!) })),
    ...ir.decisions.map((d, k) => ({ name: d.name, values: patients.map((x) => x.decisions[k]!) })),
    { name: 'status', values: patients.map((x) => (x.ok ? 'ok' : 'failed')) },
  ];
}

async function writePopulation(out: string, ir: IRModel, patients: readonly PatientSummary[]): Promise<void> {
  const cols = columns(ir, patients);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (/\.csv$/i.test(out)) {
    const lines = [cols.map((c) => csvCell(c.name)).join(',')];
    for (let i = 0; i < patients.length; i++) lines.push(cols.map((c) => csvCell(c.values[i]!)).join(','));
    fs.writeFileSync(out, lines.join('\n') + '\n');
    return;
  }
  // Apache Arrow IPC file: columnar, typed, readable by pandas/polars/R arrow. Loaded on demand.
  const { tableFromArrays, tableToIPC } = await import('apache-arrow');
  const data: Record<string, Float64Array | string[]> = {};
  for (const c of cols) data[c.name] = typeof c.values[0] === 'string' ? (c.values as string[]) : Float64Array.from(c.values as number[]);
  fs.writeFileSync(out, tableToIPC(tableFromArrays(data), 'file'));
}
