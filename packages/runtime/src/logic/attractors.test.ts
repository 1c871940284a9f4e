// Attractor engines against a naive reference (reachability sets, straight from the
// definitions) and against each other on random networks.
import { describe, expect, it } from 'vitest';
import { AttractorSearchLimitError, findAttractors } from './attractors.js';
import { evaluateRule, isFreeInputRule } from './rules.js';
import { randomNetwork } from './testing/random-network.js';
import type { Attractor, BoolRule, LogicNetwork, UpdateMode } from './types.js';

const bitString = (a: number, n: number): string => Array.from({ length: n }, (_, i) => ((a >> i) & 1 ? '1' : '0')).join('');

/** Successors of state a (bit i = node i) under a mode, by the definitions in simulate.ts. */
function successors(net: LogicNetwork, mode: UpdateMode, a: number): number[] {
  const n = net.names.length;
  const changing: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = net.rules[i] ?? null;
    if (isFreeInputRule(r, i)) continue;
    const value = evaluateRule(r!, (j) => ((a >> j) & 1) === 1);
    if (value !== (((a >> i) & 1) === 1)) changing.push(i);
  }
  if (changing.length === 0) return [a];
  if (mode === 'async') return changing.map((i) => a ^ (1 << i));
  const prio = (i: number): number => (mode === 'priority' ? (net.priorities?.[i] ?? 0) : 0);
  const best = Math.max(...changing.map(prio));
  return [changing.filter((i) => prio(i) === best).reduce((s, i) => s ^ (1 << i), a)];
}

/** Attractors as sorted state sets: a state is in an attractor when every state it reaches
 *  reaches it back; its attractor is then its reachable set. */
function naiveAttractors(net: LogicNetwork, mode: UpdateMode): string[][] {
  const n = net.names.length;
  const total = 1 << n;
  const succ = Array.from({ length: total }, (_, a) => successors(net, mode, a));
  const reach = Array.from({ length: total }, (_, a) => {
    const seen = new Set([a]);
    const queue = [a];
    while (queue.length > 0) for (const b of succ[queue.pop()!]!) if (!seen.has(b)) (seen.add(b), queue.push(b));
    return seen;
  });
  const out = new Map<string, string[]>();
  for (let a = 0; a < total; a++) {
    if ([...reach[a]!].every((b) => reach[b]!.has(a))) {
      const states = [...reach[a]!].map((b) => bitString(b, n)).sort();
      out.set(states[0]!, states);
    }
  }
  return [...out.values()].sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}

const asSets = (atts: readonly Attractor[]): string[][] =>
  atts.map((a) => [...a.states].sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));

function withPriorities(net: LogicNetwork, seed: number): LogicNetwork {
  return { ...net, priorities: net.names.map((_, i) => (i * 7 + seed) % 3) };
}

describe('findAttractors against the naive definition', () => {
  it('exhaustive and SAT engines find exactly the naive attractors (random networks, 5-8 nodes)', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const net = withPriorities(randomNetwork(5 + (seed % 4), seed, { inputProbability: 0.15 }), seed);
      for (const mode of ['sync', 'async', 'priority'] as const) {
        const expected = naiveAttractors(net, mode);
        for (const method of ['exhaustive', 'sat'] as const) {
          const result = findAttractors(net, { mode, method });
          expect(asSets(result.attractors), `seed ${seed} ${mode} ${method}`).toEqual(expected);
          for (const a of result.attractors) {
            expect(a.type).toBe(a.states.length === 1 ? 'fixed' : 'cycle');
            expect(a.size).toBe(a.states.length);
            if (mode === 'async') continue;
            // Deterministic cycles: in transition order, from the smallest state.
            expect(a.states[0]).toBe([...a.states].sort()[0]);
            a.states.forEach((s, k) => {
              const next = successors(net, mode, parseInt([...s].reverse().join(''), 2));
              expect(bitString(next[0]!, s.length)).toBe(a.states[(k + 1) % a.states.length]);
            });
          }
        }
      }
    }
  });
});

