// Completion: what may be written at a position, read from the tokens before it.
//
// The text being typed is usually broken, so the context comes from the tokens of the current
// statement (every statement starts with its own keyword), not from the tree; the names come from
// the last checked module, which may be a keystroke old (names rarely change while typing).
import type { IToken } from '#chevrotain';
import { activations, builtinConstants, builtinFunctions, distributions, simulateOptions, surrogateProperties, TIME_NAME, trajectoryFunctions } from '../semantic/builtins.js';
import { symbolKindLabel, type ModuleInfo, type Sym, type SymbolKind } from '../semantic/symbols.js';
import { showUnit } from '../semantic/units.js';
import type * as A from '../syntax/ast.js';
import { tokenize } from '../syntax/tokens.js';
import { declarationHeadline, displayUnit } from './hover.js';
import { instanceModule } from './occurrences.js';

export type CompletionKind =
  | SymbolKind
  | 'keyword' | 'module' | 'unit' | 'builtin' | 'constant' | 'time' | 'trajectory' | 'distribution'
  | 'function-param' | 'property' | 'value';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown next to the label (a declaration's first line, a signature). */
  readonly detail?: string;
  /** Markdown shown beside the list (doc comment, units). */
  readonly documentation?: string;
  /** Text to insert when it differs from the label (`k_pg = ` for an override). */
  readonly insertText?: string;
  /** Lower sorts first; entries of the same rank sort by label. */
  readonly rank: number;
}

export interface CompletionResult {
  /** The partly typed word the entries replace. */
  readonly range: A.Range;
  readonly entries: readonly CompletionEntry[];
}

export interface CompletionOptions {
  /** Dotted names of the modules that can be imported from this file. */
  readonly modules?: () => readonly string[];
  /** User-declared unit names visible to this file (default: those of `m` and its imports). */
  readonly units?: readonly string[];
}

/** Words that begin a statement, in the order an outline of a model reads. */
const statementKeywords = [
  'species', 'parameter', 'reaction', 'let', 'der', 'compartment', 'variable', 'function', 'logic', 'event', 'intervention',
  'observable', 'decision', 'instance', 'surrogate', 'reads', 'writes', 'import', 'unit', 'time', 'simulate', 'module',
  'amount', 'boundary', 'constant',
] as const;
const statementStart = new Set<string>(statementKeywords);
const expressionKeywords = ['if', 'then', 'else', 'and', 'or', 'not', 'xor', 'implies', 'true', 'false'];

/** Units offered in `[...]` besides the user's own: the common ones of immunology models. */
export const commonUnits = [
  'h', 'min', 's', 'day', 'week', 'mL', 'L', 'uL', 'nL', 'mol', 'mmol', 'umol', 'nmol', 'pmol', 'M', 'mM', 'uM', 'nM', 'pM',
  'g', 'mg', 'ug', 'ng', 'pg', 'kg', 'm', 'cm', 'mm', 'um', 'percent', 'dimensionless',
];

const keywordDocs: Record<string, string> = {
  species: 'A quantity that changes over time: `species N in blood = 0.1 [cells/mL]`',
  parameter: 'A constant of the model: `parameter k = 0.5 [1/h]`',
  reaction: 'A reaction with a rate law: `reaction r: A -> B rate k * A` or `by mass action k`',
  let: 'A derived quantity, always equal to its expression: `let x = a + b`',
  der: 'A rate rule: `der(x) = -k * x`',
  compartment: 'A volume species live in: `compartment blood = 5 [L]`',
  variable: 'A state variable changed by rate rules and events: `variable T = 37`',
  function: 'A pure function: `function sat(x, K) = x / (K + x)`',
  logic: 'A Boolean node: `logic active := signal and not inhibitor`',
  event: 'Something that happens at a time or when a condition becomes true: `event e at 24 [h]: x += 1`',
  intervention: 'An event that is a treatment: `intervention dose every 12 [h]: drug += 1`',
  observable: 'A measured quantity: `observable IL6_lab = IL6 noise proportional(0.2)`',
  decision: 'A verdict from a run: `decision treat { "TREAT" if final(P) > 1; "WAIT" otherwise }`',
  instance: 'An instance of an imported module: `instance i = mod(k = 1) { port = name }`',
  surrogate: 'A learned function: `surrogate s(x [1]) -> y [1] { layers 16; weights "s.weights.json" }`',
  reads: 'A port this module reads from the shared state: `reads stimulus [1]`',
  writes: 'A port this module writes to the shared state: `writes level [pg/mL]`',
  import: 'Use another module: `import core.innate` or `import "./lib.idt" as lib`',
  unit: 'Declare a unit: `unit cells` (a new base unit) or `unit Mcells = 1e6 cells`',
  time: 'The unit of model time: `time [h]`',
  simulate: 'Default simulation settings: `simulate until 100 [h] points 201`',
  module: 'The module header: `module core.innate`',
};

