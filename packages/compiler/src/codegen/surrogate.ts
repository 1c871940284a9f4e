// Code for surrogate nodes (multilayer perceptrons): weights baked into Float64Arrays printed by
// the compiler, a forward pass with fixed loop bounds over preallocated buffers, and forward-mode
// derivatives through the layers for the Jacobian.
//
// Network semantics (IRSurrogate.weights), the TensorFlow.js Dense convention (docs/surrogates.md):
//   x_c = clamp(x, inputMin, inputMax)            only when clampInputs is true
//   a_0 = (x_c - inputShift) / inputScale
//   z_l = a_{l-1} K_l + b_l, K_l of shape [in_l, out_l] row-major: K_l[i * out_l + j]
//   a_l = act(z_l) for hidden layers, a_L = z_L (the output layer is linear)
//   y   = a_L * outputScale + outputShift
// Derivatives: d a_0 / d x = 1 / inputScale (0 where the input is clamped), then
// T_l = act'(z_l) (K_l^T T_{l-1}); dy/dx = outputScale * T_L.
//
// Training range: when inputMin/inputMax are given, an input outside them is recorded once per run
// in the model's surrogate-range record (time and value of the first such evaluation); the simulate
// driver turns the record into warnings with names. Recording is a comparison and, the first time
// only, three stores: nothing is allocated.
import { activationAliases, activations, canonicalActivation, type ActivationName } from '@idt/lang';
import type { IRSurrogate } from '../ir/types.js';
import { printIndex, printNumber } from './expression-writer.js';

interface Activation {
  /** a = f(z), as JS text over the variable `z`. */
  readonly f: string;
  /** f'(z) as JS text over `z` and `a` (= f(z)). */
  readonly df: string;
}

const SELU_SCALE = 1.0507009873554805, SELU_ALPHA = 1.6732632423543772;

/** Activation name (the language's list, @idt/lang `activations`) -> forward and derivative text. */
const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  linear: { f: 'z', df: '1' },
  tanh: { f: 'Math.tanh(z)', df: '1 - a * a' },
  relu: { f: 'z > 0 ? z : 0', df: 'z > 0 ? 1 : 0' },
  relu6: { f: 'z > 0 ? (z < 6 ? z : 6) : 0', df: 'z > 0 && z < 6 ? 1 : 0' },
  sigmoid: { f: '1 / (1 + Math.exp(-z))', df: 'a * (1 - a)' },
  hardsigmoid: { f: 'z < -2.5 ? 0 : (z > 2.5 ? 1 : 0.2 * z + 0.5)', df: 'z > -2.5 && z < 2.5 ? 0.2 : 0' },
  // log(1 + e^z) without overflow; its derivative is the logistic function.
  softplus: { f: 'z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))', df: '1 / (1 + Math.exp(-z))' },
  softsign: { f: 'z / (1 + Math.abs(z))', df: '1 / ((1 + Math.abs(z)) * (1 + Math.abs(z)))' },
  elu: { f: 'z > 0 ? z : Math.expm1(z)', df: 'z > 0 ? 1 : a + 1' },
  selu: {
    f: `z > 0 ? ${printNumber(SELU_SCALE)} * z : ${printNumber(SELU_SCALE * SELU_ALPHA)} * Math.expm1(z)`,
    df: `z > 0 ? ${printNumber(SELU_SCALE)} : ${printNumber(SELU_SCALE * SELU_ALPHA)} * Math.exp(z)`,
  },
  swish: { f: 'z / (1 + Math.exp(-z))', df: '(1 + Math.exp(-z) + z * Math.exp(-z)) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z)))' },
  // Radial basis exp(-z^2), the activation of the UDE benchmark (Rackauckas et al. 2020).
  rbf: { f: 'Math.exp(-z * z)', df: '-2 * z * a' },
  // Exact GELU z Phi(z) (TensorFlow.js 'gelu'); SR_erf is emitted by surrogatePrelude.
  gelu: {
    f: `0.5 * z * (1 + SR_erf(z * ${printNumber(Math.SQRT1_2)}))`,
    df: `0.5 * (1 + SR_erf(z * ${printNumber(Math.SQRT1_2)})) + z * Math.exp(-0.5 * z * z) * ${printNumber(1 / Math.sqrt(2 * Math.PI))}`,
  },
};
/** Supported activation names, aliases included. */
export const SUPPORTED_ACTIVATIONS: readonly string[] = [...activations, ...Object.keys(activationAliases)];

