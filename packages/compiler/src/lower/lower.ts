// Lowering: the flat model -> the index-based IR.
//
// Every name becomes an index here; from this point on no model text travels with expressions.
// Semantics follow SBML: a reaction rate is an extent per time; a concentration species changes
// by stoichiometry x rate / compartment size; mass action multiplies by the compartment size.
// Reactions written inside a module against its ports are in the port's units per time, so they
// are scaled by the bound species' compartment size, which keeps a module's meaning independent
// of where it is plugged in.
//
// A concentration species in a compartment whose size changes during the run (a rate rule, an
// assignment rule `:=`, or event assignments) is integrated as its amount, as SBML defines: the
// state `amount(S)` changes by stoichiometry x rate, and S itself is the derived value
// amount(S) / size. So a growing compartment dilutes its species, and an event that resizes a
// compartment conserves the amounts in it.
import * as path from 'node:path';
import {
  Codes, diagnostic, type Ast, type Diagnostic, type FileHost, type ModuleInfo, type Resolved, type Sym, nodeFileHost,
} from '@idt/lang';
import type * as IR from '../ir/types.js';
import { IR_VERSION } from '../ir/types.js';
import { transform, forEachNode } from '../ir/expr-intern.js';
import { evaluateConstant } from './const-eval.js';
import { flatten, type Entity, type InstanceContext } from './flatten.js';
import { loadSurrogateWeights } from './surrogate-weights.js';

export interface LowerResult {
  readonly ir?: IR.IRModel;
  readonly diagnostics: readonly Diagnostic[];
}

type Slot =
  | { readonly kind: 'state'; readonly i: number }
  | { readonly kind: 'param'; readonly i: number }
  | { readonly kind: 'assigned'; readonly i: number }
  | { readonly kind: 'reaction'; readonly entity: Entity }
  | { readonly kind: 'observable'; readonly i: number }
  | { readonly kind: 'none' };

interface MutableState {
  name: string;
  kind: IR.IRState['kind'];
  units?: string;
  doc?: string;
  initial: IR.Expr;
  volume?: IR.Expr;
  rate?: IR.Expr;
  rateFrom?: Entity;
  boundary?: boolean;
  source?: IR.SourceRef;
}

interface MutableParam {
  name: string;
  units?: string;
  doc?: string;
  value: number;
  expr?: IR.Expr;
  discrete?: boolean;
  bounds?: [number, number];
  prior?: { dist: string; args: number[] };
  source?: IR.SourceRef;
}

const builtinMap: Record<string, IR.BuiltinFunction> = { ln: 'log' };

export function lowerProgram(entry: ModuleInfo, host: FileHost = nodeFileHost): LowerResult {
  return new Lowering(entry, host).run();
}

class Lowering {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  private readonly states: MutableState[] = [];
  private readonly params: MutableParam[] = [];
  private readonly assigned: { name: string; units?: string; doc?: string; expr: IR.Expr; source?: IR.SourceRef; entity: Entity }[] = [];
  private readonly observables: IR.IRObservable[] = [];
  private readonly surrogates: IR.IRSurrogate[] = [];
  private readonly surrogateIndex = new Map<Sym, number>();
  private readonly slots = new Map<Entity, Slot>();
  private readonly reactionRates = new Map<Entity, IR.Expr>();
  /** Concentration species in compartments of changing size: the state holding the amount. */
  private readonly amountStates = new Map<Entity, number>();
  /** Compartment -> concentration states in it (species with rate rules on their concentration). */
  private readonly concentrationStates = new Map<Entity, number[]>();
  private readonly lowering = new Set<Entity>();
  private flat!: ReturnType<typeof flatten>;

  constructor(private readonly entry: ModuleInfo, private readonly host: FileHost) {}

  private error(ctx: InstanceContext | ModuleInfo, range: Ast.Range, code: Diagnostic['code'], message: string): void {
    const file = 'file' in ctx ? ctx.file : ctx.module.file;
    this.diagnostics.push(diagnostic('error', code, message, file, range));
  }

  private source(ctx: InstanceContext, range: Ast.Range): IR.SourceRef {
    let i = this.files.indexOf(ctx.module.file);
    if (i < 0) {
      i = this.files.length;
      this.files.push(ctx.module.file);
    }
    return { file: i, start: range.start, end: range.end };
  }