interface Context {
  readonly tokens: readonly IToken[];
  /** Tokens of the current statement before the word being typed. */
  readonly stmt: readonly IToken[];
  /** Open brackets in the statement (innermost last), with the token before each. */
  readonly open: readonly { readonly token: IToken; readonly before?: IToken }[];
  readonly atLineStart: boolean;
  /** Column of the word being typed. */
  readonly column: number;
}

/** Completion at `offset` of `text`, using `m` (the last check of this file) for names. */
export function completeAt(m: ModuleInfo | undefined, text: string, offset: number, options: CompletionOptions = {}): CompletionResult {
  // Lexing from the start of the current statement is enough (and keeps completion fast in long files).
  const from = statementLineBefore(text, offset);
  const lexed = tokenize(text.slice(from, offset));
  for (const t of lexed.tokens) t.startOffset += from;
  for (const e of lexed.errors) e.offset += from;
  for (const t of lexed.groups.comments ?? []) t.startOffset += from;
  // Inside a comment or an unterminated string: nothing to offer.
  const comments = lexed.groups.comments ?? [];
  const lastComment = comments[comments.length - 1];
  if (lastComment && lastComment.startOffset + lastComment.image.length >= offset && lastComment.tokenType.name !== 'BlockComment') return empty(offset);
  if (lastComment && lastComment.tokenType.name === 'BlockComment' && lastComment.startOffset + lastComment.image.length > offset) return empty(offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lexed.errors.some((e) => e.offset >= lineStart && text[e.offset] === '"')) {
    return empty(offset);
  }
  let tokens = lexed.tokens;
  // The word being typed (an identifier or a keyword that is still a prefix of a longer word).
  let wordStart = offset;
  const last = tokens[tokens.length - 1];
  if (last && last.startOffset + last.image.length === offset && /^[A-Za-z_\u00C0-\u024F\u0370-\u03FF]/.test(last.image)) {
    wordStart = last.startOffset;
    tokens = tokens.slice(0, -1);
  }
  if (last && last.tokenType.name === 'StringLiteral' && last.startOffset + last.image.length >= offset) return empty(offset);
  if (last && last.tokenType.name === 'NumberLiteral' && last.startOffset + last.image.length === offset) return empty(offset);
  const range = { start: wordStart, end: offset + (/^[A-Za-z0-9_]*/.exec(text.slice(offset))?.[0].length ?? 0) };
  const ctx = context(tokens, text, wordStart);
  const entries = new Entries();
  suggest(ctx, m, entries, options, text);
  return { range, entries: entries.list() };
}

const statementLine = new RegExp(`^(?:@|(?:${statementKeywords.join('|')})(?![A-Za-z0-9_]))`);

/** Offset of the nearest line before `offset` that starts (at column 0) with a statement keyword
 *  and is not inside a block comment; 0 when there is none nearby. */
function statementLineBefore(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // The cursor's own line counts only before the cursor: start from the line above it.
  for (let n = 0; n < 200 && lineStart > 0; n++) {
    const prev = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (statementLine.test(text.slice(prev, Math.min(prev + 16, text.length)))) {
      const open = text.lastIndexOf('/*', prev);
      if (open >= 0 && text.lastIndexOf('*/', prev) < open) return 0;
      return prev;
    }
    lineStart = prev;
  }
  return 0;
}

function empty(offset: number): CompletionResult {
  return { range: { start: offset, end: offset }, entries: [] };
}

class Entries {
  private readonly byLabel = new Map<string, CompletionEntry>();
  add(e: CompletionEntry): void {
    const prev = this.byLabel.get(e.label);
    if (!prev || prev.rank > e.rank) this.byLabel.set(e.label, e);
  }
  keyword(word: string, rank: number, insertText?: string): void {
    this.add({ label: word, kind: 'keyword', rank, ...(keywordDocs[word] ? { documentation: keywordDocs[word] } : {}), ...(insertText ? { insertText } : {}) });
  }
  list(): CompletionEntry[] {
    return [...this.byLabel.values()].sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
  }
}

