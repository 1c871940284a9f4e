// Outline, workspace symbols and folding ranges over the structure services.
import { foldingRegions, outline, workspaceSymbols, type OutlineItem, type OutlineKind, type SymbolKind as IdtSymbolKind } from '@idt/lang';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type WorkspaceSymbol } from 'vscode-languageserver/node.js';
import { pathToUri, toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

const symbolKinds: Record<OutlineKind, SymbolKind> = {
  compartment: SymbolKind.Object,
  species: SymbolKind.Variable,
  parameter: SymbolKind.Constant,
  variable: SymbolKind.Variable,
  let: SymbolKind.Variable,
  function: SymbolKind.Function,
  reaction: SymbolKind.Event,
  logic: SymbolKind.Boolean,
  event: SymbolKind.Event,
  surrogate: SymbolKind.Function,
  observable: SymbolKind.Variable,
  decision: SymbolKind.Enum,
  instance: SymbolKind.Class,
  port: SymbolKind.Field,
  import: SymbolKind.Module,
  unit: SymbolKind.TypeParameter,
  time: SymbolKind.Property,
  der: SymbolKind.Operator,
  simulate: SymbolKind.Property,
  module: SymbolKind.Module,
  branch: SymbolKind.EnumMember,
  input: SymbolKind.Field,
  output: SymbolKind.Field,
};

export function documentSymbols(session: Session, lines: LineIndexCache, file: string): DocumentSymbol[] {
  const m = session.module(file);
  if (!m) return [];
  const index = lines.get(file, m.text);
  const convert = (o: OutlineItem): DocumentSymbol => ({
    name: o.name || '?',
    kind: symbolKinds[o.kind],
    range: toRange(index, o.range),
    selectionRange: toRange(index, o.selectionRange),
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.children ? { children: o.children.map(convert) } : {}),
  });
  return outline(m.ast, m.text).map(convert);
}

export function symbolsOfWorkspace(session: Session, lines: LineIndexCache, query: string): WorkspaceSymbol[] {
  const program = session.workspaceProgram();
  return workspaceSymbols(program.modules.values(), query).map((s) => ({
    name: s.name,
    kind: symbolKinds[s.kind as IdtSymbolKind],
    containerName: s.container,
    location: { uri: session.docs.get(s.file)?.uri ?? pathToUri(s.file), range: toRange(lines.get(s.file, session.text(s.file) ?? ''), s.range) },
  }));
}

export function foldingRanges(session: Session, lines: LineIndexCache, file: string): FoldingRange[] {
  const mod = session.module(file);
  if (!mod) return [];
  const index = lines.get(file, mod.text);
  const out: FoldingRange[] = [];
  for (const r of foldingRegions(mod.ast, mod.text)) {
    const startLine = index.position(r.start).line;
    let endLine = index.position(r.end).line;
    // Keep a closing brace visible when the block is folded.
    if (/^\s*\}\s*$/.test(index.lineText(endLine))) endLine--;
    if (endLine <= startLine) continue;
    out.push({ startLine, endLine, ...(r.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : r.kind === 'imports' ? { kind: FoldingRangeKind.Imports } : {}) });
  }
  return out;
}
