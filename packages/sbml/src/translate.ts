// One SBML model (core, plus qual logic) -> readable .idt text.
//
// Mapping (SBML -> idt):
//   compartment            `compartment c = size [unit]`, `:=` for an assignment rule, `der(c)` for a rate rule
//   species                `[amount] [boundary] [constant] species S in c = initial [unit]`; `amount` is
//                          hasOnlySubstanceUnits (and every species of a 0-dimensional compartment)
//   parameter              `parameter` (constant value), `variable` (changes, or starts from model state),
//                          `let` (assignment rule); rate rules become `variable` + `der(p)`
//   local parameter        a `parameter` named reaction_id, documented as the reaction's
//   initial assignment     the declaration's value expression
//   algebraic rule         solved for its variable when it is linear in it, then an assignment rule
//   function definition    `function f(x, y) = ...`
//   reaction               `reaction r: 2 A + B <-> C rate law`; computed stoichiometries (species
//                          references with ids, stoichiometryMath, conversion factors) as `(expr) S`
//   event                  `event e when trigger delay d priority p persistent false initially false
//                          values at execution: x = ...`
//   rateOf(x)              the rate of change of x written out (reaction fluxes, its rate rule)
//   name, MIRIAM terms     `///` doc comment, `@is("...")`-style annotations
// Anything else is reported, with the SBML element, as unsupported: never dropped silently.
import type { ReadProblem } from './read-sbml.js';
import { inlineFunctions, someNode, solveLinear, type MathNode } from './math.js';
import { MathTranslator, TranslateError, numberLiteral, type ExprContext, type MathType } from './math-to-idt.js';
import { NameTable } from './names.js';
import { IdtWriter, quote, type Origin } from './idt-writer.js';
import type * as S from './sbml-model.js';
import { UnitResolver } from './units.js';
import { QualTranslator } from './qual.js';
import type { XmlElement } from './xml.js';

/** What an SBML id became in the .idt text. */
export interface ImportedSymbol {
  readonly id: string;
  readonly idt: string;
  readonly kind: 'compartment' | 'species' | 'parameter' | 'reaction' | 'speciesReference' | 'function' | 'event' | 'logic';
  /** Species: the idt name of its compartment, and whether its value is an amount. */
  readonly compartment?: string;
  readonly amount?: boolean;
}

export interface TranslateResult {
  readonly text: string;
  readonly writer: IdtWriter;
  readonly problems: ReadProblem[];
  readonly symbols: Map<string, ImportedSymbol>;
}

export interface TranslateOptions {
  /** Module name for the header. */
  readonly moduleName: string;
  /** `@units("warn")` on the header. */
  readonly unitsWarnOnly?: boolean;
  /** First line comment (provenance). */
  readonly provenance?: string;
}

type Role = 'plain' | 'assignment' | 'rate' | 'algebraic';

/** Biology and model qualifiers -> idt annotation names. */
function annotationName(qualifier: string): string {
  const model = qualifier.startsWith('model:');
  const q = model ? qualifier.slice(6) : qualifier;
  const snake = q.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return model ? `model_${snake}` : snake;
}

function describe(el: XmlElement): string {
  const id = el.attrs.id ?? el.attrs.variable ?? el.attrs.symbol ?? el.attrs.species;
  return id ? `<${el.name} ${el.attrs.id ? 'id' : el.attrs.variable ? 'variable' : el.attrs.symbol ? 'symbol' : 'species'}="${id}">` : `<${el.name}>`;
}

export function originOf(el: XmlElement): Origin {
  return { start: el.start, end: el.end, what: describe(el) };
}

export class CoreTranslator {
  readonly problems: ReadProblem[] = [];
  readonly symbols = new Map<string, ImportedSymbol>();
  private readonly w = new IdtWriter();
  private readonly names = new NameTable();
  private readonly unitNames = new NameTable();
  private readonly units: UnitResolver;

  private readonly compartments = new Map<string, S.Compartment>();
  private readonly species = new Map<string, S.Species>();
  private readonly params = new Map<string, S.Parameter>();
  private readonly reactions = new Map<string, S.Reaction>();
  private readonly speciesRefs = new Map<string, { ref: S.SpeciesReference; reaction: S.Reaction }>();
  private readonly functions = new Map<string, S.FunctionDefinition>();
  private readonly assignment = new Map<string, { math: MathNode; el: XmlElement; algebraic: boolean }>();
  private readonly rate = new Map<string, { math: MathNode; el: XmlElement }>();
  private readonly initial = new Map<string, { math: MathNode; el: XmlElement }>();
  private readonly eventTargets = new Set<string>();
  /** Species changed by reactions: reaction idt name and signed coefficient text per reaction. */
  private readonly fluxes = new Map<string, { reaction: string; coef: string }[]>();
  private readonly fnTypes = new Map<string, { name: string; returns: MathType; arity: number }>();
  private readonly constMemo = new Map<string, boolean>();
  private readonly zeroDim = new Set<string>();

  constructor(private readonly model: S.SbmlModel, private readonly options: TranslateOptions) {
    this.units = new UnitResolver(model, this.unitNames);
  }