function isWord(t: IToken | undefined, ...words: string[]): boolean {
  return !!t && t.tokenType.name !== 'Identifier' && words.includes(t.image);
}

function context(tokens: readonly IToken[], text: string, wordStart: number): Context {
  // The current statement starts at the last statement keyword (or annotation) outside brackets;
  // species flags (`amount species`) belong to the statement they precede.
  let start = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if ((statementStart.has(t.image) && t.tokenType.name !== 'Identifier') || t.image === '@') {
      start = i;
      while (start > 0 && isWord(tokens[start - 1], 'amount', 'boundary', 'constant')) start--;
      break;
    }
  }
  const stmt = tokens.slice(start);
  const open: { token: IToken; before?: IToken }[] = [];
  stmt.forEach((t, i) => {
    if (t.image === '(' || t.image === '[' || t.image === '{') open.push({ token: t, ...(stmt[i - 1] ? { before: stmt[i - 1] } : {}) });
    else if (t.image === ')' || t.image === ']' || t.image === '}') open.pop();
  });
  const lineStart = text.lastIndexOf('\n', wordStart - 1) + 1;
  return { tokens, stmt, open, atLineStart: /^\s*$/.test(text.slice(lineStart, wordStart)), column: wordStart - lineStart };
}

function suggest(ctx: Context, m: ModuleInfo | undefined, out: Entries, options: CompletionOptions, text: string): void {
  const { stmt, open } = ctx;
  const first = stmt.find((t) => !isWord(t, 'amount', 'boundary', 'constant') && t.image !== '@');
  const kind = first && first.tokenType.name !== 'Identifier' ? first.image : undefined;
  const prev = stmt[stmt.length - 1];
  const inner = open[open.length - 1];

  // Nothing yet, or a new line after a finished statement (or, unindented, after a broken one):
  // a new statement. An indented line after an operator continues the expression.
  if (!prev || (ctx.atLineStart && open.length === 0 && (statementComplete(stmt, kind) || ctx.column === 0))) {
    for (const [i, w] of statementKeywords.entries()) out.keyword(w, 10 + i / 100);
    if (prev) continuation(kind, stmt, out, 30);
    return;
  }
  if (prev.image === '@') return;
  // Annotations: `@is("CL:0000775")`.
  if (kind === undefined && stmt[0]?.image === '@') return;

  // Member access: `inst.x`, `lib.f(...)`, `import core.x`.
  if (prev.image === '.') {
    const path = dottedBefore(stmt, stmt.length - 1);
    if (kind === 'import' && stmt.length >= 2) return moduleNames(options, path.join('.') + '.', out);
    if (m) members(m, path, out);
    return;
  }

  // Units inside `[...]` (but `bounds [low, high]` holds expressions).
  if (inner?.token.image === '[' && !isWord(inner.before, 'bounds')) return units(m, options, out);

  switch (kind) {
    case 'import':
      if (stmt.length === 1) return moduleNames(options, '', out);
      if (prev.tokenType.name === 'Identifier' || prev.tokenType.name === 'StringLiteral') out.keyword('as', 1);
      return;
    case 'module':
    case 'unit':
      if (kind === 'unit' && prev.image === '=') return units(m, options, out);
      return;
    case 'time':
      return;
  }

  // A fresh name is being declared: nothing to offer.
  if (declaresNameNext(stmt, kind)) return;

  switch (kind) {
    case 'species':
      if (isWord(prev, 'amount', 'boundary', 'constant')) {
        for (const w of ['species', 'amount', 'boundary', 'constant']) out.keyword(w, 1);
        return;
      }
      if (isWord(prev, 'in')) return names(m, out, (s) => s.kind === 'compartment', 1);
      if (prev.tokenType.name === 'Identifier' && stmt.length === 2 + flagCount(stmt)) {
        out.keyword('in', 1);
        return;
      }
      break;
    case 'der':
      if (prev.image === '(' && stmt.length === 2) return names(m, out, (s) => ['species', 'variable', 'compartment', 'port'].includes(s.kind), 1);
      break;
    case 'reaction': {
      const kineticsAt = stmt.findIndex((t) => isWord(t, 'rate', 'by'));
      const onSides = kineticsAt < 0 && stmt.some((t) => t.image === ':');
      if (isWord(prev, 'by')) {
        out.add({ label: 'mass action', kind: 'keyword', rank: 1, documentation: 'Mass-action kinetics: rate = k × the product of the reactant concentrations' });
        return;
      }
      if (isWord(prev, 'modifiers') || (prev.image === ',' && stmt.some((t) => isWord(t, 'modifiers')))) return names(m, out, (s) => s.kind === 'species' || s.kind === 'port', 1);
      if (onSides) {
        if ([':', '->', '<->', '+'].includes(prev.image) || prev.image === ')') return names(m, out, (s) => s.kind === 'species' || s.kind === 'port', 1);
        // After a species name: another term, the arrow, or the rate law.
        const arrowSeen = stmt.some((t) => t.image === '->' || t.image === '<->');
        if (arrowSeen || prev.image === '->' || prev.image === '<->') {
          out.keyword('rate', 1);
          out.add({ label: 'by mass action', kind: 'keyword', rank: 1, documentation: 'Mass-action kinetics: rate = k × the product of the reactant concentrations' });
        }
        return;
      }
      break;
    }
    case 'instance': {
      const eq = stmt.findIndex((t) => t.image === '=');
      if (eq === stmt.length - 1) return importAliases(m, out);
      const target = m ? instanceTarget(m, stmt) : undefined;
      if (inner?.token.image === '(' && inner.token === stmt.find((t) => t.image === '(') && (prev.image === '(' || prev.image === ',')) {
        if (target) for (const s of target.symbols.values()) if (s.kind === 'parameter' || s.kind === 'compartment') out.add({ ...symbolEntry(s, 1), insertText: `${s.name} = ` });
        return;
      }
      if (inner?.token.image === '{' && (prev.image === '{' || prev.image === ';' || prev.image === ',' || ctx.atLineStart)) {
        const bound = new Set(bindingsIn(stmt));
        if (target) for (const s of target.symbols.values()) if (s.kind === 'port' && !bound.has(s.name)) out.add({ ...symbolEntry(s, 1), insertText: `${s.name} = ` });
        return;
      }
      if (inner?.token.image === '{' && prev.image === '=') return names(m, out, (s) => ['species', 'variable', 'compartment', 'port', 'let', 'parameter', 'observable'].includes(s.kind), 1);
      break;
    }
    case 'event':
    case 'intervention': {
      if (stmt.length === 2 && prev.tokenType.name === 'Identifier') {
        for (const w of ['at', 'every', 'when']) out.keyword(w, 1);
        return;
      }
      const body = stmt.findIndex((t) => t.image === ':' || t.image === '{');
      if (body >= 0 && (prev.image === ':' || prev.image === '{' || prev.image === ';' || prev.image === ',' || (inner?.token.image === '{' && ctx.atLineStart))) {
        return names(m, out, (s) => ['species', 'variable', 'parameter', 'compartment', 'port', 'logic'].includes(s.kind), 1);
      }
      if (isWord(prev, 'persistent', 'initially')) {
        out.keyword('true', 1);
        out.keyword('false', 1);
        return;
      }
      if (prev.tokenType.name === 'Identifier' && prev.image === 'values') {
        out.keyword('at', 1);
        return;
      }
      if (isWord(prev, 'at') && stmt[stmt.length - 2]?.image === 'values') {
        out.add({ label: 'trigger', kind: 'value', rank: 1 });
        out.add({ label: 'execution', kind: 'value', rank: 1 });
        return;
      }
      break;
    }
    case 'logic':
      if (isWord(prev, 'initially')) {
        out.keyword('true', 1);
        out.keyword('false', 1);
        return;
      }
      break;
    case 'surrogate':
      if (inner?.token.image === '{') {
        const propIndex = lastIndexOf(stmt, (t) => t.image === '{' || t.image === ';' || (t.tokenType.name === 'Identifier' && !!surrogateProperties[t.image]));
        const at = stmt[propIndex];
        if (at && at.tokenType.name === 'Identifier' && prev === at) {
          if (at.image === 'activation') for (const a of activations) out.add({ label: a, kind: 'value', rank: 1 });
          if (at.image === 'scaling') for (const a of ['standard', 'minmax', 'none']) out.add({ label: a, kind: 'value', rank: 1 });
          return;
        }
        if (prev.image === '{' || prev.image === ';' || ctx.atLineStart) for (const [p, doc] of Object.entries(surrogateProperties)) out.add({ label: p, kind: 'property', rank: 1, documentation: doc });
        return;
      }
      return;
    case 'decision':
      if (inner?.token.image === '{') {
        if (prev.tokenType.name === 'StringLiteral') {
          out.keyword('if', 1);
          out.keyword('otherwise', 1);
          return;
        }
        if (prev.image === '{' || prev.image === ';' || prev.image === ',' || isWord(prev, 'otherwise')) return;
      }
      break;
    case 'simulate': {
      if (prev.tokenType.name === 'Identifier' && prev.image === 'method') {
        for (const v of ['auto', 'dopri5', 'rodas', 'bdf']) out.add({ label: v, kind: 'value', rank: 1 });
        return;
      }
      if (isWord(prev, 'simulate') || endsOperand(prev)) {
        const given = new Set(stmt.filter((t) => t.tokenType.name === 'Identifier').map((t) => t.image));
        if (isWord(prev, 'simulate')) out.keyword('until', 1);
        for (const [o, doc] of Object.entries(simulateOptions)) if (!given.has(o)) out.add({ label: o, kind: 'property', rank: 2, documentation: doc });
        if (isWord(prev, 'simulate')) return;
      }
      break;
    }
    case 'parameter':
    case 'observable':
      if (prev.image === '~' || isWord(prev, 'noise')) {
        for (const [d, spec] of Object.entries(distributions)) {
          const noiseOnly = d === 'proportional' || d === 'combined';
          if (kind === 'parameter' && noiseOnly) continue;
          out.add({ label: d, kind: 'distribution', rank: 1, detail: spec.doc, insertText: d });
        }
        return;
      }
      break;
    default:
      break;
  }

  // After a complete operand: an operator keyword or a word that continues the statement.
  if (endsOperand(prev)) {
    continuation(kind, stmt, out, 1);
    if (ctx.atLineStart && open.length === 0) for (const [i, w] of statementKeywords.entries()) out.keyword(w, 20 + i / 100);
    return;
  }
  expression(m, kind, stmt, out);
}

