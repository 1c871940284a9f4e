// Quick fixes for diagnostics that carry what to do in `data` (suggestion, name, module).
import { Codes, type Diagnostic } from '../diagnostics.js';
import type * as A from '../syntax/ast.js';
import type { TextEdit } from './navigation.js';

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix an editor may apply on its own (e.g. on save). */
  readonly preferred: boolean;
}

export interface QuickFixOptions {
  /** Dotted names of the modules that can be imported from this file. */
  readonly modules?: () => readonly string[];
}

/** The diagnostic fields a fix needs (an editor sends these back with a code-action request). */
export type FixableDiagnostic = Pick<Diagnostic, 'code' | 'range' | 'data'>;

const identifier = /^[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*$/;

/** Fixes for one diagnostic of `file` (whose current parse and text are given). */
export function quickFixes(ast: A.FileNode, text: string, file: string, d: FixableDiagnostic, options: QuickFixOptions = {}): QuickFix[] {
  const out: QuickFix[] = [];
  const data = (d.data ?? {}) as { suggestion?: unknown; name?: unknown; module?: unknown; searched?: unknown };
  const written = text.slice(d.range.start, d.range.end);
  if (typeof data.suggestion === 'string' && data.suggestion !== written && identifier.test(written)) {
    out.push({ title: `Change '${written}' to '${data.suggestion}'`, edits: [{ file, range: d.range, newText: data.suggestion }], preferred: true });
  }
  if (d.code === Codes.UndefinedName && typeof data.name === 'string' && written === data.name) {
    const isCall = /^\s*\(/.test(text.slice(d.range.end));
    const stmt = ast.declarations.find((x) => x.range.start <= d.range.start && d.range.end <= x.range.end);
    if (!isCall && stmt) {
      const at = lineStart(text, docStart(ast, text, stmt));
      out.push({ title: `Declare parameter '${data.name}'`, edits: [{ file, range: { start: at, end: at }, newText: `parameter ${data.name} = 1\n` }], preferred: false });
    }
    // A module's last name used as if imported: `innate.f(x)` without `import core.innate`.
    for (const mod of options.modules?.() ?? []) if (mod.split('.').pop() === data.name) out.push(importFix(ast, text, file, mod));
  }
  // "module 'x' is not imported" (ModuleNotFound on an instance); a failed import has `searched`.
  if (d.code === Codes.ModuleNotFound && typeof data.module === 'string' && data.searched === undefined) {
    const candidates = (options.modules?.() ?? []).filter((m) => m === data.module || m.split('.').pop() === data.module);
    if (candidates.length === 0) candidates.push(data.module);
    for (const mod of candidates) out.push(importFix(ast, text, file, mod));
  }
  return out;
}

function importFix(ast: A.FileNode, text: string, file: string, mod: string): QuickFix {
  const imports = ast.declarations.filter((x) => x.kind === 'import');
  const lastImport = imports[imports.length - 1];
  let at: number;
  let newText = `import ${mod}\n`;
  if (lastImport) at = lineEnd(text, lastImport.range.end) + 1;
  else if (ast.header) {
    at = lineEnd(text, ast.header.range.end) + 1;
    newText = `\nimport ${mod}\n`;
  } else at = 0;
  if (at > text.length) {
    at = text.length;
    newText = '\n' + newText;
  }
  return { title: `Import module '${mod}'`, edits: [{ file, range: { start: at, end: at }, newText }], preferred: true };
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** Where a declaration's doc comment begins (so an insertion above it does not steal the comment). */
function docStart(ast: A.FileNode, text: string, d: A.Declaration): number {
  let at = d.range.start;
  for (let i = ast.comments.length - 1; i >= 0; i--) {
    const c = ast.comments[i]!;
    if (c.range.end > at) continue;
    if (!/^\s*$/.test(text.slice(c.range.end, at)) || c.kind !== 'doc') break;
    at = c.range.start;
  }
  return at;
}
