// SBML event semantics in the simulate driver: delays, values from trigger time, persistence,
// priorities, cascades, initialValue, several pending executions of one event.
import { describe, expect, it } from 'vitest';
import { simulateCompiled } from './simulate.js';
import { DEFAULT_EVENT_SEED } from './events/event-engine.js';
import { handModel, type HandEvent, type HandTriggeredEvent } from './testing/hand-model.js';

const tight = { rtol: 1e-10, atol: 1e-12 } as const;

/** y' = r y from y = 1 (r = p[0]); root 0 is y - 5, crossed at t* = ln 5 / r. p[1..3] are free slots. */
function growth(events: HandEvent[], triggered: HandTriggeredEvent[]) {
  return handModel({
    nStates: 1,
    nParams: 4,
    nRoots: 1,
    rhs: (_t, y, p, dy) => { dy[0] = p[0]! * y[0]!; },
    initial: (_p, y) => { y[0] = 1; },
    roots: (_t, y, _p, g) => { g[0] = y[0]! - 5; },
    events,
    triggered,
  });
}
const r = 0.5;
const tStar = Math.log(5) / r;
const above5 = (_t: number, y: Float64Array): boolean => y[0]! > 5;
/** An event storing y into p[slot]. */
const storeY = (slot: number): HandEvent => ({ size: 1, values: (_t, y, _p, b) => { b[0] = y[0]!; }, apply: (b, _y, p) => { p[slot] = b[0]!; } });
/** An event appending digit d to p[1] (p[1] = 10 p[1] + d): records execution order when its values
 *  are computed at execution time (useValuesFromTriggerTime: false). */
const digit = (d: number): HandEvent => ({ size: 1, values: (_t, _y, p, b) => { b[0] = 10 * p[1]! + d; }, apply: (b, _y, p) => { p[1] = b[0]!; } });

describe('delays and useValuesFromTriggerTime', () => {
  it('executes a delayed event exactly at trigger time + delay, with values from trigger time', () => {
    const model = growth([storeY(1)], [{ event: 0, rootIndices: [0], condition: above5, delay: 2 }]);
    const res = simulateCompiled(model, { tEnd: 8, ...tight, params: Float64Array.of(r, 0, 0, 0) });
    expect(res.eventLog.length).toBe(1);
    expect(Math.abs(res.eventLog[0]!.t - (tStar + 2))).toBeLessThan(1e-8);
    expect(res.params[1]).toBeCloseTo(5, 8);
  });

  it('computes the values at execution time when useValuesFromTriggerTime is false', () => {
    const model = growth([storeY(1)], [{ event: 0, rootIndices: [0], condition: above5, delay: 2, useValuesFromTriggerTime: false }]);
    const res = simulateCompiled(model, { tEnd: 8, ...tight, params: Float64Array.of(r, 0, 0, 0) });
    expect(Math.abs(res.params[1]! - 5 * Math.exp(r * 2)) / (5 * Math.E)).toBeLessThan(1e-8);
  });

  it('takes delays that depend on the state at trigger time', () => {
    const model = growth([storeY(1)], [{ event: 0, rootIndices: [0], condition: above5, delay: (_t, y) => y[0]! / 10 }]);
    const res = simulateCompiled(model, { tEnd: 8, ...tight, params: Float64Array.of(r, 0, 0, 0) });
    expect(Math.abs(res.eventLog[0]!.t - (tStar + 0.5))).toBeLessThan(1e-8);
  });

  it('uses trigger-time values even when a higher-priority event at the same instant changes them first', () => {
    const setP1: HandEvent = { apply: (_b, _y, p) => { p[1] = 100; } };
    const copyP1: HandEvent = { size: 1, values: (_t, _y, p, b) => { b[0] = p[1]!; }, apply: (b, _y, p) => { p[2] = b[0]!; } };
    for (const [useTrigger, expected] of [[true, 7], [false, 100]] as const) {
      const model = growth([setP1, copyP1], [
        { event: 0, rootIndices: [0], condition: above5, priority: 10 },
        { event: 1, rootIndices: [0], condition: above5, priority: 0, useValuesFromTriggerTime: useTrigger },
      ]);
      const res = simulateCompiled(model, { tEnd: 5, params: Float64Array.of(r, 7, 0, 0) });
      expect(res.params[2]).toBe(expected);
    }
  });

  it('keeps several pending executions of one event that re-triggers during its delay', () => {
    // x = sin t: the trigger sin t > 0.5 fires at pi/6 and 2 pi + pi/6; the delay 7 exceeds the period.
    const model = handModel({
      nStates: 1,
      nRoots: 1,
      rhs: (t, _y, _p, dy) => { dy[0] = Math.cos(t); },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 0.5; },
      events: [{ apply: () => {} }],
      triggered: [{ event: 0, rootIndices: [0], condition: (_t, y) => y[0]! > 0.5, delay: 7 }],
    });
    const res = simulateCompiled(model, { tEnd: 16, ...tight, params: new Float64Array(0) });
    const expected = [Math.PI / 6 + 7, 2 * Math.PI + Math.PI / 6 + 7];
    expect(res.eventLog.length).toBe(2);
    res.eventLog.forEach((e, k) => expect(Math.abs(e.t - expected[k]!)).toBeLessThan(1e-8));
  });
});

