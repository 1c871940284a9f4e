// Worker thread of the ensemble benchmark: imports the bundle, warms up, runs its block of patients.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { runPatients } from './patients-run.mjs';

const { bundle, sets, from, to } = workerData;
const t0 = performance.now();
const r = await runPatients(bundle, sets, from, to, 0);
parentPort.postMessage({ failed: r.failed, ms: performance.now() - t0 });
