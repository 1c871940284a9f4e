// The published models in ../shared/models/sbml (provenance in that folder's README) import, check
// clean, simulate, survive an export round trip, and reproduce the outcomes their sources give:
//  - logical models: every imported rule equals the dataset's own .bnet export of the same model
//    (an independent encoding), and the Faure 2006 cell cycle has the attractors PyBoolNet reports
//    (logical/reference/pyboolnet_faure_cellcycle_attractors.md);
//  - Nelson 2000 (HIV, system 1): with the file's parameters R0 = (1 - n_p) N k lambda / (d c) < 1,
//    so the closed-form disease-free equilibrium T = lambda / d must be reached;
//  - Wodarz 2007 (CMV): R0 > 1, and the infected equilibrium solved by hand from the model's
//    equations (x* = u a1 (a0 + eta) / (k eta B), v* = (lambda - d x*) / ((beta + gamma) x*)) must be reached.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, logicNetworkOf, twinDefinition, type IRModel } from '@idt/compiler';
import { OverlayFileHost, Workspace, type CheckedProgram } from '@idt/lang';
import { createTwin, evaluateRule, findAttractors, Xoshiro128, type BoolRule, type LogicNetwork } from '@idt/runtime';
import { parseBnet } from '../../runtime/src/logic/testing/bnet.js';
import { exportSbml, importSbml } from './index.js';

const models = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'models', 'sbml');
const present = fs.existsSync(models);

function compileText(text: string, name: string): { ir: IRModel; program: CheckedProgram } {
  const file = path.resolve('/virtual', `${name}.idt`);
  const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
  host.set(file, text);
  const r = compileFile(file, new Workspace(host));
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return { ir: r.ir!, program: r.program };
}

function importFile(file: string): { idt: string; ir: IRModel; program: CheckedProgram } {
  const text = fs.readFileSync(file, 'utf8');
  const r = importSbml(text, { file });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return { idt: r.idt!, ...compileText(r.idt!, path.basename(file)) };
}

function simulate(ir: IRModel, tEnd: number, points = 101) {
  const r = createTwin(twinDefinition(ir)).simulate({ tEnd, points, rtol: 1e-9, atol: 1e-12 });
  expect(r.status, r.message).toBe('success');
  return r;
}

const odeFiles = present ? fs.readdirSync(path.join(models, 'ode')).filter((f) => f.endsWith('.xml')).map((f) => path.join(models, 'ode', f)) : [];

