// Binding, type checking and unit checking of one module (its imports already checked).
//
// Types: real, bool, function, surrogate. Units: inferred bottom-up over dimension vectors;
// an unknown unit (a parameter declared without one) is a wildcard that never produces an
// error, so models can adopt units gradually, as in SBML tools.
import { validateWeights } from './surrogate-weights.js';
import * as path from 'node:path';
import { Codes, diagnostic, type DiagnosticCode, type RelatedInformation, type Severity } from '../diagnostics.js';
import type * as A from '../syntax/ast.js';
import { keywordList } from '../syntax/tokens.js';
import {
  activations, builtinConstants, canonicalActivation, builtinFunctions, distributions, simulateOptions, suggest, surrogateProperties, TIME_NAME, trajectoryFunctions,
} from './builtins.js';
import { symbolKindLabel, type ModuleInfo, type Resolved, type Sym, type SymbolKind } from './symbols.js';
import {
  dimensionless, divDim, isDimensionless, isTimeDimension, mulDim, powDim, sameDimension, sameScale, showUnit, type Dim, type UnitSystem,
} from './units.js';
import type { FileHost } from '../project.js';

type Ty = 'real' | 'bool';

interface Inferred {
  readonly type: Ty;
  /** undefined: unknown (wildcard). */
  readonly unit: Dim | undefined;
  /** Compile-time constant value, when the expression is a literal computation. */
  readonly constant?: number;
}

/** Where an expression appears: decides which names and functions it may use. */
interface Scope {
  readonly where: 'model' | 'function' | 'decision' | 'constant' | 'initial' | 'logic';
  readonly fnParams?: readonly string[];
  /** Which symbol's definition this is (to detect self reference). */
  readonly owner?: Sym;
}

const declKinds: Partial<Record<A.Declaration['kind'], SymbolKind>> = {
  compartment: 'compartment', species: 'species', parameter: 'parameter', variable: 'variable', let: 'let',
  function: 'function', reaction: 'reaction', logic: 'logic', event: 'event', surrogate: 'surrogate',
  observable: 'observable', decision: 'decision', instance: 'instance', port: 'port',
};

const reserved = new Set<string>([...keywordList, TIME_NAME]);

/** Unit diagnostics that `@units("warn")` on the module header turns into warnings. */
const unitCodes = new Set<DiagnosticCode>([Codes.UnitMismatch, Codes.RateLawUnits, Codes.UnitScaleMismatch, Codes.DimensionlessRequired]);

/** A species or compartment defined by an assignment rule (`:=`). */
function hasRule(d: A.Declaration): boolean {
  return (d.kind === 'species' || d.kind === 'compartment') && d.rule !== undefined;
}

export class ModuleChecker {
  private readonly m: ModuleInfo;
  private readonly unitCache = new Map<Sym, Dim | undefined | 'pending'>();
  /** `@units("warn")` on the header: unit mismatches are warnings (imported published models
   *  whose units do not balance must still check and run). */
  private readonly unitsWarnOnly: boolean;

  constructor(module: ModuleInfo, private readonly unitsys: UnitSystem, private readonly host: FileHost) {
    this.m = module;
    this.unitsWarnOnly = (module.ast.header?.annotations ?? []).some((a) => a.name.text === 'units' && a.values[0]?.text === 'warn');
  }

  private report(severity: Severity, code: DiagnosticCode, message: string, range: A.Range, extra?: { related?: RelatedInformation[]; data?: Record<string, unknown>; unnecessary?: boolean }): void {
    const sev = severity === 'error' && this.unitsWarnOnly && unitCodes.has(code) ? 'warning' : severity;
    this.m.diagnostics.push(diagnostic(sev, code, message, this.m.file, range, extra));
  }

  /** `@units(...)` on the header is a setting and must be well formed; other header annotations
   *  are metadata about the model (MIRIAM terms), as on declarations. */
  private checkHeaderAnnotations(): void {
    for (const a of this.m.ast.header?.annotations ?? []) {
      if (a.name.text !== 'units' || (a.values.length === 1 && a.values[0]!.text === 'warn')) continue;
      this.report('error', Codes.UnknownModuleAnnotation, 'the only unit setting is @units("warn") (unit mismatches become warnings)', a.range);
    }
  }

  check(): void {
    this.checkHeaderAnnotations();
    this.declareUnits();
    this.declareSymbols();
    this.checkDeclarations();
    this.reportUnused();
  }

  // ---------------------------------------------------------------- declarations

  private declareUnits(): void {
    for (const d of this.m.ast.declarations) {
      if (d.kind === 'time' && d.unit) {
        const u = this.unitOf(d.unit);
        if (u && !isTimeDimension(u)) this.report('error', Codes.UnitMismatch, `the time unit must be a unit of time (such as [h], [min], [day]), not ${showUnit(u)}`, d.unit.range);
        else if (u) this.m.timeUnit = u;
      }
      if (d.kind !== 'unit' || !d.name) continue;
      const existing = this.unitsys.isUserDefined(d.name.text);
      if (!d.definition) {
        if (!existing) this.unitsys.declareBase(d.name.text);
        continue;
      }
      const def = d.definition.expr ? this.unitsys.evaluate(d.definition.expr, (n) => this.unknownUnit(n)) : undefined;
      if (def) {
        if (existing) {
          const prev = this.unitsys.resolveName(d.name.text)!;
          if (!sameDimension(prev, def) || !sameScale(prev, def))
            this.report('error', Codes.DuplicateDeclaration, `unit '${d.name.text}' is already defined differently elsewhere in this twin`, d.name.range);
        } else this.unitsys.declareDerived(d.name.text, def);
      }
    }
  }

  private unknownUnit(n: A.Name): void {
    this.report('error', Codes.UnknownUnit, `unknown unit '${n.text}': declare it with 'unit ${n.text}' (a new base unit) or 'unit ${n.text} = ...'`, n.range);
  }

  /** The dimension of a unit annotation, with the text as written. */
  private unitOf(ann: A.UnitAnnotation | undefined): Dim | undefined {
    if (!ann?.expr) return undefined;
    const d = this.unitsys.evaluate(ann.expr, (n) => this.unknownUnit(n));
    return d ? { ...d, text: ann.text.replace(/\s+/g, ' ').trim() } : undefined;
  }

  private declareSymbols(): void {
    // Imports first: their aliases share the module's namespace.
    for (const [alias, imp] of this.m.imports) {
      if (reserved.has(alias)) this.report('error', Codes.ReservedName, `'${alias}' is a reserved word and cannot name an import`, imp.decl.alias?.range ?? imp.decl.range);
    }
    for (const d of this.m.ast.declarations) {
      const kind = declKinds[d.kind];
      if (!kind || !('name' in d) || !d.name) continue;
      const nm = d.name.text;
      if (reserved.has(nm)) {
        this.report('error', Codes.ReservedName, nm === TIME_NAME ? `'t' is model time and cannot be redeclared` : `'${nm}' is a reserved word`, d.name.range);
        continue;
      }
      const prev = this.m.symbols.get(nm);
      if (prev) {
        this.report('error', Codes.DuplicateDeclaration, `'${nm}' is already declared as a ${symbolKindLabel[prev.kind]}`, d.name.range, {
          related: [{ file: this.m.file, range: prev.nameRange, message: `first declaration of '${nm}'` }],
        });
        continue;
      }
      const imp = this.m.imports.get(nm);
      if (imp) {
        this.report('error', Codes.NameClash, `'${nm}' clashes with the imported module of the same name: rename one, or import it 'as' another name`, d.name.range, {
          related: [{ file: this.m.file, range: imp.decl.range, message: 'the import' }],
        });
        continue;
      }
      if (builtinFunctions[nm] && kind === 'function') {
        this.report('warning', Codes.NameClash, `function '${nm}' hides the built-in function of the same name`, d.name.range);
      }
      this.m.symbols.set(nm, { name: nm, kind, decl: d, module: this.m, nameRange: d.name.range, used: false });
    }
  }

  private checkDeclarations(): void {
    const ast = this.m.ast;
    const rateRules = new Map<Sym, A.RateRuleDecl>();
    const reactionTargets = new Map<Sym, A.ReactionDecl>();
    let simulateSeen: A.SimulateDecl | undefined;
    for (const d of ast.declarations) {
      switch (d.kind) {
        case 'compartment': {
          const cs = this.sym(d);
          if (d.size) this.expectConstantReal(d.size, cs ? this.symUnit(cs) : undefined, 'a compartment size', cs);
          if (d.rule) this.expectReal(d.rule, { where: 'model', ...(cs ? { owner: cs } : {}) }, cs ? this.symUnit(cs) : undefined, 'the size');
          break;
        }
        case 'species':
          this.checkSpecies(d);
          break;
        case 'parameter':
          this.checkParameter(d);
          break;
        case 'variable':
          if (d.initial) {
            const vs = this.sym(d);
            this.expectReal(d.initial, { where: 'initial', ...this.owner(d) }, vs ? this.symUnit(vs) : undefined, 'the initial value');
          }
          break;
        case 'let': {
          const s = this.sym(d);
          if (s) this.symUnit(s); // infers and checks against the declared unit
          else if (d.value) this.infer(d.value, { where: 'model' });
          break;
        }
        case 'der':
          this.checkRateRule(d, rateRules);
          break;
        case 'function':
          this.checkFunction(d);
          break;
        case 'reaction':
          this.checkReaction(d, reactionTargets);
          break;
        case 'logic':
          if (d.rule) this.expectBool(d.rule, { where: 'logic', ...this.owner(d) }, 'a logic rule');
          break;
        case 'event':
          this.checkEvent(d);
          break;
        case 'surrogate':
          this.checkSurrogate(d);
          break;
        case 'observable': {
          const s = this.sym(d);
          if (s) this.symUnit(s);
          if (d.noise) this.checkDistribution(d.noise, true);
          break;
        }
        case 'decision':
          this.checkDecision(d);
          break;
        case 'port': {
          const s = this.sym(d);
          if (s) this.symUnit(s);
          break;
        }
        case 'instance':
          this.checkInstance(d);
          break;
        case 'simulate':
          if (simulateSeen) this.report('warning', Codes.DuplicateOption, "only one 'simulate' statement is used per model; this one replaces the earlier one", d.range);
          simulateSeen = d;
          this.checkSimulate(d);
          break;
        default:
          break;
      }
    }
    for (const [target, der] of rateRules) {
      if (hasRule(target.decl)) {
        this.report('error', Codes.ConflictingRules, `'${target.name}' is defined by ':=' and cannot also have a rate rule`, der.target?.range ?? der.range);
        continue;
      }
      const r = reactionTargets.get(target);
      if (r && !(target.decl.kind === 'species' && target.decl.flags.some((f) => f.flag === 'boundary'))) {
        this.report('error', Codes.ConflictingRules, `'${target.name}' has a rate rule (der) and also takes part in reaction '${r.name?.text ?? ''}': make it a boundary species or drop one of them`, der.target?.range ?? der.range, {
          related: [{ file: this.m.file, range: r.range, message: 'the reaction' }],
        });
      }
    }
  }

