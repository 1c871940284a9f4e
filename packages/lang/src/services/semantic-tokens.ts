// Semantic highlighting: every resolved name with what it is (the grammar colours the rest).
import type { ModuleInfo, SymbolKind } from '../semantic/symbols.js';
import { occurrences } from './occurrences.js';

export type TokenClass = SymbolKind | 'module' | 'unit' | 'function-param' | 'builtin' | 'constant' | 'time' | 'trajectory' | 'distribution';

export interface SemanticToken {
  readonly start: number;
  readonly length: number;
  readonly cls: TokenClass;
  /** The declaring occurrence. */
  readonly declaration: boolean;
  /** Provided by the language (built-in functions, constants, `t`). */
  readonly builtin: boolean;
}

/** Tokens of a module in text order, without overlaps. */
export function semanticTokens(m: ModuleInfo): SemanticToken[] {
  const out: SemanticToken[] = [];
  let lastEnd = -1;
  for (const o of occurrences(m)) {
    if (o.range.start < lastEnd) continue;
    const t = o.target;
    let cls: TokenClass;
    switch (t.kind) {
      case 'symbol':
        cls = t.symbol.kind;
        break;
      case 'param':
        cls = 'function-param';
        break;
      case 'unresolved':
        continue;
      default:
        cls = t.kind;
    }
    // A module's dotted name is one token only when it is on one line (it always is).
    out.push({ start: o.range.start, length: o.range.end - o.range.start, cls, declaration: o.declaration, builtin: ['builtin', 'constant', 'time', 'trajectory', 'distribution'].includes(t.kind) });
    lastEnd = o.range.end;
  }
  return out;
}
