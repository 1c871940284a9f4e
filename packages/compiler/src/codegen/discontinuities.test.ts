// `if` conditions inside the right-hand side: the simulation locates where one flips, repeats the
// step up to just before it (so no solver stage sees the other branch) and restarts the solver
// there. Expected values are the closed-form solutions written in the fixtures' headers.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTwin } from '@idt/runtime';
import { compileFile, instantiateModel, twinDefinition } from '../index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'discontinuities');

function twinOf(file: string) {
  const r = compileFile(path.join(fixtures, file));
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return createTwin(twinDefinition(r.ir!));
}

const k = 0.3;
const dOff = (1 - Math.exp(-k * 2)) / k;
const cases = [
  // Zero-order clearance above x = 1, first-order below: x = 2 - t, then exp(-(t - 1) / 2).
  { file: 'threshold.idt', name: 'x', tEnd: 5, exact: (t: number) => (t <= 1 ? 2 - t : Math.exp(-0.5 * (t - 1))) },
  // Infusion of 1 /h for 2 h into first-order elimination.
  { file: 'infusion.idt', name: 'd', tEnd: 10, exact: (t: number) => (t <= 2 ? (1 - Math.exp(-k * t)) / k : dOff * Math.exp(-k * (t - 2))) },
];
// Largest scaled error |u - u*| / (atol + rtol |u*|) allowed: one-step methods keep their local
// accuracy across the switch; BDF's global error at rtol 1e-8 is a few tolerance units anyway.
const bound: Record<string, number> = { dopri5: 1.5, rodas: 1.5, auto: 1.5, bdf: 8 };

describe('discontinuities in the right-hand side', () => {
  for (const c of cases) {
    for (const method of ['dopri5', 'rodas', 'bdf', 'auto'] as const) {
      it(`${c.file} with ${method} matches the closed form across the switch`, () => {
        const res = twinOf(c.file).simulate({ tEnd: c.tEnd, points: 101, rtol: 1e-8, atol: 1e-10, method });
        expect(res.status).toBe('success');
        expect(res.stats.roots).toBeGreaterThanOrEqual(1);
        let worst = 0;
        res.time.forEach((t, i) => {
          const u = c.exact(t);
          worst = Math.max(worst, Math.abs(res.values[c.name]![i]! - u) / (1e-10 + 1e-8 * Math.abs(u)));
        });
        expect(worst).toBeLessThan(bound[method]!);
      });
    }
  }

  it('marks the comparisons of `if` conditions, and nothing in a model without them', () => {
    const withIf = instantiateModel(compileFile(path.join(fixtures, 'infusion.idt')).ir!);
    expect(withIf.nRoots).toBe(1);
    expect(withIf.discontinuityRoots).toEqual([0]);
    const plain = instantiateModel(compileFile(path.join(fixtures, '..', 'decay.idt')).ir!);
    expect(plain.discontinuityRoots).toEqual([]);
  });

  it('stops with a clear message when a condition chatters (sliding mode), keeping the rows so far', () => {
    for (const method of ['auto', 'rodas'] as const) {
      const res = twinOf('sliding-mode.idt').simulate({ tEnd: 10, points: 11, method });
      expect(res.status).toBe('failed');
      expect(res.message).toContain('sliding mode');
      // x = t reaches the threshold at t = 1 exactly.
      expect(Math.abs(res.failure!.t - 1)).toBeLessThan(0.01);
      expect(Array.from(res.time)).toEqual([0, 1]);
    }
  });
});