  private owner(d: A.Declaration): { owner?: Sym } {
    const s = this.sym(d);
    return s ? { owner: s } : {};
  }

  private sym(d: A.Declaration): Sym | undefined {
    if (!('name' in d) || !d.name) return undefined;
    const s = this.m.symbols.get(d.name.text);
    return s && s.decl === d ? s : undefined;
  }

  private checkSpecies(d: A.SpeciesDecl): void {
    const seen = new Set<string>();
    for (const f of d.flags) {
      if (seen.has(f.flag)) this.report('warning', Codes.DuplicateOption, `'${f.flag}' is written twice`, f.range);
      seen.add(f.flag);
    }
    if (d.compartment) {
      const c = this.m.symbols.get(d.compartment.text);
      if (!c || c.kind !== 'compartment') {
        const sug = suggest(d.compartment.text, [...this.m.symbols.values()].filter((s) => s.kind === 'compartment').map((s) => s.name));
        this.report('error', Codes.UnknownCompartment, `unknown compartment '${d.compartment.text}'${sug ? `: did you mean '${sug}'?` : ''}`, d.compartment.range, sug ? { data: { suggestion: sug } } : undefined);
      } else {
        c.used = true;
        this.m.refs.set(d.compartment, { kind: 'symbol', symbol: c });
      }
    }
    const s = this.sym(d);
    if (d.initial) this.expectReal(d.initial, { where: 'initial', ...(s ? { owner: s } : {}) }, s ? this.symUnit(s) : undefined, 'the initial value');
    if (d.rule) this.expectReal(d.rule, { where: 'model', ...(s ? { owner: s } : {}) }, s ? this.symUnit(s) : undefined, 'the value');
  }

  private checkParameter(d: A.ParameterDecl): void {
    const s = this.sym(d);
    const unit = s ? this.symUnit(s) : undefined;
    // Without a name the declaration is a syntax error's remains, already reported.
    if (!d.value) {
      if (d.name?.text) this.report('error', Codes.ExpectedNumber, `parameter '${d.name.text}' needs a value: 'parameter ${d.name.text} = ...'`, d.name.range);
    } else this.expectConstantReal(d.value, unit, 'a parameter value', s);
    let low: number | undefined;
    let high: number | undefined;
    if (d.bounds) {
      if (d.bounds.low) low = this.expectConstantReal(d.bounds.low, unit, 'a bound', s);
      if (d.bounds.high) high = this.expectConstantReal(d.bounds.high, unit, 'a bound', s);
      if (low !== undefined && high !== undefined && !(low < high)) this.report('error', Codes.InvalidBounds, `the lower bound (${low}) must be below the upper bound (${high})`, d.bounds.range);
      const v = d.value ? this.infer(d.value, { where: 'constant' }).constant : undefined;
      if (v !== undefined && low !== undefined && high !== undefined && (v < low || v > high))
        this.report('warning', Codes.InvalidBounds, `the value ${v} lies outside its bounds [${low}, ${high}]`, d.value!.range);
    }
    if (d.prior) this.checkDistribution(d.prior, false, unit);
  }

  private checkDistribution(dist: A.Distribution, noise: boolean, unit?: Dim): void {
    const spec = distributions[dist.name.text];
    if (!spec) {
      const sug = suggest(dist.name.text, Object.keys(distributions));
      this.report('error', Codes.UnknownDistribution, `unknown distribution '${dist.name.text}'${sug ? `: did you mean '${sug}'?` : ''} (known: ${Object.keys(distributions).join(', ')})`, dist.name.range, sug ? { data: { suggestion: sug } } : undefined);
      return;
    }
    if (!noise && (dist.name.text === 'proportional' || dist.name.text === 'combined')) {
      this.report('error', Codes.InvalidDistribution, `'${dist.name.text}' describes measurement noise; use it after 'noise' on an observable`, dist.name.range);
    }
    const expectedArgs = noise && dist.name.text === 'normal' ? [1, 1] : [spec.params.length, spec.params.length];
    if (dist.args.length < expectedArgs[0]! || dist.args.length > expectedArgs[1]!) {
      const sig = noise && dist.name.text === 'normal' ? 'normal(sd)' : spec.doc;
      this.report('error', Codes.WrongArgumentCount, `${dist.name.text} takes ${expectedArgs[0]} argument${expectedArgs[0] === 1 ? '' : 's'}: ${sig}`, dist.range);
    }
    const values: (number | undefined)[] = dist.args.map((a) => this.infer(a, { where: 'constant' }).constant);
    for (const a of dist.args) this.requireConstant(a);
    if (!noise) {
      const name = dist.name.text;
      if ((name === 'uniform' || name === 'loguniform') && values[0] !== undefined && values[1] !== undefined && !(values[0] < values[1]))
        this.report('error', Codes.InvalidDistribution, `${name}(low, high) needs low < high`, dist.range);
      if (spec.positive && values.some((v) => v !== undefined && v <= 0))
        this.report('error', Codes.InvalidDistribution, `${name} needs positive arguments`, dist.range);
      if ((name === 'normal' || name === 'laplace') && values[1] !== undefined && values[1] <= 0)
        this.report('error', Codes.InvalidDistribution, `the spread of ${name} must be positive`, dist.args[1]!.range);
      void unit;
    }
  }

  private checkRateRule(d: A.RateRuleDecl, rateRules: Map<Sym, A.RateRuleDecl>): void {
    let targetUnit: Dim | undefined;
    if (d.target) {
      const r = this.resolveName(d.target, { where: 'model' });
      const s = r && (r.kind === 'symbol' || r.kind === 'member') ? r.symbol : undefined;
      if (s) {
        if (!['species', 'variable', 'compartment', 'port'].includes(s.kind) || r!.kind === 'member') {
          this.report('error', Codes.InvalidTarget, `der(${d.target.text}): only species, variables, compartments and ports of this module can have a rate rule, not a ${symbolKindLabel[s.kind]}`, d.target.range);
        } else {
          if (s.kind === 'port' && (s.decl as A.PortDecl).direction === 'reads')
            this.report('error', Codes.WriteToReadPort, `'${s.name}' is a 'reads' port: this module may not change it (declare it 'writes')`, d.target.range);
          if (s.decl.kind === 'species' && s.decl.flags.some((f) => f.flag === 'constant'))
            this.report('error', Codes.ConstantSpeciesChanged, `'${s.name}' is constant and cannot have a rate rule`, d.target.range);
          const prev = rateRules.get(s);
          if (prev) this.report('error', Codes.ConflictingRules, `'${s.name}' already has a rate rule`, d.target.range, { related: [{ file: this.m.file, range: prev.range, message: 'the first rate rule' }] });
          else rateRules.set(s, d);
          targetUnit = this.symUnit(s);
        }
      }
    }
    if (d.value) {
      const expected = targetUnit ? this.perTime(targetUnit) : undefined;
      this.expectReal(d.value, { where: 'model' }, expected, `the rate of change of '${d.target?.text ?? ''}'`, Codes.UnitMismatch);
    }
  }

  /** unit / time, using the module's time unit (dimension only when undeclared). */
  private perTime(u: Dim): Dim | undefined {
    const tu = this.m.timeUnit;
    if (tu) return divDim(u, tu);
    return undefined;
  }

  private checkFunction(d: A.FunctionDecl): void {
    const seen = new Set<string>();
    for (const p of d.params) {
      if (seen.has(p.text)) this.report('error', Codes.DuplicateDeclaration, `parameter '${p.text}' appears twice`, p.range);
      // A keyword here has its syntax error already (IDT1012); `t` (time) is a name, but reserved.
      if (p.text === TIME_NAME) this.report('error', Codes.ReservedName, `'${p.text}' is reserved and cannot name a function parameter`, p.range);
      seen.add(p.text);
    }
    if (d.body) this.infer(d.body, { where: 'function', fnParams: d.params.map((p) => p.text), ...this.owner(d) });
  }

