// The CDCL solver against problems with known answers and against brute force.
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from './prng.js';
import { type Lit, SatSolver, mkLit, notLit } from './sat.js';
import { evaluateRule } from './rules.js';
import { CnfEncoder } from './tseitin.js';
import { randomNetwork } from './testing/random-network.js';
import type { BoolRule } from './types.js';

/** n-queens: one variable per square; count all solutions by blocking each model. */
function countQueens(n: number): number {
  const s = new SatSolver();
  const q = Array.from({ length: n }, () => Array.from({ length: n }, () => s.newVar()));
  const atMostOne = (cells: number[]): void => {
    for (let a = 0; a < cells.length; a++) {
      for (let b = a + 1; b < cells.length; b++) s.addClause([mkLit(cells[a]!, false), mkLit(cells[b]!, false)]);
    }
  };
  for (let r = 0; r < n; r++) {
    s.addClause(q[r]!.map((v) => mkLit(v)));
    atMostOne(q[r]!);
    atMostOne(q.map((row) => row[r]!));
  }
  for (let d = -(n - 1); d <= n - 1; d++) {
    const diag: number[] = [];
    const anti: number[] = [];
    for (let r = 0; r < n; r++) {
      if (r + d >= 0 && r + d < n) diag.push(q[r]![r + d]!);
      if (n - 1 - r - d >= 0 && n - 1 - r - d < n) anti.push(q[r]![n - 1 - r - d]!);
    }
    atMostOne(diag);
    atMostOne(anti);
  }
  let count = 0;
  while (s.solve()) {
    count++;
    s.addClause(q.flat().map((v) => mkLit(v, !s.modelValue(v))));
  }
  return count;
}

/** Pigeonhole: n + 1 pigeons in n holes (unsatisfiable, hard for resolution). */
function pigeonhole(n: number): SatSolver {
  const s = new SatSolver();
  const p = Array.from({ length: n + 1 }, () => Array.from({ length: n }, () => s.newVar()));
  for (const row of p) s.addClause(row.map((v) => mkLit(v)));
  for (let h = 0; h < n; h++) {
    for (let a = 0; a <= n; a++) for (let b = a + 1; b <= n; b++) s.addClause([mkLit(p[a]![h]!, false), mkLit(p[b]![h]!, false)]);
  }
  return s;
}

function bruteForceSat(nVars: number, clauses: Lit[][]): boolean {
  for (let a = 0; a < 1 << nVars; a++) {
    if (clauses.every((c) => c.some((l) => (((a >> (l >> 1)) & 1) ^ (l & 1)) === 1))) return true;
  }
  return false;
}

describe('SatSolver', () => {
  it('counts the 92 solutions of 8 queens and 4 of 6 queens (OEIS A000170)', () => {
    expect(countQueens(6)).toBe(4);
    expect(countQueens(8)).toBe(92);
  });

  it('proves pigeonhole PHP(7,6) unsatisfiable within a conflict budget', () => {
    const s = pigeonhole(6);
    expect(s.solve()).toBe(false);
    // Efficiency budget: a regression in learning or restarts shows up here first.
    expect(s.counters.conflicts).toBeLessThan(5_000); // 609 when written
  });

  it('agrees with brute force on random 3-SAT near the threshold, and its models satisfy', () => {
    const rng = new Xoshiro128(42);
    for (let t = 0; t < 200; t++) {
      const nVars = 10;
      const nClauses = 38 + rng.nextInt(10);
      const clauses: Lit[][] = [];
      for (let c = 0; c < nClauses; c++) {
        clauses.push([0, 1, 2].map(() => mkLit(rng.nextInt(nVars), rng.nextInt(2) === 0)));
      }
      const s = new SatSolver();
      for (let v = 0; v < nVars; v++) s.newVar();
      for (const c of clauses) s.addClause(c);
      const result = s.solve();
      expect(result).toBe(bruteForceSat(nVars, clauses));
      if (result) {
        for (const c of clauses) expect(c.some((l) => s.modelLit(l))).toBe(true);
      }
    }
  });

  it('solves under assumptions without keeping them', () => {
    const s = new SatSolver();
    const a = s.newVar();
    const b = s.newVar();
    s.addClause([mkLit(a), mkLit(b)]);
    expect(s.solve([mkLit(a, false), mkLit(b, false)])).toBe(false);
    expect(s.solve([mkLit(a, false)])).toBe(true);
    expect(s.modelValue(b)).toBe(true);
    expect(s.solve()).toBe(true);
  });

  it('reports an empty clause and contradictory units as unsatisfiable', () => {
    const s = new SatSolver();
    const a = s.newVar();
    s.addClause([mkLit(a)]);
    expect(s.addClause([notLit(mkLit(a))])).toBe(false);
    expect(s.solve()).toBe(false);
  });
});

describe('CnfEncoder', () => {
  it('encodes rules so that each input assignment forces the rule value (random rules vs evaluateRule)', () => {
    const net = randomNetwork(6, 7, { maxRegulators: 6, inputProbability: 0, xorProbability: 0.3 });
    const extra: BoolRule = {
      k: 'implies',
      args: [{ k: 'var', i: 0 }, { k: 'xor', args: [{ k: 'var', i: 1 }, { k: 'const', v: true }] }, { k: 'var', i: 2 }],
    };
    const rules = [...net.rules.filter((r): r is BoolRule => r !== null), extra];
    const s = new SatSolver();
    const enc = new CnfEncoder(s);
    const x = Array.from({ length: 6 }, () => enc.fresh());
    const out = rules.map((r) => enc.encode(r, x));
    for (let a = 0; a < 64; a++) {
      const assume = x.map((l, i) => ((a >> i) & 1 ? l : notLit(l)));
      expect(s.solve(assume)).toBe(true);
      rules.forEach((r, k) => {
        expect(s.modelLit(out[k]!)).toBe(evaluateRule(r, (i) => ((a >> i) & 1) === 1));
      });
    }
  });
});
