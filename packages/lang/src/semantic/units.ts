// Physical units: mathjs knows the names (h, mL, mol, pg, ...); user `unit` declarations add
// base dimensions (cells, copies, IU) and derived units. Inference runs on compact dimension
// vectors with an SI scale factor, because calling mathjs per expression node would be too slow
// for models with tens of thousands of reactions.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { MathJsInstance } from 'mathjs';
import type * as A from '../syntax/ast.js';

/** Exponents over base dimensions (index -> exponent, zero entries omitted) and SI scale. */
export interface Dim {
  readonly exps: ReadonlyMap<string, number>;
  readonly scale: number;
  /** How to show this unit to a modeller. */
  readonly text: string;
  /** The unit as a product of named units (`mL/cells*(cells/mL)` is cells^1 mL^-1), when it is
   *  one (no numeric factor other than 1), and how many names were written for it: a message
   *  shows the product when writing cancelled names out (see showUnit). */
  readonly names?: ReadonlyMap<string, number>;
  readonly written?: number;
}

function named(name: string): { names: ReadonlyMap<string, number>; written: number } {
  return { names: new Map([[name, 1]]), written: 1 };
}

/** Named-unit exponents of a product (`sign` -1: a quotient), when both sides have them. */
function combineNames(a: Dim, b: Dim, sign: 1 | -1): { names?: ReadonlyMap<string, number>; written?: number } {
  if (!a.names || !b.names) return {};
  const names = new Map(a.names);
  for (const [k, v] of b.names) {
    const e = (names.get(k) ?? 0) + sign * v;
    if (e === 0) names.delete(k);
    else names.set(k, e);
  }
  return { names, written: (a.written ?? 0) + (b.written ?? 0) };
}

const mathjsBaseNames = ['kg', 'm', 's', 'A', 'K', 'cd', 'mol', 'rad', 'bit'];

let sharedMath: MathJsInstance | undefined;
/** Whether mathjs has been loaded in this process (tests check that tabulated names avoid it). */
export function mathjsLoaded(): boolean {
  return sharedMath !== undefined;
}
/** mathjs, loaded on first use from its single-file build: its ES module entry spreads over
 *  thousands of files and takes seconds to load, which every `idt` command would pay. */
function math(): MathJsInstance {
  sharedMath ??= (createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance);
  return sharedMath;
}

/** Bio units that mathjs does not know, defined in terms of mathjs units. */
const extraUnits: Readonly<Record<string, { def: string; scale: number }>> = {
  M: { def: 'mol/L', scale: 1 },
  mM: { def: 'mol/L', scale: 1e-3 },
  uM: { def: 'mol/L', scale: 1e-6 },
  nM: { def: 'mol/L', scale: 1e-9 },
  pM: { def: 'mol/L', scale: 1e-12 },
  d: { def: 'day', scale: 1 },
  percent: { def: '', scale: 0.01 },
  dimensionless: { def: '', scale: 1 },
};

/** The mathjs unit expressions the bio units above are defined with (tabulated with the names). */
export const extraUnitDefinitions: readonly string[] = [...new Set(Object.values(extraUnits).map((u) => u.def).filter((d) => d !== ''))];

export const dimensionless: Dim = { exps: new Map(), scale: 1, text: '1', names: new Map(), written: 0 };

function cleanExps(m: Map<string, number>): Map<string, number> {
  for (const [k, v] of m) if (Math.abs(v) < 1e-12) m.delete(k);
  return m;
}

export function mulDim(a: Dim, b: Dim, text?: string): Dim {
  const exps = new Map(a.exps);
  for (const [k, v] of b.exps) exps.set(k, (exps.get(k) ?? 0) + v);
  return { exps: cleanExps(exps), scale: a.scale * b.scale, text: text ?? joinText(a.text, '*', b.text), ...combineNames(a, b, 1) };
}

export function divDim(a: Dim, b: Dim, text?: string): Dim {
  const exps = new Map(a.exps);
  for (const [k, v] of b.exps) exps.set(k, (exps.get(k) ?? 0) - v);
  return { exps: cleanExps(exps), scale: a.scale / b.scale, text: text ?? joinText(a.text, '/', b.text), ...combineNames(a, b, -1) };
}

