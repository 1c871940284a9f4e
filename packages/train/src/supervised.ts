// Supervised training of one surrogate on tabular data with TensorFlow.js (pure JavaScript CPU
// backend by default, WebAssembly on request; never the native binding).
//
// The network is written with tfjs operations (not the Layers API) so that every piece is under
// our control and reproducible: weights initialised from the seeded generator (Glorot uniform,
// zero biases), mini-batches drawn by the seeded generator, Adam on the mean squared error of the
// normalised outputs, early stopping on the validation loss with the best weights restored.
// TensorFlow.js computes in float32; the weights it produces are float32 numbers, which the
// compiled model then evaluates in float64 (docs/surrogates.md, "Precision").
import { Xoshiro128 } from '@idt/runtime';
import { canonicalActivation } from './activations.js';
import { TrainingDataError } from './csv.js';
import { glorotInit, Mlp } from './mlp.js';
import { fitScaling, type ScalingKind } from './scaling.js';
import type { TrainedNetwork } from './weights-file.js';

/** The settings of a supervised fit a user chooses (also options of `idt train`). */
export interface SupervisedSettings {
  readonly seed?: number;
  /** Upper bound on epochs (default 500). */
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  /** Share of the samples held out for validation (default 0.2). */
  readonly validationSplit?: number;
  /** Stop after this many epochs without a validation improvement (default 50; 0 disables). */
  readonly patience?: number;
  readonly backend?: 'cpu' | 'wasm';
}

export interface SupervisedOptions extends SupervisedSettings {
  readonly layers: readonly number[];
  readonly activation: string;
  readonly scaling: ScalingKind;
  /** Inputs X[m] and outputs Y[k], one value per sample (rows with a NaN are dropped). */
  readonly inputs: readonly ArrayLike<number>[];
  readonly outputs: readonly ArrayLike<number>[];
  /** Called after every epoch (progress display). */
  readonly onEpoch?: (epoch: number, trainLoss: number, validationLoss: number) => void;
}

export interface HeldOutError {
  /** Per output, in the output's units: root mean square and largest absolute error. */
  readonly rmse: number[];
  readonly maxAbs: number[];
  /** RMSE divided by the standard deviation of the held-out targets (1 = no better than the mean). */
  readonly relativeRmse: number[];
}

export interface SupervisedResult extends TrainedNetwork {
  /** Mean squared error of the normalised outputs per epoch. */
  readonly trainLoss: number[];
  readonly validationLoss: number[];
  /** Epoch (1-based) whose weights were kept. */
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly heldOut: HeldOutError;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly seconds: number;
}

type Tf = typeof import('@tensorflow/tfjs');
let tfPromise: Promise<Tf> | undefined;

