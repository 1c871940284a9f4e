// Stiff test problems with analytic sparse Jacobians, defined exactly as in
// shared/conformance/stiff-testset/README.md (Bari/CWI IVP test set, Hairer & Wanner II), with the
// reference values the solver tests compare against and where each comes from.

import type { SparsePattern } from '../model.js';
import type { StiffSystemHints } from './stiff-common.js';
import type { OdeSystem } from './types.js';

export interface TestProblem {
  readonly name: string;
  readonly system: OdeSystem & StiffSystemHints;
  readonly y0: Float64Array;
  readonly t0: number;
  readonly tEnd: number;
  readonly rtol: number;
  readonly atol: number;
  /** Solution at tEnd, and where it comes from. */
  readonly reference: Float64Array;
  readonly referenceSource: string;
}

/** CSR pattern from rows of column lists (columns given sorted). */
function csr(rows: readonly (readonly number[])[]): SparsePattern {
  const n = rows.length;
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  rows.forEach((r, i) => {
    cols.push(...r);
    rowPtr[i + 1] = cols.length;
  });
  return { n, rowPtr, colIdx: Int32Array.from(cols) };
}

const TESTSET = 'published reference of the IVP test set (Mazzia, Magherini et al., Bari/CWI, release 2.4), as copied in shared/conformance/stiff-testset/README.md';
const SCIPY_REF =
  'computed once with SciPy 1.17.1 / NumPy 2.4.6: solve_ivp(method="Radau", rtol=1e-13, analytic jac), agreeing to the digits used with BDF and LSODA at rtol=1e-12';

/** ROBER (Robertson 1966): y1' = -k1 y1 + k3 y2 y3, y2' = k1 y1 - k3 y2 y3 - k2 y2^2, y3' = k2 y2^2. */
export function roberSystem(): OdeSystem & StiffSystemHints {
  const k1 = 0.04;
  const k2 = 3e7;
  const k3 = 1e4;
  return {
    n: 3,
    autonomous: true,
    pattern: csr([[0, 1, 2], [0, 1, 2], [1]]),
    rhs(_t, y, dy) {
      const r1 = k1 * y[0];
      const r2 = k2 * y[1] * y[1];
      const r3 = k3 * y[1] * y[2];
      dy[0] = -r1 + r3;
      dy[1] = r1 - r3 - r2;
      dy[2] = r2;
    },
    jac(_t, y, v) {
      v[0] = -k1;
      v[1] = k3 * y[2];
      v[2] = k3 * y[1];
      v[3] = k1;
      v[4] = -k3 * y[2] - 2 * k2 * y[1];
      v[5] = -k3 * y[1];
      v[6] = 2 * k2 * y[1];
    },
  };
}

export function rober(tEnd: 1e5 | 1e11): TestProblem {
  if (tEnd === 1e11) {
    return {
      name: 'ROBER t=1e11', system: roberSystem(), y0: Float64Array.from([1, 0, 0]), t0: 0, tEnd, rtol: 1e-6, atol: 1e-14,
      reference: Float64Array.from([2.083340149701255e-8, 8.333360770334713e-14, 9.99999979166505e-1]),
      referenceSource: TESTSET,
    };
  }
  return {
    name: 'ROBER t=1e5', system: roberSystem(), y0: Float64Array.from([1, 0, 0]), t0: 0, tEnd, rtol: 1e-6, atol: 1e-10,
    reference: Float64Array.from(ROBER_1E5),
    referenceSource: SCIPY_REF,
  };
}

/**
 * SCIPY_REF values. Radau (rtol 1e-13, atol 1e-20) vs BDF and LSODA (rtol 1e-12) agree to a relative
 * 5e-11 for ROBER; Radau (atol 1e-14) vs LSODA to 3e-10 for VDPOL (SciPy's BDF failed there).
 */
const ROBER_1E5 = [1.7865921142101688e-2, 7.274751468437153e-8, 9.821340061103826e-1];
const VDPOL_3000 = [-1.5106069367448323, 1.1783800007294553e-3];

