// Signature help: which function or surrogate a call is to, and which argument the cursor is in.
import type { IToken } from '#chevrotain';
import { builtinFunctions, distributions, trajectoryFunctions } from '../semantic/builtins.js';
import type { ModuleInfo, Sym } from '../semantic/symbols.js';
import type * as A from '../syntax/ast.js';
import { tokenize } from '../syntax/tokens.js';
import { instanceModule } from './occurrences.js';

export interface SignatureInfo {
  /** e.g. `sat(x, K)`, `surrogate il6_net(N [1], D [1]) -> IL6 [pg/mL]` */
  readonly label: string;
  readonly parameters: readonly { readonly label: string; readonly documentation?: string }[];
  readonly documentation?: string;
  readonly activeParameter: number;
}

/** The call the cursor is in: the innermost open `name(` before `offset`. */
export function signatureAt(m: ModuleInfo | undefined, text: string, offset: number): SignatureInfo | undefined {
  const tokens = tokenize(text.slice(0, offset)).tokens;
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.image === ')' || t.image === ']' || t.image === '}') depth++;
    else if (t.image === '[' || t.image === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (t.image === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = calleeBefore(tokens, i);
      if (!callee) return undefined;
      const before = tokens[callee.start - 1];
      // `function f(`, `surrogate s(` and `der(` declare or target, they do not call.
      if (before && (before.image === 'function' || before.image === 'surrogate' || before.image === 'instance')) return undefined;
      return describeCall(m, callee.name, before, commas);
    } else if (t.image === ',' && depth === 0) commas++;
    else if (depth === 0 && isStatementKeyword(t)) return undefined;
  }
  return undefined;
}

const statementWords = new Set(['species', 'parameter', 'reaction', 'let', 'der', 'compartment', 'variable', 'function', 'logic', 'event', 'intervention', 'observable', 'decision', 'instance', 'surrogate', 'reads', 'writes', 'import', 'unit', 'time', 'simulate', 'module']);
function isStatementKeyword(t: IToken): boolean {
  return t.tokenType.name !== 'Identifier' && statementWords.has(t.image);
}

function calleeBefore(tokens: readonly IToken[], paren: number): { name: string[]; start: number } | undefined {
  const name: string[] = [];
  let i = paren - 1;
  while (i >= 0 && tokens[i]!.tokenType.name === 'Identifier') {
    name.unshift(tokens[i]!.image);
    if (tokens[i - 1]?.image !== '.') break;
    i -= 2;
  }
  return name.length ? { name, start: Math.max(0, i) } : undefined;
}

function describeCall(m: ModuleInfo | undefined, name: string[], before: IToken | undefined, active: number): SignatureInfo | undefined {
  const simple = name.length === 1 ? name[0]! : undefined;
  if (simple && before && (before.image === '~' || before.image === 'noise')) {
    const d = distributions[simple];
    return d ? fromDoc(d.doc, active) : undefined;
  }
  const sym = m ? resolveCallee(m, name) : undefined;
  if (sym) return fromSymbol(sym, active);
  if (!simple) return undefined;
  const b = builtinFunctions[simple];
  if (b) return fromDoc(b.doc, active);
  const traj = trajectoryFunctions[simple];
  return traj ? fromDoc(traj.doc, active) : undefined;
}

function resolveCallee(m: ModuleInfo, name: string[]): Sym | undefined {
  if (name.length === 1) {
    const s = m.symbols.get(name[0]!);
    return s && (s.kind === 'function' || s.kind === 'surrogate') ? s : undefined;
  }
  const imp = m.imports.get(name[0]!);
  if (imp?.module && name.length === 2) return imp.module.symbols.get(name[1]!);
  // `inst.f(...)`: a function of an instance's module.
  let mod: ModuleInfo | undefined = m;
  for (const part of name.slice(0, -1)) {
    const s: Sym | undefined = mod?.symbols.get(part);
    mod = s?.kind === 'instance' ? instanceModule(s.module, (s.decl as A.InstanceDecl).module) : undefined;
  }
  return mod?.symbols.get(name[name.length - 1]!);
}

function fromSymbol(s: Sym, active: number): SignatureInfo | undefined {
  const d = s.decl;
  if (d.kind === 'function') {
    const params = d.params.map((p) => ({ label: p.text }));
    return { label: `${s.name}(${d.params.map((p) => p.text).join(', ')})`, parameters: params, ...(d.doc ? { documentation: d.doc } : {}), activeParameter: clamp(active, params.length) };
  }
  if (d.kind === 'surrogate') {
    const port = (p: A.SurrogatePort) => `${p.name.text}${p.unit ? ` [${p.unit.text.trim()}]` : ''}`;
    const params = d.inputs.map((p) => ({ label: port(p), documentation: `input '${p.name.text}' of surrogate ${s.name}` }));
    const outs = d.outputs.map(port).join(', ');
    return {
      label: `${s.name}(${params.map((p) => p.label).join(', ')}) -> ${d.outputs.length === 1 ? outs : `(${outs})`}`,
      parameters: params,
      ...(d.doc ? { documentation: d.doc } : {}),
      activeParameter: clamp(active, params.length),
    };
  }
  return undefined;
}

/** Built-in docs read `name(a, b): what it does`. */
function fromDoc(doc: string, active: number): SignatureInfo {
  const colon = doc.indexOf(': ');
  const sig = colon > 0 ? doc.slice(0, colon) : doc;
  const open = sig.indexOf('(');
  const inner = open >= 0 ? sig.slice(open + 1, sig.lastIndexOf(')')) : '';
  const params = inner.split(',').map((p) => p.trim()).filter((p) => p && p !== '...').map((label) => ({ label }));
  const variadic = inner.includes('...');
  return {
    label: sig,
    parameters: params,
    ...(colon > 0 ? { documentation: doc.slice(colon + 2) } : {}),
    activeParameter: variadic ? Math.min(active, params.length - 1) : clamp(active, params.length),
  };
}

function clamp(active: number, n: number): number {
  return n === 0 ? 0 : Math.min(active, n - 1);
}
