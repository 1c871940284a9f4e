// Incremental reparsing for editors: after an edit, re-parse only the statements around it.
//
// Every statement starts with its own keyword and recovery re-synchronises at statement keywords
// (see syntax/parser.ts), so a file's parse is the concatenation of its statements' parses as long
// as the parser re-enters the statement loop at the same places. The edited region is re-parsed
// from the start of the statement before it, together with two statements after it; when those
// two come out exactly as before (same kinds, same ranges, no diagnostics), the parser is back in
// step and every later statement is reused with its offsets shifted. Whenever that cannot be shown
// (comment delimiters edited, statements swallowed or split at the seams), the whole file is
// parsed again: the result always equals `parseText(text)`.
import type { Diagnostic } from '../diagnostics.js';
import type * as A from '../syntax/ast.js';
import { parseText, type ParseResult } from '../syntax/parse.js';

/** Statements re-parsed after the edit to prove the parser is back in step. */
const TRAILING_SYNC = 2;

/** Parse `text`, reusing `previous` (the parse of an earlier text of the same file) where safe. */
export function reparse(previous: { readonly text: string; readonly result: ParseResult }, text: string, file: string): ParseResult {
  if (previous.text === text) return previous.result;
  let result: ParseResult | undefined;
  try {
    result = tryIncremental(previous.text, previous.result, text, file);
  } catch {
    // A tree too deep to copy (thousands of nested parentheses): the full parse decides.
    result = undefined;
  }
  return result ?? parseText(text, file);
}