export function powDim(a: Dim, p: number, text?: string): Dim {
  const exps = new Map<string, number>();
  for (const [k, v] of a.exps) exps.set(k, v * p);
  const names = a.names ? new Map([...a.names].map(([k, v]) => [k, v * p] as const).filter(([, v]) => v !== 0)) : undefined;
  return {
    exps: cleanExps(exps),
    scale: Math.pow(a.scale, p),
    text: text ?? (a.exps.size === 0 && a.scale === 1 ? '1' : `${wrap(a.text)}^${p}`),
    ...(names ? { names, written: a.written ?? 0 } : {}),
  };
}

function wrap(t: string): string {
  return /^[\w.]+$/.test(t) ? t : `(${t})`;
}

function joinText(a: string, op: '*' | '/', b: string): string {
  if (op === '*') {
    if (a === '1') return b;
    if (b === '1') return a;
    return `${a}*${/[/]/.test(b) ? `(${b})` : b}`;
  }
  if (b === '1') return a;
  return `${a}/${/^[\w.^-]+$/.test(b) ? b : `(${b})`}`;
}

/** Same physical dimension (ignoring scale). */
export function sameDimension(a: Dim, b: Dim): boolean {
  if (a.exps.size !== b.exps.size) return false;
  for (const [k, v] of a.exps) {
    const w = b.exps.get(k);
    if (w === undefined || Math.abs(v - w) > 1e-9) return false;
  }
  return true;
}

export function sameScale(a: Dim, b: Dim): boolean {
  return Math.abs(a.scale - b.scale) <= 1e-9 * Math.max(Math.abs(a.scale), Math.abs(b.scale));
}

export function isDimensionless(a: Dim): boolean {
  return a.exps.size === 0;
}

export function isTimeDimension(a: Dim): boolean {
  return a.exps.size === 1 && a.exps.get('s') === 1;
}

/** Units known in one program: mathjs's, the bio extras, and the user's `unit` declarations. */
export class UnitSystem {
  private readonly cache = new Map<string, Dim | null>();
  private readonly user = new Map<string, Dim>();

  /** Declare a new base unit (its own dimension). */
  declareBase(name: string): Dim {
    const d: Dim = { exps: new Map([[`#${name}`, 1]]), scale: 1, text: name, ...named(name) };
    this.user.set(name, d);
    return d;
  }

  declareDerived(name: string, def: Dim): Dim {
    const d: Dim = { exps: def.exps, scale: def.scale, text: name, ...named(name) };
    this.user.set(name, d);
    return d;
  }

  isUserDefined(name: string): boolean {
    return this.user.has(name);
  }

  /** Resolve one unit name (with SI prefixes where mathjs allows them); undefined if unknown. */
  resolveName(name: string): Dim | undefined {
    const u = this.user.get(name);
    if (u) return u;
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    let result: Dim | null = null;
    const extra = extraUnits[name];
    if (extra) {
      const base = extra.def ? this.fromMathjs(extra.def) : dimensionless;
      if (base) result = { exps: base.exps, scale: base.scale * extra.scale, text: name, ...named(name) };
    } else {
      const m = this.fromMathjs(name);
      if (m) result = { ...m, text: name, ...named(name) };
    }
    this.cache.set(name, result);
    return result ?? undefined;
  }

  private fromMathjs(text: string): Dim | undefined {
    const table = tabulatedUnits();
    if (!table) return mathjsDim(text);
    // The table holds every name mathjs accepts (each unit with each prefix it allows): a name
    // not in it is not a mathjs unit.
    return Object.hasOwn(table, text) ? decodeTabulatedUnit(table[text]!, text) : undefined;
  }

  /** Evaluate a unit expression; unknown names are reported through `onUnknown`. */
  evaluate(expr: A.UnitExpr, onUnknown: (name: A.Name) => void): Dim | undefined {
    switch (expr.kind) {
      case 'unit-name': {
        const d = this.resolveName(expr.name.text);
        if (!d) onUnknown(expr.name);
        return d;
      }
      case 'unit-number':
        // `1` in `1/h` is no factor; another number (`1e6 cells`) leaves no product of names.
        return { exps: new Map(), scale: expr.value, text: String(expr.value), ...(expr.value === 1 ? { names: new Map(), written: 0 } : {}) };
      case 'unit-binary': {
        const l = this.evaluate(expr.left, onUnknown);
        const r = expr.right ? this.evaluate(expr.right, onUnknown) : dimensionless;
        if (!l || !r) return undefined;
        return expr.op === '*' ? mulDim(l, r) : divDim(l, r);
      }
      case 'unit-power': {
        const b = this.evaluate(expr.base, onUnknown);
        if (!b) return undefined;
        return powDim(b, expr.exponent ?? 1);
      }
    }
  }
}

