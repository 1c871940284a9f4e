// @idt/train: training of surrogate nodes, supervised (TensorFlow.js) and embedded in the dynamics.
export { Mlp, glorotInit, type Scaling } from './mlp.js';
export { activation, canonicalActivation, erf, type ActivationFn } from './activations.js';
export { readTable, parseTable, column, TrainingDataError, type Table } from './csv.js';
export { fitScaling, isScalingKind, type ScalingKind, type ShiftScale } from './scaling.js';
export { weightsFileText, writeWeightsFile, type Provenance, type WeightsContent } from './weights-file.js';
export { surrogateSpecs, loadTrainingModel, ModelCompileError, type SurrogateSpec, type TrainingModel } from './model-surrogates.js';
export { trainSupervised, loadTf, type SupervisedOptions, type SupervisedResult, type HeldOutError } from './supervised.js';
export { trainHybrid, type HybridOptions, type HybridResult, type NetworkResult, type ObservedSeries } from './hybrid/fit.js';
export { buildAuxModel, type AuxModel } from './hybrid/aux-model.js';
export { SensitivityModel } from './hybrid/sensitivity-model.js';
export { Adam, dampedSolve } from './hybrid/optimizers.js';
export { trainModel, type TrainModelOptions, type TrainModelResult, type TrainReport } from './train-model.js';
