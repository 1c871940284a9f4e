// The bundle's command line: --seed reaches twin.simulate; a seed that is not an integer is a usage error.
import { describe, expect, it } from 'vitest';
import { runBundleCli } from './bundle-cli.js';
import type { Twin, TwinSimulateOptions } from './twin.js';

/** A twin that records the options it is called with and returns one row. */
function recordingTwin(calls: TwinSimulateOptions[]): Twin {
  return {
    model: { name: 'm' } as Twin['model'],
    simulate(options = {}) {
      calls.push(options);
      return { time: Float64Array.of(0), values: { x: Float64Array.of(1) }, decisions: {}, status: 'success', message: '', stats: { steps: 0, rejected: 0, rhs: 0, jac: 0, lu: 0, roots: 0, events: 0, switches: 0 }, events: [], warnings: [] };
    },
  };
}

describe('bundle command line: --seed', () => {
  it('passes an integer seed to simulate, and none when absent', () => {
    const calls: TwinSimulateOptions[] = [];
    const io = { out: () => {}, err: () => {} };
    expect(runBundleCli(recordingTwin(calls), ['--seed', '42'], io)).toBe(0);
    expect(runBundleCli(recordingTwin(calls), [], io)).toBe(0);
    expect(calls.map((c) => c.seed)).toEqual([42, undefined]);
  });

  it('rejects a seed that is not an integer with exit code 2 and a message', () => {
    for (const bad of ['1.5', 'abc', '']) {
      const err: string[] = [];
      const calls: TwinSimulateOptions[] = [];
      expect(runBundleCli(recordingTwin(calls), ['--seed', bad], { out: () => {}, err: (s) => err.push(s) })).toBe(2);
      expect(err.join('')).toBe(`error: --seed must be an integer, got '${bad}'\n`);
      expect(calls).toEqual([]);
    }
  });
});
