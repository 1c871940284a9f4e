// Compile a model for a command: diagnostics go to stderr exactly as `idt check` prints them;
// errors stop the command with exit code 1 and a hint at what to do next.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileFile, type CompileResult } from '@idt/compiler';
import { formatDiagnostic, Workspace } from '@idt/lang';
import type { IRModel } from '@idt/compiler';
import { ModelError, UsageError } from './errors.js';
import { terminal } from './terminal.js';

export function requireFile(file: string, what = 'model'): void {
  if (!fs.existsSync(file)) throw new UsageError(`no such ${what} file: ${file}`);
  if (!fs.statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
}

export function compileOrExplain(file: string, options: { quiet?: boolean } = {}): { ir: IRModel; result: CompileResult } {
  requireFile(file);
  const result = compileFile(file, new Workspace());
  const display = (f: string) => path.relative(process.cwd(), f) || f;
  const text = (f: string) => result.program.modules.get(f)?.text ?? (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
  for (const d of result.diagnostics) {
    if (d.severity === 'error' || !options.quiet) process.stderr.write(formatDiagnostic(d, text(d.file), { displayPath: display, color: terminal.colorErr }) + '\n');
  }
  if (!result.ir) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ModelError(`${display(file)} has ${n} error${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} and run again ('idt check ${display(file)}' lists them)`);
  }
  return { ir: result.ir, result };
}

/** Parse `name=value` pairs from --set / --init / --fix. */
export function parseAssignments(list: readonly string[], flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list) {
    const m = /^\s*([A-Za-z_][\w.]*)\s*=\s*(.+?)\s*$/.exec(item);
    if (!m) throw new UsageError(`${flag} expects name=value, got '${item}' (example: ${flag} k_pg=0.6)`);
    const v = Number(m[2]);
    if (!Number.isFinite(v)) throw new UsageError(`${flag} ${m[1]}: '${m[2]}' is not a number`);
    out[m[1]!] = v;
  }
  return out;
}

export function parsePositive(value: unknown, flag: string, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) throw new UsageError(`${flag} must be a positive ${integer ? 'whole number' : 'number'}, got '${String(value)}'`);
  return v;
}
