// A Workspace that re-uses parses and checked modules (editors) must report exactly what a fresh
// Workspace reports: checked after every edit of random edit sessions over a multi-module twin,
// against a Workspace that re-checks everything (caching parses only by exact text).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { OverlayFileHost } from '../project.js';
import { Workspace } from '../workspace.js';
// @ts-expect-error plain JavaScript helper (test/lsp/fixtures/generate-twin.d.mts types it)
import { writeTwin } from '../../../../test/lsp/fixtures/generate-twin.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-incremental-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const snippets = [
  'unit cells\n', 'unit Mcells = 1e6 cells\n', 'unit Mcells = 1e3 cells\n', 'import gen.m1\n', 'import gen.twin\n', 'import gen.m0 as q\n', 'parameter k_x = 1 [1/h]\n',
  'species Z = 1 [Mcells]\n', 'x', '(', ' [', '\n', 'let y = S_0 + ', 'inst_0.', 'reads extra [1]\n', 'instance extra = m2() {}\n', '',
];

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

it('reports what a fresh check reports after every edit', () => {
  const { twin, modules } = writeTwin(dir, { modules: 3, totalLines: 260 }) as { twin: string; modules: string[] };
  const files = [twin, ...modules];
  const host = new OverlayFileHost();
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  for (const [f, t] of texts) host.set(f, t);
  const incremental = new Workspace(host, { incremental: true });
  // The reference re-checks everything (it caches parses only by exact text).
  const reference = new Workspace(host);
  const rnd = random(7);
  let reusedChecks = 0;
  for (let step = 0; step < 100; step++) {
    const file = files[Math.floor(rnd() * files.length)]!;
    const text = texts.get(file)!;
    // Unit declarations sit near the top: edit there often, so the units each module sees change.
    const at = rnd() < 0.3 ? Math.floor(rnd() * Math.min(text.length, 120)) : Math.floor(rnd() * (text.length + 1));
    const del = rnd() < 0.5 ? Math.floor(rnd() * 15) : 0;
    const next = text.slice(0, at) + snippets[Math.floor(rnd() * snippets.length)]! + text.slice(at + del);
    texts.set(file, next);
    host.set(file, next);
    // Check from an entry as an editor does: the edited file, then the twin.
    for (const entry of [file, twin]) {
      const before = incremental.check([entry]);
      const again = incremental.check([entry]);
      if ([...again.modules.values()].every((m, i) => m === [...before.modules.values()][i])) reusedChecks++;
      const fresh = reference.check([entry]);
      expect(before.diagnostics).toEqual(fresh.diagnostics);
      expect(again.diagnostics).toEqual(fresh.diagnostics);
      expect([...again.modules.keys()]).toEqual([...fresh.modules.keys()]);
    }
  }
  // A second check of unchanged files re-uses every module (unless an import cycle forbids it).
  expect(reusedChecks).toBeGreaterThan(150);
});

it('checks a module again when the units declared before it change, though its text did not', () => {
  // `b` uses `cells` without declaring it: whether that is an error depends on `a`, checked first.
  const root = path.join(dir, 'units');
  fs.mkdirSync(root, { recursive: true });
  const files = { a: path.join(root, 'a.idt'), b: path.join(root, 'b.idt'), top: path.join(root, 'top.idt') };
  const host = new OverlayFileHost();
  host.set(files.a, 'module a\nunit cells\n');
  host.set(files.b, 'module b\nparameter n = 1 [cells]\n');
  host.set(files.top, 'module top\nimport "a.idt"\nimport "b.idt"\n');
  const ws = new Workspace(host, { incremental: true });
  const codes = (p: ReturnType<Workspace['check']>) => p.diagnostics.filter((d) => d.file === files.b).map((d) => d.code);
  expect(codes(ws.check([files.top]))).toEqual(['IDT2003']);
  host.set(files.a, 'module a\n');
  const after = ws.check([files.top]);
  expect(codes(after).sort()).toEqual(['IDT2003', 'IDT2008']);
  expect(after.diagnostics).toEqual(new Workspace(host).check([files.top]).diagnostics);
});
