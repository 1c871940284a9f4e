// The server's state: open buffers over the file system, one checked program per open file, the
// files each program read (so an edit re-checks exactly the open files that depend on it), and a
// whole-workspace program for references, rename and workspace symbols.
import * as path from 'node:path';
import { OverlayFileHost, Workspace, type CheckedProgram, type Diagnostic, type ModuleInfo } from '@idt/lang';
import { FileCatalog } from './file-catalog.js';

export interface OpenDocument {
  readonly uri: string;
  readonly file: string;
  text: string;
  version: number;
}

interface Checked {
  readonly program: CheckedProgram;
  /** Every file the check read: the document and its imports, transitively. */
  readonly deps: ReadonlySet<string>;
  /** The text of the document the program was checked from. */
  readonly text: string;
}

export class Session {
  readonly host = new OverlayFileHost();
  /** One front end for everything, so parses are shared and re-parses are incremental. */
  readonly workspace = new Workspace(this.host, { incremental: true });
  readonly docs = new Map<string, OpenDocument>();
  readonly catalog: FileCatalog;
  private readonly checked = new Map<string, Checked>();
  private readonly dirty = new Set<string>();
  private whole: { program: CheckedProgram; generation: number } | undefined;
  /** Bumped on every change of any file, to know when the whole-workspace program is stale. */
  private generation = 0;
  roots: string[] = [];

  constructor() {
    this.catalog = new FileCatalog(() => this.roots, this.host);
  }

  open(uri: string, file: string, text: string, version: number): void {
    this.docs.set(file, { uri, file, text, version });
    this.host.set(file, text);
    this.generation++;
    // A new file may be what an import was looking for: re-check everything open.
    for (const f of this.docs.keys()) this.dirty.add(f);
  }

  change(file: string, text: string, version: number): void {
    const doc = this.docs.get(file);
    if (!doc) return;
    doc.text = text;
    doc.version = version;
    this.host.set(file, text);
    this.fileChanged(file);
  }

  close(file: string): void {
    this.docs.delete(file);
    this.checked.delete(file);
    this.dirty.delete(file);
    // Unsaved edits are gone: dependents see the file on disk again.
    this.host.delete(file);
    this.fileChanged(file);
  }

  /** A file changed (edited, or on disk): its dependents among the open files need a re-check. */
  fileChanged(file: string): void {
    this.generation++;
    if (this.docs.has(file)) this.dirty.add(file);
    for (const [f, c] of this.checked) if (c.deps.has(file)) this.dirty.add(f);
  }

  /** Files were created or deleted, or a project file changed: re-check every open file. */
  everythingChanged(): void {
    this.generation++;
    this.catalog.invalidate();
    // idt.json and surrogate weights are read by checks: nothing checked before can be trusted.
    this.workspace.invalidateConfig();
    this.workspace.invalidateChecks();
    for (const f of this.docs.keys()) this.dirty.add(f);
  }

  /** Open files waiting for a check, the most recently edited first. */
  pending(): string[] {
    return [...this.dirty];
  }

  isDirty(file: string): boolean {
    return this.dirty.has(file);
  }

  /** Check an open file now (if it changed since its last check) and return its program. */
  programFor(file: string): CheckedProgram | undefined {
    const doc = this.docs.get(file);
    if (!doc) return undefined;
    const c = this.checked.get(file);
    if (c && !this.dirty.has(file)) return c.program;
    const program = this.workspace.check([file]);
    this.checked.set(file, { program, deps: new Set(program.modules.keys()), text: doc.text });
    this.dirty.delete(file);
    return program;
  }

  /** The last checked module of an open file, even if the text changed since (completion). */
  latestModule(file: string): ModuleInfo | undefined {
    const c = this.checked.get(file);
    return c ? c.program.modules.get(file) : this.programFor(file)?.modules.get(file);
  }

  /** The freshly checked module of an open file. */
  module(file: string): ModuleInfo | undefined {
    return this.programFor(file)?.modules.get(file);
  }

  /** Diagnostics of an open file, as `idt check <file>` reports them for that file. */
  diagnosticsFor(file: string): Diagnostic[] {
    const program = this.programFor(file);
    return program ? program.diagnostics.filter((d) => d.file === file) : [];
  }

  /** All workspace files and open buffers checked together: every module once, so symbols are
   *  shared and references can be found across files. Cached until anything changes. */
  workspaceProgram(): CheckedProgram {
    if (this.whole && this.whole.generation === this.generation) return this.whole.program;
    const files = new Set<string>(this.catalog.workspaceFiles());
    for (const f of this.docs.keys()) files.add(f);
    const program = this.workspace.check([...files].sort());
    this.whole = { program, generation: this.generation };
    return program;
  }

  /** Text of any file: the open buffer, else the file on disk. */
  text(file: string): string | undefined {
    return this.docs.get(file)?.text ?? this.host.readFile(file);
  }

  /** Module names importable from `file`, including open buffers not yet saved. */
  moduleNames(file: string): string[] {
    return this.catalog.moduleNames(file, [...this.docs.keys()].filter((f) => path.isAbsolute(f)));
  }
}
