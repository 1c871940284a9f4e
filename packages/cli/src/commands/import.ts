// `idt import model.xml -o model.idt`: SBML / SBML-qual to readable .idt, with every unsupported
// or suspicious SBML element reported at its line in the SBML file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, hasErrors } from '@idt/lang';
import { importSbml } from '@idt/sbml';
import { ModelError, UsageError } from '../errors.js';
import { requireFile } from '../load-model.js';
import { terminal } from '../terminal.js';

export interface ImportCommandOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
}

export async function runImport(file: string, opts: ImportCommandOptions): Promise<number> {
  requireFile(file, 'SBML');
  if (opts.out && !opts.out.endsWith('.idt')) throw new UsageError(`the output file should end in .idt, got '${opts.out}'`);
  const abs = path.resolve(file);
  const text = fs.readFileSync(abs, 'utf8');
  const result = importSbml(text, {
    file: abs,
    readFile: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined),
  });
  const display = (f: string) => path.relative(process.cwd(), f) || f;
  for (const d of result.diagnostics) {
    if (d.severity === 'error' || !opts.quiet) process.stderr.write(formatDiagnostic(d, text, { displayPath: display, color: terminal.colorErr }) + '\n');
  }
  const failed = hasErrors(result.diagnostics);
  if (!result.idt) throw new ModelError(`${display(abs)} could not be read as SBML`);
  // A model with unsupported parts would not simulate as the SBML says: write it only on request.
  if (failed && !opts.force) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ModelError(`${display(abs)}: ${n} part${n === 1 ? '' : 's'} could not be imported (listed above); nothing written (--force writes the partial model)`);
  }
  if (opts.out) {
    fs.writeFileSync(opts.out, result.idt);
    if (!opts.quiet) terminal.info(`${failed ? 'wrote partial model' : 'wrote'} ${display(opts.out)} (${result.symbols.size} SBML elements)`);
  } else process.stdout.write(result.idt);
  return failed ? 1 : 0;
}
