// The 10,000-reaction / 5,000-species network: compiles, runs, and its Jacobian matches finite
// differences on a sample of entries. Timings are printed (IDT_BENCH_VERBOSE=1), never asserted.
import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '@idt/runtime';
import { generateModel } from './generate.js';
import { largeNetwork } from './test-models.js';
import { validateIR } from '../ir/validate.js';

const verbose = process.env.IDT_BENCH_VERBOSE === '1';
const log = (...a: unknown[]): void => { if (verbose) console.log(...a); };

describe('a 10,000-reaction network', () => {
  it('compiles into chunked functions whose rhs and jac run, jac agreeing with finite differences', () => {
    const ir = largeNetwork(10_000, 5_000);
    let t0 = performance.now();
    expect(validateIR(ir).valid).toBe(true);
    const tValidate = performance.now() - t0;

    const timings: Record<string, number> = {};
    t0 = performance.now();
    const gen = generateModel(ir, { timings });
    const tGenerate = performance.now() - t0;
    t0 = performance.now();
    // What instantiateModel does, without generating twice.
    const m = (new Function(`${gen.factory}\nreturn createModel;`) as () => () => CompiledModel)()();
    const tInstantiate = performance.now() - t0;
    const n = m.nStates;
    const nnz = m.jacPattern.colIdx.length;
    expect(n).toBe(5_000);
    expect(gen.factory).toMatch(/for \(let k = 0;/); // table-driven loops

    const p = new Float64Array(m.nParams);
    ir.params.forEach((q, i) => { p[i] = q.value; });
    const y = new Float64Array(n);
    m.initial(p, y);
    const dy = new Float64Array(n), vals = new Float64Array(nnz);
    t0 = performance.now();
    m.rhs(0, y, p, dy);
    const tRhsFirst = performance.now() - t0;
    t0 = performance.now();
    m.jac(0, y, p, vals);
    const tJacFirst = performance.now() - t0;
    const reps = 100;
    t0 = performance.now();
    for (let r = 0; r < reps; r++) m.rhs(0, y, p, dy);
    const tRhs = (performance.now() - t0) / reps;
    t0 = performance.now();
    for (let r = 0; r < reps / 4; r++) m.jac(0, y, p, vals);
    const tJac = (performance.now() - t0) / (reps / 4);
    expect(dy.every(Number.isFinite)).toBe(true);
    expect(vals.every(Number.isFinite)).toBe(true);

    // Sample of columns: central differences of the whole rhs against the analytic column.
    const { rowPtr, colIdx } = m.jacPattern;
    const fp = new Float64Array(n), fm = new Float64Array(n);
    const cols = [0, 1, 17, 999, 2500, 4999];
    for (const j of cols) {
      const yj = y[j]!, h = 1e-6 * Math.max(1, Math.abs(yj));
      y[j] = yj + h; m.rhs(0, y, p, fp);
      y[j] = yj - h; m.rhs(0, y, p, fm);
      y[j] = yj;
      for (let i = 0; i < n; i++) {
        const fd = (fp[i]! - fm[i]!) / (2 * h);
        let a = 0;
        for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (colIdx[k] === j) a = vals[k]!;
        expect(Math.abs(a - fd), `J[${i}][${j}]`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
      }
    }
    log(`10k reactions / 5k species: validate ${tValidate.toFixed(0)} ms, generate ${tGenerate.toFixed(0)} ms `
      + `(source ${(gen.factory.length / 1e6).toFixed(2)} MB, nnz ${nnz}, derivative slots ${gen.jacobian.slots.length - gen.jacobian.nRates}), `
      + `phases ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}, `
      + `new Function + construct ${tInstantiate.toFixed(0)} ms; first rhs ${tRhsFirst.toFixed(2)} ms, first jac ${tJacFirst.toFixed(2)} ms; `
      + `steady rhs ${(tRhs * 1000).toFixed(1)} us, jac ${(tJac * 1000).toFixed(1)} us`);
  });
});
