// The shape of a file for editors: outline (document symbols), workspace symbols, folding regions.
import type { ModuleInfo, SymbolKind } from '../semantic/symbols.js';
import type * as A from '../syntax/ast.js';

export type OutlineKind = SymbolKind | 'import' | 'unit' | 'time' | 'der' | 'simulate' | 'module' | 'branch' | 'input' | 'output';

export interface OutlineItem {
  readonly name: string;
  readonly kind: OutlineKind;
  /** The whole declaration. */
  readonly range: A.Range;
  /** The name (what an editor selects). */
  readonly selectionRange: A.Range;
  readonly detail?: string;
  readonly children?: readonly OutlineItem[];
}

/** One item per declaration of a file, in order; decisions and surrogates have children. */
export function outline(ast: A.FileNode, text: string): OutlineItem[] {
  const out: OutlineItem[] = [];
  if (ast.header?.name) out.push({ name: ast.header.name.text, kind: 'module', range: ast.header.range, selectionRange: ast.header.name.range });
  const src = (r: A.Range | undefined) => (r ? text.slice(r.start, r.end).replace(/\s+/g, ' ').trim() : '');
  for (const d of ast.declarations) {
    const unit = 'unit' in d && d.unit && d.kind !== 'time' ? `[${d.unit.text.trim()}]` : undefined;
    switch (d.kind) {
      case 'import': {
        const name = d.module?.text ?? d.path?.text;
        if (name) out.push({ name, kind: 'import', range: d.range, selectionRange: d.module?.range ?? d.path!.range, ...(d.alias ? { detail: `as ${d.alias.text}` } : {}) });
        break;
      }
      case 'time':
        out.push({ name: 'time', kind: 'time', range: d.range, selectionRange: d.range, ...(unit || d.unit ? { detail: `[${d.unit!.text.trim()}]` } : {}) });
        break;
      case 'der':
        if (d.target) out.push({ name: `der(${d.target.text})`, kind: 'der', range: d.range, selectionRange: d.target.range });
        break;
      case 'simulate':
        out.push({ name: 'simulate', kind: 'simulate', range: d.range, selectionRange: d.range, ...(d.until ? { detail: `until ${src(d.until.range)}` } : {}) });
        break;
      case 'unit':
        if (d.name) out.push({ name: d.name.text, kind: 'unit', range: d.range, selectionRange: d.name.range, ...(d.definition ? { detail: `= ${d.definition.text.trim()}` } : { detail: 'base unit' }) });
        break;
      default: {
        if (!('name' in d) || !d.name) {
          if (d.kind === 'event' && d.trigger) out.push({ name: `${d.intervention ? 'intervention' : 'event'} ${src(d.trigger.range)}`, kind: 'event', range: d.range, selectionRange: d.trigger.range });
          break;
        }
        const detail = detailOf(d, src) ?? unit;
        const children: OutlineItem[] = [];
        if (d.kind === 'decision') for (const b of d.branches) children.push({ name: `"${b.label.text}"`, kind: 'branch', range: b.range, selectionRange: b.label.range, ...(b.condition ? { detail: `if ${src(b.condition.range)}` } : { detail: 'otherwise' }) });
        if (d.kind === 'surrogate') {
          for (const p of d.inputs) children.push({ name: p.name.text, kind: 'input', range: p.range, selectionRange: p.name.range, ...(p.unit ? { detail: `[${p.unit.text.trim()}]` } : {}) });
          for (const p of d.outputs) children.push({ name: p.name.text, kind: 'output', range: p.range, selectionRange: p.name.range, ...(p.unit ? { detail: `[${p.unit.text.trim()}]` } : {}) });
        }
        out.push({ name: d.name.text, kind: d.kind, range: d.range, selectionRange: d.name.range, ...(detail ? { detail } : {}), ...(children.length ? { children } : {}) });
      }
    }
  }
  return out;
}

function detailOf(d: A.Declaration, src: (r: A.Range | undefined) => string): string | undefined {
  switch (d.kind) {
    case 'reaction': {
      const side = (ts: readonly A.ReactionTerm[]) => ts.map((t) => src(t.range)).join(' + ');
      return `${side(d.reactants)} ${d.reversible ? '<->' : '->'} ${side(d.products)}`.trim();
    }
    case 'function':
      return `(${d.params.map((p) => p.text).join(', ')})`;
    case 'instance':
      return d.module ? `${d.module.text}(...)` : undefined;
    case 'port':
      return `${d.direction}${d.unit ? ` [${d.unit.text.trim()}]` : ''}`;
    case 'parameter':
      return d.value ? `= ${src(d.value.range)}${d.unit ? ` [${d.unit.text.trim()}]` : ''}` : undefined;
    default:
      return undefined;
  }
}

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly file: string;
  readonly range: A.Range;
  /** The module declaring it. */
  readonly container: string;
}

/** Symbols of the given modules whose names match `query` (its characters in order, any case). */
export function workspaceSymbols(modules: Iterable<ModuleInfo>, query: string, limit = 500): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbol[] = [];
  for (const m of modules) {
    for (const s of m.symbols.values()) {
      if (!fuzzy(s.name.toLowerCase(), q)) continue;
      out.push({ name: s.name, kind: s.kind, file: m.file, range: s.nameRange, container: m.name });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function fuzzy(name: string, q: string): boolean {
  let i = 0;
  for (let j = 0; j < name.length && i < q.length; j++) if (name[j] === q[i]) i++;
  return i === q.length;
}

export interface FoldingRegion {
  readonly start: number;
  readonly end: number;
  readonly kind?: 'comment' | 'imports';
}

/** Multi-line declarations, runs of comment lines, and the block of imports. */
export function foldingRegions(ast: A.FileNode, text: string): FoldingRegion[] {
  const out: FoldingRegion[] = [];
  const multiline = (r: A.Range) => text.slice(r.start, r.end).includes('\n');
  const imports = ast.declarations.filter((d) => d.kind === 'import');
  if (imports.length > 1) out.push({ start: imports[0]!.range.start, end: imports[imports.length - 1]!.range.end, kind: 'imports' });
  for (const d of ast.declarations) if (multiline(d.range)) out.push({ start: d.range.start, end: d.range.end });
  // Consecutive line comments (doc comments above a declaration, headers) fold as one.
  let run: A.Comment[] = [];
  const flush = () => {
    if (run.length > 1) out.push({ start: run[0]!.range.start, end: run[run.length - 1]!.range.end, kind: 'comment' });
    run = [];
  };
  for (const c of ast.comments) {
    if (c.kind === 'block') {
      flush();
      if (multiline(c.range)) out.push({ start: c.range.start, end: c.range.end, kind: 'comment' });
      continue;
    }
    const prev = run[run.length - 1];
    if (prev && !/^[ \t]*\r?\n[ \t]*$/.test(text.slice(prev.range.end, c.range.start))) flush();
    run.push(c);
  }
  flush();
  return out.sort((a, b) => a.start - b.start);
}