/** Keywords that may follow what the statement has so far. */
function continuation(kind: string | undefined, stmt: readonly IToken[], out: Entries, rank: number): void {
  const has = (w: string) => stmt.some((t) => isWord(t, w));
  // Conditions appear in logic rules, event triggers, decisions and `if`.
  const hasIf = has('if');
  if (hasIf || kind === 'logic' || kind === 'decision' || kind === 'let' || has('when')) for (const w of ['and', 'or', 'xor', 'implies']) out.keyword(w, rank + 1);
  if (hasIf && !has('then')) out.keyword('then', rank);
  else if (has('then') && !has('else')) out.keyword('else', rank);
  switch (kind) {
    case 'parameter':
      if (!has('bounds')) out.keyword('bounds', rank);
      break;
    case 'observable':
      if (!has('noise')) out.keyword('noise', rank);
      break;
    case 'reaction':
      if (has('rate') || has('by')) {
        if (!has('modifiers')) out.keyword('modifiers', rank);
      } else if (stmt.some((t) => t.image === '->' || t.image === '<->')) {
        out.keyword('rate', rank);
        out.add({ label: 'by mass action', kind: 'keyword', rank });
      }
      break;
    case 'logic':
      if (!has('initially')) out.keyword('initially', rank);
      if (!has('priority')) out.keyword('priority', rank);
      break;
    case 'species':
      if (!has('in') && !stmt.some((t) => t.image === '=' || t.image === ':=')) out.keyword('in', rank);
      break;
    case 'event':
    case 'intervention': {
      if (stmt.some((t) => t.image === ':' || t.image === '{')) break;
      if (has('every')) for (const w of ['from', 'until', 'times']) if (!has(w)) out.keyword(w, rank);
      for (const w of ['delay', 'priority', 'persistent', 'initially']) if (!has(w)) out.keyword(w, rank);
      out.add({ label: 'values at', kind: 'keyword', rank: rank + 1 });
      break;
    }
    default:
      break;
  }
}