  private problem(severity: ReadProblem['severity'], kind: ReadProblem['kind'], message: string, el: XmlElement): void {
    this.problems.push({ severity, kind, message, el });
  }

  private unsupported(message: string, el: XmlElement): void {
    this.problem('error', 'unsupported', message, el);
  }

  // ------------------------------------------------------------------ indexing

  private index(): void {
    const m = this.model;
    const ids: string[] = [];
    for (const c of m.compartments) {
      this.compartments.set(c.id, c);
      if (c.spatialDimensions === 0) this.zeroDim.add(c.id);
      ids.push(c.id);
    }
    for (const s of m.species) (this.species.set(s.id, s), ids.push(s.id));
    for (const p of m.parameters) (this.params.set(p.id, p), ids.push(p.id));
    for (const f of m.functionDefinitions) (this.functions.set(f.id, f), ids.push(f.id));
    for (const r of m.reactions) {
      this.reactions.set(r.id, r);
      ids.push(r.id);
      for (const sr of [...r.reactants, ...r.products]) if (sr.id) (this.speciesRefs.set(sr.id, { ref: sr, reaction: r }), ids.push(sr.id));
    }
    for (const e of m.events) if (e.id) ids.push(e.id);
    for (const q of m.qualSpecies) ids.push(q.id);
    this.names.reserve(ids);
    this.unitNames.reserve(m.unitDefinitions.map((u) => u.id));

    const isVariable = (id: string): boolean => this.compartments.has(id) || this.species.has(id) || this.params.has(id) || this.speciesRefs.has(id);
    for (const r of m.rules) {
      if (!r.math) {
        this.problem('warning', 'ignored', `this ${r.kind} rule has no math, so it is left out`, r.el);
        continue;
      }
      if (r.kind === 'algebraic') continue;
      if (!r.variable || !isVariable(r.variable)) {
        this.problem('error', 'malformed', `the ${r.kind} rule's variable '${r.variable ?? ''}' is not a compartment, species, parameter or species reference of this model`, r.el);
        continue;
      }
      if (this.assignment.has(r.variable) || this.rate.has(r.variable)) {
        this.problem('error', 'malformed', `'${r.variable}' has more than one rule`, r.el);
        continue;
      }
      if (r.kind === 'assignment') this.assignment.set(r.variable, { math: r.math, el: r.el, algebraic: false });
      else this.rate.set(r.variable, { math: r.math, el: r.el });
    }
    // Level 2 stoichiometryMath on a species reference with an id: the id's value follows it.
    for (const [id, { ref }] of this.speciesRefs) {
      if (ref.stoichiometryMath && !this.assignment.has(id) && !this.rate.has(id)) this.assignment.set(id, { math: ref.stoichiometryMath, el: ref.el, algebraic: false });
    }
    for (const ia of m.initialAssignments) {
      if (!ia.math) {
        this.problem('warning', 'ignored', 'this initial assignment has no math, so it is left out', ia.el);
        continue;
      }
      if (!isVariable(ia.symbol)) {
        this.problem('error', 'malformed', `the initial assignment's symbol '${ia.symbol}' is not a compartment, species, parameter or species reference of this model`, ia.el);
        continue;
      }
      this.initial.set(ia.symbol, { math: ia.math, el: ia.el });
    }
    for (const e of m.events) for (const a of e.assignments) this.eventTargets.add(a.variable);
    for (const c of m.constraints) this.problem('warning', 'ignored', 'constraints are not enforced during simulation (SBML makes them optional checks)', c.el);
  }

  // ------------------------------------------------------------------ roles and constancy

  private role(id: string): Role {
    const a = this.assignment.get(id);
    if (a) return a.algebraic ? 'algebraic' : 'assignment';
    return this.rate.has(id) ? 'rate' : 'plain';
  }

  /** Can this symbol appear in an idt constant (a parameter value, a compartment size)? */
  private isConstSymbol(id: string, stack: Set<string> = new Set()): boolean {
    const known = this.constMemo.get(id);
    if (known !== undefined) return known;
    if (stack.has(id)) return false;
    stack.add(id);
    let r = false;
    if (this.params.has(id) || this.speciesRefs.has(id) || this.compartments.has(id)) {
      if (this.role(id) === 'plain') {
        const ia = this.initial.get(id);
        r = !ia || this.isConstExpr(ia.math, stack);
      }
    } else if (this.functions.has(id)) r = true;
    stack.delete(id);
    this.constMemo.set(id, r);
    return r;
  }

  private isConstExpr(m: MathNode, stack: Set<string> = new Set()): boolean {
    return !someNode(m, (n) => {
      if (n.k === 'time') return true;
      if (n.k === 'apply' && (n.op === 'rateOf' || n.op === 'delay')) return true;
      if (n.k === 'ci') return !this.isConstSymbol(n.name, stack);
      return false;
    });
  }

  // ------------------------------------------------------------------ expressions

  private readonly globalContext: ExprContext = {
    ref: (name) => this.refName(name),
    fn: (name) => this.functionType(name),
    rateOf: (arg) => this.rateOf(arg),
    unit: (u) => this.units.resolve(u),
  };

