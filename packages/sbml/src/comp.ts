// SBML comp: hierarchical models flattened into one model, as libSBML's flattening converter does.
//
// Each submodel is instantiated from its model definition (itself flattened first), elements its
// `deletion`s name are removed, and every id gets the prefix `submodel__` (so the test suite's
// output names `A__x` are the flat names). Conversion factors then rescale the instance:
//   timeConversionFactor T: time in the submodel is time / T; rate rules and kinetic laws are
//     divided by T, delays multiplied by it, and a reaction's id read in math by T;
//   extentConversionFactor X: kinetic laws are multiplied by X (a reaction's id read in math
//     divided by X).
// Replacements last: an element of the containing model that replaces a submodel element takes
// its place (references to it now read the replacement, divided by the replacement's conversion
// factor F; rules, initial assignments and event assignments that set it set F times as much);
// `replacedBy` goes the other way. Why the importer flattens instead of mapping submodels onto idt
// modules and instances: docs/decisions/sbml-import.md.
import { apply, ci, mapMath, renameMath, type MathNode } from './math.js';
import type { ReadProblem } from './read-sbml.js';
import { SbmlReader } from './read-sbml.js';
import type * as S from './sbml-model.js';
import { parseXml, type XmlElement } from './xml.js';

export interface FlattenOptions {
  readonly file: string;
  readonly readFile: (file: string) => string | undefined;
}

class CompError extends Error {
  constructor(message: string, readonly el: XmlElement) {
    super(message);
  }
}

type Redirect = { readonly to: string; readonly factor?: string };

// ---------------------------------------------------------------------------------------------
// Renaming and math rewriting over a whole model.

interface ModelMaps {
  /** SId rename (element ids and every reference to them). */
  readonly sid: (id: string) => string;
  readonly unit: (id: string) => string;
  readonly meta: (id: string) => string;
}

