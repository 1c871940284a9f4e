// The intermediate representation: a flat, index-based, JSON-serialisable model.
//
// Lowering (flat model -> IR) resolves every name to an index; code generation (IR -> JS) only
// sees indices and numbers. That is what keeps generated code safe: nothing from a model's text
// can reach JavaScript source, because the IR holds no model text in any expression.

export const IR_VERSION = 1;

/** Built-in real functions available in expressions. */
export type BuiltinFunction =
  | 'exp' | 'log' | 'log10' | 'log2' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tan'
  | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh' | 'floor' | 'ceil'
  | 'min' | 'max' | 'pow' | 'hill' | 'sign' | 'atan2' | 'asinh' | 'acosh' | 'atanh'
  | 'sec' | 'csc' | 'cot' | 'sech' | 'csch' | 'coth' | 'asec' | 'acsc' | 'acot'
  | 'asech' | 'acsch' | 'acoth' | 'factorial' | 'root' | 'rem' | 'quotient';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BoolOp = 'and' | 'or' | 'xor' | 'implies';

/** An expression over time, states, parameters, assigned values and logic nodes. */
export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'time' }
  /** y[i] */
  | { readonly k: 'state'; readonly i: number }
  /** p[i]: a parameter, or a discrete variable (logic node value, event-assigned quantity). */
  | { readonly k: 'param'; readonly i: number }
  /** The value of assignment rule i (IR.assigned[i]); rules are topologically ordered, so rule i
   *  refers only to rules j < i. */
  | { readonly k: 'assigned'; readonly i: number }
  | { readonly k: 'add'; readonly args: readonly Expr[] }
  | { readonly k: 'mul'; readonly args: readonly Expr[] }
  | { readonly k: 'sub'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'div'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'pow'; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'neg'; readonly a: Expr }
  | { readonly k: 'call'; readonly fn: BuiltinFunction; readonly args: readonly Expr[] }
  /** Comparison: Boolean-valued (1 or 0 when used as a number). */
  | { readonly k: 'cmp'; readonly op: CompareOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'bool'; readonly op: BoolOp; readonly args: readonly Expr[] }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'const'; readonly v: boolean }
  /** Piecewise: if c then a else b. */
  | { readonly k: 'if'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  /** Output `out` of surrogate s applied to args. */
  | { readonly k: 'surrogate'; readonly s: number; readonly out: number; readonly args: readonly Expr[] }
  /** Partial derivative of output `out` of surrogate s with respect to its input `wrt`, at args.
   *  Produced by symbolic differentiation (ir/derivative.ts); never written by lowering. */
  | { readonly k: 'surrogateGrad'; readonly s: number; readonly out: number; readonly wrt: number; readonly args: readonly Expr[] }
  /** Compiler-internal: a value held in slot i of an intermediate list (derivatives of assigned
   *  values, reaction rates, common subexpressions). Produced by the derivative and code generation
   *  passes; never written by lowering, and rejected in IR given to validateIR. */
  | { readonly k: 'slot'; readonly i: number };

/** Where a piece of the IR came from in the .idt text: file index (into IR.files) and offsets. */
export interface SourceRef {
  readonly file: number;
  readonly start: number;
  readonly end: number;
}

export interface IRState {
  readonly name: string;
  readonly kind: 'species' | 'variable' | 'compartment';
  readonly units?: string;
  readonly doc?: string;
  /** Initial value (may depend on parameters; evaluated after parameter overrides). */
  readonly initial: Expr;
  /** For species: the compartment size expression that converts reaction extents (amount per
   *  time) into this state's rate of change when the species is a concentration; absent for amounts. */
  readonly volume?: Expr;
  /** Explicit rate rule der(x) = rate; absent when the state changes only through reactions. */
  readonly rate?: Expr;
  /** Boundary species: reactions do not change it (SBML boundaryCondition). */
  readonly boundary?: boolean;
  readonly source?: SourceRef;
}

export interface IRParam {
  readonly name: string;
  readonly units?: string;
  readonly doc?: string;
  /** Default value. */
  readonly value: number;
  /** When the default is an expression of other parameters (an initial assignment). */
  readonly expr?: Expr;
  /** Discrete variable: changed by events or logic, otherwise constant between them. */
  readonly discrete?: boolean;
  readonly bounds?: readonly [number, number];
  readonly prior?: { readonly dist: string; readonly args: readonly number[] };
  readonly source?: SourceRef;
}

export interface IRAssigned {
  readonly name: string;
  readonly units?: string;
  readonly doc?: string;
  readonly expr: Expr;
  readonly source?: SourceRef;
}

export interface IRReaction {
  readonly name: string;
  /** Reaction rate (extent per time); for a reversible reaction, the net rate. */
  readonly rate: Expr;
  /** Stoichiometry: state index and signed coefficient (negative for reactants). When `coefExpr`
   *  is present it is the signed coefficient (it may change during the run: SBML stoichiometryMath,
   *  assigned stoichiometries, conversion factors) and `coef` only carries its sign. */
  readonly stoich: readonly { readonly state: number; readonly coef: number; readonly coefExpr?: Expr }[];
  readonly reversible: boolean;
  readonly source?: SourceRef;
}

export interface IRLogicNode {
  readonly name: string;
  readonly doc?: string;
  /** Index in p holding this node's current value (0 or 1). */
  readonly param: number;
  /** Update rule; absent for a free input (constant during a run). */
  readonly rule?: Expr;
  readonly initial: boolean;
  readonly priority?: number;
  readonly source?: SourceRef;
}

export type IRTrigger =
  | { readonly kind: 'at'; readonly time: Expr }
  | { readonly kind: 'every'; readonly period: Expr; readonly start: Expr; readonly end?: Expr; readonly count?: Expr }
  | { readonly kind: 'when'; readonly condition: Expr };

export interface IREventAssignment {
  readonly target: { readonly kind: 'state' | 'param'; readonly i: number };
  readonly op: '=' | '+=' | '-=' | '*=' | '/=';
  readonly value: Expr;
  /** Added by lowering, not written in the model: a concentration rescaled because the event
   *  resizes its compartment (SBML semantics, so an SBML export leaves it out). */
  readonly implied?: boolean;
}

export interface IREvent {
  readonly name: string;
  readonly intervention: boolean;
  readonly trigger: IRTrigger;
  readonly delay?: Expr;
  readonly priority?: Expr;
  readonly persistent: boolean;
  readonly initialValue: boolean;
  readonly useValuesFromTriggerTime: boolean;
  readonly assignments: readonly IREventAssignment[];
  readonly source?: SourceRef;
}

/** A trained network's parameters and normalisation, as weights files hold them. */
export interface NetworkWeights {
  readonly kernels: readonly (readonly number[])[];
  readonly biases: readonly (readonly number[])[];
  readonly inputShift: readonly number[];
  readonly inputScale: readonly number[];
  readonly outputShift: readonly number[];
  readonly outputScale: readonly number[];
  /** Training range of each input: evaluations outside it are reported once per run. */
  readonly inputMin?: readonly number[];
  readonly inputMax?: readonly number[];
  /** Clamp inputs to [inputMin, inputMax] (default false: the network extrapolates). */
  readonly clampInputs?: boolean;
}

export interface IRSurrogate {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly units?: string }[];
  readonly outputs: readonly { readonly name: string; readonly units?: string }[];
  /** Layer sizes including input and output, e.g. [2, 16, 16, 1]. */
  readonly layers: readonly number[];
  readonly activation: string;
  /** Weights loaded from the weights file at compile time (row-major per layer), when present. */
  readonly weights?: NetworkWeights;
  readonly weightsFile?: string;
  readonly source?: SourceRef;
}

