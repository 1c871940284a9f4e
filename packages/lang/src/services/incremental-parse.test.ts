// Incremental reparsing must give exactly what a full parse gives: checked on random edit chains
// (valid and broken text) against parseText, the independent reference.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, type ParseResult } from '../syntax/parse.js';
import { sortDiagnostics } from '../diagnostics.js';
import { reparse } from './incremental-parse.js';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const sources = [
  'packages/lang/fixtures/valid/kitchen-sink.idt',
  'examples/core/innate.idt',
  'examples/sepsis/twin.idt',
  'packages/lang/fixtures/invalid/three-syntax-errors.idt',
].map((f) => fs.readFileSync(path.join(repo, f), 'utf8'));

const snippets = [
  '', 'x', ' ', '\n', 'parameter ', 'k = 1 [h]', '(', ')', '{', '}', '"', '/', '*', '/*', '*/', '//', '///', ';', '@is("x")',
  'reaction r: A -> B rate k', 'module m', '->', 'if ', 'decision d {', 'mass action', '=', '[', ']', 'simulate', 'species S = 1\n',
  'logic L := A and', 'event e at 1: x = 2', 'surrogate s(x) -> y {', ',', 'then', 'values at', 'time [h]\n', '+', '.', 'amount ', 'initially', 'priority 2', '@', 'instance i = m() {', 'a = b',
];

function normal(r: ParseResult): unknown {
  return { ast: r.ast, diagnostics: sortDiagnostics(r.diagnostics) };
}

const edit = fc.record({ at: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })), del: fc.nat(12), ins: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 4 })), copy: fc.boolean() });

describe('reparse', () => {
  it('equals a full parse after every edit of random edit chains', () => {
    let reused = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.nat(sources.length - 1), fc.array(edit, { minLength: 1, maxLength: 15 }), (si, edits) => {
        let text = sources[si]!;
        let result = parseText(text, 'f.idt');
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          const from = Math.floor(at / 2);
          const ins = e.copy ? text.slice(from, from + e.del * 3) : e.ins;
          const next = text.slice(0, at) + ins + text.slice(Math.min(text.length, at + e.del));
          const inc = reparse({ text, result }, next, 'f.idt');
          total++;
          if (inc.ast.declarations.length > 0 && inc.ast.declarations[0] === result.ast.declarations[0]) reused++;
          expect(normal(inc)).toEqual(normal(parseText(next, 'f.idt')));
          text = next;
          result = inc;
        }
      }),
      { numRuns: 30, seed: 20251123 },
    );
    // The incremental path must actually be taken in most cases, or this test proves nothing.
    expect(reused / total).toBeGreaterThan(0.3);
  });

  it('reuses statements before the edit and shifts those after it', () => {
    const text = ['module m', 'time [h]', '/// Growth.', 'parameter k = 1 [1/h]', 'parameter k_pm = 0.6 [1/h]', 'species S = 1', 'species T = 2', 'reaction r: S -> T by mass action k', ''].join('\n');
    const before = parseText(text, 'f.idt');
    const at = text.indexOf('parameter k_pm');
    const next = text.slice(0, at) + 'parameter extra = 2 [1/h]\n' + text.slice(at);
    const after = reparse({ text, result: before }, next, 'f.idt');
    expect(after.ast.declarations[0]).toBe(before.ast.declarations[0]);
    const moved = after.ast.declarations.find((d) => d.kind === 'reaction')!;
    expect(next.slice(moved.range.start, moved.range.end)).toBe('reaction r: S -> T by mass action k');
    expect(after.ast.declarations.find((d) => d.kind === 'parameter' && d.name?.text === 'k')!.doc).toBe('Growth.');
    expect(after).toEqual(parseText(next, 'f.idt'));
  });
});
