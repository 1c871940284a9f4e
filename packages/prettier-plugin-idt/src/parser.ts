// The Prettier parser: @idt/lang's parseText, refusing text with syntax errors (as plugin-xml does).
import { LineIndex, parseText, type FileNode } from '@idt/lang';
import type { Parser } from 'prettier';

/** The root node handed to the printer: the AST and the text it was parsed from. */
export interface IdtRoot {
  readonly kind: 'idt-root';
  readonly file: FileNode;
  readonly text: string;
}

/** A syntax error with the location Prettier shows in its code frame (lines and columns 1-based). */
export class IdtSyntaxError extends SyntaxError {
  override readonly name = 'SyntaxError';
  constructor(
    message: string,
    readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } },
  ) {
    super(message);
  }
}

/**
 * Parses .idt text. Text with syntax errors is not formatted: the first error (by position) is
 * thrown with its diagnostic code, e.g. `IDT1003: expected ']' but found 'unit' (3:24)`.
 */
export function parseIdt(text: string): IdtRoot {
  const { ast, diagnostics } = parseText(text, '<input>');
  const errors = diagnostics.filter((d) => d.severity === 'error').sort((a, b) => a.range.start - b.range.start);
  const first = errors[0];
  if (first) {
    const lines = new LineIndex(text);
    const s = lines.position(first.range.start);
    const e = lines.position(first.range.end);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more syntax error${errors.length > 2 ? 's' : ''})` : '';
    throw new IdtSyntaxError(`${first.code}: ${first.message}${more} (${s.line + 1}:${s.character + 1})`, {
      start: { line: s.line + 1, column: s.character + 1 },
      end: { line: e.line + 1, column: e.character + 1 },
    });
  }
  return { kind: 'idt-root', file: ast, text };
}

type Node = IdtRoot | { range: { start: number; end: number } };

export const idtParser: Parser<Node> = {
  parse: (text) => parseIdt(text),
  astFormat: 'idt',
  locStart: (node) => ('range' in node ? node.range.start : 0),
  locEnd: (node) => ('range' in node ? node.range.end : node.text.length),
};
