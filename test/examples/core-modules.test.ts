// The reusable core modules against closed-form solutions: each is instantiated by a small
// harness model (fixtures/) that drives it with a constant input, under which its equations are
// linear. This checks the modules' equations and the composition machinery (port binding,
// namespacing of internal species, initial values computed from instance parameters).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExample } from './helpers.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('core/cytokine.idt', () => {
  it('relaxes to k_sec * S / k_deg exactly as the linear ODE says', () => {
    const { twin } = compileExample(fixture('cytokine-harness.idt'));
    const r = twin.simulate();
    expect(r.status, r.message).toBe('success');
    const [kSec, kDeg, S, L0] = [100, 0.7, 0.5, 3];
    const steady = (kSec * S) / kDeg;
    r.time.forEach((t, i) => {
      const exact = steady + (L0 - steady) * Math.exp(-kDeg * t);
      expect(Math.abs(r.values['IL6']![i]! - exact) / exact).toBeLessThan(1e-8);
    });
  });
});

describe('core/adaptive.idt', () => {
  it('expands T cells, B cells and antibody as the linear ODEs say under constant antigen', () => {
    const { twin } = compileExample(fixture('adaptive-harness.idt'));
    const r = twin.simulate();
    expect(r.status, r.message).toBe('success');
    // Module defaults and the harness's antigen A = 0.5 and initial values.
    const [sT, rT, KT, dT] = [10, 1.5, 1, 0.3];
    const [sB, rB, KB, dB, pA, dA] = [5, 1.0, 1, 0.1, 1e-3, 0.033];
    const A = 0.5;
    const T0 = 100;
    const B0 = sB / dB; // the module starts B at its resting level
    // x' = s + (r a/(a+K) - d) x = s + g x  =>  x(t) = -s/g + (x0 + s/g) e^{g t}
    const gT = (rT * A) / (A + KT) - dT;
    const gB = (rB * A) / (A + KB) - dB;
    const teff = (t: number) => -sT / gT + (T0 + sT / gT) * Math.exp(gT * t);
    const bcells = (t: number) => -sB / gB + (B0 + sB / gB) * Math.exp(gB * t);
    // Ab' = pA B - dA Ab, Ab(0) = 0, with B = c0 + c1 e^{gB t}:
    const c0 = -sB / gB;
    const c1 = B0 + sB / gB;
    const ab = (t: number) => pA * ((c0 * (1 - Math.exp(-dA * t))) / dA + (c1 * (Math.exp(gB * t) - Math.exp(-dA * t))) / (gB + dA));
    r.time.forEach((t, i) => {
      expect(Math.abs(r.values['Teff']![i]! / teff(t) - 1)).toBeLessThan(1e-8);
      expect(Math.abs(r.values['response.B']![i]! / bcells(t) - 1)).toBeLessThan(1e-8);
      if (t > 0) expect(Math.abs(r.values['Ab']![i]! / ab(t) - 1)).toBeLessThan(1e-8);
    });
  });
});
