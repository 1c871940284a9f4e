// placeholder: replaced as the package grows
export {};
export { DenseLu } from './linalg/dense-lu.js';
export { SparseLu } from './linalg/sparse-lu.js';
export { approximateMinimumDegree } from './linalg/amd.js';
export { createLinearSolver, DenseLinearSolver, SparseLinearSolver } from './linalg/linear-solver.js';
export type { LinearSolver } from './linalg/linear-solver.js';
export { JacobianEvaluator, spectralRadius } from './solvers/stiff-common.js';
export type { StiffSystemHints } from './solvers/stiff-common.js';
export { RodasSolver, RODAS5P } from './solvers/rodas.js';
export type { RosenbrockTableau } from './solvers/rodas.js';
export { rodasFactory } from './solvers/stiff.js';
export type { CompiledModel, SparsePattern, TimedEventSpec, TriggeredEventSpec, ModelInfo, VariableInfo } from './model.js';
export { BdfSolver } from './solvers/bdf.js';
export { bdfFactory } from './solvers/stiff.js';
export { createTwin, TwinOptionError } from './twin.js';
export type { Twin, TwinDefinition, TwinResult, TwinSimulateOptions } from './twin.js';
export { evaluateDecision, trajectoryStat } from './decisions.js';
export type { DecisionSpec, TrajectoryExpr, StatFunction } from './decisions.js';
