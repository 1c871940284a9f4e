// The .bnet reader: precedence, free inputs, problems with line numbers.
import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../rules.js';
import { parseBnet, reorderNetwork } from './bnet.js';

describe('parseBnet', () => {
  it('reads targets in file order, appends names that are only read, and honours precedence', () => {
    const { network, problems } = parseBnet(
      ['targets, factors', '# comment', 'A, B | C & !D  # & binds tighter than |', 'B, !(A | C)', 'D, D', ''].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(network.names).toEqual(['A', 'B', 'D', 'C']);
    expect(network.rules[2]).toEqual({ k: 'var', i: 2 }); // D, D: a free input by its self rule
    expect(network.rules[3]).toBeNull(); // C is never a target
    const a = network.rules[0]!;
    // A = B | (C & !D): true for B=0, C=1, D=0; false for B=0, C=1, D=1.
    const val = (bits: Record<string, boolean>) => (i: number) => bits[network.names[i]!]!;
    expect(evaluateRule(a, val({ A: false, B: false, C: true, D: false }))).toBe(true);
    expect(evaluateRule(a, val({ A: false, B: false, C: true, D: true }))).toBe(false);
    expect(evaluateRule(a, val({ A: false, B: true, C: false, D: true }))).toBe(true);
  });

  it('reads the constants 0 and 1', () => {
    const { network } = parseBnet('X, 1\nY, 0 | X');
    expect(network.rules[0]).toEqual({ k: 'const', v: true });
    expect(network.rules[1]).toEqual({ k: 'or', args: [{ k: 'const', v: false }, { k: 'var', i: 0 }] });
  });

  it('reports problems with their line and keeps going', () => {
    const { network, problems } = parseBnet('A, (B & C\nB, A\nB, C\nC A\nD, B $ C');
    expect(problems.map((p) => p.line)).toEqual([1, 3, 4, 5]);
    expect(problems[0]!.message).toMatch(/expected '\)'/);
    expect(problems[1]!.message).toMatch(/duplicate/);
    expect(network.names).toContain('B');
  });

  it('reorders nodes and renumbers rules', () => {
    const { network } = parseBnet('A, B\nB, !A');
    const r = reorderNetwork(network, ['B', 'A']);
    expect(r.rules).toEqual([{ k: 'not', a: { k: 'var', i: 1 } }, { k: 'var', i: 0 }]);
  });
});
