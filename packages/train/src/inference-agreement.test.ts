// The three implementations of a surrogate's network agree: the compiled inline code
// (packages/compiler), the float64 network the hybrid fit uses (mlp.ts), and TensorFlow.js'
// own Dense layers (tf.sequential + predict), the independent reference for the weight layout
// and the activation definitions. Derivatives are checked against central differences.
import { describe, expect, it } from 'vitest';
import { instantiateModel, type Expr, type IRModel, type IRSurrogate } from '@idt/compiler';
import { Xoshiro128 } from '@idt/runtime';
import { loadTf, Mlp } from '@idt/train';

const rng = new Xoshiro128(20240601);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng.nextFloat();

/** An IR whose observables are the network's outputs at (y0, ..., y_{nIn-1}). */
function networkModel(sur: IRSurrogate): IRModel {
  const nIn = sur.layers[0]!, nOut = sur.layers[sur.layers.length - 1]!;
  const args: Expr[] = Array.from({ length: nIn }, (_, i) => ({ k: 'state', i }));
  return {
    irVersion: 1, name: 'net', files: [],
    states: Array.from({ length: nIn }, (_, i) => ({ name: `x${i}`, kind: 'variable' as const, initial: { k: 'num' as const, v: 0 }, rate: { k: 'surrogate' as const, s: 0, out: 0, args } })),
    params: [], assigned: [], reactions: [], logic: [], events: [], decisions: [],
    surrogates: [sur],
    observables: Array.from({ length: nOut }, (_, k) => ({ name: `o${k}`, expr: { k: 'surrogate' as const, s: 0, out: k, args } })),
  };
}

function randomSurrogate(layers: number[], activation: string, dyadic = false): IRSurrogate {
  // Dyadic weights (multiples of 1/8 in [-1, 1]) make every float32 product and sum exact.
  const w = () => (dyadic ? Math.round(uniform(-8, 8)) / 8 : uniform(-1, 1));
  const nIn = layers[0]!, nOut = layers[layers.length - 1]!;
  return {
    name: 'net', inputs: Array.from({ length: nIn }, (_, i) => ({ name: `in${i}` })), outputs: Array.from({ length: nOut }, (_, k) => ({ name: `out${k}` })),
    layers, activation,
    weights: {
      kernels: layers.slice(1).map((nO, l) => Array.from({ length: layers[l]! * nO }, () => Math.fround(w()))),
      biases: layers.slice(1).map((nO) => Array.from({ length: nO }, () => Math.fround(w()))),
      inputShift: new Array(nIn).fill(0), inputScale: new Array(nIn).fill(1),
      outputShift: new Array(nOut).fill(0), outputScale: new Array(nOut).fill(1),
    },
  };
}

const ARCHITECTURES: [number[], string][] = [
  [[2, 16, 16, 1], 'tanh'],
  [[3, 8, 2], 'sigmoid'],
  [[1, 12, 12, 12, 1], 'elu'],
  [[2, 10, 3], 'softplus'],
  [[4, 6, 6, 2], 'selu'],
  [[2, 8, 1], 'swish'],
  [[2, 8, 8, 1], 'gelu'],
];