  private refName(id: string): string | undefined {
    if (this.compartments.has(id) || this.species.has(id) || this.params.has(id) || this.reactions.has(id) || this.speciesRefs.has(id)) return this.names.name(id);
    return undefined;
  }

  private expr(m: MathNode, want: MathType, ctx: ExprContext = this.globalContext): string {
    return new MathTranslator(ctx).text(m, want);
  }

  /** Translate, turning translation failures into problems on `el`; undefined on failure. */
  private tryExpr(m: MathNode | undefined, want: MathType, el: XmlElement, what: string, ctx?: ExprContext): string | undefined {
    if (!m) {
      this.problem('error', 'malformed', `${what} has no math`, el);
      return undefined;
    }
    try {
      return this.expr(m, want, ctx);
    } catch (e) {
      if (e instanceof TranslateError) {
        this.problem('error', e.unsupported ? 'unsupported' : 'malformed', `${what}: ${e.message}`, el);
        return undefined;
      }
      throw e;
    }
  }

  private functionType(id: string): { name: string; returns: MathType; arity: number } | undefined {
    const known = this.fnTypes.get(id);
    if (known) return known;
    const f = this.functions.get(id);
    if (!f || f.math?.k !== 'lambda') return undefined;
    // Provisional entry guards against (invalid) recursion.
    const entry = { name: this.names.name(id), returns: 'real' as MathType, arity: f.math.params.length };
    this.fnTypes.set(id, entry);
    try {
      entry.returns = new MathTranslator(this.functionContext(f)).typeOf(f.math.body);
    } catch {
      // reported when the definition itself is written
    }
    return entry;
  }

  private functionContext(f: S.FunctionDefinition): ExprContext {
    const lambda = f.math as Extract<MathNode, { k: 'lambda' }>;
    const local = new NameTable();
    const params = new Map(lambda.params.map((p) => [p, local.name(p)] as const));
    return {
      ref: (name) => params.get(name),
      fn: (name) => this.functionType(name),
      unit: (u) => this.units.resolve(u),
    };
  }

  /** rateOf(x) written out: its rate rule, or the fluxes of the reactions that change it. */
  private rateOf(arg: MathNode, depth = 0): string {
    if (arg.k !== 'ci') throw new TranslateError('rateOf is supported on a single symbol only');
    if (depth > 16) throw new TranslateError('rateOf refers to itself');
    const id = arg.name;
    const rr = this.rate.get(id);
    if (rr) return `(${this.expr(rr.math, 'real')})`;
    if (this.assignment.has(id)) throw new TranslateError(`rateOf('${id}'), whose value is given by an assignment rule, is not supported`);
    const s = this.species.get(id);
    const flux = s ? this.fluxes.get(id) : undefined;
    if (s && flux && flux.length && !s.boundaryCondition) {
      const sum = flux.map((f, i) => (i === 0 ? `${f.coef} * ${f.reaction}` : `${f.coef.startsWith('-') ? `- ${f.coef.slice(1)}` : `+ ${f.coef}`} * ${f.reaction}`)).join(' ');
      if (this.speciesIsAmount(s)) return `(${sum})`;
      const c = this.names.name(s.compartment);
      if (this.compartmentChanges(s.compartment)) {
        // d[S]/dt = (flux - [S] dV/dt) / V
        const dv = this.rateOf({ k: 'ci', name: s.compartment }, depth + 1);
        return `((${sum} - ${this.names.name(id)} * ${dv}) / ${c})`;
      }
      return `((${sum}) / ${c})`;
    }
    if (this.refName(id) === undefined) throw new TranslateError(`rateOf('${id}'): '${id}' is not defined in this model`, false);
    return '0';
  }

  private compartmentChanges(id: string): boolean {
    return this.role(id) !== 'plain' || this.eventTargets.has(id);
  }

  private speciesIsAmount(s: S.Species): boolean {
    return s.hasOnlySubstanceUnits;
  }

  // ------------------------------------------------------------------ algebraic rules

