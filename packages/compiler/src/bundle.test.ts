// Runnable bundles: self-contained (no imports), byte-identical across builds, safe with hostile
// names, and simulating a closed-form model correctly through both the import API and the CLI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileFile } from './compile.js';
import { writeBundle } from './bundle.js';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'decay.idt');

/** Closed form of the fixture: x(t) = 10 e^{-kt} + sum over doses at 12, 24, ... <= t of 5 e^{-k(t - td)}. */
function decayExact(t: number): number {
  let x = 10 * Math.exp(-0.2 * t);
  for (let td = 12; td <= t + 1e-12; td += 12) x += 5 * Math.exp(-0.2 * (t - td));
  return x;
}

describe('writeBundle', () => {
  const result = compileFile(fixture);
  const ir = result.ir!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-bundle-'));
  const file = path.join(dir, 'decay.mjs');

  it('compiles the fixture', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('is one self-contained module, identical across builds', () => {
    const a = writeBundle(ir);
    const b = writeBundle(ir);
    expect(a).toBe(b);
    expect(a).not.toMatch(/^\s*import\s/m);
    expect(a).not.toMatch(/\brequire\(/);
    fs.writeFileSync(file, a);
  });

  it('simulates the closed-form dosing model through the import API', async () => {
    const mod = (await import(file)) as { simulate: (o: object) => { time: Float64Array; values: Record<string, Float64Array> }; model: { states: { name: string }[] } };
    expect(mod.model.states.map((s) => s.name)).toEqual(['x']);
    const r = mod.simulate({ tEnd: 48, points: 49, rtol: 1e-10, atol: 1e-12 });
    for (let i = 0; i < r.time.length; i++) {
      const t = r.time[i]!;
      const exact = decayExact(t);
      expect(Math.abs(r.values['x']![i]! - exact) / (1e-12 + 1e-10 * Math.abs(exact))).toBeLessThan(50);
    }
  });

  it('runs as a program: CSV on stdout, usage errors exit 2', () => {
    const csv = execFileSync(process.execPath, [file, '--t-end', '24', '--times', '6,12,24'], { encoding: 'utf8' });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('time,x');
    const x24 = Number(lines[3]!.split(',')[1]);
    expect(Math.abs(x24 - decayExact(24)) / decayExact(24)).toBeLessThan(1e-7);
    const bad = spawnSync(process.execPath, [file, '--set', 'nope=1'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown parameter 'nope'/);
    expect(bad.stderr).not.toMatch(/at .*\.m?js:\d+/);
  });

  it('keeps hostile names out of the code: they appear only inside the JSON data string', () => {
    const hostile = '"); globalThis.pwned = 1; ("';
    const evil = { ...ir, name: hostile, states: ir.states.map((s) => ({ ...s, name: hostile })) };
    const src = writeBundle(evil);
    // Every line that mentions the name is the JSON data string or the sanitised banner comment.
    const lines = src.split('\n').filter((l) => l.includes('pwned'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l.includes('JSON.parse(') || l.startsWith('//')).toBe(true);
    const out = path.join(dir, 'evil.mjs');
    fs.writeFileSync(out, src);
    execFileSync(process.execPath, ['-e', `import(${JSON.stringify(out)}).then(m => { m.simulate({ tEnd: 1 }); if (globalThis.pwned) process.exit(3); })`]);
  });
});
