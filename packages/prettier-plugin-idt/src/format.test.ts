// The formatter on real files: golden outputs, idempotence, meaning and comments kept, the
// committed examples formatted, syntax errors refused with the parser's message.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseText } from '@idt/lang';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import plugin, { formatIdt, IdtSyntaxError, modelDifference } from './index.js';
import { commentAnchors, significantTokens } from './testing/tokens.js';

const root = path.resolve(__dirname, '..', '..', '..');
const fixtures = path.resolve(__dirname, '..', 'fixtures');

function idtFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.idt'))
    .map((f) => path.join(dir, f))
    .sort();
}

const examples = idtFiles(path.join(root, 'examples'));
const inputs = fs.readdirSync(fixtures).filter((f) => f.endsWith('.idt') && !f.endsWith('.formatted.idt'));
/** Every valid .idt file in the repository: examples, the language's fixtures and ours. */
const corpus = [
  ...examples,
  ...idtFiles(path.join(root, 'packages', 'lang', 'fixtures')),
  ...inputs.map((f) => path.join(fixtures, f)),
].filter((f) => !parseText(fs.readFileSync(f, 'utf8'), f).diagnostics.some((d) => d.severity === 'error'));

const parse = (text: string) => parseText(text, 'x.idt').ast;

describe('golden files', () => {
  it.each(inputs)('%s formats to its .formatted.idt', async (name) => {
    const input = fs.readFileSync(path.join(fixtures, name), 'utf8');
    await expect(await formatIdt(input)).toMatchFileSnapshot(path.join(fixtures, name.replace(/\.idt$/, '.formatted.idt')));
  });
});

describe('every valid file in the repository', () => {
  it('has some files to test', () => {
    expect(examples.length).toBeGreaterThan(3);
    expect(corpus.length).toBeGreaterThan(examples.length + inputs.length);
  });

  it.each(corpus.map((f) => path.relative(root, f)))('%s: idempotent, same model, same comments in the same places', async (rel) => {
    const input = fs.readFileSync(path.join(root, rel), 'utf8');
    const once = await formatIdt(input);
    expect(await formatIdt(once)).toBe(once);
    expect(modelDifference(parse(input), parse(once))).toBeUndefined();
    expect(commentAnchors(once)).toEqual(commentAnchors(input));
    expect(significantTokens(once).filter((t) => t !== '{' && t !== '}')).toHaveLength(significantTokens(input).filter((t) => t !== '{' && t !== '}').length);
  });

  // `npm run format` keeps them so; this fails when an example is committed unformatted.
  it.each(examples.map((f) => path.relative(root, f)))('%s is committed formatted', async (rel) => {
    const input = fs.readFileSync(path.join(root, rel), 'utf8');
    expect(await formatIdt(input)).toBe(input);
  });
});

describe('layout', () => {
  it('aligns consecutive parameters as a table: names, =, values, units', async () => {
    const out = await formatIdt('parameter k = 0.3 [1/h]\nparameter K_half = 20 [cells]\nparameter n = 4\n');
    expect(out).toBe('parameter k      = 0.3 [1/h]\nparameter K_half = 20  [cells]\nparameter n      = 4\n');
  });

  it('ends a table at an empty line but not at a comment line', async () => {
    const out = await formatIdt('species A = 1\n/// doc\nspecies Bee = 2\n\nspecies C = 3\n');
    expect(out).toBe('species A   = 1\n/// doc\nspecies Bee = 2\n\nspecies C = 3\n');
  });

  it('aligns trailing comments of a table', async () => {
    const out = await formatIdt('parameter a = 1 // one\nparameter bbb = 22 [h] // two\n');
    expect(out).toBe('parameter a   = 1      // one\nparameter bbb = 22 [h] // two\n');
  });

  it('keeps at most one empty line and drops statement semicolons', async () => {
    expect(await formatIdt('time [h];\n\n\n\nunit cells;unit M = 1e6 cells\n')).toBe('time [h]\n\nunit cells\nunit M = 1e6 cells\n');
  });

  it('breaks a long sum before its operators, one term per line', async () => {
    const long = 'der(x) = ' + Array.from({ length: 8 }, (_, i) => `k${i} * x${i}`).join(' + ');
    const out = await formatIdt(`${long}\n`, { printWidth: 60 });
    expect(out.split('\n').slice(0, 3)).toEqual(['der(x) = k0 * x0', '  + k1 * x1', '  + k2 * x2']);
  });

  it('keeps every parenthesis as written', async () => {
    expect(await formatIdt('let y = ((a))*(b+c)^2\n')).toBe('let y = ((a)) * (b + c)^2\n');
  });

  it('normalises CRLF line ends', async () => {
    expect(await formatIdt('time [h]\r\nunit cells\r\n')).toBe('time [h]\nunit cells\n');
  });

  it('formats an empty file to an empty file', async () => {
    expect(await formatIdt('')).toBe('');
    expect(await formatIdt('\n\n')).toBe('');
  });

  it('leaves a declaration after `// prettier-ignore` as written', async () => {
    const text = '// prettier-ignore\nparameter   k   =   1\nparameter   j   =   2\n';
    expect(await formatIdt(text)).toBe('// prettier-ignore\nparameter   k   =   1\nparameter j = 2\n');
  });
});

