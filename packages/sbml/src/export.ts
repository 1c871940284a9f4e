// A compiled idt model (its IR, plus the checked program for names, docs and annotations) ->
// SBML Level 3 Version 2 core, with the qual package for logic nodes.
//
// The IR is the model's meaning after composition (instances flattened, mass action written out,
// functions inlined), so what is exported simulates as the idt model does: reaction rates are the
// IR's extent rates, species keep amount or concentration semantics, events keep delay, priority,
// persistence, initial value and when their values are computed. Names follow the IR, with
// instance dots written `__` (the comp flattening convention); an id the importer renamed (its doc
// comment says so) gets its original SBML id back, and annotations become MIRIAM RDF.
// What SBML cannot express (surrogate networks, decisions, logic rules over continuous values)
// is reported as unsupported: an error when the model's meaning depends on it.
import { Codes, diagnostic, mulDim, type Ast, type CheckedProgram, type Diagnostic, type Dim } from '@idt/lang';
import type { Expr, IRModel, IREvent } from '@idt/compiler';
import { ExportError, ciText, cn, exprToMathml, mathElement, type MathRefs } from './mathml-write.js';
import { escapeXml } from './xml.js';

export interface ExportResult {
  /** The SBML document; absent when something essential could not be expressed. */
  readonly xml?: string;
  readonly diagnostics: readonly Diagnostic[];
}

const NS = {
  core: 'http://www.sbml.org/sbml/level3/version2/core',
  qual: 'http://www.sbml.org/sbml/level3/version1/qual/version1',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  bqbiol: 'http://biomodels.net/biology-qualifiers/',
  bqmodel: 'http://biomodels.net/model-qualifiers/',
};

type Ref = Extract<Expr, { k: 'state' | 'param' | 'assigned' }>;

interface SpeciesOut {
  id: string;
  compartment: string;
  amount: boolean;
  boundary: boolean;
  constant: boolean;
  initialAmount?: number;
  initialConcentration?: number;
  initialExpr?: Expr;
  name?: string;
  decl?: Ast.Declaration;
}

/** `is_version_of` -> bqbiol:isVersionOf; `model_is` -> bqmodel:is. */
function qualifier(annotation: string): { ns: 'bqbiol' | 'bqmodel'; name: string } {
  const model = annotation.startsWith('model_');
  const base = model ? annotation.slice(6) : annotation;
  return { ns: model ? 'bqmodel' : 'bqbiol', name: base.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) };
}

export function exportSbml(ir: IRModel, program?: CheckedProgram): ExportResult {
  return new Exporter(ir, program).run();
}