describe.skipIf(!present)('published ODE models (BioModels)', () => {
  for (const file of odeFiles) {
    it(`${path.basename(file)} imports, checks, simulates and survives an export round trip`, () => {
      const first = importFile(file);
      const a = simulate(first.ir, 50);
      for (const [name, v] of Object.entries(a.values)) expect(v.every(Number.isFinite), name).toBe(true);
      const exported = exportSbml(first.ir, first.program);
      expect(exported.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      const again = importSbml(exported.xml!, { file: file.replace(/\.xml$/, '.exported.xml') });
      expect(again.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      const b = simulate(compileText(again.idt!, 'roundtrip').ir, 50);
      for (const [name, v] of Object.entries(a.values)) {
        const w = b.values[name];
        expect(w, `${name} after the round trip`).toBeDefined();
        for (let k = 0; k < v.length; k++) expect(Math.abs(v[k]! - w![k]!), `${name}[${k}]`).toBeLessThanOrEqual(1e-9 + 1e-6 * Math.abs(v[k]!));
      }
    });
  }

  it('Nelson 2000 reaches the disease-free equilibrium T = lambda / d', () => {
    const m = importFile(path.join(models, 'ode', 'BIOMD0000000875_Nelson2000_HIV1.xml'));
    const p = Object.fromEntries(m.ir.params.map((x) => [x.name, x.value]));
    const R0 = ((1 - p.np!) * p.N! * p.k! * p.lambda!) / (p.delta1! * p.c!);
    expect(R0).toBeLessThan(1);
    const r = simulate(m.ir, 2000, 3);
    const T = r.values.T!;
    expect(Math.abs(T[2]! - p.lambda! / p.delta1!) / (p.lambda! / p.delta1!)).toBeLessThan(1e-6);
    expect(r.values.T_i![2]!).toBeLessThan(1e-6);
  });

  it('Wodarz 2007 reaches its infected equilibrium', () => {
    const m = importFile(path.join(models, 'ode', 'BIOMD0000000686_Wodarz2007_CMV_basic.xml'));
    const p = Object.fromEntries(m.ir.params.map((x) => [x.name, x.value]));
    const B = p.beta! + (p.gamma! * p.phi!) / (p.phi! + p.d!);
    const x = (p.u! * p.a1! * (p.a0! + p.eta!)) / (p.k! * p.eta! * B);
    const v = (p.lambda! - p.d! * x) / ((p.beta! + p.gamma!) * x);
    const r = simulate(m.ir, 5000, 3);
    expect(r.values.R0![2]!).toBeGreaterThan(1);
    expect(Math.abs(r.values.x![2]! - x) / x).toBeLessThan(1e-4);
    expect(Math.abs(r.values.v![2]! - v) / v).toBeLessThan(1e-4);
  });
});

const logicalFiles = present ? fs.readdirSync(path.join(models, 'logical')).filter((f) => f.endsWith('.sbml') && !f.includes('multivalued')) : [];

/** The imported network, with each node's rule reachable by name. */
function importedNetwork(file: string): LogicNetwork {
  const m = importFile(file);
  const r = logicNetworkOf(m.ir);
  expect(r.problems).toEqual([]);
  return r.network!;
}

describe.skipIf(!present)('published logical models (SBML-qual, Biodivine Boolean Models)', () => {
  for (const f of logicalFiles) {
    it(`${f}: every rule equals the dataset's .bnet export`, () => {
      const net = importedNetwork(path.join(models, 'logical', f));
      const bnet = parseBnet(fs.readFileSync(path.join(models, 'logical', f.replace(/\.sbml$/, '.bnet')), 'utf8'));
      expect(bnet.problems).toEqual([]);
      const ref = bnet.network;
      // A free input nothing reads appears in the SBML only (the .bnet lists names as they are used).
      for (const name of ref.names) expect(net.names, name).toContain(name);
      for (const [i, name] of net.names.entries()) if (!ref.names.includes(name)) expect(net.rules[i], `${name} is only in the SBML`).toBeNull();
      const refIndex = new Map(ref.names.map((n, i) => [n, i]));
      const rng = new Xoshiro128(12345);
      const n = net.names.length;
      // Exhaustive up to 2^14 states, 4096 random states beyond.
      const total = n <= 14 ? 1 << n : 4096;
      for (let s = 0; s < total; s++) {
        const bits = Array.from({ length: n }, (_, i) => (n <= 14 ? ((s >> i) & 1) === 1 : (rng.nextU32() & 1) === 1));
        const byName = new Map(net.names.map((name, i) => [name, bits[i]!]));
        for (let i = 0; i < n; i++) {
          const name = net.names[i]!;
          const mine = net.rules[i] as BoolRule | null;
          if (!refIndex.has(name)) continue;
          const theirs = ref.rules[refIndex.get(name)!] as BoolRule | null;
          if (mine === null || theirs === null) {
            // Free inputs on both sides (the .bnet writes them as `x, x`).
            expect(mine === null && theirs === null, `${name} is a free input in one encoding only`).toBe(true);
            continue;
          }
          const a = evaluateRule(mine, (j) => bits[j]!);
          const b = evaluateRule(theirs, (j) => byName.get(ref.names[j]!) ?? false);
          if (a !== b) expect(`${name} differs in state ${bits.map(Number).join('')}`).toBe('');
        }
      }
    });
  }

  // PyBoolNet's report: one steady state 0000001011 over (Cdc20, CycA, CycB, CycD, CycE, E2F, Rb,
  // UbcH10, cdh1, p27), i.e. Rb, Cdh1 and p27 on, and one cyclic attractor in the trap space
  // CycD = 1, Rb = 0, p27 = 0, under both asynchronous and synchronous updating.
  for (const mode of ['sync', 'async'] as const) {
    it(`Faure 2006 cell cycle: the PyBoolNet attractors (${mode})`, () => {
      const net = importedNetwork(path.join(models, 'logical', 'bbm-023_Faure2006_mammalian_cell_cycle.sbml'));
      const res = findAttractors(net, { mode });
      expect(res.freeInputs).toEqual(['v_CycD']);
      const on = (state: string) => new Set(net.names.filter((_, i) => state[i] === '1'));
      const fixed = res.attractors.filter((a) => a.type === 'fixed');
      const cycles = res.attractors.filter((a) => a.type === 'cycle');
      expect(fixed).toHaveLength(1);
      expect([...on(fixed[0]!.states[0]!)].sort()).toEqual(['v_Cdh1', 'v_Rb', 'v_p27']);
      expect(cycles).toHaveLength(1);
      for (const s of cycles[0]!.states) {
        const set = on(s);
        expect(set.has('v_CycD') && !set.has('v_Rb') && !set.has('v_p27')).toBe(true);
      }
    });
  }
});
