// XML tree -> SbmlDocument: SBML core (L2V4-5, L3V1-2), qual and comp, with each Level's defaults.
import { MathError, readMath } from './mathml-read.js';
import type { MathNode } from './math.js';
import type * as S from './sbml-model.js';
import { child, childrenNamed, listOf, type XmlElement } from './xml.js';

export interface ReadProblem {
  readonly severity: 'error' | 'warning';
  readonly kind: 'malformed' | 'unsupported' | 'ignored';
  readonly message: string;
  readonly el: XmlElement;
}

const BQBIOL = 'http://biomodels.net/biology-qualifiers/';
const BQMODEL = 'http://biomodels.net/model-qualifiers/';

/** Package names by the namespace URIs they use. */
function packageOf(uri: string): string | undefined {
  const m = /^http:\/\/www\.sbml\.org\/sbml\/level3\/version\d+\/([a-z]+)\/version\d+/.exec(uri);
  return m?.[1];
}

export class SbmlReader {
  readonly problems: ReadProblem[] = [];
  private level = 3;
  private version = 2;

  read(root: XmlElement): S.SbmlDocument | undefined {
    if (root.name !== 'sbml') {
      this.problem('error', 'malformed', `this is not an SBML file: the top element is <${root.name}>, not <sbml>`, root);
      return undefined;
    }
    this.level = Number(root.attrs.level ?? NaN);
    this.version = Number(root.attrs.version ?? NaN);
    if (!((this.level === 2 && this.version >= 1 && this.version <= 5) || (this.level === 3 && (this.version === 1 || this.version === 2)))) {
      this.problem('error', 'unsupported', `SBML Level ${root.attrs.level ?? '?'} Version ${root.attrs.version ?? '?'} is not supported (Level 2 Versions 1-5 and Level 3 Versions 1-2 are)`, root);
      return undefined;
    }
    const packages = new Map<string, { uri: string; required: boolean }>();
    for (const [k, v] of Object.entries(root.attrs)) {
      if (!k.startsWith('xmlns:')) continue;
      const pkg = packageOf(v);
      if (pkg) packages.set(pkg, { uri: v, required: root.attrs[`${k.slice(6)}:required`] === 'true' });
    }
    const modelEl = child(root, 'model');
    const modelDefinitions = new Map<string, S.SbmlModel>();
    for (const md of listOf(root, 'listOfModelDefinitions', 'modelDefinition')) {
      const m = this.model(md);
      if (m.id) modelDefinitions.set(m.id, m);
    }
    const externalModelDefinitions = new Map<string, { el: XmlElement; source: string; modelRef?: string }>();
    for (const ed of listOf(root, 'listOfExternalModelDefinitions', 'externalModelDefinition')) {
      const id = ed.attrs.id;
      if (!id || !ed.attrs.source) {
        this.problem('error', 'malformed', 'an externalModelDefinition needs an id and a source', ed);
        continue;
      }
      externalModelDefinitions.set(id, { el: ed, source: ed.attrs.source, ...(ed.attrs.modelRef ? { modelRef: ed.attrs.modelRef } : {}) });
    }
    return {
      el: root,
      level: this.level,
      version: this.version,
      packages,
      ...(modelEl ? { model: this.model(modelEl) } : {}),
      modelDefinitions,
      externalModelDefinitions,
    };
  }

  private problem(severity: ReadProblem['severity'], kind: ReadProblem['kind'], message: string, el: XmlElement): void {
    this.problems.push({ severity, kind, message, el });
  }

  // ------------------------------------------------------------------ helpers

  private bool(el: XmlElement, name: string, dflt: boolean): boolean {
    const v = el.attrs[name];
    if (v === undefined) return dflt;
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    this.problem('error', 'malformed', `attribute ${name}="${v}" must be true or false`, el);
    return dflt;
  }

  private number(el: XmlElement, name: string): number | undefined {
    const v = el.attrs[name];
    if (v === undefined) return undefined;
    const t = v.trim();
    if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (/^nan$/i.test(t)) return NaN;
    const n = Number(t);
    if (t === '' || Number.isNaN(n)) {
      this.problem('error', 'malformed', `attribute ${name}="${v}" must be a number`, el);
      return undefined;
    }
    return n;
  }

  private math(parent: XmlElement | undefined): MathNode | undefined {
    const m = parent ? child(parent, 'math') : undefined;
    if (!m) return undefined;
    try {
      return readMath(m);
    } catch (e) {
      if (e instanceof MathError) {
        this.problem('error', 'malformed', e.message, e.el);
        return undefined;
      }
      throw e;
    }
  }

