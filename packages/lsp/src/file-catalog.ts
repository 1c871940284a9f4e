// The .idt files on disk: every file of the workspace (for references, rename and workspace
// symbols) and the module names importable from a file (for completion and quick fixes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectConfig, type FileHost } from '@idt/lang';

/** Folders never searched: dependencies, build output, version control. */
const SKIP = new Set(['node_modules', 'dist', 'out', 'build', 'coverage']);
const MAX_FILES = 5000;
const MAX_DEPTH = 8;
const segment = /^[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*$/;

function listIdt(root: string, maxDepth: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (out.length >= MAX_FILES || depth > maxDepth) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(full, depth + 1);
      } else if (e.isFile() && e.name.endsWith('.idt')) out.push(full);
      if (out.length >= MAX_FILES) return;
    }
  };
  walk(root, 0);
  return out;
}

export class FileCatalog {
  private workspace: string[] | undefined;
  private readonly byBase = new Map<string, string[]>();

  constructor(
    private readonly roots: () => readonly string[],
    private readonly host: FileHost,
  ) {}

  /** Forget what was listed (a file was created or deleted). */
  invalidate(): void {
    this.workspace = undefined;
    this.byBase.clear();
  }

  /** Every .idt file under the workspace folders. */
  workspaceFiles(): readonly string[] {
    this.workspace ??= [...new Set(this.roots().flatMap((r) => listIdt(r, MAX_DEPTH)))];
    return this.workspace;
  }

  /** Dotted module names importable from `file` (its folder, then the idt.json library roots). */
  moduleNames(file: string, extra: Iterable<string> = []): string[] {
    const config = findProjectConfig(path.dirname(file), this.host);
    const bases = [path.dirname(file), ...config.libraries];
    const names = new Set<string>();
    const extraFiles = [...extra];
    for (const base of bases) {
      let files = this.byBase.get(base);
      if (!files) {
        files = listIdt(base, 4);
        this.byBase.set(base, files);
      }
      for (const f of [...files, ...extraFiles]) {
        const rel = path.relative(base, f);
        if (rel.startsWith('..') || path.isAbsolute(rel) || f === file) continue;
        const parts = rel.slice(0, -'.idt'.length).split(path.sep);
        if (parts.every((p) => segment.test(p))) names.add(parts.join('.'));
      }
    }
    return [...names].sort();
  }
}
