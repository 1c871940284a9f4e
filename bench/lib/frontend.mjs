// Front-end benchmark: runs frontend-child.mjs in fresh Node processes (clean memory, cold JIT)
// several times and keeps, per figure, the median over the runs.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK } from './peers.mjs';
import { median } from './accuracy.mjs';

/** Median of every numeric leaf over the runs (same shape as one run); `spread` keeps min/max of
 *  the headline figure. */
function medianOf(runs) {
  const merge = (xs) => {
    if (typeof xs[0] === 'number') return median(xs);
    if (xs[0] && typeof xs[0] === 'object') return Object.fromEntries(Object.keys(xs[0]).map((k) => [k, merge(xs.map((x) => x[k]))]));
    return xs[0];
  };
  return merge(runs);
}

export function benchFrontEnd({ nSpecies = 5000, runs = 3 } = {}) {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'frontend-child.mjs');
  const results = [];
  for (let r = 0; r < runs; r++) {
    const out = spawnSync(process.execPath, [child, path.join(WORK, `frontend-${nSpecies}`), String(nSpecies)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (out.status !== 0) throw new Error(`front-end benchmark failed: ${out.stderr}`);
    results.push(JSON.parse(out.stdout));
  }
  const m = medianOf(results);
  m.runs = runs;
  m.coldCpuSpread = [Math.min(...results.map((x) => x.frontEndCold.cpuMs)), Math.max(...results.map((x) => x.frontEndCold.cpuMs))];
  return m;
}
