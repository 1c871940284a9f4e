// The one front end: files -> parsed modules -> resolved imports -> checked module graph.
//
// The CLI, the compiler and the language server all call Workspace.check, so every consumer
// sees the same diagnostics (codes, messages, ranges). Parses are cached by file text, so an
// editor that changes one file re-parses only that file.
import * as path from 'node:path';
import { Codes, diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { findProjectConfig, nodeFileHost, resolveImport, type FileHost, type ProjectConfig } from './project.js';
import { ModuleChecker } from './semantic/checker.js';
import type { ImportEntry, ModuleInfo } from './semantic/symbols.js';
import { UnitSystem, type Dim } from './semantic/units.js';
import { parseText, type ParseResult } from './syntax/parse.js';
import { reparse } from './services/incremental-parse.js';

export interface CheckedProgram {
  /** The modules the check started from, in the order given. */
  readonly entries: readonly ModuleInfo[];
  /** Every module reached, by absolute file path. */
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  /** All diagnostics of all modules, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly units: UnitSystem;
  /** Files that could not be read (reported as diagnostics on the entry). */
  readonly missing: readonly string[];
}

export interface WorkspaceOptions {
  /** For editors: re-parse only the statements around an edit (services/incremental-parse.ts),
   *  and re-use a module checked earlier when nothing it depends on changed (see `reusable`).
   *  The results are the same as without. */
  readonly incremental?: boolean;
}

/** How many checked versions of one file are kept (contexts differ, texts are the same). */
const CHECK_VARIANTS = 3;

/** A module as checked, with what its check depended on besides its own text. */
interface CheckedModule {
  readonly info: ModuleInfo;
  /** User units declared (by the modules checked before it) when it was checked. */
  readonly unitsBefore: string;
  /** User units its own check declared, to declare again when it is re-used. */
  readonly unitsAdded: readonly (readonly [string, Dim])[];
}

export class Workspace {
  private readonly parseCache = new Map<string, { text: string; result: ParseResult }>();
  private readonly configCache = new Map<string, ProjectConfig>();
  /** Checked modules by file, the most recent first: a few variants, because one file can be
   *  checked in different contexts (as an entry, or after other modules declared units). */
  private readonly checkCache = new Map<string, CheckedModule[]>();
  private version = 0;

  constructor(readonly host: FileHost = nodeFileHost, private readonly options: WorkspaceOptions = {}) {}

  /** Forget cached project files (call when an idt.json changes). */
  invalidateConfig(): void {
    this.configCache.clear();
    this.checkCache.clear();
  }

  /** Forget checked modules (call when files a check reads besides .idt files change, such as
   *  surrogate weights). */
  invalidateChecks(): void {
    this.checkCache.clear();
  }

  parse(file: string, text: string): ParseResult {
    const cached = this.parseCache.get(file);
    if (cached && cached.text === text) return cached.result;
    const result = cached && this.options.incremental ? reparse(cached, text, file) : parseText(text, file);
    this.parseCache.set(file, { text, result });
    return result;
  }

  private config(dir: string): ProjectConfig {
    let c = this.configCache.get(dir);
    if (!c) {
      c = findProjectConfig(dir, this.host);
      this.configCache.set(dir, c);
    }
    return c;
  }

  /** Parse, bind and check the given files and everything they import. */
  check(entryFiles: readonly string[]): CheckedProgram {
    this.version++;
    const units = new UnitSystem();
    const modules = new Map<string, ModuleInfo>();
    const state = new Map<string, 'visiting' | 'done'>();
    const missing: string[] = [];
    const entries: ModuleInfo[] = [];
    const outside: Diagnostic[] = [];
    /** User units declared so far in this program, in order (what a module's check may see). */
    const unitLog: (readonly [string, Dim])[] = [];

    const load = (file: string): ModuleInfo | undefined => {
      const existing = modules.get(file);
      if (existing) return existing;
      const text = this.host.readFile(file);
      if (text === undefined) return undefined;
      const parsed = this.parse(file, text);
      const headerName = parsed.ast.header?.name?.text;
      const info: ModuleInfo = {
        file,
        text,
        ast: parsed.ast,
        name: headerName && headerName.length ? headerName : path.basename(file, '.idt'),
        imports: new Map(),
        symbols: new Map(),
        refs: new Map(),
        units: new Map(),
        boolLets: new Set(),
        diagnostics: [...parsed.diagnostics],
        version: this.version,
      };
      modules.set(file, info);
      return info;
    };

    const visit = (m: ModuleInfo): void => {
      state.set(m.file, 'visiting');
      const config = this.config(path.dirname(m.file));
      let configReported = false;
      for (const d of m.ast.declarations) {
        if (d.kind !== 'import') continue;
        const spec = d.module ? { module: d.module.text } : d.path ? { path: d.path.text } : undefined;
        if (!spec) continue;
        if (config.errors.length && !configReported) {
          configReported = true;
          for (const e of config.errors) m.diagnostics.push(diagnostic('error', Codes.InvalidProjectFile, e, m.file, d.range));
        }
        const { file, searched } = resolveImport(spec, m.file, this.host, config);
        const range = d.module?.range ?? d.path?.range ?? d.range;
        const defaultAlias = d.module ? d.module.parts[d.module.parts.length - 1]?.text ?? d.module.text : path.basename(d.path!.text, '.idt');
        let alias = d.alias?.text ?? defaultAlias;
        const entry: ImportEntry = { alias, decl: d, used: false };
        if (!file) {
          const where = config.configFile ? `; library roots come from ${path.relative(path.dirname(m.file), config.configFile) || config.configFile}` : '; list library folders in an idt.json ("libraries": [...]) to search more places';
          m.diagnostics.push(
            diagnostic('error', Codes.ModuleNotFound, `cannot find module '${spec.module ?? spec.path}': looked for ${searched.map((s) => path.relative(path.dirname(m.file), s) || s).join(', ')}${where}`, m.file, range, { data: { module: spec.module ?? spec.path, searched } }),
          );
        } else {
          const target = load(file);
          if (!target) {
            m.diagnostics.push(diagnostic('error', Codes.FileUnreadable, `cannot read ${file}`, m.file, range));
          } else if (state.get(target.file) === 'visiting') {
            m.diagnostics.push(diagnostic('error', Codes.ImportCycle, `import cycle: '${m.name}' imports '${target.name}', which (directly or through other modules) imports '${m.name}' again`, m.file, range, {
              related: [{ file: target.file, range: target.ast.header?.range ?? { start: 0, end: 0 }, message: `module '${target.name}'` }],
            }));
          } else {
            if (state.get(target.file) !== 'done') visit(target);
            // A re-used module replaces the one loaded for this check.
            const checked = modules.get(target.file) ?? target;
            entry.module = checked;
            if (!d.alias && !d.module) alias = target.name.split('.').pop() ?? alias;
            if (d.module && checked.ast.header?.name && checked.name !== d.module.text)
              m.diagnostics.push(diagnostic('warning', Codes.ModuleNameMismatch, `'${path.relative(path.dirname(m.file), file)}' declares 'module ${checked.name}', not '${d.module.text}'`, m.file, range));
          }
        }
        if (m.imports.has(alias)) {
          m.diagnostics.push(diagnostic('error', Codes.NameClash, `two imports are both called '${alias}': give one another name with 'as'`, m.file, d.alias?.range ?? range));
        } else m.imports.set(alias, { ...entry, alias });
      }
      const unitsBefore = unitLog.map(([n, u]) => `${n}=${u.scale}:${[...u.exps].join(',')}`).join(';');
      const cached = this.options.incremental ? this.checkCache.get(m.file)?.find((c) => reusable(c, m, unitsBefore)) : undefined;
      if (cached) {
        modules.set(m.file, cached.info);
        for (const [n, u] of cached.unitsAdded) units.declareDerived(n, u);
        unitLog.push(...cached.unitsAdded);
        state.set(m.file, 'done');
        return;
      }
      const unitNames = m.ast.declarations.flatMap((d) => (d.kind === 'unit' && d.name ? [d.name.text] : []));
      const known = new Set(unitNames.filter((n) => units.isUserDefined(n)));
      // Imports are checked (post-order), so this module can see their symbols and units.
      try {
        new ModuleChecker(m, units, this.host).check();
      } catch (e) {
        // Expressions nested thousands of levels deep exhaust the stack: say so, never crash.
        if (!(e instanceof RangeError)) throw e;
        m.diagnostics.push(diagnostic('error', Codes.NestingTooDeep, 'an expression in this module is nested too deeply to check (thousands of levels); split it into smaller definitions', m.file, { start: 0, end: Math.min(m.text.length, 1) }));
      }
      const unitsAdded = [...new Set(unitNames)].filter((n) => !known.has(n) && units.isUserDefined(n)).map((n) => [n, units.resolveName(n)!] as const);
      unitLog.push(...unitsAdded);
      if (this.options.incremental) {
        const variants = (this.checkCache.get(m.file) ?? []).filter((c) => c.info.ast === m.ast);
        this.checkCache.set(m.file, [{ info: m, unitsBefore, unitsAdded }, ...variants].slice(0, CHECK_VARIANTS));
      }
      state.set(m.file, 'done');
    };

    for (const f of entryFiles) {
      const abs = path.resolve(f);
      const m = load(abs);
      if (!m) {
        missing.push(abs);
        outside.push(diagnostic('error', Codes.FileUnreadable, `cannot read ${abs}: no such file`, abs, { start: 0, end: 0 }));
        continue;
      }
      if (state.get(abs) !== 'done') visit(m);
      entries.push(modules.get(abs) ?? m);
    }
    const all: Diagnostic[] = [...outside];
    for (const m of modules.values()) all.push(...m.diagnostics);
    return { entries, modules, diagnostics: sortDiagnostics(all), units, missing };
  }
}

/** A module checked earlier can stand for a new check of the same text when everything else its
 *  check read is the same: the same modules behind its imports (themselves re-used, so unchanged),
 *  the same user units declared before it, and no import cycle (whose report depends on where the
 *  check started). Imported modules are only read by a check, never changed, so nothing an
 *  importer does later alters the result. */
function reusable(c: CheckedModule, fresh: ModuleInfo, unitsBefore: string): boolean {
  if (c.info.ast !== fresh.ast || c.unitsBefore !== unitsBefore) return false;
  if (c.info.imports.size !== fresh.imports.size) return false;
  for (const [alias, imp] of fresh.imports) {
    const old = c.info.imports.get(alias);
    if (!old || old.decl !== imp.decl || old.module !== imp.module) return false;
  }
  return !c.info.diagnostics.some((d) => d.code === Codes.ImportCycle) && !fresh.diagnostics.some((d) => d.code === Codes.ImportCycle);
}