function statementComplete(stmt: readonly IToken[], kind: string | undefined): boolean {
  const prev = stmt[stmt.length - 1];
  if (!prev) return true;
  if (kind === undefined) return true;
  return endsOperand(prev) || prev.image === '}' || prev.image === ']' || isWord(prev, 'otherwise');
}

/** Whether a token ends an operand, so an operator (not a name) comes next. */
function endsOperand(t: IToken | undefined): boolean {
  if (!t) return false;
  if (t.tokenType.name === 'Identifier' || t.tokenType.name === 'NumberLiteral' || t.tokenType.name === 'StringLiteral') return true;
  return t.image === ')' || t.image === ']' || isWord(t, 'true', 'false');
}

function declaresNameNext(stmt: readonly IToken[], kind: string | undefined): boolean {
  const prev = stmt[stmt.length - 1];
  if (!prev || !kind) return false;
  const flags = flagCount(stmt);
  const declaring = ['species', 'parameter', 'variable', 'let', 'function', 'reaction', 'logic', 'compartment', 'observable', 'decision', 'instance', 'surrogate', 'reads', 'writes', 'unit'];
  if (stmt.length === 1 + flags && declaring.includes(kind)) return true;
  if ((kind === 'event' || kind === 'intervention') && stmt.length === 1) return true;
  // Function parameters and surrogate ports are new names too.
  if ((kind === 'function' || kind === 'surrogate') && !stmt.some((t) => t.image === '=' || t.image === '->') && (prev.image === '(' || prev.image === ',')) return true;
  return false;
}

