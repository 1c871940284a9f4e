// "Same model" for two parses of a file: equal ASTs once source positions and spacing are ignored.
//
// Ranges differ after any reformatting; unit texts differ only in spacing; doc comments and
// comments only in trailing blanks (the formatter trims them). Everything else must be equal,
// including every comment's text, in order.
import type { FileNode } from '@idt/lang';

/** Keys that hold source positions, not meaning. */
const positionKey = (k: string) => k === 'range' || k.endsWith('Range');

function normalise(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, undefined));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (positionKey(k)) continue;
      out[k] = normalise(v, k);
    }
    // A unit annotation's `text` is the unit as written: spacing is not meaning.
    if ('expr' in out && typeof out['text'] === 'string' && !('kind' in out)) out['text'] = (out['text'] as string).replace(/\s+/g, '');
    return out;
  }
  if (typeof value === 'string' && key === 'doc') return value.split('\n').map((l) => l.trimEnd()).join('\n');
  return value;
}

/** The AST as compared: positions dropped, spacing in units and trailing blanks in comments ignored. */
export function modelShape(file: FileNode): unknown {
  const { comments, ...rest } = file;
  return {
    ...(normalise(rest, undefined) as object),
    comments: comments.map((c) => ({ kind: c.kind, text: c.text.split('\n').map((l) => l.trimEnd()).join('\n') })),
  };
}

/** The first difference between two values, as a path and the two values, or undefined. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array != object`;
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** Undefined when both files describe the same model with the same comments; else the difference. */
export function modelDifference(a: FileNode, b: FileNode): string | undefined {
  return firstDifference(modelShape(a), modelShape(b));
}
