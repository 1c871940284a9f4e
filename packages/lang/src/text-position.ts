// Offsets in the core, line/column at the edges: conversion and the CLI's diagnostic format.
import type { Diagnostic } from './diagnostics.js';

/** Line starts of a text, for offset <-> (line, column) conversion (both zero-based). */
export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    this.starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const lineEnd = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return Math.min(this.starts[line]! + Math.max(0, character), lineEnd);
  }

  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

export interface FormatOptions {
  /** Path shown for the file (e.g. relative to the working directory). */
  readonly displayPath?: (file: string) => string;
  readonly color?: boolean;
}

const colors = {
  error: (s: string) => `\x1b[31;1m${s}\x1b[0m`,
  warning: (s: string) => `\x1b[33;1m${s}\x1b[0m`,
  info: (s: string) => `\x1b[36;1m${s}\x1b[0m`,
  hint: (s: string) => `\x1b[36m${s}\x1b[0m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[0m`,
};

/** `file:line:col: severity CODE: message`, then the source line and a caret under the range. */
export function formatDiagnostic(d: Diagnostic, text: string | undefined, options: FormatOptions = {}): string {
  const shown = options.displayPath ? options.displayPath(d.file) : d.file;
  const idx = text !== undefined ? new LineIndex(text) : undefined;
  const pos = idx ? idx.position(d.range.start) : { line: 0, character: 0 };
  const sev = options.color ? colors[d.severity](d.severity) : d.severity;
  let out = `${shown}:${pos.line + 1}:${pos.character + 1}: ${sev} ${d.code}: ${d.message}`;
  if (idx && text !== undefined && text.length > 0) {
    const line = idx.lineText(pos.line);
    const endPos = idx.position(d.range.end);
    const width = endPos.line === pos.line ? Math.max(1, endPos.character - pos.character) : Math.max(1, line.length - pos.character);
    const gutter = `${pos.line + 1} | `;
    const caretPad = ' '.repeat(gutter.length) + line.slice(0, pos.character).replace(/[^\t]/g, ' ');
    const caret = '^'.repeat(Math.min(width, Math.max(1, line.length - pos.character + 1)));
    out += `\n${options.color ? colors.dim(gutter) : gutter}${line}\n${caretPad}${options.color ? colors[d.severity](caret) : caret}`;
  }
  for (const r of d.related ?? []) {
    out += `\n  note: ${r.message} (${options.displayPath ? options.displayPath(r.file) : r.file})`;
  }
  return out;
}

/** Machine-readable form used by `idt check --json`: one-based lines and columns, plus offsets. */
export function diagnosticToJson(d: Diagnostic, text: string | undefined): Record<string, unknown> {
  const idx = text !== undefined ? new LineIndex(text) : undefined;
  const s = idx?.position(d.range.start) ?? { line: 0, character: 0 };
  const e = idx?.position(d.range.end) ?? { line: 0, character: 0 };
  return {
    file: d.file,
    severity: d.severity,
    code: d.code,
    message: d.message,
    range: {
      start: { line: s.line + 1, column: s.character + 1, offset: d.range.start },
      end: { line: e.line + 1, column: e.character + 1, offset: d.range.end },
    },
    ...(d.related ? { related: d.related } : {}),
    ...(d.data ? { data: d.data } : {}),
  };
}
