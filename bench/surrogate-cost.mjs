// Cost of a surrogate node inside the right-hand side, against the mechanistic rate law it
// replaces: a 2 -> 16 -> 16 -> 1 tanh network versus a Hill term, per evaluation of rhs() and of
// jac(), each minus the same model without the term. Target (issue "Learned surrogate nodes"):
// under 10x a Hill term per evaluation. Run after `npm run build`: node bench/surrogate-cost.mjs
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileFile, instantiateModel } from '@idt/compiler';
import { weightsFileText } from '@idt/train';
import { Xoshiro128 } from '@idt/runtime';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-surrogate-cost-'));
const common = `time [h]
parameter k = 0.5 [1/h]
parameter vmax = 1 [1/h]
parameter K = 1
variable X = 1
variable Y = 1
variable C = 0
der(X) = -0.1 [1/h] * X
der(Y) = -0.1 [1/h] * Y
`;
const models = {
  base: `${common}der(C) = -k * C\n`,
  hill: `${common}der(C) = vmax * Y * X^2 / (K^2 + X^2) - k * C\n`,
  // A Hill exponent that is not a small integer costs two calls to Math.pow.
  'hill-2.5': `${common}der(C) = vmax * Y * X^2.5 / (K^2.5 + X^2.5) - k * C\n`,
  mlp: `${common}surrogate f(x [1], y [1]) -> (r [1/h]) {
  layers 16, 16
  activation tanh
  weights "f.weights.json"
}
der(C) = f(X, Y) - k * C\n`,
};
for (const act of ['relu', 'sigmoid']) models[`mlp-${act}`] = models.mlp.replace('activation tanh', `activation ${act}`).replace('f.weights.json', `f-${act}.weights.json`);
const layers = [2, 16, 16, 1];
for (const act of ['tanh', 'relu', 'sigmoid']) {
const rng = new Xoshiro128(7);
const w = () => Math.fround(2 * rng.nextFloat() - 1);
fs.writeFileSync(path.join(dir, act === 'tanh' ? 'f.weights.json' : `f-${act}.weights.json`), weightsFileText({
  layers, activation: act, inputs: ['x', 'y'], outputs: ['r'],
  kernels: layers.slice(1).map((n, l) => Array.from({ length: layers[l] * n }, w)),
  biases: layers.slice(1).map((n) => Array.from({ length: n }, w)),
  inputShift: [1, 1], inputScale: [0.5, 0.5], outputShift: [0], outputScale: [1], inputMin: [-10, -10], inputMax: [10, 10],
}, { tool: 'bench', mode: 'supervised', model: '-', surrogate: 'f', data: [], seed: 7, epochs: 0, finalLoss: {}, settings: {} }));
}

const N = 2_000_000, ROUNDS = 5;
function time(model, fn) {
  const y = new Float64Array(model.nStates), dy = new Float64Array(Math.max(model.nStates, model.jacPattern.colIdx.length));
  const p = new Float64Array(model.nParams);
  model.derivedParams(p, new Uint8Array(p.length));
  const pp = Float64Array.from(p);
  model.initial(pp, y);
  const best = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      y[0] = 0.5 + (i & 1023) / 512; y[1] = 1.5 - (i & 511) / 512; // inputs change every call
      fn(model, y, pp, dy);
    }
    best.push(Number(process.hrtime.bigint() - t0) / N);
  }
  return Math.min(...best);
}
const results = {};
for (const [name, text] of Object.entries(models)) {
  const file = path.join(dir, `${name}.idt`);
  fs.writeFileSync(file, text);
  const { ir, diagnostics } = compileFile(file);
  if (!ir) throw new Error(`${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
  const m = instantiateModel(ir);
  results[name] = {
    rhs: time(m, (mm, y, p, dy) => mm.rhs(0, y, p, dy)),
    jac: time(m, (mm, y, p, dy) => mm.jac(0, y, p, dy)),
  };
}
const term = (k, f) => results[k][f] - results.base[f];
console.log(`surrogate cost (ns per call, best of ${ROUNDS} x ${N.toLocaleString()} calls; ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)})`);
console.log('model        rhs      jac');
for (const k of Object.keys(results)) console.log(`${k.padEnd(8)} ${results[k].rhs.toFixed(1).padStart(8)} ${results[k].jac.toFixed(1).padStart(8)}`);
console.log(`term cost (model - base): Hill n=2 rhs ${term('hill', 'rhs').toFixed(1)} ns, jac ${term('hill', 'jac').toFixed(1)} ns; Hill n=2.5 rhs ${term('hill-2.5', 'rhs').toFixed(1)} ns, jac ${term('hill-2.5', 'jac').toFixed(1)} ns; MLP 2x16x16x1 tanh rhs ${term('mlp', 'rhs').toFixed(1)} ns, jac ${term('mlp', 'jac').toFixed(1)} ns`);
for (const h of ['hill', 'hill-2.5']) {
  for (const k of ['mlp', 'mlp-relu', 'mlp-sigmoid']) {
    console.log(`ratio ${k === 'mlp' ? 'MLP tanh' : k.replace('mlp-', 'MLP ')} / ${h === 'hill' ? 'Hill n=2' : 'Hill n=2.5'}: rhs ${(term(k, 'rhs') / term(h, 'rhs')).toFixed(1)}x, jac ${(term(k, 'jac') / term(h, 'jac')).toFixed(1)}x (target < 10x)`);
  }
}