  private checkReaction(d: A.ReactionDecl, targets: Map<Sym, A.ReactionDecl>): void {
    const participants: { sym: Sym; coef: number; side: 'reactant' | 'product'; range: A.Range }[] = [];
    for (const [side, terms] of [['reactant', d.reactants], ['product', d.products]] as const) {
      for (const t of terms) {
        if (t.coefficient && !(t.coefficient.value > 0)) this.report('error', Codes.InvalidStoichiometry, 'a stoichiometric coefficient must be positive', t.coefficient.range);
        // A computed stoichiometry is a plain number (SBML stoichiometries are dimensionless) and
        // may change during the run; its sign is not checked, as SBML allows any value.
        if (t.coefficientExpr) this.expectReal(t.coefficientExpr, { where: 'model' }, dimensionless, 'a stoichiometric coefficient');
        if (!t.species) continue;
        const r = this.resolveName(t.species, { where: 'model' });
        const s = r && (r.kind === 'symbol' || r.kind === 'member') ? r.symbol : undefined;
        if (!s) continue;
        if (s.kind !== 'species' && s.kind !== 'port') {
          this.report('error', Codes.WrongKindOfName, `'${t.species.text}' is a ${symbolKindLabel[s.kind]}; only species take part in reactions`, t.species.range);
          continue;
        }
        if (r!.kind === 'member') {
          this.report('error', Codes.InvalidTarget, `'${t.species.text}' belongs to instance '${t.species.parts[0]!.text}': bind it to a port of the module, or declare the reaction inside the module`, t.species.range);
          continue;
        }
        if (s.kind === 'port' && (s.decl as A.PortDecl).direction === 'reads')
          this.report('error', Codes.WriteToReadPort, `'${s.name}' is a 'reads' port: a reaction would change it (declare it 'writes')`, t.species.range);
        if (s.decl.kind === 'species' && s.decl.flags.some((f) => f.flag === 'constant') && !s.decl.flags.some((f) => f.flag === 'boundary'))
          this.report('error', Codes.ConstantSpeciesChanged, `'${s.name}' is constant: it cannot be a reactant or product unless it is also a boundary species`, t.species.range);
        else if (hasRule(s.decl) && !(s.decl as A.SpeciesDecl).flags.some((f) => f.flag === 'boundary'))
          this.report('error', Codes.ConflictingRules, `'${s.name}' is defined by ':=', so a reaction cannot change it: make it a boundary species`, t.species.range);
        participants.push({ sym: s, coef: t.coefficient?.value ?? 1, side, range: t.species.range });
        if (!targets.has(s)) targets.set(s, d);
      }
    }
    for (const mname of d.modifiers) this.resolveName(mname, { where: 'model' });
    if (d.reactants.length === 0 && d.products.length === 0 && d.arrowRange)
      this.report('warning', Codes.SuspiciousConstruct, 'this reaction has neither reactants nor products, so it changes nothing', d.arrowRange);

    // The unit every rate must have: substance per time, where substance is a species' amount
    // (its concentration times its compartment's size, as in SBML).
    const expected = this.extentRateUnit(participants[0]?.sym);
    const k = d.kinetics;
    if (!k) return;
    if (k.kind === 'rate') {
      if (k.rate) {
        const inf = this.infer(k.rate, { where: 'model' });
        if (inf.type !== 'real') this.report('error', Codes.ExpectedNumber, 'a rate law must be a number, not a condition', k.rate.range);
        else if (expected && inf.unit && !sameDimension(inf.unit, expected)) {
          this.report('error', Codes.RateLawUnits, `the rate law of reaction '${d.name?.text ?? ''}' has units ${showUnit(inf.unit)} but the reaction needs ${showUnit(expected)} (amount per time${this.compartmentHint(participants[0]?.sym)})`, k.rate.range, {
            data: { actual: inf.unit.text, expected: expected.text },
          });
        }
      }
      if (d.reversible) this.report('info', Codes.SuspiciousConstruct, "a reversible reaction with an explicit 'rate' uses it as the net rate (forward minus reverse)", d.arrowRange ?? d.range);
      return;
    }
    // Mass action: rate = k * product of reactant concentrations (times the compartment size).
    const check = (kexpr: A.Expr | undefined, side: 'reactant' | 'product') => {
      if (!kexpr) return;
      const inf = this.infer(kexpr, { where: 'model' });
      if (inf.type !== 'real') {
        this.report('error', Codes.ExpectedNumber, 'a rate constant must be a number', kexpr.range);
        return;
      }
      if (!expected || !inf.unit) return;
      let product: Dim | undefined = dimensionless;
      for (const p of participants.filter((x) => x.side === side)) {
        const u = this.symUnit(p.sym);
        if (!u || !product) {
          product = undefined;
          break;
        }
        product = mulDim(product, powDim(u, p.coef));
      }
      const vol = this.compartmentUnit(participants[0]?.sym);
      if (!product || vol === null) return;
      const kExpected = divDim(divDim(expected, vol ?? dimensionless), product);
      if (!sameDimension(inf.unit, kExpected))
        this.report('error', Codes.RateLawUnits, `the ${side === 'reactant' ? 'forward' : 'reverse'} rate constant of reaction '${d.name?.text ?? ''}' has units ${showUnit(inf.unit)} but mass action needs ${showUnit(kExpected)} here`, kexpr.range, {
          data: { actual: inf.unit.text, expected: kExpected.text },
        });
    };
    check(k.forward, 'reactant');
    if (d.reversible) {
      if (!k.reverse) this.report('error', Codes.MissingToken, "a reversible reaction with mass action needs two rate constants: 'by mass action kf, kr'", k.range);
      check(k.reverse, 'product');
    } else if (k.reverse) this.report('error', Codes.SuspiciousConstruct, "an irreversible reaction ('->') takes one rate constant; use '<->' for a reversible one", k.reverse.range);
  }

  /** The compartment size unit of a species: undefined if unknown, a Dim if it has one, null if not computable. */
  private compartmentUnit(s: Sym | undefined): Dim | undefined | null {
    if (!s || s.decl.kind !== 'species') return undefined;
    if (s.decl.flags.some((f) => f.flag === 'amount')) return undefined;
    if (!s.decl.compartment) return undefined;
    const c = this.m.symbols.get(s.decl.compartment.text);
    if (!c || c.kind !== 'compartment') return null;
    return this.symUnit(c) ?? null;
  }

  private compartmentHint(s: Sym | undefined): string {
    if (!s || s.decl.kind !== 'species' || !s.decl.compartment || s.decl.flags.some((f) => f.flag === 'amount')) return '';
    return `: '${s.name}' is a concentration in '${s.decl.compartment.text}', so multiply by the size of '${s.decl.compartment.text}'`;
  }

  private extentRateUnit(s: Sym | undefined): Dim | undefined {
    if (!s) return undefined;
    const u = this.symUnit(s);
    if (!u) return undefined;
    const vol = this.compartmentUnit(s);
    if (vol === null) return undefined;
    const amount = vol ? mulDim(u, vol) : u;
    return this.perTime(amount);
  }

  private checkEvent(d: A.EventDecl): void {
    const tu = this.m.timeUnit;
    const timeExpr = (e: A.Expr | undefined, what: string) => {
      if (!e) return;
      const inf = this.infer(e, { where: 'model' });
      if (inf.type !== 'real') this.report('error', Codes.ExpectedNumber, `${what} must be a time, not a condition`, e.range);
      else if (inf.unit && tu && !sameDimension(inf.unit, tu)) this.report('error', Codes.UnitMismatch, `${what} has units ${showUnit(inf.unit)} but time is in ${showUnit(tu)}`, e.range);
      else if (inf.unit && !tu && !isTimeDimension(inf.unit) && !isDimensionless(inf.unit))
        this.report('error', Codes.UnitMismatch, `${what} has units ${showUnit(inf.unit)}, which is not a time`, e.range);
    };
    const t = d.trigger;
    if (t?.kind === 'at') timeExpr(t.time, 'the event time');
    else if (t?.kind === 'every') {
      timeExpr(t.period, 'the period');
      timeExpr(t.from, 'the start time');
      timeExpr(t.until, 'the end time');
      if (t.times) this.expectReal(t.times, { where: 'model' }, dimensionless, 'the number of doses');
      if (t.period) {
        const v = this.infer(t.period, { where: 'model' }).constant;
        if (v !== undefined && !(v > 0)) this.report('error', Codes.ExpectedConstant, 'the period of a schedule must be positive', t.period.range);
      }
    } else if (t?.kind === 'when' && t.condition) this.expectBool(t.condition, { where: 'model' }, 'an event condition');
    if (d.delay) timeExpr(d.delay, 'the delay');
    if (d.priority) this.expectReal(d.priority, { where: 'model' }, undefined, 'the priority');
    for (const a of d.assignments) {
      if (!a.target) continue;
      const r = this.resolveName(a.target, { where: 'model' });
      const s = r && (r.kind === 'symbol' || r.kind === 'member') ? r.symbol : undefined;
      if (!s) continue;
      const assignable = ['species', 'variable', 'parameter', 'compartment', 'port', 'logic'];
      if (!assignable.includes(s.kind)) {
        this.report('error', Codes.InvalidTarget, `an event cannot assign ${symbolKindLabel[s.kind]} '${a.target.text}'${s.kind === 'let' ? ' (its value always follows its definition)' : ''}`, a.target.range);
        continue;
      }
      if (s.kind === 'port' && (s.decl as A.PortDecl).direction === 'reads')
        this.report('error', Codes.WriteToReadPort, `'${s.name}' is a 'reads' port: this module may not change it`, a.target.range);
      if (s.decl.kind === 'species' && s.decl.flags.some((f) => f.flag === 'constant'))
        this.report('error', Codes.ConstantSpeciesChanged, `'${s.name}' is constant and cannot be changed by an event`, a.target.range);
      if (hasRule(s.decl)) this.report('error', Codes.InvalidTarget, `an event cannot assign '${a.target.text}': it is defined by ':=' and always follows its definition`, a.target.range);
      if (!a.value) continue;
      if (s.kind === 'logic') {
        if (a.op !== '=') this.report('error', Codes.TypeMismatch, `logic node '${s.name}' can only be set with '='`, a.range);
        this.expectBool(a.value, { where: 'model' }, 'a logic value');
        continue;
      }
      const tu2 = this.symUnit(s);
      const expected = a.op === '*=' || a.op === '/=' ? dimensionless : tu2;
      this.expectReal(a.value, { where: 'model' }, expected, a.op === '*=' || a.op === '/=' ? 'a scaling factor' : `the value assigned to '${a.target.text}'`);
    }
    if (d.assignments.length === 0 && d.trigger) this.report('warning', Codes.SuspiciousConstruct, 'this event changes nothing', d.trigger.range);
  }

