// Runs a block of virtual patients through a bundle's simulate (main thread and ensemble workers).
// Imports nothing but the bundle, so a worker starts as fast as an application's would.
import { pathToFileURL } from 'node:url';

/** Runs patients [from, to) through a bundle's simulate; returns the final states of the first `keep`. */
export async function runPatients(bundleFile, sets, from, to, keep, memEvery = 0) {
  const twin = await import(pathToFileURL(bundleFile).href);
  const stateNames = twin.model.states.map((s) => s.name);
  const finals = [];
  const memory = [];
  let failed = 0;
  const decisions = {};
  for (let i = from; i < to; i++) {
    const r = twin.simulate({ params: sets[i] });
    if (r.status !== 'success') failed++;
    const verdict = r.decisions.treat;
    decisions[verdict] = (decisions[verdict] ?? 0) + 1;
    if (i - from < keep) finals.push(stateNames.map((s) => r.values[s][r.values[s].length - 1]));
    if (memEvery && (i - from) % memEvery === 0) {
      const m = process.memoryUsage();
      memory.push({ patients: i - from, heapMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 });
    }
  }
  return { finals, failed, decisions, memory };
}

