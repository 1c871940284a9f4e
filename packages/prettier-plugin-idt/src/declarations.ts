// Declarations to docs, and the declarations that align as tables (parameters, species, ...) to rows.
//
// A declaration whose comments cannot be placed (a comment inside an expression, say) is printed
// exactly as written: the formatter never moves a comment to a place that changes what it
// annotates, and never drops one.
import type * as A from '@idt/lang';
import { builders, printer } from 'prettier/doc';
import type { Doc } from 'prettier';
import { printArgs, printExpr } from './expr.js';
import { printBlock, type BlockItem } from './layout.js';
import { width, type SourceText } from './source.js';
import { normaliseUnitText, printUnit } from './units.js';

const { group, indent, join, line, literalline } = builders;

/** A declaration that prints as one row of an aligned table: a cell per column, in order. */
export interface Row {
  /** Rows of one kind align with each other. */
  readonly kind: string;
  /** Cells by column; an absent cell leaves its column empty (padded when later cells exist). */
  readonly cells: readonly (string | undefined)[];
  /** Columns whose cells align right (the `=` / `:=` column). */
  readonly rightAligned: ReadonlySet<number>;
}

export interface PrintedDeclaration {
  /** The declaration's annotations, one per line above it. */
  readonly annotations: string[];
  /** The declaration as a doc (it may break over lines when too long). */
  readonly doc: Doc;
  /** Present for declarations that align in tables. */
  readonly row?: Row;
}

/** Prints a doc on one line (every group flat), for table cells. */
export function flat(doc: Doc): string {
  return printer.printDocToString(doc, { printWidth: Number.POSITIVE_INFINITY, tabWidth: 2 }).formatted;
}

export function printAnnotation(src: SourceText, a: A.Annotation): string {
  return `@${a.name.text}(${a.values.map((v) => src.slice(v.range)).join(', ')})`;
}

/** The declaration exactly as written (its later lines keep their indentation). */
export function verbatim(src: SourceText, range: A.Range): Doc {
  return join(literalline, src.slice(range).split('\n'));
}

/** Assignment-like declarations: `head = value [unit] rest...`, aligned in tables. */
interface Shape {
  readonly kind: string;
  readonly head: string[];
  readonly op?: string;
  readonly value?: Doc;
  readonly unit?: string;
  readonly rest: Doc[];
}

function shapeDoc(s: Shape, printWidth: number): Doc {
  const head = s.head.filter((h) => h !== '').join(' ');
  const parts: Doc[] = [head];
  // A long head (a long name) leaves little room: the value then starts on the next line.
  if (s.op && width(head) > printWidth / 2) parts.push(' ', s.op, group(indent([line, s.value ?? ''])));
  else if (s.op) parts.push(' ', s.op, ' ', s.value ?? '');
  if (s.unit) parts.push(' ', s.unit);
  return group([...parts, indent(s.rest.map((r) => [line, r]))]);
}

function shapeRow(s: Shape): Row {
  return {
    kind: s.kind,
    cells: [...s.head, s.op, s.value === undefined ? undefined : flat(s.value), s.unit, ...s.rest.map(flat)],
    rightAligned: new Set([s.head.length]),
  };
}

const opt = <T>(x: T | undefined, f: (x: T) => string): string | undefined => (x === undefined ? undefined : f(x));
const nm = (n: A.Name | undefined): string => n?.text ?? '';

function distribution(d: A.Distribution): Doc {
  return printArgs(d.name.text, d.args.map(printExpr));
}

