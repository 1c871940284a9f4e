// IRModel -> JavaScript source of a factory that constructs a CompiledModel (packages/runtime).
//
// Every generated function is first a straight-line program (program.ts) over slots: assigned
// values, reaction rates, derivatives, temporaries. Programs go through surrogate lowering, common
// subexpression elimination and dead-code elimination, then are printed in chunks (emit.ts) by the
// expression writer, which sees only indices and numbers. Names, units and documentation of the
// IR never reach the generated text.
//
// The work array `w` and all buffers are allocated once, when createModel() runs; the functions
// of the returned object allocate nothing (except TimedEventSpec.times, called once per run).
import type { CompiledModel } from '@idt/runtime';
import type { Expr, IRModel } from '../ir/types.js';
import { Simplifier, type SimplifyOptions } from '../ir/simplify.js';
import { buildJacobian, buildRhsProgram, type JacobianProgram, type RhsProgram } from '../ir/derivative.js';
import { forEachNode, transform, ExprInterner } from '../ir/expr-intern.js';
import { HELPERS_SOURCE } from './builtins.js';
import { eliminateCommonSubexpressions } from './cse.js';
import { DEFAULT_CHUNK_SIZE, emitProgram, type EmittedProgram } from './emit.js';
import { ExpressionWriter, printIndex, printNumber } from './expression-writer.js';
import { eliminateDeadCode, lowerSurrogates, type Program, type Stmt } from './program.js';
import { surrogatePrelude, surrogateRangeOffsets, surrogateSource } from './surrogate.js';
import { vectorize, type VectorizedProgram } from './vectorize.js';

export interface GenerateOptions {
  /** Statements per chunk function (default 2000). */
  readonly chunkSize?: number;
  readonly simplify?: SimplifyOptions;
  /** Programs with at least this many statements get table-driven loops for statements of the
   *  same shape (vectorize.ts); default 1000. Infinity disables, 0 forces. */
  readonly vectorizeThreshold?: number;
  /** Smallest group of same-shaped statements turned into a loop (default 8). */
  readonly minLoopGroup?: number;
  /** When given, filled with milliseconds spent per phase (for benchmarks). */
  readonly timings?: Record<string, number>;
}

/** What code generation measured and produced besides the source (for tests and benchmarks). */
export interface GeneratedModel {
  /** `function createModel() { ... }` */
  readonly factory: string;
  readonly jacobian: JacobianProgram;
  /** Per comparison atom: the root function index it got. */
  readonly nRoots: number;
}

const num = (v: number): Expr => ({ k: 'num', v });
const slot = (i: number): Expr => ({ k: 'slot', i });

/** An ES module fragment exporting `createModel()`, for bundles. */
export function generateModelSource(ir: IRModel, options: GenerateOptions = {}): string {
  return `export ${generateModel(ir, options).factory}\n`;
}

/** Compiles the same source with `new Function` and constructs the model (for the CLI and tests). */
export function instantiateModel(ir: IRModel, options: GenerateOptions = {}): CompiledModel {
  const { factory } = generateModel(ir, options);
  // The source contains only compiler-printed text (see the file header), never model text.
  const make = new Function(`${factory}\nreturn createModel;`) as () => () => CompiledModel;
  return make()();
}

/** Generates the factory source and the Jacobian it implements. */
export function generateModel(ir: IRModel, options: GenerateOptions = {}): GeneratedModel {
  return new Generator(ir, options).run();
}

class Generator {
  private readonly simp: Simplifier;
  private readonly chunkSize: number;
  private readonly nA: number;
  private readonly decls: string[] = [];
  private workSize = 0;
  private readonly interner = new ExprInterner();
  private readonly continuousAssigned: boolean[] = [];

  constructor(private readonly ir: IRModel, private readonly options: GenerateOptions) {
    this.simp = new Simplifier(options.simplify);
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.nA = ir.assigned.length;
  }

