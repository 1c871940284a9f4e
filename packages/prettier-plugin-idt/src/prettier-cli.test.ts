// The plugin through Prettier's own command line, as a modeller uses it: loaded by name with
// --plugin, and through the repository's .prettierrc for *.idt (needs the built plugin).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const prettierBin = path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
const built = fs.existsSync(path.join(root, 'packages', 'prettier-plugin-idt', 'dist', 'index.js'));
// Inside the repository (so the root .prettierrc applies); /tmp/ is git-ignored.
const dir = path.join(root, 'tmp', `prettier-cli-${process.pid}`);

const messy = 'parameter k=0.3[1/h]\nparameter K_half =2\nspecies X=1 // start\n';
const formatted = 'parameter k      = 0.3 [1/h]\nparameter K_half = 2\nspecies X = 1 // start\n';

function prettier(args: string[]) {
  // The repository's .gitignore ignores tmp/, and Prettier honours it: no ignore file here.
  return spawnSync(process.execPath, [prettierBin, '--ignore-path=/dev/null', ...args], { cwd: root, encoding: 'utf8' });
}

describe.skipIf(!built)('prettier command line', () => {
  beforeAll(() => fs.mkdirSync(dir, { recursive: true }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('formats with --plugin=prettier-plugin-idt --write', () => {
    const file = path.join(dir, 'plugin-flag.idt');
    fs.writeFileSync(file, messy);
    const r = prettier(['--no-config', '--plugin=prettier-plugin-idt', '--write', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(formatted);
  });

  it('finds the plugin through the root .prettierrc; reports a syntax error with its code and a code frame', () => {
    const file = path.join(dir, 'config.idt');
    const broken = path.join(dir, 'broken.idt');
    fs.writeFileSync(file, messy);
    fs.writeFileSync(broken, 'time [h]\nparameter k = (1\n');
    const r = prettier(['--write', file, broken]);
    expect(fs.readFileSync(file, 'utf8')).toBe(formatted);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("broken.idt: SyntaxError: IDT1003: expected ')' but found the end of the file (2:17)");
    expect(r.stderr).toContain('> 2 | parameter k = (1');
    expect(fs.readFileSync(broken, 'utf8')).toBe('time [h]\nparameter k = (1\n');
  });
});
