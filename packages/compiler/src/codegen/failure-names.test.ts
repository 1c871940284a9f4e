// A run that meets a non-finite derivative names the reactions behind it and keeps its results.
// The fixture's x = 2 exp(-t/2) reaches the rate law's domain edge x = 1 at t = 2 ln 2 (closed form).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createTwin } from '@idt/runtime';
import { compileFile, twinDefinition } from '../index.js';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'failures', 'nan-rate.idt');

it('a NaN rate names its reaction, the variable and the time, and keeps the rows so far', () => {
  const r = compileFile(file);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const res = createTwin(twinDefinition(r.ir!)).simulate({ tEnd: 5, points: 51 });
  expect(res.status).toBe('failed');
  expect(res.failure?.kind).toBe('nan');
  expect(res.failure?.reactions).toEqual(['release']);
  expect(res.failure?.variables).toEqual(['y']);
  expect(Math.abs(res.failure!.t - 2 * Math.LN2)).toBeLessThan(1e-6);
  expect(res.message).toContain('from reaction release');
  // Rows up to the failure are kept and finite: 0, 0.1, ..., 1.3.
  expect(res.time.length).toBe(14);
  expect(res.time[13]).toBeCloseTo(1.3, 12);
  for (const v of res.values.x!) expect(Number.isFinite(v)).toBe(true);
});
