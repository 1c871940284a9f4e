// @idt/sbml: SBML and SBML-qual import to readable .idt text, and export of idt models to SBML.
export { importSbml, type ImportOptions, type ImportResult } from './import.js';
export type { ImportedSymbol } from './translate.js';
export { runSemanticCase, type CaseOptions, readSettings, readResults, readTags, withinTolerance, CASE_RTOL, CASE_ATOL, type CaseResult, type CaseSettings } from './semantic-case.js';
export { exportSbml, type ExportResult } from './export.js';
