// textDocument/completion over the completion service.
import { completeAt, type CompletionKind } from '@idt/lang';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver/node.js';
import { toOffset, toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

const kinds: Record<CompletionKind, CompletionItemKind> = {
  species: CompletionItemKind.Variable,
  parameter: CompletionItemKind.Constant,
  compartment: CompletionItemKind.Variable,
  variable: CompletionItemKind.Variable,
  let: CompletionItemKind.Variable,
  observable: CompletionItemKind.Variable,
  port: CompletionItemKind.Field,
  function: CompletionItemKind.Function,
  surrogate: CompletionItemKind.Function,
  reaction: CompletionItemKind.Event,
  logic: CompletionItemKind.EnumMember,
  event: CompletionItemKind.Event,
  decision: CompletionItemKind.Event,
  instance: CompletionItemKind.Class,
  keyword: CompletionItemKind.Keyword,
  module: CompletionItemKind.Module,
  unit: CompletionItemKind.Unit,
  builtin: CompletionItemKind.Function,
  constant: CompletionItemKind.Constant,
  time: CompletionItemKind.Variable,
  trajectory: CompletionItemKind.Function,
  distribution: CompletionItemKind.Function,
  'function-param': CompletionItemKind.Variable,
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
};

export function completion(session: Session, lines: LineIndexCache, p: CompletionParams, file: string): CompletionList {
  const doc = session.docs.get(file);
  if (!doc) return { isIncomplete: false, items: [] };
  const index = lines.get(file, doc.text);
  const offset = toOffset(index, p.position);
  // Names come from the last check (possibly one keystroke old); the context from the text now.
  const m = session.latestModule(file);
  const result = completeAt(m, doc.text, offset, { modules: () => session.moduleNames(file) });
  const range = toRange(index, result.range);
  const items: CompletionItem[] = result.entries.map((e, i) => {
    const item: CompletionItem = {
      label: e.label,
      kind: kinds[e.kind],
      sortText: String(Math.round(e.rank * 100)).padStart(5, '0') + String(i).padStart(5, '0'),
      textEdit: { range, newText: e.insertText ?? e.label },
      insertTextFormat: InsertTextFormat.PlainText,
    };
    if (e.detail) item.detail = e.detail;
    if (e.documentation) item.documentation = { kind: 'markdown', value: e.documentation };
    return item;
  });
  return { isIncomplete: false, items };
}
