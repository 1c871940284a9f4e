// Tseitin encoding of rule trees into a SatSolver: every and / or / xor gate gets a fresh
// variable defined by clauses equivalent to the gate (Tseitin 1968), constants and negations
// are folded into literals, and identical gates over identical literals are shared
// (structural hashing), so an unrolled transition relation stays linear in its size.

import type { BoolRule } from './types.js';
import { type Lit, SatSolver, mkLit, notLit } from './sat.js';

export class CnfEncoder {
  /** A literal fixed to true; its negation is false. */
  readonly TRUE: Lit;
  readonly FALSE: Lit;
  private readonly gates = new Map<string, Lit>();

  constructor(readonly solver: SatSolver) {
    this.TRUE = mkLit(solver.newVar());
    this.FALSE = notLit(this.TRUE);
    solver.addClause([this.TRUE]);
  }

  /** A fresh unconstrained variable as a positive literal. */
  fresh(): Lit {
    return mkLit(this.solver.newVar());
  }

  and(inputs: readonly Lit[]): Lit {
    const set = new Set<Lit>();
    for (const l of inputs) {
      if (l === this.FALSE || set.has(notLit(l))) return this.FALSE;
      if (l !== this.TRUE) set.add(l);
    }
    if (set.size === 0) return this.TRUE;
    const lits = [...set].sort((a, b) => a - b);
    if (lits.length === 1) return lits[0]!;
    const key = `&${lits.join(',')}`;
    const known = this.gates.get(key);
    if (known !== undefined) return known;
    const g = this.fresh();
    // g → each input; all inputs → g.
    for (const l of lits) this.solver.addClause([notLit(g), l]);
    this.solver.addClause([g, ...lits.map(notLit)]);
    this.gates.set(key, g);
    return g;
  }

  or(inputs: readonly Lit[]): Lit {
    return notLit(this.and(inputs.map(notLit)));
  }

  xor(a: Lit, b: Lit): Lit {
    if (a === this.FALSE) return b;
    if (b === this.FALSE) return a;
    if (a === this.TRUE) return notLit(b);
    if (b === this.TRUE) return notLit(a);
    if (a === b) return this.FALSE;
    if (a === notLit(b)) return this.TRUE;
    // Normalise signs: xor(¬a, b) = ¬xor(a, b).
    let flip = false;
    if (a & 1) {
      a = notLit(a);
      flip = !flip;
    }
    if (b & 1) {
      b = notLit(b);
      flip = !flip;
    }
    if (a > b) [a, b] = [b, a];
    const key = `^${a},${b}`;
    let g = this.gates.get(key);
    if (g === undefined) {
      g = this.fresh();
      const ng = notLit(g);
      this.solver.addClause([ng, a, b]);
      this.solver.addClause([ng, notLit(a), notLit(b)]);
      this.solver.addClause([g, notLit(a), b]);
      this.solver.addClause([g, a, notLit(b)]);
      this.gates.set(key, g);
    }
    return flip ? notLit(g) : g;
  }

  /** Make a and b equal. */
  equal(a: Lit, b: Lit): void {
    this.solver.addClause([notLit(a), b]);
    this.solver.addClause([a, notLit(b)]);
  }

  /** The literal of a rule whose variable i is the literal vars[i]. */
  encode(r: BoolRule, vars: ArrayLike<Lit>): Lit {
    switch (r.k) {
      case 'var':
        return vars[r.i]!;
      case 'const':
        return r.v ? this.TRUE : this.FALSE;
      case 'not':
        return notLit(this.encode(r.a, vars));
      case 'and':
        return this.and(r.args.map((a) => this.encode(a, vars)));
      case 'or':
        return this.or(r.args.map((a) => this.encode(a, vars)));
      case 'xor':
        return r.args.reduce((acc, a) => this.xor(acc, this.encode(a, vars)), this.FALSE);
      case 'implies': {
        if (r.args.length === 0) return this.TRUE;
        let acc = this.encode(r.args[r.args.length - 1]!, vars);
        for (let j = r.args.length - 2; j >= 0; j--) acc = this.or([notLit(this.encode(r.args[j]!, vars)), acc]);
        return acc;
      }
    }
  }
}
