// The sepsis twin (examples/sepsis/twin.idt) against the reference numbers of
// shared/models/immune-models.md: §1 (Reynolds et al. 2006, J Theor Biol 242:220-236, equations
// and parameters as in BioModels BIOMD0000000714) and §5 (the project's TREAT / DO NOT TREAT
// benchmark on top of it).
//
// Status of the numbers (immune-models.md tags): the three patients' parameters and outcomes
// are [V2+] (read from the BioModels curation files HealthyOutcome / AsepticDeath / SepticDeath
// and consistent with the Pulse engine's mapping); trajectories, attractors, peaks, P0
// thresholds and every treatment outcome are [D]: the notes' own SciPy simulations (LSODA,
// rtol 1e-9 to 1e-10, key outcomes re-checked with RK45, Radau and DOP853), i.e. a peer tool,
// not numbers the paper prints.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExample, final, peakOf } from './helpers.js';

const { ir, twin } = compileExample('sepsis/twin.idt');

describe('sepsis twin: the innate module is BioModels BIOMD0000000714', () => {
  it("has the SBML file's values for all 21 rate constants", () => {
    // The curated SBML file itself (shared/models/sbml/ode/, provenance in that folder's README).
    const xml = fs.readFileSync('/work/shared/models/sbml/ode/BIOMD0000000714_Reynolds2006_acute_inflammation.xml', 'utf8');
    const sbml = new Map([...xml.matchAll(/<parameter constant="true" id="(\w+)"[^>]*value="([^"]+)"/g)].map((m) => [m[1]!, Number(m[2])]));
    expect(sbml.size).toBe(21);
    for (const [id, value] of sbml) {
      const param = ir.params.find((q) => q.name === `inflammation.${id}`);
      expect(param, id).toBeDefined();
      expect(param!.value, id).toBe(value);
    }
  });
});

/** Patients of immune-models.md §1 "Scenarios" / §5 [V2+]. */
const PATIENTS = {
  A: { P0: 1, k_pg: 0.3 },
  B: { P0: 1.5, k_pg: 0.3 },
  C: { P0: 1, k_pg: 0.6 },
} as const;

const run = (params: Record<string, number>, options: { points?: number; tEnd?: number } = {}) => {
  const r = twin.simulate({ params, ...options });
  expect(r.status, r.message).toBe('success');
  return r;
};

describe('sepsis twin: the three Reynolds outcomes (immune-models.md §1, [V2+])', () => {
  it('patient A (P0 = 1, k_pg = 0.3) recovers: health, DO NOT TREAT', () => {
    expect(run(PATIENTS.A).decisions).toEqual({ outcome: 'health', treat: 'DO NOT TREAT' });
  });
  it('patient B (P0 = 1.5, k_pg = 0.3) clears the pathogen but dies of inflammation: aseptic death, TREAT', () => {
    expect(run(PATIENTS.B).decisions).toEqual({ outcome: 'aseptic death', treat: 'TREAT' });
  });
  it('patient C (P0 = 1, k_pg = 0.6) cannot clear the pathogen: septic death, TREAT', () => {
    expect(run(PATIENTS.C).decisions).toEqual({ outcome: 'septic death', treat: 'TREAT' });
  });
});

describe('sepsis twin: trajectories and attractors (immune-models.md §1, [D])', () => {
  // (P, N*, D, CA) at the listed hours, printed there to 3-4 significant digits.
  const TABLE: Record<keyof typeof PATIENTS, Record<number, [number, number, number, number]>> = {
    A: { 6: [0.524, 0.1467, 1.016, 0.2515], 12: [0.00539, 0.178, 2.413, 0.3701], 48: [0, 0.1927, 3.269, 0.5108], 200: [0, 0.0341, 0.2983, 0.4542] },
    B: { 6: [1.272, 0.2023, 1.306, 0.2615], 12: [0.3151, 0.2766, 3.072, 0.3765], 48: [0, 0.3434, 8.677, 0.5164], 200: [0, 0.6148, 16.84, 0.5228] },
    C: { 6: [4.622, 0.2462, 1.289, 0.2579], 12: [7.56, 0.4766, 3.115, 0.3745], 48: [6.082, 0.9204, 10.49, 0.517], 200: [4.979, 0.9792, 17.16, 0.5228] },
  };
  for (const [patient, rows] of Object.entries(TABLE) as [keyof typeof PATIENTS, (typeof TABLE)['A']][]) {
    it(`patient ${patient}: (P, N*, D, CA) at 6, 12, 48 and 200 h`, () => {
      const times = [0, ...Object.keys(rows).map(Number)];
      const r = twin.simulate({ params: PATIENTS[patient], times });
      expect(r.status, r.message).toBe('success');
      times.slice(1).forEach((t, k) => {
        const expected = rows[t]!;
        ['P', 'N', 'D', 'CA'].forEach((name, j) => {
          const v = r.values[name]![k + 1]!;
          // Printed to 3-4 significant digits: half a unit in the last printed digit plus a
          // little; a printed 0 means "below 1e-6" (the pathogen is gone).
          if (expected[j] === 0) expect(Math.abs(v)).toBeLessThan(1e-6);
          else expect(Math.abs(v - expected[j]!) / expected[j]!, `${name}(${t} h)`).toBeLessThan(2e-3);
        });
      });
    });
  }

  it('the death attractors at 1000 h: aseptic (0, 0.635, 17.40, 0.5229), septic (4.936, 0.981, 17.49, 0.5229)', () => {
    const b = run(PATIENTS.B).values;
    expect(final(b, 'P')).toBeLessThan(1e-6);
    expect(final(b, 'N')).toBeCloseTo(0.635, 3);
    expect(final(b, 'D')).toBeCloseTo(17.4, 2);
    expect(final(b, 'CA')).toBeCloseTo(0.5229, 4);
    const c = run(PATIENTS.C).values;
    expect(final(c, 'P')).toBeCloseTo(4.936, 3);
    expect(final(c, 'N')).toBeCloseTo(0.981, 3);
    expect(final(c, 'D')).toBeCloseTo(17.49, 2);
    expect(final(c, 'CA')).toBeCloseTo(0.5229, 4);
  });

  it('patient A peaks: P 1.014 at 0.78 h, D 3.41 at 32.3 h, N* 0.196 at 33.9 h, CA 0.513 at 65 h', () => {
    const r = run(PATIENTS.A, { points: 100_001, tEnd: 100 });
    const at = (name: string) => peakOf(r.time, r.values[name]!);
    // Values and times as printed; each may be off by half a unit in its last printed digit.
    const expectPeak = (name: string, value: number, valueDigits: number, t: number, timeDigits: number) => {
      const pk = at(name);
      expect(Math.abs(pk.value - value), `${name} peak value`).toBeLessThanOrEqual(0.5 * 10 ** -valueDigits + 1e-9);
      expect(Math.abs(pk.t - t), `${name} peak time`).toBeLessThanOrEqual(0.5 * 10 ** -timeDigits + 1e-3);
    };
    expectPeak('P', 1.014, 3, 0.78, 2);
    expectPeak('D', 3.41, 2, 32.3, 1);
    expectPeak('N', 0.196, 3, 33.9, 1);
    expectPeak('CA', 0.513, 3, 65, 0);
  });

  it('P0 thresholds: health below P0 = 1.0357 (k_pg = 0.3) and 0.361 (k_pg = 0.6), death above', () => {
    // 1 % either side of each threshold (the notes print them to 4 and 3 digits).
    expect(run({ P0: 1.025, k_pg: 0.3 }).decisions['outcome']).toBe('health');
    expect(run({ P0: 1.046, k_pg: 0.3 }).decisions['outcome']).toBe('aseptic death');
    expect(run({ P0: 0.357, k_pg: 0.6 }).decisions['outcome']).toBe('health');
    expect(run({ P0: 0.365, k_pg: 0.6 }).decisions['outcome']).toBe('septic death');
  });
});

describe('sepsis twin: treatment benchmark (immune-models.md §5 table, outcomes [D])', () => {
  const anti = (amp: number, start: number, duration: number) => ({ anti_amp: amp, anti_start: start, anti_duration: duration });
  const pro = (amp: number, start: number, duration: number) => ({ pro_amp: amp, pro_start: start, pro_duration: duration });
  const ROWS: { patient: keyof typeof PATIENTS; regimen: string; params: Record<string, number>; outcome: string; maxD: number | undefined }[] = [
    { patient: 'A', regimen: 'uA = 0.2 for 0-6 h (early anti-inflammatory harms)', params: anti(0.2, 0, 6), outcome: 'aseptic death', maxD: 17.4 },
    { patient: 'A', regimen: 'uA = 0.1 for 0-12 h', params: anti(0.1, 0, 12), outcome: 'aseptic death', maxD: 17.4 },
    { patient: 'A', regimen: 'uA = 0.5 for 6 h from 6 h (harmless)', params: anti(0.5, 6, 6), outcome: 'health', maxD: undefined },
    { patient: 'B', regimen: 'uA = 0.1 for 12-18 h (TREAT)', params: anti(0.1, 12, 6), outcome: 'health', maxD: 3.41 },
    { patient: 'B', regimen: 'uA = 0.2 for 6-12 h (too much too early)', params: anti(0.2, 6, 6), outcome: 'aseptic death', maxD: 17.4 },
    { patient: 'B', regimen: 'uA = 0.3 for 12 h from 0 h (too early)', params: anti(0.3, 0, 12), outcome: 'aseptic death', maxD: 17.4 },
    { patient: 'C', regimen: 'uA = 0.2 for 12-18 h alone (never rescues)', params: anti(0.2, 12, 6), outcome: 'septic death', maxD: 17.49 },
    { patient: 'C', regimen: 'uP = 0.1 for 0-6 h', params: pro(0.1, 0, 6), outcome: 'aseptic death', maxD: 17.4 },
    { patient: 'C', regimen: 'uP = 0.1 for 0-6 h, then uA = 0.2 for 12-18 h (combined therapy)', params: { ...pro(0.1, 0, 6), ...anti(0.2, 12, 6) }, outcome: 'health', maxD: 4.11 },
  ];
  for (const row of ROWS) {
    it(`patient ${row.patient}, ${row.regimen}: ${row.outcome}`, () => {
      const r = run({ ...PATIENTS[row.patient], ...row.params });
      expect(r.decisions['outcome']).toBe(row.outcome);
      if (row.maxD !== undefined) {
        // max D is printed to 3-4 digits (17.4 is the aseptic plateau reached near 1000 h).
        const maxD = peakOf(r.time, r.values['D']!).value;
        expect(Math.abs(maxD - row.maxD) / row.maxD).toBeLessThan(5e-3);
      }
    });
  }
});