/** A copy of the model with ids renamed (math included; lambda and local parameter names are not). */
function renameModel(m: S.SbmlModel, maps: ModelMaps): S.SbmlModel {
  const sid = maps.sid;
  const u = (x: string | undefined) => (x === undefined ? undefined : maps.unit(x));
  const math = (x: MathNode | undefined, locals?: ReadonlySet<string>) =>
    x === undefined ? undefined : renameMath(x, (n) => (locals?.has(n) ? n : sid(n)));
  const base = <T extends S.SBase>(b: T): T => ({ ...b, ...(b.id !== undefined ? { id: sid(b.id) } : {}), ...(b.metaid !== undefined ? { metaid: maps.meta(b.metaid) } : {}) });
  const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> => (v === undefined ? {} : ({ [key]: v } as Record<K, V>));
  const metaOf = (x: { metaid?: string }) => (x.metaid !== undefined ? { metaid: maps.meta(x.metaid) } : {});
  return {
    ...m,
    ...opt('conversionFactor', m.conversionFactor !== undefined ? sid(m.conversionFactor) : undefined),
    functionDefinitions: m.functionDefinitions.map((f) => ({ ...base(f), id: sid(f.id), ...opt('math', math(f.math)) })),
    unitDefinitions: m.unitDefinitions.map((d) => ({ ...base(d), id: maps.unit(d.id) })),
    compartments: m.compartments.map((c) => ({ ...base(c), id: sid(c.id), ...opt('units', u(c.units)) })),
    species: m.species.map((s) => ({
      ...base(s),
      id: sid(s.id),
      compartment: sid(s.compartment),
      ...opt('substanceUnits', u(s.substanceUnits)),
      ...opt('conversionFactor', s.conversionFactor !== undefined ? sid(s.conversionFactor) : undefined),
    })),
    parameters: m.parameters.map((p) => ({ ...base(p), id: sid(p.id), ...opt('units', u(p.units)) })),
    initialAssignments: m.initialAssignments.map((i) => ({ ...base(i), symbol: sid(i.symbol), ...opt('math', math(i.math)) })),
    rules: m.rules.map((r) => ({ ...base(r), ...opt('variable', r.variable !== undefined ? sid(r.variable) : undefined), ...opt('math', math(r.math)) })),
    constraints: m.constraints.map(base),
    reactions: m.reactions.map((r) => {
      const locals = new Set((r.kineticLaw?.localParameters ?? []).map((p) => p.id));
      const ref = (sr: S.SpeciesReference): S.SpeciesReference => ({ ...base(sr), species: sid(sr.species), ...opt('stoichiometryMath', math(sr.stoichiometryMath)) });
      return {
        ...base(r),
        id: sid(r.id),
        reactants: r.reactants.map(ref),
        products: r.products.map(ref),
        modifiers: r.modifiers.map((x) => ({ ...x, species: sid(x.species) })),
        ...(r.kineticLaw
          ? {
              kineticLaw: {
                ...r.kineticLaw,
                ...opt('metaid', r.kineticLaw.metaid !== undefined ? maps.meta(r.kineticLaw.metaid) : undefined),
                ...opt('math', math(r.kineticLaw.math, locals)),
                localParameters: r.kineticLaw.localParameters.map((p) => ({ ...p, ...opt('metaid', p.metaid !== undefined ? maps.meta(p.metaid) : undefined), ...opt('units', u(p.units)) })),
              },
            }
          : {}),
      };
    }),
    events: m.events.map((e) => ({
      ...base(e),
      ...(e.trigger ? { trigger: { ...e.trigger, ...metaOf(e.trigger), ...opt('math', math(e.trigger.math)) } } : {}),
      ...(e.delay ? { delay: { ...e.delay, ...metaOf(e.delay), ...opt('math', math(e.delay.math)) } } : {}),
      ...(e.priority ? { priority: { ...e.priority, ...metaOf(e.priority), ...opt('math', math(e.priority.math)) } } : {}),
      assignments: e.assignments.map((a) => ({ ...base(a), variable: sid(a.variable), ...opt('math', math(a.math)) })),
    })),
    qualSpecies: m.qualSpecies.map((q) => ({ ...base(q), id: sid(q.id), ...opt('compartment', q.compartment !== undefined ? sid(q.compartment) : undefined) })),
    transitions: m.transitions.map((t) => ({
      ...base(t),
      inputs: t.inputs.map((i) => ({ ...i, ...opt('id', i.id !== undefined ? sid(i.id) : undefined), species: sid(i.species) })),
      outputs: t.outputs.map((o) => ({ ...o, species: sid(o.species) })),
      terms: t.terms.map((x) => ({ ...x, ...opt('math', math(x.math)) })),
    })),
    submodels: [],
    ports: m.ports,
  };
}

/** Rewrite every math tree of the model; `where` says what the tree is. */
type MathSite =
  | { readonly kind: 'kinetic'; readonly locals: ReadonlySet<string> }
  | { readonly kind: 'rate' | 'assignment' | 'initial' | 'event-assignment'; readonly target: string }
  | { readonly kind: 'other' };

