// Printing a straight-line program as JavaScript functions.
//
// V8 stops optimising very large functions, so a long program is split into chunks of at most
// `chunkSize` statements, each its own function `(t, y, p, w, o)` called in sequence. A slot whose
// definition and every use fall in one chunk becomes a local `const tN`; any other slot lives in the
// shared work array `w` (allocated once when the model is constructed).
import { ExpressionWriter, printIndex, printNumber, type SlotStorage } from './expression-writer.js';
import { slotsReadTree, stmtDefs, stmtExprs, type Stmt, type StoreTarget } from './program.js';
import type { LinearStmt, LoopStmt, VectorizedProgram, VectorStmt } from './vectorize.js';
import { surrogateIds } from './surrogate.js';
import type { Expr } from '../ir/types.js';

/** Default statements per chunk function. */
export const DEFAULT_CHUNK_SIZE = 2000;

export interface EmittedProgram {
  /** Chunk function declarations. */
  readonly decls: string;
  /** Statement(s) calling the chunks in order with (t, y, p, w, o) in scope. */
  readonly call: string;
  /** Work-array length this program needs. */
  readonly workSize: number;
}

const TARGETS: Readonly<Record<StoreTarget, string>> = { o: 'o', y: 'y', p: 'p' };

/** Prints a program as chunk functions named `<id>_<k>`; `id` must be a compiler-made identifier. */
export function emitProgram(prog: VectorizedProgram, id: string, chunkSize: number = DEFAULT_CHUNK_SIZE): EmittedProgram {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) throw new Error('code generation: bad function id');
  const stmts = prog.stmts;
  const hasReturn = stmts.some((s) => s.kind === 'return');
  // Loops index slots through tables, so with loops every slot lives in the work array.
  const hasLoops = stmts.some((s) => s.kind === 'loop' || s.kind === 'linear');
  const defsOf = (s: VectorStmt): readonly number[] =>
    (s.kind === 'loop' || s.kind === 'linear' ? (s.target === 'w' ? s.targetValues : []) : stmtDefs(s));
  const readsOf = (s: VectorStmt, into: Set<number>): void => {
    if (s.kind === 'loop') { for (const c of s.columns) if (c.kind === 'w') for (const v of c.values) into.add(v); return; }
    if (s.kind === 'linear') {
      for (const v of s.cols) into.add(v);
      if (s.divisor?.kind === 'w') for (const v of s.divisor.values) into.add(v);
      return;
    }
    for (const e of stmtExprs(s)) slotsReadTree(e, into);
  };
  const size = hasReturn ? Math.max(1, stmts.length) : Math.max(1, chunkSize);
  const chunkOf = (k: number): number => Math.floor(k / size);
  const nChunks = Math.max(1, Math.ceil(stmts.length / size));

  // Where each slot is defined and used.
  const defChunk = new Map<number, number>();
  const crosses = new Set<number>();
  stmts.forEach((s, k) => {
    for (const d of defsOf(s)) defChunk.set(d, chunkOf(k));
  });
  stmts.forEach((s, k) => {
    const read = new Set<number>();
    readsOf(s, read);
    for (const r of read) {
      const c = defChunk.get(r);
      if (c === undefined) throw new Error('code generation: a slot is read but never defined');
      if (c !== chunkOf(k)) crosses.add(r);
    }
  });
  const storage = new Map<number, SlotStorage>();
  let workSize = 0;
  for (const [slot] of [...defChunk].sort((a, b) => a[0] - b[0])) {
    storage.set(slot, hasLoops || crosses.has(slot) ? { kind: 'work', index: workSize++ } : { kind: 'local', index: slot });
  }
  const writer = new ExpressionWriter({
    slot: (i) => {
      const s = storage.get(i);
      if (!s) throw new Error('code generation: unknown slot');
      return s;
    },
  });
  const define = (slot: number, text: string): string => {
    const s = storage.get(slot)!;
    return s.kind === 'local' ? `const t${printIndex(s.index)} = ${text};` : `w[${printIndex(s.index)}] = ${text};`;
  };
  const num = (e: Expr): string => writer.num(e);

  const columnWriter = new ExpressionWriter({ columns: true });
  const tables: string[] = [];
  let nLoops = 0;
  const workIndex = (slot: number): number => {
    const s = storage.get(slot);
    if (!s || s.kind !== 'work') throw new Error('code generation: loop slot not in the work array');
    return s.index;
  };
  const printLoop = (s: LoopStmt): string => {
    const base = `L${id}_${printIndex(nLoops++)}`;
    const aliases: string[] = [];
    const table = (name: string, kind: 'int' | 'float', values: readonly number[]): void => {
      const text = kind === 'int' ? values.map(printIndex).join(',') : values.map(printNumber).join(',');
      tables.push(`const ${base}_${name} = new ${kind === 'int' ? 'Int32Array' : 'Float64Array'}([${text}]);`);
    };
    table('T', 'int', s.target === 'w' ? s.targetValues.map(workIndex) : s.targetValues);
    s.columns.forEach((c, k) => {
      const col = printIndex(k);
      if (c.kind === 'n') { table(col, 'float', c.values); aliases.push(`N${col} = ${base}_${col}`); }
      else { table(col, 'int', c.kind === 'w' ? c.values.map(workIndex) : c.values); aliases.push(`I${col} = ${base}_${col}`); }
    });
    const lhs = s.target === 'w' ? `w[${base}_T[k]]` : `o[${base}_T[k]]`;
    const decl = aliases.length > 0 ? `const ${aliases.join(', ')};\n    ` : '';
    return `{\n    ${decl}for (let k = 0; k < ${printIndex(s.count)}; k++) ${lhs} = ${columnWriter.num(s.template)};\n  }`;
  };

  const printLinear = (s: LinearStmt): string => {
    const base = `L${id}_${printIndex(nLoops++)}`;
    const ints = (name: string, values: readonly number[]): void => {
      tables.push(`const ${base}_${name} = new Int32Array([${values.map(printIndex).join(',')}]);`);
    };
    ints('T', s.target === 'w' ? s.targetValues.map(workIndex) : s.targetValues);
    ints('R', s.rowPtr);
    ints('J', s.cols.map(workIndex));
    tables.push(`const ${base}_C = new Float64Array([${s.coefs.map(printNumber).join(',')}]);`);
    let div = '';
    if (s.divisor) {
      const d = s.divisor;
      ints('D', d.kind === 'w' ? d.values.map(workIndex) : d.values);
      div = ` / ${d.kind === 'w' ? 'w' : d.kind === 'y' ? 'y' : 'p'}[${base}_D[k]]`;
    }
    const lhs = s.target === 'w' ? `w[${base}_T[k]]` : `o[${base}_T[k]]`;
    return `for (let k = 0; k < ${printIndex(s.targetValues.length)}; k++) {\n`
      + `    let s = 0;\n    for (let m = ${base}_R[k]; m < ${base}_R[k + 1]; m++) s += ${base}_C[m] * w[${base}_J[m]];\n`
      + `    ${lhs} = s${div};\n  }`;
  };

  const printStmt = (s: VectorStmt): string => {
    switch (s.kind) {
      case 'loop': return printLoop(s);
      case 'linear': return printLinear(s);
      case 'def': return define(s.slot, num(s.expr));
      case 'store': {
        const target = TARGETS[s.target];
        if (!target) throw new Error('code generation: bad store target');
        const lhs = `${target}[${printIndex(s.index)}]`;
        return s.guard ? `if (o[${printIndex(s.index)}] === 0) ${lhs} = ${num(s.expr)};` : `${lhs} = ${num(s.expr)};`;
      }
      case 'return': return `return ${s.bool ? writer.bool(s.expr) : num(s.expr)};`;
      case 'surrogate': {
        const ids = surrogateIds(s.s);
        const parts = s.args.map((a, m) => `${ids.x}[${printIndex(m)}] = ${num(a)};`);
        parts.push(`${ids.fn}(${s.grad ? 'true' : 'false'}, t);`);
        s.out.forEach((slot, k) => { if (slot >= 0) parts.push(define(slot, `${ids.y}[${printIndex(k)}]`)); });
        s.grad?.forEach((slot, k) => { if (slot >= 0) parts.push(define(slot, `${ids.J}[${printIndex(k)}]`)); });
        return parts.join('\n  ');
      }
    }
  };

  const decls: string[] = [];
  const calls: string[] = [];
  for (let c = 0; c < nChunks; c++) {
    const body = stmts.slice(c * size, (c + 1) * size).map(printStmt);
    const name = `${id}_${printIndex(c)}`;
    decls.push(`function ${name}(t, y, p, w, o) {\n  ${body.join('\n  ')}\n}`);
    calls.push(hasReturn ? `return ${name}(t, y, p, w, o);` : `${name}(t, y, p, w, o);`);
  }
  return { decls: [...tables, ...decls].join('\n'), call: calls.join('\n  '), workSize };
}
