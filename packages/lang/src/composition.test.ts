// Multi-file fixtures: each folder of fixtures/composition is checked from its top-level .idt
// files; the diagnostics of every file in the folder must be exactly the ones its markers list.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace.js';
import { describeDiagnostics, readExpectations, sortExpectations, type Expectation } from './testing/expectations.js';

const root = path.resolve(__dirname, '..', 'fixtures', 'composition');

function idtFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? idtFiles(path.join(dir, e.name)) : e.name.endsWith('.idt') ? [path.join(dir, e.name)] : []));
}

describe('composition fixtures', () => {
  for (const folder of fs.readdirSync(root)) {
    it(folder, () => {
      const dir = path.join(root, folder);
      const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.idt')).map((f) => path.join(dir, f));
      const program = new Workspace().check(entries);
      const tagged = (file: string, list: Expectation[]) => list.map((e) => ({ ...e, file: path.relative(dir, file) }));
      const actual = idtFiles(dir).flatMap((f) => tagged(f, describeDiagnostics(fs.readFileSync(f, 'utf8'), program.diagnostics.filter((d) => d.file === f))));
      const expected = idtFiles(dir).flatMap((f) => tagged(f, readExpectations(fs.readFileSync(f, 'utf8'))));
      const key = (l: (Expectation & { file: string })[]) => sortExpectations(l).sort((a, b) => a.file.localeCompare(b.file));
      expect(key(actual)).toEqual(key(expected));
    });
  }
});