function mapModelMath(m: S.SbmlModel, f: (math: MathNode, site: MathSite) => MathNode): S.SbmlModel {
  const g = (x: MathNode | undefined, site: MathSite) => (x === undefined ? {} : { math: f(x, site) });
  const other: MathSite = { kind: 'other' };
  return {
    ...m,
    initialAssignments: m.initialAssignments.map((i) => ({ ...i, ...g(i.math, { kind: 'initial', target: i.symbol }) })),
    rules: m.rules.map((r) => ({ ...r, ...g(r.math, r.kind === 'algebraic' || !r.variable ? other : { kind: r.kind, target: r.variable }) })),
    reactions: m.reactions.map((r) => {
      const locals = new Set((r.kineticLaw?.localParameters ?? []).map((p) => p.id));
      const sm = (sr: S.SpeciesReference): S.SpeciesReference => (sr.stoichiometryMath ? { ...sr, stoichiometryMath: f(sr.stoichiometryMath, other) } : sr);
      return {
        ...r,
        reactants: r.reactants.map(sm),
        products: r.products.map(sm),
        ...(r.kineticLaw ? { kineticLaw: { ...r.kineticLaw, ...g(r.kineticLaw.math, { kind: 'kinetic', locals }) } } : {}),
      };
    }),
    events: m.events.map((e) => ({
      ...e,
      ...(e.trigger ? { trigger: { ...e.trigger, ...g(e.trigger.math, other) } } : {}),
      ...(e.delay ? { delay: { ...e.delay, ...g(e.delay.math, { kind: 'other' }) } } : {}),
      ...(e.priority ? { priority: { ...e.priority, ...g(e.priority.math, other) } } : {}),
      assignments: e.assignments.map((a) => ({ ...a, ...g(a.math, { kind: 'event-assignment', target: a.variable }) })),
    })),
    transitions: m.transitions.map((t) => ({ ...t, terms: t.terms.map((x) => ({ ...x, ...g(x.math, other) })) })),
  };
}

// ---------------------------------------------------------------------------------------------

interface Instance {
  /** The flattened model of the definition, ids relative to the definition. */
  readonly model: S.SbmlModel;
  /** Submodel id -> its instance (ids relative to that submodel's definition). */
  readonly children: ReadonlyMap<string, Instance>;
  /** Ids that replacements merged into others: old id -> the id that survives. */
  readonly aliases: ReadonlyMap<string, string>;
}

export class CompFlattener {
  readonly problems: ReadProblem[] = [];
  private readonly external = new Map<string, S.SbmlDocument>();

  constructor(private readonly doc: S.SbmlDocument, private readonly options: FlattenOptions) {}

  flatten(model: S.SbmlModel): S.SbmlModel {
    try {
      return this.instantiate(model, this.doc, [model.id ?? '']).model;
    } catch (e) {
      if (e instanceof CompError) {
        this.problems.push({ severity: 'error', kind: 'malformed', message: e.message, el: e.el });
        return model;
      }
      throw e;
    }
  }

  /** The model a submodel's modelRef names: a model definition, or one in an external file. */
  private definition(ref: string, doc: S.SbmlDocument, el: XmlElement): { model: S.SbmlModel; doc: S.SbmlDocument } {
    const local = doc.modelDefinitions.get(ref);
    if (local) return { model: local, doc };
    const ext = doc.externalModelDefinitions.get(ref);
    if (ext) {
      const dir = this.options.file.replace(/[^/\\]*$/, '');
      const file = /^([a-z]+:|\/)/i.test(ext.source) ? ext.source.replace(/^file:(\/\/)?/, '') : dir + ext.source;
      let extDoc = this.external.get(file);
      if (!extDoc) {
        const text = this.options.readFile(file);
        if (text === undefined) throw new CompError(`external model file '${ext.source}' cannot be read`, ext.el);
        const parsed = parseXml(text);
        if ('error' in parsed) throw new CompError(`external model file '${ext.source}' is not well-formed XML: ${parsed.error}`, ext.el);
        const reader = new SbmlReader();
        const d = reader.read(parsed.root);
        if (!d) throw new CompError(`external model file '${ext.source}' is not SBML`, ext.el);
        extDoc = d;
        this.external.set(file, d);
      }
      const target = ext.modelRef ?? extDoc.model?.id;
      if (extDoc.model && (!ext.modelRef || extDoc.model.id === ext.modelRef)) return { model: extDoc.model, doc: extDoc };
      return this.definition(target ?? '', extDoc, ext.el);
    }
    if (this.doc.model && this.doc.model.id === ref) return { model: this.doc.model, doc };
    throw new CompError(`submodel refers to model '${ref}', which is not defined`, el);
  }

