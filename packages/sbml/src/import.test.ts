// SBML -> .idt translation of single constructs: names, typed math, rules, units and the
// diagnostics for what cannot be imported (with the SBML line).
import { describe, expect, it } from 'vitest';
import { LineIndex } from '@idt/lang';
import { importSbml } from './index.js';

const MATHML = 'http://www.w3.org/1998/Math/MathML';

function sbml(body: string, level = '3', version = '2'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level${level}/version${version}/core" level="${level}" version="${version}">
  <model id="m">
${body}
  </model>
</sbml>
`;
}

const math = (inner: string) => `<math xmlns="${MATHML}">${inner}</math>`;

function imported(body: string) {
  const r = importSbml(sbml(body), { file: '/virtual/m.xml' });
  return { ...r, text: r.idt ?? '' };
}

describe('names', () => {
  it('renames ids that are idt keywords or built-ins and says so in a doc comment', () => {
    const r = imported(`<listOfParameters>
      <parameter id="time" value="1" constant="true"/>
      <parameter id="exp" value="2" constant="true"/>
      <parameter id="time_" value="3" constant="true"/>
    </listOfParameters>`);
    expect(r.text).toContain("/// SBML id 'time' (renamed: it collides with an idt reserved word or built-in)\nparameter time_2 = 1");
    expect(r.text).toContain('parameter exp_ = 2');
    expect(r.text).toContain('parameter time_ = 3');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('math', () => {
  it('writes precedence with few parentheses and keeps meaning', () => {
    const r = imported(`<listOfParameters>
      <parameter id="a" value="1" constant="true"/><parameter id="b" value="2" constant="true"/><parameter id="y" constant="false"/>
    </listOfParameters>
    <listOfRules><assignmentRule variable="y">${math('<apply><minus/><ci>a</ci><apply><minus/><ci>b</ci><apply><power/><apply><minus/><ci>a</ci></apply><cn>2</cn></apply></apply></apply>')}</assignmentRule></listOfRules>`);
    expect(r.text).toContain('let y = a - (b - (-a)^2)');
  });

  it('turns Booleans used as numbers into 1/0 and numbers used as conditions into x != 0 (BoolNumericSwap)', () => {
    const r = imported(`<listOfParameters><parameter id="p" value="3" constant="true"/><parameter id="y" constant="false"/></listOfParameters>
    <listOfRules><assignmentRule variable="y">${math('<apply><plus/><apply><gt/><ci>p</ci><cn>1</cn></apply><apply><and/><ci>p</ci><true/></apply></apply>')}</assignmentRule></listOfRules>`);
    expect(r.text).toContain('let y = (if p > 1 then 1 else 0) + (if p != 0 and true then 1 else 0)');
  });

  it('writes SBML\'s Avogadro number (6.02214179e23), not the 2019 SI value', () => {
    const r = imported(`<listOfParameters><parameter id="n" constant="true"/></listOfParameters>
    <listOfInitialAssignments><initialAssignment symbol="n">${math('<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/avogadro">avogadro</csymbol>')}</initialAssignment></listOfInitialAssignments>`);
    expect(r.text).toContain('parameter n = 6.02214179e23');
  });
});

describe('rules', () => {
  it('solves a linear algebraic rule for the variable it determines', () => {
    const r = imported(`<listOfParameters><parameter id="x" value="1" constant="false"/><parameter id="k" value="4" constant="true"/></listOfParameters>
    <listOfRules><algebraicRule>${math('<apply><minus/><apply><times/><cn>2</cn><ci>x</ci></apply><ci>k</ci></apply>')}</algebraicRule></listOfRules>`);
    expect(r.text).toMatch(/let x = k \/ 2\b/);
  });

  it('reports a non-linear algebraic rule as unsupported, at its line', () => {
    const text = sbml(`<listOfParameters><parameter id="x" value="1" constant="false"/></listOfParameters>
    <listOfRules>
      <algebraicRule>${math('<apply><minus/><apply><power/><ci>x</ci><cn>2</cn></apply><cn>4</cn></apply>')}</algebraicRule>
    </listOfRules>`);
    const r = importSbml(text, { file: '/virtual/m.xml' });
    const d = r.diagnostics.find((x) => x.code === 'IDT7002');
    expect(d?.message).toMatch(/not linear in 'x'/);
    expect(new LineIndex(text).position(d!.range.start).line + 1).toBe(6);
    expect(r.unsupported).toBe(true);
  });

  it('reports the delay csymbol as unsupported instead of dropping it', () => {
    const r = imported(`<listOfParameters><parameter id="x" value="1" constant="false"/><parameter id="y" constant="false"/></listOfParameters>
    <listOfRules><assignmentRule variable="y">${math('<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>x</ci><cn>1</cn></apply>')}</assignmentRule></listOfRules>`);
    expect(r.diagnostics.some((d) => d.code === 'IDT7002' && /delay csymbol/.test(d.message))).toBe(true);
  });
});

describe('species and reactions', () => {
  it('writes hasOnlySubstanceUnits as amount, initial amounts of concentrations divided by the size, and local parameters as their own', () => {
    const r = imported(`<listOfCompartments><compartment id="c" size="2" constant="true"/></listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="c" initialAmount="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>
      <species id="B" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>
    </listOfSpecies>
    <listOfReactions><reaction id="r" reversible="false">
      <listOfReactants><speciesReference species="A" stoichiometry="2" constant="true"/></listOfReactants>
      <listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>
      <kineticLaw>${math('<apply><times/><ci>k</ci><ci>A</ci></apply>')}<listOfLocalParameters><localParameter id="k" value="0.5"/></listOfLocalParameters></kineticLaw>
    </reaction></listOfReactions>`);
    expect(r.text).toContain('species A in c = 4 / c');
    expect(r.text).toContain('amount species B in c = 1');
    expect(r.text).toContain("/// Local parameter 'k' of reaction 'r'.\nparameter r_k = 0.5");
    expect(r.text).toContain('reaction r: 2 A -> B rate r_k * A');
  });

  it('keeps units that do not balance, as warnings on the SBML element', () => {
    const r = imported(`<listOfUnitDefinitions><unitDefinition id="per_s"><listOfUnits><unit kind="second" exponent="-1" scale="0" multiplier="1"/></listOfUnits></unitDefinition></listOfUnitDefinitions>
    <listOfParameters><parameter id="k" value="1" units="per_s" constant="true"/><parameter id="x" value="0" units="second" constant="false"/></listOfParameters>
    <listOfRules><assignmentRule variable="x">${math('<ci>k</ci>')}</assignmentRule></listOfRules>`);
    expect(r.text).toContain('@units("warn")');
    expect(r.diagnostics.some((d) => d.code === 'IDT7003' && d.severity === 'warning')).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
