// Inlay hints: the units the checker inferred where none are written.
import type { ModuleInfo } from '../semantic/symbols.js';
import type * as A from '../syntax/ast.js';
import { displayUnit } from './hover.js';
import { declaredSymbol } from './occurrences.js';

export interface InlayHint {
  /** Where the hint is shown (after the value, where a `[unit]` would be written). */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** Inferred units of derived quantities, observables and parameters written without one. */
export function inlayHints(m: ModuleInfo, within?: A.Range): InlayHint[] {
  const out: InlayHint[] = [];
  for (const d of m.ast.declarations) {
    if (within && (d.range.end < within.start || d.range.start > within.end)) continue;
    if (d.kind !== 'let' && d.kind !== 'observable' && d.kind !== 'parameter') continue;
    if (d.unit || !d.value) continue;
    const s = declaredSymbol(m, d);
    const unit = s ? m.units.get(s) : undefined;
    if (!unit) continue;
    out.push({ offset: d.value.range.end, label: displayUnit(unit), tooltip: `units of '${s!.name}', inferred from its definition` });
  }
  return out;
}
