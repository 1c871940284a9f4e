// Every name written in a checked module and what it means: the index behind hover, go to
// definition, references, rename and semantic highlighting.
//
// Built once per ModuleInfo (a WeakMap, so a re-check gets a fresh index) from the AST and the
// checker's `refs`. The walk over expressions is generic (any object in the tree the checker
// resolved), so new AST fields need no change here.
import { builtinConstants, builtinFunctions, distributions, TIME_NAME, trajectoryFunctions } from '../semantic/builtins.js';
import type { ModuleInfo, Resolved, Sym } from '../semantic/symbols.js';
import type * as A from '../syntax/ast.js';

/** What a name stands for. */
export type Target =
  | { readonly kind: 'symbol'; readonly symbol: Sym }
  /** An imported module: the import itself, an instance's module, `alias.f(...)`. */
  | { readonly kind: 'module'; readonly module: ModuleInfo }
  | { readonly kind: 'param'; readonly fn: A.FunctionDecl; readonly index: number; readonly module: ModuleInfo }
  | { readonly kind: 'unit'; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'constant'; readonly name: string }
  | { readonly kind: 'time' }
  | { readonly kind: 'trajectory'; readonly name: string }
  | { readonly kind: 'distribution'; readonly name: string }
  /** A name the checker could not resolve (already diagnosed). */
  | { readonly kind: 'unresolved'; readonly name: string };

export interface Occurrence {
  readonly range: A.Range;
  readonly target: Target;
  /** The declaring name itself, not a use of it. */
  readonly declaration: boolean;
  /** For an instance member (`inst.x`), the instance path before the member. */
  readonly via?: readonly Sym[];
}

const cache = new WeakMap<ModuleInfo, readonly Occurrence[]>();

/** All occurrences of names in a module, sorted by position. */
export function occurrences(m: ModuleInfo): readonly Occurrence[] {
  let list = cache.get(m);
  if (!list) {
    list = new IndexBuilder(m).build();
    cache.set(m, list);
  }
  return list;
}

