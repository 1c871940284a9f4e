// Unit expressions as written, with spacing normalised: `[ mL / ( Mcells * h ) ]` -> `[mL/(Mcells*h)]`.
//
// Units are printed from their tokens, not from the unit tree: the tree cannot tell `1e6 cells`
// (juxtaposition) from `1e6*cells`, and the modeller's choice between them is kept.
import type { UnitAnnotation } from '@idt/lang';

const unitToken = /\s+|[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[*/^()\-]/y;

/** A term's edge: a name, number or parenthesis, between which juxtaposition needs a space. */
const endsTerm = (t: string) => /[\w\u00C0-\u024F\u0370-\u03FF.)]$/.test(t);
const startsTerm = (t: string) => /^[\w\u00C0-\u024F\u0370-\u03FF.(]/.test(t);

/** The unit expression text with one space between juxtaposed terms and none around operators. */
export function normaliseUnitText(raw: string): string {
  const tokens: string[] = [];
  unitToken.lastIndex = 0;
  while (unitToken.lastIndex < raw.length) {
    const at = unitToken.lastIndex;
    const m = unitToken.exec(raw);
    if (!m || m.index !== at) {
      // Not a unit token (cannot happen for text the parser accepted): keep the text as written.
      return raw.trim();
    }
    if (!/^\s/.test(m[0])) tokens.push(m[0]);
  }
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // `^` is followed by its exponent; the only place a sign appears in a unit is after `^`.
    if (i > 0 && endsTerm(tokens[i - 1]!) && startsTerm(t)) out += ' ';
    out += t;
  }
  return out;
}

/** `[unit]` for an annotation. */
export function printUnit(u: UnitAnnotation): string {
  return `[${normaliseUnitText(u.text)}]`;
}
