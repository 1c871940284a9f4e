// Parser behaviour that the fixtures do not show by themselves: recovery keeps every
// declaration, ranges cover what they should, doc comments attach, units hoist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from './parse.js';
import { validateGrammar } from './parser.js';
import { validateTokens } from './tokens.js';

const fixture = (name: string) => path.resolve(__dirname, '..', '..', 'fixtures', name);

describe('the grammar', () => {
  it("passes Chevrotain's validations (the lexer and parser in use skip them to start faster)", () => {
    expect(() => validateTokens()).not.toThrow();
    expect(() => validateGrammar()).not.toThrow();
  });
});

describe('parseText', () => {
  it('recovers from three unrelated syntax errors and keeps every declaration', () => {
    const file = fixture('invalid/three-syntax-errors.idt');
    const { ast, diagnostics } = parseText(fs.readFileSync(file, 'utf8'), file);
    expect(diagnostics.map((d) => d.code)).toEqual(['IDT1003', 'IDT1002', 'IDT1003']);
    expect(ast.declarations.map((d) => `${d.kind}:${'name' in d && d.name ? d.name.text : ''}`)).toEqual([
      'time:', 'parameter:k', 'unit:cells', 'species:A', 'reaction:r', 'species:B', 'reaction:s', 'species:C',
    ]);
  });

  it('never lets recovery join the next statement to an unfinished one', () => {
    // Deleting the unexpected `species` would read `Z = 1` as the instance's next argument.
    const text = 'instance c = core(k = 2,\nspecies Z = 1\n';
    const { ast, diagnostics } = parseText(text, 'x.idt');
    expect(ast.declarations.map((d) => `${d.kind}:${'name' in d && d.name ? d.name.text : ''}`)).toEqual(['instance:c', 'species:Z']);
    expect((ast.declarations[0] as { args: { name: { text: string } }[] }).args.map((a) => a.name.text)).toEqual(['k']);
    // Reported where the text is missing (after the comma), as a missing name, not as a keyword
    // used as a name.
    expect(diagnostics.map((d) => [d.code, d.message, d.range.start])).toEqual([['IDT1003', "expected a name but found 'species'", text.indexOf(',') + 1]]);
  });

  it('attaches doc comments and annotations to the declaration below them', () => {
    const text = '/// The pathogen load.\n/// Second line.\n@is("NCBITaxon:1280")\nspecies P = 1\n\nspecies Q = 2\n';
    const { ast, diagnostics } = parseText(text, 'x.idt');
    expect(diagnostics).toEqual([]);
    const [p, q] = ast.declarations;
    expect(p!.doc).toBe('The pathogen load.\nSecond line.');
    expect(p!.annotations.map((a) => [a.name.text, a.values.map((v) => v.text)])).toEqual([['is', ['NCBITaxon:1280']]]);
    expect(text.slice(p!.range.start, p!.range.end)).toBe('@is("NCBITaxon:1280")\nspecies P = 1');
    expect(q!.doc).toBeUndefined();
  });

  it('gives a declaration the unit written after its bare number', () => {
    const { ast } = parseText('parameter k = 0.3 [1/h]\nlet x = 2 * 3 [h]', 'x.idt');
    const k = ast.declarations[0] as { value?: { kind: string; unit?: unknown }; unit?: { text: string } };
    expect(k.unit?.text).toBe('1/h');
    expect(k.value?.kind).toBe('number');
    expect(k.value?.unit).toBeUndefined();
    const x = ast.declarations[1] as { unit?: unknown; value?: { kind: string } };
    expect(x.unit).toBeUndefined();
    expect(x.value?.kind).toBe('binary');
  });

  it('parses precedence: unary minus binds looser than ^, comparisons below arithmetic, and/or/implies', () => {
    const { ast, diagnostics } = parseText('let a = -x^2 + 3 * y\nlogic b := p and not q or r implies s', 'x.idt');
    expect(diagnostics).toEqual([]);
    const show = (e: any): string =>
      e.kind === 'binary' ? `(${show(e.left)} ${e.op} ${show(e.right)})` : e.kind === 'unary' ? `(${e.op} ${show(e.operand)})` : e.kind === 'ref' ? e.name.text : e.kind === 'number' ? e.text : e.kind;
    expect(show((ast.declarations[0] as any).value)).toBe('((- (x ^ 2)) + (3 * y))');
    expect(show((ast.declarations[1] as any).rule)).toBe('(((p and (not q)) or r) implies s)');
  });

  it('reports an unterminated string and an unexpected character with precise ranges', () => {
    const text = 'import "core/x\nspecies A = 1 $ 2';
    const { diagnostics } = parseText(text, 'x.idt');
    const lex = diagnostics.filter((d) => d.code === 'IDT1004' || d.code === 'IDT1001');
    expect(lex.map((d) => [d.code, text.slice(d.range.start, d.range.end)])).toEqual([
      ['IDT1004', '"core/x'],
      ['IDT1001', '$'],
    ]);
  });

  it('places nodes that recovery leaves without text where the text is missing, not at offset 0', () => {
    type Ranged = { range: { start: number } };
    const broken: [string, string, (d: any) => Ranged][] = [
      ['der(A) = \nspecies B = 2\n', 'der(A) =', (d) => d.value],
      ['reaction r: A -> rate\nspecies B = 2\n', 'reaction r: A -> rate', (d) => d.kinetics.rate],
      ['let q = f(A, )\n', 'let q = f(A, )', (d) => d.value.args[1]],
    ];
    for (const [line, statement, recoveredOf] of broken) {
      const text = `time [h]\nspecies A = 1\n${line}`;
      const { ast } = parseText(text, 'x.idt');
      const zero: string[] = [];
      const walk = (n: unknown, where: string): void => {
        if (!n || typeof n !== 'object') return;
        const r = (n as { range?: { start: number; end: number } }).range;
        if (r && r.start === 0 && r.end === 0 && where !== '') zero.push(where);
        for (const [k, v] of Object.entries(n)) if (k !== 'range') walk(v, `${where}.${k}`);
      };
      walk(ast, '');
      expect(zero, line).toEqual([]);
      // The recovered node of the third statement sits at the end of that statement's text.
      const end = text.indexOf(statement) + statement.length;
      expect(recoveredOf(ast.declarations[2]).range.start, line).toBe(end);
    }
  });
});
