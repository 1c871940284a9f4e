// Supervised training end to end: samples of a known Hill rate law -> `trainModel` (TensorFlow.js)
// -> weights file -> the compiled model with the surrogate in place of the rate law. The truth is
// the mechanistic rate law and the mechanistic model's trajectories (fixtures/hill).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, twinDefinition } from '@idt/compiler';
import { Codes, validateWeights } from '@idt/lang';
import { createTwin } from '@idt/runtime';
import { trainModel, TrainingDataError } from '@idt/train';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'hill');
const hill = (x: number) => x ** 2 / (1 + x ** 2);

function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-train-'));
  for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(dir, f));
  return dir;
}

function writeSamples(file: string, n: number, noise = 0): void {
  const lines = ['stimulus,flux'];
  for (let i = 0; i < n; i++) {
    const x = (4 * (i + 0.5)) / n;
    lines.push(`${x},${hill(x) + noise * Math.sin(17 * i)}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('supervised training of a surrogate on a Hill rate law', () => {
  it('reproduces the rate law on held-out inputs and the mechanistic trajectories', async () => {
    const dir = workDir();
    writeSamples(path.join(dir, 'samples.csv'), 400);
    const { report } = await trainModel({
      model: path.join(dir, 'surrogate.idt'), data: path.join(dir, 'samples.csv'),
      map: { x: 'stimulus' }, seed: 3, epochs: 250, batchSize: 64, learningRate: 0.03, patience: 100,
    });
    expect(report.mode).toBe('supervised');
    if (report.mode !== 'supervised') return;
    // Held-out error (80 samples never trained on), against the Hill function's range [0, 0.94].
    expect(report.result.validationRows).toBe(80);
    expect(report.result.heldOut.rmse[0]).toBeLessThan(0.01);
    expect(report.result.heldOut.maxAbs[0]).toBeLessThan(0.04);

    const file = path.join(dir, 'release.weights.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(validateWeights(text, [1, 16, 16, 1], { activation: 'tanh' })).toBeUndefined();
    const doc = JSON.parse(text) as { hash: string; inputMin: number[]; inputMax: number[]; provenance: { data: { hash: string }[]; seed: number; epochs: number } };
    expect(doc.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(doc.provenance.seed).toBe(3);
    expect(doc.provenance.data[0]!.hash).toMatch(/^sha256:/);
    expect(doc.inputMin[0]).toBeGreaterThanOrEqual(0);
    expect(doc.inputMax[0]).toBeLessThanOrEqual(4);

    // The model with the surrogate against the mechanistic model (same X, C; 24 h).
    const mech = createTwin(twinDefinition(compileFile(path.join(fixtures, 'mechanistic.idt')).ir!)).simulate({ points: 97 });
    const compiled = compileFile(path.join(dir, 'surrogate.idt'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const hybrid = createTwin(twinDefinition(compiled.ir!)).simulate({ points: 97 });
    expect(hybrid.status).toBe('success');
    expect(hybrid.warnings).toEqual([]); // X stays within the sampled range [0, 4]
    let worst = 0;
    for (let k = 0; k < mech.time.length; k++) worst = Math.max(worst, Math.abs(hybrid.values.C![k]! - mech.values.C![k]!));
    // C peaks near 1.3; a rate error of at most 0.04 integrated against clearance 0.5/h.
    expect(worst).toBeLessThan(0.03);
  });

  it('is reproducible: the same seed writes the same file byte for byte', async () => {
    const dir = workDir();
    writeSamples(path.join(dir, 'samples.csv'), 60, 0.01);
    const opts = { model: path.join(dir, 'surrogate.idt'), data: path.join(dir, 'samples.csv'), map: { x: 'stimulus' }, seed: 11, epochs: 15 };
    await trainModel(opts);
    const first = fs.readFileSync(path.join(dir, 'release.weights.json'), 'utf8');
    await trainModel(opts);
    expect(fs.readFileSync(path.join(dir, 'release.weights.json'), 'utf8')).toBe(first);
    await trainModel({ ...opts, seed: 12 });
    expect(fs.readFileSync(path.join(dir, 'release.weights.json'), 'utf8')).not.toBe(first);
  });

  it('names the missing column and how to map it', async () => {
    const dir = workDir();
    writeSamples(path.join(dir, 'samples.csv'), 20);
    await expect(trainModel({ model: path.join(dir, 'surrogate.idt'), data: path.join(dir, 'samples.csv'), mode: 'supervised' }))
      .rejects.toThrow(/no column 'x' for input 'x' of surrogate release \(columns: stimulus, flux\); use --map x=<column>/);
    await expect(trainModel({ model: path.join(dir, 'surrogate.idt'), data: path.join(dir, 'samples.csv') }))
      .rejects.toBeInstanceOf(TrainingDataError);
  });
});

describe('weights file checks', () => {
  const good = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'weights', 'small.weights.json'), 'utf8')) as Record<string, unknown>;
  it('accepts the file as written and rejects edited numbers by their content hash', () => {
    const w = good();
    expect(validateWeights(JSON.stringify(w), [2, 3, 1])).toBeUndefined();
    (w.kernels as number[][])[0]![0] = 0.5;
    expect(validateWeights(JSON.stringify(w), [2, 3, 1])?.message).toMatch(/content hash does not match/);
  });
  it('rejects NaN or infinite weights, shape and activation mismatches, bad scaling', () => {
    const nan = JSON.stringify(good()).replace(/"biases":\[\[0/, '"biases":[["NaN"');
    expect(validateWeights(nan, [2, 3, 1])?.code).toBe(Codes.WeightsNotFinite);
    expect(validateWeights(JSON.stringify(good()), [2, 4, 1])?.code).toBe(Codes.WeightsShapeMismatch);
    expect(validateWeights(JSON.stringify(good()), [3, 3, 1])?.code).toBe(Codes.WeightsShapeMismatch);
    expect(validateWeights(JSON.stringify(good()), [2, 3, 1], { activation: 'relu' })?.message).toMatch(/trained with activation 'tanh' but the declaration says 'relu'/);
    const w = good();
    delete w.hash;
    w.inputScale = [1, 0];
    expect(validateWeights(JSON.stringify(w), [2, 3, 1])?.message).toMatch(/"inputScale" contains a zero/);
    w.inputScale = [1];
    expect(validateWeights(JSON.stringify(w), [2, 3, 1])?.code).toBe(Codes.WeightsShapeMismatch);
  });
});
