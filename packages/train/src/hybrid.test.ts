// Hybrid (UDE) training: the forward-sensitivity gradients against finite differences of the
// computed trajectories, and the Lotka–Volterra benchmark of Rackauckas et al. (2020), scenario 1
// (/work/shared/models/immune-models.md §6): truth a = 1.3, b = 0.9, g = 0.8, d = 1.8,
// u0 = (0.44249296, 4.6280594), 31 points on [0, 3], noise 5 % of each state's time-mean
// (regenerated with our seeded generator: Julia's stream is not reproducible), and the
// benchmark's network: 2 -> 5 -> 5 -> 5 -> 2, radial basis activations, 87 weights.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin, simulateCompiled, Xoshiro128 } from '@idt/runtime';
import { buildAuxModel, glorotInit, loadTrainingModel, Mlp, SensitivityModel, trainModel } from '@idt/train';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'lv');

/** Benchmark data: the true system at t = 0, 0.1, ..., 3 plus seeded Gaussian noise. */
function benchmarkData(): { times: Float64Array; x: Float64Array; y: Float64Array; truth: ReturnType<ReturnType<typeof createTwin>['simulate']> } {
  const truth = createTwin(twinDefinition(compileFile(path.join(fixtures, 'truth.idt')).ir!));
  const times = Float64Array.from({ length: 31 }, (_, k) => k / 10);
  const r = truth.simulate({ tEnd: 3, times, rtol: 1e-12, atol: 1e-12 });
  const rng = new Xoshiro128(1234);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const sx = 0.05 * mean(r.values.x!), sy = 0.05 * mean(r.values.y!);
  return { times, x: r.values.x!.map((v) => v + sx * normal()), y: r.values.y!.map((v) => v + sy * normal()), truth: r };
}

describe('forward sensitivities of the hybrid model', () => {
  it('match central differences of the simulated observables (network weights and a mechanistic parameter)', () => {
    const tm = loadTrainingModel(path.join(fixtures, 'ude.idt'));
    const ir = tm.ir;
    const aIndex = ir.params.findIndex((p) => p.name === 'a');
    const aux = buildAuxModel(ir, {
      networks: [[0]], networkSizes: [{ nIn: 2, nOut: 2 }], fittedParams: [aIndex],
      observed: [{ k: 'state', i: 0 }, { k: 'state', i: 1 }],
    });
    const scaling = () => ({ inputShift: Float64Array.of(0.5, 1), inputScale: Float64Array.of(0.5, 1.5), outputShift: Float64Array.of(0, 0.1), outputScale: Float64Array.of(0.8, 1.2) });
    const nets = [new Mlp([2, 5, 5, 5, 2], 'rbf', scaling())];
    const sm = new SensitivityModel(ir, aux, nets);
    const rng = new Xoshiro128(5);
    nets.forEach((net, k) => sm.theta.set(glorotInit(net, () => rng.nextFloat()), sm.netOffset[k]!));
    for (let l = 0; l < sm.P - 1; l++) if (sm.theta[l] === 0) sm.theta[l] = 0.1 * (rng.nextFloat() - 0.5);
    sm.theta[sm.P - 1] = 1.3;
    const p = Float64Array.from(ir.params, (x) => x.value);
    const times = Float64Array.of(0.5, 1.5, 3);
    const tight = (N: number, n: number) => ({ rtol: new Float64Array(N).fill(0).fill(1e-11, 0, n), atol: new Float64Array(N).fill(Infinity).fill(1e-12, 0, n) });
    const sens = sm.compiled(true), plain = sm.compiled(false);
    const P = sm.P;
    const withGrad = simulateCompiled(sens, { tEnd: 3, times, params: p, method: 'dopri5', ...tight(sens.nStates, 2) });
    expect(withGrad.status).toBe('success');
    const value = (): Float64Array[] => {
      p[aIndex] = sm.theta[P - 1]!;
      const r = simulateCompiled(plain, { tEnd: 3, times, params: p, method: 'dopri5', ...tight(plain.nStates, 2) });
      return [r.observables[0]!, r.observables[1]!];
    };
    // Every 7th weight and the fitted parameter a (last).
    const checked = [...Array.from({ length: Math.ceil((P - 1) / 7) }, (_, k) => 7 * k), P - 1];
    let worst = 0;
    for (const l of checked) {
      const v = sm.theta[l]!, h = 1e-5 * Math.max(1, Math.abs(v));
      sm.theta[l] = v + h; const up = value();
      sm.theta[l] = v - h; const down = value();
      sm.theta[l] = v;
      for (let j = 0; j < 2; j++) {
        for (let k = 0; k < times.length; k++) {
          const fd = (up[j]![k]! - down[j]![k]!) / (2 * h);
          const got = withGrad.observables[j * (1 + P) + 1 + l]![k]!;
          worst = Math.max(worst, Math.abs(got - fd) / (1e-6 + Math.abs(fd)));
          expect(Math.abs(got - fd), `d obs${j}(t${k}) / d theta${l}`).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(fd)));
        }
      }
    }
    expect(worst).toBeLessThan(1e-3);
  });
});

