// Lowering of the SBML-derived constructs, checked against closed-form solutions: species in
// compartments of changing size (integrated as amounts), assignment rules on compartments and
// species (`:=`), computed stoichiometries `(expr) S`, and `values at execution`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTwin } from '@idt/runtime';
import { compileFile, twinDefinition } from '../index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-sbml-sem-'));
let counter = 0;

function run(text: string, tEnd: number, points = 11): { time: Float64Array; values: Record<string, Float64Array>; stateNames: string[] } {
  const file = path.join(dir, `m${counter++}.idt`);
  fs.writeFileSync(file, text);
  const r = compileFile(file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  const twin = createTwin(twinDefinition(r.ir!));
  const res = twin.simulate({ tEnd, points, rtol: 1e-10, atol: 1e-12 });
  expect(res.status).toBe('success');
  return { time: res.time, values: res.values, stateNames: r.ir!.states.map((s) => s.name) };
}

/** Scaled error |u - u*| / (atol + rtol |u*|) as in the SciPy tests. */
function expectClose(actual: Float64Array, exact: (t: number) => number, time: Float64Array): void {
  for (let k = 0; k < time.length; k++) {
    const u = exact(time[k]!);
    expect(Math.abs(actual[k]! - u) / (1e-9 + 1e-7 * Math.abs(u))).toBeLessThan(5);
  }
}

describe('species in compartments of changing size', () => {
  it('dilutes a species when its compartment grows by a rate rule (amount conserved)', () => {
    const r = run(`compartment V = 1
species S in V = 2
der(V) = 0.5
`, 4);
    expect(r.stateNames).toContain('amount(S)');
    // No reactions: the amount 2 * 1 stays, the concentration is 2 / (1 + t / 2).
    expectClose(r.values.S!, (t) => 2 / (1 + 0.5 * t), r.time);
    expectClose(r.values['amount(S)']!, () => 2, r.time);
  });

  it('integrates reaction extents into the amount when the size follows an assignment rule', () => {
    const r = run(`compartment V := 1 + t
species S in V = 1
parameter k = 0.3
reaction decay: S -> rate k * S * V
`, 5);
    // d(amount)/dt = -k S V = -k amount, so amount = e^{-kt} and S = e^{-kt} / (1 + t).
    expectClose(r.values.S!, (t) => Math.exp(-0.3 * t) / (1 + t), r.time);
    expectClose(r.values.V!, (t) => 1 + t, r.time);
  });

  it('keeps the amount when an event resizes the compartment', () => {
    const r = run(`compartment V = 1
species S in V = 1
event grow when t >= 1.5: V = 4
`, 4, 5);
    expectClose(r.values.S!, (t) => (t < 1.5 ? 1 : 0.25), r.time);
  });

  it('sets a concentration through an event as amount = value x size', () => {
    const r = run(`compartment V = 2
species S in V = 1
der(V) = 0
event set when t >= 0.5: S = 3
`, 2, 3);
    expectClose(r.values.S!, (t) => (t < 0.5 ? 1 : 3), r.time);
    expectClose(r.values['amount(S)']!, (t) => (t < 0.5 ? 2 : 6), r.time);
  });
});

describe('species that keep their amount while their compartment changes', () => {
  it('keeps the amount of a constant species in a growing compartment', () => {
    const r = run(`compartment V = 1
constant species S in V = 1
der(V) = 1
`, 2, 3);
    // SBML test suite case 01117: the amount stays 1, so the concentration is 1 / (1 + t).
    expectClose(r.values.S!, (t) => 1 / (1 + t), r.time);
  });

  it('rescales a concentration with a rate rule when an event resizes its compartment', () => {
    const r = run(`compartment V = 0.5
boundary species S in V = 0
der(S) = 0.4
der(V) = 0.2
event shrink when t >= 0.45: V = 0.2
`, 1, 11);
    // Before the event S = 0.4 t and V = 0.5 + 0.2 t; the event keeps the amount S V, so
    // S jumps to 0.18 * 0.59 / 0.2 and then grows at 0.4 again (SBML test suite case 01505).
    const after = (0.18 * 0.59) / 0.2;
    expectClose(r.values.S!, (t) => (t < 0.45 ? 0.4 * t : after + 0.4 * (t - 0.45)), r.time);
  });
});

describe('assignment rules on species', () => {
  it('makes a boundary species follow its rule inside a reaction', () => {
    const r = run(`compartment c = 1
boundary species X in c := 2 * exp(-t)
species A in c = 0
reaction feed: X -> A rate X * c
`, 3);
    // dA/dt = 2 e^{-t}: A = 2 (1 - e^{-t}).
    expectClose(r.values.X!, (t) => 2 * Math.exp(-t), r.time);
    expectClose(r.values.A!, (t) => 2 * (1 - Math.exp(-t)), r.time);
  });
});

describe('computed stoichiometry', () => {
  it('uses the current value of a stoichiometry expression', () => {
    const r = run(`amount species A = 1
amount species B = 0
parameter k = 0.5
parameter n = 2
reaction r: A -> (n) B rate k * A
event change when t >= 1: n = 3
`, 3, 7);
    const k = 0.5;
    const exact = (t: number) => (t < 1 ? 2 * (1 - Math.exp(-k * t)) : 2 * (1 - Math.exp(-k)) + 3 * (Math.exp(-k) - Math.exp(-k * t)));
    expectClose(r.values.B!, exact, r.time);
  });
});

describe('values at execution', () => {
  const model = (when: string) => `variable x = 0
variable y = -1
der(x) = 1
event copy when t >= 1 delay 1 ${when}: y = x
`;
  it('computes delayed assignment values at trigger time by default', () => {
    const r = run(model(''), 3, 4);
    expect(r.values.y![3]).toBeCloseTo(1, 9);
  });
  it('computes them at execution time with values at execution', () => {
    const r = run(model('values at execution'), 3, 4);
    expect(r.values.y![3]).toBeCloseTo(2, 9);
  });
});
