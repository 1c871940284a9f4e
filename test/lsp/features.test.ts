// End to end: the built server (`idt-lsp --stdio`) driven over real JSON-RPC pipes on a
// two-module twin. Every feature is asked at a marked position and checked for what it returns
// and where; diagnostics are compared with the CLI's `idt check --json` on the same text.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, SemanticTokens,
  SignatureHelp, WorkspaceEdit, WorkspaceSymbol, Range, Position, InitializeResult,
} from 'vscode-languageserver-protocol';
import { cursors, repoRoot, serverBin, TestClient, uriOf } from './client.js';

const fixture = path.join(repoRoot, 'test', 'lsp', 'fixtures', 'twin');
const twinFile = path.join(fixture, 'app', 'twin.idt');
const coreFile = path.join(fixture, 'core', 'immune.idt');
const twinText = fs.readFileSync(twinFile, 'utf8');
const coreText = fs.readFileSync(coreFile, 'utf8');
const cli = path.join(repoRoot, 'packages', 'cli', 'bin', 'idt.js');

/** Position of the `n`-th occurrence of `needle` in `text` (plus `delta` characters). */
function pos(text: string, needle: string, delta = 0, n = 0): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function textAt(text: string, r: Range): string {
  const lines = text.split('\n');
  const off = (p: Position) => lines.slice(0, p.line).reduce((s, l) => s + l.length + 1, 0) + p.character;
  return text.slice(off(r.start), off(r.end));
}

/** What `idt check --json` says about `file` when the twin's files hold the given texts. */
function cliDiagnostics(texts: Record<string, string>, file: string): { code: string; message: string; range: Range; severity: string }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-lsp-'));
  fs.cpSync(fixture, dir, { recursive: true });
  for (const [f, t] of Object.entries(texts)) fs.writeFileSync(path.join(dir, path.relative(fixture, f)), t);
  const target = path.join(dir, path.relative(fixture, file));
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'check', '--json', target], { encoding: 'utf8' });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  const json = JSON.parse(out) as { diagnostics: { file: string; code: string; message: string; severity: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }[] };
  const own = json.diagnostics.filter((d) => fs.realpathSync(d.file) === fs.realpathSync(target));
  fs.rmSync(dir, { recursive: true, force: true });
  return own
    .map((d) => ({
      code: d.code,
      message: d.message.split(dir).join(fixture),
      severity: d.severity,
      range: { start: { line: d.range.start.line - 1, character: d.range.start.column - 1 }, end: { line: d.range.end.line - 1, character: d.range.end.column - 1 } },
    }));
}

const severityName = ['', 'error', 'warning', 'info', 'hint'];
const comparable = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, message: d.message, range: d.range, severity: severityName[d.severity ?? 1] }));

let client: TestClient;
let init: InitializeResult;
const twinUri = uriOf(twinFile);
const coreUri = uriOf(coreFile);
const at = (file: string, position: Position) => ({ textDocument: { uri: uriOf(file) }, position });

beforeAll(async () => {
  if (!fs.existsSync(path.join(path.dirname(serverBin), '..', 'dist', 'server.js'))) throw new Error('build first: npm run build');
  client = new TestClient();
  init = await client.initialize(fixture);
  const first = client.nextDiagnostics(twinUri);
  const second = client.nextDiagnostics(coreUri);
  await client.open(twinFile, twinText);
  await client.open(coreFile, coreText);
  await Promise.all([first, second]);
});

afterAll(async () => {
  await client?.shutdown();
});