  /** Solve each algebraic rule for the one variable it determines (when linear in it). */
  private solveAlgebraic(): void {
    const rules = this.model.rules.filter((r) => r.kind === 'algebraic' && r.math);
    if (!rules.length) return;
    const fns = new Map([...this.functions].filter(([, f]) => f.math).map(([id, f]) => [id, f.math!] as const));
    // Variables already determined otherwise: constants, rule targets, species that reactions change.
    const inReactions = new Set<string>();
    for (const r of this.model.reactions) for (const sr of [...r.reactants, ...r.products]) inReactions.add(sr.species);
    const determined = (id: string): boolean => {
      // Event targets keep the values events give them: they are not what a rule solves for.
      if (this.assignment.has(id) || this.rate.has(id) || this.eventTargets.has(id)) return true;
      const s = this.species.get(id);
      if (s) return s.constant || (inReactions.has(id) && !s.boundaryCondition);
      const p = this.params.get(id);
      if (p) return p.constant;
      const c = this.compartments.get(id);
      if (c) return c.constant;
      const sr = this.speciesRefs.get(id);
      if (sr) return sr.ref.constant;
      return true;
    };
    const candidates = rules.map((r) => {
      const math = inlineFunctions(r.math!, fns);
      const vars: string[] = [];
      someNode(math, (n) => {
        if (n.k === 'ci' && !determined(n.name) && !vars.includes(n.name)) vars.push(n.name);
        return false;
      });
      // Try floating species first, boundary species last: a boundary species is a condition
      // imposed on the model, the natural thing for the rule to hold fixed.
      const rank = (id: string): number => (this.species.get(id)?.boundaryCondition ? 1 : 0);
      vars.sort((a, b) => rank(a) - rank(b));
      return { rule: r, math, vars };
    });
    // Bipartite matching (augmenting paths) of rules to undetermined variables.
    const matchOfVar = new Map<string, number>();
    const tryRule = (i: number, seen: Set<string>): boolean => {
      for (const v of candidates[i]!.vars) {
        if (seen.has(v)) continue;
        seen.add(v);
        const j = matchOfVar.get(v);
        if (j === undefined || tryRule(j, seen)) {
          matchOfVar.set(v, i);
          return true;
        }
      }
      return false;
    };
    const matched = new Map<number, string>();
    candidates.forEach((_, i) => tryRule(i, new Set()));
    for (const [v, i] of matchOfVar) matched.set(i, v);
    candidates.forEach((c, i) => {
      const v = matched.get(i);
      if (!v) {
        const reason = c.vars.length === 0 ? 'every variable in it is already determined (by reactions, rules or constancy)' : 'no variable is left for it to determine';
        this.unsupported(`this algebraic rule cannot be assigned a variable to solve for: ${reason}`, c.rule.el);
        return;
      }
      const s = this.species.get(v);
      if (s && inReactions.has(v) && !s.boundaryCondition) {
        this.unsupported(`the algebraic rule determines species '${v}', which reactions also change: a differential-algebraic system, which is not supported`, c.rule.el);
        return;
      }
      const solved = solveLinear(c.math, v);
      if (!solved) {
        this.unsupported(`this algebraic rule is not linear in '${v}', the variable it determines, so it cannot be solved symbolically`, c.rule.el);
        return;
      }
      this.assignment.set(v, { math: solved, el: c.rule.el, algebraic: true });
    });
    // Solved rules that depend on each other in a cycle would be a system to solve simultaneously.
    const solvedIds = [...this.assignment].filter(([, a]) => a.algebraic).map(([id]) => id);
    const deps = (id: string): string[] => {
      const out: string[] = [];
      someNode(inlineFunctions(this.assignment.get(id)!.math, fns), (n) => {
        if (n.k === 'ci' && this.assignment.has(n.name)) out.push(n.name);
        return false;
      });
      return out;
    };
    const state = new Map<string, 1 | 2>();
    const cyclic = new Set<string>();
    const visit = (id: string, stack: string[]): void => {
      if (state.get(id) === 2) return;
      if (state.get(id) === 1) {
        for (const x of stack.slice(stack.indexOf(id))) cyclic.add(x);
        return;
      }
      state.set(id, 1);
      for (const d of deps(id)) visit(d, [...stack, id]);
      state.set(id, 2);
    };
    for (const id of solvedIds) visit(id, []);
    for (const id of solvedIds) {
      if (!cyclic.has(id)) continue;
      const a = this.assignment.get(id)!;
      if (a.algebraic) {
        this.unsupported(`the algebraic rules determining ${[...cyclic].filter((x) => this.assignment.get(x)?.algebraic).map((x) => `'${x}'`).join(', ')} depend on each other: a simultaneous system, which is not supported`, a.el);
        this.assignment.delete(id);
      }
    }
  }

  // ------------------------------------------------------------------ writing

  private docFor(b: S.SBase, id: string | undefined, extra?: string): string | undefined {
    const lines: string[] = [];
    if (b.name && b.name.trim() && b.name !== id) lines.push(b.name.trim());
    if (id && this.names.renamed(id)) lines.push(`SBML id '${id}' (renamed: it collides with an idt reserved word or built-in)`);
    if (extra) lines.push(extra);
    return lines.length ? lines.join('\n') : undefined;
  }

  private annotations(b: S.SBase): void {
    for (const t of b.cvTerms) this.w.annotation(annotationName(t.qualifier), t.resources);
  }

  private unitSuffix(ref: string | undefined): string {
    const u = this.units.resolve(ref);
    return u ? ` [${u}]` : '';
  }

  private compartmentUnit(c: S.Compartment): string | undefined {
    if (c.units) return c.units;
    const dims = c.spatialDimensions ?? 3;
    if (this.model.level === 3) return dims === 3 ? this.model.volumeUnits : dims === 2 ? this.model.areaUnits : dims === 1 ? this.model.lengthUnits : undefined;
    return dims === 3 ? 'volume' : dims === 2 ? 'area' : dims === 1 ? 'length' : undefined;
  }

