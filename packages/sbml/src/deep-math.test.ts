// Long sums: written as binary chains they nest one MathML level per operand. Import must read
// them (XML readers limit nesting depth), and export writes them as one n-ary <plus/>.
import { describe, expect, it } from 'vitest';
import { compileFile } from '@idt/compiler';
import { OverlayFileHost, Workspace } from '@idt/lang';
import { exportSbml, importSbml } from './index.js';

const MATHML = 'http://www.w3.org/1998/Math/MathML';
const n = 150;
const names = Array.from({ length: n }, (_, i) => `a${i}`);

function sbml(rule: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="m">
    <listOfParameters>${names.map((a, i) => `<parameter id="${a}" value="${i + 1}" constant="true"/>`).join('')}<parameter id="y" constant="false"/></listOfParameters>
    <listOfRules><assignmentRule variable="y"><math xmlns="${MATHML}">${rule}</math></assignmentRule></listOfRules>
  </model>
</sbml>
`;
}

describe('long sums', () => {
  it(`imports a sum of ${n} terms written as a binary chain (${n - 1} nested <apply>)`, () => {
    let chain = `<ci>${names[0]}</ci>`;
    for (const a of names.slice(1)) chain = `<apply><plus/>${chain}<ci>${a}</ci></apply>`;
    const r = importSbml(sbml(chain), { file: '/virtual/m.xml' });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    expect(r.idt).toContain(`let y = ${names.join(' + ')}\n`);
  });

  it('reports XML nested beyond the reader\'s bound as an error, without throwing', () => {
    const deep = '<apply><plus/>'.repeat(10_100) + '<cn>1</cn><cn>1</cn>' + '</apply>'.repeat(10_100);
    const r = importSbml(sbml(deep), { file: '/virtual/m.xml' });
    expect(r.idt).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('exports a long sum as one n-ary <plus/> in the same left-to-right order', () => {
    const text = `module m\n${names.map((a, i) => `parameter ${a} = ${i + 1}`).join('\n')}\nlet y = ${names.join(' + ')}\nvariable z = 0\nder(z) = y\n`;
    const host = new OverlayFileHost({ readFile: () => undefined, fileExists: () => false });
    host.set('/virtual/m.idt', text);
    const compiled = compileFile('/virtual/m.idt', new Workspace(host));
    expect(compiled.ir).toBeDefined();
    const out = exportSbml(compiled.ir!, compiled.program);
    const xml = out.xml!;
    const rule = xml.slice(xml.indexOf('<assignmentRule variable="y"'), xml.indexOf('</assignmentRule>', xml.indexOf('<assignmentRule variable="y"')));
    expect(rule.match(/<plus\/>/g)?.length).toBe(1);
    expect([...rule.matchAll(/<ci>\s*(\w+)\s*<\/ci>/g)].map((m) => m[1])).toEqual(names);
  });
});