  run(): GeneratedModel {
    const ir = this.ir;
    const s = (e: Expr): Expr => this.simp.simplify(e);
    const prog: RhsProgram = this.time('rhs program', () => {
      const raw = buildRhsProgram(ir);
      return { nStates: raw.nStates, assigned: raw.assigned.map(s), rates: raw.rates.map(s), outputs: raw.outputs.map(s) };
    });
    const jac = this.time('jacobian', () => buildJacobian(prog, { simplifier: this.simp }));
    // The rhs ignores t when no assigned value, rate or output mentions it (events that fire at
    // times are the driver's business): stiff solvers then skip the finite difference in t.
    let autonomous = true;
    const seen = new Set<Expr>();
    for (const e of [...prog.assigned, ...prog.rates, ...prog.outputs]) forEachNode(e, (x) => { if (x.k === 'time') autonomous = false; }, seen);
    for (const a of prog.assigned) this.continuousAssigned.push(this.isContinuous(a));

    const fns: Record<string, string> = {};
    // rhs and jac
    const rhsStmts: Stmt[] = [...this.assignedDefs(prog.assigned)];
    prog.rates.forEach((r, k) => rhsStmts.push({ kind: 'def', slot: this.nA + k, expr: this.remap(r) }));
    prog.outputs.forEach((o, i) => rhsStmts.push({ kind: 'store', target: 'o', index: i, expr: this.remap(o) }));
    fns.rhs = this.fn('rhs', rhsStmts, this.nA + prog.rates.length);
    const jacStmts: Stmt[] = [...this.assignedDefs(prog.assigned)];
    jac.slots.forEach((e, k) => jacStmts.push({ kind: 'def', slot: this.nA + k, expr: this.remap(e) }));
    jac.values.forEach((v, k) => jacStmts.push({ kind: 'store', target: 'o', index: k, expr: this.remap(v) }));
    fns.jac = this.fn('jac', jacStmts, this.nA + jac.slots.length);

    // roots: one per comparison atom on continuous quantities in `when` conditions and logic rules
    const atoms: Expr[] = [];
    const atomIndex = new Map<number, number>();
    const atomsOf = (cond: Expr): number[] => {
      const found: number[] = [];
      forEachNode(cond, (n) => {
        if (n.k !== 'cmp' || !(this.isContinuous(n.a) || this.isContinuous(n.b))) return;
        const id = this.interner.id(n);
        let k = atomIndex.get(id);
        if (k === undefined) {
          k = atoms.length;
          atomIndex.set(id, k);
          atoms.push(n);
        }
        if (!found.includes(k)) found.push(k);
      });
      return found.sort((a, b) => a - b);
    };
    const eventRoots = ir.events.map((e) => (e.trigger.kind === 'when' ? atomsOf(s(e.trigger.condition)) : []));
    for (const node of ir.logic) if (node.rule) atomsOf(s(node.rule));
    // Discontinuities: the comparisons inside `if` conditions of reaction rates, derivatives and
    // assigned values. The simulation stops where one changes sign and restarts the solver there,
    // instead of stepping across a jump of the right-hand side with a stale history and Jacobian.
    const discontinuities = new Set<number>();
    const ifSeen = new Set<Expr>();
    for (const e of [...prog.assigned, ...prog.rates, ...prog.outputs]) {
      forEachNode(e, (n) => {
        if (n.k === 'if') for (const k of atomsOf(n.c)) discontinuities.add(k);
      }, ifSeen);
    }
    const rootStmts: Stmt[] = [...this.assignedDefs(prog.assigned)];
    atoms.forEach((a, k) => {
      if (a.k !== 'cmp') return;
      rootStmts.push({ kind: 'store', target: 'o', index: k, expr: this.remap(s({ k: 'sub', a: a.a, b: a.b })) });
    });
    fns.roots = this.fn('roots', rootStmts, this.nA);

    // assigned values, observables, logic
    // Reaction rates one by one, only called to name the reactions behind a non-finite derivative.
    const fluxStmts: Stmt[] = [...this.assignedDefs(prog.assigned)];
    prog.rates.forEach((r, k) => fluxStmts.push({ kind: 'store', target: 'o', index: k, expr: this.remap(r) }));
    fns.fluxes = this.fn('fluxes', fluxStmts, this.nA);
    fns.assigned = this.fn('assigned', [
      ...this.assignedDefs(prog.assigned),
      ...prog.assigned.map((_, i): Stmt => ({ kind: 'store', target: 'o', index: i, expr: slot(i) })),
    ], this.nA);
    fns.observables = this.fn('observables', [
      ...this.assignedDefs(prog.assigned),
      ...ir.observables.map((o, k): Stmt => ({ kind: 'store', target: 'o', index: k, expr: this.remap(s(o.expr)) })),
    ], this.nA);
    const logicOffset = this.logicOffset();
    fns.logic = this.fn('logic', [
      ...this.assignedDefs(prog.assigned),
      ...ir.logic.map((node, k): Stmt => ({
        kind: 'store', target: 'o', index: k,
        expr: node.rule ? this.remap(s({ k: 'if', c: node.rule, a: num(1), b: num(0) })) : { k: 'param', i: node.param },
      })),
    ], this.nA);

    // initial state and derived parameters
    fns.initial = this.fn('initial', this.initialStmts(prog.assigned), this.nA);
    fns.derived = this.fn('derived', this.derivedParamStmts(), 0);

    // events
    const eventParts = ir.events.map((ev, e) => this.eventParts(ev, e, eventRoots[e]!, prog.assigned));

    const n = ir.states.length;
    const P = printIndex;
    const ints = (a: Int32Array): string => `new Int32Array([${Array.from(a, (x) => P(x)).join(', ')}])`;
    const rangeOffsets = surrogateRangeOffsets(ir.surrogates);
    const surrogates = [surrogatePrelude(ir.surrogates), ...ir.surrogates.map((sur, k) => surrogateSource(k, sur, rangeOffsets[k]))].join('\n');
    const factory = `function createModel() {
"use strict";
${HELPERS_SOURCE}
${surrogates}
const w = new Float64Array(${P(Math.max(1, this.workSize))});
const EMPTY = new Float64Array(0);
${this.decls.join('\n')}
const jacPattern = { n: ${P(n)}, rowPtr: ${ints(jac.rowPtr)}, colIdx: ${ints(jac.colIdx)} };
const eventValueFns = [${eventParts.map((x) => x.values).join(', ')}];
const eventApplyFns = [${eventParts.map((x) => x.apply).join(',\n')}];
return {
  nStates: ${P(n)},
  nParams: ${P(ir.params.length)},
  nRoots: ${P(atoms.length)},
  discontinuityRoots: [${[...discontinuities].sort((a, b) => a - b).map(P).join(', ')}],
  nAssigned: ${P(this.nA)},
  nObservables: ${P(ir.observables.length)},
  nLogic: ${P(ir.logic.length)},
  rhs(t, y, p, o) {
  ${fns.rhs}
  },
  jac(t, y, p, o) {
  ${fns.jac}
  },
  jacPattern,
  roots(t, y, p, o) {
  ${fns.roots}
  },
  nReactions: ${P(prog.rates.length)},
  fluxes(t, y, p, o) {
  ${fns.fluxes}
  },
  assigned(t, y, p, o) {
  ${fns.assigned}
  },
  observables(t, y, p, o) {
  ${fns.observables}
  },
  initial(p, y) {
  const t = 0, o = y;
  ${fns.initial}
  },
  derivedParams(p, o) {
  const t = 0, y = EMPTY;
  ${fns.derived}
  },
  logicNext(t, y, p, o) {
  ${fns.logic}
  },
  logicOffset: ${P(logicOffset)},
  timedEvents: [${eventParts.map((x) => x.timed).filter((x) => x !== '').join(',\n')}],
  triggeredEvents: [${eventParts.map((x) => x.triggered).filter((x) => x !== '').join(',\n')}],
  eventValues(e, t, y, p, o) { eventValueFns[e](t, y, p, w, o); },
  eventApply(e, buf, y, p) { eventApplyFns[e](buf, y, p); },
  eventSize: [${ir.events.map((ev) => P(ev.assignments.length)).join(', ')}],
  autonomous: ${autonomous ? 'true' : 'false'},
${ir.surrogates.length ? '  surrogateRange: SR,\n' : ''}};
}`;
    return { factory, jacobian: jac, nRoots: atoms.length };
  }