  private speciesUnit(s: S.Species): string {
    const sub = this.units.resolve(s.substanceUnits ?? (this.model.level === 3 ? this.model.substanceUnits : 'substance'));
    if (!sub) return '';
    if (this.speciesIsAmount(s)) return ` [${sub}]`;
    const c = this.compartments.get(s.compartment);
    const vol = c ? this.units.resolve(this.compartmentUnit(c)) : undefined;
    if (!vol) return '';
    return ` [${/^\w+$/.test(sub) ? sub : `(${sub})`}/${/^\w+$/.test(vol) ? vol : `(${vol})`}]`;
  }

  run(): TranslateResult {
    this.index();
    this.solveAlgebraic();
    const m = this.model;
    const w = this.w;
    if (this.options.provenance) w.comment(this.options.provenance);
    w.doc(m.name && m.name !== m.id ? m.name : undefined);
    this.annotations(m);
    if (this.options.unitsWarnOnly) w.annotation('units', ['warn']);
    w.decl(`module ${this.options.moduleName}`);
    w.blank();
    const timeUnit = this.units.resolve(m.timeUnits ?? (m.level === 2 ? 'time' : undefined));
    if (this.units.usesItem || m.unitDefinitions.some((u) => u.units.some((p) => p.kind === 'item'))) w.decl('unit item');
    for (const d of this.units.declarations) w.decl(`unit ${d.name} = ${d.text}`, originOf(d.def.el));
    // After the unit declarations: the checker reads declarations in order.
    if (timeUnit) w.decl(`time [${timeUnit}]`);
    for (const u of m.unitDefinitions) if (this.units.unknown.has(u.id)) this.problem('warning', 'unsupported', `unit '${u.id}' uses a unit kind idt does not know; quantities in it are written without units`, u.el);
    w.blank();

    this.functionsOut();
    this.computeFluxes();
    for (const c of m.compartments) this.compartmentOut(c);
    if (m.compartments.length) w.blank();
    for (const s of m.species) this.speciesOut(s);
    if (m.species.length) w.blank();
    for (const p of m.parameters) this.valueOut(p.id, p, p.value, p.units, p.constant, 'parameter');
    const used = this.referencedIds();
    for (const [id, { ref, reaction }] of this.speciesRefs) {
      // A species reference id matters when math reads it or its stoichiometry is computed.
      if (used.has(id) || 'expr' in this.coefficientOf(ref, reaction)) this.valueOut(id, ref, ref.stoichiometry, undefined, ref.constant, 'speciesReference');
    }
    if (m.parameters.length || this.speciesRefs.size) w.blank();
    for (const r of m.reactions) this.reactionOut(r);
    for (const e of m.events) this.eventOut(e);
    if (m.qualSpecies.length) new QualTranslator(m, w, this.names, this.problems, this.symbols).run();
    return { text: w.text(), writer: w, problems: this.problems, symbols: this.symbols };
  }

  /** Every id some math of the model reads. */
  private referencedIds(): Set<string> {
    const out = new Set<string>();
    const add = (m: MathNode | undefined): void => {
      if (!m) return;
      someNode(m, (n) => {
        if (n.k === 'ci') out.add(n.name);
        return false;
      });
    };
    const m = this.model;
    for (const x of [...m.initialAssignments, ...m.rules]) add(x.math);
    for (const a of this.assignment.values()) add(a.math);
    for (const r of m.reactions) {
      add(r.kineticLaw?.math);
      for (const sr of [...r.reactants, ...r.products]) add(sr.stoichiometryMath);
    }
    for (const e of m.events) {
      add(e.trigger?.math);
      add(e.delay?.math);
      add(e.priority?.math);
      for (const a of e.assignments) add(a.math);
    }
    return out;
  }

  private functionsOut(): void {
    for (const f of this.model.functionDefinitions) {
      this.symbols.set(f.id, { id: f.id, idt: this.names.name(f.id), kind: 'function' });
      if (!f.math) {
        this.problem('warning', 'ignored', `function definition '${f.id}' has no math; it is left out (using it is an error)`, f.el);
        continue;
      }
      if (f.math.k !== 'lambda') {
        this.problem('error', 'malformed', `function definition '${f.id}' must hold a <lambda>`, f.el);
        continue;
      }
      const ctx = this.functionContext(f);
      const lambda = f.math;
      const local = new NameTable();
      const params = lambda.params.map((p) => local.name(p));
      const body = this.tryExpr(lambda.body, this.functionType(f.id)?.returns ?? 'real', f.el, `function '${f.id}'`, ctx);
      if (body === undefined) continue;
      this.w.doc(this.docFor(f, f.id));
      this.annotations(f);
      this.w.decl(`function ${this.names.name(f.id)}(${params.join(', ')}) = ${body}`, originOf(f.el));
    }
    if (this.model.functionDefinitions.length) this.w.blank();
  }

  /** Stoichiometry text of a species reference (unsigned) and its flux bookkeeping. */
  private readonly coefMemo = new Map<S.SpeciesReference, { literal?: number; expr?: string }>();
  private coefficientOf(sr: S.SpeciesReference, r: S.Reaction): { literal?: number; expr?: string } {
    const known = this.coefMemo.get(sr);
    if (known) return known;
    const out = this.computeCoefficient(sr, r);
    this.coefMemo.set(sr, out);
    return out;
  }

