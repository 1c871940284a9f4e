// Go to definition, find references and rename, over a checked program (offsets, file paths).
import { keywordList } from '../syntax/tokens.js';
import { builtinConstants, builtinFunctions, TIME_NAME, trajectoryFunctions } from '../semantic/builtins.js';
import type { ModuleInfo } from '../semantic/symbols.js';
import { symbolKindLabel } from '../semantic/symbols.js';
import type * as A from '../syntax/ast.js';
import type { CheckedProgram } from '../workspace.js';
import { occurrenceAt, occurrences, sameTarget, type Occurrence, type Target } from './occurrences.js';

/** A range in a file. */
export interface Location {
  readonly file: string;
  readonly range: A.Range;
}

export interface Reference extends Location {
  readonly declaration: boolean;
}

export interface TextEdit extends Location {
  readonly newText: string;
}

/** Where a target is declared; undefined for what the language provides. */
export function definitionOf(program: CheckedProgram | undefined, from: ModuleInfo, target: Target): Location | undefined {
  switch (target.kind) {
    case 'symbol':
      return { file: target.symbol.module.file, range: target.symbol.nameRange };
    case 'module': {
      const h = target.module.ast.header;
      return { file: target.module.file, range: h?.name?.range ?? { start: 0, end: 0 } };
    }
    case 'param':
      return { file: target.module.file, range: target.fn.params[target.index]!.range };
    case 'unit': {
      const modules = [from, ...(program ? [...program.modules.values()].filter((m) => m !== from) : [...from.imports.values()].flatMap((i) => (i.module ? [i.module] : [])))];
      for (const m of modules) {
        for (const d of m.ast.declarations) if (d.kind === 'unit' && d.name?.text === target.name) return { file: m.file, range: d.name.range };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The definition of the name at `offset` in module `m`. */
export function definitionAt(program: CheckedProgram | undefined, m: ModuleInfo, offset: number): Location | undefined {
  const o = occurrenceAt(m, offset);
  return o ? definitionOf(program, m, o.target) : undefined;
}

/** Every occurrence of a target in the program's modules (declaration included or not). */
export function referencesOf(program: CheckedProgram, target: Target, includeDeclaration: boolean): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<string>();
  for (const m of program.modules.values()) {
    for (const o of occurrences(m)) {
      if (!sameTarget(o.target, target)) continue;
      // Declarations: a symbol's name, a module's header (an import's alias counts as one too).
      if (o.declaration && !includeDeclaration) continue;
      const key = `${m.file}:${o.range.start}:${o.range.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: m.file, range: o.range, declaration: o.declaration });
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start));
}

/** References of the name at `offset` in the module of `file` (looked up in `program`). */
export function referencesAt(program: CheckedProgram, file: string, offset: number, includeDeclaration: boolean): Reference[] {
  const m = program.modules.get(file);
  const o = m && occurrenceAt(m, offset);
  if (!o || o.target.kind === 'unresolved') return [];
  return referencesOf(program, o.target, includeDeclaration);
}

/** Uses of the same target within one module (editors highlight them). */
export function highlightsAt(m: ModuleInfo, offset: number): Occurrence[] {
  const o = occurrenceAt(m, offset);
  if (!o || o.target.kind === 'unresolved') return [];
  return occurrences(m).filter((x) => sameTarget(x.target, o.target));
}

const identifier = /^[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*$/;
const reservedWords = new Set<string>([...keywordList, TIME_NAME]);

/** Whether the name at `offset` can be renamed: its range and current text, or why not. */
export function prepareRename(m: ModuleInfo, offset: number): { range: A.Range; placeholder: string } | { error: string } {
  const o = occurrenceAt(m, offset);
  if (!o) return { error: 'there is no name here to rename' };
  const why = notRenamable(o.target) ?? (o.target.kind === 'unit' && !definitionOf(undefined, m, o.target) ? builtinUnit(o.target.name) : undefined);
  if (why) return { error: why };
  return { range: o.range, placeholder: m.text.slice(o.range.start, o.range.end) };
}

function builtinUnit(name: string): string {
  return `'${name}' is a built-in unit and cannot be renamed`;
}

function notRenamable(t: Target): string | undefined {
  switch (t.kind) {
    case 'symbol':
    case 'param':
    case 'unit':
      return undefined;
    case 'module':
      return 'a module is named by its file: rename the file (and its module header) instead';
    case 'unresolved':
      return `'${t.name}' is not defined, so there is nothing to rename`;
    case 'time':
      return "'t' is model time and cannot be renamed";
    default:
      return `'${'name' in t ? t.name : ''}' is part of the language and cannot be renamed`;
  }
}

/** The edits renaming the name at `offset` in `file` to `newName` everywhere in the program,
 *  or why it cannot be done (an invalid name, or one that would clash with another). */
export function renameAt(program: CheckedProgram, file: string, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const m = program.modules.get(file);
  const o = m && occurrenceAt(m, offset);
  if (!m || !o) return { error: 'there is no name here to rename' };
  const why = notRenamable(o.target) ?? (o.target.kind === 'unit' && !definitionOf(program, m, o.target) ? builtinUnit(o.target.name) : undefined);
  if (why) return { error: why };
  if (!identifier.test(newName)) return { error: `'${newName}' is not a valid name: use letters, digits and '_', not starting with a digit` };
  if (reservedWords.has(newName)) return { error: `'${newName}' is a reserved word` };
  const clash = renameClash(program, o.target, newName);
  if (clash) return { error: clash };
  const refs = referencesOf(program, o.target, true);
  return { edits: refs.map((r) => ({ file: r.file, range: r.range, newText: newName })) };
}

function renameClash(program: CheckedProgram, t: Target, newName: string): string | undefined {
  const builtin = builtinFunctions[newName] || trajectoryFunctions[newName] || builtinConstants[newName];
  switch (t.kind) {
    case 'symbol': {
      const s = t.symbol;
      if (s.name === newName) return undefined;
      const other = s.module.symbols.get(newName);
      if (other) return `module '${s.module.name}' already declares ${symbolKindLabel[other.kind]} '${newName}'`;
      if (s.module.imports.has(newName)) return `module '${s.module.name}' already imports a module as '${newName}'`;
      if (builtin) return `'${newName}' is a built-in name of the language`;
      return undefined;
    }
    case 'param': {
      const params = t.fn.params.map((p) => p.text);
      if (params[t.index] === newName) return undefined;
      if (params.includes(newName)) return `function '${t.fn.name?.text ?? ''}' already has a parameter '${newName}'`;
      if (builtin) return `'${newName}' is a built-in name of the language`;
      return undefined;
    }
    case 'unit': {
      if (t.name === newName) return undefined;
      for (const m of program.modules.values()) for (const d of m.ast.declarations) if (d.kind === 'unit' && d.name?.text === newName) return `unit '${newName}' is already declared in module '${m.name}'`;
      if (program.units.resolveName(newName)) return `'${newName}' is already a unit`;
      return undefined;
    }
    default:
      return undefined;
  }
}
