// Regression guard for SBML import: every case listed in sbml-known-pass.txt (cases of the SBML
// Test Suite that passed when the list was last extended, by `npm run conformance:sbml --
// --update-known`) must still pass. Expected values are the suite's own results files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSemanticCase } from '@idt/sbml';

const casesDir = path.resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'sbml-semantic', 'cases');
const known = fs.readFileSync(path.join(__dirname, 'sbml-known-pass.txt'), 'utf8').split(/\r?\n/).map((s) => s.trim()).filter((s) => /^\d{5}$/.test(s));
const present = fs.existsSync(casesDir);

describe.skipIf(!present)('SBML Test Suite semantic cases known to pass', () => {
  for (const id of known) {
    it(id, () => {
      const r = runSemanticCase(path.join(casesDir, id));
      expect(r.reason ?? '', `case ${id}`).toBe('');
      expect(r.status).toBe('pass');
    });
  }
});

describe.runIf(!present)('SBML Test Suite semantic cases', () => {
  it.skip(`skipped: the SBML Test Suite is not at ${casesDir} (it is shared material outside this repository)`, () => {});
});
