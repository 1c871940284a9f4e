// Comments as printed, and their placement among a list of items (declarations, branches, ...).
//
// The printer places comments itself instead of handing them to Prettier's attachment algorithm:
// .idt is line-oriented and its declarations print cell by cell in aligned tables, so a comment
// is either on its own line (it stays there, before the item that follows it) or at the end of
// an item's line (it stays there, after that item). Nothing else moves.
import type { Comment, Range } from '@idt/lang';
import { builders } from 'prettier/doc';
import type { Doc } from 'prettier';
import type { SourceText } from './source.js';

const { join, literalline } = builders;

/** A comment as written: line comments lose trailing blanks; block comments keep every line. */
export function printComment(c: Comment): Doc {
  if (c.kind !== 'block') return c.text.trimEnd();
  const lines = c.text.split('\n');
  // literalline: the comment's later lines keep their own indentation, whatever the nesting.
  return lines.length === 1 ? c.text : join(literalline, lines);
}

export function commentText(c: Comment): string {
  return c.text.trimEnd();
}

export interface Placed<T extends { range: Range }> {
  readonly item: T;
  /** Own-line comments printed before the item. */
  readonly leading: Comment[];
  /** Comments on the item's last line, printed after it. */
  readonly trailing: Comment[];
}

export interface Placement<T extends { range: Range }> {
  readonly items: Placed<T>[];
  /** Comments on the opening line of a block (after `{`), printed there. */
  readonly afterOpen: Comment[];
  /** Own-line comments after the last item. */
  readonly dangling: Comment[];
}

/**
 * Distributes the comments lying between `items` (and between `open` and the first item, and
 * after the last item up to `close`) over the items. Comments inside an item are not placed here.
 * `open` is the offset just after the opening token, or undefined at the top of a file.
 */
export function placeComments<T extends { range: Range }>(
  src: SourceText,
  items: readonly T[],
  comments: readonly Comment[],
  open: number | undefined,
): Placement<T> {
  const placed = items.map((item) => ({ item, leading: [] as Comment[], trailing: [] as Comment[] }));
  const afterOpen: Comment[] = [];
  const dangling: Comment[] = [];
  let next = 0;
  for (const c of comments) {
    while (next < items.length && items[next]!.range.end <= c.range.start) next++;
    const prev = next > 0 ? placed[next - 1]! : undefined;
    // End of what precedes the comment on its line: the previous item, or its trailing comments.
    const prevEnd = prev ? (prev.trailing.at(-1)?.range.end ?? prev.item.range.end) : (afterOpen.at(-1)?.range.end ?? open);
    const sameLine = prevEnd !== undefined && src.newlines(prevEnd, c.range.start) === 0;
    if (sameLine && prev) prev.trailing.push(c);
    else if (sameLine && !prev && open !== undefined) afterOpen.push(c);
    else if (next < items.length) placed[next]!.leading.push(c);
    else dangling.push(c);
  }
  return { items: placed, afterOpen, dangling };
}
