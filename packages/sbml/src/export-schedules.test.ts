// Export of dosing schedules with delays: idt -> SBML -> idt, simulated, against the closed form of
// first-order elimination with unit boluses (the SBML form must keep every firing of the schedule).
import { describe, expect, it } from 'vitest';
import { compileFile, twinDefinition } from '@idt/compiler';
import { OverlayFileHost, Workspace } from '@idt/lang';
import { createTwin } from '@idt/runtime';
import { exportSbml, importSbml } from './index.js';

function compile(file: string, text: string) {
  const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
  host.set(file, text);
  const r = compileFile(file, new Workspace(host));
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r;
}

const k = 0.5;
const d0 = 4;
const model = (schedule: string) => `module m
compartment c = 1
species drug in c = ${d0}
parameter k = ${k}
reaction elim: drug -> by mass action k
event bolus ${schedule} values at execution: drug += 1
`;
const exact = (doses: number[]) => (t: number): number =>
  d0 * Math.exp(-k * t) + doses.reduce((acc, a) => acc + (t >= a ? Math.exp(-k * (t - a)) : 0), 0);

describe('schedules with a delay through SBML', () => {
  for (const [schedule, doses] of [
    ['every 2 from 1 times 3 delay 0.5', [1.5, 3.5, 5.5]],
    // A delay longer than the period: three executions pending at once.
    ['every 1 from 1 times 3 delay 2.5', [3.5, 4.5, 5.5]],
    ['every 1 from 1 until 2.5 delay 1', [2, 3]],
  ] as const) {
    it(`${schedule}: every firing survives export and re-import`, () => {
      const first = compile('/virtual/m.idt', model(schedule));
      const exported = exportSbml(first.ir!, first.program);
      expect(exported.xml).toBeDefined();
      const back = importSbml(exported.xml!, { file: '/virtual/m.xml' });
      expect(back.idt).toBeDefined();
      const second = compile('/virtual/back.idt', back.idt!);
      // Output times off the event times: re-imported, the schedule is a condition on time whose
      // crossings are located to about 1e-12, so a row exactly at a firing may precede it.
      const times = [0, 1.2, 1.7, 2.2, 2.7, 3.2, 3.7, 4.2, 4.7, 5.2, 5.7, 6.5, 8];
      for (const [which, ir] of [["first", first.ir!], ["second", second.ir!]] as const) {
        const res = createTwin(twinDefinition(ir)).simulate({ tEnd: 8, times, rtol: 1e-10, atol: 1e-12 });
        expect(res.status).toBe('success');
        const f = exact(doses);
        res.time.forEach((t, i) => expect(Math.abs(res.values.drug![i]! - f(t)) / (1e-9 + 1e-7 * f(t)), `${which}: t = ${t}`).toBeLessThan(5));
      }
    });
  }

  it('warns that a delayed += with values from trigger time does not export exactly', () => {
    const r = compile('/virtual/w.idt', model('every 2 from 1 times 3 delay 0.5').replace(' values at execution', ''));
    const exported = exportSbml(r.ir!, r.program);
    expect(exported.xml).toBeDefined();
    expect(exported.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message).join('\n')).toMatch(/event 'bolus' has a delay and changes a value relative to itself/);
    // With values at execution there is nothing to warn about.
    const exact = compile('/virtual/x.idt', model('every 2 from 1 times 3 delay 0.5'));
    expect(exportSbml(exact.ir!, exact.program).diagnostics.filter((d) => /relative to itself/.test(d.message))).toEqual([]);
  });

  it('keeps doses due at the same instant adding up (values at execution without a delay)', () => {
    const text = `module m
compartment c = 1
species drug in c = ${d0}
parameter k = ${k}
reaction elim: drug -> by mass action k
event first at 2: drug += 1
event second at 2: drug += 1
event daily every 1 from 2 times 1: drug += 1
`;
    const first = compile('/virtual/d.idt', text);
    const exported = exportSbml(first.ir!, first.program);
    const back = importSbml(exported.xml!, { file: '/virtual/d.xml' });
    const second = compile('/virtual/d-back.idt', back.idt!);
    const f = exact([2, 2, 2]);
    for (const [which, ir] of [['first', first.ir!], ['second', second.ir!]] as const) {
      const res = createTwin(twinDefinition(ir)).simulate({ tEnd: 4, times: [0, 1, 3, 4], rtol: 1e-10, atol: 1e-12 });
      res.time.forEach((t, i) => expect(Math.abs(res.values.drug![i]! - f(t)) / (1e-9 + 1e-7 * f(t)), `${which}: t = ${t}`).toBeLessThan(5));
    }
  });
});
