// Public API of the idt front end: parse, bind and check .idt files.
export * from './diagnostics.js';
export * from './project.js';
export * from './workspace.js';
export * from './text-position.js';
export * from './syntax/parse.js';
export type * as Ast from './syntax/ast.js';
export type * from './syntax/ast.js';
export * from './semantic/symbols.js';
export * from './semantic/units.js';
export * from './semantic/builtins.js';
export { walkExpr, validateWeights, exprText } from './semantic/checker.js';
export { surrogateWeightsHash, SURROGATE_WEIGHTS_FORMAT } from './semantic/surrogate-weights.js';
export { keywordList } from './syntax/tokens.js';
export * from './services/index.js';
