// The text being formatted and questions about it: slices, line breaks, comments and scanning.
import type { Comment, Range } from '@idt/lang';

export class SourceText {
  constructor(
    readonly text: string,
    /** Every comment of the file, sorted by offset (as parseText returns them). */
    readonly comments: readonly Comment[],
  ) {}

  slice(r: Range): string {
    return this.text.slice(r.start, r.end);
  }

  /** Number of line breaks in [from, to). */
  newlines(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === 10) n++;
    return n;
  }

  /**
   * True when the text between two offsets holds an empty line: two line breaks with only
   * blanks (or a `;`) between them. A comment line between two items is not an empty line.
   */
  blankLineBetween(from: number, to: number): boolean {
    let start = from;
    for (const c of this.commentsIn(from, to)) {
      if (this.newlines(start, c.range.start) >= 2) return true;
      start = c.range.end;
    }
    return this.newlines(start, to) >= 2;
  }

  /** Comments lying entirely inside [start, end). */
  commentsIn(start: number, end: number): Comment[] {
    return this.comments.filter((c) => c.range.start >= start && c.range.end <= end);
  }

  /** The comment containing an offset, if any. */
  private commentAt(offset: number): Comment | undefined {
    return this.comments.find((c) => c.range.start <= offset && offset < c.range.end);
  }

  /**
   * Offset of the first `ch` at or after `from` that is code: not inside a comment or a string
   * literal. Returns -1 when there is none before `to`.
   */
  findCode(ch: string, from: number, to = this.text.length): number {
    for (let i = from; i < to; i++) {
      const c = this.commentAt(i);
      if (c) {
        i = c.range.end - 1;
        continue;
      }
      const code = this.text[i];
      if (code === '"') {
        // Skip the string literal (the lexer's rule: backslash escapes, no line breaks).
        i++;
        while (i < to && this.text[i] !== '"' && this.text[i] !== '\n') i += this.text[i] === '\\' ? 2 : 1;
        continue;
      }
      if (code === ch) return i;
    }
    return -1;
  }

  /** Offset of the parenthesis closing the one at `open` (comments and strings skipped), or -1. */
  matchParen(open: number, to = this.text.length): number {
    let depth = 0;
    for (let i = open; i < to; i++) {
      const c = this.commentAt(i);
      if (c) {
        i = c.range.end - 1;
        continue;
      }
      const ch = this.text[i];
      if (ch === '"') {
        i++;
        while (i < to && this.text[i] !== '"' && this.text[i] !== '\n') i += this.text[i] === '\\' ? 2 : 1;
      } else if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return i;
    }
    return -1;
  }

  /** The last character before `offset` that is neither whitespace nor inside a comment. */
  previousCodeChar(offset: number, floor = 0): { ch: string; at: number } | undefined {
    for (let i = offset - 1; i >= floor; i--) {
      const c = this.commentAt(i);
      if (c) {
        i = c.range.start;
        continue;
      }
      const ch = this.text[i]!;
      if (!/\s/.test(ch)) return { ch, at: i };
    }
    return undefined;
  }
}

/** Width of a one-line string in columns (code points; the language's names are never wide). */
export function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