  private base(el: XmlElement): S.SBase {
    const replaced = listOf(el, 'listOfReplacedElements', 'replacedElement').map((r) => this.sbaseRef(r));
    const rb = child(el, 'replacedBy');
    return {
      el,
      ...(el.attrs.id !== undefined ? { id: el.attrs.id.trim() } : {}),
      ...(el.attrs.name !== undefined ? { name: el.attrs.name } : {}),
      ...(el.attrs.metaid !== undefined ? { metaid: el.attrs.metaid } : {}),
      cvTerms: this.cvTerms(el),
      replacedElements: replaced,
      ...(rb ? { replacedBy: this.sbaseRef(rb) } : {}),
    };
  }

  private sbaseRef(el: XmlElement): S.SbaseRef {
    const a = el.attrs;
    const sub = child(el, 'sBaseRef');
    return {
      el,
      ...(a.submodelRef !== undefined ? { submodelRef: a.submodelRef } : {}),
      ...(a.idRef !== undefined ? { idRef: a.idRef } : {}),
      ...(a.portRef !== undefined ? { portRef: a.portRef } : {}),
      ...(a.metaIdRef !== undefined ? { metaIdRef: a.metaIdRef } : {}),
      ...(a.unitRef !== undefined ? { unitRef: a.unitRef } : {}),
      ...(a.deletion !== undefined ? { deletion: a.deletion } : {}),
      ...(a.conversionFactor !== undefined ? { conversionFactor: a.conversionFactor } : {}),
      ...(sub ? { sub: this.sbaseRef(sub) } : {}),
    };
  }

  private cvTerms(el: XmlElement): S.CvTerm[] {
    const ann = child(el, 'annotation');
    if (!ann) return [];
    const out: S.CvTerm[] = [];
    const visit = (e: XmlElement): void => {
      const prefix = e.ns === BQBIOL ? '' : e.ns === BQMODEL ? 'model:' : undefined;
      if (prefix !== undefined) {
        const resources: string[] = [];
        const collect = (x: XmlElement): void => {
          if (x.name === 'li' && x.attrs.resource) resources.push(x.attrs.resource);
          x.children.forEach(collect);
        };
        collect(e);
        if (resources.length) out.push({ qualifier: prefix + e.name, resources });
        return;
      }
      e.children.forEach(visit);
    };
    visit(ann);
    return out;
  }

  // ------------------------------------------------------------------ model