describe('persistence', () => {
  // x = sin t: the trigger x > 0.5 holds on (pi/6, 5 pi/6), about 2.09 long.
  const oscillator = (delay: number, persistent: boolean) =>
    handModel({
      nStates: 1,
      nRoots: 1,
      rhs: (t, _y, _p, dy) => { dy[0] = Math.cos(t); },
      roots: (_t, y, _p, g) => { g[0] = y[0]! - 0.5; },
      events: [{ apply: () => {} }],
      triggered: [{ event: 0, rootIndices: [0], condition: (_t, y) => y[0]! > 0.5, delay, persistent }],
    });

  it('cancels a non-persistent event whose trigger turns false during the delay', () => {
    const res = simulateCompiled(oscillator(3, false), { tEnd: 6, ...tight, params: new Float64Array(0) });
    expect(res.eventLog).toEqual([]);
    expect(res.stats.roots).toBe(2);
  });

  it('executes a persistent event anyway', () => {
    const res = simulateCompiled(oscillator(3, true), { tEnd: 6, ...tight, params: new Float64Array(0) });
    expect(res.eventLog.length).toBe(1);
    expect(Math.abs(res.eventLog[0]!.t - (Math.PI / 6 + 3))).toBeLessThan(1e-8);
  });

  it('executes a non-persistent event whose trigger stays true through the delay', () => {
    const res = simulateCompiled(oscillator(1, false), { tEnd: 6, ...tight, params: new Float64Array(0) });
    expect(res.eventLog.length).toBe(1);
    expect(Math.abs(res.eventLog[0]!.t - (Math.PI / 6 + 1))).toBeLessThan(1e-8);
  });

  it('drops a non-persistent immediate event when a higher-priority event at the same instant falsifies its trigger', () => {
    const resetY: HandEvent = { apply: (_b, y) => { y[0] = 0.1; } };
    for (const persistent of [false, true]) {
      const model = growth([resetY, digit(2)], [
        { event: 0, rootIndices: [0], condition: above5, priority: 10 },
        { event: 1, rootIndices: [0], condition: above5, priority: 0, persistent },
      ]);
      const res = simulateCompiled(model, { tEnd: 5, params: Float64Array.of(r, 0, 0, 0) });
      expect(res.eventLog.map((e) => e.event)).toEqual(persistent ? [0, 1] : [0]);
    }
  });
});