  private computeCoefficient(sr: S.SpeciesReference, r: S.Reaction): { literal?: number; expr?: string } {
    const s = this.species.get(sr.species);
    const cfId = s?.conversionFactor ?? this.model.conversionFactor;
    const cf = cfId ? this.names.name(cfId) : undefined;
    let base: { literal?: number; expr?: string };
    if (sr.stoichiometryMath && !sr.id) {
      const t = this.tryExpr(sr.stoichiometryMath, 'real', sr.el, `the stoichiometryMath of '${sr.species}' in reaction '${r.id}'`);
      base = { expr: t ?? '1' };
    } else if (sr.id && (this.role(sr.id) !== 'plain' || this.initial.has(sr.id) || this.eventTargets.has(sr.id) || !sr.constant)) {
      base = { expr: this.names.name(sr.id) };
    } else if (sr.stoichiometry === undefined) {
      if (!sr.id) this.problem('warning', 'malformed', `the stoichiometry of '${sr.species}' in reaction '${r.id}' is not given; 1 is used`, sr.el);
      base = sr.id ? { expr: this.names.name(sr.id) } : { literal: 1 };
    } else base = { literal: sr.stoichiometry };
    if (cf) {
      const b = base.expr ?? numberLiteral(base.literal!).text;
      return { expr: b === '1' ? cf : `${b} * ${cf}` };
    }
    return base;
  }

  private computeFluxes(): void {
    for (const r of this.model.reactions) {
      const rn = this.names.name(r.id);
      for (const [sign, list] of [[-1, r.reactants], [1, r.products]] as const) {
        for (const sr of list) {
          const c = this.coefficientOf(sr, r);
          const text = c.expr !== undefined ? `(${c.expr})` : numberLiteral(c.literal!).text;
          const signed = sign < 0 ? (text.startsWith('-') ? text.slice(1) : `-${text}`) : text;
          if (!this.fluxes.has(sr.species)) this.fluxes.set(sr.species, []);
          this.fluxes.get(sr.species)!.push({ reaction: rn, coef: signed });
        }
      }
    }
  }

  private compartmentOut(c: S.Compartment): void {
    const name = this.names.name(c.id);
    this.symbols.set(c.id, { id: c.id, idt: name, kind: 'compartment' });
    const unit = this.unitSuffix(this.compartmentUnit(c));
    const role = this.role(c.id);
    const zero = c.spatialDimensions === 0;
    this.w.doc(this.docFor(c, c.id, zero ? 'A 0-dimensional compartment (its size is a plain number).' : undefined));
    this.annotations(c);
    const origin = originOf(c.el);
    if (role === 'assignment' || role === 'algebraic') {
      const a = this.assignment.get(c.id)!;
      const v = this.tryExpr(a.math, 'real', a.el, `the rule for '${c.id}'`);
      this.w.decl(`compartment ${name} := ${v ?? '1'}${unit}`, originOf(a.el));
      return;
    }
    const ia = this.initial.get(c.id);
    let init: string;
    if (ia) {
      if (!this.isConstExpr(ia.math)) {
        this.unsupported(`the initial size of compartment '${c.id}' depends on quantities that change during the run; idt compartment sizes must start from constants`, ia.el);
        init = '1';
      } else init = this.tryExpr(ia.math, 'real', ia.el, `the initial assignment to '${c.id}'`) ?? '1';
    } else if (c.size !== undefined) init = numberLiteral(c.size).text;
    else {
      if (!zero) this.problem('warning', 'malformed', `compartment '${c.id}' has no size; 1 is used`, c.el);
      init = '1';
    }
    this.w.decl(`compartment ${name} = ${init}${unit}`, origin);
    const rr = this.rate.get(c.id);
    if (rr) {
      const v = this.tryExpr(rr.math, 'real', rr.el, `the rate rule for '${c.id}'`);
      if (v !== undefined) this.w.decl(`der(${name}) = ${v}`, originOf(rr.el));
    }
  }