describe('comments', () => {
  it('keeps every comment of the comments fixture, in order and between the same tokens', async () => {
    const input = fs.readFileSync(path.join(fixtures, 'comments.idt'), 'utf8');
    const out = await formatIdt(input);
    const anchors = commentAnchors(input);
    expect(anchors.length).toBeGreaterThan(20);
    expect(commentAnchors(out)).toEqual(anchors);
  });

  it('keeps doc comments attached to their declarations', async () => {
    const input = fs.readFileSync(path.join(fixtures, 'comments.idt'), 'utf8');
    const docs = (text: string) => parse(text).declarations.map((d) => d.doc);
    expect(docs(await formatIdt(input))).toEqual(docs(input));
    expect(docs(input)).toContain('Rate of growth.');
  });

  it('prints a declaration with a comment inside an expression exactly as written', async () => {
    // `// growth` is inside the declaration: kept with its spacing. `// death` trails it: one space.
    const text = 'der(A) = k * A   // growth\n       - d * A    // death\n';
    expect(await formatIdt(text)).toBe('der(A) = k * A   // growth\n       - d * A // death\n');
  });
});

describe('syntax errors', () => {
  it('refuses to format, with the parser\'s first error, its code and its position', async () => {
    const text = 'time [h]\nparameter k = (1 [1/h]\nspecies x = 1\n';
    const error = await formatIdt(text).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdtSyntaxError);
    expect((error as Error).message.split('\n')[0]).toBe("IDT1003: expected ')' but found 'species' (2:23)");
    expect((error as IdtSyntaxError).loc).toEqual({ start: { line: 2, column: 23 }, end: { line: 2, column: 23 } });
  });

  it('counts the errors it does not show', async () => {
    const text = fs.readFileSync(path.join(root, 'packages', 'lang', 'fixtures', 'invalid', 'three-syntax-errors.idt'), 'utf8');
    await expect(formatIdt(text)).rejects.toThrow(/^IDT1003: expected '\]' but found 'unit' \(and 2 more syntax errors\) \(3:23\)/);
  });
});

describe('the plugin object', () => {
  it('declares the idt language for .idt files and formats through prettier.format', async () => {
    expect(plugin.languages?.[0]).toMatchObject({ name: 'idt', extensions: ['.idt'], parsers: ['idt'] });
    const out = await prettier.format('parameter k=1', { filepath: 'model.idt', plugins: [plugin] });
    expect(out).toBe('parameter k = 1\n');
  });

  it('gives the root node offsets through locStart and locEnd', () => {
    const parser = plugin.parsers!['idt']!;
    const root = parser.parse('time [h]\n', {} as never) as { text: string };
    expect(parser.locStart(root)).toBe(0);
    expect(parser.locEnd(root)).toBe(root.text.length);
  });
});
