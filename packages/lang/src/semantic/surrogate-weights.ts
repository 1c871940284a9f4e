// The surrogate weights file (format "idt-surrogate-weights/1", docs/surrogates.md): structural
// validation against a surrogate's declaration, and its content hash.
//
// The hash covers everything that changes what the network computes (architecture, weights,
// scaling, training range, clamping) and nothing else (provenance, comments), so a file whose
// numbers were edited after training is caught, and a retrained file with identical numbers keeps
// its hash.
import { createHash } from 'node:crypto';
import { Codes, type DiagnosticCode } from '../diagnostics.js';

export const SURROGATE_WEIGHTS_FORMAT = 'idt-surrogate-weights/1';

/** The fields the content hash covers, in the order they are hashed. */
const HASHED_FIELDS = ['format', 'layers', 'activation', 'kernels', 'biases', 'inputShift', 'inputScale', 'outputShift', 'outputScale', 'inputMin', 'inputMax', 'clampInputs'] as const;

/** "sha256:<hex>" of the canonical JSON of the hashed fields (fixed order, absent fields left out;
 *  numbers as JSON.stringify prints them, which round-trips exactly). */
export function surrogateWeightsHash(w: Readonly<Record<string, unknown>>): string {
  const canonical: Record<string, unknown> = {};
  for (const k of HASHED_FIELDS) if (w[k] !== undefined) canonical[k] = w[k];
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}

type Problem = { code: DiagnosticCode; message: string };

/** Check a surrogate weights file's structure against the declared architecture ([inputs,
 *  hidden..., outputs]; hidden sizes may be left out, then the file's are taken) and, when the
 *  declaration names one, its activation. */
export function validateWeights(text: string, layers: readonly number[], declared: { activation?: string } = {}): Problem | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { code: Codes.WeightsFileMalformed, message: `not valid JSON (${(e as Error).message})` };
  }
  const w = json as Record<string, unknown>;
  if (!w || typeof w !== 'object' || Array.isArray(w) || w.format !== SURROGATE_WEIGHTS_FORMAT) return { code: Codes.WeightsFileMalformed, message: `missing "format": "${SURROGATE_WEIGHTS_FORMAT}"` };
  if (!Array.isArray(w.kernels) || !Array.isArray(w.biases)) return { code: Codes.WeightsFileMalformed, message: 'needs "kernels" and "biases" arrays (one per layer)' };
  if (w.layers !== undefined && !(Array.isArray(w.layers) && w.layers.every((n) => Number.isInteger(n) && (n as number) >= 1)))
    return { code: Codes.WeightsFileMalformed, message: '"layers" must list positive whole numbers' };
  const sizes = w.layers as number[] | undefined;
  const hiddenGiven = layers.length > 2;
  if (sizes && hiddenGiven && (sizes.length !== layers.length || sizes.some((s, i) => s !== layers[i])))
    return { code: Codes.WeightsShapeMismatch, message: `its layers are [${sizes.join(', ')}] but the declaration says [${layers.join(', ')}]` };
  if (sizes && (sizes[0] !== layers[0] || sizes[sizes.length - 1] !== layers[layers.length - 1]))
    return { code: Codes.WeightsShapeMismatch, message: `it maps ${sizes[0]} inputs to ${sizes[sizes.length - 1]} outputs but the declaration has ${layers[0]} inputs and ${layers[layers.length - 1]} outputs` };
  if (w.activation !== undefined && typeof w.activation !== 'string') return { code: Codes.WeightsFileMalformed, message: '"activation" must be a name such as "tanh"' };
  if (declared.activation !== undefined && typeof w.activation === 'string' && norm(w.activation) !== norm(declared.activation))
    return { code: Codes.WeightsShapeMismatch, message: `it was trained with activation '${w.activation}' but the declaration says '${declared.activation}'` };
  const arch = sizes ?? layers;
  if (w.kernels.length !== arch.length - 1 || w.biases.length !== arch.length - 1) return { code: Codes.WeightsShapeMismatch, message: `expected ${arch.length - 1} kernels and biases for layers [${arch.join(', ')}]` };
  for (let l = 0; l < arch.length - 1; l++) {
    const k = w.kernels[l] as unknown;
    const b = w.biases[l] as unknown;
    if (!Array.isArray(k) || k.length !== arch[l]! * arch[l + 1]!) return { code: Codes.WeightsShapeMismatch, message: `kernel ${l} should hold ${arch[l]} x ${arch[l + 1]} = ${arch[l]! * arch[l + 1]!} numbers` };
    if (!Array.isArray(b) || b.length !== arch[l + 1]) return { code: Codes.WeightsShapeMismatch, message: `bias ${l} should hold ${arch[l + 1]} numbers` };
    if (![...k, ...b].every(isFiniteNumber)) return { code: Codes.WeightsNotFinite, message: `layer ${l} contains a value that is not a finite number (NaN, Infinity or text)` };
  }
  const nIn = arch[0]!, nOut = arch[arch.length - 1]!;
  const vectors: [string, number][] = [['inputShift', nIn], ['inputScale', nIn], ['outputShift', nOut], ['outputScale', nOut], ['inputMin', nIn], ['inputMax', nIn]];
  for (const [name, n] of vectors) {
    const v = w[name];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.length !== n) return { code: Codes.WeightsShapeMismatch, message: `"${name}" should hold ${n} numbers (one per ${name.startsWith('input') ? 'input' : 'output'})` };
    if (!v.every(isFiniteNumber)) return { code: Codes.WeightsNotFinite, message: `"${name}" contains a value that is not a finite number` };
    if (name.endsWith('Scale') && v.some((x) => x === 0)) return { code: Codes.WeightsFileMalformed, message: `"${name}" contains a zero (scales divide and multiply: use 1 for no scaling)` };
  }
  const lo = w.inputMin as number[] | undefined, hi = w.inputMax as number[] | undefined;
  if (lo && hi && lo.some((x, i) => x > hi[i]!)) return { code: Codes.WeightsFileMalformed, message: '"inputMin" is above "inputMax" for some input' };
  if (w.clampInputs !== undefined && typeof w.clampInputs !== 'boolean') return { code: Codes.WeightsFileMalformed, message: '"clampInputs" must be true or false' };
  if (w.hash !== undefined) {
    if (typeof w.hash !== 'string') return { code: Codes.WeightsFileMalformed, message: '"hash" must be a string "sha256:..."' };
    const actual = surrogateWeightsHash(w);
    if (w.hash !== actual) return { code: Codes.WeightsFileMalformed, message: `its content hash does not match (${w.hash.slice(0, 19)}... recorded, ${actual.slice(0, 19)}... computed): the weights were changed after training; retrain, or remove "hash" if the edit was deliberate` };
  }
  return undefined;
}

function isFiniteNumber(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x);
}

function norm(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}
