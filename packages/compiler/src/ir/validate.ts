// Validation of an IRModel before code generation: shape (JSON Schema, ir/schema.ts) and the
// structural facts a schema cannot say (indices in range, assignment rules in topological order,
// arities, surrogate shapes, parameter-only expressions where the runtime needs them).
//
// An IR is the compiler's own output, so a failure here is a bug in lowering (or a hand-written
// IR file), not a user error: the result is a list of problems with JSON-pointer-like paths.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Expr, IRModel } from './types.js';
import { IR_VERSION } from './types.js';
import { IR_SCHEMA } from './schema.js';
import { BUILTIN_ARITY, isBuiltin } from '../codegen/builtins.js';
import { canonicalActivation } from '@idt/lang';

export type IRProblemCode =
  | 'schema' | 'version' | 'index-out-of-range' | 'assigned-order' | 'arity' | 'internal-node'
  | 'surrogate-shape' | 'surrogate-activation' | 'logic-layout' | 'not-parameter-only' | 'cycle';

export interface IRProblem {
  /** Where, e.g. `/reactions/3/rate/args/1`. */
  readonly path: string;
  readonly code: IRProblemCode;
  readonly message: string;
}

export interface IRValidationResult {
  readonly valid: boolean;
  readonly problems: readonly IRProblem[];
}

let schemaValidator: ValidateFunction | undefined;
function schemaCheck(): ValidateFunction {
  schemaValidator ??= new Ajv2020({ discriminator: true, allErrors: false, strict: false }).compile(IR_SCHEMA);
  return schemaValidator;
}

/** Validates the shape of an IR against the JSON Schema only. */
export function validateIRSchema(ir: unknown): IRValidationResult {
  const check = schemaCheck();
  if (check(ir)) return { valid: true, problems: [] };
  const problems = (check.errors ?? []).map((e): IRProblem => ({
    path: e.instancePath || '/', code: 'schema', message: e.message ?? 'does not match the IR schema',
  }));
  return { valid: false, problems };
}

/** Validates an IR: schema first, then structure. */
export function validateIR(ir: unknown): IRValidationResult {
  if (typeof ir === 'object' && ir !== null && (ir as { irVersion?: unknown }).irVersion !== IR_VERSION) {
    return { valid: false, problems: [{ path: '/irVersion', code: 'version', message: `expected IR version ${IR_VERSION}` }] };
  }
  const shape = validateIRSchema(ir);
  if (!shape.valid) return shape;
  const problems = structuralProblems(ir as IRModel);
  return { valid: problems.length === 0, problems };
}