describe('idt-lsp over stdio', () => {
  it('announces every feature', () => {
    const c = init.capabilities;
    for (const k of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'semanticTokensProvider', 'foldingRangeProvider', 'signatureHelpProvider', 'inlayHintProvider', 'codeActionProvider', 'documentFormattingProvider'])
      expect(c, k).toHaveProperty(k);
  });

  it('publishes no diagnostics for the clean twin', () => {
    expect(client.diagnostics.get(twinUri)?.diagnostics).toEqual([]);
    expect(client.diagnostics.get(coreUri)?.diagnostics).toEqual([]);
  });

  it('reports an edit as idt check does (codes, messages, ranges, data)', async () => {
    const use = pos(twinText, 'k_grow * P');
    const version = await client.change(twinFile, [{ range: { start: use, end: { line: use.line, character: use.character + 6 } }, text: 'k_grwo' }]);
    const edited = twinText.replace('k_grow * P', 'k_grwo * P');
    const got = await client.diagnosticsAt(twinFile, version);
    expect(comparable(got)).toEqual(cliDiagnostics({ [twinFile]: edited }, twinFile));
    const undefinedName = got.find((d) => d.code === 'IDT2001')!;
    expect(undefinedName.message).toBe("'k_grwo' is not defined: did you mean 'k_grow'?");
    expect(textAt(edited, undefinedName.range)).toBe('k_grwo');
    expect(undefinedName.data).toEqual({ name: 'k_grwo', suggestion: 'k_grow' });

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: twinUri }, range: undefinedName.range, context: { diagnostics: [undefinedName] } });
    const change = actions.find((a) => a.title === "Change 'k_grwo' to 'k_grow'")!;
    expect(change.isPreferred).toBe(true);
    expect(change.edit!.changes![twinUri]).toEqual([{ range: undefinedName.range, newText: 'k_grow' }]);
    const declare = actions.find((a) => a.title === "Declare parameter 'k_grwo'")!;
    const insert = declare.edit!.changes![twinUri]![0]!;
    // Above the reaction's line, as a whole new line.
    expect(insert.newText).toBe('parameter k_grwo = 1\n');
    expect(insert.range.start).toEqual({ line: use.line, character: 0 });

    const back = await client.change(twinFile, [{ range: { start: use, end: { line: use.line, character: use.character + 6 } }, text: 'k_grow' }]);
    expect(await client.diagnosticsAt(twinFile, back)).toEqual([]);
  });

  it('re-checks the twin when the core module it imports changes', async () => {
    const port = pos(coreText, 'writes active', 7);
    const end = { line: port.line, character: port.character + 6 };
    const twinNext = client.nextDiagnostics(twinUri, (p) => p.diagnostics.length > 0);
    await client.change(coreFile, [{ range: { start: port, end }, text: 'activ' }]);
    const twinDiags = (await twinNext).diagnostics;
    const editedCore = coreText.replace('writes active', 'writes activ');
    expect(comparable(twinDiags)).toEqual(cliDiagnostics({ [coreFile]: editedCore }, twinFile));
    expect(twinDiags.map((d) => d.code)).toContain('IDT4006');
    const twinClean = client.nextDiagnostics(twinUri, (p) => p.diagnostics.length === 0);
    await client.change(coreFile, [{ range: { start: port, end: { line: port.line, character: port.character + 5 } }, text: 'active' }]);
    await twinClean;
  });

  it('completes members, units, module names and keywords in context, with kinds and docs', async () => {
    const { text, at: [member, unit, imp, stmt, inst] } = cursors(twinText + 'let probe = innate.<|>\nparameter q = 1 [<|>]\nimport core.<|>\n<|>\ninstance il = immune(<|>)\n');
    const version = await client.change(twinFile, [{ text }]);
    await client.diagnosticsAt(twinFile, version);
    const items = async (p: Position) => (await client.request<CompletionList>('textDocument/completion', at(twinFile, p))).items;
    const byLabel = (list: CompletionItem[], label: string) => list.find((i) => i.label === label);

    const members = await items(member!);
    const active = byLabel(members, 'active')!;
    expect(active.kind).toBe(5 /* Field */);
    expect(active.detail).toBe('writes active [cells/mL]');
    expect((active.textEdit as { range: Range }).range).toEqual({ start: member, end: member });
    // Documentation comes when an item is resolved (lists can hold hundreds of names).
    const resolved = await client.request<CompletionItem>('completionItem/resolve', active);
    expect((resolved.documentation as { value: string }).value).toContain('Activated cells this module produces.');
    expect((resolved.documentation as { value: string }).value).toContain('Units: `[cells/mL]`');
    expect(byLabel(members, 'k_act')?.kind).toBe(21 /* Constant */);
    expect(byLabel(members, 'P')).toBeUndefined();

    const units = await items(unit!);
    expect(byLabel(units, 'cells')?.kind).toBe(11 /* Unit */);
    expect(byLabel(units, 'h')?.kind).toBe(11);

    const modules = await items(imp!);
    expect(modules.map((i) => i.label).sort()).toEqual(['cytokine', 'immune']);
    expect(byLabel(modules, 'immune')?.kind).toBe(9 /* Module */);

    const keywords = await items(stmt!);
    expect(byLabel(keywords, 'reaction')?.kind).toBe(14 /* Keyword */);
    expect(byLabel(keywords, 'species')?.documentation).toBeDefined();

    const overrides = await items(inst!);
    const kAct = byLabel(overrides, 'k_act')!;
    expect(kAct.textEdit).toMatchObject({ newText: 'k_act = ' });
    expect(overrides.every((i) => i.kind === 21 || i.kind === 6)).toBe(true);

    const restore = await client.change(twinFile, [{ text: twinText }]);
    expect(await client.diagnosticsAt(twinFile, restore)).toEqual([]);
  });

  it('hovers with declaration, doc comment, units, value and where it is defined', async () => {
    const h = await client.request<Hover>('textDocument/hover', at(twinFile, pos(twinText, 'k_grow * P', 2)));
    const md = (h.contents as { value: string }).value;
    expect(md).toContain('parameter k_grow = 0.3 [1/h]');
    expect(md).toContain('Pathogen growth rate.');
    expect(md).toContain('Units: `[1/h]`');
    expect(md).toContain('Value: `0.3 [1/h]`');
    expect(md).toContain('`app.twin` (twin.idt:14)');
    expect(textAt(twinText, h.range!)).toBe('k_grow');

    const member = await client.request<Hover>('textDocument/hover', at(twinFile, pos(twinText, 'innate.active', 8)));
    const mmd = (member.contents as { value: string }).value;
    expect(mmd).toContain('writes active [cells/mL]');
    expect(mmd).toContain('*writes port* defined in `core.immune` (immune.idt:10), reached through instance `innate`');

    const reaction = await client.request<Hover>('textDocument/hover', at(coreFile, pos(coreText, 'decay:', 1)));
    const rmd = (reaction.contents as { value: string }).value;
    expect(rmd).toContain('Stoichiometry: `active -> ∅` (active -1)');
    expect(rmd).toContain('Rate law (mass action): `k_decay * active`');

    const inferred = await client.request<Hover>('textDocument/hover', at(twinFile, pos(twinText, 'burden', 1)));
    expect((inferred.contents as { value: string }).value).toContain('Units: `[cells/mL]` (inferred)');
  });

  it('goes to definitions across modules', async () => {
    const port = await client.request<Location>('textDocument/definition', at(twinFile, pos(twinText, 'innate.active', 9)));
    expect(port.uri).toBe(coreUri);
    expect(textAt(coreText, port.range)).toBe('active');
    expect(port.range.start).toEqual(pos(coreText, 'writes active', 7));
    const fn = await client.request<Location>('textDocument/definition', at(twinFile, pos(twinText, 'immune.sat', 8)));
    expect(fn.uri).toBe(coreUri);
    expect(fn.range.start).toEqual(pos(coreText, 'sat(x, K)'));
    const mod = await client.request<Location>('textDocument/definition', at(twinFile, pos(twinText, 'immune(k_act', 2)));
    expect(mod.uri).toBe(coreUri);
    expect(textAt(coreText, mod.range)).toBe('core.immune');
    const override = await client.request<Location>('textDocument/definition', at(twinFile, pos(twinText, 'k_act = 0.6', 1)));
    expect(override.range.start).toEqual(pos(coreText, 'k_act = 0.5'));
  });

  it('finds references across modules and renames across files, refusing clashes', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { ...at(coreFile, pos(coreText, 'k_act = 0.5', 1)), context: { includeDeclaration: true } });
    const shown = refs.map((r) => `${path.basename(new URL(r.uri).pathname)}:${r.range.start.line + 1}`).sort();
    expect(shown).toEqual(['immune.idt:13', 'immune.idt:28', 'twin.idt:18']);

    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at(coreFile, pos(coreText, 'k_act = 0.5', 1)), newName: 'k_activation' });
    expect(Object.keys(edit.changes!).sort()).toEqual([twinUri, coreUri].sort());
    expect(edit.changes![coreUri]!.map((e) => textAt(coreText, e.range))).toEqual(['k_act', 'k_act']);
    expect(edit.changes![twinUri]!.map((e) => [textAt(twinText, e.range), e.newText])).toEqual([['k_act', 'k_activation']]);

    await expect(client.request('textDocument/rename', { ...at(coreFile, pos(coreText, 'k_act = 0.5', 1)), newName: 'k_decay' })).rejects.toThrow("module 'core.immune' already declares parameter 'k_decay'");
    await expect(client.request('textDocument/rename', { ...at(twinFile, pos(twinText, 'k_grow * P', 1)), newName: 'species' })).rejects.toThrow("'species' is a reserved word");
    const prep = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', at(twinFile, pos(twinText, 'k_grow * P', 1)));
    expect(prep.placeholder).toBe('k_grow');
    await expect(client.request('textDocument/prepareRename', at(twinFile, pos(twinText, 'final(P)', 1)))).rejects.toThrow('part of the language');
  });

  it('lists the outline and workspace symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: twinUri } });
    expect(symbols.map((s) => s.name)).toEqual(['app.twin', 'core.immune', 'time', 'cells', 'P', 'A', 'k_grow', 'k_kill', 'innate', 'growth', 'killing', 'burden', 'saturation', 'P_lab', 'treat', 'outcome', 'simulate']);
    const decision = symbols.find((s) => s.name === 'outcome')!;
    expect(decision.children!.map((c) => c.name)).toEqual(['"cleared"', '"persistent"']);
    expect(textAt(twinText, symbols.find((s) => s.name === 'killing')!.selectionRange)).toBe('killing');
    expect(symbols.find((s) => s.name === 'killing')!.detail).toBe('P ->');

    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'kdec' });
    expect(found.map((s) => `${s.name} ${s.containerName}`)).toEqual(['k_decay core.immune']);
  });

  it('colours names by what they are', async () => {
    const tokens = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: twinUri } });
    const types = (init.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
    const decoded: { text: string; type: string; mods: string[]; line: number }[] = [];
    let line = 0;
    let ch = 0;
    const lines = twinText.split('\n');
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      ch = dl ? dc : ch + dc;
      decoded.push({ text: lines[line]!.slice(ch, ch + len), type: types.tokenTypes[type]!, mods: types.tokenModifiers.filter((_, b) => mods & (1 << b)), line });
    }
    const find = (text: string, lineNo: number) => decoded.find((d) => d.text === text && d.line === lineNo)!;
    const growth = pos(twinText, 'k_grow * P').line;
    expect(find('k_grow', growth)).toMatchObject({ type: 'variable', mods: ['readonly'] });
    expect(find('P', growth)).toMatchObject({ type: 'variable', mods: [] });
    expect(find('immune', pos(twinText, 'immune.sat').line)).toMatchObject({ type: 'namespace' });
    expect(find('sat', pos(twinText, 'immune.sat').line)).toMatchObject({ type: 'function' });
    expect(find('innate', pos(twinText, 'instance innate').line)).toMatchObject({ type: 'class', mods: ['declaration'] });
    expect(find('final', pos(twinText, 'final(P)').line)).toMatchObject({ type: 'function', mods: ['defaultLibrary'] });
  });

  it('folds blocks and comment runs', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: coreUri } });
    const surrogate = pos(coreText, 'surrogate response').line;
    expect(ranges).toContainEqual({ startLine: surrogate, endLine: surrogate + 1 });
    const twinRanges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: twinUri } });
    const decision = pos(twinText, 'decision outcome').line;
    expect(twinRanges).toContainEqual({ startLine: decision, endLine: decision + 2 });
  });

  it('helps with the signatures of functions and surrogates', async () => {
    const fn = await client.request<SignatureHelp>('textDocument/signatureHelp', at(twinFile, pos(twinText, 'immune.sat(A, P)', 14)));
    expect(fn.signatures[0]!.label).toBe('sat(x, K)');
    expect(fn.activeParameter).toBe(1);
    expect(fn.signatures[0]!.documentation).toEqual({ kind: 'markdown', value: 'Saturating activation.' });
    const sur = await client.request<SignatureHelp>('textDocument/signatureHelp', at(coreFile, pos(coreText, 'response(sat', 9)));
    expect(sur.signatures[0]!.label).toBe('response(a [1], p [1]) -> r [1]');
    expect(sur.activeParameter).toBe(0);
    const builtin = await client.request<SignatureHelp>('textDocument/signatureHelp', at(coreFile, pos(coreText, 'response(sat(pathogen, K_half)', 23)));
    expect(builtin.signatures[0]!.label).toBe('sat(x, K)');
    expect(builtin.activeParameter).toBe(1);
  });

  it('shows inferred units as inlay hints', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: twinUri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } });
    const burden = pos(twinText, 'P + innate.active', 17);
    expect(hints).toContainEqual(expect.objectContaining({ position: burden, label: '[cells/mL]' }));
    expect(hints).toContainEqual(expect.objectContaining({ position: pos(twinText, 'immune.sat(A, P)', 16), label: '[1]' }));
  });

  it('offers to import a module that is used but not imported', async () => {
    const line = twinText.split('\n').length - 1;
    const version = await client.change(twinFile, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'instance il = cytokine() { stimulus = A; level = A }\n' }]);
    const diags = await client.diagnosticsAt(twinFile, version);
    const missing = diags.find((d) => d.code === 'IDT4001')!;
    expect(missing.message).toBe("module 'cytokine' is not imported: add 'import cytokine' at the top");
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: twinUri }, range: missing.range, context: { diagnostics: [missing] } });
    expect(actions.map((a) => a.title)).toEqual(["Import module 'core.cytokine'"]);
    expect(actions[0]!.edit!.changes![twinUri]).toEqual([{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'import core.cytokine\n' }]);
    const restore = await client.change(twinFile, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
    expect(await client.diagnosticsAt(twinFile, restore)).toEqual([]);
  });

  it('re-checks an open twin when a module it imports changes on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-lsp-watch-'));
    const lib = path.join(dir, 'lib.idt');
    const main = path.join(dir, 'main.idt');
    fs.writeFileSync(lib, 'module lib\nreads x [1]\nparameter k = 1\nlet y = k * x\n');
    fs.writeFileSync(main, 'module main\nimport "lib.idt"\nspecies S = 1\ninstance l = lib() { x = S }\n');
    const first = client.nextDiagnostics(uriOf(main));
    await client.open(main, fs.readFileSync(main, 'utf8'));
    expect((await first).diagnostics).toEqual([]);
    // The module (not open in the editor) gains a port the twin does not bind.
    fs.writeFileSync(lib, 'module lib\nreads x [1]\nreads z [1]\nparameter k = 1\nlet y = k * x * z\n');
    const next = client.nextDiagnostics(uriOf(main), (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(lib), type: 2 }] });
    expect((await next).diagnostics.map((d) => d.message)).toEqual(["port 'z' of module 'lib' is not bound: add 'z = <name>' in the braces"]);
    await client.close(main);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('formats through prettier-plugin-idt, with one edit covering the change', async () => {
    // The plugin's own reviewed fixture pair: what the file is, and what formatting makes of it.
    const fixtures = path.join(repoRoot, 'packages', 'prettier-plugin-idt', 'fixtures');
    const messy = fs.readFileSync(path.join(fixtures, 'messy.idt'), 'utf8');
    const expected = fs.readFileSync(path.join(fixtures, 'messy.formatted.idt'), 'utf8');
    const file = path.join(fixture, 'app', 'messy.idt');
    await client.open(file, messy);
    const edits = await client.request<{ range: Range; newText: string }[]>('textDocument/formatting', { textDocument: { uri: uriOf(file) }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    const lines = messy.split('\n');
    const off = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const e = edits[0]!;
    expect(messy.slice(0, off(e.range.start)) + e.newText + messy.slice(off(e.range.end))).toBe(expected);
    // Text that does not parse is not formatted.
    await client.change(file, [{ text: messy + '\nparameter = \n' }]);
    expect(await client.request('textDocument/formatting', { textDocument: { uri: uriOf(file) }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.close(file);
  });

  it('clears the diagnostics of a closed file and survives nonsense requests', async () => {
    const v = await client.change(coreFile, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'garbage ' }]);
    expect((await client.diagnosticsAt(coreFile, v)).length).toBeGreaterThan(0);
    const cleared = client.nextDiagnostics(coreUri);
    await client.close(coreFile);
    expect((await cleared).diagnostics).toEqual([]);
    // Requests about unknown files, impossible positions, and a closed file: empty answers, no crash.
    const ghost = { textDocument: { uri: 'file:///nowhere/x.idt' }, position: { line: 5, character: 3 } };
    expect(await client.request('textDocument/hover', ghost)).toBeNull();
    expect(await client.request('textDocument/hover', at(twinFile, { line: 9999, character: 9999 }))).toBeNull();
    expect(await client.request('textDocument/definition', at(coreFile, { line: 3, character: 3 }))).toBeNull();
    expect(await client.request('textDocument/completion', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } })).toEqual({ isIncomplete: false, items: [] });
    expect(client.exited).toBeNull();
    expect(client.logs.filter((l) => l.includes(' failed:'))).toEqual([]);
  });
});