  private instantiate(model: S.SbmlModel, doc: S.SbmlDocument, chain: string[]): Instance {
    if (chain.length > 32) throw new CompError('model definitions instantiate each other in a cycle', model.el);
    if (model.submodels.length === 0) return { model, children: new Map(), aliases: new Map() };
    const aliases = new Map<string, string>();
    const children = new Map<string, Instance>();
    let parent: S.SbmlModel = { ...model, submodels: [] };
    const parts: S.SbmlModel[] = [];
    // Instances first, with deletions, prefixes and conversion factors applied.
    const instances = new Map<string, { inst: Instance; model: S.SbmlModel; prefix: string }>();
    for (const sub of model.submodels) {
      const def = this.definition(sub.modelRef, doc, sub.el);
      if (chain.includes(def.model.id ?? '')) throw new CompError(`model '${def.model.id}' contains itself`, sub.el);
      const inst = this.instantiate(def.model, def.doc, [...chain, def.model.id ?? '']);
      children.set(sub.id, inst);
      let m = inst.model;
      for (const d of sub.deletions) m = removeElement(m, this.resolve(d, inst, d.el));
      const prefix = `${sub.id}__`;
      m = renameModel(m, { sid: (x) => prefix + x, unit: (x) => prefix + x, meta: (x) => prefix + x });
      instances.set(sub.id, { inst, model: m, prefix });
    }
    // Conversion factors, except on replaced elements (the replacement's own factor applies).
    const replaced = new Map<string, Set<string>>();
    for (const el of allElements(parent)) {
      for (const r of [...el.replacedElements, ...(el.replacedBy ? [el.replacedBy] : [])]) {
        const s = instances.get(r.submodelRef ?? '');
        if (!s || r.deletion !== undefined) continue;
        if (!replaced.has(r.submodelRef!)) replaced.set(r.submodelRef!, new Set());
        replaced.get(r.submodelRef!)!.add(withPrefix(s.prefix, this.resolve(r, s.inst, r.el)));
      }
    }
    for (const sub of model.submodels) {
      const s = instances.get(sub.id)!;
      s.model = this.convert(s.model, sub, replaced.get(sub.id) ?? new Set());
    }
    // Replacements: parent elements replacing submodel elements, and replacedBy.
    const removeFromParent: string[] = [];
    for (const el of allElements(parent)) {
      for (const re of el.replacedElements) {
        if (re.deletion !== undefined) continue;
        const s = instances.get(re.submodelRef ?? '');
        if (!s) throw new CompError(`replacedElement refers to submodel '${re.submodelRef ?? ''}', which does not exist`, re.el);
        const target = withPrefix(s.prefix, this.resolve(re, s.inst, re.el));
        // An element without an id (a rule, say) takes the replaced one's place; nothing to redirect.
        s.model = removeElement(s.model, target, el.id);
        if (el.id !== undefined && !target.startsWith('#')) {
          s.model = redirect(s.model, new Map([[target, { to: el.id, ...(re.conversionFactor ? { factor: re.conversionFactor } : {}) }]]));
          aliases.set(target, el.id);
        }
      }
      if (el.replacedBy) {
        const rb = el.replacedBy;
        const s = instances.get(rb.submodelRef ?? '');
        if (!s) throw new CompError(`replacedBy refers to submodel '${rb.submodelRef ?? ''}', which does not exist`, rb.el);
        const target = withPrefix(s.prefix, this.resolve(rb, s.inst, rb.el));
        if (el.id === undefined) throw new CompError('an element without an id cannot be replaced', rb.el);
        // The submodel's element takes over, under the containing element's id (which is what
        // the rest of the containing model, and its users, refer to).
        if (!target.startsWith('#')) {
          s.model = redirect(s.model, new Map([[target, { to: el.id }]]));
          aliases.set(target, el.id);
        }
        removeFromParent.push(el.id);
      }
    }
    for (const id of removeFromParent) parent = removeElement(parent, id, undefined, true);
    for (const s of instances.values()) parts.push(s.model);
    const merged = parts.reduce((acc, p) => merge(acc, p), parent);
    return { model: dedupe(merged, this.problems), children, aliases };
  }

