// The model side of training: the surrogate declarations of a model and its IR, compiled even
// while the weights files of the surrogates being trained do not exist yet (or no longer match
// their declaration): those files are replaced, for this compilation only, by placeholder
// weights of the declared shape, which training never reads.
import * as path from 'node:path';
import { compileFile, type IRModel } from '@idt/compiler';
import { Codes, nodeFileHost, SURROGATE_WEIGHTS_FORMAT, Workspace, type Diagnostic, type FileHost, type SurrogateDecl } from '@idt/lang';
import { canonicalActivation } from './activations.js';
import { TrainingDataError } from './csv.js';
import { isScalingKind, type ScalingKind } from './scaling.js';

/** What training needs from one `surrogate` declaration. */
export interface SurrogateSpec {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** [inputs, hidden..., outputs]. */
  readonly layers: readonly number[];
  readonly activation: string;
  readonly scaling: ScalingKind;
  /** Absolute path of the weights file the declaration names. */
  readonly weightsFile: string;
  /** The model file that declares it. */
  readonly file: string;
}

/** Every surrogate declared in the checked program's modules. */
export function surrogateSpecs(modules: Iterable<{ file: string; ast: { declarations: readonly { kind: string }[] } }>): SurrogateSpec[] {
  const out: SurrogateSpec[] = [];
  for (const m of modules) {
    for (const decl of m.ast.declarations) {
      if (decl.kind !== 'surrogate') continue;
      const d = decl as SurrogateDecl;
      if (!d.name) continue;
      const prop = (n: string) => d.properties.find((p) => p.name.text === n)?.values;
      const hidden = (prop('layers') ?? []).map((v) => Number(v.value));
      const weights = prop('weights')?.[0]?.value;
      const act = String(prop('activation')?.[0]?.value ?? 'tanh');
      const scaling = String(prop('scaling')?.[0]?.value ?? 'standard');
      out.push({
        name: d.name.text,
        inputs: d.inputs.map((p) => p.name.text),
        outputs: d.outputs.map((p) => p.name.text),
        layers: [d.inputs.length, ...hidden, d.outputs.length],
        activation: canonicalActivation(act) ?? act,
        scaling: isScalingKind(scaling) ? scaling : 'standard',
        weightsFile: typeof weights === 'string' ? path.resolve(path.dirname(m.file), weights) : '',
        file: m.file,
      });
    }
  }
  return out;
}

/** Zero weights of the declared shape: lets the model compile before its surrogate is trained. */
function placeholderWeights(s: SurrogateSpec): string {
  const L = s.layers.length - 1;
  return JSON.stringify({
    format: SURROGATE_WEIGHTS_FORMAT,
    layers: s.layers,
    activation: s.activation,
    kernels: Array.from({ length: L }, (_, l) => new Array<number>(s.layers[l]! * s.layers[l + 1]!).fill(0)),
    biases: Array.from({ length: L }, (_, l) => new Array<number>(s.layers[l + 1]!).fill(0)),
  });
}

export interface TrainingModel {
  readonly ir: IRModel;
  readonly specs: readonly SurrogateSpec[];
  /** The surrogates chosen for training. */
  readonly trained: readonly SurrogateSpec[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Thrown when the model has errors other than the weights of the surrogates being trained. */
export class ModelCompileError extends Error {
  override readonly name = 'ModelCompileError';
  constructor(message: string, readonly diagnostics: readonly Diagnostic[]) {
    super(message);
  }
}

const WEIGHT_CODES = new Set<string>([Codes.WeightsFileMissing, Codes.WeightsFileMalformed, Codes.WeightsShapeMismatch, Codes.WeightsNotFinite]);

/** Compile `file` for training the surrogates named in `names` (all of them when empty). */
export function loadTrainingModel(file: string, names: readonly string[] = [], host: FileHost = nodeFileHost): TrainingModel {
  const first = new Workspace(host).check([path.resolve(file)]);
  const specs = surrogateSpecs(first.modules.values());
  if (specs.length === 0) throw new TrainingDataError(`${file} declares no surrogate to train`);
  for (const n of names) {
    if (!specs.some((s) => s.name === n)) throw new TrainingDataError(`${file} has no surrogate '${n}' (surrogates: ${specs.map((s) => s.name).join(', ')})`);
  }
  const trained = names.length ? specs.filter((s) => names.includes(s.name)) : specs;
  for (const s of trained) {
    if (!s.weightsFile) throw new TrainingDataError(`surrogate '${s.name}' names no weights file: add 'weights "${s.name}.weights.json"' to its declaration`);
  }
  const replaced = new Map(trained.map((s) => [s.weightsFile, placeholderWeights(s)]));
  const overlay: FileHost = {
    readFile: (f) => replaced.get(path.resolve(f)) ?? host.readFile(f),
    fileExists: (f) => replaced.has(path.resolve(f)) || host.fileExists(f),
  };
  const result = compileFile(file, new Workspace(overlay));
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && !WEIGHT_CODES.has(d.code));
  if (!result.ir || errors.length) {
    throw new ModelCompileError(`${file} has ${errors.length || 'some'} error(s) besides the weights being trained; run 'idt check ${file}'`, result.diagnostics);
  }
  return { ir: result.ir, specs, trained, diagnostics: result.diagnostics };
}