/** Show a unit in brackets, as written in .idt files, and what is left of it when names cancel. */
export function showUnit(d: Dim | undefined): string {
  if (!d) return '[?]';
  const product = d.names ? namesText(d.names) : undefined;
  let left = 0;
  for (const e of d.names?.values() ?? []) left += Math.abs(e);
  // Written with names that cancel (`mL/cells*(cells/mL)*(cells/mL)`): show what is left too.
  return product !== undefined && left < (d.written ?? 0) && product !== d.text ? `[${d.text}] (= [${product}])` : `[${d.text}]`;
}

/** A product of named units as a modeller writes it: `cells/mL`, `1/h`, `mL/(cells*h)`, `1`. */
function namesText(names: ReadonlyMap<string, number>): string {
  const factor = (k: string, e: number) => (e === 1 ? k : `${k}^${e}`);
  const up = [...names].filter(([, e]) => e > 0).map(([k, e]) => factor(k, e));
  const down = [...names].filter(([, e]) => e < 0).map(([k, e]) => factor(k, -e));
  const num = up.length ? up.join('*') : '1';
  if (down.length === 0) return num;
  return `${num}/${down.length === 1 ? down[0] : `(${down.join('*')})`}`;
}

/** What mathjs makes of a unit name or expression, as a dimension vector and SI scale. */
export function mathjsDim(text: string): Dim | undefined {
  try {
    const u = math().unit(text) as unknown as {
      dimensions: number[];
      units: { unit: { value: number }; prefix: { value: number }; power: number }[];
    };
    const exps = new Map<string, number>();
    u.dimensions.forEach((e, i) => {
      if (e !== 0) exps.set(mathjsBaseNames[i] ?? `dim${i}`, e);
    });
    let scale = 1;
    for (const part of u.units) scale *= Math.pow(part.prefix.value * part.unit.value, part.power);
    return { exps, scale, text };
  } catch {
    return undefined;
  }
}

/** A unit as the table stores it: its SI scale, then `dimension:exponent` pairs, space-separated
 *  (`1e-6 m:3` for mL). Text keeps the table quick to read: JSON.parse builds one string per
 *  name, and only the names a model uses are decoded. NaN (mathjs gives a few electrical units
 *  no value) survives as text too. */
export function encodeTabulatedUnit(d: Dim): string {
  return [String(d.scale), ...[...d.exps].map(([k, v]) => `${k}:${v}`)].join(' ');
}

export function decodeTabulatedUnit(encoded: string, text: string): Dim {
  const [scale, ...exps] = encoded.split(' ');
  return {
    exps: new Map(exps.map((e) => {
      const at = e.lastIndexOf(':');
      return [e.slice(0, at), Number(e.slice(at + 1))];
    })),
    scale: Number(scale),
    text,
  };
}

/** The file `npm run build` writes (scripts/unit-table.mjs): every unit name mathjs knows, with
 *  each prefix it allows, as mathjs resolves it. Found from src/ (tests) and from dist/. */
export const unitTablePath = fileURLToPath(new URL('../../dist/unit-table.json', import.meta.url));

let unitTable: Readonly<Record<string, string>> | null | undefined;
/** The unit names mathjs knows, read from the table the build wrote: loading mathjs and building
 *  its unit tables takes ~0.2 s, which every idt command on a model with units would pay. Names
 *  not in it (or no table: a bundle) go to mathjs itself. */
function tabulatedUnits(): Readonly<Record<string, string>> | null {
  if (unitTable === undefined) {
    try {
      unitTable = JSON.parse(fs.readFileSync(unitTablePath, 'utf8')) as Record<string, string>;
    } catch {
      unitTable = null;
    }
  }
  return unitTable;
}
