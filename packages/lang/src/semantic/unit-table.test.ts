// The unit table the build writes (scripts/unit-table.mjs) stands in for mathjs when the checker
// resolves unit names. Its values must be mathjs's own: every entry is compared with what the
// installed mathjs makes of the same name, and the set of names with what mathjs accepts.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeTabulatedUnit, extraUnitDefinitions, mathjsDim, mathjsLoaded, unitTablePath, UnitSystem } from './units.js';

const tableText = fs.existsSync(unitTablePath) ? fs.readFileSync(unitTablePath, 'utf8') : undefined;

describe('the unit table', () => {
  it('exists (written by npm run build)', () => {
    expect(tableText, `${unitTablePath} is missing: run npm run build`).toBeDefined();
  });

  // First: a fresh module has not loaded mathjs, and tabulated names must not load it.
  it('resolves unit names without loading mathjs', () => {
    const units = new UnitSystem();
    expect(units.resolveName('mL')?.scale).toBeCloseTo(1e-6, 18);
    expect(units.resolveName('h')?.scale).toBe(3600);
    expect(units.resolveName('uM')?.exps).toEqual(new Map([['m', -3], ['mol', 1]]));
    expect(units.resolveName('pg')?.scale).toBeCloseTo(1e-15, 28);
    expect(units.resolveName('cells')).toBeUndefined();
    expect(mathjsLoaded()).toBe(false);
  });

  it('holds exactly the names mathjs accepts, each as mathjs resolves it', () => {
    const table = new Map(Object.entries(JSON.parse(tableText!) as Record<string, string>));
    const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as { Unit: { UNITS: Record<string, { prefixes?: Record<string, unknown> }> } };
    const names = new Set(extraUnitDefinitions);
    for (const [name, unit] of Object.entries(math.Unit.UNITS)) for (const p of Object.keys(unit.prefixes ?? { '': null })) names.add(p + name);
    expect([...table.keys()].sort()).toEqual([...names].filter((n) => mathjsDim(n)).sort());
    for (const [name, encoded] of table) {
      const live = mathjsDim(name)!;
      const read = decodeTabulatedUnit(encoded, name);
      expect(read.scale, name).toBe(live.scale);
      expect(read.exps, name).toEqual(live.exps);
    }
  });

  it('rejects what mathjs rejects', () => {
    const units = new UnitSystem();
    for (const name of ['cells', 'kcells', 'IU', 'copies', 'foo']) {
      expect(units.resolveName(name), name).toBeUndefined();
      expect(mathjsDim(name), name).toBeUndefined();
    }
  });
});