/** HIRES (Schaefer 1975), 8 species. */
export function hires(): TestProblem {
  const [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12] = [1.71, 0.43, 8.32, 0.0007, 8.75, 10.03, 0.035, 1.12, 1.745, 280, 0.69, 1.81];
  const system: OdeSystem & StiffSystemHints = {
    n: 8,
    autonomous: true,
    pattern: csr([[0, 1, 2], [0, 1], [2, 3, 4], [1, 2, 3], [4, 5, 6], [3, 4, 5, 6, 7], [5, 6, 7], [5, 6, 7]]),
    rhs(_t, y, dy) {
      const r = k10 * y[5] * y[7];
      dy[0] = -k1 * y[0] + k2 * y[1] + k3 * y[2] + k4;
      dy[1] = k1 * y[0] - k5 * y[1];
      dy[2] = -k6 * y[2] + k2 * y[3] + k7 * y[4];
      dy[3] = k3 * y[1] + k1 * y[2] - k8 * y[3];
      dy[4] = -k9 * y[4] + k2 * y[5] + k2 * y[6];
      dy[5] = -r + k11 * y[3] + k1 * y[4] - k2 * y[5] + k11 * y[6];
      dy[6] = r - k12 * y[6];
      dy[7] = -r + k12 * y[6];
    },
    jac(_t, y, v) {
      v[0] = -k1; v[1] = k2; v[2] = k3;
      v[3] = k1; v[4] = -k5;
      v[5] = -k6; v[6] = k2; v[7] = k7;
      v[8] = k3; v[9] = k1; v[10] = -k8;
      v[11] = -k9; v[12] = k2; v[13] = k2;
      v[14] = k11; v[15] = k1; v[16] = -k10 * y[7] - k2; v[17] = k11; v[18] = -k10 * y[5];
      v[19] = k10 * y[7]; v[20] = -k12; v[21] = k10 * y[5];
      v[22] = -k10 * y[7]; v[23] = k12; v[24] = -k10 * y[5];
    },
  };
  return {
    name: 'HIRES', system, y0: Float64Array.from([1, 0, 0, 0, 0, 0, 0, 0.0057]), t0: 0, tEnd: 321.8122, rtol: 1e-6, atol: 1e-10,
    reference: Float64Array.from([
      7.3713125733256685e-4, 1.4424857263161851e-4, 5.8887297409675752e-5, 1.1756513432831491e-3,
      2.3863561988313308e-3, 6.2389682527427964e-3, 2.8499983951857689e-3, 2.8500016048142308e-3,
    ]),
    referenceSource: TESTSET,
  };
}

/**
 * POLLU (Verwer 1994): 20 species, 25 mass-action reactions. Each reaction: rate constant,
 * reactants (0-based species), and net stoichiometry [species, change][], read off the README's
 * dy/dt equations reaction by reaction.
 */