function flagCount(stmt: readonly IToken[]): number {
  let n = 0;
  while (isWord(stmt[n], 'amount', 'boundary', 'constant')) n++;
  return n;
}

function lastIndexOf<T>(list: readonly T[], f: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (f(list[i]!)) return i;
  return -1;
}

/** `a.b.` before a dot at index `dot`: ['a', 'b']. */
function dottedBefore(stmt: readonly IToken[], dot: number): string[] {
  const parts: string[] = [];
  let i = dot - 1;
  while (i >= 0 && stmt[i]!.tokenType.name === 'Identifier') {
    parts.unshift(stmt[i]!.image);
    if (stmt[i - 1]?.image !== '.') break;
    i -= 2;
  }
  return parts;
}

function instanceTarget(m: ModuleInfo, stmt: readonly IToken[]): ModuleInfo | undefined {
  const eq = stmt.findIndex((t) => t.image === '=');
  const paren = stmt.findIndex((t) => t.image === '(');
  if (eq < 0 || paren < 0 || paren < eq) return undefined;
  const name = stmt.slice(eq + 1, paren).map((t) => t.image).join('');
  const range = { start: 0, end: 0 };
  return instanceModule(m, { parts: name.split('.').map((text) => ({ text, range })), text: name, range });
}

function bindingsIn(stmt: readonly IToken[]): string[] {
  const brace = stmt.findIndex((t) => t.image === '{');
  const out: string[] = [];
  for (let i = brace + 1; i > 0 && i < stmt.length - 1; i++) if (stmt[i]!.tokenType.name === 'Identifier' && stmt[i + 1]!.image === '=') out.push(stmt[i]!.image);
  return out;
}

function moduleNames(options: CompletionOptions, prefix: string, out: Entries): void {
  for (const name of options.modules?.() ?? []) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    // One level at a time: `core` then `core.innate`, as paths are typed.
    const dot = rest.indexOf('.');
    if (dot >= 0) out.add({ label: rest.slice(0, dot), kind: 'module', rank: 2, detail: `package ${prefix}${rest.slice(0, dot)}` });
    else out.add({ label: rest, kind: 'module', rank: 1, detail: `module ${name}` });
  }
}

function units(m: ModuleInfo | undefined, options: CompletionOptions, out: Entries): void {
  const own = options.units ?? userUnits(m);
  for (const u of own) out.add({ label: u, kind: 'unit', rank: 1, detail: 'declared unit' });
  for (const u of commonUnits) out.add({ label: u, kind: 'unit', rank: 2 });
}

/** Units declared by a module and the modules it imports (transitively). */
export function userUnits(m: ModuleInfo | undefined): string[] {
  const out = new Set<string>();
  const seen = new Set<ModuleInfo>();
  const visit = (x: ModuleInfo) => {
    if (seen.has(x)) return;
    seen.add(x);
    for (const d of x.ast.declarations) if (d.kind === 'unit' && d.name) out.add(d.name.text);
    for (const i of x.imports.values()) if (i.module) visit(i.module);
  };
  if (m) visit(m);
  return [...out];
}

