// Prior sampling: sample moments against the distributions' analytic moments (tolerance from
// the standard error of the estimate), bounds respected, and reproducibility per patient.
import { describe, expect, it } from 'vitest';
import { patientRng, samplePatient, samplePrior } from './priors.js';

const N = 40_000;

function moments(dist: string, args: number[]): { mean: number; sd: number; values: number[] } {
  const rng = patientRng(12345, 0);
  const values = Array.from({ length: N }, () => samplePrior({ dist, args }, rng));
  const mean = values.reduce((s, v) => s + v, 0) / N;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (N - 1));
  return { mean, sd, values };
}

/** |estimate - truth| within 5 standard errors of the mean. */
function expectMean(got: number, mean: number, sd: number): void {
  expect(Math.abs(got - mean)).toBeLessThan((5 * sd) / Math.sqrt(N));
}

describe('samplePrior matches analytic moments', () => {
  it('normal(mean, sd)', () => {
    const m = moments('normal', [2, 0.5]);
    expectMean(m.mean, 2, 0.5);
    expect(Math.abs(m.sd - 0.5) / 0.5).toBeLessThan(0.02);
  });
  it('lognormal(median, sigma): median of samples and mean exp(sigma^2/2) * median', () => {
    const m = moments('lognormal', [0.3, 0.25]);
    const sorted = [...m.values].sort((a, b) => a - b);
    expect(Math.abs(sorted[N / 2]! - 0.3) / 0.3).toBeLessThan(0.01);
    const mean = 0.3 * Math.exp(0.25 ** 2 / 2);
    const sd = mean * Math.sqrt(Math.exp(0.25 ** 2) - 1);
    expectMean(m.mean, mean, sd);
  });
  it('uniform(low, high)', () => {
    const m = moments('uniform', [1, 3]);
    expectMean(m.mean, 2, 2 / Math.sqrt(12));
    expect(Math.min(...m.values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...m.values)).toBeLessThan(3);
  });
  it('loguniform(low, high): mean (b - a) / ln(b / a)', () => {
    const m = moments('loguniform', [0.1, 10]);
    const mean = (10 - 0.1) / Math.log(100);
    const ex2 = (10 ** 2 - 0.1 ** 2) / (2 * Math.log(100));
    expectMean(m.mean, mean, Math.sqrt(ex2 - mean * mean));
  });
  it('gamma(shape, scale): mean shape * scale, also for shape < 1', () => {
    for (const [k, th] of [[2.5, 0.4], [0.5, 2]] as const) {
      const m = moments('gamma', [k, th]);
      expectMean(m.mean, k * th, Math.sqrt(k) * th);
    }
  });
  it('beta(a, b): mean a / (a + b)', () => {
    const m = moments('beta', [2, 5]);
    const sd = Math.sqrt((2 * 5) / (7 * 7 * 8));
    expectMean(m.mean, 2 / 7, sd);
  });
  it('laplace(location, scale): mean location, sd scale * sqrt(2)', () => {
    const m = moments('laplace', [1, 0.5]);
    expectMean(m.mean, 1, 0.5 * Math.SQRT2);
    expect(Math.abs(m.sd - 0.5 * Math.SQRT2) / (0.5 * Math.SQRT2)).toBeLessThan(0.03);
  });
});

describe('samplePatient', () => {
  const params = [
    { name: 'k', prior: { dist: 'lognormal', args: [1, 1] }, bounds: [0.5, 2] as const },
    { name: 'fixed' },
  ];
  it('is reproducible per (seed, patient) and differs between patients', () => {
    expect(samplePatient(params, 7, 3)).toEqual(samplePatient(params, 7, 3));
    expect(samplePatient(params, 7, 3)).not.toEqual(samplePatient(params, 7, 4));
    expect(samplePatient(params, 8, 3)).not.toEqual(samplePatient(params, 7, 3));
  });
  it('draws only parameters with priors and keeps draws inside bounds', () => {
    for (let i = 0; i < 500; i++) {
      const p = samplePatient(params, 1, i);
      expect(Object.keys(p)).toEqual(['k']);
      expect(p['k']).toBeGreaterThanOrEqual(0.5);
      expect(p['k']).toBeLessThanOrEqual(2);
    }
  });
});
