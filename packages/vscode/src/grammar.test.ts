// The TextMate grammar, tokenised by VS Code's engine: its keywords are the language's, each
// construct gets its scope, and on every example the scopes agree with what the real parser says
// (comments, doc comments, declared names, units, numbers, keywords).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinFunctions, distributions, keywordList, LineIndex, parseText, trajectoryFunctions, type Range } from '@idt/lang';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import { grammarDir, grammarPath, loadIdtGrammar, tokenize, type Token } from './textmate.js';

const root = path.resolve(__dirname, '..', '..', '..');
const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as {
  scopeName: string;
  repository: Record<string, { patterns?: { name?: string; match?: string }[]; name?: string; match?: string }>;
};

/** The words of a `(?<!...)(?:a|b|c)(?!...)` keyword pattern. */
function words(match: string): string[] {
  const m = /\(\?:([A-Za-z0-9_|]+)\)/.exec(match);
  return m ? m[1]!.split('|') : [];
}

let grammar: IGrammar;
beforeAll(async () => {
  grammar = (await loadIdtGrammar()).grammar;
});

/** Scopes of the token holding the `occurrence`-th `needle` in `text` (0-based). */
function scopesOf(text: string, needle: string, occurrence = 0): readonly string[] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const pos = new LineIndex(text).position(at);
  const token = tokenize(grammar, text).find((t) => t.line === pos.line && t.start <= pos.character && pos.character < t.end);
  return token!.scopes;
}
const innermost = (s: readonly string[]) => s[s.length - 1]!;

