// The editor services on small in-memory projects, one behaviour per test. Positions are marked
// with `<|>` in the text (removed before checking).
import { describe, expect, it } from 'vitest';
import { Codes } from '../diagnostics.js';
import { OverlayFileHost } from '../project.js';
import { Workspace, type CheckedProgram } from '../workspace.js';
import { completeAt } from './completion.js';
import { hoverAt } from './hover.js';
import { inlayHints } from './inlay-hints.js';
import { declarationAt, nodesAt } from './locate.js';
import { definitionAt, prepareRename, referencesAt, renameAt } from './navigation.js';
import { occurrences } from './occurrences.js';
import { quickFixes } from './quick-fixes.js';
import { semanticTokens } from './semantic-tokens.js';
import { signatureAt } from './signature-help.js';
import { foldingRegions, outline, workspaceSymbols } from './structure.js';

const ROOT = '/virtual/project';
const LIB = `module lib.core
time [h]
unit cells
/// Saturation.
function sat(x, K) = x / (K + x)
surrogate net(a [1]) -> b [1] { weights "missing.json" }
reads input [cells]
writes output [cells]
/// Rate of output.
parameter k = 2 [1/h]
parameter unused = 1
reaction make: -> output rate k * input
`;

/** Check `main` (with `<|>` markers) next to lib/core.idt; returns the program, text and offsets. */
function project(marked: string): { program: CheckedProgram; text: string; at: number[]; file: string } {
  const at: number[] = [];
  const text = marked.replace(/<\|>/g, (_m, offset: number) => {
    at.push(offset - at.length * 3);
    return '';
  });
  const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
  const file = `${ROOT}/main.idt`;
  host.set(`${ROOT}/lib/core.idt`, LIB);
  host.set(file, text);
  return { program: new Workspace(host).check([file]), text, at, file };
}

const MAIN = `module main
import lib.core
time [h]
unit cells
unit Mcells = 1e6 cells
compartment blood = 5 [mL]
species A in blood = 1 [cells/mL]
species B = 0 [cells]
parameter k_on = 0.5 [1/h]
instance c = core(k = 3 [1/h]) { input = B; output = B }
let level = core.sat(A, 2 [cells/mL])
reaction bind: 2 A -> B by mass action k_on
event kick at 2 [h]: B += 1 [cells]
decision d {
  "high" if final(B) > 1 [cells]
  "low" otherwise
}
`;

function labels(marked: string, options = {}): string[] {
  const { program, text, at, file } = project(marked);
  return completeAt(program.modules.get(file), text, at[0]!, options).entries.map((e) => e.label);
}