function tryIncremental(oldText: string, old: ParseResult, text: string, file: string): ParseResult | undefined {
  const decls = old.ast.declarations;
  if (decls.length < 4) return undefined;
  // The changed region: common prefix and suffix of the two texts.
  const minLen = Math.min(oldText.length, text.length);
  let p = 0;
  while (p < minLen && oldText.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < minLen - p && oldText.charCodeAt(oldText.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = oldText.length - s;
  const newEnd = text.length - s;
  const delta = text.length - oldText.length;
  // Only block comments span lines when lexing. If a line the edit touches holds a block comment
  // delimiter, the edit may open, close or (through `//` or a quote) hide or reveal one, changing
  // how everything after it is lexed.
  if (blockDelimiterOnLines(oldText, p, oldEnd) || blockDelimiterOnLines(text, p, newEnd)) return undefined;

  // First statement ending at or after the edit, last one starting at or before its end.
  let k = decls.length;
  for (let i = 0; i < decls.length; i++) {
    if (decls[i]!.range.end >= p) {
      k = i;
      break;
    }
  }
  let m = k - 1;
  for (let i = k; i < decls.length && decls[i]!.range.start <= oldEnd; i++) m = i;
  // The window starts at the statement before the edit, which the old parse began exactly there:
  // as nothing before it changed, the parser is between statements at that point in the new text
  // too, and parsing from there does not depend on what came before, with one exception: an error
  // on the window's first token is placed after the token before it, outside the window.
  if (k < 1) return undefined;
  const a = k - 1;
  const windowStart = decls[a]!.range.start;
  if (windowStart > p) return undefined;
  const firstTokenEnd = windowStart + (/^(?:@|[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*)/.exec(text.slice(windowStart, windowStart + 64))?.[0].length ?? 1);
  const last = decls.length - 1;
  const b = Math.min(m + TRAILING_SYNC, last);
  const toEnd = b === last;
  const windowEndOld = toEnd ? oldText.length : decls[b]!.range.end;
  if (windowEndOld < oldEnd) return undefined;
  const windowEndNew = windowEndOld + delta;

  // Old diagnostics on the window's first token may belong to the statement before it (which is
  // not re-parsed); old diagnostics on the statements after the edit mean the old parse was not in
  // step there.
  const trailAnchorStart = toEnd ? Infinity : decls[m + 1]!.range.start;
  for (const d of old.diagnostics) {
    if (d.range.end >= windowStart && d.range.start <= firstTokenEnd) return undefined;
    if (d.range.end >= trailAnchorStart && d.range.start <= windowEndOld) return undefined;
  }

  // Leading spaces keep every offset absolute, so nothing in the window needs shifting.
  const w = parseText(' '.repeat(windowStart) + text.slice(windowStart, windowEndNew), file);
  // The window starts with an unchanged declaration, so a `module` statement in it is misplaced
  // there as in the whole file; a header would mean the window did not start where it should.
  if (w.ast.header) return undefined;
  const wd = w.ast.declarations;

  if (wd[0]?.range.start !== windowStart) return undefined;
  // And the statements after it, shifted, with no diagnostic from the window reaching them.
  if (!toEnd) {
    if (wd.length < TRAILING_SYNC) return undefined;
    for (let j = 0; j < TRAILING_SYNC; j++) {
      const n = wd[wd.length - TRAILING_SYNC + j]!;
      if (!sameShape(n, decls[m + 1 + j]!, delta)) return undefined;
    }
    const syncStart = decls[m + 1]!.range.start + delta;
    if (w.diagnostics.some((d) => d.range.end >= syncStart)) return undefined;
  }
  if (w.diagnostics.some((d) => d.range.start <= firstTokenEnd)) return undefined;

  // The first window statement's doc comment lies just before the window: keep the old one.
  const first = wd[0] as { doc?: string } | undefined;
  if (first && decls[a]!.doc !== undefined) first.doc = decls[a]!.doc;
  else if (first) delete first.doc;

  const after = toEnd ? [] : decls.slice(b + 1).map((d) => shiftNode(d, delta));
  const declarations: A.Declaration[] = [...decls.slice(0, a), ...wd, ...after];
  const comments: A.Comment[] = [];
  for (const c of old.ast.comments) if (c.range.end <= windowStart) comments.push(c);
  for (const c of w.ast.comments) comments.push(c);
  if (!toEnd) for (const c of old.ast.comments) if (c.range.start >= windowEndOld) comments.push(shiftNode(c, delta));
  const diagnostics: Diagnostic[] = [];
  for (const d of old.diagnostics) if (d.range.end < windowStart) diagnostics.push(d);
  diagnostics.push(...w.diagnostics);
  if (!toEnd) for (const d of old.diagnostics) if (d.range.start >= windowEndOld) diagnostics.push(shiftNode(d, delta));
  const ast: A.FileNode = {
    kind: 'file',
    ...(old.ast.header ? { header: old.ast.header } : {}),
    declarations,
    range: { start: 0, end: text.length },
    comments,
  };
  return { ast, diagnostics };
}

function blockDelimiterOnLines(text: string, from: number, to: number): boolean {
  const start = text.lastIndexOf('\n', from - 1) + 1;
  let end = text.indexOf('\n', to);
  if (end < 0) end = text.length;
  const lines = text.slice(start, end);
  return lines.includes('/*') || lines.includes('*/');
}

function sameShape(n: A.Declaration, o: A.Declaration, delta: number): boolean {
  return n.kind === o.kind && n.range.start === o.range.start + delta && n.range.end === o.range.end + delta;
}

/** A deep copy with every offset range moved by `delta` (ranges are the objects with numeric start and end). */
export function shiftNode<T>(node: T, delta: number): T {
  if (delta === 0) return node;
  return shiftValue(node, delta) as T;
}

function shiftValue(v: unknown, delta: number): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => shiftValue(x, delta));
  const o = v as Record<string, unknown>;
  // Offset 0 marks a position recovery could not place (the parser falls back to {0, 0} when a
  // statement has no text of its own); nothing after the edit really starts at 0, so those stay
  // as the full parse has them.
  if (typeof o.start === 'number' && typeof o.end === 'number') return { ...o, start: o.start === 0 ? 0 : o.start + delta, end: o.end === 0 ? 0 : o.end + delta };
  const out: Record<string, unknown> = {};
  for (const key in o) out[key] = shiftValue(o[key], delta);
  return out;
}
