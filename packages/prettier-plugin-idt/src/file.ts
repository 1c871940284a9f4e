// A whole .idt file: the header, declarations with their comments, and aligned tables.
//
// Consecutive declarations of one kind (parameters, species, lets, ...) not separated by an empty
// line form a table: each column (name, `=`, value, unit, ...) starts where the longest cell
// before it ends, in every row that has that column. Own-line comments between rows (doc
// comments) do not break a table; an empty line does.
import type * as A from '@idt/lang';
import { builders } from 'prettier/doc';
import type { Doc } from 'prettier';
import { commentText, placeComments, printComment, type Placed } from './comments.js';
import { printAnnotation, printDeclaration, verbatim, type PrintedDeclaration, type Row } from './declarations.js';
import { trailingDoc, withBlankLines, type Line } from './layout.js';
import { width, type SourceText } from './source.js';

const { hardline, join } = builders;

export interface FileOptions {
  readonly printWidth: number;
}

type Item = { readonly range: A.Range } & ({ readonly header: A.ModuleHeader } | { readonly decl: A.Declaration });

interface Prepared {
  readonly placed: Placed<Item>;
  readonly printed: PrintedDeclaration;
  /** Set when the item prints as a table row. */
  readonly row?: Row;
}

const PRETTIER_IGNORE = /^\/\/\s*prettier-ignore\s*$/;

export function printFile(file: A.FileNode, src: SourceText, options: FileOptions): Doc {
  const items: Item[] = [];
  if (file.header) items.push({ range: file.header.range, header: file.header });
  for (const d of file.declarations) items.push({ range: d.range, decl: d });
  const inside = (c: A.Comment) => items.some((it) => c.range.start >= it.range.start && c.range.end <= it.range.end);
  const placement = placeComments(src, items, src.comments.filter((c) => !inside(c)), undefined);

  const prepared: Prepared[] = placement.items.map((placed) => {
    const printed = prepare(src, placed, options.printWidth);
    const row = printed.row && fitsOnOneLine(printed.row, options.printWidth) ? printed.row : undefined;
    return { placed, printed, ...(row ? { row } : {}) };
  });

  const rowText = alignTables(src, prepared);
  const lines: Line[] = [];
  prepared.forEach((p, i) => {
    for (const c of p.placed.leading) lines.push({ start: c.range.start, end: c.range.end, doc: printComment(c) });
    const trailing = p.placed.trailing;
    const text = rowText.get(i);
    const body: Doc = text ? [text.row, text.commentPad, trailing.length ? join(' ', trailing.map(printComment)) : ''] : [p.printed.doc, trailingDoc(trailing)];
    const annotations = p.printed.annotations.map((a) => [a, hardline]);
    lines.push({ start: p.placed.item.range.start, end: trailing.at(-1)?.range.end ?? p.placed.item.range.end, doc: [...annotations, body] });
  });
  for (const c of placement.dangling) lines.push({ start: c.range.start, end: c.range.end, doc: printComment(c) });
  if (lines.length === 0) return '';
  return [join(hardline, withBlankLines(src, lines)), hardline];
}

function prepare(src: SourceText, placed: Placed<Item>, printWidth: number): PrintedDeclaration {
  const item = placed.item;
  const inner = src.commentsIn(item.range.start, item.range.end);
  const ignored = placed.leading.length > 0 && placed.leading.at(-1)!.kind === 'line' && PRETTIER_IGNORE.test(commentText(placed.leading.at(-1)!));
  if ('header' in item) {
    const h = item.header;
    if (ignored || inner.length) return { annotations: [], doc: verbatim(src, h.range) };
    return { annotations: (h.annotations ?? []).map((a) => printAnnotation(src, a)), doc: `module ${h.name?.text ?? ''}` };
  }
  const printed = ignored ? undefined : printDeclaration(src, item.decl, inner, printWidth);
  return printed ?? { annotations: [], doc: verbatim(src, item.decl.range) };
}

/** Cells joined by single spaces: the row's width before alignment adds padding. */
function fitsOnOneLine(row: Row, printWidth: number): boolean {
  const cells = row.cells.filter((c): c is string => !!c);
  return !cells.some((c) => c.includes('\n')) && width(cells.join(' ')) <= printWidth;
}

interface RowText {
  readonly row: string;
  /** Spaces between the row and its trailing comments (aligned across the table). */
  readonly commentPad: string;
}

/** Groups consecutive rows into tables and lays each table out. Keyed by item index. */
function alignTables(src: SourceText, prepared: readonly Prepared[]): Map<number, RowText> {
  const out = new Map<number, RowText>();
  let i = 0;
  while (i < prepared.length) {
    if (!prepared[i]!.row) {
      i++;
      continue;
    }
    let j = i + 1;
    while (
      j < prepared.length &&
      prepared[j]!.row?.kind === prepared[i]!.row!.kind &&
      !src.blankLineBetween(prepared[j - 1]!.placed.item.range.end, prepared[j]!.placed.item.range.start)
    )
      j++;
    const table = prepared.slice(i, j);
    layoutTable(table.map((p) => p.row!), table.map((p) => p.placed.trailing.length > 0)).forEach((t, k) => out.set(i + k, t));
    i = j;
  }
  return out;
}

/**
 * Column by column: a column starts one space after the furthest end of the content before it,
 * over the rows that have a cell in that column; rows without it are left as they are.
 */
export function layoutTable(rows: readonly Row[], hasComment: readonly boolean[]): RowText[] {
  const texts = rows.map(() => '');
  const ends = rows.map(() => 0);
  const columns = Math.max(...rows.map((r) => r.cells.length));
  for (let c = 0; c < columns; c++) {
    const present = rows.map((r) => !!r.cells[c]);
    if (!present.some(Boolean)) continue;
    const start = Math.max(...rows.map((_, k) => (present[k] ? ends[k]! : -1)));
    const cellWidth = Math.max(...rows.map((r, k) => (present[k] ? width(r.cells[c]!) : 0)));
    rows.forEach((r, k) => {
      if (!present[k]) return;
      const cell = r.cells[c]!;
      const lead = texts[k] === '' ? '' : ' '.repeat(start - ends[k]! + 1);
      const pad = r.rightAligned.has(c) ? ' '.repeat(cellWidth - width(cell)) : '';
      texts[k] += lead + pad + cell;
      ends[k] = width(texts[k]!);
    });
  }
  const commentAt = Math.max(...rows.map((_, k) => (hasComment[k] ? ends[k]! : -1)));
  return rows.map((_, k) => ({ row: texts[k]!, commentPad: hasComment[k] ? ' '.repeat(commentAt - ends[k]! + 1) : '' }));
}

