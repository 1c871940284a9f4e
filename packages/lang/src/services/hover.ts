// Hover text (Markdown): what a name is, its doc comment, units, value and where it is defined.
import * as path from 'node:path';
import { builtinConstants, builtinFunctions, distributions, trajectoryFunctions } from '../semantic/builtins.js';
import { symbolKindLabel, type ModuleInfo, type Sym } from '../semantic/symbols.js';
import { isDimensionless, showUnit, type Dim } from '../semantic/units.js';
import type * as A from '../syntax/ast.js';
import { LineIndex } from '../text-position.js';
import type { CheckedProgram } from '../workspace.js';
import { definitionOf } from './navigation.js';
import { occurrenceAt, type Occurrence, type Target } from './occurrences.js';

export interface HoverResult {
  readonly range: A.Range;
  readonly markdown: string;
}

/** Hover for the name at `offset` in `m`. */
export function hoverAt(program: CheckedProgram | undefined, m: ModuleInfo, offset: number): HoverResult | undefined {
  const o = occurrenceAt(m, offset);
  if (!o) return undefined;
  const markdown = describeTarget(program, m, o);
  return markdown ? { range: o.range, markdown } : undefined;
}

const code = (s: string) => '```idt\n' + s + '\n```';
const inline = (s: string) => '`' + s.replace(/`/g, "'") + '`';

/** Markdown describing what an occurrence stands for. */
export function describeTarget(program: CheckedProgram | undefined, m: ModuleInfo, o: Occurrence): string | undefined {
  const t: Target = o.target;
  switch (t.kind) {
    case 'symbol':
      return describeSymbol(t.symbol, o.via);
    case 'module': {
      const parts = [code(`module ${t.module.name}`)];
      if (t.module.ast.header?.doc) parts.push(t.module.ast.header.doc);
      parts.push(`File ${inline(path.basename(t.module.file))}`);
      return parts.join('\n\n');
    }
    case 'param': {
      const fn = t.fn;
      return [code(`function ${fn.name?.text ?? ''}(${fn.params.map((p) => p.text).join(', ')})`), `Parameter ${inline(fn.params[t.index]!.text)} (argument ${t.index + 1}) of function ${inline(fn.name?.text ?? '')}`].join('\n\n');
    }
    case 'unit':
      return describeUnit(program, m, t.name);
    case 'builtin': {
      const spec = builtinFunctions[t.name];
      return spec ? builtinDoc(spec.doc, 'built-in function') : undefined;
    }
    case 'constant': {
      const c = builtinConstants[t.name];
      return c ? [code(t.name), c.doc, '*built-in constant*'].join('\n\n') : undefined;
    }
    case 'time':
      return [code(`t${m.timeUnit ? ' ' + showUnit(m.timeUnit) : ''}`), 'Model time' + (m.timeUnit ? `, in ${inline(showUnit(m.timeUnit))}` : " (declare its unit with 'time [h]')")].join('\n\n');
    case 'trajectory': {
      const f = trajectoryFunctions[t.name];
      return f ? builtinDoc(f.doc, 'statistic of a whole run (decisions only)') : undefined;
    }
    case 'distribution': {
      const d = distributions[t.name];
      return d ? builtinDoc(d.doc, 'distribution') : undefined;
    }
    case 'unresolved':
      return undefined;
  }
}

function builtinDoc(doc: string, what: string): string {
  const i = doc.indexOf(': ');
  const sig = i > 0 ? doc.slice(0, i) : doc;
  const text = i > 0 ? doc.slice(i + 2) : '';
  return [code(sig), text, `*${what}*`].filter(Boolean).join('\n\n');
}

/** The first line of a declaration as written (annotations left out), for hovers and outlines. */
export function declarationHeadline(m: ModuleInfo, d: A.Declaration): string {
  const start = d.annotations.length ? d.annotations[d.annotations.length - 1]!.range.end : d.range.start;
  const src = m.text.slice(start, d.range.end).trim();
  const nl = src.indexOf('\n');
  let line = (nl >= 0 ? src.slice(0, nl) : src).replace(/\s+/g, ' ').trim();
  if (line.length > 160) line = line.slice(0, 157) + '...';
  return nl >= 0 ? line + ' ...' : line;
}

function exprText(m: ModuleInfo, e: A.Expr | undefined): string | undefined {
  return e ? m.text.slice(e.range.start, e.range.end).replace(/\s+/g, ' ').trim() : undefined;
}

function location(s: Sym): string {
  const line = new LineIndex(s.module.text).position(s.nameRange.start).line + 1;
  return `${inline(s.module.name)} (${path.basename(s.module.file)}:${line})`;
}

function describeSymbol(s: Sym, via: readonly Sym[] | undefined): string {
  const m = s.module;
  const d = s.decl;
  const parts = [code(declarationHeadline(m, d))];
  if (d.doc) parts.push(d.doc);
  const facts: string[] = [];
  const label = s.kind === 'port' ? `${(d as A.PortDecl).direction} port` : symbolKindLabel[s.kind];
  facts.push(`*${label}* defined in ${location(s)}${via && via.length ? `, reached through instance ${inline(via.map((v) => v.name).join('.'))}` : ''}`);
  const unit = m.units.get(s);
  const written = 'unit' in d && d.unit !== undefined;
  if (unit) facts.push(`Units: ${inline(displayUnit(unit))}${written ? '' : ' (inferred)'}`);
  switch (d.kind) {
    case 'species': {
      const flags = d.flags.map((f) => f.flag);
      if (d.rule) facts.push(`Always equals ${inline(exprText(m, d.rule)!)}`);
      else if (d.initial) facts.push(`Initial value: ${inline(exprText(m, d.initial)! + (d.unit ? ` [${d.unit.text.trim()}]` : ''))}`);
      if (d.compartment) facts.push(`In compartment ${inline(d.compartment.text)}${flags.includes('amount') ? ' (an amount)' : ' (a concentration)'}`);
      if (flags.length) facts.push(`Flags: ${flags.join(', ')}`);
      break;
    }
    case 'compartment':
      if (d.rule) facts.push(`Size always equals ${inline(exprText(m, d.rule)!)}`);
      else if (d.size) facts.push(`Size: ${inline(exprText(m, d.size)! + (d.unit ? ` [${d.unit.text.trim()}]` : ''))}`);
      break;
    case 'parameter':
      if (d.value) facts.push(`Value: ${inline(exprText(m, d.value)! + (d.unit ? ` [${d.unit.text.trim()}]` : ''))}`);
      if (d.bounds) facts.push(`Bounds: ${inline(`[${exprText(m, d.bounds.low) ?? '?'}, ${exprText(m, d.bounds.high) ?? '?'}]`)}`);
      if (d.prior) facts.push(`Prior: ${inline(m.text.slice(d.prior.range.start, d.prior.range.end))}`);
      break;
    case 'variable':
      if (d.initial) facts.push(`Initial value: ${inline(exprText(m, d.initial)!)}`);
      break;
    case 'let':
    case 'observable':
      if (d.value) facts.push(`${d.kind === 'let' ? 'Always equals' : 'Measures'} ${inline(exprText(m, d.value)!)}`);
      break;
    case 'logic':
      facts.push(d.rule ? `Rule: ${inline(exprText(m, d.rule)!)}` : 'A free input (no rule)');
      if (d.initially) facts.push(`Initially ${d.initially.value}`);
      break;
    case 'reaction':
      facts.push(...describeReaction(m, d));
      break;
    case 'function':
      if (d.body) facts.push(`Returns ${inline(exprText(m, d.body)!)}`);
      break;
    case 'surrogate': {
      const port = (p: A.SurrogatePort) => `${p.name.text}${p.unit ? ' ' + p.unit.text.trim() : ''}`;
      facts.push(`Inputs: ${d.inputs.map(port).join(', ') || 'none'}; outputs: ${d.outputs.map(port).join(', ') || 'none'}`);
      for (const p of d.properties) facts.push(`${p.name.text}: ${p.values.map((v) => v.text).join(', ')}`);
      break;
    }
    case 'instance':
      if (d.module) facts.push(`Instance of module ${inline(d.module.text)}`);
      break;
    case 'decision':
      facts.push(`Verdicts: ${d.branches.map((b) => inline(`"${b.label.text}"`)).join(', ')}`);
      break;
    default:
      break;
  }
  parts.push(facts.join('  \n'));
  return parts.join('\n\n');
}

function describeReaction(m: ModuleInfo, d: A.ReactionDecl): string[] {
  const out: string[] = [];
  const coef = (t: A.ReactionTerm) => (t.coefficientExpr ? `(${exprText(m, t.coefficientExpr)})` : String(t.coefficient?.value ?? 1));
  const net = new Map<string, string[]>();
  for (const t of d.reactants) if (t.species) net.set(t.species.text, [...(net.get(t.species.text) ?? []), `-${coef(t)}`]);
  for (const t of d.products) if (t.species) net.set(t.species.text, [...(net.get(t.species.text) ?? []), `+${coef(t)}`]);
  const side = (terms: readonly A.ReactionTerm[]) => terms.filter((t) => t.species).map((t) => (coef(t) === '1' ? t.species!.text : `${coef(t)} ${t.species!.text}`)).join(' + ') || '∅';
  out.push(`Stoichiometry: ${inline(`${side(d.reactants)} ${d.reversible ? '<->' : '->'} ${side(d.products)}`)}${net.size ? ' (' + [...net].map(([n, c]) => `${n} ${c.join(' ')}`).join(', ') + ')' : ''}`);
  const k = d.kinetics;
  if (k?.kind === 'rate' && k.rate) out.push(`Rate law: ${inline(exprText(m, k.rate)!)}`);
  else if (k?.kind === 'mass-action') {
    const law = (kexpr: A.Expr | undefined, terms: readonly A.ReactionTerm[]) => {
      if (!kexpr) return '?';
      const factors = terms.filter((t) => t.species).map((t) => (coef(t) === '1' ? t.species!.text : `${t.species!.text}^${coef(t)}`));
      const kt = exprText(m, kexpr)!;
      return [factors.length && /[+\-*/ ]/.test(kt) ? `(${kt})` : kt, ...factors].join(' * ');
    };
    out.push(`Rate law (mass action): ${inline(law(k.forward, d.reactants) + (d.reversible ? ` - ${law(k.reverse, d.products)}` : ''))}`);
  }
  if (d.modifiers.length) out.push(`Modifiers: ${d.modifiers.map((q) => q.text).join(', ')}`);
  return out;
}

function describeUnit(program: CheckedProgram | undefined, m: ModuleInfo, name: string): string {
  const def = definitionOf(program, m, { kind: 'unit', name });
  const dim = program?.units.resolveName(name);
  const parts: string[] = [];
  if (def) {
    const mod = program?.modules.get(def.file) ?? m;
    const d = mod.ast.declarations.find((x): x is A.UnitDecl => x.kind === 'unit' && x.name?.range.start === def.range.start);
    parts.push(code(d ? declarationHeadline(mod, d) : `unit ${name}`));
    if (d?.doc) parts.push(d.doc);
    parts.push(d?.definition ? `*unit* declared in ${inline(mod.name)}` : `*base unit* (its own dimension) declared in ${inline(mod.name)}`);
  } else parts.push(code(`[${name}]`), '*built-in unit*');
  // In SI base units, unless that says nothing new (a base unit is itself).
  if (dim && siText(dim) !== name) parts.push(`In SI base units: ${inline(siText(dim))}`);
  return parts.join('\n\n');
}

/** A unit as shown to a modeller: as inferred, except that a plain ratio of equal units is `[1]`. */
export function displayUnit(d: Dim): string {
  return isDimensionless(d) && d.scale === 1 ? '[1]' : showUnit(d);
}

/** A unit in SI base units: `3600 s`, `1e-6 m^3`, `1e6 cells`. */
export function siText(d: Dim): string {
  const factors = [...d.exps].map(([k, e]) => `${k.startsWith('#') ? k.slice(1) : k}${e === 1 ? '' : '^' + Number(e.toPrecision(6))}`);
  const scale = Number(d.scale.toPrecision(6));
  if (!factors.length) return String(scale);
  return scale === 1 ? factors.join(' ') : `${scale} ${factors.join(' ')}`;
}
