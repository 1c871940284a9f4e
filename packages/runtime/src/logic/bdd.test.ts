// The BDD package against truth tables built by brute force.
import { describe, expect, it } from 'vitest';
import { BDD_FALSE, BDD_TRUE, Bdd } from './bdd.js';
import { Xoshiro128 } from './prng.js';

const N = 6;

/** A random function of N variables as a BDD and as a truth table (bit a of the table). */
function randomFunction(bdd: Bdd, rng: Xoshiro128): { f: number; table: boolean[] } {
  const table: boolean[] = [];
  let f = BDD_FALSE;
  for (let a = 0; a < 1 << N; a++) {
    const on = rng.nextInt(3) === 0;
    table.push(on);
    if (on) f = bdd.or(f, bdd.cube(Array.from({ length: N }, (_, v) => (a >> v) & 1)));
  }
  return { f, table };
}

const members = (bdd: Bdd, f: number): boolean[] =>
  Array.from({ length: 1 << N }, (_, a) => bdd.contains(f, Array.from({ length: N }, (_, v) => (a >> v) & 1)));

describe('Bdd', () => {
  it('and / or / xor / not / diff / flip agree with truth tables, and results are canonical', () => {
    const bdd = new Bdd(N);
    const rng = new Xoshiro128(5);
    for (let t = 0; t < 20; t++) {
      const { f, table: tf } = randomFunction(bdd, rng);
      const { f: g, table: tg } = randomFunction(bdd, rng);
      expect(members(bdd, bdd.and(f, g))).toEqual(tf.map((x, a) => x && tg[a]!));
      expect(members(bdd, bdd.or(f, g))).toEqual(tf.map((x, a) => x || tg[a]!));
      expect(members(bdd, bdd.xor(f, g))).toEqual(tf.map((x, a) => x !== tg[a]!));
      expect(members(bdd, bdd.diff(f, g))).toEqual(tf.map((x, a) => x && !tg[a]!));
      expect(members(bdd, bdd.not(f))).toEqual(tf.map((x) => !x));
      const v = rng.nextInt(N);
      expect(members(bdd, bdd.flip(f, v))).toEqual(tf.map((_, a) => tf[a ^ (1 << v)]!));
      // Canonicity: the same function built two ways is the same node.
      expect(bdd.or(f, g)).toBe(bdd.not(bdd.and(bdd.not(f), bdd.not(g))));
      expect(bdd.satCount(f)).toBe(tf.filter((x) => x).length);
    }
  });

  it('enumerates members in lexicographic order of their bit strings and picks members', () => {
    const bdd = new Bdd(N);
    const rng = new Xoshiro128(9);
    const { f, table } = randomFunction(bdd, rng);
    const expected = table
      .map((on, a) => (on ? Array.from({ length: N }, (_, v) => ((a >> v) & 1 ? '1' : '0')).join('') : ''))
      .filter((s) => s !== '')
      .sort();
    expect(bdd.enumerate(f, Infinity)).toEqual(expected);
    expect(bdd.enumerate(f, 3)).toEqual(expected.slice(0, 3));
    expect(bdd.contains(f, bdd.pick(f))).toBe(true);
    for (let k = 0; k < 10; k++) expect(bdd.contains(f, bdd.pickRandom(f, rng))).toBe(true);
    expect(bdd.satCount(BDD_TRUE)).toBe(2 ** N);
  });

  it('keeps the roots it is given across compaction', () => {
    const bdd = new Bdd(N);
    const rng = new Xoshiro128(11);
    const { f, table } = randomFunction(bdd, rng);
    for (let t = 0; t < 5; t++) randomFunction(bdd, rng); // garbage
    const before = bdd.nodeCount;
    const [g] = bdd.compact([f]);
    expect(bdd.nodeCount).toBeLessThan(before);
    expect(members(bdd, g!)).toEqual(table);
    // New work after compaction still meets the old nodes in the unique table.
    const again = randomFunction(bdd, new Xoshiro128(11)).f;
    expect(again).toBe(g);
  });
});