const POLLU_REACTIONS: readonly (readonly [number, readonly number[], readonly (readonly [number, number])[]])[] = [
  [0.35, [0], [[0, -1], [1, 1], [2, 1]]], // r1 = k1 y1
  [26.6, [1, 3], [[0, 1], [1, -1], [3, -1]]], // r2 = k2 y2 y4
  [12300, [4, 1], [[0, 1], [1, -1], [4, -1], [5, 1]]], // r3 = k3 y5 y2
  [0.00086, [6], [[4, 2], [6, -1], [7, 1]]], // r4 = k4 y7
  [0.00082, [6], [[6, -1], [7, 1]]], // r5 = k5 y7
  [15000, [6, 5], [[4, 1], [5, -1], [6, -1], [7, 1]]], // r6 = k6 y7 y6
  [0.00013, [8], [[4, 1], [7, 1], [8, -1], [9, 1]]], // r7 = k7 y9
  [24000, [8, 5], [[5, -1], [8, -1], [10, 1]]], // r8 = k8 y9 y6
  [16500, [10, 1], [[0, 1], [1, -1], [9, 1], [10, -1], [11, 1]]], // r9 = k9 y11 y2
  [9000, [10, 0], [[0, -1], [10, -1], [12, 1]]], // r10 = k10 y11 y1
  [0.022, [12], [[0, 1], [10, 1], [12, -1]]], // r11 = k11 y13
  [12000, [9, 1], [[0, 1], [1, -1], [9, -1], [13, 1]]], // r12 = k12 y10 y2
  [1.88, [13], [[4, 1], [6, 1], [13, -1]]], // r13 = k13 y14
  [16300, [0, 5], [[0, -1], [5, -1], [14, 1]]], // r14 = k14 y1 y6
  [4.8e6, [2], [[2, -1], [3, 1]]], // r15 = k15 y3
  [0.00035, [3], [[3, -1], [15, 1]]], // r16 = k16 y4
  [0.0175, [3], [[2, 1], [3, -1]]], // r17 = k17 y4
  [1e8, [15], [[5, 2], [15, -1]]], // r18 = k18 y16
  [4.44e11, [15], [[2, 1], [15, -1]]], // r19 = k19 y16
  [1240, [16, 5], [[4, 1], [5, -1], [16, -1], [17, 1]]], // r20 = k20 y17 y6
  [2.1, [18], [[1, 1], [18, -1]]], // r21 = k21 y19
  [5.78, [18], [[0, 1], [2, 1], [18, -1]]], // r22 = k22 y19
  [0.0474, [0, 3], [[0, -1], [3, -1], [18, 1]]], // r23 = k23 y1 y4
  [1780, [18, 0], [[0, -1], [18, -1], [19, 1]]], // r24 = k24 y19 y1
  [3.12, [19], [[0, 1], [18, 1], [19, -1]]], // r25 = k25 y20
];

/** A mass-action system (rates k * product of reactants) with its exact Jacobian, from a reaction list. */
export function massActionSystem(n: number, reactions: typeof POLLU_REACTIONS): OdeSystem & StiffSystemHints {
  const rows: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (const [, reactants, changes] of reactions) for (const [s] of changes) for (const x of reactants) rows[s].add(x);
  const pattern = csr(rows.map((r) => [...r].sort((a, b) => a - b)));
  // Jacobian contributions: value index, rate constant, the reactant differentiated against, the other reactant (-1 if none), change.
  const jIdx: number[] = [];
  const jK: number[] = [];
  const jOther: number[] = [];
  const pos = (r: number, c: number): number => {
    for (let q = pattern.rowPtr[r]; q < pattern.rowPtr[r + 1]; q++) if (pattern.colIdx[q] === c) return q;
    throw new Error('pattern');
  };
  for (const [k, reactants, changes] of reactions) {
    for (const [s, change] of changes) {
      reactants.forEach((x, i) => {
        jIdx.push(pos(s, x));
        jK.push(k * change);
        jOther.push(reactants.length === 2 ? reactants[1 - i] : -1);
      });
    }
  }
  const rK = Float64Array.from(reactions.map((r) => r[0]));
  const rA = Int32Array.from(reactions.map((r) => r[1][0]));
  const rB = Int32Array.from(reactions.map((r) => (r[1].length === 2 ? r[1][1] : -1)));
  const sPtr = new Int32Array(reactions.length + 1);
  const sSpecies: number[] = [];
  const sChange: number[] = [];
  reactions.forEach(([, , changes], i) => {
    for (const [s, c] of changes) {
      sSpecies.push(s);
      sChange.push(c);
    }
    sPtr[i + 1] = sSpecies.length;
  });
  const sS = Int32Array.from(sSpecies);
  const sC = Float64Array.from(sChange);
  const JI = Int32Array.from(jIdx);
  const JK = Float64Array.from(jK);
  const JO = Int32Array.from(jOther);
  return {
    n,
    autonomous: true,
    pattern,
    rhs(_t, y, dy) {
      dy.fill(0);
      for (let r = 0; r < rK.length; r++) {
        const b = rB[r];
        const rate = rK[r] * y[rA[r]] * (b >= 0 ? y[b] : 1);
        for (let q = sPtr[r]; q < sPtr[r + 1]; q++) dy[sS[q]] += sC[q] * rate;
      }
    },
    jac(_t, y, v) {
      v.fill(0);
      for (let q = 0; q < JI.length; q++) {
        const o = JO[q];
        v[JI[q]] += JK[q] * (o >= 0 ? y[o] : 1);
      }
    },
  };
}