  private checkSurrogate(d: A.SurrogateDecl): void {
    const props = new Map<string, A.SurrogateProperty>();
    for (const p of d.properties) {
      if (!surrogateProperties[p.name.text]) {
        const sug = suggest(p.name.text, Object.keys(surrogateProperties));
        this.report('error', Codes.UnknownSurrogateProperty, `unknown surrogate property '${p.name.text}'${sug ? `: did you mean '${sug}'?` : ''} (known: ${Object.keys(surrogateProperties).join(', ')})`, p.name.range, sug ? { data: { suggestion: sug } } : undefined);
        continue;
      }
      if (props.has(p.name.text)) this.report('error', Codes.DuplicateOption, `'${p.name.text}' is given twice`, p.name.range);
      props.set(p.name.text, p);
    }
    for (const port of [...d.inputs, ...d.outputs]) this.unitOf(port.unit);
    if (d.inputs.length === 0) this.report('error', Codes.SurrogateArchitecture, 'a surrogate needs at least one input', d.name?.range ?? d.range);
    if (d.outputs.length === 0) this.report('error', Codes.SurrogateArchitecture, 'a surrogate needs at least one output', d.name?.range ?? d.range);
    const layers = props.get('layers');
    const hidden: number[] = [];
    if (layers) {
      for (const v of layers.values) {
        if (v.kind !== 'number' || !Number.isInteger(v.value) || (v.value as number) < 1) this.report('error', Codes.SurrogateArchitecture, 'layer sizes must be positive whole numbers', v.range);
        else hidden.push(v.value as number);
      }
    }
    const act = props.get('activation');
    if (act) {
      const v = act.values[0];
      if (v && !canonicalActivation(String(v.value)))
        this.report('error', Codes.SurrogateArchitecture, `unknown activation '${v.text}' (known: ${activations.join(', ')})`, v.range);
    }
    const scaling = props.get('scaling');
    if (scaling) {
      const v = scaling.values[0];
      if (v && !['standard', 'minmax', 'none'].includes(String(v.value))) this.report('error', Codes.SurrogateArchitecture, `unknown scaling '${v.text}' (known: standard, minmax, none)`, v.range);
    }
    const weights = props.get('weights');
    const wv = weights?.values[0];
    if (!weights || !wv) {
      this.report('error', Codes.WeightsFileMissing, "a surrogate needs its weights file: add 'weights \"name.weights.json\"'", d.name?.range ?? d.range);
      return;
    }
    if (wv.kind !== 'string') {
      this.report('error', Codes.WeightsFileMalformed, 'the weights file must be a quoted path', wv.range);
      return;
    }
    const file = path.resolve(path.dirname(this.m.file), String(wv.value));
    const text = this.host.readFile(file);
    if (text === undefined) {
      this.report('error', Codes.WeightsFileMissing, `weights file not found: ${file} (train the surrogate with 'idt train' to create it)`, wv.range, { data: { file } });
      return;
    }
    const declaredActivation = act?.values[0]?.value;
    const problem = validateWeights(text, [d.inputs.length, ...hidden, d.outputs.length], typeof declaredActivation === 'string' ? { activation: declaredActivation } : {});
    if (problem) this.report('error', problem.code, `weights file ${path.basename(file)}: ${problem.message}`, wv.range, { data: { file } });
  }

  private checkDecision(d: A.DecisionDecl): void {
    const labels = new Set<string>();
    let otherwise: A.DecisionBranch | undefined;
    for (const b of d.branches) {
      if (labels.has(b.label.text)) this.report('warning', Codes.DuplicateOption, `label "${b.label.text}" appears twice`, b.label.range);
      labels.add(b.label.text);
      if (b.otherwise) {
        if (otherwise) this.report('error', Codes.DuplicateOption, "a decision has one 'otherwise' branch", b.range);
        otherwise = b;
      } else if (otherwise) this.report('warning', Codes.SuspiciousConstruct, "this branch comes after 'otherwise' and can never be chosen", b.range);
      if (b.condition) this.expectBool(b.condition, { where: 'decision' }, 'a decision condition');
    }
    if (!otherwise && d.branches.length) this.report('error', Codes.MissingToken, `decision '${d.name?.text ?? ''}' needs an 'otherwise' branch so it always gives a verdict`, d.name?.range ?? d.range);
  }

  private checkSimulate(d: A.SimulateDecl): void {
    if (d.until) {
      const inf = this.infer(d.until, { where: 'constant' });
      if (inf.constant === undefined) this.report('error', Codes.ExpectedConstant, 'the end time must be a number', d.until.range);
      else if (inf.unit && this.m.timeUnit && !sameDimension(inf.unit, this.m.timeUnit))
        this.report('error', Codes.UnitMismatch, `the end time has units ${showUnit(inf.unit)} but time is in ${showUnit(this.m.timeUnit)}`, d.until.range);
    }
    const seen = new Set<string>();
    for (const o of d.options) {
      if (!simulateOptions[o.name.text]) {
        const sug = suggest(o.name.text, Object.keys(simulateOptions));
        this.report('error', Codes.UnknownSimulateOption, `unknown simulate option '${o.name.text}'${sug ? `: did you mean '${sug}'?` : ''} (known: until, ${Object.keys(simulateOptions).join(', ')})`, o.name.range, sug ? { data: { suggestion: sug } } : undefined);
        continue;
      }
      if (seen.has(o.name.text)) this.report('warning', Codes.DuplicateOption, `'${o.name.text}' is given twice`, o.name.range);
      seen.add(o.name.text);
      if (o.name.text === 'method') {
        const v = o.value;
        if (!(v?.kind === 'ref' && ['auto', 'dopri5', 'rodas', 'bdf'].includes(v.name.text)))
          this.report('error', Codes.UnknownSimulateOption, 'method must be one of auto, dopri5, rodas, bdf', v?.range ?? o.range);
      } else if (o.value) {
        const c = this.infer(o.value, { where: 'constant' }).constant;
        if (c === undefined || !(c > 0)) this.report('error', Codes.ExpectedConstant, `${o.name.text} must be a positive number`, o.value.range);
      }
    }
  }

  // ---------------------------------------------------------------- instances (composition)

  private checkInstance(d: A.InstanceDecl): void {
    if (!d.module) return;
    const target = this.resolveModule(d.module);
    if (!target) return;
    if (target === this.m) {
      this.report('error', Codes.InstanceOfSelf, 'a module cannot instantiate itself', d.module.range);
      return;
    }
    const seenArgs = new Set<string>();
    for (const a of d.args) {
      const p = target.symbols.get(a.name.text);
      if (seenArgs.has(a.name.text)) this.report('error', Codes.DuplicateBinding, `'${a.name.text}' is overridden twice`, a.name.range);
      seenArgs.add(a.name.text);
      if (!p || (p.kind !== 'parameter' && p.kind !== 'compartment')) {
        const sug = suggest(a.name.text, [...target.symbols.values()].filter((s) => s.kind === 'parameter').map((s) => s.name));
        this.report('error', Codes.UnknownOverride, p ? `'${a.name.text}' is a ${symbolKindLabel[p.kind]} of module '${target.name}'; only parameters can be overridden` : `module '${target.name}' has no parameter '${a.name.text}'${sug ? `: did you mean '${sug}'?` : ''}`, a.name.range, sug ? { data: { suggestion: sug } } : undefined);
        if (a.value) this.infer(a.value, { where: 'constant' });
        continue;
      }
      this.m.refs.set(a.name, { kind: 'symbol', symbol: p });
      p.used = true;
      if (a.value) this.expectConstantReal(a.value, target.units.get(p), `the value of '${a.name.text}'`);
    }
    const ports = [...target.symbols.values()].filter((s) => s.kind === 'port');
    const bound = new Map<string, A.PortBinding>();
    for (const b of d.bindings) {
      const port = target.symbols.get(b.port.text);
      if (!port || port.kind !== 'port') {
        const sug = suggest(b.port.text, ports.map((p) => p.name));
        this.report('error', Codes.UnknownPort, `module '${target.name}' has no port '${b.port.text}'${sug ? `: did you mean '${sug}'?` : ''}${ports.length ? ` (its ports: ${ports.map((p) => p.name).join(', ')})` : ''}`, b.port.range, sug ? { data: { suggestion: sug } } : undefined);
        continue;
      }
      this.m.refs.set(b.port, { kind: 'symbol', symbol: port });
      const prev = bound.get(b.port.text);
      if (prev) {
        this.report('error', Codes.DuplicateBinding, `port '${b.port.text}' is bound twice`, b.range, { related: [{ file: this.m.file, range: prev.range, message: 'first binding' }] });
        continue;
      }
      bound.set(b.port.text, b);
      if (!b.target) continue;
      const r = this.resolveName(b.target, { where: 'model' });
      const s = r && (r.kind === 'symbol' || r.kind === 'member') ? r.symbol : undefined;
      if (!s) continue;
      const portDecl = port.decl as A.PortDecl;
      const okKinds: SymbolKind[] = portDecl.direction === 'writes' ? ['species', 'variable', 'compartment', 'port'] : ['species', 'variable', 'compartment', 'port', 'let', 'parameter', 'observable'];
      if (!okKinds.includes(s.kind)) {
        this.report('error', Codes.WrongKindOfName, `port '${port.name}' (${portDecl.direction}) cannot be bound to ${symbolKindLabel[s.kind]} '${b.target.text}'`, b.target.range);
        continue;
      }
      if (s.kind === 'port' && (s.decl as A.PortDecl).direction === 'reads' && portDecl.direction === 'writes')
        this.report('error', Codes.WriteToReadPort, `'${s.name}' is a 'reads' port of this module, so it cannot be handed to a 'writes' port`, b.target.range);
      const pu = target.units.get(port);
      const su = this.symUnit(s);
      if (pu && su && !sameDimension(pu, su))
        this.report('error', Codes.BindingUnitMismatch, `port '${port.name}' expects ${showUnit(pu)} but '${b.target.text}' is in ${showUnit(su)}`, b.target.range);
      else if (pu && su && !sameScale(pu, su))
        this.report('error', Codes.UnitScaleMismatch, `port '${port.name}' expects ${showUnit(pu)} but '${b.target.text}' is in ${showUnit(su)} (same dimension, different scale)`, b.target.range);
    }
    for (const p of ports) {
      if (!bound.has(p.name))
        this.report('error', Codes.UnboundPort, `port '${p.name}' of module '${target.name}' is not bound: add '${p.name} = <name>' in the braces`, d.name?.range ?? d.range, {
          related: [{ file: target.file, range: p.nameRange, message: `port '${p.name}' is declared here` }],
          data: { port: p.name },
        });
    }
    if (target.timeUnit && this.m.timeUnit && !sameScale(target.timeUnit, this.m.timeUnit))
      this.report('error', Codes.UnitScaleMismatch, `module '${target.name}' measures time in ${showUnit(target.timeUnit)} but this model uses ${showUnit(this.m.timeUnit)}`, d.module.range);
  }

