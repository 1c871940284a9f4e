// xoshiro128** against values worked out by hand from the reference C code
// (Blackman & Vigna, xoshiro128starstar.c: result = rotl(s[1] * 5, 7) * 9, then the state update).
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from './prng.js';

describe('Xoshiro128', () => {
  it('produces the reference outputs from state {1, 2, 3, 4}', () => {
    const r = new Xoshiro128();
    r.setState(1, 2, 3, 4);
    // 1st: rotl(2*5, 7)*9 = 1280*9; the state becomes {7, 0, 1026, 12288}; 2nd: s1 = 0;
    // the state becomes {12295, 1029, 1026, 25165824}; 3rd: rotl(1029*5, 7)*9 = 658560*9.
    expect([r.nextU32(), r.nextU32(), r.nextU32()]).toEqual([11520, 0, 5927040]);
  });

  it('gives reproducible streams per seed, uniform enough for sampling', () => {
    const a = new Xoshiro128(42);
    const b = new Xoshiro128(42);
    const c = new Xoshiro128(43);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[a.nextInt(6)]!++;
    // Each bin expects 10,000; 5 standard deviations is about 456.
    for (const k of counts) expect(Math.abs(k - 10_000)).toBeLessThan(456);
    for (let i = 0; i < 1000; i++) {
      const f = a.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });
});
