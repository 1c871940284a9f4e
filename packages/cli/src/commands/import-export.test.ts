// `idt import` and `idt export` through the built CLI: exit codes (0 ok, 1 model problems, 2 usage),
// diagnostics at SBML lines, and the imported logical model's free inputs reported by
// `idt attractors` (Faure 2006: CycD is the one input; PyBoolNet's report, see
// ../shared/models/sbml/README.md).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const idt = path.join(root, 'packages', 'cli', 'bin', 'idt.js');
const models = path.resolve(root, '..', 'shared', 'models', 'sbml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-import-'));

function run(...args: string[]) {
  return spawnSync(process.execPath, [idt, ...args], { encoding: 'utf8', cwd: root });
}

describe.skipIf(!fs.existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js')) || !fs.existsSync(models))('idt import / idt export', () => {
  const reynolds = path.join(models, 'ode', 'BIOMD0000000714_Reynolds2006_acute_inflammation.xml');
  const idtFile = path.join(tmp, 'reynolds.idt');

  it('imports a BioModels model that then checks clean', () => {
    const r = run('import', reynolds, '-o', idtFile);
    expect(r.status, r.stderr).toBe(0);
    const text = fs.readFileSync(idtFile, 'utf8');
    expect(text).toMatch(/^module /m);
    expect(text).toContain('/// Pathogen (P)');
    expect(text).toContain('@is_version_of("http://identifiers.org/efo/EFO:0000643")');
    const c = run('check', idtFile);
    expect(c.status, c.stderr).toBe(0);
  });

  it('exports it back to SBML Level 3 Version 2 with its annotations', () => {
    const out = path.join(tmp, 'reynolds.xml');
    const r = run('export', idtFile, '-o', out);
    expect(r.status, r.stderr).toBe(0);
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml).toContain('level="3" version="2"');
    expect(xml).toContain('<bqbiol:isVersionOf><rdf:Bag><rdf:li rdf:resource="http://identifiers.org/efo/EFO:0000643"/>');
    const again = run('import', out, '-o', path.join(tmp, 'again.idt'));
    expect(again.status, again.stderr).toBe(0);
  });

  it('reports a multi-valued qual model as unsupported, at its SBML line, and writes nothing', () => {
    const out = path.join(tmp, 'multi.idt');
    const r = run('import', path.join(models, 'logical', 'bbm-154_Mendoza2006_Th1_Th2_control.multivalued.sbml'), '-o', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/multivalued\.sbml:114:\d+: error IDT7002: qualitative species 'IFNg' has 3 levels/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('rejects malformed XML with IDT7001 and a missing file with exit 2', () => {
    const bad = path.join(tmp, 'bad.xml');
    fs.writeFileSync(bad, '<sbml level="3" version="2"><model></sbml>');
    const r = run('import', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('IDT7001');
    expect(run('import', path.join(tmp, 'missing.xml')).status).toBe(2);
  });

  it('imports a logical model whose free input the attractor search reports', () => {
    const out = path.join(tmp, 'faure.idt');
    expect(run('import', path.join(models, 'logical', 'bbm-023_Faure2006_mammalian_cell_cycle.sbml'), '-o', out).status).toBe(0);
    const r = run('attractors', out, '--mode', 'async', '--json');
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { freeInputs: string[]; attractors: { type: string }[] };
    expect(res.freeInputs).toEqual(['v_CycD']);
    expect(res.attractors.map((a) => a.type).sort()).toEqual(['cycle', 'fixed']);
  });
});
