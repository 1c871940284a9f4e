// The T helper differentiation twin (examples/th-differentiation/twin.idt, network in
// examples/core/th-logic.idt) against the Mendoza & Xenarios 2006 network and its stable states.
//
// Sources and status (shared/models/immune-models.md §4):
//  - rules: the Biodivine Boolean Models file bbm-040 (shared/models/sbml/logical/, provenance in
//    that folder's README), compared here rule by rule with the .idt module;
//  - Th0, Th1 and Th2 as the stable states with no input: the paper's abstract ("finds its known
//    states of activation"); which nodes are on in each, the count of fixed points for every
//    input combination and the synchronous basin sizes: [D], the notes' own exhaustive
//    enumeration (a Python port of the BNS file), an independent program.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logicNetworkOf } from '@idt/compiler';
import { evaluateRule, findAttractors, type BoolRule } from '@idt/runtime';
import { parseBnet } from '../../packages/runtime/src/logic/testing/bnet.js';
import { compileExample } from './helpers.js';

const BNET = '/work/shared/models/sbml/logical/bbm-040_Mendoza2006_T_cell_differentiation.bnet';
const INPUTS = ['TCR', 'IFNb', 'IL12', 'IL18'];

const { ir, twin } = compileExample('th-differentiation/twin.idt');
const adapted = logicNetworkOf(ir);
const net = adapted.network!;
const index = (name: string) => net.names.indexOf(`th.${name}`);

/** Nodes that are on in a state, without the instance prefix, sorted. */
const onNodes = (state: string) => net.names.filter((_, i) => state[i] === '1').map((n) => n.slice(3)).sort();
const sorted = (xs: string[]) => [...xs].sort();

const TH1 = sorted(['Tbet', 'IFNg', 'IFNgR', 'SOCS1']);
const TH2 = sorted(['GATA3', 'IL4', 'IL4R', 'STAT6', 'IL10', 'IL10R', 'STAT3']);

describe('th-differentiation: the network is the published one', () => {
  it('converts to a pure logical network: 4 free inputs and 19 regulated nodes', () => {
    expect(adapted.problems).toEqual([]);
    expect(net.names).toHaveLength(23);
    expect(net.rules.filter((r) => r === null)).toHaveLength(4);
    for (const input of INPUTS) expect(net.rules[index(input)]).toBeNull();
  });

  it('has the same update function as the bbm-040 .bnet file for every node', () => {
    const bnet = parseBnet(fs.readFileSync(BNET, 'utf8'));
    expect(bnet.problems).toEqual([]);
    const bIndex = (name: string) => bnet.network.names.indexOf(`v_${name}`);
    for (const [i, full] of net.names.entries()) {
      const name = full.slice(3);
      const j = bIndex(name);
      expect(j, name).toBeGreaterThanOrEqual(0);
      const ours = net.rules[i] ?? null;
      const theirs = bnet.network.rules[j] ?? null;
      if (ours === null || theirs === null) {
        expect([ours, theirs], `${name} is a free input in both`).toEqual([null, null]);
        continue;
      }
      // Compare truth tables over the union of the variables both rules read (at most a few).
      const vars = [...new Set([...variables(ours).map((k) => net.names[k]!.slice(3)), ...variables(theirs).map((k) => bnet.network.names[k]!.slice(2))])];
      for (let m = 0; m < 1 << vars.length; m++) {
        const value = (nm: string) => ((m >> vars.indexOf(nm)) & 1) === 1;
        const a = evaluateRule(ours, (k) => value(net.names[k]!.slice(3)));
        const b = evaluateRule(theirs, (k) => value(bnet.network.names[k]!.slice(2)));
        expect(a, `${name} with ${vars.map((v, k) => `${v}=${(m >> k) & 1}`).join(' ')}`).toBe(b);
      }
    }
  });
});

