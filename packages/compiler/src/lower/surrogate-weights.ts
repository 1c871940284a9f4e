// Reading a surrogate's weights file (format "idt-surrogate-weights/1", see docs/surrogates.md)
// into the IR at compile time, so bundles carry the numbers and need no ML library. Absent scaling
// vectors mean no scaling (shift 0, scale 1); provenance and hash stay in the file.
import { validateWeights, type FileHost } from '@idt/lang';
import type { IRSurrogate } from '../ir/types.js';

export interface LoadedWeights {
  readonly layers: number[];
  readonly activation?: string;
  readonly weights: NonNullable<IRSurrogate['weights']>;
}

export function loadSurrogateWeights(host: FileHost, file: string, declaredLayers: readonly number[]): LoadedWeights | { error: string } | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  const problem = validateWeights(text, declaredLayers);
  if (problem) return { error: `weights file ${file}: ${problem.message}` };
  const w = JSON.parse(text) as {
    layers?: number[]; activation?: string; kernels: number[][]; biases: number[][];
    inputShift?: number[]; inputScale?: number[]; outputShift?: number[]; outputScale?: number[];
    inputMin?: number[]; inputMax?: number[]; clampInputs?: boolean;
  };
  const layers = w.layers ?? [...declaredLayers];
  const nIn = layers[0]!;
  const nOut = layers[layers.length - 1]!;
  const ones = (n: number) => new Array<number>(n).fill(1);
  const zeros = (n: number) => new Array<number>(n).fill(0);
  return {
    layers,
    ...(w.activation ? { activation: w.activation } : {}),
    weights: {
      kernels: w.kernels,
      biases: w.biases,
      inputShift: w.inputShift ?? zeros(nIn),
      inputScale: w.inputScale ?? ones(nIn),
      outputShift: w.outputShift ?? zeros(nOut),
      outputScale: w.outputScale ?? ones(nOut),
      ...(w.inputMin ? { inputMin: w.inputMin } : {}),
      ...(w.inputMax ? { inputMax: w.inputMax } : {}),
      ...(w.clampInputs ? { clampInputs: true } : {}),
    },
  };
}