function shapeOf(src: SourceText, d: A.Declaration): Shape | undefined {
  const unit = d.kind !== 'unit' && d.kind !== 'time' && 'unit' in d ? opt(d.unit, printUnit) : undefined;
  switch (d.kind) {
    case 'parameter': {
      const rest: Doc[] = [];
      if (d.bounds) rest.push(['bounds [', printExpr(d.bounds.low!), ', ', printExpr(d.bounds.high!), ']']);
      if (d.prior) rest.push(['~ ', distribution(d.prior)]);
      return { kind: d.kind, head: [`parameter ${nm(d.name)}`], ...(d.value ? { op: '=', value: printExpr(d.value) } : {}), ...(unit ? { unit } : {}), rest };
    }
    case 'species': {
      const flags = d.flags.map((f) => f.flag + ' ').join('');
      const value = d.rule ?? d.initial;
      return {
        kind: d.kind,
        head: [`${flags}species ${nm(d.name)}`, d.compartment ? `in ${d.compartment.text}` : ''],
        ...(value ? { op: d.rule ? ':=' : '=', value: printExpr(value) } : {}),
        ...(unit ? { unit } : {}),
        rest: [],
      };
    }
    case 'compartment': {
      const value = d.rule ?? d.size;
      return { kind: d.kind, head: [`compartment ${nm(d.name)}`], ...(value ? { op: d.rule ? ':=' : '=', value: printExpr(value) } : {}), ...(unit ? { unit } : {}), rest: [] };
    }
    case 'variable':
      return { kind: d.kind, head: [`variable ${nm(d.name)}`], ...(d.initial ? { op: '=', value: printExpr(d.initial) } : {}), ...(unit ? { unit } : {}), rest: [] };
    case 'let':
      return { kind: d.kind, head: [`let ${nm(d.name)}`], op: '=', value: printExpr(d.value!), ...(unit ? { unit } : {}), rest: [] };
    case 'der':
      return { kind: d.kind, head: [`der(${d.target?.text ?? ''})`], op: '=', value: printExpr(d.value!), rest: [] };
    case 'logic': {
      const rest: Doc[] = [];
      if (d.initially) rest.push(`initially ${d.initially.value}`);
      if (d.priority) rest.push(`priority ${src.slice(d.priority.range)}`);
      return { kind: d.kind, head: [`logic ${nm(d.name)}`], ...(d.rule ? { op: ':=', value: printExpr(d.rule) } : {}), rest };
    }
    case 'observable':
      return {
        kind: d.kind,
        head: [`observable ${nm(d.name)}`],
        op: '=',
        value: printExpr(d.value!),
        ...(unit ? { unit } : {}),
        rest: d.noise ? [['noise ', distribution(d.noise)]] : [],
      };
    case 'port':
      return { kind: d.kind, head: [d.direction, nm(d.name)], ...(unit ? { unit } : {}), rest: [] };
    case 'unit': {
      const def = d.definition;
      if (!def) return { kind: d.kind, head: [`unit ${nm(d.name)}`], rest: [] };
      // `unit Mcells = 1e6 cells` and `unit Mcells = [1e6 cells]` are both accepted: keep the form.
      const bracketed = src.text[def.range.start] === '[';
      const text = bracketed ? printUnit(def) : normaliseUnitText(def.text);
      return { kind: d.kind, head: [`unit ${nm(d.name)}`], op: '=', value: text, rest: [] };
    }
    default:
      return undefined;
  }
}

/**
 * The declaration printed, or undefined when a comment inside it cannot be placed (the caller
 * prints it verbatim then). `inner` are the comments inside the declaration's range.
 */
export function printDeclaration(src: SourceText, d: A.Declaration, inner: readonly A.Comment[], printWidth: number): PrintedDeclaration | undefined {
  const annotations = d.annotations.map((a) => printAnnotation(src, a));
  const shape = shapeOf(src, d);
  if (shape) {
    if (inner.length > 0) return undefined;
    return { annotations, doc: shapeDoc(shape, printWidth), row: shapeRow(shape) };
  }
  const claimed: A.Comment[] = [];
  const doc = otherDeclaration(src, d, claimed, printWidth);
  // Every comment inside the declaration must have been placed by one of its blocks.
  if (doc === undefined || inner.some((c) => !claimed.includes(c))) return undefined;
  return { annotations, doc };
}

