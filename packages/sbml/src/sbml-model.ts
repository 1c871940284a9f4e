// The SBML model as the importer sees it: SBML core Level 2 Versions 4-5 and Level 3 Versions 1-2,
// with the qual and comp packages. Defaults of each Level/Version are filled in by the reader, so
// the translator sees one shape. Every element keeps its XML element for diagnostics.
import type { MathNode } from './math.js';
import type { XmlElement } from './xml.js';

/** MIRIAM annotation: a biology or model qualifier with its resource URIs. */
export interface CvTerm {
  /** e.g. `is`, `hasPart`, `isVersionOf` (bqbiol) or `model:is` (bqmodel). */
  readonly qualifier: string;
  readonly resources: readonly string[];
}

export interface SBase {
  readonly el: XmlElement;
  readonly id?: string;
  readonly name?: string;
  readonly metaid?: string;
  readonly cvTerms: readonly CvTerm[];
  /** comp: elements of submodels this element replaces, and the one that replaces it. */
  readonly replacedElements: readonly SbaseRef[];
  readonly replacedBy?: SbaseRef;
}

/** comp: a reference into a submodel (replacedElement, replacedBy, deletion, port, sBaseRef). */
export interface SbaseRef {
  readonly el: XmlElement;
  readonly submodelRef?: string;
  readonly idRef?: string;
  readonly portRef?: string;
  readonly metaIdRef?: string;
  readonly unitRef?: string;
  readonly deletion?: string;
  readonly conversionFactor?: string;
  /** Nested sBaseRef: the reference continues inside the referenced submodel. */
  readonly sub?: SbaseRef;
}

export interface UnitPart {
  readonly kind: string;
  readonly exponent: number;
  readonly scale: number;
  readonly multiplier: number;
}

export interface UnitDefinition extends SBase {
  readonly id: string;
  readonly units: readonly UnitPart[];
}

export interface FunctionDefinition extends SBase {
  readonly id: string;
  readonly math?: MathNode;
}

export interface Compartment extends SBase {
  readonly id: string;
  readonly size?: number;
  readonly units?: string;
  readonly constant: boolean;
  readonly spatialDimensions?: number;
}

export interface Species extends SBase {
  readonly id: string;
  readonly compartment: string;
  readonly initialAmount?: number;
  readonly initialConcentration?: number;
  readonly substanceUnits?: string;
  readonly hasOnlySubstanceUnits: boolean;
  readonly boundaryCondition: boolean;
  readonly constant: boolean;
  readonly conversionFactor?: string;
}

export interface Parameter extends SBase {
  readonly id: string;
  readonly value?: number;
  readonly units?: string;
  readonly constant: boolean;
}

export interface InitialAssignment extends SBase {
  readonly symbol: string;
  readonly math?: MathNode;
}

export interface Rule extends SBase {
  readonly kind: 'assignment' | 'rate' | 'algebraic';
  readonly variable?: string;
  readonly math?: MathNode;
}

export interface SpeciesReference extends SBase {
  readonly species: string;
  /** Absent in L3 when not given (then undefined unless set by a rule or initial assignment). */
  readonly stoichiometry?: number;
  readonly constant: boolean;
  /** Level 2 stoichiometryMath. */
  readonly stoichiometryMath?: MathNode;
}

export interface LocalParameter extends SBase {
  readonly id: string;
  readonly value?: number;
  readonly units?: string;
}

export interface Reaction extends SBase {
  readonly id: string;
  readonly reversible: boolean;
  readonly fast: boolean;
  readonly reactants: readonly SpeciesReference[];
  readonly products: readonly SpeciesReference[];
  readonly modifiers: readonly { readonly el: XmlElement; readonly species: string; readonly id?: string }[];
  readonly kineticLaw?: { readonly el: XmlElement; readonly metaid?: string; readonly math?: MathNode; readonly localParameters: readonly LocalParameter[] };
}

export interface EventAssignment extends SBase {
  readonly variable: string;
  readonly math?: MathNode;
}

export interface SbmlEvent extends SBase {
  readonly useValuesFromTriggerTime: boolean;
  readonly trigger?: { readonly el: XmlElement; readonly metaid?: string; readonly math?: MathNode; readonly initialValue: boolean; readonly persistent: boolean };
  readonly delay?: { readonly el: XmlElement; readonly metaid?: string; readonly math?: MathNode };
  readonly priority?: { readonly el: XmlElement; readonly metaid?: string; readonly math?: MathNode };
  readonly assignments: readonly EventAssignment[];
}

// ---------- qual

export interface QualSpecies extends SBase {
  readonly id: string;
  readonly compartment?: string;
  readonly constant: boolean;
  readonly initialLevel?: number;
  readonly maxLevel?: number;
}

export interface QualTransition extends SBase {
  readonly inputs: readonly { readonly el: XmlElement; readonly id?: string; readonly species: string; readonly thresholdLevel?: number; readonly sign?: string }[];
  readonly outputs: readonly { readonly el: XmlElement; readonly species: string }[];
  readonly defaultLevel?: number;
  readonly defaultEl?: XmlElement;
  readonly terms: readonly { readonly el: XmlElement; readonly resultLevel: number; readonly math?: MathNode }[];
  /** False when the transition has no listOfFunctionTerms at all. */
  readonly hasFunctionTerms: boolean;
}

// ---------- comp

export interface Submodel extends SBase {
  readonly id: string;
  readonly modelRef: string;
  readonly timeConversionFactor?: string;
  readonly extentConversionFactor?: string;
  readonly deletions: readonly SbaseRef[];
}

export interface Port extends SbaseRef {
  readonly id: string;
}

export interface SbmlModel extends SBase {
  readonly level: number;
  readonly version: number;
  readonly substanceUnits?: string;
  readonly timeUnits?: string;
  readonly volumeUnits?: string;
  readonly areaUnits?: string;
  readonly lengthUnits?: string;
  readonly extentUnits?: string;
  readonly conversionFactor?: string;
  readonly functionDefinitions: FunctionDefinition[];
  readonly unitDefinitions: UnitDefinition[];
  readonly compartments: Compartment[];
  readonly species: Species[];
  readonly parameters: Parameter[];
  readonly initialAssignments: InitialAssignment[];
  readonly rules: Rule[];
  readonly constraints: SBase[];
  readonly reactions: Reaction[];
  readonly events: SbmlEvent[];
  readonly qualSpecies: QualSpecies[];
  readonly transitions: QualTransition[];
  readonly submodels: Submodel[];
  readonly ports: Port[];
}

export interface SbmlDocument {
  readonly el: XmlElement;
  readonly level: number;
  readonly version: number;
  /** Package namespaces declared on the document, by package name (`comp`, `qual`, `fbc`, ...). */
  readonly packages: ReadonlyMap<string, { readonly uri: string; readonly required: boolean }>;
  readonly model?: SbmlModel;
  /** comp: model definitions of this document, by id. */
  readonly modelDefinitions: ReadonlyMap<string, SbmlModel>;
  /** comp: external model definitions (file source and model id). */
  readonly externalModelDefinitions: ReadonlyMap<string, { readonly el: XmlElement; readonly source: string; readonly modelRef?: string }>;
}
