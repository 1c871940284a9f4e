// The one diagnostic shape and every diagnostic code, in one place.
//
// Codes are stable: tests and quick fixes match on codes, never on messages.
// IDT1xxx syntax, IDT2xxx names, IDT3xxx types and units, IDT4xxx composition, IDT5xxx files
// and surrogates, IDT6xxx simulation settings, IDT7xxx interchange (SBML import/export).
import type { Range } from './syntax/ast.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface RelatedInformation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Absolute path (or URI-like id) of the file the range refers to. */
  readonly file: string;
  readonly range: Range;
  readonly related?: readonly RelatedInformation[];
  /** Machine-readable payload for quick fixes, e.g. { suggestion: "k_pg" }. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Diagnostics that mark something as unused (editors fade them). */
  readonly unnecessary?: boolean;
}

export const Codes = {
  // --- syntax
  UnexpectedCharacter: 'IDT1001',
  UnexpectedToken: 'IDT1002',
  MissingToken: 'IDT1003',
  UnterminatedString: 'IDT1004',
  InvalidNumber: 'IDT1005',
  MisplacedModuleHeader: 'IDT1006',
  UnknownSurrogateProperty: 'IDT1007',
  UnknownSimulateOption: 'IDT1008',
  DuplicateOption: 'IDT1009',
  NestingTooDeep: 'IDT1010',
  UnknownModuleAnnotation: 'IDT1011',
  KeywordAsName: 'IDT1012',
  // --- names
  UndefinedName: 'IDT2001',
  DuplicateDeclaration: 'IDT2002',
  UnusedDeclaration: 'IDT2003',
  ReservedName: 'IDT2004',
  NotAFunction: 'IDT2005',
  WrongKindOfName: 'IDT2006',
  UnknownModuleMember: 'IDT2007',
  UnknownUnit: 'IDT2008',
  UnknownDistribution: 'IDT2009',
  UnknownCompartment: 'IDT2010',
  RecursiveDefinition: 'IDT2011',
  // --- types and units
  TypeMismatch: 'IDT3001',
  UnitMismatch: 'IDT3002',
  WrongArgumentCount: 'IDT3003',
  RateLawUnits: 'IDT3004',
  UnitScaleMismatch: 'IDT3005',
  ExpectedBoolean: 'IDT3006',
  ExpectedNumber: 'IDT3007',
  ExpectedConstant: 'IDT3008',
  DimensionlessRequired: 'IDT3009',
  InvalidUnitDefinition: 'IDT3010',
  InvalidStoichiometry: 'IDT3011',
  ConflictingRules: 'IDT3012',
  InvalidTarget: 'IDT3013',
  InvalidBounds: 'IDT3014',
  InvalidDistribution: 'IDT3015',
  TrajectoryFunctionOutsideDecision: 'IDT3016',
  DecisionNeedsTrajectory: 'IDT3017',
  SuspiciousConstruct: 'IDT3018',
  ConstantSpeciesChanged: 'IDT3019',
  DivisionByZero: 'IDT3020',
  // --- composition
  ModuleNotFound: 'IDT4001',
  ImportCycle: 'IDT4002',
  UnboundPort: 'IDT4003',
  DuplicateBinding: 'IDT4004',
  NameClash: 'IDT4005',
  UnknownPort: 'IDT4006',
  UnknownOverride: 'IDT4007',
  WriteToReadPort: 'IDT4008',
  BindingUnitMismatch: 'IDT4009',
  ConflictingWrites: 'IDT4010',
  ModuleNameMismatch: 'IDT4011',
  InvalidProjectFile: 'IDT4012',
  InstanceOfSelf: 'IDT4013',
  PortInEntryModule: 'IDT4014',
  // --- files and surrogates
  WeightsFileMissing: 'IDT5001',
  WeightsFileMalformed: 'IDT5002',
  WeightsShapeMismatch: 'IDT5003',
  WeightsNotFinite: 'IDT5004',
  FileUnreadable: 'IDT5005',
  SurrogateArchitecture: 'IDT5006',
  // --- interchange (SBML import and export); ranges point into the SBML file
  SbmlMalformed: 'IDT7001',
  SbmlUnsupported: 'IDT7002',
  SbmlUnitsDoNotBalance: 'IDT7003',
  SbmlRenamed: 'IDT7004',
  SbmlIgnored: 'IDT7005',
  ExportUnsupported: 'IDT7006',
} as const;

export type DiagnosticCode = (typeof Codes)[keyof typeof Codes];

/** Convenience constructor. */
export function diagnostic(
  severity: Severity,
  code: DiagnosticCode,
  message: string,
  file: string,
  range: Range,
  extra?: { related?: readonly RelatedInformation[]; data?: Record<string, unknown>; unnecessary?: boolean },
): Diagnostic {
  return { severity, code, message, file, range, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, then position, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
