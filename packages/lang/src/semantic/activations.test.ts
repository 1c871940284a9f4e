// The one list of surrogate activations: the checker accepts exactly it (any case, '_' or '-',
// and the aliases), so every activation the code generator and training implement can be written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Codes } from '../diagnostics.js';
import { Workspace } from '../workspace.js';
import { activations, canonicalActivation } from './builtins.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-activations-'));

function architectureErrors(activation: string): string[] {
  const file = path.join(dir, `m-${activation.replace(/\W/g, '_')}.idt`);
  fs.writeFileSync(file, `time [h]\nsurrogate f(x [1]) -> (y [1/h]) {\n  layers 4\n  activation ${activation}\n  weights "f.weights.json"\n}\n`);
  const program = new Workspace().check([file]);
  return program.diagnostics.filter((d) => d.code === Codes.SurrogateArchitecture).map((d) => d.message);
}

describe('surrogate activations', () => {
  it('accepts every activation of the list, including softsign, selu and relu6', () => {
    for (const a of activations) expect(architectureErrors(a), a).toEqual([]);
  });

  it('resolves case, separators and aliases to the canonical name', () => {
    expect(canonicalActivation('SeLU')).toBe('selu');
    expect(canonicalActivation('hard_sigmoid')).toBe('hardsigmoid');
    expect(canonicalActivation('silu')).toBe('swish');
    expect(canonicalActivation('identity')).toBe('linear');
    expect(canonicalActivation('swishy')).toBeUndefined();
  });

  it('reports an unknown activation with the known ones', () => {
    const errors = architectureErrors('swishy');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("unknown activation 'swishy'");
    expect(errors[0]).toContain('softsign');
  });
});
