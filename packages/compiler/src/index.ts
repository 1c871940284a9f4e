export * from './ir/types.js';
export { validateIR, validateIRSchema, structuralProblems, type IRProblem, type IRProblemCode, type IRValidationResult } from './ir/validate.js';
export { IR_SCHEMA } from './ir/schema.js';
export { simplify, Simplifier, type SimplifyOptions } from './ir/simplify.js';
export { differentiate, buildRhsProgram, buildJacobian, DependencyAnalysis, type DiffContext, type RhsProgram, type JacobianProgram } from './ir/derivative.js';
export { ExpressionWriter, printNumber, printIndex, type SlotStorage } from './codegen/expression-writer.js';
export { eliminateCommonSubexpressions } from './codegen/cse.js';
export { generateModelSource, instantiateModel, generateModel, type GenerateOptions, type GeneratedModel } from './codegen/generate.js';
export { SUPPORTED_ACTIVATIONS } from './codegen/surrogate.js';
