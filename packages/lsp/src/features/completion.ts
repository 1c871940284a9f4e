// textDocument/completion over the completion service.
import { completeAt, type CompletionEntry, type CompletionKind } from '@idt/lang';
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

/** The entries of the last completion list, so that resolving an item can add its documentation
 *  (sent lazily: a list of hundreds of names with their docs would be large). */
let lastEntries: readonly CompletionEntry[] = [];

export function completion(session: Session, lines: LineIndexCache, p: CompletionParams, file: string, editRangeDefault: boolean): CompletionList {
  const doc = session.docs.get(file);
  if (!doc) return { isIncomplete: false, items: [] };
  const index = lines.get(file, doc.text);
  const offset = toOffset(index, p.position);
  // Names come from the last check (possibly one keystroke old); the context from the text now.
  const m = session.latestModule(file);
  const result = completeAt(m, doc.text, offset, { modules: () => session.moduleNames(file) });
  lastEntries = result.entries;
  const range = toRange(index, result.range);
  const items: CompletionItem[] = result.entries.map((e, i) => {
    const item: CompletionItem = {
      label: e.label,
      kind: kinds[e.kind],
      sortText: String(Math.round(e.rank * 100)).padStart(5, '0') + String(i).padStart(5, '0'),
      data: i,
    };
    if (editRangeDefault) {
      if (e.insertText) item.textEditText = e.insertText;
    } else item.textEdit = { range, newText: e.insertText ?? e.label };
    if (e.detail) item.detail = e.detail;
    // Keywords' short docs go along; names' docs come with completionItem/resolve.
    if (e.documentation && e.kind === 'keyword') item.documentation = { kind: 'markdown', value: e.documentation };
    return item;
  });
  return { isIncomplete: false, items, ...(editRangeDefault ? { itemDefaults: { editRange: range, insertTextFormat: InsertTextFormat.PlainText } } : {}) };
}

export function resolveCompletion(item: CompletionItem): CompletionItem {
  const e = typeof item.data === 'number' ? lastEntries[item.data] : undefined;
  if (e && e.label === item.label && e.documentation && !item.documentation) item.documentation = { kind: 'markdown', value: e.documentation };
  return item;
}