describe('the grammar file', () => {
  it('is source.idt', () => {
    expect(raw.scopeName).toBe('source.idt');
  });

  it("has exactly the language's reserved words (packages/lang/src/syntax/tokens.ts) as keywords", () => {
    const fromGrammar = raw.repository['keywords']!.patterns!.filter((p) => p.name && p.match).flatMap((p) => words(p.match!));
    expect(new Set(fromGrammar).size).toBe(fromGrammar.length);
    expect([...fromGrammar].sort()).toEqual([...keywordList].sort());
  });

  it("knows the language's built-in functions and distributions", () => {
    const calls = raw.repository['calls']!.patterns!;
    const builtins = words(calls.find((p) => p.name === 'support.function.builtin.idt')!.match!);
    const dists = words(calls.find((p) => p.name === 'support.function.distribution.idt')!.match!);
    const expected = [...Object.keys(builtinFunctions), ...Object.keys(trajectoryFunctions)].filter((f) => !keywordList.includes(f));
    expect([...new Set(builtins)].sort()).toEqual([...new Set(expected)].sort());
    expect([...dists].sort()).toEqual(Object.keys(distributions).sort());
  });

  it('comes with a language configuration for comments, brackets and doc-comment continuation', () => {
    const conf = JSON.parse(fs.readFileSync(path.join(grammarDir, 'language-configuration.json'), 'utf8'));
    expect(conf.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    expect(conf.brackets).toContainEqual(['[', ']']);
    expect(new RegExp(conf.onEnterRules[0].beforeText).test('  /// a doc line')).toBe(true);
    expect(new RegExp(conf.indentationRules.increaseIndentPattern).test('decision treat {')).toBe(true);
    expect(new RegExp(conf.indentationRules.decreaseIndentPattern).test('  }')).toBe(true);
    expect(new RegExp(conf.folding.markers.start).test('// #region parameters')).toBe(true);
  });
});

describe('scopes of each construct', () => {
  const text = [
    '/// Activated neutrophils.',
    '// a plain comment',
    '@is("CL:0000775")',
    'boundary species N in blood = 0.1 [Mcells/mL] /* block */',
    'parameter k_act = 1.5e-3 [1/(cells*h)] bounds [0.01, 5] ~ lognormal(0.5, 0.3)',
    'reaction killing: 2 T -> by mass action k_kill',
    'logic stat1 := high and not stat6 initially false',
    'event dose at 24 [h] values at execution: drug += 1',
    'let x = if a >= 2 then hill(a, K, 4) else my_f(a) ^ 2',
    'function sat(x, K) = x / (K + x)',
    'instance lung = cytokine(k = 1) { level = IL6 }',
    'der(temperature) = 0.1',
    'decision treat { "TREAT" if max(N) > 1 [Mcells/mL] }',
    'module core.innate',
  ].join('\n');

  it('tells doc comments, line comments and block comments apart', () => {
    expect(innermost(scopesOf(text, 'Activated'))).toBe('comment.line.documentation.idt');
    expect(innermost(scopesOf(text, 'a plain'))).toBe('comment.line.double-slash.idt');
    expect(innermost(scopesOf(text, 'block'))).toBe('comment.block.idt');
  });

  it('scopes annotations and strings', () => {
    expect(scopesOf(text, 'is(')).toContain('storage.type.annotation.idt');
    expect(scopesOf(text, 'CL:0000775')).toEqual(['source.idt', 'meta.annotation.idt', 'string.quoted.double.idt']);
    expect(scopesOf(text, 'TREAT')).toContain('string.quoted.double.idt');
  });

  it('scopes keywords by role', () => {
    expect(innermost(scopesOf(text, 'boundary'))).toBe('storage.modifier.idt');
    expect(innermost(scopesOf(text, 'species'))).toBe('storage.type.idt');
    expect(innermost(scopesOf(text, 'in blood'))).toBe('keyword.other.idt');
    expect(innermost(scopesOf(text, 'bounds'))).toBe('keyword.other.idt');
    expect(innermost(scopesOf(text, 'mass action'))).toBe('keyword.other.mass-action.idt');
    expect(innermost(scopesOf(text, 'and not'))).toBe('keyword.operator.logical.idt');
    expect(innermost(scopesOf(text, 'false'))).toBe('constant.language.boolean.idt');
    expect(innermost(scopesOf(text, 'at 24'))).toBe('keyword.control.idt');
    expect(innermost(scopesOf(text, 'values'))).toBe('keyword.other.idt');
    expect(innermost(scopesOf(text, 'if a'))).toBe('keyword.control.idt');
    expect(innermost(scopesOf(text, 'else'))).toBe('keyword.control.idt');
  });

  it('scopes units in brackets, but not the bounds list', () => {
    expect(scopesOf(text, 'Mcells')).toEqual(['source.idt', 'meta.unit.idt', 'entity.name.type.unit.idt']);
    expect(scopesOf(text, '[Mcells')).toContain('punctuation.definition.unit.begin.idt');
    expect(scopesOf(text, 'cells*h')).toContain('meta.unit.idt');
    expect(innermost(scopesOf(text, '*h)]'))).toBe('keyword.operator.unit.idt');
    expect(scopesOf(text, '0.01')).not.toContain('meta.unit.idt');
    expect(innermost(scopesOf(text, '0.01'))).toBe('constant.numeric.idt');
  });

  it('scopes numbers, including exponents', () => {
    expect(innermost(scopesOf(text, '1.5e-3'))).toBe('constant.numeric.idt');
    expect(scopesOf(text, '1.5e-3')).not.toContain('meta.unit.idt');
    expect(innermost(scopesOf(text, '2 T'))).toBe('constant.numeric.idt');
  });

  it('scopes operators', () => {
    expect(innermost(scopesOf(text, '->'))).toBe('keyword.operator.arrow.idt');
    expect(innermost(scopesOf(text, ':='))).toBe('keyword.operator.assignment.idt');
    expect(innermost(scopesOf(text, '+='))).toBe('keyword.operator.assignment.idt');
    expect(innermost(scopesOf(text, '>='))).toBe('keyword.operator.comparison.idt');
    expect(innermost(scopesOf(text, '~'))).toBe('keyword.operator.distribution.idt');
    expect(innermost(scopesOf(text, '^ 2'))).toBe('keyword.operator.arithmetic.idt');
  });

  it('scopes declared names, calls and modules', () => {
    expect(innermost(scopesOf(text, 'N in'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'k_act'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'killing'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'dose'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'sat'))).toBe('entity.name.function.idt');
    expect(innermost(scopesOf(text, 'lung'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'cytokine'))).toBe('entity.name.type.module.idt');
    expect(innermost(scopesOf(text, 'temperature'))).toBe('entity.name.variable.idt');
    expect(innermost(scopesOf(text, 'core.innate'))).toBe('entity.name.namespace.idt');
    expect(innermost(scopesOf(text, 'hill'))).toBe('support.function.builtin.idt');
    expect(innermost(scopesOf(text, 'lognormal'))).toBe('support.function.distribution.idt');
    expect(innermost(scopesOf(text, 'my_f'))).toBe('entity.name.function.call.idt');
    expect(innermost(scopesOf(text, 'k_kill'))).toBe('variable.other.idt');
  });

  it('does not take the first word after `event` for a name when it is the trigger', () => {
    expect(innermost(scopesOf('event at 24 [h]: x = 1', 'at'))).toBe('keyword.control.idt');
  });
});

/** Files to check against the parser: the examples and the language's valid fixtures. */
const files = [path.join(root, 'examples'), path.join(root, 'packages', 'lang', 'fixtures', 'valid')]
  .filter((d) => fs.existsSync(d))
  .flatMap((d) => fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.idt')).map((f) => path.join(d, f)));

describe('agreement with the parser on every example', () => {
  it('has examples to check', () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(files.map((f) => path.relative(root, f)))('%s', (rel) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const { ast } = parseText(text, rel);
    const tokens = tokenize(grammar, text);
    const lines = new LineIndex(text);
    /** The tokens overlapping a range, whitespace-only ones left out. */
    const within = (r: Range): Token[] => {
      const s = lines.position(r.start);
      const e = lines.position(r.end);
      return tokens.filter(
        (t) => t.text.trim() !== '' && (t.line > s.line || (t.line === s.line && t.end > s.character)) && (t.line < e.line || (t.line === e.line && t.start < e.character)),
      );
    };
    const problems: string[] = [];
    const expectScope = (r: Range, what: string, ok: (scopes: readonly string[]) => boolean) => {
      for (const t of within(r)) if (!ok(t.scopes)) problems.push(`${what} '${t.text}' at ${t.line + 1}:${t.start + 1} has ${innermost(t.scopes)}`);
    };
    for (const c of ast.comments) {
      const want = c.kind === 'doc' ? 'comment.line.documentation.idt' : c.kind === 'block' ? 'comment.block.idt' : 'comment.line.double-slash.idt';
      expectScope(c.range, `${c.kind} comment`, (s) => s.includes(want));
    }
    for (const d of ast.declarations) {
      if ('name' in d && d.name) expectScope(d.name.range, `name of ${d.kind}`, (s) => innermost(s).startsWith('entity.name.'));
    }
    // Units in brackets and number literals anywhere in the tree.
    const visit = (node: unknown, key: string): void => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, key));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (key === 'unit' && typeof o['text'] === 'string') expectScope(o['range'] as Range, 'unit', (s) => s.includes('meta.unit.idt'));
      if (o['kind'] === 'number' && typeof o['text'] === 'string') {
        const start = (o['range'] as Range).start;
        expectScope({ start, end: start + (o['text'] as string).length }, 'number', (s) => innermost(s) === 'constant.numeric.idt');
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'comments') visit(v, k);
    };
    visit(ast, '');
    // Reserved words outside comments and strings are keywords.
    const keywords = new Set(keywordList);
    for (const t of tokens) {
      const word = t.text.trim();
      if (!keywords.has(word) || t.scopes.some((s) => s.startsWith('comment.') || s.startsWith('string.'))) continue;
      if (!/^(storage\.|keyword\.|constant\.language\.)/.test(innermost(t.scopes))) problems.push(`keyword '${word}' at ${t.line + 1}:${t.start + 1} has ${innermost(t.scopes)}`);
    }
    expect(problems).toEqual([]);
  });
});
