// Rule trees compiled into one flat postfix instruction array, evaluated bit-parallel over
// 32-bit words: each word carries one Boolean per bit, so one pass evaluates a rule in 32 states
// at once (exhaustive search) or in one state whose values are 0 / -1 (simulation).

import type { BoolRule } from './types.js';

export const OP_VAR = 0;
export const OP_TRUE = 1;
export const OP_FALSE = 2;
export const OP_NOT = 3;
export const OP_AND = 4;
export const OP_OR = 5;
export const OP_XOR = 6;
export const OP_IMPLIES = 7;

/** Postfix code for n rules: instruction pairs (opcode, argument) in `code`; rule i occupies
 *  pairs [start[i], start[i + 1]). The argument is the node index for OP_VAR and the operand
 *  count for OP_AND / OP_OR / OP_XOR. */
export interface RuleProgram {
  readonly n: number;
  readonly code: Int32Array;
  readonly start: Int32Array;
  /** Stack depth needed by the deepest rule. */
  readonly maxStack: number;
}

/** Compile rules (null = the node keeps its value, i.e. reads itself). */
export function compileRules(rules: readonly (BoolRule | null)[]): RuleProgram {
  const code: number[] = [];
  const start = new Int32Array(rules.length + 1);
  let maxStack = 1;
  const emit = (r: BoolRule, depth: number): void => {
    // depth = stack height before this subtree; the subtree leaves one more value.
    maxStack = Math.max(maxStack, depth + 1);
    switch (r.k) {
      case 'var':
        code.push(OP_VAR, r.i);
        return;
      case 'const':
        code.push(r.v ? OP_TRUE : OP_FALSE, 0);
        return;
      case 'not':
        emit(r.a, depth);
        code.push(OP_NOT, 0);
        return;
      case 'implies': {
        // Right fold a → (b → c), emitted as binary implications.
        if (r.args.length === 0) {
          code.push(OP_TRUE, 0);
          return;
        }
        r.args.forEach((a, j) => emit(a, depth + j));
        for (let j = 1; j < r.args.length; j++) code.push(OP_IMPLIES, 0);
        return;
      }
      default: {
        if (r.args.length === 0) {
          code.push(r.k === 'and' ? OP_TRUE : OP_FALSE, 0);
          return;
        }
        r.args.forEach((a, j) => emit(a, depth + j));
        code.push(r.k === 'and' ? OP_AND : r.k === 'or' ? OP_OR : OP_XOR, r.args.length);
      }
    }
  };
  rules.forEach((r, i) => {
    start[i] = code.length >> 1;
    emit(r ?? { k: 'var', i }, 0);
  });
  start[rules.length] = code.length >> 1;
  return { n: rules.length, code: Int32Array.from(code), start, maxStack };
}

/**
 * Evaluate rule i over word-encoded variables: bit b of the result is the rule's value in the
 * state whose variables are bit b of `vars`. `stack` must hold at least `maxStack` entries.
 */
export function evalWord(p: RuleProgram, i: number, vars: Int32Array, stack: Int32Array): number {
  const code = p.code;
  let sp = 0;
  const end = p.start[i + 1]! << 1;
  for (let pc = p.start[i]! << 1; pc < end; pc += 2) {
    switch (code[pc]) {
      case OP_VAR:
        stack[sp++] = vars[code[pc + 1]!]!;
        break;
      case OP_TRUE:
        stack[sp++] = -1;
        break;
      case OP_FALSE:
        stack[sp++] = 0;
        break;
      case OP_NOT:
        stack[sp - 1] = ~stack[sp - 1]!;
        break;
      case OP_AND: {
        const k = code[pc + 1]!;
        let r = -1;
        for (let j = sp - k; j < sp; j++) r &= stack[j]!;
        sp -= k;
        stack[sp++] = r;
        break;
      }
      case OP_OR: {
        const k = code[pc + 1]!;
        let r = 0;
        for (let j = sp - k; j < sp; j++) r |= stack[j]!;
        sp -= k;
        stack[sp++] = r;
        break;
      }
      case OP_XOR: {
        const k = code[pc + 1]!;
        let r = 0;
        for (let j = sp - k; j < sp; j++) r ^= stack[j]!;
        sp -= k;
        stack[sp++] = r;
        break;
      }
      default: {
        // OP_IMPLIES: a → b on the two top values.
        const b = stack[--sp]!;
        stack[sp - 1] = ~stack[sp - 1]! | b;
      }
    }
  }
  return stack[0]!;
}

/** Bit patterns of the five low variables across the 32 consecutive states of a block. */
export const LOW_PATTERNS = Int32Array.of(
  0xaaaaaaaa | 0,
  0xcccccccc | 0,
  0xf0f0f0f0 | 0,
  0xff00ff00 | 0,
  0xffff0000 | 0,
);

/**
 * The synchronous image of every state of an m-variable network (m <= 31), state s having
 * variable j in bit j: out[s] = F(s). Evaluated 32 states per pass.
 */
export function synchronousTable(p: RuleProgram, out: Uint32Array | Int32Array): void {
  const m = p.n;
  const total = 2 ** m;
  const vars = new Int32Array(Math.max(m, 1));
  const stack = new Int32Array(p.maxStack);
  const res = new Int32Array(Math.max(m, 1));
  for (let j = 0; j < Math.min(m, 5); j++) vars[j] = LOW_PATTERNS[j]!;
  const blockSize = Math.min(32, total);
  for (let base = 0; base < total; base += 32) {
    for (let j = 5; j < m; j++) vars[j] = (base >>> j) & 1 ? -1 : 0;
    for (let i = 0; i < m; i++) res[i] = evalWord(p, i, vars, stack);
    for (let b = 0; b < blockSize; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s |= ((res[i]! >>> b) & 1) << i;
      out[base + b] = s;
    }
  }
}