describe('completion in context', () => {
  it('offers statement keywords at the start of a line', () => {
    expect(labels(MAIN + '<|>')).toEqual(expect.arrayContaining(['species', 'parameter', 'reaction', 'instance', 'import']));
  });
  it('offers compartments after `in`, species on reaction sides, `mass action` after `by`', () => {
    expect(labels(MAIN + 'species C in <|>')).toEqual(['blood']);
    expect(labels(MAIN + 'reaction r: A + <|>')).toEqual(['A', 'B']);
    expect(labels(MAIN + 'reaction r: A -> B by <|>')).toEqual(['mass action']);
    expect(labels(MAIN + 'reaction r: A -> B <|>')).toEqual(['by mass action', 'rate']);
  });
  it('offers units in brackets, declared ones first', () => {
    const u = labels(MAIN + 'parameter q = 1 [<|>');
    expect(u.slice(0, 2)).toEqual(['cells', 'Mcells']);
    expect(u).toContain('mL');
    // `bounds [` holds numbers, not units.
    expect(labels(MAIN + 'parameter q = 1 bounds [<|>')).toContain('k_on');
  });
  it('offers what an instance or an imported module has after a dot', () => {
    expect(labels(MAIN + 'let x = c.<|>').slice(0, 2)).toEqual(['input', 'output']);
    expect(labels(MAIN + 'let x = c.<|>')).toContain('unused');
    expect(labels(MAIN + 'let x = core.<|>')).toEqual(['net', 'sat']);
  });
  it('offers overrides and unbound ports of an instantiated module', () => {
    const { program, text, at, file } = project(MAIN + 'instance c2 = core(<|>) { input = A; <|> }');
    const m = program.modules.get(file);
    const args = completeAt(m, text, at[0]!).entries;
    expect(args.map((e) => [e.label, e.insertText])).toEqual([['k', 'k = '], ['unused', 'unused = ']]);
    expect(completeAt(m, text, at[1]!).entries.map((e) => e.label)).toEqual(['output']);
  });
  it('offers module names after `import`, one level at a time', () => {
    const modules = () => ['lib.core', 'lib.extra', 'main'];
    expect(labels('import <|>', { modules })).toEqual(['main', 'lib']);
    expect(labels('import lib.<|>', { modules })).toEqual(['core', 'extra']);
  });
  it('offers distributions (noise-only ones after `noise`)', () => {
    expect(labels(MAIN + 'parameter p = 1 ~ <|>')).not.toContain('proportional');
    expect(labels(MAIN + 'observable o = A noise <|>')).toContain('proportional');
  });
  it('knows what may follow in events, logic, simulate and surrogates', () => {
    expect(labels(MAIN + 'event e <|>')).toEqual(['at', 'every', 'when']);
    expect(labels(MAIN + 'event e every 12 [h] <|>')).toEqual(expect.arrayContaining(['from', 'until', 'times', 'delay']));
    expect(labels(MAIN + 'logic L := A > 1 [cells/mL] initially <|>')).toEqual(['false', 'true']);
    expect(labels(MAIN + 'simulate <|>')).toEqual(['until', 'atol', 'method', 'points', 'rtol']);
    expect(labels(MAIN + 'simulate method <|>')).toEqual(['auto', 'bdf', 'dopri5', 'rodas']);
    expect(labels(MAIN + 'surrogate s(x) -> y {\n  activation <|>')).toContain('tanh');
  });
  it('scopes names: function bodies see their parameters, decisions see run statistics', () => {
    const fn = labels(MAIN + 'function f(x, y) = <|>');
    expect(fn.slice(0, 2)).toEqual(['x', 'y']);
    expect(fn).not.toContain('A');
    expect(labels(MAIN + 'decision e { "x" if <|>')).toContain('time_above');
    expect(labels(MAIN + 'let z = <|>')).not.toContain('time_above');
  });
  it('offers nothing in comments, strings or where a new name is being declared', () => {
    expect(labels(MAIN + '// a comment <|>')).toEqual([]);
    expect(labels(MAIN + 'parameter <|>')).toEqual([]);
    expect(labels(MAIN + 'import "lib/<|>')).toEqual([]);
  });
  it('replaces the word being typed', () => {
    const { program, text, at, file } = project(MAIN + 'let z = k_o<|>n + 1');
    const r = completeAt(program.modules.get(file), text, at[0]!);
    expect(text.slice(r.range.start, r.range.end)).toBe('k_on');
  });
});

describe('hover', () => {
  const hover = (marked: string) => {
    const { program, at, file } = project(marked);
    return hoverAt(program, program.modules.get(file)!, at[0]!)?.markdown;
  };
  it('describes reactions with stoichiometry and mass-action rate law', () => {
    const md = hover(MAIN.replace('reaction bind', 'reaction bi<|>nd'))!;
    expect(md).toContain('Stoichiometry: `2 A -> B` (A -2, B +1)');
    expect(md).toContain('Rate law (mass action): `k_on * A^2`');
  });
  it('describes built-ins, units, time, modules and function parameters', () => {
    expect(hover(MAIN + 'let h = hi<|>ll(A, A, 2)')).toContain('x^n / (K^n + x^n)');
    expect(hover(MAIN.replace('unit Mcells = 1e6 cells', 'unit Mcel<|>ls = 1e6 cells'))).toContain('In SI base units: `1000000 cells`');
    expect(hover(MAIN + 'let tt = <|>t')).toContain('Model time, in `[h]`');
    expect(hover(MAIN.replace('import lib.core', 'import lib.co<|>re'))).toContain('module lib.core');
    expect(hover(MAIN + 'function g(u) = 2 * <|>u')).toContain('Parameter `u` (argument 1) of function `g`');
  });
  it('gives nothing for names that do not resolve', () => {
    expect(hover(MAIN + 'let w = nope<|>')).toBeUndefined();
  });
});

