// SBML-qual -> idt logic nodes.
//
// A qualitative species becomes `logic X := rule`. Its transition's function terms are read in
// order (the first whose condition holds gives the level, the default term otherwise), and level
// comparisons on Boolean species (`X == 1`, `X >= 1`, `X < 1`, thresholds from transition inputs)
// reduce to X or not X. Free inputs follow the field's convention (GINsim, bioLQM, BoolNet,
// mpbn): a species whose transition has no function terms, one with no transition, a constant
// one, or one whose rule is itself, is written `logic X` with no rule: constant during a run, and
// free to take both values in an attractor search unless pinned. idt logic nodes are Boolean, so
// a species with maxLevel above 1 is reported as unsupported.
import type { ReadProblem } from './read-sbml.js';
import type { MathNode } from './math.js';
import type { NameTable } from './names.js';
import type { IdtWriter } from './idt-writer.js';
import type * as S from './sbml-model.js';
import type { ImportedSymbol } from './translate.js';
import { originOf } from './translate.js';

class QualError extends Error {}

type Levels = ReadonlySet<number>;

export class QualTranslator {
  private readonly species = new Map<string, S.QualSpecies>();

  constructor(
    private readonly model: S.SbmlModel,
    private readonly w: IdtWriter,
    private readonly names: NameTable,
    private readonly problems: ReadProblem[],
    private readonly symbols: Map<string, ImportedSymbol>,
  ) {}

