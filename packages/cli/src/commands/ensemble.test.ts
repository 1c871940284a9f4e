// `idt ensemble` through the built CLI: the population does not depend on how many worker
// threads computed it, the seed reproduces it, and the summary is consistent with the CSV.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const idt = path.join(root, 'packages', 'cli', 'bin', 'idt.js');
const model = path.join(root, 'examples', 'sepsis', 'twin.idt');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-ensemble-'));

function run(args: string[]) {
  return spawnSync(process.execPath, [idt, 'ensemble', model, '--samples', '20', '--t-end', '200', '--points', '21', ...args], { encoding: 'utf8', cwd: root });
}

describe.skipIf(!fs.existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js')))('idt ensemble', () => {
  it('gives the same population on one thread and on two, and another one with another seed', () => {
    const a = path.join(dir, 'one.csv');
    const b = path.join(dir, 'two.csv');
    const c = path.join(dir, 'other.csv');
    expect(run(['--seed', '5', '--workers', '1', '-o', a]).status).toBe(0);
    expect(run(['--seed', '5', '--workers', '2', '-o', b]).status).toBe(0);
    expect(run(['--seed', '6', '--workers', '2', '-o', c]).status).toBe(0);
    expect(fs.readFileSync(a, 'utf8')).toBe(fs.readFileSync(b, 'utf8'));
    expect(fs.readFileSync(a, 'utf8')).not.toBe(fs.readFileSync(c, 'utf8'));
    const lines = fs.readFileSync(a, 'utf8').trim().split('\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['patient', 'P0', 'k_pg']);
    expect(lines).toHaveLength(21);
  });

  it('reports decision shares that sum to one and match the per-patient labels', () => {
    const csv = path.join(dir, 'j.csv');
    const r = run(['--seed', '5', '--workers', '1', '--json', '-o', csv]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { decisions: Record<string, Record<string, number>>; patients: number };
    expect(summary.patients).toBe(20);
    const header = fs.readFileSync(csv, 'utf8').trim().split('\n')[0]!.split(',');
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const col = header.indexOf('treat');
    const shares = summary.decisions['treat']!;
    expect(Object.values(shares).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    for (const [label, share] of Object.entries(shares)) expect(rows.filter((r) => r[col] === label).length / 20).toBeCloseTo(share, 12);
  });

  it('refuses a model without priors with a clear message', () => {
    const r = spawnSync(process.execPath, [idt, 'ensemble', path.join(root, 'examples', 'benchmarks', 'rober.idt')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no parameter .* has a prior/);
  });
});