describe('navigation', () => {
  it('goes from an instance member and an override to the module declaring them', () => {
    const { program, at, file } = project(MAIN.replace('core(k = 3', 'core(<|>k = 3') + 'let o = c.out<|>put\n');
    const m = program.modules.get(file)!;
    const lib = `${ROOT}/lib/core.idt`;
    expect(definitionAt(program, m, at[0]!)).toEqual({ file: lib, range: { start: LIB.indexOf('k = 2'), end: LIB.indexOf('k = 2') + 1 } });
    expect(definitionAt(program, m, at[1]!)?.range.start).toBe(LIB.indexOf('output [cells]'));
  });
  it('finds every use of a user unit across modules, and renames them together', () => {
    const { program, at, file } = project(MAIN.replace('unit cells', 'unit cel<|>ls'));
    const refs = referencesAt(program, file, at[0]!, true);
    expect(refs.filter((r) => r.file === file).length).toBe(7);
    expect(refs.some((r) => r.file.endsWith('core.idt'))).toBe(true);
    const r = renameAt(program, file, at[0]!, 'cell');
    expect('edits' in r && r.edits.length).toBe(refs.length);
  });
  it('renames a function parameter within its function only', () => {
    const { program, at, file } = project(MAIN + 'function f(x<|>, y) = x + y\nlet x2 = f(A, A)\n');
    const r = renameAt(program, file, at[0]!, 'u');
    expect('edits' in r ? r.edits.map((e) => e.range.start) : r).toHaveLength(2);
    expect(renameAt(program, file, at[0]!, 'y')).toEqual({ error: "function 'f' already has a parameter 'y'" });
  });
  it('refuses renames that clash or cannot be', () => {
    const { program, at, file } = project(MAIN.replace('species B', 'species B<|>') + 'let x3 = <|>exp(1)\nparameter q [<|>h] = 1\n');
    expect(renameAt(program, file, at[0]!, 'k_on')).toEqual({ error: "module 'main' already declares parameter 'k_on'" });
    expect(renameAt(program, file, at[0]!, 'core')).toEqual({ error: "module 'main' already imports a module as 'core'" });
    expect(renameAt(program, file, at[0]!, '2x')).toEqual({ error: "'2x' is not a valid name: use letters, digits and '_', not starting with a digit" });
    expect(renameAt(program, file, at[0]!, 'max')).toEqual({ error: "'max' is a built-in name of the language" });
    expect(prepareRename(program.modules.get(file)!, at[1]!)).toEqual({ error: "'exp' is part of the language and cannot be renamed" });
    expect(prepareRename(program.modules.get(file)!, at[2]!)).toEqual({ error: "'h' is a built-in unit and cannot be renamed" });
  });
});

describe('signature help', () => {
  const sig = (marked: string) => {
    const { program, text, at, file } = project(marked);
    return signatureAt(program.modules.get(file), text, at[0]!);
  };
  it('tracks the argument through nested calls', () => {
    const s = sig(MAIN + 'let s = hill(A, max(A, B), <|>')!;
    expect(s.label).toBe('hill(x, K, n)');
    expect(s.activeParameter).toBe(2);
    expect(sig(MAIN + 'let s = hill(A, max(A, <|>')!.label).toBe('max(a, b, ...)');
  });
  it('knows imported functions, surrogates and distributions', () => {
    expect(sig(MAIN + 'let s = core.sat(A, <|>')).toMatchObject({ label: 'sat(x, K)', activeParameter: 1, documentation: 'Saturation.' });
    expect(sig(MAIN + 'parameter p = 1 ~ lognormal(1, <|>')).toMatchObject({ label: 'lognormal(median, sigma)', activeParameter: 1 });
  });
  it('is silent outside calls and in declarations', () => {
    expect(sig(MAIN + 'let s = (A + <|>')).toBeUndefined();
    expect(sig(MAIN + 'function f(x, <|>')).toBeUndefined();
    expect(sig(MAIN + 'der(<|>')).toBeUndefined();
  });
});