export function pollu(): TestProblem {
  const y0 = new Float64Array(20);
  y0[1] = 0.2;
  y0[3] = 0.04;
  y0[6] = 0.1;
  y0[7] = 0.3;
  y0[8] = 0.01;
  y0[16] = 0.007;
  return {
    name: 'POLLU', system: massActionSystem(20, POLLU_REACTIONS), y0, t0: 0, tEnd: 60, rtol: 1e-6, atol: 1e-10,
    reference: Float64Array.from([
      5.6462554800227688e-2, 1.3424841304223389e-1, 4.1397343310994266e-9, 5.5231402074843589e-3,
      2.0189772623021960e-7, 1.4645418634939660e-7, 7.7842491189979643e-2, 3.2450753533960180e-1,
      7.4940133838804057e-3, 1.6222931573015609e-8, 1.1358638332570749e-8, 2.2305059757213590e-3,
      2.0871628827986299e-4, 1.3969210168401580e-5, 8.9648848568982947e-3, 4.3528463693301030e-18,
      6.8992196962634053e-3, 1.0078030373659460e-4, 1.7721465139699840e-6, 5.6829432923163919e-5,
    ]),
    referenceSource: TESTSET,
  };
}

/** OREGO (Field & Noyes 1974). */
export function orego(): TestProblem {
  const s = 77.27;
  const q = 8.375e-6;
  const w = 0.161;
  const system: OdeSystem & StiffSystemHints = {
    n: 3,
    autonomous: true,
    pattern: csr([[0, 1], [0, 1, 2], [0, 2]]),
    rhs(_t, y, dy) {
      dy[0] = s * (y[1] + y[0] * (1 - q * y[0] - y[1]));
      dy[1] = (y[2] - (1 + y[0]) * y[1]) / s;
      dy[2] = w * (y[0] - y[2]);
    },
    jac(_t, y, v) {
      v[0] = s * (1 - 2 * q * y[0] - y[1]);
      v[1] = s * (1 - y[0]);
      v[2] = -y[1] / s;
      v[3] = -(1 + y[0]) / s;
      v[4] = 1 / s;
      v[5] = w;
      v[6] = -w;
    },
  };
  return {
    name: 'OREGO', system, y0: Float64Array.from([1, 2, 3]), t0: 0, tEnd: 360, rtol: 1e-6, atol: 1e-10,
    reference: Float64Array.from([1.0008148703185229, 1.2281785215499169e3, 1.3205549428467060e2]),
    referenceSource: TESTSET,
  };
}

/** VDPOL, mu = 1000, unscaled: y1' = y2, y2' = mu (1 - y1^2) y2 - y1. */
export function vdpol(): TestProblem {
  const mu = 1000;
  const system: OdeSystem & StiffSystemHints = {
    n: 2,
    autonomous: true,
    pattern: csr([[1], [0, 1]]),
    rhs(_t, y, dy) {
      dy[0] = y[1];
      dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
    },
    jac(_t, y, v) {
      v[0] = 1;
      v[1] = -2 * mu * y[0] * y[1] - 1;
      v[2] = mu * (1 - y[0] * y[0]);
    },
  };
  return {
    name: 'VDPOL', system, y0: Float64Array.from([2, 0]), t0: 0, tEnd: 3000, rtol: 1e-6, atol: 1e-10,
    reference: Float64Array.from(VDPOL_3000),
    referenceSource: SCIPY_REF,
  };
}

/** Mixed significant digits: min over components of -log10(|y - ref| / |ref|) (README). */
export function scd(y: Float64Array, ref: Float64Array): number {
  let worst = Infinity;
  for (let i = 0; i < y.length; i++) {
    const rel = Math.abs(y[i] - ref[i]) / Math.abs(ref[i]);
    worst = Math.min(worst, -Math.log10(rel));
  }
  return worst;
}

/** mescd = -log10(max |y - ref| / (atol/rtol + |ref|)) (README). */
export function mescd(y: Float64Array, ref: Float64Array, rtol: number, atol: number): number {
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]) / (atol / rtol + Math.abs(ref[i])));
  return -Math.log10(worst);
}
