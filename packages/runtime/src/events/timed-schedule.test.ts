// Timed event schedules: once, periodic with count and end, start before t0, no drift.
import { describe, expect, it } from 'vitest';
import { TimedSchedule } from './timed-schedule.js';

function firings(spec: { start: number; period: number; end: number; count: number; delay?: number }, t0: number, tEnd: number): number[] {
  const s = new TimedSchedule([{ event: 3, times: () => spec }]);
  s.init(new Float64Array(0), t0);
  const out: number[] = [];
  for (let t = s.nextTime(); t <= tEnd; t = s.nextTime()) {
    const i = s.takeDue(t);
    expect(s.eventOf(i)).toBe(3);
    out.push(t);
  }
  return out;
}

describe('TimedSchedule', () => {
  it('fires once when the period is 0, including exactly at t0', () => {
    expect(firings({ start: 0, period: 0, end: Infinity, count: Infinity }, 0, 10)).toEqual([0]);
    expect(firings({ start: 2, period: 0, end: Infinity, count: 5 }, 0, 10)).toEqual([2]);
    expect(firings({ start: -1, period: 0, end: Infinity, count: 1 }, 0, 10)).toEqual([]);
  });

  it('stops after count firings or past end', () => {
    expect(firings({ start: 1, period: 2, end: Infinity, count: 3 }, 0, 100)).toEqual([1, 3, 5]);
    expect(firings({ start: 1, period: 2, end: 6, count: Infinity }, 0, 100)).toEqual([1, 3, 5]);
  });

  it('skips firings before t0 and keeps counting from the schedule start', () => {
    expect(firings({ start: 0, period: 4, end: Infinity, count: 5 }, 5, 100)).toEqual([8, 12, 16]);
    expect(firings({ start: 0, period: 4, end: Infinity, count: 5 }, 8, 100)).toEqual([8, 12, 16]);
  });

  it('with a delay, yields trigger times and keeps the firings whose execution is at or after t0', () => {
    const spec = { start: 0, period: 4, end: Infinity, count: 5, delay: 3 };
    // Executions at 3, 7, 11, 15, 19: from t0 = 5 the one triggered at 4 still executes (at 7).
    expect(firings(spec, 5, 100)).toEqual([4, 8, 12, 16]);
    expect(firings(spec, 7.5, 100)).toEqual([8, 12, 16]);
    const s = new TimedSchedule([{ event: 0, times: () => spec }]);
    s.init(new Float64Array(0), 5);
    expect(s.delayOf(0)).toBe(3);
    expect(s.takeDue(5)).toBe(0);
    expect(s.takenAt).toBe(4);
  });

  it('computes start + k period without accumulating rounding error', () => {
    const times = firings({ start: 0, period: 0.1, end: Infinity, count: 1001 }, 0, 1000);
    expect(times.length).toBe(1001);
    expect(times[1000]).toBe(1000 * 0.1);
    expect(times[7]).toBe(7 * 0.1);
  });

  it('interleaves several events in time order', () => {
    const s = new TimedSchedule([
      { event: 0, times: () => ({ start: 0, period: 3, end: Infinity, count: Infinity }) },
      { event: 1, times: () => ({ start: 1, period: 2, end: Infinity, count: Infinity }) },
    ]);
    s.init(new Float64Array(0), 0);
    const seen: string[] = [];
    for (let t = s.nextTime(); t <= 6; t = s.nextTime()) {
      for (let i = s.takeDue(t); i >= 0; i = s.takeDue(t)) seen.push(`${t}:${s.eventOf(i)}`);
    }
    expect(seen).toEqual(['0:0', '1:1', '3:0', '3:1', '5:1', '6:0']);
  });
});
