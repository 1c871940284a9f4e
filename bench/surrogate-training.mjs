// Training time and accuracy of the surrogate benchmarks (issue "Learned surrogate nodes"):
//   1. UDE benchmark (Rackauckas et al. 2020, scenario 1; /work/shared/models/immune-models.md §6):
//      Lotka–Volterra with the interaction terms learned, 31 noisy points on [0, 3]; error of the
//      compiled hybrid twin against the truth on [0, 3] and on the extrapolation span [3, 5].
//   2. Supervised: a 1x16x16x1 tanh surrogate of a Hill rate law (400 samples on [0, 4]).
// Run after `npm run build`: node bench/surrogate-training.mjs [--seeds=1,2,3]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin, Xoshiro128 } from '@idt/runtime';
import { trainModel } from '@idt/train';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seeds = (process.argv.find((a) => a.startsWith('--seeds='))?.split('=')[1] ?? '1').split(',').map(Number);
const fixtures = path.join(root, 'packages', 'train', 'fixtures');
const g = (x) => Number(x.toPrecision(3));
console.log(`machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);

// 1. Lotka–Volterra UDE.
const truth = createTwin(twinDefinition(compileFile(path.join(fixtures, 'lv', 'truth.idt')).ir));
const times = Float64Array.from({ length: 31 }, (_, k) => k / 10);
const r = truth.simulate({ tEnd: 3, times, rtol: 1e-12, atol: 1e-12 });
const rng = new Xoshiro128(1234);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const sx = 0.05 * mean(r.values.x), sy = 0.05 * mean(r.values.y);
const x = r.values.x.map((v) => v + sx * normal()), y = r.values.y.map((v) => v + sy * normal());
for (const seed of seeds) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-ude-bench-'));
  for (const f of fs.readdirSync(path.join(fixtures, 'lv'))) fs.copyFileSync(path.join(fixtures, 'lv', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'data.csv'), ['time,x,y', ...Array.from(times, (t, k) => `${t},${x[k]},${y[k]}`)].join('\n') + '\n');
  const t0 = performance.now();
  const { report } = await trainModel({ model: path.join(dir, 'ude.idt'), data: path.join(dir, 'data.csv'), seed, adamIterations: 200, iterations: 500 });
  const seconds = (performance.now() - t0) / 1000;
  const hybrid = createTwin(twinDefinition(compileFile(path.join(dir, 'ude.idt')).ir));
  const err = (t1, tEnd) => {
    const ts = Array.from({ length: 101 }, (_, k) => t1 + ((tEnd - t1) * k) / 100);
    const a = truth.simulate({ tEnd, times: ts, rtol: 1e-10, atol: 1e-12 }), b = hybrid.simulate({ tEnd, times: ts, rtol: 1e-10, atol: 1e-12 });
    const out = {};
    for (const v of ['x', 'y']) { let w = 0, rms = 0; ts.forEach((_, k) => { const d = Math.abs(a.values[v][k] - b.values[v][k]); w = Math.max(w, d); rms += d * d; }); out[v] = { max: g(w), rms: g(Math.sqrt(rms / ts.length)) }; }
    return out;
  };
  console.log(`UDE Lotka–Volterra, seed ${seed}: ${g(seconds)} s (${report.result.adamIterations} Adam + ${report.result.lmIterations} LM iterations, ${report.result.sensitivitySolves} gradient and ${report.result.plainSolves} plain solves)`);
  console.log(`  RMSE against the noisy data: x ${g(report.result.rmse.x)}, y ${g(report.result.rmse.y)} (noise sd x ${g(sx)}, y ${g(sy)})`);
  console.log(`  against the truth, training span [0, 3]: ${JSON.stringify(err(0, 3))}`);
  console.log(`  against the truth, extrapolation [3, 4]: ${JSON.stringify(err(3, 4))}; [3, 5] (truth x peaks at 8.88, t = 4.56): ${JSON.stringify(err(3, 5))}`);
}

// 2. Supervised Hill surrogate.
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-hill-bench-'));
  for (const f of fs.readdirSync(path.join(fixtures, 'hill'))) fs.copyFileSync(path.join(fixtures, 'hill', f), path.join(dir, f));
  const lines = ['stimulus,flux'];
  for (let i = 0; i < 400; i++) { const s = (4 * (i + 0.5)) / 400; lines.push(`${s},${s ** 2 / (1 + s ** 2)}`); }
  fs.writeFileSync(path.join(dir, 'samples.csv'), lines.join('\n') + '\n');
  for (const backend of ['cpu', 'wasm']) {
    const { report } = await trainModel({ model: path.join(dir, 'surrogate.idt'), data: path.join(dir, 'samples.csv'), map: { x: 'stimulus' }, seed: 3, epochs: 250, batchSize: 64, learningRate: 0.03, patience: 100, backend });
    const mech = createTwin(twinDefinition(compileFile(path.join(dir, 'mechanistic.idt')).ir)).simulate({ points: 241 });
    const hyb = createTwin(twinDefinition(compileFile(path.join(dir, 'surrogate.idt')).ir)).simulate({ points: 241 });
    let worst = 0;
    mech.time.forEach((_, k) => { worst = Math.max(worst, Math.abs(mech.values.C[k] - hyb.values.C[k])); });
    const s = report.result;
    console.log(`Supervised Hill surrogate (${backend}): ${g(s.seconds)} s, ${s.epochsRun} epochs (best ${s.bestEpoch}); held-out RMSE ${g(s.heldOut.rmse[0])}, max ${g(s.heldOut.maxAbs[0])}; C trajectory max error ${g(worst)} (C peaks at ${g(Math.max(...mech.values.C))})`);
  }
}
