// Surrogates with several outputs: `net.out(args)` picks an output by name (checker and lowering),
// a plain call of such a surrogate is an error that shows the syntax, an unknown output is named.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, instantiateModel } from '@idt/compiler';
import { Codes } from '@idt/lang';
import { weightsFileText } from '@idt/train';

function model(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-multi-'));
  // A linear 2 -> 2 network: out1 = x + 2 y, out2 = 3 x - y (kernel [in, out] row-major).
  fs.writeFileSync(path.join(dir, 'U.weights.json'), weightsFileText({
    layers: [2, 2], activation: 'linear', inputs: ['x', 'y'], outputs: ['u1', 'u2'],
    kernels: [[1, 3, 2, -1]], biases: [[0, 0]], inputShift: [0, 0], inputScale: [1, 1], outputShift: [0, 0], outputScale: [1, 1], inputMin: [-10, -10], inputMax: [10, 10],
  }, { tool: 'test', mode: 'supervised', model: '-', surrogate: 'U', data: [], seed: 0, epochs: 0, finalLoss: {}, settings: {} }));
  const file = path.join(dir, 'm.idt');
  fs.writeFileSync(file, `surrogate U(x [1], y [1]) -> (u1 [1], u2 [1]) {
  activation linear
  scaling none
  weights "U.weights.json"
}
variable x = 1
variable y = 2
${body}
`);
  return file;
}

describe('surrogates with several outputs', () => {
  it('net.out(args) selects the named output', () => {
    const { ir, diagnostics } = compileFile(model('der(x) = U.u2(x, y)\nder(y) = U.u1(x, y)'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = instantiateModel(ir!);
    const dy = new Float64Array(2);
    m.rhs(0, Float64Array.of(1, 2), new Float64Array(m.nParams), dy);
    expect(Array.from(dy)).toEqual([3 * 1 - 2, 1 + 2 * 2]); // x' = u2 = 3x - y, y' = u1 = x + 2y
  });

  it('a plain call of a multi-output surrogate and an unknown output are errors', () => {
    const plain = compileFile(model('der(x) = U(x, y)\nder(y) = 0'));
    expect(plain.diagnostics.find((d) => d.code === Codes.WrongArgumentCount)?.message).toMatch(/pick one with U\.u1\(\.\.\.\)/);
    const unknown = compileFile(model('der(x) = U.u3(x, y)\nder(y) = 0'));
    expect(unknown.diagnostics.find((d) => d.code === Codes.UndefinedName)?.message).toBe("surrogate U has no output 'u3' (outputs: u1, u2)");
  });
});