/** TensorFlow.js, loaded on first use (it takes seconds), quiet, on the chosen backend. */
export async function loadTf(backend: 'cpu' | 'wasm' = 'cpu'): Promise<Tf> {
  tfPromise ??= import('@tensorflow/tfjs').then((tf) => {
    // PROD silences the "install the node backend" banner; it changes no numerics.
    tf.env().set('PROD', true);
    return tf;
  });
  const tf = await tfPromise;
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend '${backend}' is not available`);
  }
  await tf.ready();
  return tf;
}

/** The activation as tfjs operations (same formulas as the compiled code; GELU through tf.erf). */
function tfActivation(tf: Tf, name: string): (z: import('@tensorflow/tfjs').Tensor) => import('@tensorflow/tfjs').Tensor {
  switch (canonicalActivation(name)) {
    case 'linear': return (z) => z;
    case 'tanh': return (z) => tf.tanh(z);
    case 'relu': return (z) => tf.relu(z);
    case 'relu6': return (z) => tf.relu6(z);
    case 'sigmoid': return (z) => tf.sigmoid(z);
    case 'hardsigmoid': return (z) => tf.clipByValue(tf.add(tf.mul(z, 0.2), 0.5), 0, 1);
    case 'softplus': return (z) => tf.softplus(z);
    case 'softsign': return (z) => tf.div(z, tf.add(tf.abs(z), 1));
    case 'elu': return (z) => tf.elu(z);
    case 'selu': return (z) => tf.selu(z);
    case 'swish': return (z) => tf.mul(z, tf.sigmoid(z));
    case 'rbf': return (z) => tf.exp(tf.neg(tf.square(z)));
    case 'gelu': return (z) => tf.mul(tf.mul(z, 0.5), tf.add(tf.erf(tf.mul(z, Math.SQRT1_2)), 1));
    default: throw new TrainingDataError(`activation '${name}' cannot be trained`);
  }
}

export async function trainSupervised(o: SupervisedOptions): Promise<SupervisedResult> {
  const started = performance.now();
  const nIn = o.layers[0]!, nOut = o.layers[o.layers.length - 1]!;
  if (o.inputs.length !== nIn || o.outputs.length !== nOut) throw new TrainingDataError(`the surrogate has ${nIn} inputs and ${nOut} outputs; got ${o.inputs.length} input and ${o.outputs.length} output columns`);
  const n = o.inputs[0]?.length ?? 0;
  const keep: number[] = [];
  for (let r = 0; r < n; r++) if ([...o.inputs, ...o.outputs].every((c) => Number.isFinite(c[r]!))) keep.push(r);
  if (keep.length < 4) throw new TrainingDataError(`only ${keep.length} complete rows of data: too few to train and validate on`);

  const rng = new Xoshiro128(o.seed ?? 1);
  // Seeded Fisher–Yates shuffle, then the validation split off the end.
  for (let i = keep.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [keep[i], keep[j]] = [keep[j]!, keep[i]!];
  }
  const split = o.validationSplit ?? 0.2;
  if (!(split >= 0 && split < 1)) throw new TrainingDataError(`the validation split must be in [0, 1), got ${split}`);
  const nVal = split > 0 ? Math.max(1, Math.round(keep.length * split)) : 0;
  const trainRows = keep.slice(0, keep.length - nVal), valRows = keep.slice(keep.length - nVal);
  const pick = (cols: readonly ArrayLike<number>[], rows: number[]) => cols.map((c) => rows.map((r) => c[r]!));
  const xTrain = pick(o.inputs, trainRows), yTrain = pick(o.outputs, trainRows);
  const xVal = pick(o.inputs, valRows), yVal = pick(o.outputs, valRows);

  // Normalisation from the training rows only (the validation rows stay unseen).
  const inS = fitScaling(o.scaling, xTrain), outS = fitScaling(o.scaling, yTrain);
  const inputMin = xTrain.map((c) => Math.min(...c)), inputMax = xTrain.map((c) => Math.max(...c));
  const scaledRows = (cols: number[][], s: { shift: number[]; scale: number[] }, count: number): Float32Array => {
    const out = new Float32Array(count * cols.length);
    for (let r = 0; r < count; r++) for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = (cols[c]![r]! - s.shift[c]!) / s.scale[c]!;
    return out;
  };

  const tf = await loadTf(o.backend ?? 'cpu');
  const act = tfActivation(tf, o.activation);
  const scaling = {
    inputShift: Float64Array.from(inS.shift), inputScale: Float64Array.from(inS.scale),
    outputShift: Float64Array.from(outS.shift), outputScale: Float64Array.from(outS.scale),
  };
  const mlp = new Mlp(o.layers, o.activation, scaling);
  const theta0 = glorotInit(mlp, () => rng.nextFloat());
  const { kernels: k0, biases: b0 } = mlp.unpack(theta0);
  const L = o.layers.length - 1;
  const K = k0.map((k, l) => tf.variable(tf.tensor2d(k, [o.layers[l]!, o.layers[l + 1]!], 'float32')));
  const B = b0.map((b) => tf.variable(tf.tensor1d(b, 'float32')));
  const forward = (x: import('@tensorflow/tfjs').Tensor): import('@tensorflow/tfjs').Tensor => {
    let a = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(a, K[l]!), B[l]!);
      a = l < L - 1 ? act(z) : z;
    }
    return a;
  };

  const nTrain = trainRows.length;
  const X = tf.tensor2d(scaledRows(xTrain, inS, nTrain), [nTrain, nIn]);
  const Y = tf.tensor2d(scaledRows(yTrain, outS, nTrain), [nTrain, nOut]);
  const XV = nVal ? tf.tensor2d(scaledRows(xVal, inS, nVal), [nVal, nIn]) : undefined;
  const YV = nVal ? tf.tensor2d(scaledRows(yVal, outS, nVal), [nVal, nOut]) : undefined;
  const mse = (x: import('@tensorflow/tfjs').Tensor, y: import('@tensorflow/tfjs').Tensor): number =>
    tf.tidy(() => tf.mean(tf.square(tf.sub(forward(x), y))).dataSync()[0]!);

  const optimizer = tf.train.adam(o.learningRate ?? 0.01);
  const batch = Math.max(1, Math.min(o.batchSize ?? 32, nTrain));
  const epochs = o.epochs ?? 500;
  const patience = o.patience ?? 50;
  const order = Array.from({ length: nTrain }, (_, i) => i);
  const trainLoss: number[] = [], validationLoss: number[] = [];
  let best = Infinity, bestEpoch = 0;
  let bestK = K.map((k) => Array.from(k.dataSync())), bestB = B.map((b) => Array.from(b.dataSync()));
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = nTrain - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < nTrain; start += batch) {
      const idx = tf.tensor1d(order.slice(start, start + batch), 'int32');
      tf.tidy(() => {
        const xb = tf.gather(X, idx), yb = tf.gather(Y, idx);
        optimizer.minimize(() => tf.mean(tf.square(tf.sub(forward(xb), yb))) as import('@tensorflow/tfjs').Scalar);
      });
      idx.dispose();
    }
    const tl = mse(X, Y);
    const vl = XV && YV ? mse(XV, YV) : tl;
    trainLoss.push(tl);
    validationLoss.push(vl);
    o.onEpoch?.(epoch, tl, vl);
    if (!Number.isFinite(tl)) throw new TrainingDataError(`training diverged at epoch ${epoch} (loss ${tl}); lower the learning rate`);
    if (vl < best) {
      best = vl;
      bestEpoch = epoch;
      bestK = K.map((k) => Array.from(k.dataSync()));
      bestB = B.map((b) => Array.from(b.dataSync()));
    } else if (patience > 0 && epoch - bestEpoch >= patience) break;
  }
  for (const t of [...K, ...B, X, Y, ...(XV ? [XV] : []), ...(YV ? [YV] : [])]) t.dispose();
  optimizer.dispose();

  // Held-out error of the kept weights, in float64 with the compiled model's semantics.
  const theta = mlp.pack(bestK, bestB);
  const evalX = nVal ? xVal : xTrain, evalY = nVal ? yVal : yTrain;
  const m = evalX[0]!.length;
  const yHat = new Float64Array(nOut), x = new Float64Array(nIn);
  const sq = new Array<number>(nOut).fill(0), maxAbs = new Array<number>(nOut).fill(0);
  for (let r = 0; r < m; r++) {
    for (let i = 0; i < nIn; i++) x[i] = evalX[i]![r]!;
    mlp.forward(theta, x, yHat);
    for (let k = 0; k < nOut; k++) {
      const e = Math.abs(yHat[k]! - evalY[k]![r]!);
      sq[k] = sq[k]! + e * e;
      maxAbs[k] = Math.max(maxAbs[k]!, e);
    }
  }
  const rmse = sq.map((s) => Math.sqrt(s / m));
  const sd = evalY.map((c) => {
    const mean = c.reduce((a, b) => a + b, 0) / c.length;
    return Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / c.length);
  });
  return {
    kernels: bestK, biases: bestB,
    inputShift: inS.shift, inputScale: inS.scale, outputShift: outS.shift, outputScale: outS.scale,
    inputMin, inputMax,
    trainLoss, validationLoss, bestEpoch, epochsRun: trainLoss.length,
    heldOut: { rmse, maxAbs, relativeRmse: rmse.map((r, k) => (sd[k]! > 0 ? r / sd[k]! : r)) },
    trainRows: nTrain, validationRows: nVal,
    seconds: (performance.now() - started) / 1000,
  };
}