  run(): LowerResult {
    this.flat = flatten(this.entry);
    for (const p of this.flat.problems) this.error(p.ctx, p.range, Codes.InstanceOfSelf, p.message);
    for (const d of this.entry.ast.declarations) {
      if (d.kind === 'port' && d.name)
        this.error(this.entry, d.name.range, Codes.PortInEntryModule, `'${this.entry.name}' declares port '${d.name.text}', so it is a library module: run a twin that instantiates it and binds its ports`);
    }
    this.allocate();
    if (this.diagnostics.length) return { diagnostics: this.diagnostics };
    this.lowerDefinitions();
    const logic = this.lowerLogic();
    const events = this.lowerEvents();
    const decisions = this.lowerDecisions();
    const reactions = this.lowerReactions();
    const order = this.orderAssigned();
    if (!order) return { diagnostics: this.diagnostics };
    const remap = (e: IR.Expr): IR.Expr => transform(e, (n) => (n.k === 'assigned' ? { k: 'assigned', i: order.newIndex[n.i]! } : n));
    const assigned: IR.IRAssigned[] = order.sequence.map((old) => {
      const a = this.assigned[old]!;
      return { name: a.name, ...(a.units ? { units: a.units } : {}), ...(a.doc ? { doc: a.doc } : {}), expr: remap(a.expr), ...(a.source ? { source: a.source } : {}) };
    });
    const initialOf = this.makeInitialInliner(assigned);
    this.computeParamValues();
    const ir: IR.IRModel = {
      irVersion: IR_VERSION,
      name: this.entry.name,
      ...(this.entry.timeUnit ? { timeUnits: this.entry.timeUnit.text } : {}),
      files: this.files,
      states: this.states.map((s, i) => ({
        name: s.name,
        kind: s.kind,
        ...(s.units ? { units: s.units } : {}),
        ...(s.doc ? { doc: s.doc } : {}),
        initial: initialOf(i),
        ...(s.volume ? { volume: remap(s.volume) } : {}),
        ...(s.rate ? { rate: remap(s.rate) } : {}),
        ...(s.boundary ? { boundary: true } : {}),
        ...(s.source ? { source: s.source } : {}),
      })),
      params: this.params.map((p) => ({ ...p })),
      assigned,
      reactions: reactions.map((r) => ({ ...r, rate: remap(r.rate) })),
      logic: logic.map((l) => (l.rule ? { ...l, rule: remap(l.rule) } : l)),
      events: events.map((e) => remapEvent(e, remap)),
      surrogates: this.surrogates,
      observables: this.observables.map((o) => ({ ...o, expr: remap(o.expr), ...(o.noise ? { noise: { dist: o.noise.dist, args: o.noise.args.map(remap) } } : {}) })),
      decisions,
      ...this.simulateSettings(),
    };
    return { ir, diagnostics: this.diagnostics };
  }

  // ------------------------------------------------------------------ allocation

