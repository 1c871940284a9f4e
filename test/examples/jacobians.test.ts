// Generated (symbolic, sparse) Jacobians of every runnable example agree with central finite
// differences of the generated right-hand side, at states taken along each model's own
// trajectory, and the sparsity pattern misses no nonzero entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instantiateModel } from '@idt/compiler';
import { compileExample, EXAMPLES } from './helpers.js';

/** Every entry model under examples/: the benchmarks and each application folder's twin.idt
 *  (library modules with ports are checked through the twins that instantiate them, and
 *  through the harnesses in fixtures/). */
const MODELS = [
  ...fs.readdirSync(path.join(EXAMPLES, 'benchmarks')).filter((f) => f.endsWith('.idt')).map((f) => `benchmarks/${f}`),
  ...fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES, d.name, 'twin.idt')))
    .map((d) => `${d.name}/twin.idt`),
  path.join(import.meta.dirname, 'fixtures/cytokine-harness.idt'),
  path.join(import.meta.dirname, 'fixtures/adaptive-harness.idt'),
];

/** Samples along the trajectory at which the Jacobian is checked. */
const SAMPLES = 6;

describe('generated Jacobians agree with finite differences', () => {
  it('covers the four application twins and six benchmarks at least', () => {
    for (const twin of ['sepsis', 'influenza', 'covid19', 'th-differentiation']) expect(MODELS).toContain(`${twin}/twin.idt`);
    expect(MODELS.filter((m) => m.startsWith('benchmarks/'))).toHaveLength(6);
  });

  for (const file of MODELS) {
    it(path.basename(path.dirname(file)) + '/' + path.basename(file), () => {
      const { ir, twin } = compileExample(file);
      const model = instantiateModel(ir);
      const n = model.nStates;
      if (n === 0) {
        // A purely logical model has no continuous state and so no Jacobian.
        expect(ir.logic.length).toBeGreaterThan(0);
        return;
      }
      const run = twin.simulate({ points: 201 });
      expect(run.status, run.message).toBe('success');
      const p = Float64Array.from(ir.params, (q) => q.value);
      model.derivedParams(p, new Uint8Array(p.length));
      // Per-state scale: the largest magnitude it reaches, so a state passing near zero still
      // gets a finite-difference step of the size it varies on.
      const scale = ir.states.map((s) => Math.max(...Array.from(run.values[s.name]!, Math.abs), 1e-30));
      const { rowPtr, colIdx } = model.jacPattern;
      const values = new Float64Array(colIdx.length);
      const y = new Float64Array(n);
      const fPlus = new Float64Array(n);
      const fMinus = new Float64Array(n);
      for (let s = 0; s < SAMPLES; s++) {
        const k = Math.round((s * (run.time.length - 1)) / (SAMPLES - 1));
        const t = run.time[k]!;
        ir.states.forEach((st, i) => (y[i] = run.values[st.name]![k]!));
        model.jac(t, y, p, values);
        const dense: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let r = 0; r < n; r++) for (let q = rowPtr[r]!; q < rowPtr[r + 1]!; q++) dense[r]![colIdx[q]!] = values[q]!;
        const fd: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
        for (let j = 0; j < n; j++) {
          // Central differences: truncation error O(h^2), rounding O(eps/h); h = 1e-6 of scale.
          const h = 1e-6 * Math.max(Math.abs(y[j]!), scale[j]!);
          const yj = y[j]!;
          y[j] = yj + h;
          model.rhs(t, y, p, fPlus);
          y[j] = yj - h;
          model.rhs(t, y, p, fMinus);
          y[j] = yj;
          for (let i = 0; i < n; i++) fd[i]![j] = (fPlus[i]! - fMinus[i]!) / (2 * h);
        }
        // Compare in units of the row's largest term J_ik * scale_k, so that a tiny entry next to
        // a huge one is judged by what it contributes to the row.
        for (let i = 0; i < n; i++) {
          let rowScale = 0;
          for (let j = 0; j < n; j++) rowScale = Math.max(rowScale, Math.abs(dense[i]![j]!) * scale[j]!, Math.abs(fd[i]![j]!) * scale[j]!);
          if (rowScale === 0) continue;
          for (let j = 0; j < n; j++) {
            const err = (Math.abs(dense[i]![j]! - fd[i]![j]!) * scale[j]!) / rowScale;
            if (err > 1e-5) {
              expect.fail(`${file} at t = ${t}: d(${ir.states[i]!.name})/d(${ir.states[j]!.name}) generated ${dense[i]![j]} vs finite differences ${fd[i]![j]} (scaled error ${err.toExponential(2)})`);
            }
          }
        }
      }
    });
  }
});