describe('Lotka–Volterra UDE benchmark', () => {
  it('fits the noisy data on [0, 3]; the compiled hybrid twin tracks the truth there and degrades gracefully beyond', async () => {
    const { times, x, y } = benchmarkData();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-ude-'));
    for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'data.csv'), ['time,x,y', ...Array.from(times, (t, k) => `${t},${x[k]},${y[k]}`)].join('\n') + '\n');
    const { report } = await trainModel({ model: path.join(dir, 'ude.idt'), data: path.join(dir, 'data.csv'), seed: 1, adamIterations: 200, iterations: 500 });
    if (report.mode !== 'hybrid') throw new Error('expected a hybrid fit');
    // Noise standard deviations are about 0.025 (x) and 0.051 (y).
    expect(report.result.rmse.x).toBeLessThan(0.06);
    expect(report.result.rmse.y).toBeLessThan(0.08);

    // The trained twin, compiled from the weights files, against the truth.
    const truth = createTwin(twinDefinition(compileFile(path.join(fixtures, 'truth.idt')).ir!));
    const compiled = compileFile(path.join(dir, 'ude.idt'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const hybrid = createTwin(twinDefinition(compiled.ir!));
    const span = (t0: number, t1: number) => Float64Array.from({ length: 61 }, (_, k) => t0 + ((t1 - t0) * k) / 60);
    const err = (tEnd: number, times: Float64Array) => {
      const a = truth.simulate({ tEnd, times, rtol: 1e-10, atol: 1e-12 }), b = hybrid.simulate({ tEnd, times, rtol: 1e-10, atol: 1e-12 });
      let worst = 0;
      for (const v of ['x', 'y']) for (let k = 0; k < times.length; k++) worst = Math.max(worst, Math.abs(a.values[v]![k]! - b.values[v]![k]!));
      return { worst, warnings: b.warnings };
    };
    // Measured (seed 1): 0.017 in x, 0.042 in y; the bound leaves room for platform rounding.
    const train = err(3, span(0, 3));
    expect(train.worst).toBeLessThan(0.08);
    // Extrapolation to t = 4: x keeps rising towards its first maximum (8.88 at t = 4.56), beyond
    // the range the network saw; the twin must warn about that and stay within 15 % of the truth
    // (measured: 0.23 against x(4) = 5.49). Beyond t = 4.5 the fit leaves the truth entirely
    // (bench/surrogate-training.mjs); the paper extrapolates through a symbolic regression of the
    // network (SINDy), which idt does not do.
    const extra = err(4, span(3, 4));
    expect(extra.warnings.some((w) => /surrogate input U\.x/.test(w))).toBe(true);
    const xTruth4 = truth.simulate({ tEnd: 4, times: [4], rtol: 1e-10, atol: 1e-12 }).values.x![0]!;
    expect(extra.worst).toBeLessThan(0.15 * xTruth4);
  });
});