describe('th-differentiation: stable states', () => {
  const noInputs = new Map(INPUTS.map((n) => [index(n), false] as [number, boolean]));

  for (const mode of ['sync', 'async'] as const) {
    it(`with no input, exactly Th0, Th1 and Th2 (${mode} updating, no cyclic attractor)`, () => {
      const r = findAttractors(net, { mode, fix: noInputs });
      expect(r.attractors.every((a) => a.type === 'fixed')).toBe(true);
      expect(r.attractors.map((a) => onNodes(a.states[0]!)).sort()).toEqual([[], TH2, TH1].sort());
    });
  }

  it('with any input on, Th0 disappears and exactly a Th1-like and a Th2-like fixed point remain', () => {
    const r = findAttractors(net, { mode: 'sync' });
    expect(r.freeInputs.map((n) => n.slice(3)).sort()).toEqual(sorted(INPUTS));
    // Group the attractors by input combination.
    const byInputs = new Map<string, string[][]>();
    for (const a of r.attractors) {
      expect(a.type).toBe('fixed');
      const s = a.states[0]!;
      const key = INPUTS.map((n) => s[index(n)]).join('');
      byInputs.set(key, [...(byInputs.get(key) ?? []), onNodes(s)]);
    }
    expect(byInputs.size).toBe(16);
    for (const [key, states] of byInputs) {
      if (key === '0000') {
        expect(states).toHaveLength(3);
        continue;
      }
      expect(states, `inputs ${key}`).toHaveLength(2);
      const th1 = states.find((s) => s.includes('Tbet'));
      const th2 = states.find((s) => s.includes('GATA3'));
      expect(th1 && !th1.includes('GATA3'), `Th1-like state under inputs ${key}`).toBe(true);
      expect(th2 && !th2.includes('Tbet'), `Th2-like state under inputs ${key}`).toBe(true);
    }
    // IFN-beta alone: STAT1 is on in both states, so the Th2-like one keeps GATA3 and IL-10 but
    // loses IL-4, IL-4R and STAT6 [D].
    const ifnb = byInputs.get(INPUTS.map((n) => (n === 'IFNb' ? '1' : '0')).join(''))!;
    const th2 = ifnb.find((s) => s.includes('GATA3'))!;
    expect(th2).toEqual(expect.arrayContaining(['GATA3', 'IL10', 'STAT1', 'IFNbR']));
    for (const off of ['IL4', 'IL4R', 'STAT6']) expect(th2).not.toContain(off);
    // IL-12 alone adds IL12R and STAT4 to Th1 [D].
    const il12 = byInputs.get(INPUTS.map((n) => (n === 'IL12' ? '1' : '0')).join(''))!;
    expect(il12.find((s) => s.includes('Tbet'))).toEqual(sorted([...TH1, 'IL12', 'IL12R', 'STAT4']));
  });

  it('synchronous basins with no input: Th0 43,202, Th2 190,976, Th1 290,110 of 2^19 states [D]', () => {
    const regulated = net.names.map((_, i) => i).filter((i) => net.rules[i] !== null);
    expect(regulated).toHaveLength(19);
    const n = regulated.length;
    const total = 1 << n;
    // One synchronous step for every state (inputs held at 0), then follow each state to its
    // fixed point, memoised: every state's fate is that of its successor.
    const next = new Int32Array(total);
    const values = new Uint8Array(net.names.length);
    for (let s = 0; s < total; s++) {
      for (let k = 0; k < n; k++) values[regulated[k]!] = (s >> k) & 1;
      let t = 0;
      for (let k = 0; k < n; k++) if (evaluateRule(net.rules[regulated[k]!] as BoolRule, (i) => values[i] === 1)) t |= 1 << k;
      next[s] = t;
    }
    const fate = new Int32Array(total).fill(-1);
    const path: number[] = [];
    for (let s = 0; s < total; s++) {
      let x = s;
      path.length = 0;
      while (fate[x] === -1 && next[x] !== x) {
        fate[x] = -2; // on the current path: a repeat would be a cycle, which must not exist
        path.push(x);
        x = next[x]!;
        if (fate[x] === -2) expect.fail('a synchronous cycle exists');
      }
      const f = next[x] === x ? x : fate[x]!;
      fate[x] = f;
      for (const p of path) fate[p] = f;
    }
    const counts = new Map<number, number>();
    for (let s = 0; s < total; s++) counts.set(fate[s]!, (counts.get(fate[s]!) ?? 0) + 1);
    const basin = new Map<string, number>();
    for (const [f, count] of counts) {
      const state = net.names.map((_, i) => (regulated.includes(i) ? (f >> regulated.indexOf(i)) & 1 : 0)).join('');
      basin.set(JSON.stringify(onNodes(state)), count);
    }
    expect(basin.get(JSON.stringify([]))).toBe(43_202);
    expect(basin.get(JSON.stringify(TH2))).toBe(190_976);
    expect(basin.get(JSON.stringify(TH1))).toBe(290_110);
  });
});

describe('th-differentiation: the twin run and its fate decision', () => {
  it('a naive cell with no signal stays Th0', () => {
    expect(twin.simulate({ interventions: false }).decisions['fate']).toBe('Th0');
  });

  it("the twin's IL-12 pulse (t = 10 to 20) commits the cell to Th1, which outlasts the pulse", () => {
    const r = twin.simulate({ times: [0, 9, 10, 19, 20, 40] });
    expect(r.decisions['fate']).toBe('Th1');
    expect(Array.from(r.values['th.IL12']!)).toEqual([0, 0, 1, 1, 0, 0]);
    // T-bet switches on with the pulse and keeps itself on after it (Tbet := Tbet and not GATA3 ...).
    expect(Array.from(r.values['th.Tbet']!)).toEqual([0, 0, 1, 1, 1, 1]);
    // IFN-gamma stays on with T-bet; STAT4 needs IL-12 and falls with it.
    expect(Array.from(r.values['th.IFNg']!)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(Array.from(r.values['th.STAT4']!)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('a cell already committed to Th2 (IL-4 at the start) ignores the IL-12 pulse', () => {
    // IL4 is a regulated node: setting it only starts the run from IL-4 on; GATA3 then keeps
    // itself on and blocks T-bet, so the later IL-12 pulse changes nothing but IL12R.
    const r = twin.simulate({ params: { 'th.IL4': 1 }, times: [0, 15, 40] });
    expect(r.decisions['fate']).toBe('Th2');
    expect(Array.from(r.values['th.GATA3']!)).toEqual([1, 1, 1]);
    expect(Array.from(r.values['th.Tbet']!)).toEqual([0, 0, 0]);
    expect(Array.from(r.values['th.IL12R']!)).toEqual([0, 1, 0]);
  });
});

/** Indices of the nodes a rule reads. */
function variables(r: BoolRule): number[] {
  switch (r.k) {
    case 'var':
      return [r.i];
    case 'const':
      return [];
    case 'not':
      return variables(r.a);
    default:
      return r.args.flatMap(variables);
  }
}
