// Printing a straight-line program as JavaScript functions.
//
// V8 stops optimising very large functions, so a long program is split into chunks of at most
// `chunkSize` statements, each its own function `(t, y, p, w, o)` called in sequence. A slot whose
// definition and every use fall in one chunk becomes a local `const tN`; any other slot lives in the
// shared work array `w` (allocated once when the model is constructed).
import { ExpressionWriter, printIndex, type SlotStorage } from './expression-writer.js';
import { slotsRead, stmtDefs, stmtExprs, type Program, type Stmt, type StoreTarget } from './program.js';
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
export function emitProgram(prog: Program, id: string, chunkSize: number = DEFAULT_CHUNK_SIZE): EmittedProgram {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) throw new Error('code generation: bad function id');
  const stmts = prog.stmts;
  const hasReturn = stmts.some((s) => s.kind === 'return');
  const size = hasReturn ? Math.max(1, stmts.length) : Math.max(1, chunkSize);
  const chunkOf = (k: number): number => Math.floor(k / size);
  const nChunks = Math.max(1, Math.ceil(stmts.length / size));

  // Where each slot is defined and used.
  const defChunk = new Map<number, number>();
  const crosses = new Set<number>();
  stmts.forEach((s, k) => {
    for (const d of stmtDefs(s)) defChunk.set(d, chunkOf(k));
  });
  stmts.forEach((s, k) => {
    const read = new Set<number>();
    for (const e of stmtExprs(s)) slotsRead(e, read);
    for (const r of read) {
      const c = defChunk.get(r);
      if (c === undefined) throw new Error('code generation: a slot is read but never defined');
      if (c !== chunkOf(k)) crosses.add(r);
    }
  });
  const storage = new Map<number, SlotStorage>();
  let workSize = 0;
  for (const [slot] of [...defChunk].sort((a, b) => a[0] - b[0])) {
    storage.set(slot, crosses.has(slot) ? { kind: 'work', index: workSize++ } : { kind: 'local', index: slot });
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

  const printStmt = (s: Stmt): string => {
    switch (s.kind) {
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
        parts.push(`${ids.fn}(${s.grad ? 'true' : 'false'});`);
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
  return { decls: decls.join('\n'), call: calls.join('\n  '), workSize };
}
