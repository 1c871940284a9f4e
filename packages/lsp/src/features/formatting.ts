// textDocument/formatting through prettier-plugin-idt (the formatter `idt fmt` uses).
//
// The plugin (and Prettier) load on the first request, so servers that never format do not pay
// for them. Text with syntax errors is left alone: the formatter refuses it, and the errors are
// already on screen as diagnostics. The answer is one edit covering only what changed.
import { type FormattingOptions, type TextEdit } from 'vscode-languageserver/node.js';
import { toRange, type LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

type Formatter = (text: string, options: { printWidth?: number; filepath?: string; useConfig?: boolean }) => Promise<string>;
let formatter: Promise<Formatter> | undefined;

export function formattingAvailable(): boolean {
  return true;
}

export async function formatDocument(session: Session, lines: LineIndexCache, file: string, _options: FormattingOptions, log: (message: string) => void): Promise<TextEdit[] | null> {
  const doc = session.docs.get(file);
  if (!doc) return null;
  const text = doc.text;
  formatter ??= import('prettier-plugin-idt').then((m) => m.formatIdt as Formatter);
  let formatted: string;
  try {
    // The nearest .prettierrc applies (printWidth, tabWidth), as with `idt fmt` and Prettier's CLI.
    formatted = await (await formatter)(text, { filepath: file, useConfig: !file.includes('__idt_untitled__') });
  } catch (e) {
    log(`idt-lsp: ${file} not formatted: ${(e as Error).message}`);
    return [];
  }
  // The document may have changed while the formatter ran: then these edits would be wrong.
  if (session.docs.get(file)?.text !== text || formatted === text) return [];
  let start = 0;
  while (start < text.length && start < formatted.length && text.charCodeAt(start) === formatted.charCodeAt(start)) start++;
  let end = 0;
  while (end < text.length - start && end < formatted.length - start && text.charCodeAt(text.length - 1 - end) === formatted.charCodeAt(formatted.length - 1 - end)) end++;
  const index = lines.get(file, text);
  return [{ range: toRange(index, { start, end: text.length - end }), newText: formatted.slice(start, formatted.length - end) }];
}
