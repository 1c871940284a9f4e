// How units are shown in messages: as written, plus what is left when written names cancel.
import { describe, expect, it } from 'vitest';
import { parseText } from '../syntax/parse.js';
import type * as A from '../syntax/ast.js';
import { showUnit, UnitSystem } from './units.js';

/** `[text]` shown as the checker shows a declared unit (its text as written), `cells` a base unit. */
function unit(text: string): string {
  const units = new UnitSystem();
  units.declareBase('cells');
  const decl = parseText(`species X = 1 [${text}]`, 'x.idt').ast.declarations[0] as A.SpeciesDecl;
  const d = units.evaluate(decl.unit!.expr!, () => undefined);
  return showUnit(d && { ...d, text: decl.unit!.text });
}

describe('showUnit', () => {
  it('shows what is left after written names cancel', () => {
    // mL/cells * cells/mL * cells/mL: mL^(1-1-1) cells^(-1+1+1) = cells/mL.
    expect(unit('mL/cells*(cells/mL)*(cells/mL)')).toBe('[mL/cells*(cells/mL)*(cells/mL)] (= [cells/mL])');
    expect(unit('h*(1/h)')).toBe('[h*(1/h)] (= [1])');
    expect(unit('mL/(cells*h)*cells')).toBe('[mL/(cells*h)*cells] (= [mL/h])');
  });

  it('shows a unit as written when nothing cancels', () => {
    expect(unit('cells/mL/h')).toBe('[cells/mL/h]');
    expect(unit('1/h')).toBe('[1/h]');
    expect(unit('(cells/mL)^2')).toBe('[(cells/mL)^2]');
    // A numeric factor is not a name: nothing to cancel against.
    expect(unit('1e6 cells/cells')).toBe('[1e6 cells/cells]');
  });
});
