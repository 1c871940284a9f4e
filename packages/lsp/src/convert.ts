// Offsets and paths (the language core) <-> LSP positions and URIs (the protocol).
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LineIndex, type Range as OffsetRange } from '@idt/lang';
import type { Position, Range } from 'vscode-languageserver/node.js';

/** Files of URIs that are not `file:` (unsaved buffers) live under this made-up folder. */
const UNTITLED = path.join(path.sep, '__idt_untitled__');

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      // fall through: a malformed file URI is treated like any other scheme
    }
  }
  return path.join(UNTITLED, encodeURIComponent(uri) + (uri.endsWith('.idt') ? '' : '.idt'));
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Line indexes by file, rebuilt when the text changes. */
export class LineIndexCache {
  private readonly cache = new Map<string, { text: string; index: LineIndex }>();

  get(file: string, text: string): LineIndex {
    const hit = this.cache.get(file);
    if (hit && hit.text === text) return hit.index;
    const index = new LineIndex(text);
    this.cache.set(file, { text, index });
    return index;
  }

  forget(file: string): void {
    this.cache.delete(file);
  }
}

export function toRange(index: LineIndex, r: OffsetRange): Range {
  return { start: index.position(r.start), end: index.position(r.end) };
}

export function toPosition(index: LineIndex, offset: number): Position {
  return index.position(offset);
}

export function toOffset(index: LineIndex, p: Position): number {
  return index.offset(p.line, p.character);
}

export function toOffsetRange(index: LineIndex, r: Range): OffsetRange {
  return { start: toOffset(index, r.start), end: toOffset(index, r.end) };
}