  private allocate(): void {
    const rateRuleTargets = new Set<Entity>();
    const eventTargets = new Set<Entity>();
    for (const e of this.flat.entities) {
      if (e.kind === 'rate-rule') {
        const d = e.decl as Ast.RateRuleDecl;
        const target = d.target ? this.entityOfName(e.ctx, d.target) : undefined;
        if (target) rateRuleTargets.add(target);
      } else if (e.kind === 'event') {
        for (const a of (e.decl as Ast.EventDecl).assignments) {
          const target = a.target ? this.entityOfName(e.ctx, a.target) : undefined;
          if (target) eventTargets.add(target);
        }
      }
    }
    const changingSize = (c: Entity | undefined): boolean =>
      !!c && ((c.decl as Ast.CompartmentDecl).rule !== undefined || rateRuleTargets.has(c) || eventTargets.has(c));
    // Logic nodes go last in p, contiguously (the runtime reads p[logicOffset + k]).
    for (const e of this.flat.entities) {
      const d = e.decl;
      const units = this.unitText(e);
      const doc = (d as { doc?: string }).doc;
      const src = this.source(e.ctx, d.range);
      switch (e.kind) {
        case 'species': {
          const sd = d as Ast.SpeciesDecl;
          const isAmount = sd.flags.some((f) => f.flag === 'amount');
          if (sd.rule) {
            this.slots.set(e, { kind: 'assigned', i: this.assigned.length });
            this.assigned.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), expr: { k: 'num', v: 0 }, source: src, entity: e });
          } else if (!isAmount && sd.compartment && !rateRuleTargets.has(e) && changingSize(this.compartmentEntity(e))) {
            // The amount is the state; the species' value (its concentration) is derived from it.
            // A constant species keeps its amount (SBML), so its concentration follows the size too.
            this.amountStates.set(e, this.states.length);
            const fixed = sd.flags.some((f) => f.flag === 'boundary' || f.flag === 'constant');
            this.states.push({ name: `amount(${e.name})`, kind: 'species', ...(doc ? { doc } : {}), initial: { k: 'num', v: 0 }, ...(fixed ? { boundary: true } : {}), source: src });
            this.slots.set(e, { kind: 'assigned', i: this.assigned.length });
            this.assigned.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), expr: { k: 'num', v: 0 }, source: src, entity: e });
          } else if (sd.flags.some((f) => f.flag === 'constant') && !rateRuleTargets.has(e)) {
            this.slots.set(e, { kind: 'param', i: this.params.length });
            this.params.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), value: 0, source: src });
          } else {
            this.slots.set(e, { kind: 'state', i: this.states.length });
            this.states.push({ name: e.name, kind: 'species', ...(units ? { units } : {}), ...(doc ? { doc } : {}), initial: { k: 'num', v: 0 }, ...(sd.flags.some((f) => f.flag === 'boundary') ? { boundary: true } : {}), source: src });
          }
          break;
        }
        case 'variable':
          this.slots.set(e, { kind: 'state', i: this.states.length });
          this.states.push({ name: e.name, kind: 'variable', ...(units ? { units } : {}), ...(doc ? { doc } : {}), initial: { k: 'num', v: 0 }, source: src });
          break;
        case 'compartment':
          if ((d as Ast.CompartmentDecl).rule) {
            this.slots.set(e, { kind: 'assigned', i: this.assigned.length });
            this.assigned.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), expr: { k: 'num', v: 1 }, source: src, entity: e });
          } else if (rateRuleTargets.has(e)) {
            this.slots.set(e, { kind: 'state', i: this.states.length });
            this.states.push({ name: e.name, kind: 'compartment', ...(units ? { units } : {}), ...(doc ? { doc } : {}), initial: { k: 'num', v: 1 }, source: src });
          } else {
            this.slots.set(e, { kind: 'param', i: this.params.length });
            this.params.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), value: 1, source: src });
          }
          break;
        case 'parameter':
          this.slots.set(e, { kind: 'param', i: this.params.length });
          this.params.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), value: 0, source: src });
          break;
        case 'let':
          this.slots.set(e, { kind: 'assigned', i: this.assigned.length });
          this.assigned.push({ name: e.name, ...(units ? { units } : {}), ...(doc ? { doc } : {}), expr: { k: 'num', v: 0 }, source: src, entity: e });
          break;
        case 'reaction':
          this.slots.set(e, { kind: 'reaction', entity: e });
          break;
        case 'surrogate':
          this.allocateSurrogate(e);
          break;
        default:
          break;
      }
    }
    for (const e of this.flat.entities) {
      if (e.kind !== 'logic') continue;
      this.slots.set(e, { kind: 'param', i: this.params.length });
      const d = e.decl as Ast.LogicDecl;
      this.params.push({ name: e.name, ...(d.doc ? { doc: d.doc } : {}), value: d.initially?.value ? 1 : 0, discrete: true, source: this.source(e.ctx, d.range) });
    }
  }

  private allocateSurrogate(e: Entity): void {
    const d = e.decl as Ast.SurrogateDecl;
    const prop = (n: string) => d.properties.find((p) => p.name.text === n);
    const hidden = (prop('layers')?.values ?? []).map((v) => Number(v.value));
    const layers = [d.inputs.length, ...hidden, d.outputs.length];
    const weightsRel = prop('weights')?.values[0]?.value;
    const weightsFile = typeof weightsRel === 'string' ? path.resolve(path.dirname(e.ctx.module.file), weightsRel) : undefined;
    const activation = String(prop('activation')?.values[0]?.value ?? 'tanh');
    const loaded = weightsFile ? loadSurrogateWeights(this.host, weightsFile, layers) : undefined;
    if (loaded && 'error' in loaded) {
      this.error(e.ctx, d.name?.range ?? d.range, Codes.WeightsFileMalformed, loaded.error);
    }
    const weights = loaded && !('error' in loaded) ? loaded : undefined;
    this.surrogateIndex.set(e.sym!, this.surrogates.length);
    this.surrogates.push({
      name: e.name,
      inputs: d.inputs.map((p) => ({ name: p.name.text, ...(p.unit ? { units: p.unit.text } : {}) })),
      outputs: d.outputs.map((p) => ({ name: p.name.text, ...(p.unit ? { units: p.unit.text } : {}) })),
      layers: weights?.layers ?? layers,
      activation: weights?.activation ?? activation,
      ...(weights ? { weights: weights.weights } : {}),
      ...(weightsFile ? { weightsFile: path.relative(path.dirname(this.entry.file), weightsFile) } : {}),
      source: this.source(e.ctx, d.range),
    });
  }

  private unitText(e: Entity): string | undefined {
    const d = e.decl as { unit?: Ast.UnitAnnotation };
    if (d.unit?.text) return d.unit.text;
    if (e.sym) return e.ctx.module.units.get(e.sym)?.text;
    return undefined;
  }

  // ------------------------------------------------------------------ names -> entities

  /** The entity a symbol denotes in a context, following port bindings outward. */
  private entityOfSymbol(ctx: InstanceContext, sym: Sym): Entity | undefined {
    if (sym.kind === 'port') {
      const target = ctx.bindings.get(sym);
      if (!target || !ctx.parent) return undefined;
      const r = ctx.parent.module.refs.get(target);
      return r ? this.entityOfResolved(ctx.parent, r) : undefined;
    }
    return this.flat.bySymbol.get(ctx)?.get(sym);
  }

  private entityOfResolved(ctx: InstanceContext, r: Resolved): Entity | undefined {
    if (r.kind === 'symbol') return this.entityOfSymbol(ctx, r.symbol);
    if (r.kind === 'member') {
      let c: InstanceContext | undefined = ctx;
      for (const inst of r.instances) c = c?.children.get(inst);
      return c ? this.entityOfSymbol(c, r.symbol) : undefined;
    }
    return undefined;
  }

  private entityOfName(ctx: InstanceContext, q: Ast.QualifiedName): Entity | undefined {
    const r = ctx.module.refs.get(q);
    return r ? this.entityOfResolved(ctx, r) : undefined;
  }

  // ------------------------------------------------------------------ expressions

  /** Lower an expression read in `ctx`; `fn` carries arguments while inlining a function body. */
  private expr(e: Ast.Expr | undefined, ctx: InstanceContext, fn?: { module: ModuleInfo; args: IR.Expr[] }): IR.Expr {
    if (!e) return { k: 'num', v: NaN };
    const module = fn?.module ?? ctx.module;
    switch (e.kind) {
      case 'number':
        return { k: 'num', v: e.value };
      case 'bool':
        return { k: 'const', v: e.value };
      case 'paren':
        return this.expr(e.inner, ctx, fn);
      case 'missing':
        return { k: 'num', v: NaN };
      case 'unary': {
        const a = this.expr(e.operand, ctx, fn);
        return e.op === 'not' ? { k: 'not', a } : e.op === '-' ? { k: 'neg', a } : a;
      }
      case 'if':
        return { k: 'if', c: this.expr(e.condition, ctx, fn), a: this.expr(e.then, ctx, fn), b: this.expr(e.otherwise, ctx, fn) };
      case 'binary': {
        const a = this.expr(e.left, ctx, fn);
        const b = this.expr(e.right, ctx, fn);
        switch (e.op) {
          case '+':
            return { k: 'add', args: [a, b] };
          case '-':
            return { k: 'sub', a, b };
          case '*':
            return { k: 'mul', args: [a, b] };
          case '/':
            return { k: 'div', a, b };
          case '^':
            return { k: 'pow', a, b };
          case 'and':
          case 'or':
          case 'xor':
          case 'implies':
            return { k: 'bool', op: e.op, args: [a, b] };
          default:
            return { k: 'cmp', op: e.op, a, b };
        }
      }
      case 'ref': {
        const r = module.refs.get(e);
        return r ? this.resolvedValue(r, ctx, fn, e.range) : { k: 'num', v: NaN };
      }
      case 'call': {
        const r = module.refs.get(e);
        const args = e.args.map((a) => this.expr(a, ctx, fn));
        if (!r) return { k: 'num', v: NaN };
        if (r.kind === 'builtin') return { k: 'call', fn: builtinMap[r.name] ?? (r.name as IR.BuiltinFunction), args };
        if (r.kind === 'symbol' || r.kind === 'imported' || r.kind === 'member') {
          const s = r.symbol;
          if (s.kind === 'function') {
            const fd = s.decl as Ast.FunctionDecl;
            if (this.inlineDepth > 64) {
              this.error(ctx, e.range, Codes.RecursiveDefinition, `function '${s.name}' calls itself (directly or through other functions)`);
              return { k: 'num', v: NaN };
            }
            this.inlineDepth++;
            try {
              return this.expr(fd.body, ctx, { module: s.module, args });
            } finally {
              this.inlineDepth--;
            }
          }
          if (s.kind === 'surrogate') {
            const idx = this.surrogateIndex.get(s);
            if (idx === undefined) return { k: 'num', v: NaN };
            // `net.out(args)` picks an output by name; a plain call has a single output.
            const outputs = (s.decl as Ast.SurrogateDecl).outputs;
            const picked = e.callee.parts.length === 2 && e.callee.parts[0]!.text === s.name ? outputs.findIndex((o) => o.name.text === e.callee.parts[1]!.text) : 0;
            return { k: 'surrogate', s: idx, out: Math.max(0, picked), args };
          }
        }
        return { k: 'num', v: NaN };
      }
    }
  }
  private inlineDepth = 0;

  private resolvedValue(r: Resolved, ctx: InstanceContext, fn: { module: ModuleInfo; args: IR.Expr[] } | undefined, range: Ast.Range): IR.Expr {
    switch (r.kind) {
      case 'function-param':
        return fn?.args[r.index] ?? { k: 'num', v: NaN };
      case 'time':
        return { k: 'time' };
      case 'constant':
        return { k: 'num', v: r.value };
      case 'symbol':
      case 'member': {
        const ent = this.entityOfResolved(ctx, r);
        if (!ent) {
          this.error(ctx, range, Codes.UnboundPort, `'${r.symbol.name}' is a port that is not bound to anything here`);
          return { k: 'num', v: NaN };
        }
        return this.entityValue(ent, ctx, range);
      }
      default:
        return { k: 'num', v: NaN };
    }
  }

  private entityValue(ent: Entity, ctx: InstanceContext, range: Ast.Range): IR.Expr {
    const slot = this.slots.get(ent);
    if (!slot) return { k: 'num', v: NaN };
    switch (slot.kind) {
      case 'state':
        return { k: 'state', i: slot.i };
      case 'param':
        return { k: 'param', i: slot.i };
      case 'assigned':
        return { k: 'assigned', i: slot.i };
      case 'reaction':
        return this.reactionRate(ent, ctx, range);
      case 'observable':
        return this.observables[slot.i]!.expr;
      default:
        return { k: 'num', v: NaN };
    }
  }

  // ------------------------------------------------------------------ definitions

  private lowerDefinitions(): void {
    for (const e of this.flat.entities) {
      const slot = this.slots.get(e);
      switch (e.kind) {
        case 'species':
        case 'variable':
        case 'compartment': {
          const d = e.decl as Ast.SpeciesDecl | Ast.VariableDecl | Ast.CompartmentDecl;
          if (d.kind !== 'variable' && d.rule && slot?.kind === 'assigned') {
            this.assigned[slot.i]!.expr = this.expr(d.rule, e.ctx);
            break;
          }
          const init = d.kind === 'compartment' ? d.size : d.initial;
          const value = this.valueWithOverride(e, init);
          const amountState = this.amountStates.get(e);
          if (amountState !== undefined && slot?.kind === 'assigned') {
            const c = this.compartmentEntity(e);
            const size = c ? this.entityValue(c, e.ctx, d.range) : { k: 'num' as const, v: 1 };
            this.states[amountState]!.initial = { k: 'mul', args: [value ?? { k: 'num', v: 0 }, size] };
            this.assigned[slot.i]!.expr = { k: 'div', a: { k: 'state', i: amountState }, b: size };
          } else if (slot?.kind === 'state') {
            const s = this.states[slot.i]!;
            s.initial = value ?? { k: 'num', v: d.kind === 'compartment' ? 1 : 0 };
            if (d.kind === 'species' && d.compartment && !d.flags.some((f) => f.flag === 'amount')) {
              const c = this.compartmentEntity(e);
              if (c) {
                s.volume = this.entityValue(c, e.ctx, d.range);
                if (!this.concentrationStates.has(c)) this.concentrationStates.set(c, []);
                this.concentrationStates.get(c)!.push(slot.i);
              }
            }
          } else if (slot?.kind === 'param') {
            this.params[slot.i]!.expr = value ?? { k: 'num', v: d.kind === 'compartment' ? 1 : 0 };
          }
          break;
        }
        case 'parameter': {
          const d = e.decl as Ast.ParameterDecl;
          const p = this.params[(slot as { i: number }).i]!;
          p.expr = this.valueWithOverride(e, d.value) ?? { k: 'num', v: NaN };
          if (d.bounds?.low && d.bounds.high) {
            const lo = evaluateConstant(this.expr(d.bounds.low, e.ctx));
            const hi = evaluateConstant(this.expr(d.bounds.high, e.ctx));
            if (lo !== undefined && hi !== undefined) p.bounds = [lo, hi];
          }
          if (d.prior) {
            const args = d.prior.args.map((a) => evaluateConstant(this.expr(a, e.ctx)) ?? NaN);
            p.prior = { dist: d.prior.name.text, args };
          }
          break;
        }
        case 'let': {
          const d = e.decl as Ast.LetDecl;
          this.assigned[(slot as { i: number }).i]!.expr = this.expr(d.value, e.ctx);
          break;
        }
        case 'rate-rule': {
          const d = e.decl as Ast.RateRuleDecl;
          const target = d.target ? this.entityOfName(e.ctx, d.target) : undefined;
          const ts = target ? this.slots.get(target) : undefined;
          if (!target || ts?.kind !== 'state') break;
          const s = this.states[ts.i]!;
          if (s.rate && s.rateFrom) {
            this.error(e.ctx, d.target!.range, Codes.ConflictingWrites, `'${s.name}' gets a rate rule from two places (here and in '${s.rateFrom.ctx.prefix.replace(/\.$/, '') || this.entry.name}'): a hub variable can have only one`);
            break;
          }
          s.rate = this.expr(d.value, e.ctx);
          s.rateFrom = e;
          break;
        }
        case 'observable': {
          const d = e.decl as Ast.ObservableDecl;
          const units = this.unitText(e);
          this.slots.set(e, { kind: 'observable', i: this.observables.length });
          this.observables.push({
            name: e.name,
            ...(units ? { units } : {}),
            ...(d.doc ? { doc: d.doc } : {}),
            expr: this.expr(d.value, e.ctx),
            ...(d.noise ? { noise: { dist: d.noise.name.text, args: d.noise.args.map((a) => this.expr(a, e.ctx)) } } : {}),
            source: this.source(e.ctx, d.range),
          });
          break;
        }
        default:
          break;
      }
    }
  }

  /** A declaration's value, or the instance's override of it (read in the instantiating module). */
  private valueWithOverride(e: Entity, own: Ast.Expr | undefined): IR.Expr | undefined {
    const override = e.sym ? e.ctx.overrides.get(e.sym) : undefined;
    if (override && e.ctx.parent) return this.expr(override, e.ctx.parent);
    return own ? this.expr(own, e.ctx) : undefined;
  }

  private compartmentEntity(species: Entity): Entity | undefined {
    const d = species.decl as Ast.SpeciesDecl;
    if (!d.compartment) return undefined;
    const sym = species.ctx.module.symbols.get(d.compartment.text);
    return sym ? this.flat.bySymbol.get(species.ctx)?.get(sym) : undefined;
  }

  // ------------------------------------------------------------------ reactions

  /** Reactants (negative coefficients) and products; `coefExpr` for a computed stoichiometry,
   *  whose `coef` is then just its sign. */
  private participants(e: Entity): { ent: Entity; coef: number; coefExpr?: IR.Expr; viaPort: boolean }[] {
    const d = e.decl as Ast.ReactionDecl;
    const out: { ent: Entity; coef: number; coefExpr?: IR.Expr; viaPort: boolean }[] = [];
    for (const [sign, terms] of [[-1, d.reactants], [1, d.products]] as const) {
      for (const t of terms) {
        if (!t.species) continue;
        const r = e.ctx.module.refs.get(t.species);
        const ent = r ? this.entityOfResolved(e.ctx, r) : undefined;
        if (!ent) continue;
        const viaPort = r?.kind === 'symbol' && r.symbol.kind === 'port';
        if (t.coefficientExpr) {
          const c = this.expr(t.coefficientExpr, e.ctx);
          out.push({ ent, coef: sign, coefExpr: sign < 0 ? { k: 'neg', a: c } : c, viaPort });
        } else out.push({ ent, coef: sign * (t.coefficient?.value ?? 1), viaPort });
      }
    }
    return out;
  }

  /** The compartment-size factor that turns a concentration rate into an extent rate. */
  private volumeOf(ent: Entity): IR.Expr | undefined {
    if (this.amountStates.has(ent)) {
      const c = this.compartmentEntity(ent);
      return c ? this.entityValue(c, ent.ctx, ent.decl.range) : undefined;
    }
    const slot = this.slots.get(ent);
    return slot?.kind === 'state' ? this.states[slot.i]!.volume : undefined;
  }

  private reactionRate(e: Entity, ctx: InstanceContext, range: Ast.Range): IR.Expr {
    const cached = this.reactionRates.get(e);
    if (cached) return cached;
    if (this.lowering.has(e)) {
      this.error(ctx, range, Codes.RecursiveDefinition, `the rate of reaction '${e.name}' depends on itself`);
      return { k: 'num', v: NaN };
    }
    this.lowering.add(e);
    const d = e.decl as Ast.ReactionDecl;
    const parts = this.participants(e);
    const first = parts[0];
    const vol = first ? this.volumeOf(first.ent) : undefined;
    let rate: IR.Expr;
    const k = d.kinetics;
    if (!k) rate = { k: 'num', v: 0 };
    else if (k.kind === 'rate') {
      rate = this.expr(k.rate, e.ctx);
      if (first?.viaPort && vol) rate = { k: 'mul', args: [vol, rate] };
    } else {
      const term = (kexpr: Ast.Expr | undefined, sign: -1 | 1): IR.Expr => {
        const factors: IR.Expr[] = [this.expr(kexpr, e.ctx)];
        for (const p of parts) {
          if (Math.sign(p.coef) !== sign) continue;
          const v = this.entityValue(p.ent, e.ctx, range);
          if (p.coefExpr) {
            factors.push({ k: 'pow', a: v, b: sign < 0 ? { k: 'neg', a: p.coefExpr } : p.coefExpr });
            continue;
          }
          const n = Math.abs(p.coef);
          factors.push(n === 1 ? v : { k: 'pow', a: v, b: { k: 'num', v: n } });
        }
        return { k: 'mul', args: factors };
      };
      const forward = term(k.forward, -1);
      rate = d.reversible && k.reverse ? { k: 'sub', a: forward, b: term(k.reverse, 1) } : forward;
      if (vol) rate = { k: 'mul', args: [vol, rate] };
    }
    this.lowering.delete(e);
    this.reactionRates.set(e, rate);
    return rate;
  }

  private lowerReactions(): IR.IRReaction[] {
    const out: IR.IRReaction[] = [];
    for (const e of this.flat.entities) {
      if (e.kind !== 'reaction') continue;
      const d = e.decl as Ast.ReactionDecl;
      const merged = new Map<number, number>();
      const exprs = new Map<number, IR.Expr[]>();
      for (const p of this.participants(e)) {
        const slot = this.slots.get(p.ent);
        const i = this.amountStates.get(p.ent) ?? (slot?.kind === 'state' ? slot.i : undefined);
        if (i === undefined) continue;
        const st = this.states[i]!;
        if (st.boundary || st.rate) continue;
        // A computed stoichiometry that lowered to a number counts as that number.
        merged.set(i, (merged.get(i) ?? 0) + (p.coefExpr?.k === 'num' ? p.coefExpr.v : p.coef));
        if (!exprs.has(i)) exprs.set(i, []);
        exprs.get(i)!.push(p.coefExpr ?? { k: 'num', v: p.coef });
      }
      const stoich: { state: number; coef: number; coefExpr?: IR.Expr }[] = [];
      for (const [state, coef] of merged) {
        const terms = exprs.get(state)!;
        if (terms.every((t) => t.k === 'num')) {
          if (coef !== 0) stoich.push({ state, coef });
        } else stoich.push({ state, coef: Math.sign(coef) || 1, coefExpr: terms.length === 1 ? terms[0]! : { k: 'add', args: terms } });
      }
      out.push({ name: e.name, rate: this.reactionRate(e, e.ctx, d.range), stoich, reversible: d.reversible, source: this.source(e.ctx, d.range) });
    }
    return out;
  }

  // ------------------------------------------------------------------ logic, events, decisions

  private lowerLogic(): IR.IRLogicNode[] {
    const out: IR.IRLogicNode[] = [];
    for (const e of this.flat.entities) {
      if (e.kind !== 'logic') continue;
      const d = e.decl as Ast.LogicDecl;
      const slot = this.slots.get(e) as { i: number };
      out.push({
        name: e.name,
        ...(d.doc ? { doc: d.doc } : {}),
        param: slot.i,
        ...(d.rule ? { rule: this.expr(d.rule, e.ctx) } : {}),
        initial: d.initially?.value ?? false,
        ...(d.priority ? { priority: d.priority.value } : {}),
        source: this.source(e.ctx, d.range),
      });
    }
    return out;
  }

  private lowerEvents(): IR.IREvent[] {
    const out: IR.IREvent[] = [];
    for (const e of this.flat.entities) {
      if (e.kind !== 'event') continue;
      const d = e.decl as Ast.EventDecl;
      const t = d.trigger;
      if (!t) continue;
      let trigger: IR.IRTrigger;
      if (t.kind === 'at') trigger = { kind: 'at', time: this.expr(t.time, e.ctx) };
      else if (t.kind === 'every')
        trigger = {
          kind: 'every',
          period: this.expr(t.period, e.ctx),
          start: t.from ? this.expr(t.from, e.ctx) : { k: 'num', v: 0 },
          ...(t.until ? { end: this.expr(t.until, e.ctx) } : {}),
          ...(t.times ? { count: this.expr(t.times, e.ctx) } : {}),
        };
      else trigger = { kind: 'when', condition: this.expr(t.condition, e.ctx) };
      const assignments: IR.IREventAssignment[] = [];
      // Compartments this event resizes: their size after the event (values are computed before
      // any assignment is applied, so these are expressions of the state before the event).
      const resized = new Map<Entity, IR.Expr>();
      for (const a of d.assignments) {
        const ent = a.target ? this.entityOfName(e.ctx, a.target) : undefined;
        if (!ent || ent.kind !== 'compartment') continue;
        const now = this.entityValue(ent, e.ctx, a.range);
        const v = this.expr(a.value, e.ctx);
        resized.set(ent, a.op === '=' ? v : a.op === '+=' ? { k: 'add', args: [now, v] } : a.op === '-=' ? { k: 'sub', a: now, b: v } : a.op === '*=' ? { k: 'mul', args: [now, v] } : { k: 'div', a: now, b: v });
      }
      for (const a of d.assignments) {
        if (!a.target) continue;
        const ent = this.entityOfName(e.ctx, a.target);
        const amount = ent ? this.amountStates.get(ent) : undefined;
        if (ent && amount !== undefined) {
          // The event sets a concentration; the state is the amount: scale by the size before the
          // event (as the SBML test suite does when the same event also resizes the compartment:
          // the amount is fixed first, then the resize keeps it).
          const value = this.expr(a.value, e.ctx);
          const size = this.volumeOf(ent) ?? { k: 'num', v: 1 };
          const scaled: IR.Expr = a.op === '*=' || a.op === '/=' ? value : { k: 'mul', args: [value, size] };
          assignments.push({ target: { kind: 'state', i: amount }, op: a.op, value: scaled });
          continue;
        }
        const slot = ent ? this.slots.get(ent) : undefined;
        if (!slot || (slot.kind !== 'state' && slot.kind !== 'param')) continue;
        if (slot.kind === 'param') this.params[slot.i]!.discrete = true;
        assignments.push({ target: { kind: slot.kind, i: slot.i }, op: a.op, value: this.expr(a.value, e.ctx) });
      }
      // A resized compartment keeps the amounts of the species in it (SBML): a concentration
      // integrated directly (a species with a rate rule) is rescaled by old size / new size, after
      // any value this event gives it (which, like an amount, is taken at the old size).
      for (const [c, after] of resized) {
        const before = this.entityValue(c, e.ctx, d.range);
        for (const i of this.concentrationStates.get(c) ?? []) {
          assignments.push({ target: { kind: 'state', i }, op: '*=', value: { k: 'div', a: before, b: after }, implied: true });
        }
      }
      const name = d.name ? e.name : `${e.ctx.prefix}event@${this.lineOf(e.ctx.module, d.range.start)}`;
      out.push({
        name,
        intervention: d.intervention,
        trigger,
        ...(d.delay ? { delay: this.expr(d.delay, e.ctx) } : {}),
        ...(d.priority ? { priority: this.expr(d.priority, e.ctx) } : {}),
        persistent: d.persistent?.value ?? true,
        initialValue: d.initially?.value ?? true,
        useValuesFromTriggerTime: d.valuesAt?.value !== 'execution',
        assignments,
        source: this.source(e.ctx, d.range),
      });
    }
    return out;
  }

  private lineOf(m: ModuleInfo, offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < m.text.length; i++) if (m.text.charCodeAt(i) === 10) line++;
    return line;
  }

  private lowerDecisions(): IR.IRDecision[] {
    const out: IR.IRDecision[] = [];
    for (const e of this.flat.entities) {
      if (e.kind !== 'decision') continue;
      const d = e.decl as Ast.DecisionDecl;
      const branches: { label: string; when: IR.TrajectoryExpr }[] = [];
      let otherwise = '';
      for (const b of d.branches) {
        if (b.otherwise) otherwise = b.label.text;
        else if (b.condition) branches.push({ label: b.label.text, when: this.trajectory(b.condition, e.ctx) });
      }
      out.push({ name: e.name, ...(d.doc ? { doc: d.doc } : {}), branches, otherwise, source: this.source(e.ctx, d.range) });
    }
    return out;
  }

  private trajectory(e: Ast.Expr | undefined, ctx: InstanceContext): IR.TrajectoryExpr {
    if (!e) return { k: 'num', v: NaN };
    switch (e.kind) {
      case 'number':
        return { k: 'num', v: e.value };
      case 'paren':
        return this.trajectory(e.inner, ctx);
      case 'unary':
        if (e.op === 'not') return { k: 'not', a: this.trajectory(e.operand, ctx) };
        if (e.op === '-') return { k: 'arith', op: '-', a: { k: 'num', v: 0 }, b: this.trajectory(e.operand, ctx) };
        return this.trajectory(e.operand, ctx);
      case 'binary': {
        const a = this.trajectory(e.left, ctx);
        const b = this.trajectory(e.right, ctx);
        if (e.op === 'and' || e.op === 'or' || e.op === 'xor' || e.op === 'implies') return { k: 'bool', op: e.op, args: [a, b] };
        if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') return { k: 'arith', op: e.op, a, b };
        if (e.op === '^') return { k: 'num', v: NaN };
        return { k: 'cmp', op: e.op, a, b };
      }
      case 'call': {
        const r = ctx.module.refs.get(e);
        if (r?.kind !== 'trajectory') return { k: 'num', v: NaN };
        const series = e.args[0];
        const sr = series?.kind === 'ref' ? ctx.module.refs.get(series) : undefined;
        const ent = sr ? this.entityOfResolved(ctx, sr) : undefined;
        const second = e.args[1] ? evaluateConstant(this.expr(e.args[1], ctx), this.params.map((p) => p.value)) : undefined;
        return { k: 'stat', fn: r.name as Extract<IR.TrajectoryExpr, { k: 'stat' }>['fn'], series: ent?.name ?? '', ...(second !== undefined ? { arg: second } : {}) };
      }
      default:
        return { k: 'num', v: NaN };
    }
  }

  // ------------------------------------------------------------------ ordering and values

  /** Topological order of assignment rules (each refers only to earlier ones). */
  private orderAssigned(): { sequence: number[]; newIndex: number[] } | undefined {
    const n = this.assigned.length;
    const deps = this.assigned.map((a) => {
      const set = new Set<number>();
      forEachNode(a.expr, (x) => {
        if (x.k === 'assigned') set.add(x.i);
      });
      return set;
    });
    const mark = new Uint8Array(n); // 0 new, 1 visiting, 2 done
    const sequence: number[] = [];
    let ok = true;
    const visit = (i: number, stack: number[]): void => {
      if (mark[i] === 2) return;
      if (mark[i] === 1) {
        const cycle = stack.slice(stack.indexOf(i)).map((j) => this.assigned[j]!.name);
        const a = this.assigned[i]!;
        this.error(a.entity.ctx, a.entity.decl.range, Codes.RecursiveDefinition, `these derived quantities are defined in terms of each other: ${[...cycle, a.name].join(' -> ')}`);
        ok = false;
        return;
      }
      mark[i] = 1;
      stack.push(i);
      for (const j of deps[i]!) visit(j, stack);
      stack.pop();
      mark[i] = 2;
      sequence.push(i);
    };
    for (let i = 0; i < n; i++) visit(i, []);
    if (!ok) return undefined;
    const newIndex = new Array<number>(n);
    sequence.forEach((old, k) => (newIndex[old] = k));
    return { sequence, newIndex };
  }

  /** Initial values may use parameters only: other states and derived quantities are inlined. */
  private makeInitialInliner(assigned: readonly IR.IRAssigned[]): (i: number) => IR.Expr {
    const memo = new Map<number, IR.Expr>();
    const active = new Set<number>();
    const inline = (e: IR.Expr): IR.Expr =>
      transform(e, (n) => {
        if (n.k === 'state') return stateInitial(n.i);
        if (n.k === 'assigned') return inline(assigned[n.i]!.expr);
        if (n.k === 'time') return { k: 'num', v: 0 };
        return n;
      });
    const stateInitial = (i: number): IR.Expr => {
      const m = memo.get(i);
      if (m) return m;
      if (active.has(i)) {
        const s = this.states[i]!;
        this.diagnostics.push(diagnostic('error', Codes.RecursiveDefinition, `the initial value of '${s.name}' depends on itself`, this.files[s.source?.file ?? 0] ?? this.entry.file, s.source ?? { start: 0, end: 0 }));
        return { k: 'num', v: NaN };
      }
      active.add(i);
      const out = inline(this.states[i]!.initial);
      active.delete(i);
      memo.set(i, out);
      return out;
    };
    return stateInitial;
  }

  /** Default parameter values, evaluated in dependency order; expressions kept for recomputation. */
  private computeParamValues(): void {
    const done = new Map<number, number>();
    const active = new Set<number>();
    // Current parameter values, kept in step with p.value below: one array for every evaluation
    // (a fresh copy per parameter made this quadratic, ~0.4 s at 10,000 parameters).
    const values = this.params.map((q) => q.value);
    const value = (i: number): number => {
      const known = done.get(i);
      if (known !== undefined) return known;
      const p = this.params[i]!;
      if (!p.expr || active.has(i)) return p.value;
      active.add(i);
      const resolved = transform(p.expr, (n) => (n.k === 'param' && !this.params[n.i]!.discrete ? { k: 'num', v: value(n.i) } : n));
      const v = evaluateConstant(resolved, values);
      active.delete(i);
      const out = v ?? NaN;
      done.set(i, out);
      return out;
    };
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i]!;
      if (p.discrete && !p.expr) continue;
      p.value = value(i);
      values[i] = p.value;
      // Keep the expression only when it depends on other parameters (an initial assignment).
      if (p.expr && p.expr.k === 'num') delete p.expr;
      else if (p.expr) {
        let dependsOnParams = false;
        forEachNode(p.expr, (n) => {
          if (n.k === 'param') dependsOnParams = true;
        });
        if (!dependsOnParams) delete p.expr;
      }
    }
  }

  private simulateSettings(): { simulate?: IR.IRModel['simulate'] } {
    const d = this.entry.ast.declarations.filter((x): x is Ast.SimulateDecl => x.kind === 'simulate').pop();
    if (!d) return {};
    const root = this.flat.root;
    const settings: { tEnd?: number; points?: number; rtol?: number; atol?: number; method?: string } = {};
    if (d.until) {
      const v = evaluateConstant(this.expr(d.until, root), this.params.map((p) => p.value));
      if (v !== undefined) settings.tEnd = v;
    }
    for (const o of d.options) {
      if (!o.value) continue;
      if (o.name.text === 'method' && o.value.kind === 'ref') settings.method = o.value.name.text;
      else {
        const v = evaluateConstant(this.expr(o.value, root), this.params.map((p) => p.value));
        if (v === undefined) continue;
        if (o.name.text === 'points') settings.points = v;
        else if (o.name.text === 'rtol') settings.rtol = v;
        else if (o.name.text === 'atol') settings.atol = v;
      }
    }
    return { simulate: settings };
  }
}

function remapEvent(e: IR.IREvent, f: (x: IR.Expr) => IR.Expr): IR.IREvent {
  const t = e.trigger;
  const trigger: IR.IRTrigger =
    t.kind === 'at' ? { kind: 'at', time: f(t.time) }
    : t.kind === 'every' ? { kind: 'every', period: f(t.period), start: f(t.start), ...(t.end ? { end: f(t.end) } : {}), ...(t.count ? { count: f(t.count) } : {}) }
    : { kind: 'when', condition: f(t.condition) };
  return {
    ...e,
    trigger,
    ...(e.delay ? { delay: f(e.delay) } : {}),
    ...(e.priority ? { priority: f(e.priority) } : {}),
    assignments: e.assignments.map((a) => ({ ...a, value: f(a.value) })),
  };
}
