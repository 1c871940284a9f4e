// The typed syntax tree of one .idt file. Every node carries its source range (offsets).
//
// Error recovery can leave parts of a node out, so every field a recovered parse may lack is
// optional: consumers must tolerate incomplete trees.

/** Half-open offset range [start, end) in the file's text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface Name {
  readonly text: string;
  readonly range: Range;
}

/** A dotted name such as `core.innate` or `lung.IL6`. */
export interface QualifiedName {
  readonly parts: readonly Name[];
  readonly text: string;
  readonly range: Range;
}

// ---------- units ----------

export type UnitExpr =
  | { readonly kind: 'unit-name'; readonly name: Name; readonly range: Range }
  | { readonly kind: 'unit-number'; readonly value: number; readonly range: Range }
  | { readonly kind: 'unit-binary'; readonly op: '*' | '/'; readonly left: UnitExpr; readonly right?: UnitExpr; readonly range: Range }
  | { readonly kind: 'unit-power'; readonly base: UnitExpr; readonly exponent?: number; readonly range: Range };

/** `[ unit-expression ]` as written, with its text for messages and metadata. */
export interface UnitAnnotation {
  readonly expr?: UnitExpr;
  readonly text: string;
  readonly range: Range;
}

// ---------- expressions ----------

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or' | 'xor' | 'implies';

export type Expr =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly unit?: UnitAnnotation; readonly range: Range }
  | { readonly kind: 'bool'; readonly value: boolean; readonly range: Range }
  | { readonly kind: 'ref'; readonly name: QualifiedName; readonly range: Range }
  | { readonly kind: 'call'; readonly callee: QualifiedName; readonly args: readonly Expr[]; readonly range: Range }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly operand?: Expr; readonly range: Range }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right?: Expr; readonly range: Range }
  | { readonly kind: 'if'; readonly condition?: Expr; readonly then?: Expr; readonly otherwise?: Expr; readonly range: Range }
  | { readonly kind: 'paren'; readonly inner?: Expr; readonly range: Range }
  /** Placeholder where recovery lost an expression. */
  | { readonly kind: 'missing'; readonly range: Range };

// ---------- declarations ----------

export interface Annotation {
  /** e.g. `is`, `part_of`, `has_property` */
  readonly name: Name;
  readonly values: readonly { readonly text: string; readonly range: Range }[];
  readonly range: Range;
}

interface DeclBase {
  readonly range: Range;
  /** Text of the `///` doc comment lines directly above, joined by newlines. */
  doc?: string;
  readonly annotations: readonly Annotation[];
}

export interface NamedDeclBase extends DeclBase {
  readonly name?: Name;
}

export interface ImportDecl extends DeclBase {
  readonly kind: 'import';
  /** `import core.innate` (module name) or `import "./lib/x.idt"` (path). */
  readonly module?: QualifiedName;
  readonly path?: { readonly text: string; readonly range: Range };
  readonly alias?: Name;
}

export interface UnitDecl extends NamedDeclBase {
  readonly kind: 'unit';
  /** Absent: a new base unit (its own dimension, e.g. `cells`). */
  readonly definition?: UnitAnnotation;
}

export interface TimeDecl extends DeclBase {
  readonly kind: 'time';
  readonly unit?: UnitAnnotation;
}

export interface CompartmentDecl extends NamedDeclBase {
  readonly kind: 'compartment';
  readonly size?: Expr;
  /** `compartment V := expr`: an assignment rule (the size always equals expr); no `size` then. */
  readonly rule?: Expr;
  readonly unit?: UnitAnnotation;
}

export type SpeciesFlag = 'amount' | 'boundary' | 'constant';

export interface SpeciesDecl extends NamedDeclBase {
  readonly kind: 'species';
  readonly flags: readonly { readonly flag: SpeciesFlag; readonly range: Range }[];
  readonly compartment?: Name;
  readonly initial?: Expr;
  /** `species S in c := expr`: an assignment rule (S always equals expr); no `initial` then. */
  readonly rule?: Expr;
  readonly unit?: UnitAnnotation;
}

export interface Distribution {
  readonly name: Name;
  readonly args: readonly Expr[];
  readonly range: Range;
}

export interface ParameterDecl extends NamedDeclBase {
  readonly kind: 'parameter';
  readonly value?: Expr;
  readonly unit?: UnitAnnotation;
  readonly bounds?: { readonly low?: Expr; readonly high?: Expr; readonly range: Range };
  readonly prior?: Distribution;
}

export interface VariableDecl extends NamedDeclBase {
  readonly kind: 'variable';
  readonly initial?: Expr;
  readonly unit?: UnitAnnotation;
}

/** `let x = expr`: an assignment rule (a derived quantity, always equal to its expression). */
export interface LetDecl extends NamedDeclBase {
  readonly kind: 'let';
  readonly value?: Expr;
  readonly unit?: UnitAnnotation;
}

/** `der(x) = expr`: a rate rule. */
export interface RateRuleDecl extends DeclBase {
  readonly kind: 'der';
  readonly target?: QualifiedName;
  readonly value?: Expr;
}

export interface FunctionDecl extends NamedDeclBase {
  readonly kind: 'function';
  readonly params: readonly Name[];
  readonly body?: Expr;
}