  private speciesOut(s: S.Species): void {
    const name = this.names.name(s.id);
    const cname = this.compartments.has(s.compartment) ? this.names.name(s.compartment) : undefined;
    const amount = this.speciesIsAmount(s);
    this.symbols.set(s.id, { id: s.id, idt: name, kind: 'species', ...(cname ? { compartment: cname } : {}), amount });
    if (!cname) {
      this.problem('error', 'malformed', `species '${s.id}' is in compartment '${s.compartment}', which does not exist`, s.el);
      return;
    }
    const unit = this.speciesUnit(s);
    const role = this.role(s.id);
    const flags: string[] = [];
    if (amount) flags.push('amount');
    if (s.boundaryCondition) flags.push('boundary');
    if (role === 'assignment' || role === 'algebraic') {
      this.w.doc(this.docFor(s, s.id));
      this.annotations(s);
      const a = this.assignment.get(s.id)!;
      const v = this.tryExpr(a.math, 'real', a.el, `the rule for '${s.id}'`);
      this.w.decl(`${[...flags, 'species'].join(' ')} ${name} in ${cname} := ${v ?? '0'}${unit}`, originOf(a.el));
      return;
    }
    const ia = this.initial.get(s.id);
    let init: string | undefined;
    let constInit = true;
    if (ia) {
      init = this.tryExpr(ia.math, 'real', ia.el, `the initial assignment to '${s.id}'`);
      constInit = this.isConstExpr(ia.math);
    } else if (s.initialAmount !== undefined) {
      const a = numberLiteral(s.initialAmount);
      init = amount || s.initialAmount === 0 ? a.text : `${a.text} / ${cname}`;
      constInit = amount || s.initialAmount === 0 || this.isConstSymbol(s.compartment);
    } else if (s.initialConcentration !== undefined) {
      const c = numberLiteral(s.initialConcentration);
      init = amount ? (s.initialConcentration === 0 ? c.text : `${c.text} * ${cname}`) : c.text;
      constInit = !amount || s.initialConcentration === 0 || this.isConstSymbol(s.compartment);
    } else {
      this.problem('warning', 'malformed', `species '${s.id}' has no initial amount or concentration; its initial value is NaN`, s.el);
      init = numberLiteral(NaN).text;
    }
    let note: string | undefined;
    if (s.constant && !this.rate.has(s.id)) {
      // idt constants start from constants; a constant species whose initial value depends on
      // the model's state is a boundary species nothing changes, which simulates the same.
      if (constInit) flags.push('constant');
      else if (!s.boundaryCondition) {
        flags.push('boundary');
        note = 'Constant in SBML: its initial value is computed from other quantities, so it is written as a boundary species that nothing changes.';
      }
    }
    this.w.doc(this.docFor(s, s.id, note));
    this.annotations(s);
    this.w.decl(`${[...flags, 'species'].join(' ')} ${name} in ${cname} = ${init ?? '0'}${unit}`, originOf(s.el));
    const rr = this.rate.get(s.id);
    if (rr) {
      const v = this.tryExpr(rr.math, 'real', rr.el, `the rate rule for '${s.id}'`);
      if (v !== undefined) this.w.decl(`der(${name}) = ${v}`, originOf(rr.el));
    }
  }

  /** Parameters and species references with ids: parameter, variable or let. */
  private valueOut(id: string, b: S.SBase, value: number | undefined, units: string | undefined, constant: boolean, kind: 'parameter' | 'speciesReference'): void {
    const name = this.names.name(id);
    this.symbols.set(id, { id, idt: name, kind });
    const unit = this.unitSuffix(units);
    const role = this.role(id);
    const extra = kind === 'speciesReference' ? `The stoichiometry of '${this.speciesRefs.get(id)!.ref.species}' in reaction '${this.speciesRefs.get(id)!.reaction.id}'.` : undefined;
    this.w.doc(this.docFor(b, id, extra));
    this.annotations(b);
    if (role === 'assignment' || role === 'algebraic') {
      const a = this.assignment.get(id)!;
      const v = this.tryExpr(a.math, 'real', a.el, `the rule for '${id}'`);
      this.w.decl(`let ${name} = ${v ?? '0'}${unit}`, originOf(a.el));
      return;
    }
    const ia = this.initial.get(id);
    let init: string | undefined;
    let constInit = true;
    if (ia) {
      init = this.tryExpr(ia.math, 'real', ia.el, `the initial assignment to '${id}'`);
      constInit = this.isConstExpr(ia.math);
    } else if (value !== undefined) init = numberLiteral(value).text;
    else if (kind === 'speciesReference') init = '1';
    else {
      this.problem('warning', 'malformed', `parameter '${id}' has no value; NaN is used`, b.el);
      init = numberLiteral(NaN).text;
    }
    const rr = this.rate.get(id);
    if (rr || !constInit) {
      this.w.decl(`variable ${name} = ${init ?? '0'}${unit}`, originOf(b.el));
      if (rr) {
        const v = this.tryExpr(rr.math, 'real', rr.el, `the rate rule for '${id}'`);
        if (v !== undefined) this.w.decl(`der(${name}) = ${v}`, originOf(rr.el));
      }
      return;
    }
    void constant;
    this.w.decl(`parameter ${name} = ${init ?? '0'}${unit}`, originOf(b.el));
  }

