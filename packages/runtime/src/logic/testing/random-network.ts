// Seeded random Boolean networks for cross-checking the attractor engines against each other
// and for timing them (test and benchmark support).

import { Xoshiro128 } from '../prng.js';
import type { BoolRule, LogicNetwork } from '../types.js';

export interface RandomNetworkOptions {
  /** Regulators per node are drawn from 1..maxRegulators (default 3). */
  readonly maxRegulators?: number;
  /** Probability that a node is a free input (default 0.1). */
  readonly inputProbability?: number;
  /** Probability of an `xor` connective (default 0.1; the rest split evenly between and / or). */
  readonly xorProbability?: number;
}

/** A random network of n nodes: each rule combines a few random regulators (possibly the node
 *  itself), each literal negated with probability 1/2, through random and / or / xor. */
export function randomNetwork(n: number, seed: number, options: RandomNetworkOptions = {}): LogicNetwork {
  const rng = new Xoshiro128(seed);
  const maxReg = options.maxRegulators ?? 3;
  const pInput = options.inputProbability ?? 0.1;
  const pXor = options.xorProbability ?? 0.1;
  const names = Array.from({ length: n }, (_, i) => `x${i}`);
  const rules: (BoolRule | null)[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.nextFloat() < pInput) {
      rules.push(null);
      continue;
    }
    const k = 1 + rng.nextInt(Math.min(maxReg, n));
    const regs = new Set<number>();
    while (regs.size < k) regs.add(rng.nextInt(n));
    let rule: BoolRule | null = null;
    for (const r of regs) {
      const lit: BoolRule = rng.nextFloat() < 0.5 ? { k: 'var', i: r } : { k: 'not', a: { k: 'var', i: r } };
      if (rule === null) rule = lit;
      else {
        const u = rng.nextFloat();
        const op = u < pXor ? 'xor' : u < pXor + (1 - pXor) / 2 ? 'and' : 'or';
        rule = { k: op, args: [rule, lit] };
      }
    }
    rules.push(rule);
  }
  return { names, rules };
}