export interface ReactionTerm {
  readonly coefficient?: { readonly value: number; readonly range: Range };
  /** `(expr) S`: a stoichiometry computed during the run (SBML stoichiometryMath, assigned
   *  stoichiometries, conversion factors); `coefficient` is absent then. */
  readonly coefficientExpr?: Expr;
  readonly species?: QualifiedName;
  readonly range: Range;
}

export type Kinetics =
  | { readonly kind: 'rate'; readonly rate?: Expr; readonly range: Range }
  | { readonly kind: 'mass-action'; readonly forward?: Expr; readonly reverse?: Expr; readonly range: Range };

export interface ReactionDecl extends NamedDeclBase {
  readonly kind: 'reaction';
  readonly reactants: readonly ReactionTerm[];
  readonly products: readonly ReactionTerm[];
  readonly reversible: boolean;
  readonly arrowRange?: Range;
  readonly kinetics?: Kinetics;
  readonly modifiers: readonly QualifiedName[];
}

export interface LogicDecl extends NamedDeclBase {
  readonly kind: 'logic';
  /** Update rule; absent: a free input. */
  readonly rule?: Expr;
  readonly initially?: { readonly value: boolean; readonly range: Range };
  readonly priority?: { readonly value: number; readonly range: Range };
}

export type EventTrigger =
  | { readonly kind: 'at'; readonly time?: Expr; readonly range: Range }
  | { readonly kind: 'every'; readonly period?: Expr; readonly from?: Expr; readonly until?: Expr; readonly times?: Expr; readonly range: Range }
  | { readonly kind: 'when'; readonly condition?: Expr; readonly range: Range };

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

export interface EventAssignment {
  readonly target?: QualifiedName;
  readonly op: AssignOp;
  readonly value?: Expr;
  readonly range: Range;
}

export interface EventDecl extends NamedDeclBase {
  readonly kind: 'event';
  readonly intervention: boolean;
  readonly trigger?: EventTrigger;
  readonly delay?: Expr;
  readonly priority?: Expr;
  readonly persistent?: { readonly value: boolean; readonly range: Range };
  readonly initially?: { readonly value: boolean; readonly range: Range };
  /** `values at execution`: a delayed event computes its assignment values when it executes
   *  (SBML useValuesFromTriggerTime = false); default `values at trigger`. */
  readonly valuesAt?: { readonly value: 'trigger' | 'execution'; readonly range: Range };
  readonly assignments: readonly EventAssignment[];
}

export interface SurrogatePort {
  readonly name: Name;
  readonly unit?: UnitAnnotation;
  readonly range: Range;
}

export interface SurrogateProperty {
  readonly name: Name;
  readonly values: readonly { readonly kind: 'number' | 'string' | 'name'; readonly text: string; readonly value: number | string; readonly range: Range }[];
  readonly range: Range;
}

export interface SurrogateDecl extends NamedDeclBase {
  readonly kind: 'surrogate';
  readonly inputs: readonly SurrogatePort[];
  readonly outputs: readonly SurrogatePort[];
  readonly properties: readonly SurrogateProperty[];
}

export interface ObservableDecl extends NamedDeclBase {
  readonly kind: 'observable';
  readonly value?: Expr;
  readonly unit?: UnitAnnotation;
  readonly noise?: Distribution;
}

export interface DecisionBranch {
  readonly label: { readonly text: string; readonly range: Range };
  /** Absent for the `otherwise` branch. */
  readonly condition?: Expr;
  readonly otherwise: boolean;
  readonly range: Range;
}

export interface DecisionDecl extends NamedDeclBase {
  readonly kind: 'decision';
  readonly branches: readonly DecisionBranch[];
}

export interface InstanceArg {
  readonly name: Name;
  readonly value?: Expr;
  readonly range: Range;
}

export interface PortBinding {
  readonly port: Name;
  readonly target?: QualifiedName;
  readonly range: Range;
}

export interface InstanceDecl extends NamedDeclBase {
  readonly kind: 'instance';
  readonly module?: QualifiedName;
  readonly args: readonly InstanceArg[];
  readonly bindings: readonly PortBinding[];
}

/** `reads x [unit]` / `writes x [unit]`: a hub-and-spokes port of a module. */
export interface PortDecl extends NamedDeclBase {
  readonly kind: 'port';
  readonly direction: 'reads' | 'writes';
  readonly unit?: UnitAnnotation;
}

export interface SimulateDecl extends DeclBase {
  readonly kind: 'simulate';
  readonly until?: Expr;
  readonly options: readonly { readonly name: Name; readonly value?: Expr; readonly range: Range }[];
}

export type Declaration =
  | ImportDecl | UnitDecl | TimeDecl | CompartmentDecl | SpeciesDecl | ParameterDecl | VariableDecl
  | LetDecl | RateRuleDecl | FunctionDecl | ReactionDecl | LogicDecl | EventDecl | SurrogateDecl
  | ObservableDecl | DecisionDecl | InstanceDecl | PortDecl | SimulateDecl;

/** A comment as written, kept for the formatter and for doc comments. */
export interface Comment {
  readonly kind: 'doc' | 'line' | 'block';
  readonly text: string;
  readonly range: Range;
}

export interface ModuleHeader {
  readonly name?: QualifiedName;
  /** Annotations written before `module`, e.g. `@units("warn")`. */
  readonly annotations?: readonly Annotation[];
  readonly range: Range;
  doc?: string;
}

export interface FileNode {
  readonly kind: 'file';
  readonly header?: ModuleHeader;
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly range: Range;
}