  /** The calls of one program's chunks, after its passes; collects declarations. */
  private fn(id: string, stmts: Stmt[], nSlots: number): string {
    const e = this.emit(id, { stmts, nSlots });
    this.decls.push(e.decls);
    this.workSize = Math.max(this.workSize, e.workSize);
    return e.call;
  }

  private emit(id: string, prog: Program): EmittedProgram {
    let p = this.time('dce', () => eliminateDeadCode(prog));
    if (this.ir.surrogates.length > 0) {
      p = this.time('surrogates', () => lowerSurrogates(p, (s) => {
        const sur = this.ir.surrogates[s];
        if (!sur) throw new Error('code generation: surrogate index out of range');
        return { nIn: sur.layers[0]!, nOut: sur.layers[sur.layers.length - 1]! };
      }));
    }
    p = this.time('cse', () => eliminateCommonSubexpressions(p));
    p = this.time('dce', () => eliminateDeadCode(p, true));
    const threshold = this.options.vectorizeThreshold ?? 1000;
    const v: VectorizedProgram = p.stmts.length >= threshold
      ? this.time('vectorize', () => vectorize(p, { minGroup: this.options.minLoopGroup ?? 8 }))
      : p;
    return this.time('print', () => emitProgram(v, id, this.chunkSize));
  }

