// What names mean: symbols declared by modules, and what each reference resolves to.
import type * as A from '../syntax/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Dim } from './units.js';

export type SymbolKind =
  | 'compartment' | 'species' | 'parameter' | 'variable' | 'let' | 'function' | 'reaction' | 'logic'
  | 'event' | 'surrogate' | 'observable' | 'decision' | 'instance' | 'port';

export interface Sym {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly decl: A.Declaration;
  readonly module: ModuleInfo;
  /** Range of the declaring name (for go-to-definition and messages). */
  readonly nameRange: A.Range;
  /** Set when anything refers to this symbol. */
  used: boolean;
}

export interface ImportEntry {
  readonly alias: string;
  readonly decl: A.ImportDecl;
  /** Undefined when the import could not be resolved (already diagnosed). */
  module?: ModuleInfo;
  used: boolean;
}

/** What a reference in an expression (or a name in a reaction, binding, ...) resolves to. */
export type Resolved =
  | { readonly kind: 'symbol'; readonly symbol: Sym }
  /** `inst.x` or `a.b.x` through nested instances: the path of instance symbols, then the member. */
  | { readonly kind: 'member'; readonly instances: readonly Sym[]; readonly symbol: Sym }
  /** A function or surrogate of an imported module: `lib.hill(...)`. */
  | { readonly kind: 'imported'; readonly symbol: Sym }
  | { readonly kind: 'function-param'; readonly index: number; readonly name: string }
  | { readonly kind: 'time' }
  | { readonly kind: 'constant'; readonly name: string; readonly value: number }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'trajectory'; readonly name: string };

export interface ModuleInfo {
  readonly file: string;
  readonly text: string;
  readonly ast: A.FileNode;
  /** Module name: its header, or the file's base name. */
  readonly name: string;
  readonly imports: Map<string, ImportEntry>;
  readonly symbols: Map<string, Sym>;
  /** Resolution of every reference node (Expr 'ref'/'call' nodes and QualifiedNames). */
  readonly refs: Map<object, Resolved>;
  /** Units of declarations and expressions, as inferred (undefined entries: unknown). */
  readonly units: Map<object, Dim | undefined>;
  /** Derived quantities (let) whose value is a condition rather than a number. */
  readonly boolLets: Set<Sym>;
  readonly diagnostics: Diagnostic[];
  /** The model's unit of time, from `time [unit]`. */
  timeUnit?: Dim;
  /** Version counter of the source text the module was checked from. */
  readonly version: number;
}

export function isStateKind(kind: SymbolKind): boolean {
  return kind === 'species' || kind === 'variable' || kind === 'compartment';
}

export const symbolKindLabel: Record<SymbolKind, string> = {
  compartment: 'compartment',
  species: 'species',
  parameter: 'parameter',
  variable: 'variable',
  let: 'derived quantity (let)',
  function: 'function',
  reaction: 'reaction',
  logic: 'logic node',
  event: 'event',
  surrogate: 'surrogate',
  observable: 'observable',
  decision: 'decision',
  instance: 'module instance',
  port: 'port',
};
