// textDocument/formatting: not offered until the Prettier plugin for .idt is available.
import type { FormattingOptions, TextEdit } from 'vscode-languageserver/node.js';
import type { LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

export function formattingAvailable(): boolean {
  return false;
}

export function formatDocument(_session: Session, _lines: LineIndexCache, _file: string, _options: FormattingOptions): TextEdit[] | null {
  return null;
}
