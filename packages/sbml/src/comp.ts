// SBML comp: hierarchical models flattened into one model (placeholder until implemented).
import type { ReadProblem } from './read-sbml.js';
import type { SbmlDocument, SbmlModel } from './sbml-model.js';

export interface FlattenOptions {
  readonly file: string;
  readonly readFile: (file: string) => string | undefined;
}

export function flattenComp(doc: SbmlDocument, model: SbmlModel, _options: FlattenOptions): { model: SbmlModel; problems: ReadProblem[] } {
  void doc;
  return { model, problems: model.submodels.length ? [{ severity: 'error', kind: 'unsupported', message: 'comp submodels are not supported yet', el: model.el }] : [] };
}
