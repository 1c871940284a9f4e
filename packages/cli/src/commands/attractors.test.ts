// `idt attractors` through the built CLI on the T helper differentiation example (Mendoza &
// Xenarios 2006): with TCR on and the cytokine inputs off, the published Th1 (T-bet, IFN-g) and
// Th2 (GATA3, IL-4) stable states are the only attractors, in both update modes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const idt = path.join(root, 'packages', 'cli', 'bin', 'idt.js');
const model = path.join(root, 'examples', 'th-differentiation', 'twin.idt');

function run(args: string[]) {
  return spawnSync(process.execPath, [idt, 'attractors', model, ...args], { encoding: 'utf8', cwd: root });
}

describe.skipIf(!fs.existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js')) || !fs.existsSync(model))('idt attractors', () => {
  for (const mode of ['sync', 'async']) {
    it(`finds Th1 and Th2 with TCR on (${mode})`, () => {
      const r = run(['--mode', mode, '--json', '--fix', 'th.TCR=1', '--fix', 'th.IL12=0', '--fix', 'th.IFNb=0', '--fix', 'th.IL18=0']);
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { variables: string[]; freeInputs: string[]; attractors: { type: string; states: string[] }[] };
      const on = (s: string) => out.variables.filter((_, i) => s[i] === '1');
      expect(out.attractors.map((a) => a.type)).toEqual(['fixed', 'fixed']);
      const sets = out.attractors.map((a) => on(a.states[0]!));
      expect(sets.some((s) => s.includes('th.Tbet') && s.includes('th.IFNg') && !s.includes('th.GATA3'))).toBe(true);
      expect(sets.some((s) => s.includes('th.GATA3') && s.includes('th.IL4') && !s.includes('th.Tbet'))).toBe(true);
      expect(out.freeInputs).not.toContain('th.TCR');
    });
  }
  it('rejects --fix of an unknown node with exit 2', () => {
    const r = run(['--fix', 'nope=1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'nope' is not a logic node/);
  });
});
