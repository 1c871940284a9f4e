// Formats the benchmark results as a Markdown report (printed and written to bench/results/latest.md).
import * as os from 'node:os';

const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x === Infinity ? '∞' : x.toFixed(d));
const ms = (x) => (x === undefined || Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Accuracy used for the target: scd on the test set, mescd on networks (tiny components make scd meaningless there). */
export const acc = (prob, t) => (prob.id.startsWith('network') ? t?.mescd : t?.scd);

export function runtimeTable(results) {
  const lines = [];
  lines.push('| problem | n | idt auto ms | idt bdf ms | idt rodas ms | CVODE ms | LSODA ms | BDF ms | Radau ms | auto / CVODE | best idt / CVODE | auto vs best SciPy | accuracy (auto · bdf · rodas · CVODE · LSODA · BDF · Radau) | target |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of results) {
    const T = r.tools;
    const t = (k) => T[k];
    const c = t('CVODE');
    const auto = t('idt auto');
    const idtNames = ['idt auto', 'idt bdf', 'idt rodas'];
    const scipyNames = ['SciPy LSODA', 'SciPy BDF', 'SciPy Radau'];
    const best = idtNames.map(t).filter((x) => x && x.status === 'success').sort((a, b) => a.medianCpuMs - b.medianCpuMs)[0];
    const scipyDone = scipyNames.map(t).filter((x) => x && x.status === 'success' && x.cpuMs.length);
    const bestScipy = scipyDone.sort((a, b) => a.medianCpuMs - b.medianCpuMs)[0];
    const ratio = c && auto ? auto.medianCpuMs / c.medianCpuMs : NaN;
    const accs = [...idtNames, 'CVODE', ...scipyNames].map((k) => f(acc(r, t(k)), 1)).join(' · ');
    // Target: auto within 1.5x of CVODE, faster than every SciPy method that ran, accuracy not worse than CVODE's (0.1 digit slack).
    let verdict = '—';
    if (c && auto) {
      const accOk = !(acc(r, auto) < acc(r, c) - 0.1);
      const scipyOk = scipyDone.every((s) => auto.medianCpuMs < s.medianCpuMs);
      verdict = ratio <= 1.5 && scipyOk && accOk ? 'met' : `missed (${[ratio > 1.5 ? 'CVODE time' : '', !scipyOk ? 'SciPy time' : '', !accOk ? 'accuracy' : ''].filter(Boolean).join(', ')})`;
    }
    const cell = (k) => {
      const x = t(k);
      if (!x) return 'n/a';
      if (x.status !== 'success') return 'failed';
      return ms(x.medianCpuMs);
    };
    lines.push(`| ${r.id} | ${r.n} | ${cell('idt auto')} | ${cell('idt bdf')} | ${cell('idt rodas')} | ${cell('CVODE')} | ${cell('SciPy LSODA')} | ${cell('SciPy BDF')} | ${cell('SciPy Radau')} | ${f(ratio)} | ${c && best ? f(best.medianCpuMs / c.medianCpuMs) : '—'} | ${bestScipy && auto ? `${f(bestScipy.medianCpuMs / auto.medianCpuMs, 1)}x faster` : '—'} | ${accs} | ${verdict} |`);
  }
  return lines.join('\n');
}

export function statsTable(results) {
  const lines = ['| problem | tool | steps | rejected | rhs | jac | LU | CPU ms (min · median · max of round medians) | wall ms median |', '|---|---|---:|---:|---:|---:|---:|---|---:|'];
  for (const r of results) {
    for (const [name, t] of Object.entries(r.tools)) {
      const s = t.stats ?? {};
      const rm = t.roundMedians ?? [];
      lines.push(`| ${r.id} | ${name}${t.note ? ` (${t.note})` : ''} | ${s.steps ?? '—'} | ${s.rejected ?? s.errFails ?? '—'} | ${s.rhs ?? s.nfev ?? '—'} | ${s.jac ?? s.njev ?? '—'} | ${s.lu ?? s.nlu ?? '—'} | ${ms(t.minCpuMs)} · ${ms(t.medianCpuMs)} · ${rm.length ? `${ms(Math.min(...rm))}–${ms(Math.max(...rm))}` : '—'} | ${ms(t.medianWallMs)} |`);
    }
  }
  return lines.join('\n');
}

export function ensembleSection(e) {
  if (!e) return '';
  const o = e.oneThread;
  const lines = [
    `Sepsis twin (examples/sepsis/twin.idt), ${e.patients} virtual patients (lognormal P0 and k_pg, seed 7), t = 0..${e.tEnd} h, ${e.points} output points, rtol ${e.rtol}, atol ${e.atol}; bundle ${f(e.bundleKB, 0)} kB from \`idt build\`.`,
    '',
    '| run | wall s | CPU s | patients / s (wall) | patients / CPU s | failed |',
    '|---|---:|---:|---:|---:|---:|',
    `| idt bundle, one thread | ${f(o.wallMs / 1000)} | ${f(o.cpuMs / 1000)} | ${f(o.patientsPerSecond, 0)} | ${f(o.patientsPerCpuSecond, 0)} | ${o.failed} |`,
    `| idt bundle, ${e.workers.threads} worker threads (one run; per worker ${e.workers.workerMs.map((x) => f(x / 1000)).join(' and ')} s) | ${f(e.workers.wallMs / 1000)} | — | ${f(e.workers.patientsPerSecond, 0)} | — | ${e.workers.failed} |`,
  ];
  if (e.cvode) {
    lines.push(`| CVODE loop (C, one thread) | ${f(e.cvode.wallMs / 1000)} | ${f(e.cvode.cpuMs / 1000)} | ${f(e.cvode.patientsPerSecond, 0)} | ${f(e.cvode.patientsPerCpuSecond, 0)} | ${e.cvode.failed} |`);
    const ratios = (e.rounds ?? []).filter((r) => r.ratio !== undefined).map((r) => f(r.ratio));
    lines.push('', `One thread, idt / CVODE CPU time: **${f(o.cpuMs / e.cvode.cpuMs)}x** (target ≤ 1.5x); medians over ${e.rounds?.length ?? 1} rounds, each round the bundle then CVODE over all patients (ratios per round: ${ratios.join(', ')}).`);
  } else lines.push('', `CVODE skipped: ${e.cvodeMissing}`);
  if (e.accuracy) {
    lines.push(`Accuracy (mescd of the final state, first ${e.accuracy.patients} patients, against ${e.accuracy.reference}): idt median ${f(e.accuracy.idtMedian, 1)} (worst ${f(e.accuracy.idtWorst, 1)}), CVODE median ${f(e.accuracy.cvodeMedian, 1)} (worst ${f(e.accuracy.cvodeWorst, 1)}).`);
  }
  const mem = o.memory;
  if (mem.length) {
    lines.push(`Memory across the one-thread run (every ${mem[1]?.patients ?? mem[0].patients} patients): heap ${mem.map((m) => f(m.heapMB, 0)).join(', ')} MB; RSS ${f(Math.min(...mem.map((m) => m.rssMB)), 0)}–${f(Math.max(...mem.map((m) => m.rssMB)), 0)} MB; heap after a GC before ${f(o.heapBeforeMB, 1)} MB, after ${f(o.heapAfterMB, 1)} MB.`);
  }
  lines.push(`Verdicts: ${JSON.stringify(o.decisions)}.`);
  return lines.join('\n');
}

const verdict = (ok) => (ok ? 'met' : 'missed');

export function frontEndSection(fe) {
  if (!fe) return '';
  const p = fe.codegen.phases;
  return [
    `Generated model: ${fe.nSpecies} species, ${fe.nReactions} reactions (one parameter each) in ${fe.files} files (${fe.files - 1} modules + entry), ${f(fe.bytes / 1024, 0)} kB, ${fe.lines} lines. Each figure is the median of ${fe.runs} fresh processes (cold front end CPU ranged ${ms(fe.coldCpuSpread[0])}–${ms(fe.coldCpuSpread[1])} ms).`,
    '',
    '| phase | CPU ms | wall ms | throughput |',
    '|---|---:|---:|---|',
    `| whole front end, cold (parse + resolve + bind + check, first use in the process) | ${ms(fe.frontEndCold.cpuMs)} | ${ms(fe.frontEndCold.wallMs)} | ${f(fe.nReactions / (fe.frontEndCold.cpuMs / 1000), 0)} reactions/s |`,
    `| whole front end, warm (median of 3) | ${ms(fe.frontEndWarm.cpuMs)} | ${ms(fe.frontEndWarm.wallMs)} | ${f(fe.lines / (fe.frontEndWarm.cpuMs / 1000), 0)} lines/s |`,
    `| parse only (lex + parse + AST), warm | ${ms(fe.parseWarm.cpuMs)} | ${ms(fe.parseWarm.wallMs)} | ${f(fe.bytes / 2 ** 20 / (fe.parseWarm.cpuMs / 1000), 2)} MB/s |`,
    `| lowering (flatten + IR) | ${ms(fe.lower.cpuMs)} | ${ms(fe.lower.wallMs)} | |`,
    `| code generation | ${ms(fe.codegen.cpuMs)} | ${ms(fe.codegen.wallMs)} | ${Object.entries(p).map(([k, v]) => `${k} ${ms(v)}`).join(', ')} (wall ms) |`,
    `| new Function (V8 parse of ${f(fe.codegen.sourceKB, 0)} kB) | ${ms(fe.instantiate.cpuMs)} | ${ms(fe.instantiate.wallMs)} | |`,
    '',
    `Memory after the front end: heap ${f(fe.memory.heapUsedMB, 0)} MB (grew ${f(fe.memory.heapGrowthMB, 0)} MB), peak RSS ${f(fe.memory.maxRssMB, 0)} MB (whole process; ${f(fe.memory.maxRssAfterCodegenMB, 0)} MB after lowering and code generation).`,
    `Evaluation after warm-up: rhs ${f(fe.eval.rhsUs, 1)} µs per call, Jacobian ${f(fe.eval.jacUs, 1)} µs per call (${fe.eval.jacNonzeros} nonzeros); the first 20 calls, before V8 optimizes the generated functions: rhs ${f(fe.eval.rhsFirstUs, 0)} µs, Jacobian ${f(fe.eval.jacFirstUs, 0)} µs per call.`,
    '',
    `Target: whole front end under 500 ms and 300 MB (wall time; peak RSS ${f(fe.memory.maxRssMB, 0)} MB: ${fe.memory.maxRssMB < 300 ? 'met' : 'missed'}). ` +
      `Warm, as a second check in one process and the language server see it: **${verdict(fe.frontEndWarm.wallMs < 500 && fe.memory.maxRssMB < 300)}** (${ms(fe.frontEndWarm.wallMs)} ms wall, ${ms(fe.frontEndWarm.cpuMs)} ms CPU). ` +
      `Cold, as the first check in a fresh process (\`idt check\`), which also pays Chevrotain's grammar analysis and V8's warm-up of the parser: **${verdict(fe.frontEndCold.wallMs < 500 && fe.memory.maxRssMB < 300)}** (${ms(fe.frontEndCold.wallMs)} ms wall, ${ms(fe.frontEndCold.cpuMs)} ms CPU).`,
  ].join('\n');
}

export function machineLine(load) {
  const cpus = os.cpus();
  return `Machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${f(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}. Load average at start ${load.start.map((x) => f(x, 1)).join(' / ')}, at end ${load.end.map((x) => f(x, 1)).join(' / ')} (other engineers' processes share the 2 cores).`;
}