function floatArray(values: readonly number[]): string {
  return `new Float64Array([${values.map(printNumber).join(', ')}])`;
}

/** Networks with at most this many weights are printed as straight-line code with the weights as
 *  literals (no loops, no loads: a 2x16x16x1 network runs several times faster); larger ones as
 *  loops over Float64Array constants, to bound the size of the generated source. */
export const STRAIGHT_LINE_MAX_WEIGHTS = 4096;

/** The evaluation function as straight-line code: one const per pre-activation, activation and
 *  (with grad) tangent, every weight a literal, terms in the same order as the loop version. */
function straightLineSource(s: number, sur: IRSurrogate, act: Activation, rangeOffset: number): string {
  const ids = surrogateIds(s);
  const wts = sur.weights!;
  const layers = sur.layers;
  const L = layers.length - 1, nIn = layers[0]!, nOut = layers[L]!;
  const P = printIndex, N = printNumber;
  const body: string[] = [];
  const inputShift = wts.inputShift, inputScale = wts.inputScale;
  for (let i = 0; i < nIn; i++) {
    body.push(`let x${P(i)} = ${ids.x}[${P(i)}], dx${P(i)} = 1;`);
    if (wts.inputMin || wts.inputMax) {
      const g = P(rangeOffset + i);
      body.push(`if ((x${P(i)} < SR_lo[${g}] || x${P(i)} > SR_hi[${g}]) && SR_f[${g}] === 0) { SR_f[${g}] = 1; SR_t[${g}] = t; SR_v[${g}] = x${P(i)}; }`);
    }
    if (wts.clampInputs && wts.inputMin) body.push(`if (x${P(i)} < ${N(wts.inputMin[i]!)}) { x${P(i)} = ${N(wts.inputMin[i]!)}; dx${P(i)} = 0; }`);
    if (wts.clampInputs && wts.inputMax) body.push(`if (x${P(i)} > ${N(wts.inputMax[i]!)}) { x${P(i)} = ${N(wts.inputMax[i]!)}; dx${P(i)} = 0; }`);
    body.push(`const a0_${P(i)} = (x${P(i)} - ${N(inputShift[i]!)}) / ${N(inputScale[i]!)};`);
  }
  const fn = (text: string, z: string, a: string): string => text.replace(/\bz\b/g, z).replace(/\ba\b/g, a);
  for (let l = 0; l < L; l++) {
    const nI = layers[l]!, nO = layers[l + 1]!, K = wts.kernels[l]!, b = wts.biases[l]!;
    const hidden = l < L - 1;
    for (let j = 0; j < nO; j++) {
      const terms = [N(b[j]!)];
      for (let i = 0; i < nI; i++) terms.push(`a${P(l)}_${P(i)} * ${N(K[i * nO + j]!)}`);
      body.push(`const z${P(l + 1)}_${P(j)} = ${terms.join(' + ')};`);
      body.push(`const a${P(l + 1)}_${P(j)} = ${hidden ? fn(act.f, `z${P(l + 1)}_${P(j)}`, `a${P(l + 1)}_${P(j)}`) : `z${P(l + 1)}_${P(j)}`};`);
    }
  }
  for (let k = 0; k < nOut; k++) body.push(`${ids.y}[${P(k)}] = a${P(L)}_${P(k)} * ${N(wts.outputScale[k]!)} + ${N(wts.outputShift[k]!)};`);
  // Tangents T{l}_{j}_{m} = d a_l[j] / d x_m, forward through the layers.
  const grad: string[] = [];
  for (let m = 0; m < nIn; m++) grad.push(`const T0_${P(m)}_${P(m)} = dx${P(m)} / ${N(inputScale[m]!)};`);
  for (let l = 0; l < L; l++) {
    const nI = layers[l]!, nO = layers[l + 1]!, K = wts.kernels[l]!;
    const hidden = l < L - 1;
    for (let j = 0; j < nO; j++) {
      const zj = `z${P(l + 1)}_${P(j)}`, aj = `a${P(l + 1)}_${P(j)}`;
      if (hidden) grad.push(`const d${P(l + 1)}_${P(j)} = ${fn(act.df, zj, aj)};`);
      for (let m = 0; m < nIn; m++) {
        // Layer 0's tangents are diagonal: only T0_m_m is non-zero.
        const terms = l === 0 ? [`${N(K[m * nO + j]!)} * T0_${P(m)}_${P(m)}`] : Array.from({ length: nI }, (_, i) => `${N(K[i * nO + j]!)} * T${P(l)}_${P(i)}_${P(m)}`);
        grad.push(`const T${P(l + 1)}_${P(j)}_${P(m)} = ${hidden ? `d${P(l + 1)}_${P(j)} * ` : ''}(${terms.join(' + ')});`);
      }
    }
  }
  for (let k = 0; k < nOut; k++) for (let m = 0; m < nIn; m++) grad.push(`${ids.J}[${P(k * nIn + m)}] = T${P(L)}_${P(k)}_${P(m)} * ${N(wts.outputScale[k]!)};`);
  return `function ${ids.fn}(grad, t) {\n  ${body.join('\n  ')}\n  if (grad) {\n    ${grad.join('\n    ')}\n  }\n}`;
}

