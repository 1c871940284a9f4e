// Every fixture in fixtures/ is checked: valid ones must produce no diagnostics at all, invalid
// ones exactly the diagnostics their `// error CODE 'text'` markers list (code, line and range).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace.js';
import { describeDiagnostics, readExpectations, sortExpectations } from './testing/expectations.js';

const root = path.resolve(__dirname, '..', 'fixtures');
const list = (dir: string) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.idt')).map((f) => path.join(root, dir, f));

describe('valid fixtures check clean', () => {
  for (const file of list('valid')) {
    it(path.basename(file), () => {
      const program = new Workspace().check([file]);
      const text = fs.readFileSync(file, 'utf8');
      expect(describeDiagnostics(text, program.diagnostics)).toEqual([]);
    });
  }
});

describe('invalid fixtures report exactly their marked diagnostics', () => {
  for (const file of list('invalid')) {
    it(path.basename(file), () => {
      const text = fs.readFileSync(file, 'utf8');
      const program = new Workspace().check([file]);
      const own = program.diagnostics.filter((d) => d.file === file);
      expect(sortExpectations(describeDiagnostics(text, own))).toEqual(sortExpectations(readExpectations(text)));
    });
  }
});
