// Hover, go to definition, references, highlights and rename over the language services.
import { definitionAt, highlightsAt, hoverAt, prepareRename, referencesAt, renameAt, type Location as IdtLocation } from '@idt/lang';
import {
  DocumentHighlightKind, ErrorCodes, ResponseError,
  type DocumentHighlight, type Hover, type Location, type Position, type PrepareRenameResult, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node.js';
import { pathToUri, toOffset, toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

function offsetOf(session: Session, lines: LineIndexCache, file: string, position: Position): number | undefined {
  const doc = session.docs.get(file);
  return doc ? toOffset(lines.get(file, doc.text), position) : undefined;
}

export function toLocation(session: Session, lines: LineIndexCache, l: IdtLocation): Location {
  return { uri: session.docs.get(l.file)?.uri ?? pathToUri(l.file), range: toRange(lines.get(l.file, session.text(l.file) ?? ''), l.range) };
}

export function hover(session: Session, lines: LineIndexCache, file: string, position: Position): Hover | null {
  const offset = offsetOf(session, lines, file, position);
  const program = session.programFor(file);
  const m = program?.modules.get(file);
  if (offset === undefined || !program || !m) return null;
  const h = hoverAt(program, m, offset);
  return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(lines.get(file, m.text), h.range) } : null;
}

export function definition(session: Session, lines: LineIndexCache, file: string, position: Position): Location | null {
  const offset = offsetOf(session, lines, file, position);
  const program = session.programFor(file);
  const m = program?.modules.get(file);
  if (offset === undefined || !program || !m) return null;
  const d = definitionAt(program, m, offset);
  return d ? toLocation(session, lines, d) : null;
}

export function references(session: Session, lines: LineIndexCache, file: string, position: Position, includeDeclaration: boolean): Location[] {
  const offset = offsetOf(session, lines, file, position);
  if (offset === undefined) return [];
  return referencesAt(session.workspaceProgram(), file, offset, includeDeclaration).map((r) => toLocation(session, lines, r));
}

export function highlights(session: Session, lines: LineIndexCache, file: string, position: Position): DocumentHighlight[] {
  const offset = offsetOf(session, lines, file, position);
  const m = session.module(file);
  if (offset === undefined || !m) return [];
  const index = lines.get(file, m.text);
  return highlightsAt(m, offset).map((o) => ({ range: toRange(index, o.range), kind: o.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

export function prepare(session: Session, lines: LineIndexCache, file: string, position: Position): PrepareRenameResult | ResponseError<void> | null {
  const offset = offsetOf(session, lines, file, position);
  const m = session.module(file);
  if (offset === undefined || !m) return null;
  const r = prepareRename(m, offset);
  if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
  return { range: toRange(lines.get(file, m.text), r.range), placeholder: r.placeholder };
}

export function rename(session: Session, lines: LineIndexCache, file: string, position: Position, newName: string): WorkspaceEdit | ResponseError<void> {
  const offset = offsetOf(session, lines, file, position);
  if (offset === undefined) return new ResponseError(ErrorCodes.InvalidRequest, 'the document is not open');
  const r = renameAt(session.workspaceProgram(), file, offset, newName);
  if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
  const changes: Record<string, TextEdit[]> = {};
  for (const e of r.edits) {
    const l = toLocation(session, lines, e);
    (changes[l.uri] ??= []).push({ range: l.range, newText: e.newText });
  }
  return { changes };
}
