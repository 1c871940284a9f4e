// `idt build <model> -o twin.mjs`: the runnable bundle (and optionally the IR as JSON).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeBundle } from '@idt/compiler';
import { compileOrExplain } from '../load-model.js';
import { UsageError } from '../errors.js';
import { terminal } from '../terminal.js';

export async function runBuild(model: string, opts: { out: string; ir?: string }): Promise<number> {
  if (!/\.(mjs|js)$/i.test(opts.out)) throw new UsageError(`-o must name a .mjs (or .js) file, got '${opts.out}'`);
  const { ir } = compileOrExplain(model);
  const source = writeBundle(ir);
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, source);
  if (opts.ir) fs.writeFileSync(opts.ir, JSON.stringify(ir, null, 1) + '\n');
  terminal.info(`wrote ${opts.out} (${(source.length / 1024).toFixed(0)} kB)${opts.ir ? ` and ${opts.ir}` : ''}; try: node ${opts.out} --help`);
  return 0;
}