  run(): void {
    const m = this.model;
    for (const q of m.qualSpecies) this.species.set(q.id, q);
    let multi = false;
    for (const q of m.qualSpecies) {
      if ((q.maxLevel ?? 1) > 1) {
        multi = true;
        this.problems.push({ severity: 'error', kind: 'unsupported', message: `qualitative species '${q.id}' has ${q.maxLevel! + 1} levels (maxLevel ${q.maxLevel}); idt logic nodes are Boolean, so multi-valued models are not supported`, el: q.el });
      }
    }
    if (multi) return;
    const transitionOf = new Map<string, S.QualTransition>();
    for (const t of m.transitions) {
      for (const o of t.outputs) {
        if (!this.species.has(o.species)) {
          this.problems.push({ severity: 'error', kind: 'malformed', message: `the transition's output '${o.species}' is not a qualitative species`, el: o.el });
          continue;
        }
        if (transitionOf.has(o.species)) {
          this.problems.push({ severity: 'error', kind: 'unsupported', message: `'${o.species}' is the output of more than one transition`, el: o.el });
          continue;
        }
        transitionOf.set(o.species, t);
      }
    }
    if (m.qualSpecies.length) this.w.blank();
    for (const q of m.qualSpecies) {
      const name = this.names.name(q.id);
      this.symbols.set(q.id, { id: q.id, idt: name, kind: 'logic' });
      const t = transitionOf.get(q.id);
      let rule: string | undefined;
      let note: string | undefined;
      if (q.constant) note = 'Constant in the source: a free input.';
      else if (!t) note = 'No transition sets it: a free input.';
      else if (!t.hasFunctionTerms) note = 'Its transition has no function terms: a free input.';
      else {
        try {
          rule = this.rule(t);
          if (rule === name) {
            note = 'Its rule is itself in the source: a free input.';
            rule = undefined;
          }
        } catch (e) {
          if (!(e instanceof QualError)) throw e;
          this.problems.push({ severity: 'error', kind: 'unsupported', message: e.message, el: t.el });
          continue;
        }
      }
      const doc = [q.name && q.name !== q.id ? q.name : undefined, this.names.renamed(q.id) ? `SBML id '${q.id}' (renamed: it collides with an idt reserved word or built-in)` : undefined, note].filter(Boolean).join('\n');
      this.w.doc(doc || undefined);
      for (const c of q.cvTerms) this.w.annotation(c.qualifier.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/^model:/, 'model_'), c.resources);
      const init = q.initialLevel !== undefined ? ` initially ${q.initialLevel >= 1 ? 'true' : 'false'}` : '';
      this.w.decl(`logic ${name}${rule !== undefined ? ` := ${rule}` : ''}${init}`, originOf(t?.el ?? q.el));
    }
  }

  /** The Boolean rule of a transition: ordered function terms, then the default level. */
  private rule(t: S.QualTransition): string {
    const thresholds = new Map<string, number>();
    for (const i of t.inputs) if (i.id && i.thresholdLevel !== undefined) thresholds.set(i.id, i.thresholdLevel);
    const dflt = t.defaultLevel ?? 0;
    const check = (level: number, el: S.QualTransition['el']): boolean => {
      if (level !== 0 && level !== 1) throw new QualError(`result level ${level} is not Boolean (0 or 1)`);
      void el;
      return level === 1;
    };
    let acc: string = check(dflt, t.defaultEl ?? t.el) ? 'true' : 'false';
    for (let i = t.terms.length - 1; i >= 0; i--) {
      const term = t.terms[i]!;
      if (!term.math) throw new QualError('a function term has no math');
      const cond = this.bool(term.math, thresholds);
      const level = check(term.resultLevel, term.el);
      // if cond then level else acc, written with and/or/not.
      if (acc === (level ? 'true' : 'false')) continue;
      if (level) acc = acc === 'false' ? cond.text : `${wrap(cond, 3)} or ${wrap({ text: acc, prec: prec(acc) }, 3)}`;
      else acc = acc === 'true' ? `not ${wrap(cond, 4)}` : `not ${wrap(cond, 4)} and ${wrap({ text: acc, prec: prec(acc) }, 4)}`;
    }
    return acc;
  }

  private bool(m: MathNode, th: ReadonlyMap<string, number>): { text: string; prec: number } {
    switch (m.k) {
      case 'const':
        if (m.name === 'true' || m.name === 'false') return { text: m.name, prec: 10 };
        break;
      case 'apply': {
        const args = m.args;
        switch (m.op) {
          case 'and':
          case 'or':
          case 'xor': {
            if (args.length === 0) return { text: m.op === 'and' ? 'true' : 'false', prec: 10 };
            const level = m.op === 'and' ? 3 : 2;
            const parts = args.map((a) => this.bool(a, th));
            if (parts.length === 1) return parts[0]!;
            return { text: parts.map((p, i) => wrap(p, i === 0 ? level : level + 1)).join(` ${m.op} `), prec: level };
          }
          case 'not':
            return { text: `not ${wrap(this.bool(args[0]!, th), 4)}`, prec: 4 };
          case 'implies':
            return { text: `${wrap(this.bool(args[0]!, th), 2)} implies ${wrap(this.bool(args[1]!, th), 1)}`, prec: 1 };
          case 'eq':
          case 'neq':
          case 'gt':
          case 'lt':
          case 'geq':
          case 'leq':
            return this.compare(m.op, args, th);
          default:
            break;
        }
        break;
      }
      default:
        break;
    }
    throw new QualError('this function term uses math other than level comparisons and Boolean operators');
  }

  /** A level comparison on one Boolean species: the set of its levels that satisfy it. */
  private compare(op: string, args: readonly MathNode[], th: ReadonlyMap<string, number>): { text: string; prec: number } {
    if (args.length !== 2) throw new QualError(`a comparison in a function term must have two sides, not ${args.length}`);
    const [a, b] = args as [MathNode, MathNode];
    const value = (n: MathNode): number | undefined => (n.k === 'num' ? n.v : n.k === 'ci' && th.has(n.name) ? th.get(n.name) : undefined);
    const speciesOf = (n: MathNode): string | undefined => (n.k === 'ci' && this.species.has(n.name) ? n.name : undefined);
    let sp = speciesOf(a);
    let v = value(b);
    let flipped = false;
    if (sp === undefined || v === undefined) {
      sp = speciesOf(b);
      v = value(a);
      flipped = true;
    }
    if (sp === undefined || v === undefined) throw new QualError('a function term compares something other than a species level with a number or threshold');
    const test = (level: number): boolean => {
      const [x, y] = flipped ? [v!, level] : [level, v!];
      switch (op) {
        case 'eq': return x === y;
        case 'neq': return x !== y;
        case 'gt': return x > y;
        case 'lt': return x < y;
        case 'geq': return x >= y;
        default: return x <= y;
      }
    };
    const levels: Levels = new Set([0, 1].filter(test));
    const name = this.names.name(sp);
    if (levels.size === 2) return { text: 'true', prec: 10 };
    if (levels.size === 0) return { text: 'false', prec: 10 };
    return levels.has(1) ? { text: name, prec: 10 } : { text: `not ${name}`, prec: 4 };
  }
}

function prec(text: string): number {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? 10 : 0;
}

function wrap(o: { text: string; prec: number }, min: number): string {
  return o.prec >= min ? o.text : `(${o.text})`;
}