  private time<T>(phase: string, f: () => T): T {
    const timings = this.options.timings;
    if (!timings) return f();
    const t0 = performance.now();
    const r = f();
    timings[phase] = (timings[phase] ?? 0) + performance.now() - t0;
    return r;
  }

  /** assigned i -> slot i; slot k (derivative-pass numbering) -> slot nA + k. */
  private readonly remapMemo = new Map<Expr, Expr>();
  private remap(e: Expr): Expr {
    return transform(e, (x) => {
      if (x.k === 'assigned') return slot(checkIndex(x.i, this.nA));
      if (x.k === 'slot') return slot(this.nA + x.i);
      return x;
    }, this.remapMemo);
  }

  private assignedDefs(assigned: readonly Expr[]): Stmt[] {
    return assigned.map((a, i) => ({ kind: 'def', slot: i, expr: this.remap(a) }));
  }

  /** True when e can change continuously in time (depends on t, states or such assigned values). */
  private readonly contMemo = new Map<Expr, boolean>();
  private isContinuous(e: Expr): boolean {
    const known = this.contMemo.get(e);
    if (known !== undefined) return known;
    let r = false;
    forEachNode(e, (n) => {
      if (n.k === 'time' || n.k === 'state') r = true;
      else if (n.k === 'assigned' && this.continuousAssigned[n.i]) r = true;
    });
    this.contMemo.set(e, r);
    return r;
  }

  private logicOffset(): number {
    const logic = this.ir.logic;
    if (logic.length === 0) return this.ir.params.length;
    const off = logic[0]!.param;
    logic.forEach((node, k) => {
      if (node.param !== off + k) throw new Error('code generation: logic node values must be contiguous in p');
    });
    return off;
  }

  /** Initial values in dependency order over states and assigned values (at t = 0). */
  private initialStmts(assigned: readonly Expr[]): Stmt[] {
    const ir = this.ir;
    const n = ir.states.length;
    const inits = ir.states.map((st) => this.simp.simplify(st.initial));
    const deps = (e: Expr): number[] => {
      const out: number[] = [];
      forEachNode(e, (x) => {
        if (x.k === 'state') out.push(checkIndex(x.i, n));
        else if (x.k === 'assigned') out.push(n + checkIndex(x.i, this.nA));
      });
      return out;
    };
    const stmts: Stmt[] = [];
    const state = new Uint8Array(n + this.nA); // 0 new, 1 in progress, 2 done
    const visit = (v: number): void => {
      if (state[v] === 2) return;
      if (state[v] === 1) throw new Error('code generation: initial values depend on each other in a cycle');
      state[v] = 1;
      const expr = v < n ? inits[v]! : assigned[v - n]!;
      for (const d of deps(expr)) visit(d);
      state[v] = 2;
      stmts.push(v < n
        ? { kind: 'store', target: 'y', index: v, expr: this.remap(expr) }
        : { kind: 'def', slot: v - n, expr: this.remap(expr) });
    };
    for (let i = 0; i < n; i++) visit(i);
    return stmts;
  }

  /** p[i] = expr_i for parameters with expressions, in dependency order, unless overridden. */
  private derivedParamStmts(): Stmt[] {
    const params = this.ir.params;
    const stmts: Stmt[] = [];
    const state = new Uint8Array(params.length);
    const visit = (i: number): void => {
      const expr = params[i]!.expr;
      if (!expr || state[i] === 2) return;
      if (state[i] === 1) throw new Error('code generation: parameter expressions depend on each other in a cycle');
      state[i] = 1;
      forEachNode(expr, (x) => {
        if (x.k === 'param') visit(checkIndex(x.i, params.length));
        else if (!isPure(x)) {
          throw new Error('code generation: a parameter expression refers to something other than parameters');
        }
      });
      state[i] = 2;
      stmts.push({ kind: 'store', target: 'p', index: i, expr: this.simp.simplify(expr), guard: true });
    };
    params.forEach((_, i) => visit(i));
    return stmts;
  }