function otherDeclaration(src: SourceText, d: A.Declaration, claimed: A.Comment[], printWidth: number): Doc | undefined {
  const block = (spec: Parameters<typeof printBlock>[1]): Doc => {
    const r = printBlock(src, spec);
    claimed.push(...r.claimed);
    return r.doc;
  };
  /** A `{` block ending the declaration: its items, kept expanded if the modeller expanded it. */
  const braces = (items: BlockItem[], openAt: number, alwaysExpand: boolean): Doc =>
    block({
      open: '{',
      openAt,
      closeAt: d.range.end - 1,
      items,
      expand: alwaysExpand || src.newlines(openAt, items[0]?.range.start ?? openAt) > 0,
      // Decision branches and surrogate properties read as lists: one per line, always.
      keepLines: !alwaysExpand,
    });
  switch (d.kind) {
    case 'import':
      return `import ${d.module ? d.module.text : src.slice(d.path!.range)}${d.alias ? ` as ${d.alias.text}` : ''}`;
    case 'time':
      return d.unit ? `time ${printUnit(d.unit)}` : 'time';
    case 'function': {
      const head = printArgs(nm(d.name), d.params.map((p) => p.text));
      // As for long names in shapeDoc: a long signature puts the body on the next line.
      if (width(flat(head)) > printWidth / 2) return group(['function ', head, ' =', group(indent([line, printExpr(d.body!)]))]);
      return group(['function ', head, ' = ', printExpr(d.body!)]);
    }
    case 'reaction':
      return reaction(src, d);
    case 'event':
      return event(src, d, braces);
    case 'surrogate': {
      const port = (p: A.SurrogatePort) => (p.unit ? `${p.name.text} ${printUnit(p.unit)}` : p.name.text);
      const inputs = printArgs(nm(d.name), d.inputs.map(port));
      // `-> flux [1/h]` or `-> (flux [1/h])`: one output may be written either way; kept as written.
      const parenthesised = d.outputs.length !== 1 || src.previousCodeChar(d.outputs[0]!.range.start, d.range.start)?.ch === '(';
      const outputs = parenthesised ? `(${d.outputs.map(port).join(', ')})` : port(d.outputs[0]!);
      // Ports hold names and units only, so the first `{` after the name opens the properties.
      const openAt = src.findCode('{', (d.name ?? d).range.end);
      const props = d.properties.map((p) => ({ range: p.range, doc: `${p.name.text} ${p.values.map((v) => v.text).join(', ')}` }));
      return [group(['surrogate ', inputs, ' -> ', outputs]), ' ', braces(props, openAt, true)];
    }
    case 'decision': {
      const openAt = src.findCode('{', d.name?.range.end ?? d.range.start);
      const branches = d.branches.map((b) => ({
        range: b.range,
        doc: b.otherwise ? `${src.slice(b.label.range)} otherwise` : group([src.slice(b.label.range), ' if ', printExpr(b.condition!)]),
      }));
      return ['decision ', nm(d.name), ' ', braces(branches, openAt, true)];
    }
    case 'instance': {
      const argsOpen = src.findCode('(', d.module?.range.end ?? d.range.start);
      const argsClose = src.matchParen(argsOpen, d.range.end);
      const args = d.args.map((a) => ({ range: a.range, doc: [a.name.text, ' = ', printExpr(a.value!)] as Doc }));
      const head: Doc = [
        `instance ${nm(d.name)} = ${d.module?.text ?? ''}`,
        args.length === 0 && src.commentsIn(argsOpen, argsClose).length === 0
          ? '()'
          : block({ open: '(', openAt: argsOpen, closeAt: argsClose, items: args, expand: false, keepLines: true }),
      ];
      const bindOpen = src.findCode('{', argsClose, d.range.end);
      if (bindOpen < 0) return head;
      const bindings = d.bindings.map((b) => ({ range: b.range, doc: `${b.port.text} = ${b.target?.text ?? ''}` }));
      return [head, ' ', braces(bindings, bindOpen, false)];
    }
    case 'simulate': {
      const parts: Doc[] = [];
      if (d.until) parts.push(['until ', printExpr(d.until)]);
      for (const o of d.options) parts.push([o.name.text, ' ', printExpr(o.value!)]);
      return group(['simulate', indent(parts.map((p, i) => [i === 0 ? ' ' : line, p]))]);
    }
    default:
      // A declaration kind this printer does not know (the language grew): keep it as written.
      return undefined;
  }
}

