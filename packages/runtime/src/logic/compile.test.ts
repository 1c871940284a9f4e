// Compiled rule programs against the reference tree evaluator, one state and 32 states at once.
import { describe, expect, it } from 'vitest';
import { compileRules, evalWord, synchronousTable } from './compile.js';
import { evaluateRule, foldConstants } from './rules.js';
import { randomNetwork } from './testing/random-network.js';
import type { BoolRule } from './types.js';

const v = (i: number): BoolRule => ({ k: 'var', i });

describe('compileRules / evalWord', () => {
  const net = randomNetwork(7, 3, { maxRegulators: 5, inputProbability: 0, xorProbability: 0.3 });
  const rules: BoolRule[] = [
    ...net.rules.map((r) => r!),
    { k: 'implies', args: [v(0), v(1), v(2)] }, // right fold: 0 → (1 → 2)
    { k: 'and', args: [] },
    { k: 'or', args: [] },
    { k: 'xor', args: [v(3), { k: 'const', v: true }, { k: 'not', a: v(4) }] },
  ];
  const n = 7;
  const prog = compileRules(rules);
  const value = (a: number) => (i: number) => ((a >> i) & 1) === 1;

  it('evaluates one state (words 0 / -1) as the tree evaluator does', () => {
    const stack = new Int32Array(prog.maxStack);
    for (let a = 0; a < 1 << n; a++) {
      const words = Int32Array.from({ length: n }, (_, i) => ((a >> i) & 1 ? -1 : 0));
      rules.forEach((r, k) => expect((evalWord(prog, k, words, stack) & 1) === 1).toBe(evaluateRule(r, value(a))));
    }
  });

  it('computes the synchronous image of all states 32 at a time', () => {
    const own = compileRules(net.rules);
    const table = new Uint32Array(1 << n);
    synchronousTable(own, table);
    for (let a = 0; a < 1 << n; a++) {
      let image = 0;
      net.rules.forEach((r, i) => (image |= (evaluateRule(r!, value(a)) ? 1 : 0) << i));
      expect(table[a]).toBe(image);
    }
  });

  it('folds constants without changing the function', () => {
    for (let a = 0; a < 1 << n; a++) {
      const known = Int8Array.from({ length: n }, (_, i) => (i < 3 ? (a >> i) & 1 : -1));
      for (const r of rules) expect(evaluateRule(foldConstants(r, known), value(a))).toBe(evaluateRule(r, value(a)));
    }
  });
});