  private eventParts(ev: IRModel['events'][number], e: number, rootIndices: number[], assigned: readonly Expr[]):
    { values: string; apply: string; timed: string; triggered: string } {
    const P = printIndex;
    const s = (x: Expr): Expr => this.simp.simplify(x);
    const id = `ev${P(e)}`;
    const valuesCall = this.fn(`${id}_values`, [
      ...this.assignedDefs(assigned),
      ...ev.assignments.map((a, k): Stmt => ({ kind: 'store', target: 'o', index: k, expr: this.remap(s(a.value)) })),
    ], this.nA);
    this.decls.push(`function ${id}_valuesAll(t, y, p, w, o) {\n  ${valuesCall}\n}`);
    const OPS: Readonly<Record<string, string>> = { '=': '=', '+=': '+=', '-=': '-=', '*=': '*=', '/=': '/=' };
    const applyLines = ev.assignments.map((a, k) => {
      const op = Object.prototype.hasOwnProperty.call(OPS, a.op) ? OPS[a.op] : undefined;
      if (!op) throw new Error('code generation: unknown event assignment operator');
      const arr = a.target.kind === 'state' ? 'y' : a.target.kind === 'param' ? 'p' : undefined;
      if (!arr) throw new Error('code generation: unknown event assignment target');
      return `${arr}[${P(a.target.i)}] ${op} buf[${P(k)}];`;
    });
    const apply = `function (buf, y, p) { ${applyLines.join(' ')} }`;
    const bool = (b: unknown): string => {
      if (typeof b !== 'boolean') throw new Error('code generation: an event flag is not a Boolean');
      return b ? 'true' : 'false';
    };
    const trig = ev.trigger;
    const ret = (name: string, expr: Expr, asBool: boolean): string => {
      const call = this.fn(`${id}_${name}`, [
        ...this.assignedDefs(assigned),
        { kind: 'return', expr: this.remap(s(expr)), bool: asBool },
      ], this.nA);
      return `${name}(t, y, p) {\n    const o = EMPTY;\n    ${call}\n  }`;
    };
    if (trig.kind === 'when') {
      const triggered = `{
  event: ${P(e)},
  rootIndices: [${rootIndices.map(P).join(', ')}],
  ${ret('condition', trig.condition, true)},
  initialValue: ${bool(ev.initialValue)},
  persistent: ${bool(ev.persistent)},
  ${ret('delay', ev.delay ?? num(0), false)},
  ${ret('priority', ev.priority ?? num(0), false)},
  useValuesFromTriggerTime: ${bool(ev.useValuesFromTriggerTime)},
}`;
      return { values: `${id}_valuesAll`, apply, timed: '', triggered };
    }
    // Timed events: times from parameters only.
    const pw = new ExpressionWriter();
    const paramOnly = (x: Expr): string => {
      const y = s(x);
      forEachNode(y, (n) => {
        if (n.k === 'time' || n.k === 'state' || n.k === 'assigned' || n.k === 'slot' || n.k === 'surrogate') {
          throw new Error('code generation: event times must depend on parameters only');
        }
      });
      return pw.num(y);
    };
    // Trigger times without the delay: the runtime queues each execution delay later, so that the
    // assignment values can be taken at trigger time (SBML useValuesFromTriggerTime).
    const delay = ev.delay ? `, delay: ${paramOnly(ev.delay)}` : '';
    const times = trig.kind === 'at'
      ? `{ start: ${paramOnly(trig.time)}, period: 0, end: ${printNumber(Infinity)}, count: 1${delay} }`
      : `{ start: ${paramOnly(trig.start)}, period: ${paramOnly(trig.period)}, end: ${trig.end ? paramOnly(trig.end) : printNumber(Infinity)}, count: ${trig.count ? paramOnly(trig.count) : printNumber(Infinity)}${delay} }`;
    const priority = ev.priority ? `,\n  ${ret('priority', ev.priority, false)}` : '';
    const timed = `{ event: ${P(e)}, times(p) { return ${times}; }, useValuesFromTriggerTime: ${bool(ev.useValuesFromTriggerTime)}${priority} }`;
    return { values: `${id}_valuesAll`, apply, timed, triggered: '' };
  }
}

function isPure(e: Expr): boolean {
  return e.k !== 'time' && e.k !== 'state' && e.k !== 'assigned' && e.k !== 'slot'
    && e.k !== 'surrogate' && e.k !== 'surrogateGrad';
}

function checkIndex(i: number, n: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error('code generation: index out of range');
  return i;
}