function reactionSide(src: SourceText, terms: readonly A.ReactionTerm[]): Doc {
  return join(
    ' + ',
    terms.map((t) => {
      const species = t.species?.text ?? '';
      if (t.coefficientExpr) return ['(', printExpr(t.coefficientExpr), ') ', species];
      return t.coefficient ? `${src.slice(t.coefficient.range)} ${species}` : species;
    }),
  );
}

function reaction(src: SourceText, d: A.ReactionDecl): Doc {
  const head: Doc[] = [`reaction ${nm(d.name)}:`];
  if (d.reactants.length) head.push(' ', reactionSide(src, d.reactants));
  head.push(d.reversible ? ' <->' : ' ->');
  if (d.products.length) head.push(' ', reactionSide(src, d.products));
  const tail: Doc[] = [];
  const k = d.kinetics;
  if (k?.kind === 'rate') tail.push(['rate ', printExpr(k.rate!)]);
  else if (k?.kind === 'mass-action') tail.push(['by mass action ', printExpr(k.forward!), k.reverse ? [', ', printExpr(k.reverse)] : '']);
  if (d.modifiers.length) tail.push(['modifiers ', d.modifiers.map((m) => m.text).join(', ')]);
  return group([...head, indent(tail.map((t) => [line, t]))]);
}

function event(
  src: SourceText,
  d: A.EventDecl,
  braces: (items: BlockItem[], openAt: number, alwaysExpand: boolean) => Doc,
): Doc {
  const head: Doc[] = [d.intervention ? 'intervention' : 'event'];
  if (d.name) head.push(' ', d.name.text);
  const t = d.trigger;
  if (t?.kind === 'at') head.push(' at ', printExpr(t.time!));
  else if (t?.kind === 'when') head.push(' when ', printExpr(t.condition!));
  else if (t?.kind === 'every') {
    head.push(' every ', printExpr(t.period!));
    if (t.from) head.push(' from ', printExpr(t.from));
    if (t.until) head.push(' until ', printExpr(t.until));
    if (t.times) head.push(' times ', printExpr(t.times));
  }
  // Options in one fixed order (their order has no meaning).
  const options: Doc[] = [];
  if (d.delay) options.push(['delay ', printExpr(d.delay)]);
  if (d.priority) options.push(['priority ', printExpr(d.priority)]);
  if (d.persistent) options.push(`persistent ${d.persistent.value}`);
  if (d.initially) options.push(`initially ${d.initially.value}`);
  if (d.valuesAt) options.push(`values at ${d.valuesAt.value}`);
  // Too long for one line, the options go together on a continuation line indented twice, so
  // that they do not read as the first lines of a `{` block that follows.
  const headDoc = options.length ? group([...head, indent(indent([line, join(' ', options)]))]) : head;
  const items = d.assignments.map((a) => ({ range: a.range, doc: group([a.target?.text ?? '', ' ', a.op, ' ', printExpr(a.value!)]) as Doc }));
  // `: a = 1, b = 2` or `{ a = 1; b = 2 }`: the form the modeller chose is kept.
  const before = d.assignments.length ? src.previousCodeChar(d.assignments[0]!.range.start, d.range.start) : undefined;
  if (before?.ch === ':') {
    // Comments between the assignments of the `:` form are not placed: printed verbatim then.
    return group([headDoc, ':', indent([line, join([',', line], items.map((i) => i.doc))])]);
  }
  const openAt = before?.ch === '{' ? before.at : src.findCode('{', (t ?? d).range.end, d.range.end);
  return [headDoc, ' ', braces(items, openAt, false)];
}