  /** Id (relative to the instance's definition) an SBaseRef points at. */
  private resolve(ref: S.SbaseRef, inst: Instance, el: XmlElement): string {
    const m = inst.model;
    let id: string | undefined;
    if (ref.idRef !== undefined) id = ref.idRef;
    else if (ref.portRef !== undefined) {
      const port = m.ports.find((p) => p.id === ref.portRef);
      if (!port) throw new CompError(`port '${ref.portRef}' does not exist in the submodel`, el);
      return this.resolve(port, inst, port.el);
    } else if (ref.metaIdRef !== undefined) {
      const found = metaTargets(m).find((x) => x.metaid === ref.metaIdRef);
      if (!found) throw new CompError(`no element of the submodel has metaid '${ref.metaIdRef}'`, el);
      id = found.id ?? `#meta:${ref.metaIdRef}`;
    } else if (ref.unitRef !== undefined) id = ref.unitRef;
    else if (ref.deletion !== undefined) id = `#deletion:${ref.deletion}`;
    if (id === undefined) throw new CompError('this reference names nothing (idRef, portRef, metaIdRef or unitRef is needed)', el);
    if (ref.sub) {
      const child = inst.children.get(id);
      if (!child) throw new CompError(`'${id}' is not a submodel, so the nested reference cannot be followed`, el);
      const inner = withPrefix(`${id}__`, this.resolve(ref.sub, child, ref.sub.el));
      return inst.aliases.get(inner) ?? inner;
    }
    return inst.aliases.get(id) ?? id;
  }

  /** Time and extent conversion factors of a submodel, applied to its (prefixed) instance. */
  private convert(m: S.SbmlModel, sub: S.Submodel, replaced: ReadonlySet<string>): S.SbmlModel {
    const T = sub.timeConversionFactor;
    const X = sub.extentConversionFactor;
    if (!T && !X) return m;
    const reactions = new Set(m.reactions.map((r) => r.id).filter((r) => !replaced.has(r)));
    const inner = (x: MathNode): MathNode =>
      mapMath(x, (n) => {
        if (T && n.k === 'time') return apply('divide', n, ci(T));
        if (T && n.k === 'apply' && n.op === 'delay') return { ...n, args: [n.args[0]!, apply('times', ci(T), n.args[1]!)] };
        if (T && n.k === 'apply' && n.op === 'rateOf') return apply('times', ci(T), n);
        // A reaction's id reads its rate: back in the submodel's units.
        if (n.k === 'ci' && reactions.has(n.name)) {
          let r: MathNode = n;
          if (T) r = apply('times', r, ci(T));
          if (X) r = apply('divide', r, ci(X));
          return r;
        }
        return n;
      });
    const converted = mapModelMath(m, (x, site) => {
      let y = inner(x);
      if (site.kind === 'kinetic') {
        if (X) y = apply('times', y, ci(X));
        if (T) y = apply('divide', y, ci(T));
      } else if (site.kind === 'rate' && T) y = apply('divide', y, ci(T));
      return y;
    });
    return {
      ...converted,
      events: converted.events.map((e) => (e.delay?.math && T ? { ...e, delay: { ...e.delay, math: apply('times', ci(T), e.delay.math) } } : e)),
    };
  }
}

/** A definition-relative reference seen from the containing model (metaid markers included). */
function withPrefix(prefix: string, rel: string): string {
  if (rel.startsWith('#meta:')) return `#meta:${prefix}${rel.slice(6)}`;
  return prefix + rel;
}