describe('quick fixes', () => {
  it('corrects a misspelt compartment and declares a missing parameter above the statement and its doc', () => {
    const { program, text, file } = project(MAIN + 'species C in bloud = 1\n/// Doc.\nlet w = k_new * A\n');
    const m = program.modules.get(file)!;
    const bad = program.diagnostics.find((d) => d.code === Codes.UnknownCompartment)!;
    expect(quickFixes(m.ast, text, file, bad)[0]).toMatchObject({ title: "Change 'bloud' to 'blood'", edits: [{ newText: 'blood' }] });
    const missing = program.diagnostics.find((d) => d.code === Codes.UndefinedName)!;
    const fix = quickFixes(m.ast, text, file, missing).find((f) => f.title === "Declare parameter 'k_new'")!;
    expect(fix.edits[0]!.range.start).toBe(text.indexOf('/// Doc.'));
  });
  it('does not offer to declare a parameter for an unknown function', () => {
    const { program, text, file } = project(MAIN + 'let w = nofun(A)\n');
    const d = program.diagnostics.find((x) => x.code === Codes.UndefinedName)!;
    expect(quickFixes(program.modules.get(file)!.ast, text, file, d).map((f) => f.title)).toEqual([]);
  });
  it('imports a module after the header when there are no imports yet', () => {
    const { program, text, file } = project('module main\ninstance c = core() {}\n');
    const d = program.diagnostics.find((x) => x.code === Codes.ModuleNotFound)!;
    const [fix] = quickFixes(program.modules.get(file)!.ast, text, file, d, { modules: () => ['lib.core'] });
    expect(fix).toMatchObject({ title: "Import module 'lib.core'", edits: [{ range: { start: 12, end: 12 }, newText: '\nimport lib.core\n' }] });
  });
});

describe('structure', () => {
  it('outlines unnamed statements by what they are', () => {
    const { program, file } = project(MAIN + 'der(B) = 1 [cells/h]\nintervention at 3 [h]: B = 0 [cells]\nsimulate until 10 [h]\n');
    const items = outline(program.modules.get(file)!.ast, program.modules.get(file)!.text);
    expect(items.slice(-3).map((i) => i.name)).toEqual(['der(B)', 'intervention at 3 [h]', 'simulate']);
    expect(items.find((i) => i.name === 'd')!.children!.map((c) => c.detail)).toEqual(['if final(B) > 1 [cells]', 'otherwise']);
  });
  it('folds comment runs and multi-line declarations', () => {
    const text = '/// a\n/// b\nparameter k = 1\n// c\n\n// d\ndecision d {\n  "x" otherwise\n}\n';
    const { program, file } = project(text);
    const m = program.modules.get(file)!;
    expect(foldingRegions(m.ast, m.text).map((r) => text.slice(r.start, r.end))).toEqual(['/// a\n/// b', 'decision d {\n  "x" otherwise\n}']);
  });
  it('finds workspace symbols by characters in order', () => {
    const { program } = project(MAIN);
    expect(workspaceSymbols(program.modules.values(), 'kon').map((s) => s.name)).toEqual(['k_on']);
  });
  it('colours every resolved name once, never an unresolved one', () => {
    const { program, file } = project(MAIN + 'let w = nope + A\n');
    const m = program.modules.get(file)!;
    const tokens = semanticTokens(m);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBeGreaterThanOrEqual(tokens[i - 1]!.start + tokens[i - 1]!.length);
    expect(tokens.some((t) => m.text.slice(t.start, t.start + t.length) === 'nope')).toBe(false);
    expect(occurrences(m).some((o) => o.target.kind === 'unresolved')).toBe(true);
  });
  it('hints the units inferred for derived quantities', () => {
    const { program, file } = project(MAIN);
    const m = program.modules.get(file)!;
    expect(inlayHints(m).map((h) => [m.text.slice(0, h.offset).split('\n').pop(), h.label])).toEqual([['let level = core.sat(A, 2 [cells/mL])', '[1]']]);
  });
  it('finds the nodes around an offset, outermost first', () => {
    const { program, at, file } = project(MAIN + 'let z = max(A, 2 * k<|>_on)\n// a <|>note\n');
    const ast = program.modules.get(file)!.ast;
    const kinds = nodesAt(ast, at[0]!).map((n) => (n as { kind?: string }).kind ?? 'name');
    expect(kinds).toEqual(['let', 'call', 'binary', 'ref', 'name', 'name']);
    expect(declarationAt(ast, at[0]!)?.kind).toBe('let');
    expect(nodesAt(ast, at[1]!)).toEqual([]);
  });
});