/** Offset of each surrogate's first input in the model's surrogate-range record. */
export function surrogateRangeOffsets(surrogates: readonly IRSurrogate[]): number[] {
  const out: number[] = [];
  let g = 0;
  for (const sur of surrogates) {
    out.push(g);
    g += sur.layers[0]!;
  }
  return out;
}

/** Model-level declarations shared by all surrogates: the range record `SR` (returned as the
 *  CompiledModel's `surrogateRange`) and, when some network uses GELU, the erf helper. */
export function surrogatePrelude(surrogates: readonly IRSurrogate[]): string {
  if (surrogates.length === 0) return '';
  const nIn = surrogates.reduce((n, s) => n + s.layers[0]!, 0);
  const lo: number[] = [], hi: number[] = [];
  for (const sur of surrogates) {
    for (let i = 0; i < sur.layers[0]!; i++) {
      lo.push(sur.weights?.inputMin?.[i] ?? -Infinity);
      hi.push(sur.weights?.inputMax?.[i] ?? Infinity);
    }
  }
  const P = printIndex;
  const lines = [
    `const SR = { flagged: new Uint8Array(${P(nIn)}), time: new Float64Array(${P(nIn)}), value: new Float64Array(${P(nIn)}), min: ${floatArray(lo)}, max: ${floatArray(hi)} };`,
    'const SR_f = SR.flagged, SR_t = SR.time, SR_v = SR.value, SR_lo = SR.min, SR_hi = SR.max;',
  ];
  if (surrogates.some((s) => canonicalActivation(s.activation) === 'gelu')) lines.push(ERF_SOURCE);
  return lines.join('\n');
}

/** erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1 3 5 ... (2n+1)) (Abramowitz & Stegun
 *  7.1.6): every term is positive, so there is no cancellation; the sum has converged to double
 *  precision after about x^2 + 30 terms; |erf(x)| rounds to 1 beyond |x| = 6. */