  private model(el: XmlElement): S.SbmlModel {
    const L3 = this.level === 3;
    const a = el.attrs;
    const known = new Set([
      'notes', 'annotation', 'listOfFunctionDefinitions', 'listOfUnitDefinitions', 'listOfCompartmentTypes', 'listOfSpeciesTypes',
      'listOfCompartments', 'listOfSpecies', 'listOfParameters', 'listOfInitialAssignments', 'listOfRules', 'listOfConstraints',
      'listOfReactions', 'listOfEvents', 'listOfQualitativeSpecies', 'listOfTransitions', 'listOfSubmodels', 'listOfPorts',
      'listOfReplacedElements', 'replacedBy', 'listOfDeletions',
    ]);
    for (const c of el.children) {
      if (known.has(c.name)) continue;
      // Other packages' content (layout, render, fbc, groups, ...) does not change a time course
      // except fbc, which is reported where it matters.
      this.problem('warning', 'ignored', `<${c.name}> is not used by the importer (package content that does not change the simulation)`, c);
    }
    return {
      ...this.base(el),
      level: this.level,
      version: this.version,
      ...(a.substanceUnits ? { substanceUnits: a.substanceUnits } : {}),
      ...(a.timeUnits ? { timeUnits: a.timeUnits } : {}),
      ...(a.volumeUnits ? { volumeUnits: a.volumeUnits } : {}),
      ...(a.areaUnits ? { areaUnits: a.areaUnits } : {}),
      ...(a.lengthUnits ? { lengthUnits: a.lengthUnits } : {}),
      ...(a.extentUnits ? { extentUnits: a.extentUnits } : {}),
      ...(L3 && a.conversionFactor ? { conversionFactor: a.conversionFactor } : {}),
      functionDefinitions: listOf(el, 'listOfFunctionDefinitions', 'functionDefinition').map((f) => {
        const m = this.math(f);
        return { ...this.base(f), id: f.attrs.id ?? '', ...(m ? { math: m } : {}) };
      }),
      unitDefinitions: listOf(el, 'listOfUnitDefinitions', 'unitDefinition').map((u) => ({
        ...this.base(u),
        id: u.attrs.id ?? '',
        units: listOf(u, 'listOfUnits', 'unit').map((p) => ({
          kind: p.attrs.kind ?? 'dimensionless',
          exponent: this.number(p, 'exponent') ?? 1,
          scale: this.number(p, 'scale') ?? 0,
          multiplier: this.number(p, 'multiplier') ?? 1,
        })),
      })),
      compartments: listOf(el, 'listOfCompartments', 'compartment').map((c) => {
        const size = this.number(c, 'size') ?? this.number(c, 'volume');
        const dims = this.number(c, 'spatialDimensions');
        return {
          ...this.base(c),
          id: c.attrs.id ?? '',
          ...(size !== undefined ? { size } : {}),
          ...(c.attrs.units ? { units: c.attrs.units } : {}),
          constant: this.bool(c, 'constant', true),
          ...(dims !== undefined ? { spatialDimensions: dims } : L3 ? {} : { spatialDimensions: 3 }),
        };
      }),
      species: listOf(el, 'listOfSpecies', 'species').map((s) => {
        const ia = this.number(s, 'initialAmount');
        const ic = this.number(s, 'initialConcentration');
        return {
          ...this.base(s),
          id: s.attrs.id ?? '',
          compartment: s.attrs.compartment ?? '',
          ...(ia !== undefined ? { initialAmount: ia } : {}),
          ...(ic !== undefined ? { initialConcentration: ic } : {}),
          ...(s.attrs.substanceUnits ? { substanceUnits: s.attrs.substanceUnits } : {}),
          hasOnlySubstanceUnits: this.bool(s, 'hasOnlySubstanceUnits', false),
          boundaryCondition: this.bool(s, 'boundaryCondition', false),
          constant: this.bool(s, 'constant', false),
          ...(L3 && s.attrs.conversionFactor ? { conversionFactor: s.attrs.conversionFactor } : {}),
        };
      }),
      parameters: listOf(el, 'listOfParameters', 'parameter').map((p) => {
        const v = this.number(p, 'value');
        return { ...this.base(p), id: p.attrs.id ?? '', ...(v !== undefined ? { value: v } : {}), ...(p.attrs.units ? { units: p.attrs.units } : {}), constant: this.bool(p, 'constant', true) };
      }),
      initialAssignments: listOf(el, 'listOfInitialAssignments', 'initialAssignment').map((i) => {
        const m = this.math(i);
        return { ...this.base(i), symbol: i.attrs.symbol ?? '', ...(m ? { math: m } : {}) };
      }),
      rules: (child(el, 'listOfRules')?.children ?? []).flatMap((r): S.Rule[] => {
        const kind = r.name === 'assignmentRule' ? 'assignment' : r.name === 'rateRule' ? 'rate' : r.name === 'algebraicRule' ? 'algebraic' : undefined;
        if (!kind) {
          this.problem('error', 'unsupported', `<${r.name}> is not an SBML rule this importer knows`, r);
          return [];
        }
        const m = this.math(r);
        const variable = r.attrs.variable ?? r.attrs.species ?? r.attrs.compartment;
        return [{ ...this.base(r), kind, ...(variable ? { variable } : {}), ...(m ? { math: m } : {}) }];
      }),
      constraints: listOf(el, 'listOfConstraints', 'constraint').map((c) => this.base(c)),
      reactions: listOf(el, 'listOfReactions', 'reaction').map((r) => this.reaction(r)),
      events: listOf(el, 'listOfEvents', 'event').map((e) => this.event(e)),
      qualSpecies: listOf(el, 'listOfQualitativeSpecies', 'qualitativeSpecies').map((q) => {
        const init = this.number(q, 'initialLevel');
        const max = this.number(q, 'maxLevel');
        return {
          ...this.base(q),
          id: q.attrs.id ?? '',
          ...(q.attrs.compartment ? { compartment: q.attrs.compartment } : {}),
          constant: this.bool(q, 'constant', false),
          ...(init !== undefined ? { initialLevel: init } : {}),
          ...(max !== undefined ? { maxLevel: max } : {}),
        };
      }),
      transitions: listOf(el, 'listOfTransitions', 'transition').map((t) => this.transition(t)),
      submodels: listOf(el, 'listOfSubmodels', 'submodel').map((s) => ({
        ...this.base(s),
        id: s.attrs.id ?? '',
        modelRef: s.attrs.modelRef ?? '',
        ...(s.attrs.timeConversionFactor ? { timeConversionFactor: s.attrs.timeConversionFactor } : {}),
        ...(s.attrs.extentConversionFactor ? { extentConversionFactor: s.attrs.extentConversionFactor } : {}),
        deletions: listOf(s, 'listOfDeletions', 'deletion').map((d) => ({ ...this.sbaseRef(d), ...(d.attrs.id ? { deletion: d.attrs.id } : {}) })),
      })),
      ports: listOf(el, 'listOfPorts', 'port').map((p) => ({ ...this.sbaseRef(p), id: p.attrs.id ?? '' })),
    };
  }

