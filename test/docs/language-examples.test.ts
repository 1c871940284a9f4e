// Every ```idt block of docs/language.md is a complete model: it checks without errors, and
// (unless it declares ports, i.e. is a library module) compiles and simulates successfully.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace, formatDiagnostic } from '@idt/lang';
import { compileFile, twinDefinition } from '@idt/compiler';
import { createTwin } from '@idt/runtime';

const root = path.resolve(__dirname, '..', '..');
const doc = fs.readFileSync(path.join(root, 'docs', 'language.md'), 'utf8');
const blocks = [...doc.matchAll(/```idt\n([\s\S]*?)```/g)].map((m) => m[1]!);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-docs-'));
// Imports by module name resolve against the examples, as in the repository.
fs.writeFileSync(path.join(dir, 'idt.json'), JSON.stringify({ libraries: [path.join(root, 'examples')] }));
// The surrogate example needs its weights file: a 2-8-8-1 network with small fixed weights.
const layers = [2, 8, 8, 1];
const weight = (i: number) => Math.sin(1.7 * i + 0.3) * 0.2;
fs.writeFileSync(
  path.join(dir, 'release.weights.json'),
  JSON.stringify({
    format: 'idt-surrogate-weights/1',
    layers,
    activation: 'tanh',
    kernels: layers.slice(1).map((n, l) => Array.from({ length: layers[l]! * n }, (_, i) => weight(i + 10 * l))),
    biases: layers.slice(1).map((n, l) => Array.from({ length: n }, (_, i) => weight(i + 100 * l))),
  }),
);

describe('docs/language.md examples', () => {
  it('has an example for every construct', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(18);
  });
  blocks.forEach((source, i) => {
    const title = /^(?:\/\/\/ )?(.*)$/m.exec(source)?.[1]?.slice(0, 60) ?? `block ${i}`;
    it(`example ${i + 1}: ${title}`, () => {
      const file = path.join(dir, `example${i + 1}.idt`);
      fs.writeFileSync(file, source);
      const program = new Workspace().check([file]);
      const errors = program.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => formatDiagnostic(d, program.modules.get(d.file)?.text))).toEqual([]);
      if (/^\s*(reads|writes)\s/m.test(source)) return;
      const compiled = compileFile(file);
      expect(compiled.ir, compiled.diagnostics.map((d) => d.message).join('\n')).toBeDefined();
      const result = createTwin(twinDefinition(compiled.ir!)).simulate({ points: 11 });
      expect(result.status, result.message).toBe('success');
    });
  });
});
