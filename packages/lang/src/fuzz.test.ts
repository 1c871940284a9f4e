// Property: whatever the text, the front end neither throws nor produces a diagnostic or a syntax
// tree node whose range lies outside the text. Inputs are random strings, random token soups, and mutations of the real
// example models (token deletions, insertions, duplications and truncations).
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverlayFileHost, type FileHost } from './project.js';
import { Workspace } from './workspace.js';
import { keywordList } from './syntax/tokens.js';

const repo = path.resolve(__dirname, '..', '..', '..');
const exampleFiles = [
  path.join(repo, 'examples', 'sepsis', 'twin.idt'),
  path.join(repo, 'examples', 'core', 'innate.idt'),
  path.join(repo, 'examples', 'core', 'cytokine.idt'),
  path.join(repo, 'packages', 'lang', 'fixtures', 'valid', 'kitchen-sink.idt'),
].filter((f) => fs.existsSync(f));
const examples = exampleFiles.map((f) => fs.readFileSync(f, 'utf8'));

/** An in-memory host: the fuzzed file, plus the real files for imports it may still contain. */
function hostWith(file: string, text: string): FileHost {
  const host = new OverlayFileHost();
  host.set(file, text);
  return host;
}

const file = path.join(repo, 'examples', 'sepsis', 'fuzzed.idt');

function checkInvariants(text: string): void {
  const program = new Workspace(hostWith(file, text)).check([file]);
  for (const d of program.diagnostics) {
    const len = d.file === file ? text.length : (program.modules.get(d.file)?.text.length ?? 0);
    expect(d.range.start, d.message).toBeGreaterThanOrEqual(0);
    expect(d.range.end, d.message).toBeGreaterThanOrEqual(d.range.start);
    expect(d.range.end, d.message).toBeLessThanOrEqual(len);
    expect(d.code).toMatch(/^IDT\d{4}$/);
    expect(d.message.length).toBeGreaterThan(0);
  }
  // Every node of the syntax tree (editor features use their ranges) has a range inside the text.
  const ast = program.modules.get(file)?.ast;
  expect(ast).toBeDefined();
  const visit = (node: unknown, where: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    const o = node as Record<string, unknown>;
    if ('range' in o || 'kind' in o) {
      const r = o.range as { start?: unknown; end?: unknown } | undefined;
      const ok = !!r && typeof r.start === 'number' && typeof r.end === 'number' && r.start >= 0 && r.start <= r.end && r.end <= text.length;
      if (!ok) expect.fail(`${where} has range ${JSON.stringify(r)} in a text of ${text.length} characters`);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'range') visit(v, `${where}.${k}`);
  };
  visit(ast, 'file');
}

const tokenPieces = [...keywordList, 'mass action', 'x', 'P', 'k_pg', '1', '0.5', '1e-3', '"f.json"', '[', ']', '(', ')', '{', '}', '->', '<->', ':=', '=', '+=', '*',
  '/', '^', '-', '+', ',', ';', ':', '.', '@is("CL:1")', '///doc\n', '// c\n', '\n', ' ', '[1/h]', '[cells/mL]', '<', '>=', '==', '~', 'lognormal(1, 2)'];

/** Split into tokens roughly (words, numbers, punctuation, whitespace) for mutation. */
function roughTokens(text: string): string[] {
  return text.match(/\s+|[A-Za-z_]\w*|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|"[^"\n]*"|\/\/\/?[^\n]*|->|<->|:=|[+\-*\/]=|[<>=!]=|[^\s]/g) ?? [];
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...tokenPieces) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, ms: { kind: string; at: number; count?: number; piece?: string }[]): string {
  let toks = roughTokens(text);
  for (const m of ms) {
    const at = toks.length ? m.at % toks.length : 0;
    if (m.kind === 'delete') toks.splice(at, m.count ?? 1);
    else if (m.kind === 'insert') toks.splice(at, 0, m.piece ?? 'x');
    else if (m.kind === 'duplicate') toks.splice(at, 0, ...toks.slice(at, at + (m.count ?? 1)));
    else toks = toks.slice(0, at);
  }
  return toks.join('');
}

describe('the front end never throws and keeps every range inside the text', () => {
  it('on statements broken off where recovery must keep a partial node', () => {
    const broken = ['let x = c.', 'let x = f(1,', 'species A = 1 [mg/', 'reaction r: A -> by mass action', 'reaction r: 2 -> B rate k *',
      'event e every [h] from 12: x += 1', 'parameter k ~ [cells]', 'surrogate f(rate [1]) -> (y) { layers 2 }', 'logic L := A > 1 initially',
      'der(X) = -rate * X', 'decision d { "a" if', 'instance c = core(k = ) { input = }', '@is( species S = 1', 'let y = if A then'];
    for (const text of broken) checkInvariants(text);
  });

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => checkInvariants(s)), { numRuns: 400 });
  });

  it('on random token soups', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...tokenPieces), { maxLength: 80 }), (parts) => checkInvariants(parts.join(' '))), { numRuns: 600 });
  });

  it('on mutated example models', () => {
    expect(examples.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, ms) => checkInvariants(mutate(examples[which]!, ms))),
      { numRuns: 800 },
    );
  });
});

describe('pathological nesting', () => {
  it('is reported as IDT1010, not thrown', () => {
    for (const n of [100, 3000, 20000]) {
      const text = 'let x = ' + '('.repeat(n) + '1' + ')'.repeat(n) + '\nlet y = ' + '-'.repeat(n) + '1\nlet z = ' + Array(n).fill('1').join(' + ');
      checkInvariants(text);
    }
    const deep = '('.repeat(20000);
    const program = new Workspace(hostWith(file, `let x = ${deep}1`)).check([file]);
    expect(program.diagnostics.some((d) => d.code === 'IDT1010')).toBe(true);
  });
});