const ERF_SOURCE = `function SR_erf(x) {
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const x2 = ax * ax;
  let term = ax, sum = ax;
  for (let n = 1; n < 200; n++) {
    term *= 2 * x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = ${printNumber(2 / Math.sqrt(Math.PI))} * Math.exp(-x2) * sum;
  return x < 0 ? -r : r;
}`;

/** Identifiers of the generated pieces of surrogate s (compiler-numbered, never model names). */
export function surrogateIds(s: number): { fn: string; x: string; y: string; J: string } {
  const i = printIndex(s);
  return { fn: `S${i}`, x: `S${i}_x`, y: `S${i}_y`, J: `S${i}_J` };
}

/** Declarations (weights, buffers) and the evaluation function of surrogate s:
 *  `S<s>(grad, t)` reads inputs from S<s>_x and writes outputs to S<s>_y and, when grad is true,
 *  the Jacobian d y_k / d x_m to S<s>_J[k * nIn + m]; t is only recorded with an input outside the
 *  training range. `rangeOffset` is the surrogate's first slot in the range record (see
 *  surrogateRangeOffsets). Without weights, construction throws. */
export function surrogateSource(s: number, sur: IRSurrogate, rangeOffset = 0): string {
  const ids = surrogateIds(s);
  const layers = sur.layers.map((n) => { printIndex(n); return n; });
  const L = layers.length - 1;
  const nIn = layers[0]!, nOut = layers[L]!;
  const P = printIndex;
  const lines: string[] = [];
  lines.push(`const ${ids.x} = new Float64Array(${P(nIn)}), ${ids.y} = new Float64Array(${P(nOut)}), ${ids.J} = new Float64Array(${P(nIn * nOut)});`);
  const wts = sur.weights;
  if (!wts) {
    // The message carries the surrogate's index only: names never reach generated code.
    lines.push(`throw new Error("surrogate #${P(s)} has no weights: load its weights file before compiling");`);
    lines.push(`function ${ids.fn}(grad, t) {}`);
    return lines.join('\n');
  }
  const canon = canonicalActivation(sur.activation);
  const act = canon ? ACTIVATIONS[canon] : undefined;
  if (!act) throw new Error(`code generation: unsupported activation for surrogate #${P(s)}`);
  if (wts.kernels.length !== L || wts.biases.length !== L) throw new Error('code generation: surrogate weights do not match its layers');
  const width = Math.max(...layers);
  for (let l = 0; l < L; l++) {
    if (wts.kernels[l]!.length !== layers[l]! * layers[l + 1]! || wts.biases[l]!.length !== layers[l + 1]!) {
      throw new Error('code generation: surrogate weights do not match its layers');
    }
  }
  for (const [v, n] of [[wts.inputShift, nIn], [wts.inputScale, nIn], [wts.outputShift, nOut], [wts.outputScale, nOut], [wts.inputMin, nIn], [wts.inputMax, nIn]] as const) {
    if (v && v.length !== n) throw new Error('code generation: surrogate scaling does not match its layers');
  }
  const nWeights = wts.kernels.reduce((a, k) => a + k.length, 0);
  if (nWeights <= STRAIGHT_LINE_MAX_WEIGHTS) {
    lines.push(straightLineSource(s, sur, act, rangeOffset));
    return lines.join('\n');
  }
  for (let l = 0; l < L; l++) {
    lines.push(`const ${ids.fn}_K${P(l)} = ${floatArray(wts.kernels[l]!)};`);
    lines.push(`const ${ids.fn}_b${P(l)} = ${floatArray(wts.biases[l]!)};`);
  }
  const vec = (name: string, v: readonly number[] | undefined, n: number): void => {
    if (!v) return;
    if (v.length !== n) throw new Error('code generation: surrogate scaling does not match its layers');
    lines.push(`const ${ids.fn}_${name} = ${floatArray(v)};`);
  };
  vec('ish', wts.inputShift, nIn); vec('isc', wts.inputScale, nIn);
  vec('osh', wts.outputShift, nOut); vec('osc', wts.outputScale, nOut);
  vec('imin', wts.inputMin, nIn); vec('imax', wts.inputMax, nIn);
  // Ping-pong activation and tangent buffers.
  lines.push(`const ${ids.fn}_a0 = new Float64Array(${P(width)}), ${ids.fn}_a1 = new Float64Array(${P(width)});`);
  lines.push(`const ${ids.fn}_T0 = new Float64Array(${P(width * nIn)}), ${ids.fn}_T1 = new Float64Array(${P(width * nIn)});`);

  const f = ids.fn;
  const body: string[] = [];
  body.push(`let a = ${f}_a0, an = ${f}_a1, T = ${f}_T0, Tn = ${f}_T1, tmp;`);
  body.push(`for (let i = 0; i < ${P(nIn)}; i++) {`);
  body.push(`  let x = ${ids.x}[i], dx = 1;`);
  if (wts.inputMin || wts.inputMax) {
    // Outside the training range: record the first time (per run) and, if asked, clamp.
    const g = `${P(rangeOffset)} + i`;
    body.push(`  if ((x < SR_lo[${g}] || x > SR_hi[${g}]) && SR_f[${g}] === 0) { SR_f[${g}] = 1; SR_t[${g}] = t; SR_v[${g}] = x; }`);
  }
  if (wts.clampInputs && wts.inputMin) body.push(`  if (x < ${f}_imin[i]) { x = ${f}_imin[i]; dx = 0; }`);
  if (wts.clampInputs && wts.inputMax) body.push(`  if (x > ${f}_imax[i]) { x = ${f}_imax[i]; dx = 0; }`);
  body.push(`  a[i] = (x - ${f}_ish[i]) / ${f}_isc[i];`);
  body.push(`  if (grad) { for (let m = 0; m < ${P(nIn)}; m++) T[i * ${P(nIn)} + m] = m === i ? dx / ${f}_isc[i] : 0; }`);
  body.push(`}`);
  for (let l = 0; l < L; l++) {
    const nI = layers[l]!, nO = layers[l + 1]!;
    const hidden = l < L - 1;
    body.push(`for (let j = 0; j < ${P(nO)}; j++) {`);
    body.push(`  let z = ${f}_b${P(l)}[j];`);
    body.push(`  for (let i = 0; i < ${P(nI)}; i++) z += a[i] * ${f}_K${P(l)}[i * ${P(nO)} + j];`);
    body.push(hidden ? `  const a_ = ${act.f.replace(/\ba\b/g, 'a_')};` : `  const a_ = z;`);
    body.push(`  an[j] = a_;`);
    body.push(`  if (grad) {`);
    body.push(`    const d = ${hidden ? act.df.replace(/\ba\b/g, 'a_') : '1'};`);
    body.push(`    for (let m = 0; m < ${P(nIn)}; m++) {`);
    body.push(`      let s = 0;`);
    body.push(`      for (let i = 0; i < ${P(nI)}; i++) s += ${f}_K${P(l)}[i * ${P(nO)} + j] * T[i * ${P(nIn)} + m];`);
    body.push(`      Tn[j * ${P(nIn)} + m] = d * s;`);
    body.push(`    }`);
    body.push(`  }`);
    body.push(`}`);
    body.push(`tmp = a; a = an; an = tmp; tmp = T; T = Tn; Tn = tmp;`);
  }
  body.push(`for (let k = 0; k < ${P(nOut)}; k++) {`);
  body.push(`  ${ids.y}[k] = a[k] * ${f}_osc[k] + ${f}_osh[k];`);
  body.push(`  if (grad) { for (let m = 0; m < ${P(nIn)}; m++) ${ids.J}[k * ${P(nIn)} + m] = T[k * ${P(nIn)} + m] * ${f}_osc[k]; }`);
  body.push(`}`);
  lines.push(`function ${f}(grad, t) {\n  ${body.join('\n  ')}\n}`);
  return lines.join('\n');
}
