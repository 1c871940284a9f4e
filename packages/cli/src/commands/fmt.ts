// `idt fmt <paths...> [--check]`: format .idt files in place with the Prettier plugin, or list
// the files that are not formatted (exit 1). Directories are searched for .idt files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, parseText } from '@idt/lang';
import { formatIdt } from 'prettier-plugin-idt';
import { UsageError } from '../errors.js';
import { terminal } from '../terminal.js';

/** The .idt files named by the arguments: files as given, directories searched recursively. */
function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.idt')) files.push(p);
    }
  };
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) walk(p);
    else files.push(p);
  }
  return [...new Set(files)];
}

export async function runFmt(paths: string[], opts: { check?: boolean }): Promise<number> {
  const files = collectFiles(paths);
  const display = (f: string) => path.relative(process.cwd(), f) || f;
  const unformatted: string[] = [];
  let changed = 0;
  let failed = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Text with syntax errors is not formatted: its diagnostics are shown as `idt check` shows them.
    const syntax = parseText(text, file).diagnostics.filter((d) => d.severity === 'error');
    if (syntax.length) {
      for (const d of syntax) process.stderr.write(formatDiagnostic(d, text, { displayPath: display, color: terminal.colorErr }) + '\n');
      failed++;
      continue;
    }
    let formatted: string;
    try {
      formatted = await formatIdt(text, { filepath: path.resolve(file), useConfig: true });
    } catch (e) {
      terminal.error(`${display(file)}: ${(e as Error).message}`);
      failed++;
      continue;
    }
    if (formatted === text) continue;
    if (opts.check) {
      unformatted.push(file);
      terminal.out(display(file));
    } else {
      fs.writeFileSync(file, formatted);
      changed++;
      terminal.info(`formatted ${display(file)}`);
    }
  }
  const n = files.length;
  const checked = `${n} file${n === 1 ? '' : 's'}`;
  if (opts.check) {
    if (unformatted.length) terminal.info(`${unformatted.length} of ${checked} not formatted (run idt fmt on ${unformatted.length === 1 ? 'it' : 'them'})`);
    else if (!failed) terminal.info(`ok: ${checked} formatted`);
  } else {
    terminal.info(`${changed} of ${checked} reformatted`);
  }
  if (failed) terminal.info(`${failed} file${failed === 1 ? '' : 's'} could not be formatted`);
  return failed || unformatted.length ? 1 : 0;
}