  private resolveModule(q: A.QualifiedName): ModuleInfo | undefined {
    const byAlias = this.m.imports.get(q.text);
    if (byAlias) {
      byAlias.used = true;
      return byAlias.module;
    }
    for (const imp of this.m.imports.values()) {
      if (imp.module && (imp.module.name === q.text || imp.decl.module?.text === q.text)) {
        imp.used = true;
        return imp.module;
      }
    }
    const sug = suggest(q.text, [...this.m.imports.keys()]);
    this.report('error', Codes.ModuleNotFound, `module '${q.text}' is not imported: add 'import ${q.text}' at the top${sug ? `, or did you mean '${sug}'?` : ''}`, q.range, { data: { module: q.text, ...(sug ? { suggestion: sug } : {}) } });
    return undefined;
  }

  // ---------------------------------------------------------------- units of symbols

  /** Unit of a symbol's value: declared, or inferred from its definition. */
  symUnit(s: Sym): Dim | undefined {
    if (s.module !== this.m) return s.module.units.get(s);
    const c = this.unitCache.get(s);
    if (c === 'pending') return undefined;
    if (c !== undefined || this.unitCache.has(s)) return c;
    this.unitCache.set(s, 'pending');
    const u = this.computeSymUnit(s);
    this.unitCache.set(s, u);
    this.m.units.set(s, u);
    return u;
  }

  private computeSymUnit(s: Sym): Dim | undefined {
    const d = s.decl;
    switch (d.kind) {
      case 'species':
      case 'compartment':
      case 'variable':
      case 'port':
      case 'parameter':
        return this.unitOf(d.unit) ?? (d.kind === 'parameter' && d.value ? this.infer(d.value, { where: 'constant', owner: s }).unit : undefined);
      case 'let':
      case 'observable': {
        const declared = this.unitOf(d.unit);
        if (!d.value) return declared;
        const inf = this.infer(d.value, { where: 'model', owner: s });
        if (d.kind === 'let' && inf.type === 'bool') this.m.boolLets.add(s);
        if (declared && inf.unit && !sameDimension(declared, inf.unit))
          this.report('error', Codes.UnitMismatch, `'${s.name}' is declared in ${showUnit(declared)} but its definition has units ${showUnit(inf.unit)}`, d.value.range, { data: { actual: inf.unit.text, expected: declared.text } });
        else if (declared && inf.unit && !sameScale(declared, inf.unit))
          this.report('error', Codes.UnitScaleMismatch, `'${s.name}' is declared in ${showUnit(declared)} but its definition is in ${showUnit(inf.unit)}: the two differ by a factor ${fmt(inf.unit.scale / declared.scale)}`, d.value.range);
        return declared ?? inf.unit;
      }
      default:
        return undefined;
    }
  }

  private symType(s: Sym): Ty | 'function' | 'surrogate' | 'other' {
    switch (s.kind) {
      case 'logic':
        return 'bool';
      case 'function':
        return 'function';
      case 'surrogate':
        return 'surrogate';
      case 'let': {
        if (s.module === this.m) this.symUnit(s);
        return s.module.boolLets.has(s) ? 'bool' : 'real';
      }
      case 'reaction':
        return 'real';
      case 'event':
      case 'decision':
      case 'instance':
        return 'other';
      default:
        return 'real';
    }
  }

  // ---------------------------------------------------------------- expressions

  private expectReal(e: A.Expr, scope: Scope, unit: Dim | undefined, what: string, code: DiagnosticCode = Codes.UnitMismatch): Inferred {
    const inf = this.infer(e, scope);
    if (inf.type !== 'real') this.report('error', Codes.ExpectedNumber, `${what} must be a number, not a condition`, e.range);
    else if (unit && inf.unit && !sameDimension(unit, inf.unit))
      this.report('error', code, `${what} has units ${showUnit(inf.unit)} but should be in ${showUnit(unit)}`, e.range, { data: { actual: inf.unit.text, expected: unit.text } });
    else if (unit && inf.unit && !sameScale(unit, inf.unit) && !(inf.constant === 0))
      this.report('error', Codes.UnitScaleMismatch, `${what} is in ${showUnit(inf.unit)} but should be in ${showUnit(unit)}: the two differ by a factor ${fmt(inf.unit.scale / unit.scale)}; convert explicitly`, e.range);
    return inf;
  }

  private expectConstantReal(e: A.Expr, unit: Dim | undefined, what: string, owner?: Sym): number | undefined {
    const inf = this.expectReal(e, { where: 'constant', ...(owner ? { owner } : {}) }, unit, what);
    this.requireConstant(e);
    return inf.constant;
  }

  /** Constants may use numbers, parameters, compartments and built-in functions, nothing that changes in time. */
  private requireConstant(e: A.Expr): void {
    walkExpr(e, (n) => {
      if (n.kind === 'ref' || n.kind === 'call') {
        const r = this.m.refs.get(n);
        if (r?.kind === 'time') this.report('error', Codes.ExpectedConstant, 'a constant cannot depend on time', n.range);
        if ((r?.kind === 'symbol' || r?.kind === 'member') && (!['parameter', 'compartment', 'function'].includes(r.symbol.kind) || hasRule(r.symbol.decl)))
          this.report('error', Codes.ExpectedConstant, `a constant cannot depend on ${symbolKindLabel[r.symbol.kind]} '${r.symbol.name}', which changes during a run`, n.range);
      }
    });
  }

  private expectBool(e: A.Expr, scope: Scope, what: string): void {
    const inf = this.infer(e, scope);
    if (inf.type !== 'bool') this.report('error', Codes.ExpectedBoolean, `${what} must be a condition (true or false), such as 'x > 1' or 'A and not B'`, e.range);
  }

  /** Resolve a (qualified) name used as a value. Reports undefined names. */
  private resolveName(q: A.QualifiedName, scope: Scope, node: object = q): Resolved | undefined {
    const parts = q.parts;
    if (parts.length === 0) return undefined;
    const first = parts[0]!.text;
    let result: Resolved | undefined;
    if (scope.fnParams) {
      const i = scope.fnParams.indexOf(first);
      if (i >= 0) {
        if (parts.length > 1) {
          this.report('error', Codes.UnknownModuleMember, `'${first}' is a function parameter and has no members`, q.range);
          return undefined;
        }
        result = { kind: 'function-param', index: i, name: first };
        this.m.refs.set(node, result);
        return result;
      }
    }
    const sym = this.m.symbols.get(first);
    if (sym) {
      sym.used = true;
      if (parts.length === 1) result = { kind: 'symbol', symbol: sym };
      else if (sym.kind === 'instance') result = this.resolveMember(sym, parts.slice(1), q);
      else {
        this.report('error', Codes.UnknownModuleMember, `'${first}' is a ${symbolKindLabel[sym.kind]} and has no member '${parts[1]!.text}'`, q.range);
        return undefined;
      }
    } else {
      const imp = this.m.imports.get(first);
      if (imp) {
        imp.used = true;
        if (!imp.module) return undefined;
        if (parts.length !== 2) {
          this.report('error', Codes.UnknownModuleMember, parts.length === 1 ? `'${first}' is a module; use one of its functions ('${first}.f(...)') or instantiate it` : `'${q.text}' is not a member of module '${imp.module.name}'`, q.range);
          return undefined;
        }
        const member = imp.module.symbols.get(parts[1]!.text);
        if (!member) {
          const sug = suggest(parts[1]!.text, imp.module.symbols.keys());
          this.report('error', Codes.UnknownModuleMember, `module '${imp.module.name}' has no '${parts[1]!.text}'${sug ? `: did you mean '${sug}'?` : ''}`, parts[1]!.range, sug ? { data: { suggestion: sug } } : undefined);
          return undefined;
        }
        if (member.kind !== 'function' && member.kind !== 'surrogate') {
          this.report('error', Codes.WrongKindOfName, `'${q.text}' is a ${symbolKindLabel[member.kind]} of module '${imp.module.name}': instantiate the module ('instance x = ${imp.module.name}(...)') to use its state`, q.range);
          return undefined;
        }
        member.used = true;
        result = { kind: 'imported', symbol: member };
      } else if (parts.length === 1 && first === TIME_NAME) result = { kind: 'time' };
      else if (parts.length === 1 && builtinConstants[first]) result = { kind: 'constant', name: first, value: builtinConstants[first]!.value };
      else {
        const candidates = [...this.m.symbols.keys(), ...this.m.imports.keys(), ...(scope.fnParams ?? []), ...Object.keys(builtinConstants), TIME_NAME];
        const sug = suggest(first, candidates);
        this.report('error', Codes.UndefinedName, `'${first}' is not defined${sug ? `: did you mean '${sug}'?` : ''}`, parts[0]!.range, { data: { name: first, ...(sug ? { suggestion: sug } : {}) } });
        return undefined;
      }
    }
    if (result) this.m.refs.set(node, result);
    return result;
  }

