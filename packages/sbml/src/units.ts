// SBML units -> idt unit text. SBML unit kinds map to the unit names idt's checker knows (mathjs
// names plus the importer's own `unit item`); a unit definition becomes `unit name = expr`.
import type { SbmlModel, UnitDefinition, UnitPart } from './sbml-model.js';
import type { NameTable } from './names.js';

/** SBML base unit kinds as idt unit expressions. Radians and steradians are dimensionless in SBML. */
const KINDS: Record<string, string> = {
  ampere: 'A', avogadro: '6.02214076e23', becquerel: '(1/s)', candela: 'cd', celsius: 'K', coulomb: 'C',
  dimensionless: 'dimensionless', farad: 'F', gram: 'g', gray: '(J/kg)', henry: 'H', hertz: 'Hz',
  item: 'item', joule: 'J', katal: '(mol/s)', kelvin: 'K', kilogram: 'kg', liter: 'L', litre: 'L',
  lumen: 'cd', lux: '(cd/m^2)', meter: 'm', metre: 'm', mole: 'mol', newton: 'N', ohm: 'ohm',
  pascal: 'Pa', radian: 'dimensionless', second: 's', siemens: 'S', sievert: '(J/kg)',
  steradian: 'dimensionless', tesla: 'T', volt: 'V', watt: 'W', weber: 'Wb',
};

/** Level 2 built-in unit ids (when not redefined by a unitDefinition). */
const L2_BUILTINS: Record<string, string> = { substance: 'mol', volume: 'L', area: 'm^2', length: 'm', time: 's' };

function fmt(v: number): string {
  return Number(v.toPrecision(15)).toString();
}

function partText(p: UnitPart): string | undefined {
  const kind = KINDS[p.kind];
  if (!kind) return undefined;
  const factor = p.multiplier * Math.pow(10, p.scale);
  let base = factor === 1 ? kind : kind === 'dimensionless' ? fmt(factor) : `${fmt(factor)} ${kind}`;
  // One token (a name or a number) stands alone; anything longer is parenthesised.
  if (!/^([A-Za-z_]+|[0-9.eE+-]+)$/.test(base) && !base.startsWith('(')) base = `(${base})`;
  const e = Math.abs(p.exponent);
  return e === 1 ? base : `${base}^${fmt(e)}`;
}

/** The idt unit expression of a unit definition; undefined when a kind is unknown. */
export function unitDefinitionText(u: UnitDefinition): string | undefined {
  const num: string[] = [];
  const den: string[] = [];
  for (const p of u.units) {
    if (p.exponent === 0) continue;
    const t = partText(p);
    if (t === undefined) return undefined;
    (p.exponent > 0 ? num : den).push(t);
  }
  const top = num.length ? num.join(' * ') : '1';
  if (!den.length) return num.length ? top : 'dimensionless';
  return `${top} / ${den.length === 1 ? den[0] : `(${den.join(' * ')})`}`;
}

/** Resolves SBML unit references (attribute values) to idt unit text. */
export class UnitResolver {
  readonly declarations: { name: string; text: string; def: UnitDefinition }[] = [];
  readonly unknown = new Set<string>();
  private readonly defs = new Map<string, UnitDefinition>();
  private readonly idtNames = new Map<string, string>();
  /** Whether the `item` base unit is needed (declared as `unit item`). */
  usesItem = false;

  constructor(private readonly model: SbmlModel, names: NameTable) {
    for (const d of model.unitDefinitions) {
      const text = unitDefinitionText(d);
      if (text === undefined) {
        this.unknown.add(d.id);
        continue;
      }
      if (d.units.some((p) => p.kind === 'item')) this.usesItem = true;
      this.defs.set(d.id, d);
      const name = names.name(d.id);
      this.idtNames.set(d.id, name);
      this.declarations.push({ name, text, def: d });
    }
  }

  /** idt text for a unit reference, or undefined when it cannot be expressed. */
  resolve(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const n = this.idtNames.get(ref);
    if (n) return n;
    if (this.unknown.has(ref)) return undefined;
    const kind = KINDS[ref];
    if (kind) {
      if (ref === 'item') this.usesItem = true;
      return kind.startsWith('(') ? kind.slice(1, -1) : kind;
    }
    if (this.model.level === 2 && L2_BUILTINS[ref]) return L2_BUILTINS[ref];
    return undefined;
  }
}
