// The influenza twin (examples/influenza/twin.idt): the eclipse-phase target-cell-limited model of
// Baccam et al. 2006 (J Virol 80(15):7590-7599), against shared/models/immune-models.md §2 and
// the paper's Table 1 titres.
//
// Status of the numbers:
//  - average parameters (beta 3.2e-5, k 4, delta 5.2, p 4.6e-2, c 5.2, T0 4e8) [V2+] and the
//    abstract's derived quantities (R0 ~22) [V2+]; V0 = 0.75 [V1];
//  - the average model's trajectory (log10 V on days 0-7, peak 5.89 on day 2.06, T(10)/T0
//    3.5e-10) [D]: the notes' SciPy simulation;
//  - per-patient titres: the paper's Table 1 (two identical public transcriptions);
//  - per-patient parameters: our own fits to Table 1 [D] (references/fit-influenza.py), because
//    the paper's per-patient estimates were not available to us.
import { describe, expect, it } from 'vitest';
import { compileExample, final, peakOf, readJson } from './helpers.js';

const { twin } = compileExample('influenza/twin.idt');

describe('influenza twin: the average patient (immune-models.md §2)', () => {
  it('R0 = beta p T0 / (c delta) = 21.8, the abstract\'s "~22" [V2+]', () => {
    const r = twin.simulate({ points: 2 });
    // The notes print 21.8 (half a unit of the last digit: 0.05).
    expect(Math.abs(final(r.values, 'R0') - 21.8)).toBeLessThanOrEqual(0.05);
  });

  it('log10 V on days 0-7: -0.12, 3.08, 5.88, 5.00, 3.48, 1.81, 0.10, -1.62 [D]', () => {
    const r = twin.simulate({ times: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(r.status, r.message).toBe('success');
    const expected = [-0.12, 3.08, 5.88, 5.0, 3.48, 1.81, 0.1, -1.62];
    // Printed to 0.01: half a unit of the last digit.
    expected.forEach((v, i) => expect(Math.abs(r.values['log10V']![i]! - v), `day ${i}`).toBeLessThanOrEqual(0.005 + 1e-9));
  });

  it('peak log10 V = 5.89 on day 2.06; target cells exhausted, T(10)/T0 = 3.5e-10 [D]', () => {
    const r = twin.simulate({ tEnd: 10, points: 10_001 });
    const pk = peakOf(r.time, r.values['V']!);
    expect(Math.abs(Math.log10(pk.value) - 5.89)).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(Math.abs(pk.t - 2.06)).toBeLessThanOrEqual(0.005 + 1e-3);
    // Target-cell limitation ends the infection: almost every target cell is used up.
    expect(final(r.values, 'T') / 4e8).toBeCloseTo(3.5e-10, 11);
  });
});

interface Fits {
  readonly scipy: string;
  readonly fixed: { T0: number; k: number };
  readonly patients: {
    patient: number;
    data: number[];
    params: Record<'beta' | 'p' | 'c' | 'delta' | 'V0', number>;
    atBounds: string[];
    ssr: number;
    peakDay: number;
    peakLog10V: number;
    log10VOnDays1to7: number[];
  }[];
}

const fits = readJson<Fits>('influenza-fits.json');
/** Table 1 detection limit: titres at or below 0.5 log10 TCID50/mL are reported as 0. */
const LIMIT = 0.5;

describe('influenza twin: six patients of Baccam et al. Table 1, personalised by --set', () => {
  for (const fit of fits.patients) {
    describe(`patient ${fit.patient}`, () => {
      const run = () => {
        const r = twin.simulate({ params: { ...fit.params, T0: fits.fixed.T0, k: fits.fixed.k }, tEnd: 8, points: 8001 });
        expect(r.status, r.message).toBe('success');
        return r;
      };

      it('reproduces the fitted trajectory and its residuals as SciPy computed them', () => {
        const r = run();
        // Days 1..7 sit on the output grid at indices 1000 * day.
        const log10V = [1, 2, 3, 4, 5, 6, 7].map((d) => r.values['log10V']![1000 * d]!);
        log10V.forEach((v, i) => expect(Math.abs(v - fit.log10VOnDays1to7[i]!), `day ${i + 1}`).toBeLessThan(1e-5));
        const ssr = log10V.reduce((acc, v, i) => {
          const y = fit.data[i]!;
          const res = y > 0 ? v - y : Math.max(0, v - LIMIT);
          return acc + res * res;
        }, 0);
        expect(ssr).toBeCloseTo(fit.ssr, 4);
        const pk = peakOf(r.time, r.values['V']!);
        expect(Math.abs(Math.log10(pk.value) - fit.peakLog10V)).toBeLessThan(1e-5);
        expect(Math.abs(pk.t - fit.peakDay)).toBeLessThanOrEqual(1e-3);
      });
    });
  }

  it('reproduces the observed peaks of the three single-peaked patients (4, 5, 6)', () => {
    // Table 1 peaks: patient 4 6.5 on day 3; patient 5 6.5 on days 3 and 4; patient 6 7.5 on
    // day 4. The fitted twin peaks within a day of the observed peak and within one log10 of its
    // height (the assay's dilution steps are half a log; a least-squares fit through all seven
    // samples of patient 6 passes 0.9 log below its highest one).
    const observed: Record<number, { height: number; days: number[] }> = { 4: { height: 6.5, days: [3] }, 5: { height: 6.5, days: [3, 4] }, 6: { height: 7.5, days: [4] } };
    for (const [patient, obs] of Object.entries(observed)) {
      const fit = fits.patients[Number(patient) - 1]!;
      const r = twin.simulate({ params: { ...fit.params, T0: fits.fixed.T0, k: fits.fixed.k }, tEnd: 8, points: 8001 });
      const pk = peakOf(r.time, r.values['V']!);
      expect(Math.abs(obs.height - Math.log10(pk.value)), `patient ${patient} height`).toBeLessThan(1);
      expect(Math.min(...obs.days.map((d) => Math.abs(d - pk.t))), `patient ${patient} day`).toBeLessThanOrEqual(1);
    }
  });

  it('has a single peak for every patient, so it cannot follow the two-peaked titres of patients 1-3', () => {
    // "For about 50% of patients, the curve of viral titer versus time has two peaks. This
    // bimodal behavior can be explained by incorporating the antiviral effects of interferon"
    // (abstract). In Table 1, patients 1, 2 and 3 fall by at least a log and rise again by at
    // least a log; the eclipse model, without interferon, rises once and falls once.
    const twoPeaked = (d: number[]) => d.some((v, i) => i > 0 && i < d.length - 1 && d[i - 1]! - v >= 1 && d[i + 1]! - v >= 1);
    expect(fits.patients.filter((p) => twoPeaked(p.data)).map((p) => p.patient)).toEqual([1, 2, 3]);
    for (const fit of fits.patients) {
      const r = twin.simulate({ params: { ...fit.params, T0: fits.fixed.T0, k: fits.fixed.k }, tEnd: 8, points: 801 });
      const v = r.values['V']!;
      let maxima = 0;
      for (let i = 1; i < v.length - 1; i++) if (v[i]! > v[i - 1]! && v[i]! >= v[i + 1]!) maxima++;
      expect(maxima, `patient ${fit.patient}`).toBe(1);
    }
  });
});
