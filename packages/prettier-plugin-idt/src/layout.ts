// Sequences of lines (items and own-line comments) with the modeller's blank lines kept (at most
// one in a row), and braced or parenthesised blocks of items built from them.
import type { Comment, Range } from '@idt/lang';
import { builders } from 'prettier/doc';
import type { Doc } from 'prettier';
import { placeComments, printComment } from './comments.js';
import type { SourceText } from './source.js';

const { group, hardline, ifBreak, indent, join, line, lineSuffix, softline } = builders;

/** One printed line (or a multi-line item) and the source span it came from. */
export interface Line {
  readonly start: number;
  readonly end: number;
  readonly doc: Doc;
}

/** Lines in order; an empty line wherever the source had one or more between two of them. */
export function withBlankLines(src: SourceText, lines: readonly Line[]): Doc[] {
  const out: Doc[] = [];
  let prevEnd: number | undefined;
  for (const l of lines) {
    if (prevEnd !== undefined && src.blankLineBetween(prevEnd, l.start)) out.push('');
    out.push(l.doc);
    prevEnd = l.end;
  }
  return out;
}

/** ` // comment` after an item, deferred to the end of the line so it never makes a group break. */
export function trailingDoc(trailing: readonly Comment[]): Doc {
  if (trailing.length === 0) return '';
  return lineSuffix([' ', join(' ', trailing.map(printComment))]);
}

export interface BlockItem {
  readonly range: Range;
  readonly doc: Doc;
}

export interface BlockSpec {
  /** Braces: `{ a = 1; b = 2 }` on one line, one per line without separators when broken.
   *  Parentheses: `(a, b)`, with a comma after every item but the last when broken. */
  readonly open: '{' | '(';
  /** Offsets of the opening and closing bracket in the source. */
  readonly openAt: number;
  readonly closeAt: number;
  readonly items: readonly BlockItem[];
  /** One item per line even when the block would fit on one line. */
  readonly expand: boolean;
  /** When broken, items the modeller wrote on one line stay on one line. */
  readonly keepLines: boolean;
}

export interface BlockResult {
  readonly doc: Doc;
  /** The comments the block placed (every comment between its brackets and outside its items). */
  readonly claimed: Comment[];
}

/** A braced or parenthesised list of items with the comments between them. */
export function printBlock(src: SourceText, spec: BlockSpec): BlockResult {
  const close = spec.open === '{' ? '}' : ')';
  const inside = src.commentsIn(spec.openAt + 1, spec.closeAt);
  const between = inside.filter((c) => !spec.items.some((it) => c.range.start >= it.range.start && c.range.end <= it.range.end));
  if (spec.items.length === 0 && between.length === 0) return { doc: spec.open + close, claimed: [] };
  const p = placeComments(src, spec.items, between, spec.openAt + 1);
  if (between.length === 0 && !spec.expand) {
    const sep = spec.open === '{' ? [ifBreak('', ';'), line] : [',', line];
    const edge = spec.open === '{' ? line : softline;
    return { doc: group([spec.open, indent([edge, join(sep, spec.items.map((it) => it.doc))]), edge, close]), claimed: [] };
  }
  const lines: Line[] = [];
  const sep = spec.open === '{' ? '; ' : ', ';
  // Items the modeller wrote on one line stay on one line (`P = P; N = N`), unless a comment
  // sits between them: a line is a run of items, its trailing comments after the last one.
  let run: { start: number; docs: Doc[] } | undefined;
  p.items.forEach((pi, i) => {
    const prev = i > 0 ? p.items[i - 1]! : undefined;
    const joins = spec.keepLines && run && prev && pi.leading.length === 0 && prev.trailing.length === 0 && src.newlines(prev.item.range.end, pi.item.range.start) === 0;
    if (!joins) {
      for (const c of pi.leading) lines.push({ start: c.range.start, end: c.range.end, doc: printComment(c) });
      run = { start: pi.item.range.start, docs: [] };
    }
    const comma = spec.open === '(' && i < p.items.length - 1 ? ',' : '';
    run!.docs.push(pi.item.doc);
    const endsLine = !spec.keepLines || i === p.items.length - 1 || pi.trailing.length > 0 || p.items[i + 1]!.leading.length > 0 || src.newlines(pi.item.range.end, p.items[i + 1]!.item.range.start) > 0;
    if (endsLine) {
      lines.push({ start: run!.start, end: pi.trailing.at(-1)?.range.end ?? pi.item.range.end, doc: [join(sep, run!.docs), comma, trailingDoc(pi.trailing)] });
      run = undefined;
    }
  });
  for (const c of p.dangling) lines.push({ start: c.range.start, end: c.range.end, doc: printComment(c) });
  const body = withBlankLines(src, lines);
  return {
    doc: [spec.open, trailingDoc(p.afterOpen), indent([hardline, join(hardline, body)]), hardline, close],
    claimed: between,
  };
}