describe('compiled surrogate code against TensorFlow.js predict', () => {
  it.each([[[2, 16, 16, 1], 'relu'], [[3, 8, 8, 2], 'linear'], [[2, 6, 1], 'relu6']] as [number[], string][])(
    '%j %s, dyadic weights and inputs: exact agreement (every float32 operation is exact)', async (layers, act) => {
      const tf = await loadTf('cpu');
      const sur = randomSurrogate(layers, act, true);
      const { compiled, predict } = both(tf, sur);
      for (let trial = 0; trial < 20; trial++) {
        const x = Array.from({ length: layers[0]! }, () => Math.round(uniform(-16, 16)) / 16);
        const want = predict(x), got = compiled(x);
        got.forEach((g, k) => expect(Math.abs(g - want[k]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[k]!))));
      }
    });

  it.each(ARCHITECTURES)('%j %s: agreement to float32 rounding on random inputs', async (layers, act) => {
    const tf = await loadTf('cpu');
    const sur = randomSurrogate(layers, act);
    const { compiled, predict } = both(tf, sur);
    for (let trial = 0; trial < 20; trial++) {
      const x = Array.from({ length: layers[0]! }, () => Math.fround(uniform(-2, 2)));
      const want = predict(x), got = compiled(x);
      // TensorFlow.js has no float64: each layer rounds to float32 (relative 6e-8 per operation);
      // through these widths and depths 1e-5 of the output's magnitude (or of 1) bounds it.
      got.forEach((g, k) => expect(Math.abs(g - want[k]!), `output ${k}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[k]!))));
    }
  });
});

describe('the float64 network of the hybrid fit', () => {
  it.each([...ARCHITECTURES, [[2, 5, 5, 5, 1], 'rbf'] as [number[], string]])('%j %s equals the compiled code to rounding; its derivatives match central differences', (layers, act) => {
    const sur = randomSurrogate(layers, act);
    const w = sur.weights!;
    const scaling = {
      inputShift: Float64Array.from(w.inputShift, () => uniform(-0.5, 0.5)), inputScale: Float64Array.from(w.inputScale, () => uniform(0.5, 2)),
      outputShift: Float64Array.from(w.outputShift, () => uniform(-1, 1)), outputScale: Float64Array.from(w.outputScale, () => uniform(0.5, 3)),
    };
    const scaled: IRSurrogate = { ...sur, weights: { ...w, inputShift: [...scaling.inputShift], inputScale: [...scaling.inputScale], outputShift: [...scaling.outputShift], outputScale: [...scaling.outputScale] } };
    const model = instantiateModel(networkModel(scaled));
    const mlp = new Mlp(layers, act, scaling);
    const theta = mlp.pack(w.kernels, w.biases);
    const nIn = layers[0]!, nOut = layers[layers.length - 1]!;
    const y = new Float64Array(nOut), obs = new Float64Array(nOut), J = new Float64Array(nOut * nIn);
    for (let trial = 0; trial < 5; trial++) {
      const x = Float64Array.from({ length: nIn }, () => uniform(-2, 2));
      mlp.forward(theta, x, y);
      model.observables(0, x, new Float64Array(0), obs);
      for (let k = 0; k < nOut; k++) expect(Math.abs(y[k]! - obs[k]!)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(obs[k]!)));
      mlp.inputJacobian(theta, J);
      const yp = new Float64Array(nOut), ym = new Float64Array(nOut);
      for (let m = 0; m < nIn; m++) {
        const h = 1e-6, xp = Float64Array.from(x), xm = Float64Array.from(x);
        xp[m] = x[m]! + h; xm[m] = x[m]! - h;
        mlp.forward(theta, xp, yp); mlp.forward(theta, xm, ym);
        for (let k = 0; k < nOut; k++) expect(Math.abs(J[k * nIn + m]! - (yp[k]! - ym[k]!) / (2 * h))).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(J[k * nIn + m]!)));
      }
      // Weight gradients, each output, a sample of parameters.
      const g = new Float64Array(mlp.nParams);
      for (let k = 0; k < nOut; k++) {
        mlp.forward(theta, x, y);
        mlp.paramGradient(theta, k, g);
        for (let s = 0; s < 12; s++) {
          const l = rng.nextInt(mlp.nParams), h = 1e-6, v = theta[l]!;
          theta[l] = v + h; mlp.forward(theta, x, yp);
          theta[l] = v - h; mlp.forward(theta, x, ym);
          theta[l] = v;
          const fd = (yp[k]! - ym[k]!) / (2 * h);
          expect(Math.abs(g[l]! - fd), `d out${k} / d theta${l}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
        }
      }
    }
  });
});

/** The compiled inline network and a tf.sequential of Dense layers with the same weights. */
function both(tf: Awaited<ReturnType<typeof loadTf>>, sur: IRSurrogate): { compiled: (x: number[]) => number[]; predict: (x: number[]) => number[] } {
  const layers = sur.layers, L = layers.length - 1, w = sur.weights!;
  const net = tf.sequential();
  for (let l = 0; l < L; l++) {
    net.add(tf.layers.dense({
      units: layers[l + 1]!, activation: (l < L - 1 ? sur.activation : 'linear') as 'linear',
      ...(l === 0 ? { inputShape: [layers[0]!] } : {}),
    }));
  }
  net.setWeights(w.kernels.flatMap((k, l) => [tf.tensor2d(k, [layers[l]!, layers[l + 1]!]), tf.tensor1d(w.biases[l]!)]));
  const model = instantiateModel(networkModel(sur));
  const nOut = layers[L]!;
  return {
    compiled: (x) => {
      const o = new Float64Array(nOut);
      model.observables(0, Float64Array.from(x), new Float64Array(0), o);
      return Array.from(o);
    },
    predict: (x) => tf.tidy(() => Array.from((net.predict(tf.tensor2d([x])) as import('@tensorflow/tfjs').Tensor).dataSync())),
  };
}