class Exporter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly ids = new Map<string, string>();
  private readonly usedIds = new Set<string>();
  private readonly decls = new Map<string, Ast.Declaration>();
  /** amount(X) state index -> index of the assigned value X (its concentration). */
  private readonly amountOf = new Map<number, number>();
  private readonly amountAssigned = new Set<number>();
  private readonly logicParams = new Set<number>();
  private fatal = false;
  /** Unit definitions written, by dimension key. */
  private readonly unitDefs = new Map<string, { id: string; xml: string }>();

  constructor(private readonly ir: IRModel, private readonly program?: CheckedProgram) {
    if (program) {
      for (const m of program.modules.values()) for (const d of m.ast.declarations) this.decls.set(`${m.file}:${d.range.start}:${d.range.end}`, d);
    }
    ir.states.forEach((s, i) => {
      const m = /^amount\((.*)\)$/.exec(s.name);
      if (!m) return;
      const a = ir.assigned.findIndex((x) => x.name === m[1]);
      if (a >= 0) {
        this.amountOf.set(i, a);
        this.amountAssigned.add(a);
      }
    });
    for (const l of ir.logic) this.logicParams.add(l.param);
  }

  private problem(severity: 'error' | 'warning', message: string, source?: { file: number; start: number; end: number }): void {
    if (severity === 'error') this.fatal = true;
    const file = source ? this.ir.files[source.file] ?? this.ir.files[0] ?? 'model.idt' : this.ir.files[0] ?? 'model.idt';
    this.diagnostics.push(diagnostic(severity, Codes.ExportUnsupported, message, file, source ? { start: source.start, end: source.end } : { start: 0, end: 0 }));
  }

  /** The checked unit of a declaration. */
  private dimOfDecl(d: Ast.Declaration): Dim | undefined {
    if (!this.program || !('name' in d) || !d.name) return undefined;
    for (const m of this.program.modules.values()) {
      const sym = m.symbols.get(d.name.text);
      if (sym && sym.decl === d) return m.units.get(sym);
    }
    return undefined;
  }

  /** The checked unit of the declaration at `source`, when it has one. */
  private dimOf(source: { file: number; start: number; end: number } | undefined): Dim | undefined {
    const d = this.decl(source);
    if (!d || !this.program || !('name' in d) || !d.name) return undefined;
    const m = this.program.modules.get(this.ir.files[source!.file]!);
    const sym = m?.symbols.get(d.name.text);
    return sym && sym.decl === d ? m!.units.get(sym) : undefined;
  }

  /** ` units="id"` for a dimension, defining the unit on first use; '' when SBML has no kinds for it. */
  private unitAttr(dim: Dim | undefined, attr = 'units'): string {
    const id = this.unitId(dim);
    return id ? ` ${attr}="${escapeXml(id)}"` : '';
  }

  private unitId(dim: Dim | undefined): string | undefined {
    if (!dim) return undefined;
    const KIND: Record<string, string> = { kg: 'kilogram', m: 'metre', s: 'second', A: 'ampere', K: 'kelvin', cd: 'candela', mol: 'mole', '#item': 'item' };
    const parts: { kind: string; exponent: number }[] = [];
    let scale = dim.scale;
    for (const [base, e] of dim.exps) {
      // Volumes read better in litres: m^(3k) = (1000 L)^k.
      if (base === 'm' && Number.isInteger(e / 3)) {
        parts.push({ kind: 'litre', exponent: e / 3 });
        scale /= Math.pow(1e-3, e / 3);
        continue;
      }
      const kind = KIND[base];
      if (!kind) return undefined; // a unit of the model's own (cells, IU): no SBML kind
      parts.push({ kind, exponent: e });
    }
    if (!parts.length) parts.push({ kind: 'dimensionless', exponent: 1 });
    parts.sort((a, b) => b.exponent - a.exponent);
    const key = `${parts.map((p) => `${p.kind}^${p.exponent}`).join('*')}@${Number(scale.toPrecision(12))}`;
    const known = this.unitDefs.get(key);
    if (known) return known.id;
    // The scale goes into the first unit's multiplier: (m kind)^e contributes m^e.
    const first = parts[0]!;
    const multiplier = Number(Math.pow(scale, 1 / first.exponent).toPrecision(15));
    const word = (p: { kind: string; exponent: number }) => `${p.kind}${Math.abs(p.exponent) !== 1 ? `_${Math.abs(p.exponent)}` : ''}`;
    const num = parts.filter((p) => p.exponent > 0).map(word).join('_');
    const den = parts.filter((p) => p.exponent < 0).map(word).join('_');
    const canonical = `${num || 'one'}${den ? `_per_${den}` : ''}${multiplier !== 1 ? `_x${String(scale).replace(/[^0-9a-z]/gi, '_')}` : ''}`;
    // A unit the model named itself (`[volume]`, `[h]`) keeps its name.
    const base = /^[A-Za-z_][A-Za-z0-9_]*$/.test(dim.text) ? dim.text : canonical;
    let id = base;
    for (let k = 2; [...this.unitDefs.values()].some((u) => u.id === id); k++) id = `${base}_${k}`;
    const units = parts.map((p, i) => `<unit kind="${p.kind}" exponent="${p.exponent}" scale="0" multiplier="${i === 0 ? multiplier : 1}"/>`).join('');
    this.unitDefs.set(key, { id, xml: `<unitDefinition id="${escapeXml(id)}"><listOfUnits>${units}</listOfUnits></unitDefinition>` });
    return id;
  }

  private decl(source: { file: number; start: number; end: number } | undefined): Ast.Declaration | undefined {
    if (!source) return undefined;
    return this.decls.get(`${this.ir.files[source.file]}:${source.start}:${source.end}`);
  }

  /** The SBML id for an IR name: the original SBML id when the importer renamed it. */
  private id(name: string, doc?: string): string {
    const known = this.ids.get(name);
    if (known) return known;
    const original = doc ? /SBML id '([A-Za-z_][A-Za-z0-9_]*)' \(renamed/.exec(doc)?.[1] : undefined;
    let base = original ?? name.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
    let id = base;
    for (let k = 2; this.usedIds.has(id); k++) id = `${base}_${k}`;
    this.usedIds.add(id);
    this.ids.set(name, id);
    return id;
  }

  private stateId(i: number): string {
    const a = this.amountOf.get(i);
    if (a !== undefined) return this.assignedId(a);
    const s = this.ir.states[i]!;
    return this.id(s.name, s.doc);
  }
  private paramId(i: number): string {
    const p = this.ir.params[i]!;
    return this.id(p.name, p.doc);
  }
  private assignedId(i: number): string {
    const a = this.ir.assigned[i]!;
    return this.id(a.name, a.doc);
  }

  private readonly refs: MathRefs = {
    ref: (e: Ref): string => {
      if (e.k === 'state') {
        const a = this.amountOf.get(e.i);
        // amount(X) = X * size
        if (a !== undefined) return `<apply><times/>${ciText(this.assignedId(a))}${this.math(this.sizeOfAmount(e.i))}</apply>`;
        return ciText(this.stateId(e.i));
      }
      if (e.k === 'param') {
        if (this.logicParams.has(e.i)) throw new ExportError(`logic node '${this.ir.params[e.i]!.name}' is used in continuous math; SBML core cannot read a qualitative species`);
        return ciText(this.paramId(e.i));
      }
      return ciText(this.assignedId(e.i));
    },
  };

  /** The size expression of the compartment of amount state i (from X = amount / size). */
  private sizeOfAmount(i: number): Expr {
    const a = this.ir.assigned[this.amountOf.get(i)!]!;
    return a.expr.k === 'div' ? a.expr.b : { k: 'num', v: 1 };
  }

  private math(e: Expr): string {
    return exprToMathml(e, this.refs);
  }

  private mathOrReport(e: Expr, what: string, source?: { file: number; start: number; end: number }): string | undefined {
    try {
      return mathElement(this.math(e));
    } catch (err) {
      if (err instanceof ExportError) {
        this.problem('error', `${what}: ${err.message}`, source);
        return undefined;
      }
      throw err;
    }
  }

  /** name attribute, metaid and RDF annotation of an element. */
  private meta(id: string, doc: string | undefined, decl: Ast.Declaration | undefined): { attrs: string; annotation: string } {
    const name = doc?.split('\n').find((l) => !/^SBML id '/.test(l) && l.trim().length > 0 && !/^(Local parameter|The stoichiometry|Constant in SBML|A 0-dimensional)/.test(l));
    const anns = decl?.annotations ?? [];
    const metaid = anns.length ? `meta_${id}` : undefined;
    let attrs = '';
    if (metaid) attrs += ` metaid="${escapeXml(metaid)}"`;
    if (name) attrs += ` name="${escapeXml(name.trim())}"`;
    if (!anns.length) return { attrs, annotation: '' };
    const terms = anns.map((a) => {
      const q = qualifier(a.name.text);
      return `<${q.ns}:${q.name}><rdf:Bag>${a.values.map((v) => `<rdf:li rdf:resource="${escapeXml(v.text)}"/>`).join('')}</rdf:Bag></${q.ns}:${q.name}>`;
    });
    const annotation = `<annotation><rdf:RDF xmlns:rdf="${NS.rdf}" xmlns:bqbiol="${NS.bqbiol}" xmlns:bqmodel="${NS.bqmodel}"><rdf:Description rdf:about="#${escapeXml(metaid!)}">${terms.join('')}</rdf:Description></rdf:RDF></annotation>`;
    return { attrs, annotation };
  }

  run(): ExportResult {
    const ir = this.ir;
    const out: string[] = [];
    const compartments: string[] = [];
    const species: string[] = [];
    const parameters: string[] = [];
    const initialAssignments: string[] = [];
    const rules: string[] = [];
    const reactions: string[] = [];
    const events: string[] = [];
    const compartmentIds = new Map<string, string>();
    const compartmentDims = new Map<string, Dim | undefined>();
    let defaultCompartment = false;

    // Names first, so that ids are stable whatever order elements are written in.
    ir.states.forEach((s, i) => (this.amountOf.has(i) ? undefined : this.stateId(i)));
    ir.params.forEach((_, i) => this.paramId(i));
    ir.assigned.forEach((_, i) => this.assignedId(i));

    const kindOf = (source: IRModel['states'][number]['source']): string | undefined => this.decl(source)?.kind;
    const ia = (id: string, e: Expr, source?: { file: number; start: number; end: number }) => {
      const m = this.mathOrReport(e, `the initial value of '${id}'`, source);
      if (m) initialAssignments.push(`<initialAssignment symbol="${escapeXml(id)}">${m}</initialAssignment>`);
    };
    const numberOf = (e: Expr): number | undefined => (e.k === 'num' ? e.v : undefined);

    // ---- compartments
    const compartment = (id: string, value: Expr | undefined, constant: boolean, doc: string | undefined, source: { file: number; start: number; end: number } | undefined) => {
      const meta = this.meta(id, doc, this.decl(source));
      const size = value ? numberOf(value) : undefined;
      compartments.push(`<compartment id="${escapeXml(id)}"${meta.attrs} spatialDimensions="3"${size !== undefined && Number.isFinite(size) ? ` size="${size}"` : ''}${this.unitAttr(this.dimOf(source))} constant="${constant}">${meta.annotation}</compartment>`);
      compartmentDims.set(id, this.dimOf(source));
      if (value && size === undefined) ia(id, value, source);
    };
    ir.states.forEach((s, i) => {
      if (s.kind !== 'compartment') return;
      const id = this.stateId(i);
      compartmentIds.set(s.name, id);
      compartment(id, s.initial, false, s.doc, s.source);
    });
    ir.params.forEach((p, i) => {
      if (kindOf(p.source) !== 'compartment' || this.logicParams.has(i)) return;
      const id = this.paramId(i);
      compartmentIds.set(p.name, id);
      compartment(id, p.expr ?? { k: 'num', v: p.value }, !p.discrete, p.doc, p.source);
    });
    ir.assigned.forEach((a, i) => {
      if (kindOf(a.source) !== 'compartment') return;
      const id = this.assignedId(i);
      compartmentIds.set(a.name, id);
      compartment(id, undefined, false, a.doc, a.source);
    });

    // ---- species
    const compartmentOfDecl = (irName: string, d: Ast.Declaration | undefined): string | undefined => {
      if (!d || d.kind !== 'species' || !d.compartment || !d.name) return undefined;
      const prefix = irName.endsWith(d.name.text) ? irName.slice(0, irName.length - d.name.text.length) : '';
      return compartmentIds.get(prefix + d.compartment.text);
    };
    const speciesOut: SpeciesOut[] = [];
    const addSpecies = (s: SpeciesOut) => speciesOut.push(s);
    ir.states.forEach((s, i) => {
      if (s.kind !== 'species') return;
      const a = this.amountOf.get(i);
      if (a !== undefined) {
        const x = ir.assigned[a]!;
        const d = this.decl(x.source);
        const c = compartmentOfDecl(x.name, d) ?? (defaultCompartment = true, 'default_compartment');
        const v = numberOf(s.initial);
        addSpecies({ id: this.assignedId(a), compartment: c, amount: false, boundary: !!s.boundary, constant: false, ...(v !== undefined ? { initialAmount: v } : { initialExpr: { k: 'div', a: s.initial, b: this.sizeOfAmount(i) } }), ...(x.doc ? { name: x.doc } : {}), ...(d ? { decl: d } : {}) });
        return;
      }
      const d = this.decl(s.source);
      let c = compartmentOfDecl(s.name, d);
      const amount = !s.volume;
      if (!c) {
        defaultCompartment = true;
        c = 'default_compartment';
      }
      const v = numberOf(s.initial);
      addSpecies({ id: this.stateId(i), compartment: c, amount, boundary: !!s.boundary, constant: false, ...(v !== undefined ? (amount ? { initialAmount: v } : { initialConcentration: v }) : { initialExpr: s.initial }), ...(s.doc ? { name: s.doc } : {}), ...(d ? { decl: d } : {}) });
      if (s.rate) {
        const m = this.mathOrReport(s.rate, `the rate of '${s.name}'`, s.source);
        if (m) rules.push(`<rateRule variable="${escapeXml(this.stateId(i))}">${m}</rateRule>`);
      }
    });
    ir.params.forEach((p, i) => {
      const d = this.decl(p.source);
      if (d?.kind !== 'species' || this.logicParams.has(i)) return;
      let c = compartmentOfDecl(p.name, d);
      const amount = d.flags.some((f) => f.flag === 'amount') || !c;
      if (!c) {
        defaultCompartment = true;
        c = 'default_compartment';
      }
      const init: Expr = p.expr ?? { k: 'num', v: p.value };
      const v = numberOf(init);
      addSpecies({ id: this.paramId(i), compartment: c, amount, boundary: d.flags.some((f) => f.flag === 'boundary'), constant: true, ...(v !== undefined ? (amount ? { initialAmount: v } : { initialConcentration: v }) : { initialExpr: init }), ...(p.doc ? { name: p.doc } : {}), decl: d });
    });
    ir.assigned.forEach((a, i) => {
      const d = this.decl(a.source);
      if (d?.kind !== 'species' || this.amountAssigned.has(i)) return;
      let c = compartmentOfDecl(a.name, d);
      const amount = d.flags.some((f) => f.flag === 'amount') || !c;
      if (!c) {
        defaultCompartment = true;
        c = 'default_compartment';
      }
      addSpecies({ id: this.assignedId(i), compartment: c, amount, boundary: d.flags.some((f) => f.flag === 'boundary'), constant: false, ...(a.doc ? { name: a.doc } : {}), decl: d });
    });
    for (const s of speciesOut) {
      const meta = this.meta(s.id, s.name, s.decl);
      const init = s.initialAmount !== undefined && Number.isFinite(s.initialAmount) ? ` initialAmount="${s.initialAmount}"` : s.initialConcentration !== undefined && Number.isFinite(s.initialConcentration) ? ` initialConcentration="${s.initialConcentration}"` : '';
      // substanceUnits: the species' unit for an amount, times the compartment's for a concentration.
      const sd = s.decl && 'name' in s.decl && s.decl.name ? this.dimOfDecl(s.decl) : undefined;
      const cd = compartmentDims.get(s.compartment);
      const substance = sd && (s.amount ? sd : cd ? mulDim(sd, cd) : undefined);
      species.push(`<species id="${escapeXml(s.id)}"${meta.attrs} compartment="${escapeXml(s.compartment)}"${init}${this.unitAttr(substance, 'substanceUnits')} hasOnlySubstanceUnits="${s.amount}" boundaryCondition="${s.boundary}" constant="${s.constant}">${meta.annotation}</species>`);
      if (s.initialExpr) ia(s.id, s.initialExpr);
      else if (s.initialAmount !== undefined && !Number.isFinite(s.initialAmount)) ia(s.id, { k: 'num', v: s.initialAmount });
      else if (s.initialConcentration !== undefined && !Number.isFinite(s.initialConcentration)) ia(s.id, { k: 'num', v: s.initialConcentration });
    }
    if (defaultCompartment) compartments.push('<compartment id="default_compartment" name="species written without a compartment in idt" spatialDimensions="3" size="1" constant="true"/>');

    // ---- parameters, variables, derived quantities, observables
    ir.params.forEach((p, i) => {
      const kind = kindOf(p.source);
      if (kind === 'compartment' || kind === 'species' || this.logicParams.has(i)) return;
      const id = this.paramId(i);
      const meta = this.meta(id, p.doc, this.decl(p.source));
      const value = p.expr && numberOf(p.expr) === undefined ? undefined : p.value;
      parameters.push(`<parameter id="${escapeXml(id)}"${meta.attrs}${value !== undefined && Number.isFinite(value) ? ` value="${value}"` : ''}${this.unitAttr(this.dimOf(p.source))} constant="${!p.discrete}">${meta.annotation}</parameter>`);
      if (p.expr && numberOf(p.expr) === undefined) ia(id, p.expr, p.source);
      else if (value !== undefined && !Number.isFinite(value)) ia(id, { k: 'num', v: value }, p.source);
    });
    ir.states.forEach((s, i) => {
      if (s.kind !== 'variable' && s.kind !== 'compartment') return;
      const id = this.stateId(i);
      if (s.kind === 'variable') {
        const meta = this.meta(id, s.doc, this.decl(s.source));
        const v = numberOf(s.initial);
        parameters.push(`<parameter id="${escapeXml(id)}"${meta.attrs}${v !== undefined && Number.isFinite(v) ? ` value="${v}"` : ''}${this.unitAttr(this.dimOf(s.source))} constant="false">${meta.annotation}</parameter>`);
        if (v === undefined || !Number.isFinite(v)) ia(id, s.initial, s.source);
      }
      if (s.rate) {
        const m = this.mathOrReport(s.rate, `the rate of '${s.name}'`, s.source);
        if (m) rules.push(`<rateRule variable="${escapeXml(id)}">${m}</rateRule>`);
      }
    });
    ir.assigned.forEach((a, i) => {
      if (this.amountAssigned.has(i)) return;
      const kind = kindOf(a.source);
      const id = this.assignedId(i);
      if (kind !== 'compartment' && kind !== 'species') {
        const meta = this.meta(id, a.doc, this.decl(a.source));
        parameters.push(`<parameter id="${escapeXml(id)}"${meta.attrs}${this.unitAttr(this.dimOf(a.source))} constant="false">${meta.annotation}</parameter>`);
      }
      const m = this.mathOrReport(a.expr, `the definition of '${a.name}'`, a.source);
      if (m) rules.push(`<assignmentRule variable="${escapeXml(id)}">${m}</assignmentRule>`);
    });
    for (const o of ir.observables) {
      const id = this.id(o.name, o.doc);
      const m = this.mathOrReport(o.expr, `observable '${o.name}'`, o.source);
      if (!m) continue;
      parameters.push(`<parameter id="${escapeXml(id)}" name="${escapeXml(o.doc ?? `observable ${o.name}`)}" constant="false"/>`);
      rules.push(`<assignmentRule variable="${escapeXml(id)}">${m}</assignmentRule>`);
      if (o.noise) this.problem('warning', `the noise model of observable '${o.name}' has no SBML equivalent and is left out`, o.source);
    }

    // ---- reactions
    for (const r of ir.reactions) {
      const id = this.id(r.name);
      const d = this.decl(r.source) as Ast.ReactionDecl | undefined;
      const meta = this.meta(id, d?.doc, d);
      const reactants: string[] = [];
      const products: string[] = [];
      const seen = new Set<number>();
      for (const st of r.stoich) {
        seen.add(st.state);
        const sp = escapeXml(this.stateId(st.state));
        if (st.coefExpr) {
          const positive = st.coefExpr.k === 'neg' ? st.coefExpr.a : undefined;
          const refId = this.id(`${r.name}.${this.stateId(st.state)}.stoichiometry`);
          const m = this.mathOrReport(positive ?? st.coefExpr, `the stoichiometry of '${this.stateId(st.state)}' in '${r.name}'`, r.source);
          if (!m) continue;
          rules.push(`<assignmentRule variable="${escapeXml(refId)}">${m}</assignmentRule>`);
          (positive ? reactants : products).push(`<speciesReference id="${escapeXml(refId)}" species="${sp}" constant="false"/>`);
          continue;
        }
        (st.coef < 0 ? reactants : products).push(`<speciesReference species="${sp}" stoichiometry="${Math.abs(st.coef)}" constant="true"/>`);
      }
      // Boundary species the IR leaves out of the stoichiometry (nothing changes them) are
      // written back from the declaration, so the reaction reads as it did.
      if (d) {
        const prefix = d.name && r.name.endsWith(d.name.text) ? r.name.slice(0, r.name.length - d.name.text.length) : '';
        for (const [list, terms] of [[reactants, d.reactants], [products, d.products]] as const) {
          for (const t of terms) {
            if (!t.species) continue;
            const name = prefix + t.species.text;
            const si = ir.states.findIndex((s) => s.name === name);
            const ai = ir.assigned.findIndex((s) => s.name === name);
            const pi = ir.params.findIndex((s) => s.name === name);
            const targetId = si >= 0 ? (seen.has(si) ? undefined : this.stateId(si)) : ai >= 0 ? (this.amountAssigned.has(ai) ? undefined : this.assignedId(ai)) : pi >= 0 ? this.paramId(pi) : undefined;
            if (!targetId || (si >= 0 && !ir.states[si]!.boundary)) continue;
            list.push(`<speciesReference species="${escapeXml(targetId)}" stoichiometry="${t.coefficient?.value ?? 1}" constant="true"/>`);
          }
        }
      }
      const law = this.mathOrReport(r.rate, `the rate of reaction '${r.name}'`, r.source);
      const mods = d?.modifiers.map((q) => {
        const prefix = d.name && r.name.endsWith(d.name.text) ? r.name.slice(0, r.name.length - d.name.text.length) : '';
        const name = prefix + q.text;
        const i = speciesOut.find((s) => s.id === this.ids.get(name));
        return i ? `<modifierSpeciesReference species="${escapeXml(i.id)}"/>` : undefined;
      }).filter((x): x is string => !!x) ?? [];
      reactions.push(
        `<reaction id="${escapeXml(id)}"${meta.attrs} reversible="${r.reversible}">${meta.annotation}` +
          (reactants.length ? `<listOfReactants>${reactants.join('')}</listOfReactants>` : '') +
          (products.length ? `<listOfProducts>${products.join('')}</listOfProducts>` : '') +
          (mods.length ? `<listOfModifiers>${mods.join('')}</listOfModifiers>` : '') +
          (law ? `<kineticLaw>${law}</kineticLaw>` : '') +
          '</reaction>',
      );
    }

    // ---- events
    for (const e of ir.events) events.push(...this.event(e, parameters));
    initialAssignments.push(...this.scheduleAssignments.filter((x) => x.length > 0));

    // ---- logic nodes (qual)
    const qual = this.qual();
    for (const d of ir.decisions) this.problem('warning', `decision '${d.name}' is evaluated after a run; SBML has no equivalent, so it is left out`, d.source);
    for (const s of ir.surrogates) this.problem('warning', `surrogate '${s.name}' (a trained network) has no SBML equivalent`, s.source);

    const modelId = this.id(`model.${ir.name}`).replace(/^model__/, '') || 'model';
    const entry = this.program?.entries[0];
    const timeUnits = this.unitAttr(entry?.timeUnit, 'timeUnits');
    const list = (tag: string, items: string[]) => (items.length ? `    <${tag}>\n${items.map((x) => `      ${x}`).join('\n')}\n    </${tag}>` : '');
    out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(`<sbml xmlns="${NS.core}" level="3" version="2"${qual ? ` xmlns:qual="${NS.qual}" qual:required="true"` : ''}>`);
    out.push(`  <model id="${escapeXml(modelId)}" name="${escapeXml(ir.name)}"${timeUnits}>`);
    for (const block of [
      list('listOfUnitDefinitions', [...this.unitDefs.values()].map((u) => u.xml)),
      list('listOfCompartments', compartments), list('listOfSpecies', species), list('listOfParameters', parameters),
      list('listOfInitialAssignments', initialAssignments), list('listOfRules', rules), list('listOfReactions', reactions),
      list('listOfEvents', events), qual,
    ]) if (block) out.push(block);
    out.push('  </model>');
    out.push('</sbml>');
    return { ...(this.fatal ? {} : { xml: out.join('\n') + '\n' }), diagnostics: this.diagnostics };
  }

  private event(e: IREvent, parameters: string[]): string[] {
    const id = this.id(e.name);
    const src = e.source;
    const assigns: string[] = [];
    const target = (a: IREvent['assignments'][number]): { id: string; current: Expr; toSbml: (amountOrValue: Expr) => Expr } => {
      if (a.target.kind === 'state') {
        const x = this.amountOf.get(a.target.i);
        if (x !== undefined) {
          const size = this.sizeOfAmount(a.target.i);
          return { id: this.assignedId(x), current: { k: 'state', i: a.target.i }, toSbml: (v) => ({ k: 'div', a: v, b: size }) };
        }
        return { id: this.stateId(a.target.i), current: { k: 'state', i: a.target.i }, toSbml: (v) => v };
      }
      return { id: this.paramId(a.target.i), current: { k: 'param', i: a.target.i }, toSbml: (v) => v };
    };
    if (e.delay && e.useValuesFromTriggerTime && e.assignments.some((a) => !a.implied && a.op !== '=')) {
      // idt keeps the increment from trigger time and applies it to the value at execution; SBML
      // can only compute the whole new value (x + v) at trigger time.
      this.problem('warning', `event '${e.name}' has a delay and changes a value relative to itself (+=, -=, *=, /=) with values from trigger time: SBML computes the new value at trigger time, so changes to it during the delay are lost (\`values at execution\` exports exactly)`, src);
    }
    for (const a of e.assignments) {
      // SBML's own semantics rescale concentrations when a compartment is resized.
      if (a.implied) continue;
      if (a.target.kind === 'param' && this.logicParams.has(a.target.i)) {
        this.problem('error', `event '${e.name}' sets logic node '${this.ir.params[a.target.i]!.name}'; SBML core events cannot set qualitative species`, src);
        continue;
      }
      const t = target(a);
      const v = a.value;
      const c = t.current;
      const value: Expr = a.op === '=' ? v : a.op === '+=' ? { k: 'add', args: [c, v] } : a.op === '-=' ? { k: 'sub', a: c, b: v } : a.op === '*=' ? { k: 'mul', args: [c, v] } : { k: 'div', a: c, b: v };
      const m = this.mathOrReport(t.toSbml(value), `the assignment to '${t.id}' in event '${e.name}'`, src);
      if (m) assigns.push(`<eventAssignment variable="${escapeXml(t.id)}">${m}</eventAssignment>`);
    }
    let trigger: Expr;
    let initialValue = e.initialValue;
    const t = e.trigger;
    // Without a delay, idt computes a timed event's values when it executes (so doses due at one
    // instant add up); SBML says so with useValuesFromTriggerTime="false".
    if (t.kind !== 'when' && !e.delay) e = { ...e, useValuesFromTriggerTime: false };
    if (t.kind === 'when') trigger = t.condition;
    else if (t.kind === 'at') {
      // Fires once when time reaches the given time (at t0 as well: initialValue false).
      trigger = { k: 'cmp', op: '>=', a: { k: 'time' }, b: t.time };
      initialValue = false;
    } else {
      // A schedule: a helper parameter holds the next firing time, another counts firings.
      const next = this.id(`${e.name}.next`);
      const fired = this.id(`${e.name}.fired`);
      parameters.push(`<parameter id="${escapeXml(next)}" name="next firing time of schedule ${escapeXml(e.name)}" constant="false"/>`);
      parameters.push(`<parameter id="${escapeXml(fired)}" name="firings of schedule ${escapeXml(e.name)}" value="0" constant="false"/>`);
      const start = this.mathOrReport(t.start, `the start of schedule '${e.name}'`, src);
      const conds: string[] = [`<apply><geq/><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time"> time </csymbol>${ciText(next)}</apply>`];
      if (t.end) conds.push(`<apply><leq/>${ciText(next)}${this.safeMath(t.end)}</apply>`);
      if (t.count) conds.push(`<apply><lt/>${ciText(fired)}${this.safeMath(t.count)}</apply>`);
      const advance = [
        `<eventAssignment variable="${escapeXml(next)}"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/>${ciText(next)}${this.safeMath(t.period)}</apply></math></eventAssignment>`,
        `<eventAssignment variable="${escapeXml(fired)}"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><plus/>${ciText(fired)}${cn(1)}</apply></math></eventAssignment>`,
      ];
      const trig = conds.length === 1 ? conds[0]! : `<apply><and/>${conds.join('')}</apply>`;
      const ia = start ? `<initialAssignment symbol="${escapeXml(next)}">${start}</initialAssignment>` : '';
      this.scheduleAssignments.push(ia);
      const math = `<math xmlns="http://www.w3.org/1998/Math/MathML">${trig}</math>`;
      if (!e.delay) return [this.eventXml(id, e, math, false, [...assigns, ...advance])];
      // With a delay, the schedule advances at each trigger in an undelayed event of its own: were
      // it advanced by the delayed execution, a delay of a period or more would keep the trigger
      // true across the next firing time, and that firing would be lost. Both events trigger at
      // the same instant (every trigger is evaluated before any execution), and the delayed one is
      // persistent, so the tick falsifying the trigger does not cancel it.
      const tick: IREvent = { ...e, name: `${e.name}.tick`, intervention: false, persistent: true, useValuesFromTriggerTime: true, assignments: [] };
      delete (tick as { delay?: unknown }).delay;
      delete (tick as { priority?: unknown }).priority;
      return [
        this.eventXml(id, { ...e, persistent: true }, math, false, assigns),
        this.eventXml(this.id(tick.name), tick, math, false, advance),
      ];
    }
    const trig = this.mathOrReport(trigger, `the trigger of event '${e.name}'`, src);
    if (!trig) return [];
    return [this.eventXml(id, e, trig, initialValue, assigns)];
  }

  /** Initial assignments made for schedule helpers (written with the others). */
  private readonly scheduleAssignments: string[] = [];

  private safeMath(e: Expr): string {
    try {
      return this.math(e);
    } catch (err) {
      if (err instanceof ExportError) {
        this.problem('error', err.message);
        return cn(NaN);
      }
      throw err;
    }
  }

  private eventXml(id: string, e: IREvent, trigger: string, initialValue: boolean, assigns: string[]): string {
    const delay = e.delay ? this.mathOrReport(e.delay, `the delay of event '${e.name}'`, e.source) : undefined;
    const priority = e.priority ? this.mathOrReport(e.priority, `the priority of event '${e.name}'`, e.source) : undefined;
    return `<event id="${escapeXml(id)}"${e.intervention ? ' name="intervention"' : ''} useValuesFromTriggerTime="${e.useValuesFromTriggerTime}">` +
      `<trigger initialValue="${initialValue}" persistent="${e.persistent}">${trigger}</trigger>` +
      (delay ? `<delay>${delay}</delay>` : '') +
      (priority ? `<priority>${priority}</priority>` : '') +
      (assigns.length ? `<listOfEventAssignments>${assigns.join('')}</listOfEventAssignments>` : '') +
      '</event>';
  }

  /** Logic nodes as SBML-qual species and transitions; '' when there are none. */
  private qual(): string {
    const ir = this.ir;
    if (!ir.logic.length) return '';
    const nodeOf = new Map(ir.logic.map((l, k) => [l.param, k] as const));
    const species: string[] = [];
    const transitions: string[] = [];
    for (const l of ir.logic) {
      const id = this.paramId(l.param);
      const d = this.decl(l.source);
      const meta = this.meta(id, l.doc, d);
      species.push(`<qual:qualitativeSpecies qual:id="${escapeXml(id)}"${meta.attrs.replace(/ name=/, ' qual:name=')} qual:maxLevel="1" qual:initialLevel="${l.initial ? 1 : 0}" qual:constant="false">${meta.annotation}</qual:qualitativeSpecies>`);
      const inputs = new Set<number>();
      let body: string | undefined;
      if (l.rule) {
        try {
          body = this.qualMath(l.rule, nodeOf, inputs);
        } catch (err) {
          if (!(err instanceof ExportError)) throw err;
          this.problem('error', `logic node '${l.name}': ${err.message}`, l.source);
          continue;
        }
      }
      const ins = [...inputs].map((k) => `<qual:input qual:id="${escapeXml(`${id}_in_${this.paramId(ir.logic[k]!.param)}`)}" qual:qualitativeSpecies="${escapeXml(this.paramId(ir.logic[k]!.param))}" qual:transitionEffect="none"/>`);
      transitions.push(
        `<qual:transition qual:id="${escapeXml(`tr_${id}`)}">` +
          (ins.length ? `<qual:listOfInputs>${ins.join('')}</qual:listOfInputs>` : '') +
          `<qual:listOfOutputs><qual:output qual:qualitativeSpecies="${escapeXml(id)}" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>` +
          (body !== undefined ? `<qual:listOfFunctionTerms><qual:defaultTerm qual:resultLevel="0"/><qual:functionTerm qual:resultLevel="1">${mathElement(body)}</qual:functionTerm></qual:listOfFunctionTerms>` : '') +
          '</qual:transition>',
      );
    }
    return `    <qual:listOfQualitativeSpecies>\n${species.map((s) => `      ${s}`).join('\n')}\n    </qual:listOfQualitativeSpecies>\n    <qual:listOfTransitions>\n${transitions.map((s) => `      ${s}`).join('\n')}\n    </qual:listOfTransitions>`;
  }

  /** A Boolean rule over logic nodes as qual MathML (`node == 1` for a node being on). */
  private qualMath(e: Expr, nodeOf: ReadonlyMap<number, number>, inputs: Set<number>): string {
    const go = (x: Expr): string => this.qualMath(x, nodeOf, inputs);
    switch (e.k) {
      case 'param': {
        const k = nodeOf.get(e.i);
        if (k === undefined) throw new ExportError(`it reads '${this.ir.params[e.i]!.name}', which is not a logic node (a hybrid rule SBML-qual cannot express)`);
        inputs.add(k);
        return `<apply><eq/>${ciText(this.paramId(e.i))}${cn(1)}</apply>`;
      }
      case 'const':
        return e.v ? '<true/>' : '<false/>';
      case 'not':
        return `<apply><not/>${go(e.a)}</apply>`;
      case 'bool':
        return `<apply><${e.op}/>${e.args.map(go).join('')}</apply>`;
      case 'if':
        return `<apply><or/><apply><and/>${go(e.c)}${go(e.a)}</apply><apply><and/><apply><not/>${go(e.c)}</apply>${go(e.b)}</apply></apply>`;
      default:
        throw new ExportError('its rule reads continuous quantities (a hybrid rule SBML-qual cannot express)');
    }
  }
}
