// Writes dist/unit-table.json (run by `npm run build`, after tsc): every unit name mathjs knows,
// with each prefix that unit allows, as mathjs itself resolves it (SI scale and exponents over its
// base dimensions). The checker reads names from this table, so an `idt` command does not load
// mathjs and build its unit tables (~0.2 s) to learn that `mL` is 1e-6 m^3.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { encodeTabulatedUnit, extraUnitDefinitions, mathjsDim, unitTablePath } from '../dist/semantic/units.js';

const math = createRequire(import.meta.url)('mathjs/lib/browser/math.js');
const names = new Set(extraUnitDefinitions);
for (const [name, unit] of Object.entries(math.Unit.UNITS)) {
  for (const prefix of Object.keys(unit.prefixes ?? { '': null })) names.add(prefix + name);
}
const table = {};
for (const name of [...names].sort()) {
  const d = mathjsDim(name);
  if (d) table[name] = encodeTabulatedUnit(d);
}
fs.writeFileSync(unitTablePath, JSON.stringify(table));
