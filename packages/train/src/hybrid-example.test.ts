// The hybrid sepsis twin of examples/hybrid against the full mechanistic twin it was trained from
// (examples/sepsis/twin.idt, the truth): the committed weights belong to the committed data, and
// the compiled hybrid twin tracks the truth on the training span (0-48 h) and on an extrapolation
// span (48-200 h) it never saw. Training itself is not repeated here (about 10 s); the README
// gives the command, and its provenance is checked instead.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin } from '@idt/runtime';

const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
const dir = path.join(examples, 'hybrid');

describe('examples/hybrid: learned anti-inflammatory feedback in the sepsis twin', () => {
  it('ships weights trained on the shipped data', () => {
    const weights = JSON.parse(fs.readFileSync(path.join(dir, 'ca_production.weights.json'), 'utf8')) as { provenance: { mode: string; data: { file: string; hash: string }[] } };
    expect(weights.provenance.mode).toBe('hybrid');
    const data = fs.readFileSync(path.join(dir, weights.provenance.data[0]!.file));
    expect(`sha256:${createHash('sha256').update(data).digest('hex')}`).toBe(weights.provenance.data[0]!.hash);
  });

  it('tracks the mechanistic twin on the training span and beyond it', () => {
    const truth = createTwin(twinDefinition(compileFile(path.join(examples, 'sepsis', 'twin.idt')).ir!));
    const compiled = compileFile(path.join(dir, 'twin.idt'));
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const hybrid = createTwin(twinDefinition(compiled.ir!));
    const error = (t0: number, t1: number) => {
      const times = Array.from({ length: 97 }, (_, k) => t0 + ((t1 - t0) * k) / 96);
      const a = truth.simulate({ tEnd: t1, times, rtol: 1e-10, atol: 1e-12 });
      const b = hybrid.simulate({ tEnd: t1, times, rtol: 1e-10, atol: 1e-12 });
      expect(b.status).toBe('success');
      const worst: Record<string, number> = {};
      for (const v of ['P', 'N', 'D', 'CA']) {
        let w = 0, scale = 0;
        for (let k = 0; k < times.length; k++) { w = Math.max(w, Math.abs(a.values[v]![k]! - b.values[v]![k]!)); scale = Math.max(scale, Math.abs(a.values[v]![k]!)); }
        worst[v] = w / scale; // relative to the truth's peak on the span
      }
      return { worst, warnings: b.warnings };
    };
    // Training span: the data carry 3 % noise; the fit stays within 5 % of each state's peak.
    const train = error(0, 48);
    for (const v of ['P', 'N', 'D', 'CA']) expect(train.worst[v], v).toBeLessThan(0.05);
    expect(train.warnings).toEqual([]);
    // Extrapolation to 200 h (N*, D and CA keep rising past anything in the data): within 10 %,
    // and the twin says that the network is outside its training range.
    const beyond = error(48, 200);
    for (const v of ['N', 'D', 'CA']) expect(beyond.worst[v], v).toBeLessThan(0.1);
    expect(beyond.warnings.some((w) => w.includes('surrogate input ca_production.'))).toBe(true);
  });
});