  private speciesReference(el: XmlElement): S.SpeciesReference {
    const st = this.number(el, 'stoichiometry');
    const sm = child(el, 'stoichiometryMath');
    const smath = sm ? this.math(sm) : undefined;
    // Level 2: stoichiometry defaults to 1 and is constant unless stoichiometryMath is given.
    const L3 = this.level === 3;
    return {
      ...this.base(el),
      species: el.attrs.species ?? '',
      ...(st !== undefined ? { stoichiometry: st } : L3 ? {} : { stoichiometry: 1 }),
      constant: L3 ? this.bool(el, 'constant', true) : !smath,
      ...(smath ? { stoichiometryMath: smath } : {}),
    };
  }

  private reaction(el: XmlElement): S.Reaction {
    const kl = child(el, 'kineticLaw');
    const locals = kl ? [...listOf(kl, 'listOfLocalParameters', 'localParameter'), ...listOf(kl, 'listOfParameters', 'parameter')] : [];
    const m = kl ? this.math(kl) : undefined;
    return {
      ...this.base(el),
      id: el.attrs.id ?? '',
      reversible: this.bool(el, 'reversible', true),
      fast: this.bool(el, 'fast', false),
      reactants: listOf(el, 'listOfReactants', 'speciesReference').map((r) => this.speciesReference(r)),
      products: listOf(el, 'listOfProducts', 'speciesReference').map((r) => this.speciesReference(r)),
      modifiers: listOf(el, 'listOfModifiers', 'modifierSpeciesReference').map((r) => ({ el: r, species: r.attrs.species ?? '', ...(r.attrs.id ? { id: r.attrs.id } : {}) })),
      ...(kl
        ? {
            kineticLaw: {
              el: kl,
              ...(kl.attrs.metaid ? { metaid: kl.attrs.metaid } : {}),
              ...(m ? { math: m } : {}),
              localParameters: locals.map((p) => {
                const v = this.number(p, 'value');
                return { ...this.base(p), id: p.attrs.id ?? '', ...(v !== undefined ? { value: v } : {}), ...(p.attrs.units ? { units: p.attrs.units } : {}) };
              }),
            },
          }
        : {}),
    };
  }

  private event(el: XmlElement): S.SbmlEvent {
    const L3 = this.level === 3;
    const trig = child(el, 'trigger');
    const delay = child(el, 'delay');
    const prio = child(el, 'priority');
    const tm = trig ? this.math(trig) : undefined;
    const dm = delay ? this.math(delay) : undefined;
    const pm = prio ? this.math(prio) : undefined;
    return {
      ...this.base(el),
      useValuesFromTriggerTime: this.bool(el, 'useValuesFromTriggerTime', true),
      // Level 2 events: persistent, and a trigger true at t0 does not fire (initialValue true).
      ...(trig
        ? { trigger: { el: trig, ...(trig.attrs.metaid ? { metaid: trig.attrs.metaid } : {}), ...(tm ? { math: tm } : {}), initialValue: L3 ? this.bool(trig, 'initialValue', true) : true, persistent: L3 ? this.bool(trig, 'persistent', true) : true } }
        : {}),
      ...(delay ? { delay: { el: delay, ...(delay.attrs.metaid ? { metaid: delay.attrs.metaid } : {}), ...(dm ? { math: dm } : {}) } } : {}),
      ...(prio ? { priority: { el: prio, ...(prio.attrs.metaid ? { metaid: prio.attrs.metaid } : {}), ...(pm ? { math: pm } : {}) } } : {}),
      assignments: listOf(el, 'listOfEventAssignments', 'eventAssignment').map((a) => {
        const m = this.math(a);
        return { ...this.base(a), variable: a.attrs.variable ?? '', ...(m ? { math: m } : {}) };
      }),
    };
  }

  private transition(el: XmlElement): S.QualTransition {
    const termsList = child(el, 'listOfFunctionTerms');
    const def = child(termsList, 'defaultTerm');
    const defLevel = def ? this.number(def, 'resultLevel') : undefined;
    return {
      ...this.base(el),
      inputs: listOf(el, 'listOfInputs', 'input').map((i) => {
        const th = this.number(i, 'thresholdLevel');
        return { el: i, ...(i.attrs.id ? { id: i.attrs.id } : {}), species: i.attrs.qualitativeSpecies ?? '', ...(th !== undefined ? { thresholdLevel: th } : {}), ...(i.attrs.sign ? { sign: i.attrs.sign } : {}) };
      }),
      outputs: listOf(el, 'listOfOutputs', 'output').map((o) => ({ el: o, species: o.attrs.qualitativeSpecies ?? '' })),
      ...(defLevel !== undefined ? { defaultLevel: defLevel } : {}),
      ...(def ? { defaultEl: def } : {}),
      terms: childrenNamed(termsList, 'functionTerm').map((f) => {
        const m = this.math(f);
        return { el: f, resultLevel: this.number(f, 'resultLevel') ?? 1, ...(m ? { math: m } : {}) };
      }),
      hasFunctionTerms: childrenNamed(termsList, 'functionTerm').length > 0,
    };
  }
}
