// Signature help, inlay hints and quick fixes over the language services.
import { inlayHints, quickFixes, signatureAt, type DiagnosticCode } from '@idt/lang';
import {
  CodeActionKind, InlayHintKind,
  type CodeAction, type CodeActionParams, type InlayHint, type Range, type SignatureHelp, type Position, type TextEdit,
} from 'vscode-languageserver/node.js';
import { pathToUri, toOffset, toOffsetRange, toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

export function signatureHelp(session: Session, lines: LineIndexCache, file: string, position: Position): SignatureHelp | null {
  const doc = session.docs.get(file);
  if (!doc) return null;
  const offset = toOffset(lines.get(file, doc.text), position);
  const s = signatureAt(session.latestModule(file), doc.text, offset);
  if (!s) return null;
  return {
    signatures: [{ label: s.label, parameters: s.parameters.map((p) => ({ label: p.label, ...(p.documentation ? { documentation: p.documentation } : {}) })), ...(s.documentation ? { documentation: { kind: 'markdown', value: s.documentation } } : {}) }],
    activeSignature: 0,
    activeParameter: s.activeParameter,
  };
}

export function hints(session: Session, lines: LineIndexCache, file: string, range: Range): InlayHint[] {
  const m = session.module(file);
  if (!m) return [];
  const index = lines.get(file, m.text);
  return inlayHints(m, toOffsetRange(index, range)).map((h) => ({
    position: index.position(h.offset),
    label: h.label,
    kind: InlayHintKind.Type,
    paddingLeft: true,
    tooltip: h.tooltip,
  }));
}

export function codeActions(session: Session, lines: LineIndexCache, file: string, p: CodeActionParams): CodeAction[] {
  const m = session.module(file);
  if (!m) return [];
  const index = lines.get(file, m.text);
  const out: CodeAction[] = [];
  for (const d of p.context.diagnostics) {
    if (d.source !== 'idt' || typeof d.code !== 'string') continue;
    const fixes = quickFixes(m.ast, m.text, file, { code: d.code as DiagnosticCode, range: toOffsetRange(index, d.range), ...(d.data ? { data: d.data as Record<string, unknown> } : {}) }, { modules: () => session.moduleNames(file) });
    for (const f of fixes) {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of f.edits) {
        const uri = session.docs.get(e.file)?.uri ?? pathToUri(e.file);
        (changes[uri] ??= []).push({ range: toRange(lines.get(e.file, session.text(e.file) ?? ''), e.range), newText: e.newText });
      }
      out.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: f.preferred, edit: { changes } });
    }
  }
  return out;
}