/** Every element that can carry an id, metaid or replacements. */
function allElements(m: S.SbmlModel): S.SBase[] {
  return [
    ...m.functionDefinitions, ...m.unitDefinitions, ...m.compartments, ...m.species, ...m.parameters,
    ...m.initialAssignments, ...m.rules, ...m.constraints, ...m.reactions,
    ...m.reactions.flatMap((r) => [...r.reactants, ...r.products]),
    ...m.events, ...m.events.flatMap((e) => e.assignments), ...m.qualSpecies, ...m.transitions,
  ];
}

/** Everything a metaIdRef can name, including parts without ids (delays, kinetic laws, ...). */
function metaTargets(m: S.SbmlModel): { readonly id?: string; readonly metaid?: string }[] {
  return [
    ...allElements(m),
    ...m.reactions.flatMap((r) => (r.kineticLaw ? [r.kineticLaw, ...r.kineticLaw.localParameters.map((p) => ({ metaid: p.metaid }))] : [])),
    ...m.events.flatMap((e) => [e.trigger, e.delay, e.priority].filter((x) => x !== undefined)),
  ];
}

/** The model without the element `id` (by id or metaid marker). When `replacement` is given the
 *  element is being replaced: math that sets it is kept (it is redirected afterwards). When
 *  `setters` is true (replacedBy), math setting it is kept too. */
function removeElement(m: S.SbmlModel, id: string, replacement?: string, setters = false): S.SbmlModel {
  void setters;
  const meta = id.startsWith('#meta:') ? id.slice(6) : undefined;
  const hit = (b: S.SBase): boolean => (meta !== undefined ? b.metaid === meta : b.id === id);
  return {
    ...m,
    functionDefinitions: m.functionDefinitions.filter((x) => !hit(x)),
    unitDefinitions: m.unitDefinitions.filter((x) => !hit(x)),
    compartments: m.compartments.filter((x) => !hit(x)),
    species: m.species.filter((x) => !hit(x)),
    parameters: m.parameters.filter((x) => !hit(x)),
    initialAssignments: m.initialAssignments.filter((x) => !hit(x)),
    rules: m.rules.filter((x) => !hit(x)),
    constraints: m.constraints.filter((x) => !hit(x)),
    reactions: m.reactions.filter((x) => !hit(x)).map((r) => {
      const kl = r.kineticLaw;
      const keepLaw = kl && !(meta !== undefined && kl.metaid === meta);
      const { kineticLaw: _drop, ...rest } = r;
      void _drop;
      return {
        ...rest,
        reactants: r.reactants.filter((x) => !hit(x)),
        products: r.products.filter((x) => !hit(x)),
        // Local parameters are only named by metaid (their ids live in the kinetic law's scope);
        // a replaced one is read as its replacement from then on.
        ...(keepLaw ? { kineticLaw: localRemoved(kl, meta, replacement) } : {}),
      };
    }),
    events: m.events.filter((x) => !hit(x)).map((e) => {
      const drop = (part: { metaid?: string } | undefined): boolean => meta !== undefined && part?.metaid === meta;
      const { delay, priority, trigger, ...rest } = e;
      return {
        ...rest,
        ...(trigger && !drop(trigger) ? { trigger } : {}),
        ...(delay && !drop(delay) ? { delay } : {}),
        ...(priority && !drop(priority) ? { priority } : {}),
        assignments: e.assignments.filter((x) => !hit(x)),
      };
    }),
    qualSpecies: m.qualSpecies.filter((x) => !hit(x)),
    transitions: m.transitions.filter((x) => !hit(x)),
  };
}

function localRemoved(kl: NonNullable<S.Reaction['kineticLaw']>, meta: string | undefined, replacement: string | undefined): NonNullable<S.Reaction['kineticLaw']> {
  const gone = kl.localParameters.find((p) => meta !== undefined && p.metaid === meta);
  if (!gone) return kl;
  return {
    ...kl,
    localParameters: kl.localParameters.filter((p) => p !== gone),
    ...(kl.math && replacement !== undefined ? { math: renameMath(kl.math, (n) => (n === gone.id ? replacement : undefined)) } : {}),
  };
}