  private resolveMember(inst: Sym, rest: readonly A.Name[], q: A.QualifiedName): Resolved | undefined {
    const instances: Sym[] = [inst];
    let current = inst;
    for (let i = 0; i < rest.length; i++) {
      const decl = current.decl as A.InstanceDecl;
      const mod = decl.module ? this.instanceModule(current) : undefined;
      if (!mod) return undefined;
      const member = mod.symbols.get(rest[i]!.text);
      if (!member) {
        const sug = suggest(rest[i]!.text, mod.symbols.keys());
        this.report('error', Codes.UnknownModuleMember, `instance '${instances.map((s) => s.name).join('.')}' (module '${mod.name}') has no '${rest[i]!.text}'${sug ? `: did you mean '${sug}'?` : ''}`, rest[i]!.range, sug ? { data: { suggestion: sug } } : undefined);
        return undefined;
      }
      member.used = true;
      if (i === rest.length - 1) {
        if (member.kind === 'instance') {
          this.report('error', Codes.WrongKindOfName, `'${q.text}' is a module instance, not a value`, q.range);
          return undefined;
        }
        return { kind: 'member', instances, symbol: member };
      }
      if (member.kind !== 'instance') {
        this.report('error', Codes.UnknownModuleMember, `'${rest[i]!.text}' is a ${symbolKindLabel[member.kind]} and has no members`, rest[i]!.range);
        return undefined;
      }
      instances.push(member);
      current = member;
    }
    return undefined;
  }

  private instanceModule(inst: Sym): ModuleInfo | undefined {
    const d = inst.decl as A.InstanceDecl;
    if (!d.module) return undefined;
    const mod = inst.module;
    const byAlias = mod.imports.get(d.module.text);
    if (byAlias) return byAlias.module;
    for (const imp of mod.imports.values()) if (imp.module && (imp.module.name === d.module.text || imp.decl.module?.text === d.module.text)) return imp.module;
    return undefined;
  }

  infer(e: A.Expr, scope: Scope): Inferred {
    const r = this.inferInner(e, scope);
    return r;
  }

  private inferInner(e: A.Expr, scope: Scope): Inferred {
    switch (e.kind) {
      case 'missing':
        return { type: 'real', unit: undefined };
      case 'number': {
        // A bare number has no unit of its own (as in SBML Level 3): it takes whatever unit its
        // context needs, so `parameter k = 0.3 [1/h]` and `x + 1` are fine.
        const u = e.unit ? this.unitOf(e.unit) : undefined;
        return { type: 'real', unit: u, constant: e.value };
      }
      case 'bool':
        return { type: 'bool', unit: undefined };
      case 'paren':
        return e.inner ? this.infer(e.inner, scope) : { type: 'real', unit: undefined };
      case 'ref':
        return this.inferRef(e, scope);
      case 'call':
        return this.inferCall(e, scope);
      case 'unary': {
        if (!e.operand) return { type: e.op === 'not' ? 'bool' : 'real', unit: undefined };
        const o = this.infer(e.operand, scope);
        if (e.op === 'not') {
          if (o.type !== 'bool') this.report('error', Codes.ExpectedBoolean, "'not' needs a condition", e.operand.range);
          return { type: 'bool', unit: undefined };
        }
        if (o.type !== 'real') this.report('error', Codes.ExpectedNumber, `'${e.op}' needs a number, not a condition`, e.operand.range);
        return { type: 'real', unit: o.unit, ...(o.constant !== undefined ? { constant: e.op === '-' ? -o.constant : o.constant } : {}) };
      }
      case 'if': {
        const c = e.condition ? this.infer(e.condition, scope) : undefined;
        if (c && c.type !== 'bool' && e.condition) this.report('error', Codes.ExpectedBoolean, "the condition after 'if' must be true or false (e.g. 'x > 1')", e.condition.range);
        const a = e.then ? this.infer(e.then, scope) : undefined;
        const b = e.otherwise ? this.infer(e.otherwise, scope) : undefined;
        if (a && b && e.then && e.otherwise) {
          if (a.type !== b.type) this.report('error', Codes.TypeMismatch, `both branches of 'if' must be numbers or both conditions`, e.range);
          else if (a.type === 'real') this.sameUnits(a, b, e.otherwise.range, "the 'else' branch", "the 'then' branch");
        }
        return { type: a?.type ?? b?.type ?? 'real', unit: a?.unit ?? b?.unit };
      }
      case 'binary':
        return this.inferBinary(e, scope);
    }
  }

  private sameUnits(a: Inferred, b: Inferred, range: A.Range, what: string, other: string): void {
    if (!a.unit || !b.unit) return;
    // A bare 0 matches any unit (x > 0, max(x, 0)).
    if (a.constant === 0 || b.constant === 0) return;
    if (!sameDimension(a.unit, b.unit))
      this.report('error', Codes.UnitMismatch, `${what} has units ${showUnit(b.unit)} but ${other} has ${showUnit(a.unit)}`, range, { data: { actual: b.unit.text, expected: a.unit.text } });
    else if (!sameScale(a.unit, b.unit))
      this.report('error', Codes.UnitScaleMismatch, `${what} is in ${showUnit(b.unit)} but ${other} is in ${showUnit(a.unit)}: they differ by a factor ${fmt(b.unit.scale / a.unit.scale)}; convert explicitly`, range);
  }

  private inferRef(e: Extract<A.Expr, { kind: 'ref' }>, scope: Scope): Inferred {
    const r = this.resolveName(e.name, scope, e);
    if (!r) return { type: 'real', unit: undefined };
    switch (r.kind) {
      case 'function-param':
        return { type: 'real', unit: undefined };
      case 'time':
        if (scope.where === 'function') this.report('error', Codes.WrongKindOfName, "functions are pure: pass time 't' as an argument", e.range);
        return { type: 'real', unit: this.m.timeUnit };
      case 'constant':
        return { type: 'real', unit: dimensionless, constant: r.value };
      case 'builtin':
      case 'trajectory':
        return { type: 'real', unit: undefined };
      case 'imported':
        this.report('error', Codes.WrongKindOfName, `'${e.name.text}' is a ${symbolKindLabel[r.symbol.kind]}: call it with arguments`, e.range);
        return { type: 'real', unit: undefined };
      case 'symbol':
      case 'member': {
        const s = r.symbol;
        if (scope.where === 'function') {
          this.report('error', Codes.WrongKindOfName, `functions are pure: pass '${s.name}' as an argument instead of using it directly`, e.range);
          return { type: 'real', unit: undefined };
        }
        if (scope.owner && s === scope.owner && r.kind === 'symbol' && s.kind !== 'logic') {
          this.report('error', Codes.RecursiveDefinition, `'${s.name}' is defined in terms of itself`, e.range);
          return { type: 'real', unit: undefined };
        }
        const t = this.symType(s);
        if (t === 'function' || t === 'surrogate') {
          this.report('error', Codes.WrongKindOfName, `'${s.name}' is a ${symbolKindLabel[s.kind]}: call it with arguments, e.g. ${s.name}(...)`, e.range);
          return { type: 'real', unit: undefined };
        }
        if (t === 'other') {
          this.report('error', Codes.WrongKindOfName, `${symbolKindLabel[s.kind]} '${s.name}' has no value to use in an expression`, e.range);
          return { type: 'real', unit: undefined };
        }
        if (s.kind === 'reaction') return { type: 'real', unit: this.reactionRateUnit(s) };
        const unit = this.symUnit(s);
        const constant = s.kind === 'parameter' && scope.where === 'constant' ? this.parameterConstant(s) : undefined;
        return { type: t, unit, ...(constant !== undefined ? { constant } : {}) };
      }
    }
  }

  private reactionRateUnit(s: Sym): Dim | undefined {
    if (s.module !== this.m) return undefined;
    const d = s.decl as A.ReactionDecl;
    const first = d.reactants[0]?.species ?? d.products[0]?.species;
    const sym = first ? this.m.symbols.get(first.text) : undefined;
    return this.extentRateUnit(sym);
  }

  private readonly constCache = new Map<Sym, number | undefined>();
  private parameterConstant(s: Sym): number | undefined {
    if (this.constCache.has(s)) return this.constCache.get(s);
    this.constCache.set(s, undefined);
    const d = s.decl as A.ParameterDecl;
    const v = d.value && s.module === this.m ? this.infer(d.value, { where: 'constant', owner: s }).constant : undefined;
    this.constCache.set(s, v);
    return v;
  }