/** The structural checks alone (the IR must already match the schema). */
export function structuralProblems(ir: IRModel): IRProblem[] {
  const problems: IRProblem[] = [];
  const report = (path: string, code: IRProblemCode, message: string): void => { problems.push({ path, code, message }); };
  const nS = ir.states.length, nP = ir.params.length, nA = ir.assigned.length;

  interface Scope { assignedLimit: number; paramOnly?: boolean }
  const expr = (e: Expr, path: string, scope: Scope): void => {
    const range = (i: number, n: number, what: string): void => {
      if (i >= n) report(path, 'index-out-of-range', `${what} index ${i} is out of range (${n})`);
    };
    switch (e.k) {
      case 'state': case 'time':
        if (scope.paramOnly) report(path, 'not-parameter-only', 'must depend on parameters only');
        if (e.k === 'state') range(e.i, nS, 'state');
        return;
      case 'param': range(e.i, nP, 'parameter'); return;
      case 'assigned':
        if (scope.paramOnly) report(path, 'not-parameter-only', 'must depend on parameters only');
        if (e.i >= scope.assignedLimit) {
          report(path, e.i < nA ? 'assigned-order' : 'index-out-of-range',
            e.i < nA ? `assigned value ${e.i} used before it is defined (rules must be topologically ordered)` : `assigned index ${e.i} is out of range (${nA})`);
        }
        return;
      case 'slot': case 'surrogateGrad':
        report(path, 'internal-node', `'${e.k}' nodes are compiler-internal`);
        return;
      case 'call': {
        if (!isBuiltin(e.fn)) { report(path, 'schema', 'unknown function'); return; }
        const [lo, hi] = BUILTIN_ARITY[e.fn];
        if (e.args.length < lo || e.args.length > hi) report(path, 'arity', `${e.fn} takes ${lo === hi ? lo : `${lo} or more`} argument(s), got ${e.args.length}`);
        e.args.forEach((a, k) => expr(a, `${path}/args/${k}`, scope));
        return;
      }
      case 'surrogate': {
        if (scope.paramOnly) report(path, 'not-parameter-only', 'must depend on parameters only');
        const sur = ir.surrogates[e.s];
        if (!sur) { range(e.s, ir.surrogates.length, 'surrogate'); }
        else {
          if (e.out >= sur.outputs.length) report(path, 'index-out-of-range', `surrogate output ${e.out} is out of range (${sur.outputs.length})`);
          if (e.args.length !== sur.inputs.length) report(path, 'arity', `surrogate takes ${sur.inputs.length} input(s), got ${e.args.length}`);
        }
        e.args.forEach((a, k) => expr(a, `${path}/args/${k}`, scope));
        return;
      }
      case 'add': case 'mul': case 'bool':
        if (e.args.length === 0) report(path, 'arity', `'${e.k}' needs at least one argument`);
        if (e.k === 'bool' && e.op === 'implies' && e.args.length !== 2) report(path, 'arity', 'implies takes two arguments');
        e.args.forEach((a, k) => expr(a, `${path}/args/${k}`, scope));
        return;
      case 'sub': case 'div': case 'pow': case 'cmp':
        expr(e.a, `${path}/a`, scope); expr(e.b, `${path}/b`, scope); return;
      case 'neg': case 'not': expr(e.a, `${path}/a`, scope); return;
      case 'if': expr(e.c, `${path}/c`, scope); expr(e.a, `${path}/a`, scope); expr(e.b, `${path}/b`, scope); return;
      default: return;
    }
  };
  const all: Scope = { assignedLimit: nA };
  const params: Scope = { assignedLimit: 0, paramOnly: true };

  ir.states.forEach((s, i) => {
    expr(s.initial, `/states/${i}/initial`, all);
    if (s.volume) expr(s.volume, `/states/${i}/volume`, all);
    if (s.rate) expr(s.rate, `/states/${i}/rate`, all);
  });
  ir.params.forEach((p, i) => { if (p.expr) expr(p.expr, `/params/${i}/expr`, params); });
  ir.assigned.forEach((a, i) => expr(a.expr, `/assigned/${i}/expr`, { assignedLimit: i }));
  ir.reactions.forEach((r, i) => {
    expr(r.rate, `/reactions/${i}/rate`, all);
    r.stoich.forEach((st, k) => {
      if (st.state >= nS) report(`/reactions/${i}/stoich/${k}/state`, 'index-out-of-range', `state index ${st.state} is out of range (${nS})`);
      if (st.coefExpr) expr(st.coefExpr, `/reactions/${i}/stoich/${k}/coefExpr`, all);
    });
  });
  ir.logic.forEach((node, k) => {
    if (node.param >= nP) report(`/logic/${k}/param`, 'index-out-of-range', `parameter index ${node.param} is out of range (${nP})`);
    if (k > 0 && node.param !== ir.logic[0]!.param + k) report(`/logic/${k}/param`, 'logic-layout', 'logic node values must be contiguous in p, in logic order');
    if (node.rule) expr(node.rule, `/logic/${k}/rule`, all);
  });
  ir.events.forEach((ev, e) => {
    const base = `/events/${e}`;
    const t = ev.trigger;
    if (t.kind === 'when') expr(t.condition, `${base}/trigger/condition`, all);
    else if (t.kind === 'at') expr(t.time, `${base}/trigger/time`, params);
    else {
      expr(t.period, `${base}/trigger/period`, params);
      expr(t.start, `${base}/trigger/start`, params);
      if (t.end) expr(t.end, `${base}/trigger/end`, params);
      if (t.count) expr(t.count, `${base}/trigger/count`, params);
    }
    if (ev.delay) expr(ev.delay, `${base}/delay`, t.kind === 'when' ? all : params);
    if (ev.priority) expr(ev.priority, `${base}/priority`, all);
    ev.assignments.forEach((a, k) => {
      const n = a.target.kind === 'state' ? nS : nP;
      if (a.target.i >= n) report(`${base}/assignments/${k}/target`, 'index-out-of-range', `${a.target.kind} index ${a.target.i} is out of range (${n})`);
      expr(a.value, `${base}/assignments/${k}/value`, all);
    });
  });
  ir.surrogates.forEach((s, k) => {
    const base = `/surrogates/${k}`;
    const L = s.layers.length - 1;
    if (s.layers[0] !== s.inputs.length || s.layers[L] !== s.outputs.length) {
      report(`${base}/layers`, 'surrogate-shape', 'first and last layer sizes must equal the numbers of inputs and outputs');
    }
    if (!canonicalActivation(s.activation)) report(`${base}/activation`, 'surrogate-activation', 'unsupported activation');
    const w = s.weights;
    if (!w) return;
    if (w.kernels.length !== L || w.biases.length !== L) report(`${base}/weights`, 'surrogate-shape', `expected ${L} kernels and biases`);
    for (let l = 0; l < L; l++) {
      if (w.kernels[l] && w.kernels[l]!.length !== s.layers[l]! * s.layers[l + 1]!) report(`${base}/weights/kernels/${l}`, 'surrogate-shape', `expected ${s.layers[l]! * s.layers[l + 1]!} weights`);
      if (w.biases[l] && w.biases[l]!.length !== s.layers[l + 1]!) report(`${base}/weights/biases/${l}`, 'surrogate-shape', `expected ${s.layers[l + 1]!} biases`);
    }
    const vec = (name: keyof typeof w, n: number): void => {
      const v = w[name] as readonly number[] | undefined;
      if (v && v.length !== n) report(`${base}/weights/${name}`, 'surrogate-shape', `expected ${n} values`);
    };
    vec('inputShift', s.layers[0]!); vec('inputScale', s.layers[0]!); vec('inputMin', s.layers[0]!); vec('inputMax', s.layers[0]!);
    vec('outputShift', s.layers[L]!); vec('outputScale', s.layers[L]!);
  });
  ir.observables.forEach((o, k) => expr(o.expr, `/observables/${k}/expr`, all));

  // Cycles among parameter expressions.
  const mark = new Uint8Array(nP);
  const visit = (i: number): boolean => {
    if (mark[i] === 2 || !ir.params[i]?.expr) return true;
    if (mark[i] === 1) return false;
    mark[i] = 1;
    const refs: number[] = [];
    collectParams(ir.params[i]!.expr!, refs);
    const ok = refs.every((j) => j >= nP || visit(j));
    mark[i] = 2;
    return ok;
  };
  for (let i = 0; i < nP; i++) {
    if (mark[i] === 0 && !visit(i)) report(`/params/${i}/expr`, 'cycle', 'parameter expressions depend on each other in a cycle');
  }
  return problems;
}

function collectParams(e: Expr, out: number[]): void {
  if (e.k === 'param') { out.push(e.i); return; }
  switch (e.k) {
    case 'add': case 'mul': case 'call': case 'bool': case 'surrogate': e.args.forEach((a) => collectParams(a, out)); return;
    case 'sub': case 'div': case 'pow': case 'cmp': collectParams(e.a, out); collectParams(e.b, out); return;
    case 'neg': case 'not': collectParams(e.a, out); return;
    case 'if': collectParams(e.c, out); collectParams(e.a, out); collectParams(e.b, out); return;
    default: return;
  }
}
