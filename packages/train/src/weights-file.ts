// Writing a surrogate's weights file (format "idt-surrogate-weights/1", docs/surrogates.md): the
// architecture, the numbers, the normalisation, the training range, the content hash and the
// training provenance. Output is deterministic (no timestamps), so a fixed seed reproduces the
// file byte for byte.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NetworkWeights } from '@idt/compiler';
import { surrogateWeightsHash, SURROGATE_WEIGHTS_FORMAT, validateWeights } from '@idt/lang';

/** How the weights were made: enough to reproduce them. */
export interface Provenance {
  readonly tool: string;
  readonly mode: 'supervised' | 'hybrid';
  /** The model file (relative to the weights file) and the surrogate's name in it. */
  readonly model: string;
  readonly surrogate: string;
  readonly data: readonly { readonly file: string; readonly hash: string; readonly rows: number }[];
  readonly seed: number;
  /** Epochs (supervised) or optimiser iterations (hybrid) actually run. */
  readonly epochs: number;
  readonly finalLoss: Readonly<Record<string, number>>;
  /** Everything else that shaped the result (learning rate, batch size, split, backend, ...). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What training produces for one network: its weights and the input/output normalisation. */
export interface TrainedNetwork {
  readonly kernels: number[][];
  readonly biases: number[][];
  readonly inputShift: number[];
  readonly inputScale: number[];
  readonly outputShift: number[];
  readonly outputScale: number[];
  readonly inputMin: number[];
  readonly inputMax: number[];
}

/** A weights file's content: the network's shape and names, its parameters and normalisation
 *  (as the compiler reads them), and the training range of each input. */
export interface WeightsContent extends NetworkWeights {
  readonly layers: readonly number[];
  readonly activation: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly inputMin: readonly number[];
  readonly inputMax: readonly number[];
}

/** The weights file's JSON text: one key per line, number arrays kept on one line each. */
export function weightsFileText(w: WeightsContent, provenance: Provenance): string {
  const doc: Record<string, unknown> = {
    format: SURROGATE_WEIGHTS_FORMAT,
    layers: w.layers,
    activation: w.activation,
    inputs: w.inputs,
    outputs: w.outputs,
    kernels: w.kernels,
    biases: w.biases,
    inputShift: w.inputShift,
    inputScale: w.inputScale,
    outputShift: w.outputShift,
    outputScale: w.outputScale,
    inputMin: w.inputMin,
    inputMax: w.inputMax,
    ...(w.clampInputs ? { clampInputs: true } : {}),
  };
  for (const [k, v] of Object.entries(doc)) {
    if (Array.isArray(v) && v.flat(2).some((x) => typeof x === 'number' && !Number.isFinite(x))) {
      throw new Error(`training produced non-finite ${k}: refusing to write the weights file`);
    }
  }
  doc.hash = surrogateWeightsHash(doc);
  doc.provenance = provenance;
  const lines = Object.entries(doc).map(([k, v]) => `  ${JSON.stringify(k)}: ${k === 'provenance' ? JSON.stringify(v, null, 2).replace(/\n/g, '\n  ') : JSON.stringify(v)}`);
  const text = `{\n${lines.join(',\n')}\n}\n`;
  // The file must pass the same check the compiler applies; anything else is a bug here.
  const problem = validateWeights(text, w.layers, { activation: w.activation });
  if (problem) throw new Error(`internal: the weights file written does not validate: ${problem.message}`);
  return text;
}

export function writeWeightsFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}