  private inferCall(e: Extract<A.Expr, { kind: 'call' }>, scope: Scope): Inferred {
    const q = e.callee;
    const nm = q.text;
    // Trajectory statistics in decisions: max(x) with one argument, final(x), time_above(x, 5), ...
    const traj = trajectoryFunctions[nm];
    if (scope.where === 'decision' && traj && q.parts.length === 1 && !(builtinFunctions[nm] && e.args.length >= 2) && !this.m.symbols.has(nm)) {
      this.m.refs.set(e, { kind: 'trajectory', name: nm });
      if (e.args.length !== traj.args) {
        this.report('error', Codes.WrongArgumentCount, `${traj.doc.split(':')[0]} takes ${traj.args} argument${traj.args === 1 ? '' : 's'}`, e.range);
        return { type: 'real', unit: undefined };
      }
      const series = e.args[0]!;
      let unit: Dim | undefined;
      if (series.kind !== 'ref') this.report('error', Codes.DecisionNeedsTrajectory, `${nm}(...) takes the name of a species, variable, derived quantity or observable`, series.range);
      else {
        const inf = this.infer(series, { where: 'model' });
        unit = inf.unit;
      }
      if (traj.args === 2) {
        const second = this.infer(e.args[1]!, { where: 'model' });
        if (nm === 'at') {
          if (second.unit && this.m.timeUnit && !sameDimension(second.unit, this.m.timeUnit)) this.report('error', Codes.UnitMismatch, `the time in at(x, time) has units ${showUnit(second.unit)} but time is in ${showUnit(this.m.timeUnit)}`, e.args[1]!.range);
        } else this.sameUnits({ type: 'real', unit }, second, e.args[1]!.range, 'the threshold', `'${series.kind === 'ref' ? series.name.text : 'x'}'`);
      }
      return { type: 'real', unit: traj.result === 'time' ? this.m.timeUnit : unit };
    }
    if (traj && q.parts.length === 1 && !builtinFunctions[nm] && !this.m.symbols.has(nm)) {
      this.report('error', Codes.TrajectoryFunctionOutsideDecision, `${nm}(...) is a statistic of a whole run and can only be used in a decision`, q.range);
      return { type: 'real', unit: undefined };
    }
    const args = e.args.map((a) => this.infer(a, scope.where === 'decision' ? { ...scope, where: 'model' } : scope));
    for (let i = 0; i < args.length; i++) if (args[i]!.type !== 'real') this.report('error', Codes.ExpectedNumber, 'function arguments must be numbers, not conditions', e.args[i]!.range);
    // User functions and surrogates (local, imported, or from an instance's module).
    let target: Sym | undefined;
    // `net.out(args)`: output `out` of a local surrogate with several outputs.
    const first = q.parts.length === 2 ? this.m.symbols.get(q.parts[0]!.text) : undefined;
    if (first?.kind === 'surrogate') {
      first.used = true;
      this.m.refs.set(e, { kind: 'symbol', symbol: first });
      return this.inferSurrogateCall(e, first, args, q.parts[1]!);
    }
    if (q.parts.length === 1 && this.m.symbols.has(nm)) {
      target = this.m.symbols.get(nm);
      target!.used = true;
      this.m.refs.set(e, { kind: 'symbol', symbol: target! });
    } else if (q.parts.length > 1) {
      const r = this.resolveName(q, { where: 'model' }, e);
      if (!r) return { type: 'real', unit: undefined };
      if (r.kind === 'imported' || r.kind === 'member' || r.kind === 'symbol') target = r.symbol;
    }
    if (target) {
      if (target.kind === 'function') return this.inferUserCall(e, target, args);
      if (target.kind === 'surrogate') return this.inferSurrogateCall(e, target, args);
      this.report('error', Codes.NotAFunction, `'${nm}' is a ${symbolKindLabel[target.kind]}, not a function`, q.range);
      return { type: 'real', unit: undefined };
    }
    const spec = builtinFunctions[nm];
    if (!spec) {
      const candidates = [...Object.keys(builtinFunctions), ...[...this.m.symbols.values()].filter((s) => s.kind === 'function' || s.kind === 'surrogate').map((s) => s.name)];
      const sug = suggest(nm, candidates);
      this.report('error', Codes.UndefinedName, `unknown function '${nm}'${sug ? `: did you mean '${sug}'?` : ''}`, q.range, { data: { name: nm, ...(sug ? { suggestion: sug } : {}) } });
      return { type: 'real', unit: undefined };
    }
    this.m.refs.set(e, { kind: 'builtin', name: nm });
    if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
      const n = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs > 10 ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      this.report('error', Codes.WrongArgumentCount, `${nm} takes ${n} argument${n === '1' ? '' : 's'}: ${spec.doc}`, e.range);
      return { type: 'real', unit: undefined };
    }
    return this.builtinUnit(nm, spec.unit, e, args);
  }

  private builtinUnit(nm: string, rule: string, e: Extract<A.Expr, { kind: 'call' }>, args: Inferred[]): Inferred {
    const consts = args.map((a) => a.constant);
    const allConst = consts.every((c) => c !== undefined);
    const fold = (f: (...x: number[]) => number): number | undefined => (allConst ? f(...(consts as number[])) : undefined);
    const needDimless = (i: number, severity: Severity = 'error') => {
      const u = args[i]?.unit;
      if (u && !isDimensionless(u))
        this.report(severity, Codes.DimensionlessRequired, `${nm} needs a dimensionless argument, but this has units ${showUnit(u)}${severity === 'warning' ? `: divide by a reference value, e.g. ${nm}(x / 1 ${showUnit(u)})` : ''}`, e.args[i]!.range);
    };
    const jsMath = Math as unknown as Record<string, (...x: number[]) => number>;
    const mathFold = jsMath[nm] ? fold((...x) => jsMath[nm]!(...x)) : undefined;
    switch (rule) {
      case 'same': {
        for (let i = 1; i < args.length; i++) this.sameUnits(args[0]!, args[i]!, e.args[i]!.range, `argument ${i + 1} of ${nm}`, 'the first argument');
        const u = args.find((a) => a.unit && a.constant !== 0)?.unit ?? args[0]?.unit;
        return { type: 'real', unit: u, ...(mathFold !== undefined ? { constant: mathFold } : {}) };
      }
      case 'dimensionless':
        args.forEach((_, i) => needDimless(i));
        return { type: 'real', unit: dimensionless, ...(mathFold !== undefined ? { constant: mathFold } : {}) };
      case 'log': {
        needDimless(0, 'warning');
        const f = nm === 'ln' ? Math.log : (jsMath[nm] ?? Math.log);
        const c = fold((x) => f(x));
        return { type: 'real', unit: dimensionless, ...(c !== undefined ? { constant: c } : {}) };
      }
      case 'sqrt': {
        const c = fold(Math.sqrt);
        return { type: 'real', unit: args[0]!.unit ? powDim(args[0]!.unit, 0.5) : undefined, ...(c !== undefined ? { constant: c } : {}) };
      }
      case 'pow':
        return this.powerUnit(args[0]!, args[1]!, e.args[1]!.range);
      case 'root': {
        needDimless(0);
        const n = args[0]!.constant;
        return { type: 'real', unit: args[1]!.unit && n ? powDim(args[1]!.unit, 1 / n) : undefined };
      }
      case 'hill':
        this.sameUnits(args[0]!, args[1]!, e.args[1]!.range, 'the half-saturation constant K of hill(x, K, n)', 'x');
        needDimless(2);
        return { type: 'real', unit: dimensionless };
      case 'atan2':
        this.sameUnits(args[0]!, args[1]!, e.args[1]!.range, 'x', 'y');
        return { type: 'real', unit: dimensionless };
      default:
        return { type: 'real', unit: undefined };
    }
  }

  private powerUnit(base: Inferred, exp: Inferred, expRange: A.Range): Inferred {
    if (exp.unit && !isDimensionless(exp.unit)) this.report('error', Codes.DimensionlessRequired, `an exponent must be dimensionless, but this has units ${showUnit(exp.unit)}`, expRange);
    const constant = base.constant !== undefined && exp.constant !== undefined ? Math.pow(base.constant, exp.constant) : undefined;
    if (!base.unit) return { type: 'real', unit: undefined, ...(constant !== undefined ? { constant } : {}) };
    if (isDimensionless(base.unit) && base.unit.scale === 1) return { type: 'real', unit: dimensionless, ...(constant !== undefined ? { constant } : {}) };
    // The unit of x^n needs n's value: known for literals and for parameters with literal values.
    if (exp.constant === undefined) return { type: 'real', unit: undefined };
    return { type: 'real', unit: powDim(base.unit, exp.constant), ...(constant !== undefined ? { constant } : {}) };
  }

  private inferUserCall(e: Extract<A.Expr, { kind: 'call' }>, fn: Sym, args: Inferred[]): Inferred {
    const d = fn.decl as A.FunctionDecl;
    if (args.length !== d.params.length) {
      this.report('error', Codes.WrongArgumentCount, `${fn.name} takes ${d.params.length} argument${d.params.length === 1 ? '' : 's'} (${d.params.map((p) => p.text).join(', ')}) but is given ${args.length}`, e.range, {
        related: [{ file: fn.module.file, range: fn.nameRange, message: `'${fn.name}' is declared here` }],
      });
      return { type: 'real', unit: undefined };
    }
    if (!d.body) return { type: 'real', unit: undefined };
    // Units flow through a function by evaluating its body with the arguments' units.
    return new FunctionUnitEvaluator(this.unitsys).evaluate(d, fn.module, args);
  }

  private inferSurrogateCall(e: Extract<A.Expr, { kind: 'call' }>, s: Sym, args: Inferred[], output?: { readonly text: string; readonly range: A.Range }): Inferred {
    const d = s.decl as A.SurrogateDecl;
    if (args.length !== d.inputs.length) {
      this.report('error', Codes.WrongArgumentCount, `surrogate ${s.name} takes ${d.inputs.length} input${d.inputs.length === 1 ? '' : 's'} (${d.inputs.map((p) => p.name.text).join(', ')}) but is given ${args.length}`, e.range, {
        related: [{ file: s.module.file, range: s.nameRange, message: `'${s.name}' is declared here` }],
      });
      return { type: 'real', unit: undefined };
    }
    d.inputs.forEach((inp, i) => {
      const want = inp.unit?.expr ? this.unitsys.evaluate(inp.unit.expr, () => undefined) : undefined;
      const got = args[i]!.unit;
      if (want && got && !sameDimension(want, got))
        this.report('error', Codes.UnitMismatch, `input '${inp.name.text}' of surrogate ${s.name} expects ${showUnit({ ...want, text: inp.unit!.text })} but is given ${showUnit(got)}`, e.args[i]!.range);
    });
    if (output && !d.outputs.some((o) => o.name.text === output.text)) {
      this.report('error', Codes.UndefinedName, `surrogate ${s.name} has no output '${output.text}' (outputs: ${d.outputs.map((o) => o.name.text).join(', ')})`, output.range);
      return { type: 'real', unit: undefined };
    }
    if (!output && d.outputs.length !== 1) {
      this.report('error', Codes.WrongArgumentCount, `surrogate ${s.name} has ${d.outputs.length} outputs; a call gives one value: pick one with ${s.name}.${d.outputs[0]?.name.text ?? 'out'}(...)`, e.range);
      return { type: 'real', unit: undefined };
    }
    const out = output ? d.outputs.find((o) => o.name.text === output.text)! : d.outputs[0]!;
    const ou = out.unit?.expr ? this.unitsys.evaluate(out.unit.expr, () => undefined) : undefined;
    return { type: 'real', unit: ou ? { ...ou, text: out.unit!.text } : undefined };
  }

  private inferBinary(e: Extract<A.Expr, { kind: 'binary' }>, scope: Scope): Inferred {
    const a = this.infer(e.left, scope);
    const b = e.right ? this.infer(e.right, scope) : undefined;
    const op = e.op;
    if (op === 'and' || op === 'or' || op === 'xor' || op === 'implies') {
      if (a.type !== 'bool') this.report('error', Codes.ExpectedBoolean, `'${op}' needs conditions on both sides; '${exprText(this.m.text, e.left)}' is a number`, e.left.range);
      if (b && b.type !== 'bool' && e.right) this.report('error', Codes.ExpectedBoolean, `'${op}' needs conditions on both sides; '${exprText(this.m.text, e.right)}' is a number`, e.right.range);
      return { type: 'bool', unit: undefined };
    }
    if (a.type !== 'real') this.report('error', Codes.ExpectedNumber, `'${op}' needs numbers; '${exprText(this.m.text, e.left)}' is a condition${scope.where !== 'logic' ? " (use 'if ... then ... else ...' to turn a condition into a number)" : ''}`, e.left.range);
    if (b && b.type !== 'real' && e.right) this.report('error', Codes.ExpectedNumber, `'${op}' needs numbers; '${exprText(this.m.text, e.right)}' is a condition`, e.right.range);
    if (!b || !e.right) return { type: ['<', '<=', '>', '>=', '==', '!='].includes(op) ? 'bool' : 'real', unit: undefined };
    const c = (f: (x: number, y: number) => number) => (a.constant !== undefined && b.constant !== undefined ? { constant: f(a.constant, b.constant) } : {});
    switch (op) {
      case '+':
      case '-':
        this.sameUnits(a, b, e.right.range, `the right side of '${op}'`, 'the left side');
        return { type: 'real', unit: a.constant === 0 && b.unit ? b.unit : a.unit ?? b.unit, ...c(op === '+' ? (x, y) => x + y : (x, y) => x - y) };
      case '*':
        return { type: 'real', unit: a.unit && b.unit ? mulDim(a.unit, b.unit) : undefined, ...c((x, y) => x * y) };
      case '/':
        if (b.constant === 0) this.report('warning', Codes.DivisionByZero, 'division by zero', e.right.range);
        return { type: 'real', unit: a.unit && b.unit ? divDim(a.unit, b.unit) : undefined, ...c((x, y) => x / y) };
      case '^':
        return this.powerUnit(a, b, e.right.range);
      case '==':
      case '!=':
        this.sameUnits(a, b, e.right.range, 'the right side of the comparison', 'the left side');
        if (scope.where !== 'decision' && !(Number.isInteger(a.constant ?? 0) && Number.isInteger(b.constant ?? 0)))
          this.report('warning', Codes.SuspiciousConstruct, `comparing real numbers with '${op}' is fragile: a computed value rarely equals a constant exactly; use '<' or '>'`, e.range);
        return { type: 'bool', unit: undefined };
      default:
        this.sameUnits(a, b, e.right.range, 'the right side of the comparison', 'the left side');
        return { type: 'bool', unit: undefined };
    }
  }

  // ---------------------------------------------------------------- unused

  private reportUnused(): void {
    for (const s of this.m.symbols.values()) {
      if (s.used) continue;
      if (s.kind === 'parameter' || s.kind === 'function' || s.kind === 'surrogate' || s.kind === 'compartment')
        this.report('warning', Codes.UnusedDeclaration, `${symbolKindLabel[s.kind]} '${s.name}' is never used`, s.nameRange, { unnecessary: true, data: { name: s.name } });
    }
    for (const imp of this.m.imports.values()) {
      if (!imp.used && imp.module) this.report('warning', Codes.UnusedDeclaration, `import '${imp.alias}' is never used`, imp.decl.range, { unnecessary: true });
    }
  }
}