describe('priorities, cascades, initialValue', () => {
  const two = (p0: number, p1: number) =>
    growth([digit(1), digit(2)], [
      { event: 0, rootIndices: [0], condition: above5, priority: p0, useValuesFromTriggerTime: false },
      { event: 1, rootIndices: [0], condition: above5, priority: p1, useValuesFromTriggerTime: false },
    ]);

  it('executes simultaneous events in decreasing priority', () => {
    const run = (p0: number, p1: number) => simulateCompiled(two(p0, p1), { tEnd: 5, params: Float64Array.of(r, 0, 0, 0) });
    expect(run(1, 5).params[1]).toBe(21);
    expect(run(5, 1).params[1]).toBe(12);
    const res = run(1, 5);
    expect(res.eventLog.map((e) => e.event)).toEqual([1, 0]);
    expect(res.eventLog[0]!.t).toBe(res.eventLog[1]!.t);
  });

  it('orders ties in priority at random (SBML), reproducibly for a given seed', () => {
    const run = (seed?: number) => simulateCompiled(two(3, 3), { tEnd: 5, params: Float64Array.of(r, 0, 0, 0), ...(seed === undefined ? {} : { seed }) }).params[1];
    // Both orders happen; over 200 seeds a fair choice gives 100 +- 7 (one standard deviation) of
    // each, so 70..130 fails a correct engine with probability below 1e-4 for this fixed seed set.
    const outcomes = Array.from({ length: 200 }, (_, seed) => run(seed));
    expect(new Set(outcomes)).toEqual(new Set([12, 21]));
    const first0 = outcomes.filter((v) => v === 12).length;
    expect(first0).toBeGreaterThan(70);
    expect(first0).toBeLessThan(130);
    // The same seed gives the same order; no seed means DEFAULT_EVENT_SEED.
    expect(run(17)).toBe(outcomes[17]);
    expect(run()).toBe(outcomes[DEFAULT_EVENT_SEED]);
  });

  it('with values from trigger time, both events compute from the state before either executes', () => {
    const model = growth([digit(1), digit(2)], [
      { event: 0, rootIndices: [0], condition: above5, priority: 1 },
      { event: 1, rootIndices: [0], condition: above5, priority: 5 },
    ]);
    // Both computed 10 * 0 + d at trigger time; event 0 executes last.
    expect(simulateCompiled(model, { tEnd: 5, params: Float64Array.of(r, 0, 0, 0) }).params[1]).toBe(1);
  });

  it('re-evaluates priorities after each execution', () => {
    // Event 0 (priority 2) runs first and raises event 2's priority above event 1's.
    const raise: HandEvent = { apply: (_b, _y, p) => { p[3] = 10; p[1] = 10 * p[1]! + 1; } };
    const model = growth([raise, digit(2), digit(3)], [
      { event: 0, rootIndices: [0], condition: above5, priority: 2 },
      { event: 1, rootIndices: [0], condition: above5, priority: 1, useValuesFromTriggerTime: false },
      { event: 2, rootIndices: [0], condition: above5, priority: (_t, _y, p) => p[3]!, useValuesFromTriggerTime: false },
    ]);
    const res = simulateCompiled(model, { tEnd: 5, params: Float64Array.of(r, 0, 0, 0) });
    expect(res.params[1]).toBe(132);
  });

  it('cascades: an event whose assignment makes another trigger true fires it at the same instant', () => {
    const setFlag: HandEvent = { apply: (_b, _y, p) => { p[2] = 1; } };
    const model = growth([setFlag, digit(7)], [
      { event: 0, rootIndices: [0], condition: above5 },
      { event: 1, condition: (_t, _y, p) => p[2]! > 0.5 },
    ]);
    const res = simulateCompiled(model, { tEnd: 5, ...tight, params: Float64Array.of(r, 0, 0, 0) });
    expect(res.eventLog.map((e) => e.event)).toEqual([0, 1]);
    expect(res.eventLog[1]!.t).toBe(res.eventLog[0]!.t);
    expect(Math.abs(res.eventLog[0]!.t - tStar)).toBeLessThan(1e-8);
  });

  it('fails cleanly on an endless cascade', () => {
    // Each execution flips p[2], which re-triggers the other event forever.
    const on: HandEvent = { apply: (_b, _y, p) => { p[2] = 1; } };
    const off: HandEvent = { apply: (_b, _y, p) => { p[2] = 0; } };
    const model = growth([on, off], [
      { event: 0, condition: (_t, _y, p) => p[2]! < 0.5, initialValue: false },
      { event: 1, condition: (_t, _y, p) => p[2]! > 0.5 },
    ]);
    const res = simulateCompiled(model, { tEnd: 5, params: Float64Array.of(r, 0, 0, 0) });
    expect(res.status).toBe('failed');
    expect(res.failure?.kind).toBe('event-cascade');
    expect(res.time.length).toBe(1);
  });

  it('fires at t0 when the trigger holds at t0 and initialValue is false, not when it is true', () => {
    for (const initialValue of [false, true]) {
      const model = growth([storeY(1)], [{ event: 0, condition: (_t, y) => y[0]! > 0.5, initialValue }]);
      const res = simulateCompiled(model, { tEnd: 1, params: Float64Array.of(r, 0, 0, 0) });
      expect(res.eventLog).toEqual(initialValue ? [] : [{ t: 0, event: 0 }]);
    }
  });

  it('reports post-event values at an output time equal to the event time (SBML test-suite convention)', () => {
    const bolus = handModel({
      nStates: 1,
      rhs: (_t, _y, _p, dy) => { dy[0] = 0; },
      events: [{ apply: (_b, y) => { y[0] += 1; } }],
      timed: [{ event: 0, start: 0, period: 1, count: 3 }],
    });
    const res = simulateCompiled(bolus, { tEnd: 3, times: [0, 0.5, 1, 2, 3], params: new Float64Array(0) });
    expect(Array.from(res.states[0]!)).toEqual([1, 1, 2, 3, 3]);
  });
});
