// Timed events (`at`, `every`) from model text to trajectory: delays with assignment values taken at
// trigger time (SBML useValuesFromTriggerTime) or at execution, priorities, and ties drawn from the
// run's seed. Expected values are closed-form solutions of first-order elimination with boluses.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTwin, type TwinSimulateOptions } from '@idt/runtime';
import { compileFile, twinDefinition } from '../index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-timed-'));
let counter = 0;

function twinOf(text: string) {
  const file = path.join(dir, `m${counter++}.idt`);
  fs.writeFileSync(file, text);
  const r = compileFile(file);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return createTwin(twinDefinition(r.ir!));
}

function simulate(text: string, options: TwinSimulateOptions) {
  const res = twinOf(text).simulate({ rtol: 1e-10, atol: 1e-12, ...options });
  expect(res.status).toBe('success');
  return res;
}

/** Scaled error |u - u*| / (atol + rtol |u*|) as in the SciPy tests. */
function expectClose(actual: Float64Array, exact: (t: number) => number, time: Float64Array): void {
  for (let k = 0; k < time.length; k++) {
    const u = exact(time[k]!);
    expect(Math.abs(actual[k]! - u) / (1e-9 + 1e-7 * Math.abs(u)), `t = ${time[k]}`).toBeLessThan(5);
  }
}

const k = 0.5;
const d0 = 4;
/** x(t) = t is the bolus size; drug eliminated at rate k from drug(0) = d0. */
const bolusModel = (trigger: string, options: string) => `variable x = 0
der(x) = 1
species drug = ${d0}
parameter k = ${k}
reaction elim: drug -> by mass action k
event bolus ${trigger} ${options}: drug += x
`;
/** drug(t) for boluses of size b_i given at times a_i: linear, so each decays on its own. */
const superposed = (doses: [at: number, size: number][]) => (t: number): number =>
  d0 * Math.exp(-k * t) + doses.reduce((acc, [a, b]) => acc + (t >= a ? b * Math.exp(-k * (t - a)) : 0), 0);
const times = [0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8];

describe('timed events with a delay', () => {
  it('`at` with a delay takes the bolus size at trigger time by default', () => {
    // Triggered at 1 (x = 1), applied at 2.
    const res = simulate(bolusModel('at 1', 'delay 1'), { tEnd: 8, times });
    expectClose(res.values.drug!, superposed([[2, 1]]), res.time);
    expect(res.events.map((e) => e.t)).toEqual([2]);
  });

  it('`values at execution` takes it when the event executes', () => {
    const res = simulate(bolusModel('at 1', 'delay 1 values at execution'), { tEnd: 8, times });
    expectClose(res.values.drug!, superposed([[2, 2]]), res.time);
  });

  it('a periodic schedule with a delay: every trigger stores its own values', () => {
    // Triggers at 1, 3, 5 (x = 1, 3, 5), executions 0.5 later; `until 5` bounds the triggers.
    const res = simulate(bolusModel('every 2 from 1 until 5', 'delay 0.5'), { tEnd: 8, times });
    expectClose(res.values.drug!, superposed([[1.5, 1], [3.5, 3], [5.5, 5]]), res.time);
    expect(res.events.map((e) => e.t)).toEqual([1.5, 3.5, 5.5]);
  });

  it('a delay longer than the period keeps several executions pending, in order', () => {
    const res = simulate(bolusModel('every 1 from 1 times 3', 'delay 2.5'), { tEnd: 8, times });
    expectClose(res.values.drug!, superposed([[3.5, 1], [4.5, 2], [5.5, 3]]), res.time);
  });

  it('a run starting between a trigger and its execution applies it (values at the start)', () => {
    // The trigger at 1 is before t0 = 1.5, its execution at 2 is not: the run knows no state before
    // t0, so the values are those at t0 (the model's initial state, x = 0).
    const res = simulate(bolusModel('every 1 from 1 times 2', 'delay 1'), { t0: 1.5, tEnd: 5, times: [1.5, 2, 2.5, 3, 4, 5] });
    expect(res.events.map((e) => e.t)).toEqual([2, 3]);
    // x(t) = t - 1.5 from t0 = 1.5; drug(1.5) = d0. Boluses: 0 at 2 (x at t0), x(2) = 0.5 at 3.
    const exact = (t: number): number => d0 * Math.exp(-k * (t - 1.5)) + (t >= 3 ? 0.5 * Math.exp(-k * (t - 3)) : 0);
    expectClose(res.values.drug!, exact, res.time);
  });
});

describe('priorities and ties of timed events', () => {
  const model = (pa: string, pb: string) => `parameter m = 0
variable z = 0
der(z) = 0
event a at 3 ${pa}: m = 10 * m + 1
event b at 3 ${pb}: m = 10 * m + 2
`;
  const final = (text: string, seed?: number) => {
    const twin = twinOf(text);
    const res = twin.simulate({ tEnd: 4, ...(seed === undefined ? {} : { seed }) });
    return res.events.map((e) => e.event).join(',');
  };

  it('execute coinciding timed events in decreasing priority', () => {
    expect(final(model('priority 1', 'priority 2'))).toBe('b,a');
    expect(final(model('priority 2', 'priority 1'))).toBe('a,b');
  });

  it('compare priorities between a delayed execution and a firing at the same instant', () => {
    // a is triggered at 1 and executes at 1 + 2 = 3, exactly when b fires.
    const delayed = (pa: string, pb: string) => `parameter m = 0
variable z = 0
der(z) = 0
event a at 1 delay 2 ${pa}: m = 10 * m + 1
event b at 3 ${pb}: m = 10 * m + 2
`;
    expect(final(delayed('priority 1', 'priority 2'))).toBe('b,a');
    expect(final(delayed('priority 2', 'priority 1'))).toBe('a,b');
  });

  it('draw the order of equal priorities from the seed: both orders occur, a seed repeats its order', () => {
    const text = model('', '');
    const orders = Array.from({ length: 40 }, (_, seed) => final(text, seed));
    // A fair draw gives one order 40 times in a row with probability 2^-39.
    expect(new Set(orders)).toEqual(new Set(['a,b', 'b,a']));
    expect(final(text, 7)).toBe(orders[7]);
  });
});