/** Units through a user function: its body evaluated with the arguments' units (no diagnostics:
 *  the body itself was checked where it is declared). */
class FunctionUnitEvaluator {
  constructor(private readonly unitsys: UnitSystem) {}
  private depth = 0;

  evaluate(d: A.FunctionDecl, module: ModuleInfo, args: readonly Inferred[]): Inferred {
    if (this.depth > 32 || !d.body) return { type: 'real', unit: undefined };
    this.depth++;
    try {
      return this.expr(d.body, d.params.map((p) => p.text), module, args);
    } finally {
      this.depth--;
    }
  }

  private expr(e: A.Expr, params: string[], module: ModuleInfo, args: readonly Inferred[]): Inferred {
    const rec = (x: A.Expr) => this.expr(x, params, module, args);
    switch (e.kind) {
      case 'number':
        return { type: 'real', unit: e.unit?.expr ? this.unitsys.evaluate(e.unit.expr, () => undefined) : dimensionless, constant: e.value };
      case 'bool':
        return { type: 'bool', unit: undefined };
      case 'paren':
        return e.inner ? rec(e.inner) : { type: 'real', unit: undefined };
      case 'ref': {
        const i = params.indexOf(e.name.text);
        if (i >= 0) return args[i] ?? { type: 'real', unit: undefined };
        const c = builtinConstants[e.name.text];
        return c ? { type: 'real', unit: dimensionless, constant: c.value } : { type: 'real', unit: undefined };
      }
      case 'unary': {
        if (!e.operand) return { type: 'real', unit: undefined };
        const o = rec(e.operand);
        return e.op === 'not' ? { type: 'bool', unit: undefined } : { type: 'real', unit: o.unit, ...(o.constant !== undefined ? { constant: e.op === '-' ? -o.constant : o.constant } : {}) };
      }
      case 'if': {
        const a = e.then ? rec(e.then) : undefined;
        const b = e.otherwise ? rec(e.otherwise) : undefined;
        return { type: a?.type ?? 'real', unit: a?.unit ?? b?.unit };
      }
      case 'binary': {
        const a = rec(e.left);
        const b = e.right ? rec(e.right) : { type: 'real' as const, unit: undefined };
        switch (e.op) {
          case '+':
          case '-':
            return { type: 'real', unit: a.constant === 0 ? b.unit : a.unit ?? b.unit };
          case '*':
            return { type: 'real', unit: a.unit && b.unit ? mulDim(a.unit, b.unit) : undefined, ...(a.constant !== undefined && b.constant !== undefined ? { constant: a.constant * b.constant } : {}) };
          case '/':
            return { type: 'real', unit: a.unit && b.unit ? divDim(a.unit, b.unit) : undefined, ...(a.constant !== undefined && b.constant !== undefined ? { constant: a.constant / b.constant } : {}) };
          case '^':
            if (!a.unit) return { type: 'real', unit: undefined };
            if (isDimensionless(a.unit)) return { type: 'real', unit: a.unit };
            return { type: 'real', unit: b.constant !== undefined ? powDim(a.unit, b.constant) : undefined };
          default:
            return { type: 'bool', unit: undefined };
        }
      }
      case 'call': {
        const nm = e.callee.text;
        const fn = module.symbols.get(nm);
        const cargs = e.args.map(rec);
        if (fn?.kind === 'function') return this.evaluate(fn.decl as A.FunctionDecl, module, cargs);
        const spec = builtinFunctions[nm];
        if (!spec) return { type: 'real', unit: undefined };
        switch (spec.unit) {
          case 'same':
            return { type: 'real', unit: cargs[0]?.unit };
          case 'sqrt':
            return { type: 'real', unit: cargs[0]?.unit ? powDim(cargs[0].unit, 0.5) : undefined };
          case 'pow':
            return { type: 'real', unit: cargs[0]?.unit && cargs[1]?.constant !== undefined ? powDim(cargs[0].unit, cargs[1].constant) : cargs[0]?.unit && isDimensionless(cargs[0].unit) ? dimensionless : undefined };
          default:
            return { type: 'real', unit: dimensionless };
        }
      }
      default:
        return { type: 'real', unit: undefined };
    }
  }
}

export { validateWeights } from './surrogate-weights.js';

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

export function exprText(text: string, e: A.Expr): string {
  const s = text.slice(e.range.start, e.range.end);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Visit every node of an expression. */
export function walkExpr(e: A.Expr, visit: (n: A.Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'call':
      e.args.forEach((a) => walkExpr(a, visit));
      break;
    case 'unary':
      if (e.operand) walkExpr(e.operand, visit);
      break;
    case 'binary':
      walkExpr(e.left, visit);
      if (e.right) walkExpr(e.right, visit);
      break;
    case 'if':
      if (e.condition) walkExpr(e.condition, visit);
      if (e.then) walkExpr(e.then, visit);
      if (e.otherwise) walkExpr(e.otherwise, visit);
      break;
    case 'paren':
      if (e.inner) walkExpr(e.inner, visit);
      break;
    default:
      break;
  }
}