  private reactionOut(r: S.Reaction): void {
    const name = this.names.name(r.id);
    this.symbols.set(r.id, { id: r.id, idt: name, kind: 'reaction' });
    if (r.fast) {
      this.unsupported(`reaction '${r.id}' is fast (fast="true"): quasi-steady-state reactions are not supported`, r.el);
      return;
    }
    // Local parameters shadow global names inside the kinetic law: give them their own names.
    const locals = new Map<string, string>();
    for (const p of r.kineticLaw?.localParameters ?? []) {
      const ln = this.names.fresh(`${r.id}_${p.id}`);
      locals.set(p.id, ln);
      this.w.doc(this.docFor(p, undefined, `Local parameter '${p.id}' of reaction '${r.id}'.`));
      this.annotations(p);
      if (p.value === undefined) this.problem('warning', 'malformed', `local parameter '${p.id}' of reaction '${r.id}' has no value; NaN is used`, p.el);
      this.w.decl(`parameter ${ln} = ${numberLiteral(p.value ?? NaN).text}${this.unitSuffix(p.units)}`, originOf(p.el));
    }
    // A local parameter is a constant: its rate of change is 0.
    const ctx: ExprContext = { ...this.globalContext, ref: (n) => locals.get(n) ?? this.refName(n), rateOf: (a) => (a.k === 'ci' && locals.has(a.name) ? '0' : this.rateOf(a)) };
    const side = (list: readonly S.SpeciesReference[]): string => list.map((sr) => {
      if (!this.species.has(sr.species)) {
        this.problem('error', 'malformed', `reaction '${r.id}' refers to species '${sr.species}', which does not exist`, sr.el);
        return undefined;
      }
      const c = this.coefficientOf(sr, r);
      const sp = this.names.name(sr.species);
      if (c.expr !== undefined) return `(${c.expr}) ${sp}`;
      const v = c.literal!;
      if (v === 1) return sp;
      if (v > 0 && Number.isFinite(v)) return `${numberLiteral(v).text} ${sp}`;
      return `(${numberLiteral(v).text}) ${sp}`;
    }).filter((x): x is string => x !== undefined).join(' + ');
    const lhs = side(r.reactants);
    const rhs = side(r.products);
    let law: string | undefined;
    if (!r.kineticLaw || !r.kineticLaw.math) {
      this.problem('warning', 'malformed', `reaction '${r.id}' has no kinetic law; its rate is 0`, r.el);
      law = '0';
    } else law = this.tryExpr(r.kineticLaw.math, 'real', r.kineticLaw.el, `the kinetic law of reaction '${r.id}'`, ctx);
    const mods = r.modifiers.filter((m) => this.species.has(m.species)).map((m) => this.names.name(m.species));
    this.w.doc(this.docFor(r, r.id));
    this.annotations(r);
    const arrow = r.reversible ? '<->' : '->';
    this.w.decl(`reaction ${name}: ${lhs}${lhs ? ' ' : ''}${arrow}${rhs ? ' ' : ''}${rhs} rate ${law ?? '0'}${mods.length ? ` modifiers ${[...new Set(mods)].join(', ')}` : ''}`, originOf(r.el));
  }

  private eventOut(e: S.SbmlEvent): void {
    if (!e.trigger || !e.trigger.math) {
      // SBML Level 3 Version 2 allows an event without trigger math: it never fires.
      this.problem('warning', 'ignored', 'this event has no trigger math, so it never fires; it is left out', e.el);
      return;
    }
    const name = e.id ? this.names.name(e.id) : undefined;
    if (e.id) this.symbols.set(e.id, { id: e.id, idt: name!, kind: 'event' });
    const cond = this.tryExpr(e.trigger.math, 'bool', e.trigger.el, 'the event trigger');
    if (cond === undefined) return;
    const parts = [`event${name ? ` ${name}` : ''} when ${cond}`];
    if (e.delay && !e.delay.math) this.problem('warning', 'ignored', 'the event delay has no math: the event has no delay', e.delay.el);
    if (e.delay?.math) {
      const d = this.tryExpr(e.delay.math, 'real', e.delay.el, 'the event delay');
      if (d === undefined) return;
      parts.push(`delay ${d}`);
    }
    if (e.priority && !e.priority.math) this.problem('warning', 'ignored', 'the event priority has no math: the event has no priority', e.priority.el);
    if (e.priority?.math) {
      const p = this.tryExpr(e.priority.math, 'real', e.priority.el, 'the event priority');
      if (p === undefined) return;
      parts.push(`priority ${p}`);
    }
    if (!e.trigger.persistent) parts.push('persistent false');
    if (!e.trigger.initialValue) parts.push('initially false');
    if (!e.useValuesFromTriggerTime) parts.push('values at execution');
    const assigns: string[] = [];
    for (const a of e.assignments) {
      const target = this.refName(a.variable);
      if (!target || this.reactions.has(a.variable)) {
        this.problem('error', 'malformed', `the event assigns '${a.variable}', which is not a compartment, species, parameter or species reference`, a.el);
        continue;
      }
      if (!a.math) {
        this.problem('warning', 'ignored', `the assignment to '${a.variable}' has no math, so it changes nothing`, a.el);
        continue;
      }
      const v = this.tryExpr(a.math, 'real', a.el, `the assignment to '${a.variable}'`);
      if (v !== undefined) assigns.push(`${target} = ${v}`);
    }
    this.w.doc(this.docFor(e, e.id));
    this.annotations(e);
    if (assigns.length === 0) {
      // An event that changes nothing still fires; idt needs at least one assignment, so say so.
      this.problem('warning', 'ignored', 'this event assigns nothing, so it is left out', e.el);
      return;
    }
    const head = parts.join(' ');
    this.w.decl(assigns.length === 1 && head.length + assigns[0]!.length < 100 ? `${head}: ${assigns[0]}` : `${head} {\n${assigns.map((a) => `  ${a}`).join('\n')}\n}`, originOf(e.el));
  }
}

export { quote };