describe('findAttractors: SAT engines equal the exhaustive ones (random networks, 8-14 nodes)', () => {
  // Both engines are complete, so their answers must be identical, state for state and in order.
  for (const mode of ['sync', 'async', 'priority'] as const) {
    it(`${mode} updating`, () => {
      const seeds = mode === 'sync' ? 30 : 16;
      for (let seed = 100; seed < 100 + seeds; seed++) {
        const n = 8 + (seed % 7);
        let net = randomNetwork(n, seed, { inputProbability: 0.1 });
        if (mode === 'priority') net = withPriorities(net, seed);
        const a = findAttractors(net, { mode, method: 'exhaustive' });
        const b = findAttractors(net, { mode, method: 'sat' });
        expect(b.attractors, `seed ${seed}`).toEqual(a.attractors);
        expect(a.method).toBe('exhaustive');
        expect(b.method).toBe(mode === 'async' ? 'sat+bdd' : 'sat');
        // Inputs kept as state variables (no splitting) give the same answer.
        expect(findAttractors(net, { mode, method: 'exhaustive', maxInputSplit: 0 }).attractors).toEqual(a.attractors);
      }
    });
  }
});

describe('findAttractors: options and output form', () => {
  const v = (i: number): BoolRule => ({ k: 'var', i });
  const not = (a: BoolRule): BoolRule => ({ k: 'not', a });
  // u is a free input; p = u toggles q; r copies itself (a self loop, also a free input).
  const net: LogicNetwork = {
    names: ['u', 'q', 'r', 's'],
    rules: [null, { k: 'and', args: [v(0), not(v(1))] }, v(2), { k: 'or', args: [v(1), v(3)] }],
  };

  it('lets free inputs range over both values and lists them', () => {
    const r = findAttractors(net, { mode: 'sync' });
    expect(r.freeInputs).toEqual(['u', 'r']);
    expect(r.variables).toEqual(net.names);
    // u=0: q=0, s stays: fixed points with s in {0,1}; u=1: q toggles, s=1.
    expect(r.attractors.map((a) => [a.type, a.states.join(' ')])).toEqual([
      ['fixed', '0000'],
      ['fixed', '0001'],
      ['fixed', '0010'],
      ['fixed', '0011'],
      ['cycle', '1001 1101'],
      ['cycle', '1011 1111'],
    ]);
    expect(r.attractors[4]!.space).toBe('1-01');
  });

  it('pins nodes given in fix (inputs stop ranging, other nodes are knocked out)', () => {
    const r = findAttractors(net, { mode: 'async', fix: new Map([[0, true], [3, false]]) });
    expect(r.freeInputs).toEqual(['r']);
    expect(r.attractors.map((a) => a.states.join(' '))).toEqual(['1000 1100', '1010 1110']);
  });

  it('truncates very large asynchronous attractors but reports their size and space', () => {
    // Ten independent togglers: one attractor holding all 1024 states.
    const togglers: LogicNetwork = {
      names: Array.from({ length: 10 }, (_, i) => `t${i}`),
      rules: Array.from({ length: 10 }, (_, i) => not(v(i))),
    };
    for (const method of ['exhaustive', 'sat'] as const) {
      const r = findAttractors(togglers, { mode: 'async', method, maxStatesPerAttractor: 5 });
      expect(r.attractors).toHaveLength(1);
      const a = r.attractors[0]!;
      expect([a.size, a.truncated, a.states.length, a.space]).toEqual([1024, true, 5, '----------']);
    }
  });

  it('refuses an exhaustive search beyond its limit with a typed error', () => {
    const big = randomNetwork(40, 1, { inputProbability: 0 });
    expect(() => findAttractors(big, { mode: 'async', method: 'exhaustive' })).toThrow(AttractorSearchLimitError);
  });

  it('turns a full BDD node table into the same typed error', () => {
    const togglers: LogicNetwork = {
      names: Array.from({ length: 30 }, (_, i) => `t${i}`),
      rules: Array.from({ length: 30 }, (_, i) => ({ k: 'xor', args: [v(i), v((i + 1) % 30), v((i + 7) % 30)] })),
    };
    expect(() => findAttractors(togglers, { mode: 'async', method: 'sat', maxBddNodes: 64 })).toThrow(AttractorSearchLimitError);
  });

  it('rejects invalid networks', () => {
    expect(() => findAttractors({ names: ['a'], rules: [v(3)] }, { mode: 'sync' })).toThrow(RangeError);
  });
});