/** The occurrence whose name contains `offset` (or ends exactly at it: the cursor after a name). */
export function occurrenceAt(m: ModuleInfo, offset: number): Occurrence | undefined {
  const list = occurrences(m);
  let lo = 0;
  let hi = list.length - 1;
  let found: Occurrence | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = list[mid]!;
    if (o.range.start <= offset) {
      if (offset <= o.range.end) found = o;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Prefer a name starting at the offset over one ending there (`a+b` with the cursor before b).
  if (found && found.range.end === offset) {
    const next = list.find((o) => o.range.start === offset);
    if (next) return next;
  }
  return found;
}

/** Whether two targets are the same thing (symbols and functions by identity, within one program). */
export function sameTarget(a: Target, b: Target): boolean {
  switch (a.kind) {
    case 'symbol':
      return b.kind === 'symbol' && a.symbol === b.symbol;
    case 'module':
      return b.kind === 'module' && a.module.file === b.module.file;
    case 'param':
      return b.kind === 'param' && a.fn === b.fn && a.index === b.index;
    case 'time':
      return b.kind === 'time';
    default:
      return b.kind === a.kind && (b as { name: string }).name === a.name;
  }
}

/** The module an instance declaration instantiates, resolved as the checker does (alias, then name). */
export function instanceModule(m: ModuleInfo, q: A.QualifiedName | undefined): ModuleInfo | undefined {
  if (!q) return undefined;
  const byAlias = m.imports.get(q.text);
  if (byAlias) return byAlias.module;
  for (const imp of m.imports.values()) if (imp.module && (imp.module.name === q.text || imp.decl.module?.text === q.text)) return imp.module;
  return undefined;
}

/** The symbol a declaration declares in its module, if it declared one (not a duplicate). */
export function declaredSymbol(m: ModuleInfo, d: A.Declaration): Sym | undefined {
  if (!('name' in d) || !d.name) return undefined;
  const s = m.symbols.get(d.name.text);
  return s && s.decl === d ? s : undefined;
}

class IndexBuilder {
  private readonly out: Occurrence[] = [];
  private fn: A.FunctionDecl | undefined;

  constructor(private readonly m: ModuleInfo) {}

  build(): Occurrence[] {
    const m = this.m;
    if (m.ast.header?.name) this.add(m.ast.header.name.range, { kind: 'module', module: m }, true);
    for (const d of m.ast.declarations) {
      this.fn = undefined;
      switch (d.kind) {
        case 'import': {
          const entry = [...m.imports.values()].find((e) => e.decl === d);
          const target = entry?.module ? { kind: 'module' as const, module: entry.module } : undefined;
          if (target) {
            if (d.module) this.add(d.module.range, target, false);
            if (d.path) this.add(d.path.range, target, false);
            if (d.alias) this.add(d.alias.range, target, true);
          }
          continue;
        }
        case 'unit':
          if (d.name) this.add(d.name.range, { kind: 'unit', name: d.name.text }, true);
          if (d.definition) this.walk(d.definition);
          continue;
        case 'function':
          this.fn = d;
          d.params.forEach((p, index) => this.add(p.range, { kind: 'param', fn: d, index, module: m }, true));
          break;
        case 'instance': {
          const target = instanceModule(m, d.module);
          if (d.module && target) this.add(d.module.range, { kind: 'module', module: target }, false);
          break;
        }
        case 'parameter':
          if (d.prior) this.distribution(d.prior);
          break;
        case 'observable':
          if (d.noise) this.distribution(d.noise);
          break;
        default:
          break;
      }
      const sym = declaredSymbol(m, d);
      if (sym) this.add(sym.nameRange, { kind: 'symbol', symbol: sym }, true);
      for (const key in d) {
        if (key === 'name' || key === 'module' || key === 'params' || key === 'prior' || key === 'noise') continue;
        this.walk((d as unknown as Record<string, unknown>)[key]);
      }
    }
    return this.out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  }

  private add(range: A.Range, target: Target, declaration: boolean, via?: readonly Sym[]): void {
    this.out.push(via ? { range, target, declaration, via } : { range, target, declaration });
  }

  private distribution(dist: A.Distribution): void {
    if (distributions[dist.name.text]) this.add(dist.name.range, { kind: 'distribution', name: dist.name.text }, false);
    for (const a of dist.args) this.walk(a);
  }

  /** Visit any value of the tree: resolved names become occurrences, everything else is searched. */
  private walk(v: unknown): void {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) this.walk(x);
      return;
    }
    const node = v as Record<string, unknown>;
    const resolved = this.m.refs.get(node);
    const kind = node.kind;
    if (kind === 'ref' || kind === 'call') {
      const q = (kind === 'ref' ? node.name : node.callee) as A.QualifiedName | undefined;
      if (q) {
        if (resolved) this.resolvedName(q, resolved);
        else this.unresolvedName(q);
      }
      if (kind === 'call') this.walk(node.args);
      return;
    }
    if (kind === 'unit-name') {
      const n = node.name as A.Name;
      this.add(n.range, { kind: 'unit', name: n.text }, false);
      return;
    }
    if (resolved) {
      if (Array.isArray(node.parts)) this.resolvedName(node as unknown as A.QualifiedName, resolved);
      else if (typeof node.text === 'string' && node.range) this.resolvedName({ parts: [node as unknown as A.Name], text: node.text, range: node.range as A.Range }, resolved);
      return;
    }
    // A qualified name the checker was asked about but could not resolve: reaction species, event
    // targets, bindings. Plain Names (labels, option names) are not references.
    if (Array.isArray(node.parts)) {
      this.unresolvedName(node as unknown as A.QualifiedName);
      return;
    }
    for (const key in node) if (key !== 'range') this.walk(node[key]);
  }

  /** A name that did not resolve as a whole: its first part may still be a known symbol or module
   *  (`inst.misspelt`), the rest is unresolved. */
  private unresolvedName(q: A.QualifiedName): void {
    const [first, ...rest] = q.parts;
    if (!first) return;
    const sym = q.parts.length > 1 ? this.m.symbols.get(first.text) : undefined;
    const imp = q.parts.length > 1 && !sym ? this.m.imports.get(first.text) : undefined;
    if (sym) this.add(first.range, { kind: 'symbol', symbol: sym }, false);
    else if (imp?.module) this.add(first.range, { kind: 'module', module: imp.module }, false);
    else this.add(first.range, { kind: 'unresolved', name: first.text }, false);
    for (const p of rest) this.add(p.range, { kind: 'unresolved', name: p.text }, false);
  }

  private resolvedName(q: A.QualifiedName, r: Resolved): void {
    const parts = q.parts;
    const first = parts[0];
    if (!first) return;
    switch (r.kind) {
      case 'symbol':
        this.add(first.range, { kind: 'symbol', symbol: r.symbol }, false);
        break;
      case 'member': {
        r.instances.forEach((inst, i) => {
          if (parts[i]) this.add(parts[i]!.range, { kind: 'symbol', symbol: inst }, false, r.instances.slice(0, i));
        });
        const last = parts[r.instances.length];
        if (last) this.add(last.range, { kind: 'symbol', symbol: r.symbol }, false, r.instances);
        break;
      }
      case 'imported': {
        const imp = this.m.imports.get(first.text);
        if (imp?.module) this.add(first.range, { kind: 'module', module: imp.module }, false);
        if (parts[1]) this.add(parts[1].range, { kind: 'symbol', symbol: r.symbol }, false);
        break;
      }
      case 'function-param':
        if (this.fn) this.add(first.range, { kind: 'param', fn: this.fn, index: r.index, module: this.m }, false);
        break;
      case 'time':
        this.add(first.range, { kind: 'time' }, false);
        break;
      case 'constant':
        this.add(first.range, { kind: 'constant', name: r.name }, false);
        break;
      case 'builtin':
        this.add(first.range, { kind: 'builtin', name: r.name }, false);
        break;
      case 'trajectory':
        this.add(first.range, { kind: 'trajectory', name: r.name }, false);
        break;
    }
  }
}

/** Names the language itself provides, for completion and hover. */
export const languageNames = {
  functions: builtinFunctions,
  constants: builtinConstants,
  trajectory: trajectoryFunctions,
  distributions,
  time: TIME_NAME,
} as const;
