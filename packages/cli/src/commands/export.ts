// `idt export model.idt -o model.xml`: a twin as SBML Level 3 Version 2 (logic nodes as SBML-qual).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, hasErrors } from '@idt/lang';
import { exportSbml } from '@idt/sbml';
import { ModelError, UsageError } from '../errors.js';
import { compileOrExplain } from '../load-model.js';
import { terminal } from '../terminal.js';

export interface ExportCommandOptions {
  readonly out?: string;
  readonly quiet?: boolean;
}

export async function runExport(model: string, opts: ExportCommandOptions): Promise<number> {
  if (opts.out && !/\.(xml|sbml)$/.test(opts.out)) throw new UsageError(`the output file should end in .xml or .sbml, got '${opts.out}'`);
  const { ir, result } = compileOrExplain(model, { quiet: opts.quiet ?? false });
  const exported = exportSbml(ir, result.program);
  const display = (f: string) => path.relative(process.cwd(), f) || f;
  const text = (f: string) => result.program.modules.get(f)?.text;
  for (const d of exported.diagnostics) {
    if (d.severity === 'error' || !opts.quiet) process.stderr.write(formatDiagnostic(d, text(d.file), { displayPath: display, color: terminal.colorErr }) + '\n');
  }
  if (!exported.xml || hasErrors(exported.diagnostics)) throw new ModelError(`${display(model)} cannot be written as SBML (see above)`);
  if (opts.out) {
    fs.writeFileSync(opts.out, exported.xml);
    if (!opts.quiet) terminal.info(`wrote ${display(opts.out)}`);
  } else process.stdout.write(exported.xml);
  return 0;
}
