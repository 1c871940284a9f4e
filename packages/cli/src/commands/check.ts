// `idt check <files...>`: every diagnostic, as text with source excerpts or as JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnosticToJson, formatDiagnostic, hasErrors, Workspace } from '@idt/lang';
import { terminal } from '../terminal.js';
import { UsageError } from '../errors.js';

export async function runCheck(files: string[], opts: { json?: boolean }): Promise<number> {
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')}`);
  const program = new Workspace().check(files);
  const text = (file: string) => program.modules.get(file)?.text;
  if (opts.json) {
    terminal.out(JSON.stringify({ diagnostics: program.diagnostics.map((d) => diagnosticToJson(d, text(d.file))) }, null, 2));
  } else {
    const display = (f: string) => path.relative(process.cwd(), f) || f;
    for (const d of program.diagnostics) process.stderr.write(formatDiagnostic(d, text(d.file), { displayPath: display, color: terminal.colorErr }) + '\n');
    const errors = program.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = program.diagnostics.filter((d) => d.severity === 'warning').length;
    const checked = program.modules.size;
    terminal.info(`${errors === 0 ? 'ok' : 'failed'}: ${checked} module${checked === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  }
  return hasErrors(program.diagnostics) ? 1 : 0;
}