/** References to replaced ids now read their replacements (divided by a conversion factor), and
 *  math that sets a replaced element sets the replacement (multiplied by the factor). */
function redirect(m: S.SbmlModel, map: ReadonlyMap<string, Redirect>): S.SbmlModel {
  const sidMap = (id: string): string => map.get(id)?.to ?? id;
  const renamed = renameModel(m, { sid: sidMap, unit: (u) => map.get(u)?.to ?? u, meta: (x) => x });
  const factors = new Map<string, { to: string; factor: string }>();
  for (const [from, r] of map) if (r.factor) factors.set(r.to, { to: r.to, factor: r.factor });
  if (!factors.size) return renamed;
  // Reads of a converted element: the original math referred to `from`, which now reads `to`;
  // the submodel's value is to / factor. Setting math gets `* factor`.
  const fromIds = new Set([...map].filter(([, r]) => r.factor).map(([, r]) => r.to));
  const reads = (x: MathNode): MathNode => mapMath(x, (n) => (n.k === 'ci' && fromIds.has(n.name) ? apply('divide', n, ci(factors.get(n.name)!.factor)) : n));
  return mapModelMath(renamed, (x, site) => {
    let y = site.kind === 'kinetic' ? mapMath(x, (n) => (n.k === 'ci' && fromIds.has(n.name) && !site.locals.has(n.name) ? apply('divide', n, ci(factors.get(n.name)!.factor)) : n)) : reads(x);
    if ((site.kind === 'rate' || site.kind === 'assignment' || site.kind === 'initial' || site.kind === 'event-assignment') && factors.has(site.target)) {
      y = apply('times', y, ci(factors.get(site.target)!.factor));
    }
    return y;
  });
}

function merge(a: S.SbmlModel, b: S.SbmlModel): S.SbmlModel {
  return {
    ...a,
    functionDefinitions: [...a.functionDefinitions, ...b.functionDefinitions],
    unitDefinitions: [...a.unitDefinitions, ...b.unitDefinitions],
    compartments: [...a.compartments, ...b.compartments],
    species: [...a.species, ...b.species],
    parameters: [...a.parameters, ...b.parameters],
    initialAssignments: [...a.initialAssignments, ...b.initialAssignments],
    rules: [...a.rules, ...b.rules],
    constraints: [...a.constraints, ...b.constraints],
    reactions: [...a.reactions, ...b.reactions],
    events: [...a.events, ...b.events],
    qualSpecies: [...a.qualSpecies, ...b.qualSpecies],
    transitions: [...a.transitions, ...b.transitions],
  };
}

/** After redirects two initial assignments or rules may set one element: the containing model's
 *  (listed first) wins, as the replacing element's own definition does. */
function dedupe(m: S.SbmlModel, problems: ReadProblem[]): S.SbmlModel {
  const seenIa = new Set<string>();
  const initialAssignments = m.initialAssignments.filter((i) => {
    if (seenIa.has(i.symbol)) return false;
    seenIa.add(i.symbol);
    return true;
  });
  const seenRule = new Set<string>();
  const rules = m.rules.filter((r) => {
    if (!r.variable) return true;
    if (seenRule.has(r.variable)) {
      problems.push({ severity: 'warning', kind: 'ignored', message: `after flattening, '${r.variable}' has two rules; the one of the containing model is kept`, el: r.el });
      return false;
    }
    seenRule.add(r.variable);
    return true;
  });
  return { ...m, initialAssignments, rules };
}

export function flattenComp(doc: S.SbmlDocument, model: S.SbmlModel, options: FlattenOptions): { model: S.SbmlModel; problems: ReadProblem[] } {
  const f = new CompFlattener(doc, options);
  const flat = f.flatten(model);
  return { model: flat, problems: f.problems };
}
