// Diagnostics of the language core as LSP diagnostics (same codes, messages and ranges).
import type { Diagnostic as IdtDiagnostic } from '@idt/lang';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node.js';
import { pathToUri, toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

const severity = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toLspDiagnostic(d: IdtDiagnostic, session: Session, lines: LineIndexCache): Diagnostic {
  const text = session.text(d.file) ?? '';
  const out: Diagnostic = {
    range: toRange(lines.get(d.file, text), d.range),
    severity: severity[d.severity],
    code: d.code,
    source: 'idt',
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({
      location: { uri: session.docs.get(r.file)?.uri ?? pathToUri(r.file), range: toRange(lines.get(r.file, session.text(r.file) ?? ''), r.range) },
      message: r.message,
    }));
  }
  return out;
}
