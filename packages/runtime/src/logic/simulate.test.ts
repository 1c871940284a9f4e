// Trajectories under the three update modes.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulateLogic, trajectoryState } from './simulate.js';
import { parseBnet, reorderNetwork } from './testing/bnet.js';
import type { BoolRule, LogicNetwork } from './types.js';

// The published models live in /work/shared, next to the repository (`../shared/` from its root).
const LOGICAL_MODELS_DIR = fileURLToPath(new URL('../../../../../shared/models/sbml/logical/', import.meta.url));
const SHARED_MODELS_PRESENT = existsSync(LOGICAL_MODELS_DIR);
const SKIP_NOTE = SHARED_MODELS_PRESENT ? '' : ` (skipped: ${LOGICAL_MODELS_DIR} not found)`;

function loadBnet(relativePath: string): LogicNetwork {
  const { network, problems } = parseBnet(readFileSync(LOGICAL_MODELS_DIR + relativePath, 'utf8'));
  if (problems.length > 0) throw new Error(`${relativePath}: ${problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  return network;
}

const v = (i: number): BoolRule => ({ k: 'var', i });
const not = (a: BoolRule): BoolRule => ({ k: 'not', a });
const and = (...args: BoolRule[]): BoolRule => ({ k: 'and', args });

/** a = 1; b = a; c = b & !c (c oscillates once b is on); d is a free input. */
const toy: LogicNetwork = {
  names: ['a', 'b', 'c', 'd'],
  rules: [{ k: 'const', v: true }, v(0), and(v(1), not(v(2))), null],
  priorities: [0, 1, 2, 0],
};

describe('simulateLogic', () => {
  it('updates every node at once in synchronous mode and keeps free inputs', () => {
    const tr = simulateLogic(toy, { mode: 'sync', steps: 5, initial: '0001' });
    const states = Array.from({ length: tr.length }, (_, t) => trajectoryState(tr, t));
    // By hand: a turns on, then b, then c toggles.
    expect(states).toEqual(['0001', '1001', '1101', '1111', '1101', '1111']);
  });

  it('fires only the highest priority class among the nodes that would change', () => {
    // From 0000: only a can change (class 0) -> 1000; then only b (class 1) -> 1100;
    // then only c (class 2) -> 1110; then c wants to go back (class 2) -> 1100 -> 1110 ...
    const tr = simulateLogic(toy, { mode: 'priority', steps: 5, initial: '0000' });
    const states = Array.from({ length: tr.length }, (_, t) => trajectoryState(tr, t));
    expect(states).toEqual(['0000', '1000', '1100', '1110', '1100', '1110']);
    // From 0110 a (class 0), b (class 1, wants 0) and c (class 2, wants 0) all disagree;
    // the highest class (c) moves alone.
    const tr2 = simulateLogic(toy, { mode: 'priority', steps: 1, initial: '0110' });
    expect(trajectoryState(tr2, 1)).toBe('0100');
  });

  it('changes exactly one disagreeing node per asynchronous step, reproducibly per seed', () => {
    const run = (seed: number) => simulateLogic(toy, { mode: 'async', steps: 40, initial: '0000', seed });
    const tr = run(3);
    for (let t = 1; t < tr.length; t++) {
      const before = trajectoryState(tr, t - 1);
      const after = trajectoryState(tr, t);
      const changed = [...after].filter((c, i) => c !== before[i]).length;
      expect(changed).toBe(tr.chosen![t - 1]! < 0 ? 0 : 1);
    }
    expect(run(3).states).toEqual(tr.states);
    // Three independent togglers (x = !x): every node always disagrees, the seed decides.
    const togglers: LogicNetwork = { names: ['x', 'y', 'z'], rules: [not(v(0)), not(v(1)), not(v(2))] };
    const t1 = simulateLogic(togglers, { mode: 'async', steps: 30, initial: '000', seed: 1 });
    const t2 = simulateLogic(togglers, { mode: 'async', steps: 30, initial: '000', seed: 2 });
    expect(t1.chosen).not.toEqual(t2.chosen);
    expect(new Set(t1.chosen)).toEqual(new Set([0, 1, 2]));
    // d is a free input: it never changes.
    for (let t = 0; t < tr.length; t++) expect(trajectoryState(tr, t)[3]).toBe('0');
  });

  it("with asyncChoice 'any' may pick a node that does not change", () => {
    const tr = simulateLogic(toy, { mode: 'async', steps: 50, initial: '1111', seed: 1, asyncChoice: 'any' });
    let idle = 0;
    for (let t = 1; t < tr.length; t++) if (trajectoryState(tr, t) === trajectoryState(tr, t - 1)) idle++;
    expect(idle).toBeGreaterThan(0);
  });

  it('holds pinned nodes at their value from the initial state on', () => {
    const tr = simulateLogic(toy, { mode: 'sync', steps: 3, initial: '1111', fix: new Map([[1, false]]) });
    expect(trajectoryState(tr, 0)).toBe('1011');
    expect(trajectoryState(tr, 3)).toBe('1001');
  });

  it('rejects malformed initial states', () => {
    expect(() => simulateLogic(toy, { mode: 'sync', steps: 1, initial: '01' })).toThrow(RangeError);
    expect(() => simulateLogic(toy, { mode: 'sync', steps: 1, initial: '01x1' })).toThrow(RangeError);
  });
});

describe.skipIf(!SHARED_MODELS_PRESENT)(`simulateLogic on the Fauré 2006 cell cycle${SKIP_NOTE}`, () => {
  it('reproduces the transitions printed in the BoolNet vignette', () => {
    // Source: BoolNet package vignette (cran/BoolNet, vignettes/BoolNet_package_vignette.Snw,
    // getTransitionTable example): "0000000000 => 0110010111" and "1111111111 => 1000001110",
    // genes in the order CycD Rb E2F CycE CycA p27 Cdc20 Cdh1 UbcH10 CycB.
    const net = reorderNetwork(loadBnet('reference/pyboolnet_faure_cellcycle.bnet'), [
      'CycD', 'Rb', 'E2F', 'CycE', 'CycA', 'p27', 'Cdc20', 'cdh1', 'UbcH10', 'CycB',
    ]);
    const step = (s: string): string => trajectoryState(simulateLogic(net, { mode: 'sync', steps: 1, initial: s }), 1);
    expect(step('0000000000')).toBe('0110010111');
    expect(step('1111111111')).toBe('1000001110');
  });
});
