// Where modules come from: the file system seen through a host (so the language server can
// overlay unsaved editor buffers), the nearest `idt.json`, and module-name resolution.
//
// `import core.innate` looks for `core/innate.idt` first in the importing file's folder, then
// in each library root listed by the nearest idt.json (found by walking up, as tsconfig.json is),
// so the CLI, the compiler and the language server resolve the same way with no flags.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileHost {
  /** File text, or undefined when the file does not exist or cannot be read. */
  readFile(file: string): string | undefined;
  fileExists(file: string): boolean;
}

/** The real file system. */
export const nodeFileHost: FileHost = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  fileExists(file) {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** A host whose files can be overridden in memory (editor buffers), falling back to another host. */
export class OverlayFileHost implements FileHost {
  private readonly overlay = new Map<string, string>();
  constructor(private readonly base: FileHost = nodeFileHost) {}
  set(file: string, text: string): void {
    this.overlay.set(path.resolve(file), text);
  }
  delete(file: string): void {
    this.overlay.delete(path.resolve(file));
  }
  readFile(file: string): string | undefined {
    return this.overlay.get(path.resolve(file)) ?? this.base.readFile(file);
  }
  fileExists(file: string): boolean {
    return this.overlay.has(path.resolve(file)) || this.base.fileExists(file);
  }
}

export interface ProjectConfig {
  /** Absolute path of the idt.json, if one was found. */
  readonly configFile?: string;
  /** Absolute library roots, in search order. */
  readonly libraries: readonly string[];
  /** Problems reading idt.json (shown as diagnostics on the importing file). */
  readonly errors: readonly string[];
}

export const PROJECT_FILE = 'idt.json';

/** Find and read the nearest idt.json above `fromDir`. */
export function findProjectConfig(fromDir: string, host: FileHost): ProjectConfig {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, PROJECT_FILE);
    if (host.fileExists(candidate)) return readProjectConfig(candidate, host);
    const parent = path.dirname(dir);
    if (parent === dir) return { libraries: [], errors: [] };
    dir = parent;
  }
}

function readProjectConfig(file: string, host: FileHost): ProjectConfig {
  const text = host.readFile(file) ?? '';
  const base = path.dirname(file);
  try {
    const json = JSON.parse(text) as { libraries?: unknown };
    const libs = Array.isArray(json.libraries) ? json.libraries : [];
    const errors: string[] = [];
    const libraries: string[] = [];
    for (const l of libs) {
      if (typeof l === 'string') libraries.push(path.resolve(base, l));
      else errors.push(`${file}: "libraries" must list folder paths as strings`);
    }
    if (json.libraries !== undefined && !Array.isArray(json.libraries)) errors.push(`${file}: "libraries" must be an array of folder paths`);
    return { configFile: file, libraries, errors };
  } catch (e) {
    return { configFile: file, libraries: [], errors: [`${file} is not valid JSON: ${(e as Error).message}`] };
  }
}

/** Candidate files for `import a.b.c` from a file in `fromDir`, in search order. */
export function moduleCandidates(moduleName: string, fromDir: string, config: ProjectConfig): string[] {
  const rel = moduleName.split('.').join(path.sep) + '.idt';
  const out = [path.join(fromDir, rel)];
  for (const lib of config.libraries) out.push(path.join(lib, rel));
  return out;
}

/** Resolve `import a.b.c` or `import "./x.idt"`; undefined when nothing matches. */
export function resolveImport(
  spec: { module?: string; path?: string },
  fromFile: string,
  host: FileHost,
  config: ProjectConfig,
): { file?: string; searched: string[] } {
  const fromDir = path.dirname(fromFile);
  if (spec.path !== undefined) {
    const p = path.resolve(fromDir, spec.path.endsWith('.idt') ? spec.path : `${spec.path}.idt`);
    return host.fileExists(p) ? { file: p, searched: [p] } : { searched: [p] };
  }
  const searched = moduleCandidates(spec.module ?? '', fromDir, config);
  const file = searched.find((f) => host.fileExists(f));
  return file ? { file, searched } : { searched };
}
