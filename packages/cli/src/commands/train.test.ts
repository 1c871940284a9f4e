// `idt train` through the built CLI: exit codes (0 trained, 2 bad data or usage) and the messages
// that say what to fix; the training itself is tested in packages/train.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const idt = path.join(root, 'packages', 'cli', 'bin', 'idt.js');
const fixtures = path.join(root, 'packages', 'train', 'fixtures', 'hill');

function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idt-train-cli-'));
  for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(dir, f));
  const lines = ['stimulus,flux'];
  for (let i = 0; i < 40; i++) lines.push(`${i / 10},${(i / 10) ** 2 / (1 + (i / 10) ** 2)}`);
  fs.writeFileSync(path.join(dir, 'samples.csv'), lines.join('\n') + '\n');
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [idt, 'train', path.join(dir, 'surrogate.idt'), ...args], { encoding: 'utf8', cwd: dir });
}

describe.skipIf(!fs.existsSync(path.join(root, 'packages', 'cli', 'dist', 'main.js')))('idt train', () => {
  it('trains, writes the weights file, the report and the loss plot; the model then checks clean', () => {
    const dir = workDir();
    const r = run(dir, ['--data', 'samples.csv', '--map', 'x=stimulus', '--epochs', '20', '--report', 'report.json', '--plot', 'loss.svg']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/held-out error of flux: RMSE/);
    expect(r.stderr).not.toMatch(/warning|error:/);
    expect(fs.existsSync(path.join(dir, 'release.weights.json'))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'loss.svg'), 'utf8')).toMatch(/^<svg/);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as { mode: string }).mode).toBe('supervised');
    const check = spawnSync(process.execPath, [idt, 'check', path.join(dir, 'surrogate.idt')], { encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it('exits with 2 and names the column when the data lack one', () => {
    const dir = workDir();
    const r = run(dir, ['--data', 'samples.csv', '--mode', 'supervised']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no column 'x' for input 'x' of surrogate release \(columns: stimulus, flux\); use --map x=<column>/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('exits with 2 for a missing data file, a malformed row and a bad option', () => {
    const dir = workDir();
    expect(run(dir, ['--data', 'nope.csv']).status).toBe(2);
    expect(run(dir, []).stderr).toMatch(/--data <file.csv> is required/);
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'stimulus,flux\n1,2\n3,oops\n');
    const bad = run(dir, ['--data', 'bad.csv', '--map', 'x=stimulus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv:3: column 'flux' holds 'oops', not a number/);
    expect(run(dir, ['--data', 'samples.csv', '--epochs', '-3']).status).toBe(2);
    expect(run(dir, ['--data', 'samples.csv', '--surrogate', 'nosuch']).stderr).toMatch(/has no surrogate 'nosuch' \(surrogates: release\)/);
  });
});
