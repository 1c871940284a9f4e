// The Prettier printer: the whole file in one pass, then a check that the output means the same.
//
// The printer places comments itself (see comments.ts), so the root node carries no `comments`
// for Prettier to attach. Before returning, it prints the doc, parses the result and compares
// the two models: a formatter bug shows up as an error naming the difference, never as a model
// that silently changed.
import type { Printer } from 'prettier';
import { printer as docPrinter } from 'prettier/doc';
import type { Doc } from 'prettier';
import { printFile } from './file.js';
import { parseIdt, type IdtRoot } from './parser.js';
import { modelDifference } from './same-model.js';
import { SourceText } from './source.js';

/** Formats a parsed file to a doc, verified to re-parse to the same model. */
export function printRoot(root: IdtRoot, options: { printWidth: number; tabWidth: number; useTabs?: boolean }): Doc {
  const src = new SourceText(root.text, root.file.comments);
  const doc = printFile(root.file, src, { printWidth: options.printWidth });
  const { formatted } = docPrinter.printDocToString(doc, { printWidth: options.printWidth, tabWidth: options.tabWidth, useTabs: options.useTabs ?? false });
  let difference: string | undefined;
  try {
    difference = modelDifference(root.file, parseIdt(formatted).file);
  } catch (e) {
    difference = `the output does not parse: ${(e as Error).message}`;
  }
  if (difference) {
    throw new Error(`prettier-plugin-idt: formatting would change the model (${difference}); the file is left as it is. Please report this with the file.`);
  }
  return doc;
}

export const idtPrinter: Printer = {
  print(path, options) {
    const node = path.node as IdtRoot;
    if (node.kind !== 'idt-root') throw new Error(`prettier-plugin-idt: unexpected node ${String((node as { kind?: unknown }).kind)}`);
    return printRoot(node, options);
  },
  // `prettier --debug-check` compares ASTs through this: positions are not meaning.
  massageAstNode(original: unknown, cloned: Record<string, unknown>) {
    for (const k of Object.keys(cloned)) if (k === 'range' || k.endsWith('Range') || k === 'text') delete cloned[k];
    void original;
  },
};