function importAliases(m: ModuleInfo | undefined, out: Entries): void {
  if (!m) return;
  for (const [alias, imp] of m.imports) {
    out.add({ label: alias, kind: 'module', rank: 1, detail: `module ${imp.module?.name ?? imp.decl.module?.text ?? alias}`, ...(imp.module?.ast.header?.doc ? { documentation: imp.module.ast.header.doc } : {}) });
  }
}

function members(m: ModuleInfo, path: readonly string[], out: Entries): void {
  const [head, ...rest] = path;
  if (!head) return;
  const sym = m.symbols.get(head);
  if (sym?.kind === 'instance') {
    let mod = instanceModule(m, (sym.decl as A.InstanceDecl).module);
    for (const p of rest) {
      const inner = mod?.symbols.get(p);
      mod = inner?.kind === 'instance' ? instanceModule(inner.module, (inner.decl as A.InstanceDecl).module) : undefined;
    }
    if (mod) for (const s of mod.symbols.values()) out.add(symbolEntry(s, s.kind === 'port' ? 1 : 2));
    return;
  }
  const imp = m.imports.get(head);
  if (imp?.module && rest.length === 0) {
    // Only functions and surrogates of an imported module can be used without an instance.
    for (const s of imp.module.symbols.values()) if (s.kind === 'function' || s.kind === 'surrogate') out.add(symbolEntry(s, 1));
  }
}

function names(m: ModuleInfo | undefined, out: Entries, filter: (s: Sym) => boolean, rank: number): void {
  if (!m) return;
  for (const s of m.symbols.values()) if (filter(s)) out.add(symbolEntry(s, rank));
}

const valueKinds = new Set<SymbolKind>(['species', 'parameter', 'variable', 'let', 'compartment', 'observable', 'logic', 'reaction', 'port']);

function expression(m: ModuleInfo | undefined, kind: string | undefined, stmt: readonly IToken[], out: Entries): void {
  // Function bodies see only their parameters (functions are pure).
  if (kind === 'function') {
    const open = stmt.findIndex((t) => t.image === '(');
    const close = stmt.findIndex((t) => t.image === ')');
    const fname = stmt[1]?.image ?? '';
    if (open >= 0 && close > open) {
      for (const t of stmt.slice(open + 1, close)) if (t.tokenType.name === 'Identifier') out.add({ label: t.image, kind: 'function-param', rank: 1, detail: `parameter of function ${fname}` });
    }
    if (m) for (const s of m.symbols.values()) if (s.kind === 'function' || s.kind === 'surrogate') out.add(symbolEntry(s, 2));
  } else if (m) {
    for (const s of m.symbols.values()) {
      if (valueKinds.has(s.kind)) out.add(symbolEntry(s, 1));
      else if (s.kind === 'function' || s.kind === 'surrogate' || s.kind === 'instance') out.add(symbolEntry(s, 2));
    }
    for (const [alias, imp] of m.imports) out.add({ label: alias, kind: 'module', rank: 3, detail: `module ${imp.module?.name ?? alias}` });
    out.add({ label: TIME_NAME, kind: 'time', rank: 2, detail: `model time${m.timeUnit ? ' ' + showUnit(m.timeUnit) : ''}` });
  }
  if (kind === 'decision') for (const [f, spec] of Object.entries(trajectoryFunctions)) out.add({ label: f, kind: 'trajectory', rank: 2, detail: spec.doc });
  for (const [f, spec] of Object.entries(builtinFunctions)) out.add({ label: f, kind: 'builtin', rank: 4, detail: spec.doc });
  for (const [c, spec] of Object.entries(builtinConstants)) out.add({ label: c, kind: 'constant', rank: 4, detail: spec.doc });
  for (const w of expressionKeywords) out.keyword(w, 5);
}

/** A completion entry for a symbol: kind, its declaration's first line, doc comment and units. */
export function symbolEntry(s: Sym, rank: number): CompletionEntry {
  const unit = s.module.units.get(s);
  const doc = [s.decl.doc, unit ? `Units: \`${displayUnit(unit)}\`` : undefined, `*${symbolKindLabel[s.kind]}* in \`${s.module.name}\``].filter(Boolean).join('\n\n');
  return { label: s.name, kind: s.kind, rank, detail: declarationHeadline(s.module, s.decl), documentation: doc };
}

