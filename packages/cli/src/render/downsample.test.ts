import { describe, expect, it } from 'vitest';
import { downsampleSeries } from './downsample.js';

function grid(n: number, f: (t: number) => number): { time: Float64Array; values: Float64Array } {
  const time = new Float64Array(n).map((_, i) => i / (n - 1));
  return { time, values: time.map(f) };
}

describe('downsampleSeries', () => {
  it('returns a short series unchanged, without copying', () => {
    const { time, values } = grid(100, Math.sin);
    const out = downsampleSeries(time, values, 1000);
    expect(out.time).toBe(time);
    expect(out.values).toBe(values);
  });

  it('keeps the first and last points and stays within budget', () => {
    const { time, values } = grid(10_000, (t) => Math.sin(20 * t));
    const out = downsampleSeries(time, values, 500);
    expect(out.time.length).toBe(500);
    expect(out.time[0]).toBe(0);
    expect(out.time[out.time.length - 1]).toBe(1);
    for (let i = 1; i < out.time.length; i++) expect(out.time[i]!).toBeGreaterThan(out.time[i - 1]!);
  });

  it('keeps a one-sample spike that a stride would miss', () => {
    const { time, values } = grid(10_001, () => 0);
    values[5003] = 100;
    const out = downsampleSeries(time, values, 200);
    expect(Math.max(...out.values)).toBe(100);
  });

  it('breaks runs at non-finite values with one NaN marker per gap', () => {
    const { time, values } = grid(10_000, (t) => t);
    values.fill(Number.NaN, 4000, 5000);
    const out = downsampleSeries(time, values, 300);
    const gaps = [...out.values].filter(Number.isNaN).length;
    expect(gaps).toBe(1);
    const gapAt = [...out.values].findIndex(Number.isNaN);
    expect(out.time[gapAt - 1]!).toBeLessThan(out.time[gapAt]!);
    expect(out.time[gapAt]!).toBeLessThan(out.time[gapAt + 1]!);
    expect(out.time.length).toBeLessThanOrEqual(302);
  });
});
