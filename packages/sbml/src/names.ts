// SBML ids -> idt names. SBML ids are valid idt identifiers except where they collide with a
// reserved word (every idt keyword, model time `t`) or would hide a built-in function or constant
// (a parameter called `exp` would make `exp(x)` unusable); those get a trailing `_` (then `_2`,
// `_3`, ... while that is taken), and the translation records the renaming in a doc comment.
import { builtinConstants, builtinFunctions, keywordList, TIME_NAME } from '@idt/lang';

const IDENT = /^[A-Za-z_\u00C0-\u024F\u0370-\u03FF][A-Za-z0-9_\u00C0-\u024F\u0370-\u03FF]*$/;
const reserved = new Set<string>([...keywordList, TIME_NAME, ...Object.keys(builtinFunctions), ...Object.keys(builtinConstants)]);

export function isReservedName(name: string): boolean {
  return reserved.has(name);
}

/** Allocates unique idt names in one namespace. */
export class NameTable {
  private readonly used = new Set<string>();
  private readonly map = new Map<string, string>();

  /** Reserve names that must not be handed out (e.g. the SBML ids themselves, so that a renamed
   *  `time` does not become an id that already exists). */
  reserve(names: Iterable<string>): void {
    for (const n of names) if (IDENT.test(n) && !reserved.has(n)) this.used.add(n);
  }

  /** The idt name for an SBML id (stable: the same id always gets the same name). */
  name(id: string): string {
    const known = this.map.get(id);
    if (known) return known;
    let base = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let candidate = base;
    if (reserved.has(candidate) || (this.used.has(candidate) && candidate !== id)) {
      candidate = `${base}_`;
      for (let k = 2; reserved.has(candidate) || this.used.has(candidate); k++) candidate = `${base}_${k}`;
    }
    this.used.add(candidate);
    this.map.set(id, candidate);
    return candidate;
  }

  /** A fresh name that is not an SBML id (for local parameters and helpers). */
  fresh(base: string): string {
    let b = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(b)) b = `_${b}`;
    let candidate = b;
    for (let k = 2; reserved.has(candidate) || this.used.has(candidate); k++) candidate = `${b}_${k}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Was `id` given a different name? */
  renamed(id: string): boolean {
    const n = this.map.get(id);
    return n !== undefined && n !== id;
  }
}

/** A dotted idt module name from an SBML model id. */
export function moduleName(id: string | undefined, fallback: string): string {
  const raw = (id && id.length ? id : fallback).replace(/[^A-Za-z0-9_]/g, '_');
  const base = /^[A-Za-z_]/.test(raw) ? raw : `m_${raw}`;
  return reserved.has(base) ? `${base}_` : base;
}
