// textDocument/semanticTokens/full: names coloured by what they are.
import { semanticTokens, type TokenClass } from '@idt/lang';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node.js';
import type { LineIndexCache } from '../convert.js';
import type { Session } from '../session.js';

const tokenTypes = ['namespace', 'type', 'class', 'function', 'parameter', 'variable', 'property', 'enumMember', 'event', 'method'] as const;
const tokenModifiers = ['declaration', 'readonly', 'defaultLibrary'] as const;

export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

const typeOf: Record<TokenClass, (typeof tokenTypes)[number]> = {
  module: 'namespace',
  unit: 'type',
  instance: 'class',
  function: 'function',
  surrogate: 'function',
  builtin: 'function',
  trajectory: 'function',
  distribution: 'function',
  'function-param': 'parameter',
  species: 'variable',
  variable: 'variable',
  compartment: 'variable',
  let: 'variable',
  observable: 'variable',
  parameter: 'variable',
  constant: 'variable',
  time: 'variable',
  port: 'property',
  logic: 'enumMember',
  event: 'event',
  decision: 'event',
  reaction: 'method',
};

/** Values fixed for a run: parameters, derived quantities, constants. */
const readonly = new Set<TokenClass>(['parameter', 'let', 'observable', 'constant']);

export function fullSemanticTokens(session: Session, lines: LineIndexCache, file: string): SemanticTokens {
  const m = session.module(file);
  const builder = new SemanticTokensBuilder();
  if (!m) return builder.build();
  const index = lines.get(file, m.text);
  for (const t of semanticTokens(m)) {
    const p = index.position(t.start);
    let mods = 0;
    if (t.declaration) mods |= 1;
    if (readonly.has(t.cls)) mods |= 2;
    if (t.builtin) mods |= 4;
    builder.push(p.line, p.character, t.length, tokenTypes.indexOf(typeOf[t.cls]), mods);
  }
  return builder.build();
}