export interface IRObservable {
  readonly name: string;
  readonly units?: string;
  readonly doc?: string;
  readonly expr: Expr;
  readonly noise?: { readonly dist: string; readonly args: readonly Expr[] };
  readonly source?: SourceRef;
}

/** A statistic of a trajectory, evaluated after the run over the output samples: the runtime
 *  evaluates decisions, so it owns the type. */
export type { TrajectoryExpr } from '@idt/runtime';
import type { DecisionSpec } from '@idt/runtime';

export interface IRDecision extends DecisionSpec {
  readonly source?: SourceRef;
}

/** The whole flat model. */
export interface IRModel {
  readonly irVersion: typeof IR_VERSION;
  readonly name: string;
  readonly timeUnits?: string;
  readonly files: readonly string[];
  readonly states: readonly IRState[];
  readonly params: readonly IRParam[];
  readonly assigned: readonly IRAssigned[];
  readonly reactions: readonly IRReaction[];
  readonly logic: readonly IRLogicNode[];
  readonly events: readonly IREvent[];
  readonly surrogates: readonly IRSurrogate[];
  readonly observables: readonly IRObservable[];
  readonly decisions: readonly IRDecision[];
  readonly simulate?: { readonly tEnd?: number; readonly points?: number; readonly rtol?: number; readonly atol?: number; readonly method?: string };
}
